//! Escaping text for the markup languages the app writes: HTML (the report page) and XML (SVG
//! drawings, draw.io files). One loop with each place's rules, so what a reserved character
//! becomes is decided once; Markdown, CSV and Mermaid have their own rules beside their writers.

use std::fmt::Write as _;

/// How tab, line feed and carriage return are written.
#[derive(Clone, Copy)]
enum Breaks {
    /// As they are (HTML content keeps them; the browser folds them).
    Keep,
    /// As spaces (one-line SVG text).
    Space,
    /// As character references, which an XML reader keeps in an attribute value.
    Reference,
}

#[derive(Clone, Copy)]
struct Rules {
    /// What `'` becomes; values written between double quotes need no escape for it.
    apostrophe: &'static str,
    breaks: Breaks,
    /// Whether the characters XML 1.0 forbids (other controls, U+FFFE, U+FFFF) are dropped.
    drop_forbidden: bool,
}

/// Text safe in HTML content and in attribute values between double quotes.
pub fn html(text: &str) -> String {
    escape(
        text,
        Rules {
            apostrophe: "&#39;",
            breaks: Breaks::Keep,
            drop_forbidden: false,
        },
    )
}

/// Text safe in XML content and attribute values, on one line: line breaks and tabs become
/// spaces and the characters XML forbids are dropped.
pub fn xml_line(text: &str) -> String {
    escape(
        text,
        Rules {
            apostrophe: "&apos;",
            breaks: Breaks::Space,
            drop_forbidden: true,
        },
    )
}

/// Text as an XML attribute value between double quotes, keeping its line breaks and tabs as
/// character references (a reader would otherwise turn them into spaces).
pub fn xml_attribute(text: &str) -> String {
    escape(
        text,
        Rules {
            apostrophe: "'",
            breaks: Breaks::Reference,
            drop_forbidden: true,
        },
    )
}

fn escape(text: &str, rules: Rules) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str(rules.apostrophe),
            '\t' | '\n' | '\r' => match rules.breaks {
                Breaks::Keep => out.push(c),
                Breaks::Space => out.push(' '),
                Breaks::Reference => {
                    let _ = write!(out, "&#{};", u32::from(c));
                }
            },
            c if rules.drop_forbidden && (c < ' ' || matches!(c, '\u{fffe}' | '\u{ffff}')) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "R&D <\"gold\"> 'x'\u{1}\ta\nb\u{ffff}";

    #[test]
    fn each_language_escapes_the_reserved_characters_its_way() {
        assert_eq!(
            html(SAMPLE),
            "R&amp;D &lt;&quot;gold&quot;&gt; &#39;x&#39;\u{1}\ta\nb\u{ffff}"
        );
        assert_eq!(xml_line(SAMPLE), "R&amp;D &lt;&quot;gold&quot;&gt; &apos;x&apos; a b");
        assert_eq!(xml_attribute(SAMPLE), "R&amp;D &lt;&quot;gold&quot;&gt; 'x'&#9;a&#10;b");
    }

    #[test]
    fn plain_text_is_unchanged() {
        let plain = "Gold bar → refiner, 2 kg";
        for escaped in [html(plain), xml_line(plain), xml_attribute(plain)] {
            assert_eq!(escaped, plain);
        }
    }
}
