//! How a diagram looks: the colours of actors, assets, flows, badges, selection and finding
//! markers, in a light and a dark theme, each checked for readable contrast.

use egui::{Color32, Visuals};

use crate::model::Severity;

/// The colours of one kind of node.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KindStyle {
    pub fill: Color32,
    pub stroke: Color32,
    /// The kind's icon (person, coin, document, crystal).
    pub glyph: Color32,
}

/// The colours of a diagram. Actors are blue rounded boxes with a person icon, assets amber
/// tag-shaped boxes with an icon for their type: the two differ in shape, icon and hue.
#[derive(Clone, Debug, PartialEq)]
pub struct Style {
    pub background: Color32,
    pub grid: Color32,
    /// Node names.
    pub text: Color32,
    /// The small caption under a node's name (actor role, asset type).
    pub caption: Color32,
    pub actor: KindStyle,
    pub asset: KindStyle,
    /// Flow arrows.
    pub flow: Color32,
    /// Behind a flow's label, so it reads over lines it crosses.
    pub label_fill: Color32,
    pub label_text: Color32,
    pub step_fill: Color32,
    pub step_text: Color32,
    /// Badges counting a node's components and criteria.
    pub component_badge: Color32,
    pub criterion_badge: Color32,
    pub badge_text: Color32,
    pub selection: Color32,
    /// Nodes and flows the app points at (e.g. those of a finding).
    pub highlight: Color32,
    pub error: Color32,
    pub warning: Color32,
    pub info: Color32,
    /// Node fill in the finding overlay when a node has no finding.
    pub ok: Color32,
    /// The mark drawn inside a finding marker.
    pub marker_text: Color32,
}

impl Style {
    pub fn light() -> Self {
        Self {
            background: Color32::from_rgb(0xf7, 0xf8, 0xfa),
            grid: Color32::from_rgb(0xe3, 0xe6, 0xea),
            text: Color32::from_rgb(0x14, 0x1b, 0x24),
            caption: Color32::from_rgb(0x3d, 0x48, 0x55),
            actor: KindStyle {
                fill: Color32::from_rgb(0xdc, 0xe9, 0xf8),
                stroke: Color32::from_rgb(0x2a, 0x62, 0xa8),
                glyph: Color32::from_rgb(0x2a, 0x62, 0xa8),
            },
            asset: KindStyle {
                fill: Color32::from_rgb(0xfb, 0xe8, 0xc8),
                stroke: Color32::from_rgb(0xa8, 0x5a, 0x05),
                glyph: Color32::from_rgb(0xa8, 0x5a, 0x05),
            },
            flow: Color32::from_rgb(0x55, 0x5f, 0x6b),
            label_fill: Color32::from_rgba_unmultiplied(0xff, 0xff, 0xff, 0xe8),
            label_text: Color32::from_rgb(0x1c, 0x23, 0x2c),
            step_fill: Color32::from_rgb(0x37, 0x41, 0x51),
            step_text: Color32::WHITE,
            component_badge: Color32::from_rgb(0x0d, 0x6b, 0x64),
            criterion_badge: Color32::from_rgb(0x65, 0x2b, 0xc8),
            badge_text: Color32::WHITE,
            selection: Color32::from_rgb(0x00, 0x78, 0xf0),
            highlight: Color32::from_rgba_unmultiplied(0xf5, 0xb8, 0x00, 0xb0),
            error: Color32::from_rgb(0xc6, 0x28, 0x28),
            warning: Color32::from_rgb(0xb5, 0x5d, 0x00),
            info: Color32::from_rgb(0x15, 0x65, 0xc0),
            ok: Color32::from_rgb(0xd8, 0xef, 0xd9),
            marker_text: Color32::WHITE,
        }
    }

    pub fn dark() -> Self {
        Self {
            background: Color32::from_rgb(0x1a, 0x1d, 0x22),
            grid: Color32::from_rgb(0x2a, 0x2f, 0x37),
            text: Color32::from_rgb(0xf1, 0xf3, 0xf5),
            caption: Color32::from_rgb(0xbf, 0xc8, 0xd2),
            actor: KindStyle {
                fill: Color32::from_rgb(0x1c, 0x33, 0x52),
                stroke: Color32::from_rgb(0x6e, 0xa8, 0xfe),
                glyph: Color32::from_rgb(0x9c, 0xc5, 0xff),
            },
            asset: KindStyle {
                fill: Color32::from_rgb(0x46, 0x30, 0x12),
                stroke: Color32::from_rgb(0xf0, 0xa7, 0x42),
                glyph: Color32::from_rgb(0xff, 0xc8, 0x70),
            },
            flow: Color32::from_rgb(0x9a, 0xa5, 0xb1),
            label_fill: Color32::from_rgba_unmultiplied(0x1a, 0x1d, 0x22, 0xe8),
            label_text: Color32::from_rgb(0xe8, 0xeb, 0xee),
            step_fill: Color32::from_rgb(0xd0, 0xd7, 0xde),
            step_text: Color32::from_rgb(0x11, 0x14, 0x18),
            component_badge: Color32::from_rgb(0x2d, 0xd4, 0xbf),
            criterion_badge: Color32::from_rgb(0xb9, 0xa2, 0xfd),
            badge_text: Color32::from_rgb(0x10, 0x12, 0x16),
            selection: Color32::from_rgb(0x4d, 0xab, 0xf7),
            highlight: Color32::from_rgba_unmultiplied(0xff, 0xd4, 0x3b, 0xa0),
            error: Color32::from_rgb(0xff, 0x6b, 0x6b),
            warning: Color32::from_rgb(0xff, 0xa9, 0x4d),
            info: Color32::from_rgb(0x74, 0xc0, 0xfc),
            ok: Color32::from_rgb(0x1d, 0x3d, 0x26),
            marker_text: Color32::from_rgb(0x10, 0x12, 0x16),
        }
    }

    /// The light or dark style, whichever matches egui's visuals.
    pub fn for_visuals(visuals: &Visuals) -> Self {
        if visuals.dark_mode { Self::dark() } else { Self::light() }
    }

    /// The colour of a finding marker.
    pub fn severity(&self, severity: Severity) -> Color32 {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }

    /// A node's fill in the finding overlay: tinted by its worst finding, or the "ok" colour.
    pub fn overlay_fill(&self, worst: Option<Severity>) -> Color32 {
        match worst {
            Some(s) => self.background.lerp_to_gamma(self.severity(s), 0.3),
            None => self.ok,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2 contrast ratio of two opaque colours.
    fn contrast(a: Color32, b: Color32) -> f32 {
        fn luminance(c: Color32) -> f32 {
            let lin = |v: u8| {
                let v = v as f32 / 255.0;
                if v <= 0.04045 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
        }
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    fn opaque(c: Color32, over: Color32) -> Color32 {
        over.blend(c)
    }

    #[test]
    fn text_is_readable_in_both_themes() {
        for style in [Style::light(), Style::dark()] {
            let label_fill = opaque(style.label_fill, style.background);
            let mut fills = vec![style.actor.fill, style.asset.fill, style.ok];
            fills.extend([Severity::Error, Severity::Warning, Severity::Info].map(|s| style.overlay_fill(Some(s))));
            for fill in fills {
                assert!(
                    contrast(style.text, fill) >= 7.0,
                    "name on {fill:?}: {}",
                    contrast(style.text, fill)
                );
                assert!(
                    contrast(style.caption, fill) >= 4.5,
                    "caption on {fill:?}: {}",
                    contrast(style.caption, fill)
                );
            }
            for (text, fill) in [
                (style.label_text, label_fill),
                (style.step_text, style.step_fill),
                (style.badge_text, style.component_badge),
                (style.badge_text, style.criterion_badge),
                (style.marker_text, style.error),
                (style.marker_text, style.info),
            ] {
                assert!(
                    contrast(text, fill) >= 4.5,
                    "{text:?} on {fill:?}: {}",
                    contrast(text, fill)
                );
            }
            for kind in [style.actor, style.asset] {
                assert!(contrast(kind.stroke, style.background) >= 3.0, "outline {kind:?}");
                assert!(contrast(kind.glyph, kind.fill) >= 3.0, "icon {kind:?}");
            }
            assert!(contrast(style.flow, style.background) >= 3.0);
            assert!(contrast(style.selection, style.background) >= 3.0);
        }
    }

    #[test]
    fn actors_and_assets_differ_in_hue() {
        for style in [Style::light(), Style::dark()] {
            let hue = |c: Color32| egui::ecolor::Hsva::from(c).h;
            let d = (hue(style.actor.stroke) - hue(style.asset.stroke)).abs();
            assert!(d.min(1.0 - d) > 0.25, "hues too close: {d}");
        }
    }

    #[test]
    fn visuals_pick_the_matching_theme() {
        assert_eq!(Style::for_visuals(&Visuals::dark()), Style::dark());
        assert_eq!(Style::for_visuals(&Visuals::light()), Style::light());
    }
}
