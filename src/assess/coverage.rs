//! Architecture coverage: which nodes bring which reference-architecture components, layer by
//! layer (ISO 23257 functional view and its cross-layer groups, [ALASTRIA-RA]), and rules over
//! the model that point at what the architecture leaves uncovered.

use std::collections::HashSet;
use std::sync::Arc;

use super::report::{ComponentUse, Coverage, LayerCoverage, RuleFinding};
use super::tally::{FlowMark, NodeMark, Tally};
use super::words;
use super::worst::{self, ByMark};
use crate::catalog::Catalog;
use crate::model::Severity;

const LEDGER: &str = "platform.ledger";
const SMART_CONTRACT: &str = "platform.smart_contract";
const MEMBERSHIP: &str = "platform.membership_services";
const IDENTITY: &str = "security.authentication_identity";
const PII_PROTECTION: &str = "security.pii_protection";
const SECURITY_GROUP: &str = "group.security";
const GOVERNANCE_GROUP: &str = "group.governance";

/// What the rules look at: the tally, and which components and layers the project brings.
struct Model<'a> {
    tally: &'a Tally,
    layers: HashSet<&'a str>,
}

impl Model<'_> {
    fn has(&self, component: &str) -> bool {
        self.tally.brings(component)
    }

    /// A finding about the nodes with a mark, or the flows with a mark.
    fn finding(
        &self,
        rule: Rule,
        severity: Severity,
        message: String,
        nodes: Option<NodeMark>,
        flows: Option<FlowMark>,
    ) -> Found {
        Found {
            mark: nodes,
            finding: RuleFinding {
                rule: rule.name,
                severity,
                message,
                source: rule.source,
                nodes: nodes.map_or_else(|| Arc::from([]), |m| self.tally.marked(m).shared_ids()),
                flows: flows.map_or_else(|| Arc::from([]), |m| self.tally.flows_marked(m).shared_ids()),
            },
        }
    }
}

/// A finding with the mark of its nodes (for the worst severity per node).
struct Found {
    mark: Option<NodeMark>,
    finding: RuleFinding,
}

/// A named rule over the model, with its source.
#[derive(Clone, Copy)]
struct Rule {
    name: &'static str,
    source: &'static str,
    check: fn(&Model, Rule) -> Option<Found>,
}

/// Every coverage rule, in the order the report lists their findings.
const RULES: [Rule; 7] = [
    Rule {
        name: "personal_data_on_ledger",
        source: "ISO 23257 draft, Non-DLT systems: Off-ledger data keeps PII off the ledger [ALASTRIA-RA]; \
                 ISO 23257 cl. 6.4 [ISO23257-TOC]; proof off-chain, hash on-chain [X1407]",
        check: personal_data_on_ledger,
    },
    Rule {
        name: "on_ledger_asset_without_ledger",
        source: "ISO 23257 draft, DLT platform layer: Ledger [ALASTRIA-RA]",
        check: on_ledger_asset_without_ledger,
    },
    Rule {
        name: "cross_organisation_without_identity",
        source: "ISO 23257 draft, Membership services and cross-layer Security: Authentication and \
                 identity management [ALASTRIA-RA]",
        check: cross_organisation_without_identity,
    },
    Rule {
        name: "token_without_smart_contract",
        source: "ISO 23257 draft, DLT platform layer: Smart contract [ALASTRIA-RA]; terms Token, Smart \
                 contract [ISO22739] cl. 3",
        check: token_without_smart_contract,
    },
    Rule {
        name: "personal_data_without_pii_protection",
        source: "ISO 23257 draft, cross-layer Security: PII protection [ALASTRIA-RA]; ISO 23257 cl. 6.4 \
                 [ISO23257-TOC]",
        check: personal_data_without_pii_protection,
    },
    Rule {
        name: "no_security_component",
        source: "ISO 23257 draft, cross-layer group Security [ALASTRIA-RA]; X.1402 security framework [X1402]",
        check: no_security_component,
    },
    Rule {
        name: "no_governance_component",
        source: "ISO 23257 draft, cross-layer group Governance and compliance [ALASTRIA-RA]; regulatory \
                 framework [ITU-RF-PUB]",
        check: no_governance_component,
    },
];

/// The sources the coverage rules cite, in rule order (each resolves in the bibliography).
pub fn rule_sources() -> impl Iterator<Item = &'static str> {
    RULES.iter().map(|rule| rule.source)
}

/// The coverage matrix and the coverage findings of a project; the findings raise their
/// severity for the marks of their nodes in `by_mark`.
pub fn coverage(tally: &Tally, catalog: &Catalog, by_mark: &mut ByMark) -> Coverage {
    let layers = catalog
        .layers
        .iter()
        .map(|layer| {
            let components: Vec<ComponentUse> = catalog
                .components_in(&layer.key)
                .map(|c| ComponentUse {
                    component: c.key.clone(),
                    name: c.name.clone(),
                    nodes: tally
                        .uses(&c.key)
                        .map_or_else(|| Arc::from([]), |users| users.shared_ids()),
                })
                .collect();
            LayerCoverage {
                layer: layer.key.clone(),
                name: layer.name.clone(),
                cross_layer: layer.cross_layer,
                covered: components.iter().filter(|c| !c.nodes.is_empty()).count(),
                components,
            }
        })
        .collect();
    let model = Model {
        tally,
        layers: (tally.components())
            .filter_map(|key| catalog.component(key).map(|c| c.layer.as_str()))
            .collect(),
    };
    let findings = if tally.node_count() == 0 {
        Vec::new()
    } else {
        RULES.iter().filter_map(|rule| (rule.check)(&model, *rule)).collect()
    };
    let findings = (findings.into_iter())
        .map(|found| {
            if let Some(mark) = found.mark {
                worst::raise(by_mark, mark, found.finding.severity);
            }
            found.finding
        })
        .collect();
    Coverage { layers, findings }
}

/// Personal data stored on the ledger itself cannot be erased; keep it off-ledger with a hash
/// on-ledger.
fn personal_data_on_ledger(m: &Model, rule: Rule) -> Option<Found> {
    let nodes = m.tally.marked(NodeMark::PersonalOnLedger);
    let mark = Some(NodeMark::PersonalOnLedger);
    (!nodes.is_empty()).then(|| {
        let message = format!(
            "personal data is placed on-ledger at {}: ledger records cannot be erased; keep it off-ledger with only a \
             hash on-ledger",
            m.tally.names_in(nodes)
        );
        m.finding(rule, Severity::Error, message, mark, None)
    })
}

/// An asset recorded on the ledger (in full or as a hash) needs a ledger component.
fn on_ledger_asset_without_ledger(m: &Model, rule: Rule) -> Option<Found> {
    if m.has(LEDGER) {
        return None;
    }
    let nodes = m.tally.marked(NodeMark::AssetOnLedger);
    let mark = Some(NodeMark::AssetOnLedger);
    (!nodes.is_empty()).then(|| {
        let message = format!(
            "{} on the ledger, but no node brings the Ledger component",
            m.tally.names_in(nodes) + if nodes.len() == 1 { " is" } else { " are" }
        );
        m.finding(rule, Severity::Warning, message, mark, None)
    })
}

/// Flows between actors of different organisations need identity or membership services.
fn cross_organisation_without_identity(m: &Model, rule: Rule) -> Option<Found> {
    if m.has(MEMBERSHIP) || m.has(IDENTITY) {
        return None;
    }
    let flows = m.tally.flows_marked(FlowMark::CrossOrganisation);
    (!flows.is_empty()).then(|| {
        let message = format!(
            "{} between actors of different organisations, but no node brings Membership services or \
             Authentication and identity management",
            words::count(flows.len(), "flow") + if flows.len() == 1 { " runs" } else { " run" }
        );
        m.finding(
            rule,
            Severity::Warning,
            message,
            None,
            Some(FlowMark::CrossOrganisation),
        )
    })
}

/// Fungible and unique tokens are issued and moved by smart contracts.
fn token_without_smart_contract(m: &Model, rule: Rule) -> Option<Found> {
    if m.has(SMART_CONTRACT) {
        return None;
    }
    let nodes = m.tally.marked(NodeMark::TokenAsset);
    let mark = Some(NodeMark::TokenAsset);
    (!nodes.is_empty()).then(|| {
        let message = format!(
            "token asset {} but no node brings the Smart contract component that would issue and move it",
            m.tally.names_in(nodes)
        );
        m.finding(rule, Severity::Warning, message, mark, None)
    })
}

/// Personal data anywhere calls for PII protection.
fn personal_data_without_pii_protection(m: &Model, rule: Rule) -> Option<Found> {
    if m.has(PII_PROTECTION) {
        return None;
    }
    let nodes = m.tally.marked(NodeMark::Personal);
    let mark = Some(NodeMark::Personal);
    (!nodes.is_empty()).then(|| {
        let message = format!(
            "{} personal data, but no node brings the PII protection component",
            m.tally.names_in(nodes) + if nodes.len() == 1 { " holds" } else { " hold" }
        );
        m.finding(rule, Severity::Warning, message, mark, None)
    })
}

/// Every DLT system needs something from the Security group.
fn no_security_component(m: &Model, rule: Rule) -> Option<Found> {
    (!m.layers.contains(SECURITY_GROUP)).then(|| {
        let message = "no node brings a component of the Security group (authentication and identity, security \
                       policy, access management, PII protection)"
            .to_owned();
        m.finding(rule, Severity::Warning, message, None, None)
    })
}

/// Every DLT system needs governance and compliance functions.
fn no_governance_component(m: &Model, rule: Rule) -> Option<Found> {
    (!m.layers.contains(GOVERNANCE_GROUP)).then(|| {
        let message = "no node brings a component of the Governance and compliance group (supervisory support, \
                       audit support, governance controls, policy management)"
            .to_owned();
        m.finding(rule, Severity::Warning, message, None, None)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorRole, AssetType, DataLocation, Flow, Node, NodeKind, Position, Project};

    fn actor(organisation: &str) -> Node {
        Node::new(
            organisation.to_uppercase(),
            NodeKind::Actor {
                role: ActorRole::User,
                organisation: organisation.into(),
            },
            Position::default(),
        )
    }

    fn asset(asset_type: AssetType, data: DataLocation) -> Node {
        let mut n = Node::new("Bar", NodeKind::Asset { asset_type }, Position::default());
        n.data = data;
        n
    }

    /// A project that triggers nothing: every group covered, nothing risky.
    fn clean() -> Project {
        let mut p = Project::new("t");
        let mut a = actor("mine");
        a.components
            .extend(["security.access_management", "governance.audit_support"].map(String::from));
        p.nodes.insert("a".into(), a);
        p.nodes.insert("b".into(), actor("mine"));
        p.flows.insert("f".into(), Flow::new("a", "b", 1, "hands over"));
        p
    }

    fn fired(p: &Project) -> Vec<&'static str> {
        coverage(&super::super::test_tally(p), Catalog::builtin(), &mut ByMark::default())
            .findings
            .iter()
            .map(|f| f.rule)
            .collect()
    }

    fn finding(p: &Project, rule: &str) -> RuleFinding {
        coverage(&super::super::test_tally(p), Catalog::builtin(), &mut ByMark::default())
            .findings
            .into_iter()
            .find(|f| f.rule == rule)
            .unwrap()
    }

    #[test]
    fn a_clean_project_fires_no_rule() {
        assert_eq!(fired(&clean()), Vec::<&str>::new());
        assert_eq!(fired(&Project::new("empty")), Vec::<&str>::new());
    }

    #[test]
    fn the_matrix_lists_which_nodes_bring_which_components() {
        let mut p = clean();
        p.nodes
            .get_mut("b")
            .unwrap()
            .components
            .insert("security.access_management".into());
        p.nodes
            .get_mut("b")
            .unwrap()
            .components
            .insert("no.such.component".into());
        let c = coverage(
            &super::super::test_tally(&p),
            Catalog::builtin(),
            &mut ByMark::default(),
        );
        assert_eq!(c.layers.len(), Catalog::builtin().layers.len());
        let security = c.layers.iter().find(|l| l.layer == "group.security").unwrap();
        assert!(security.cross_layer);
        assert_eq!(security.covered, 1);
        let access = security
            .components
            .iter()
            .find(|u| u.component == "security.access_management")
            .unwrap();
        assert_eq!(access.nodes[..], ["a", "b"]);
        assert_eq!(
            c.layers.iter().map(|l| l.covered).sum::<usize>(),
            2,
            "unknown components are not counted"
        );
    }

    #[test]
    fn personal_data_on_ledger_fires_only_on_ledger() {
        let mut p = clean();
        p.nodes
            .get_mut("a")
            .unwrap()
            .components
            .insert("security.pii_protection".into());
        p.nodes.insert("s".into(), {
            let mut n = asset(AssetType::Data, DataLocation::HashOnLedger);
            n.personal_data = true;
            n
        });
        p.nodes.get_mut("a").unwrap().components.insert(LEDGER.into());
        assert!(!fired(&p).contains(&"personal_data_on_ledger"));
        p.nodes.get_mut("s").unwrap().data = DataLocation::OnLedger;
        let f = finding(&p, "personal_data_on_ledger");
        assert_eq!((f.severity, &f.nodes[..]), (Severity::Error, &["s".to_string()][..]));
        assert!(
            f.message.starts_with("personal data is placed on-ledger at “Bar”"),
            "{}",
            f.message
        );
    }

    #[test]
    fn on_ledger_asset_without_ledger() {
        let mut p = clean();
        p.nodes
            .insert("s".into(), asset(AssetType::Document, DataLocation::OffLedger));
        assert!(!fired(&p).contains(&"on_ledger_asset_without_ledger"));
        p.nodes.get_mut("s").unwrap().data = DataLocation::HashOnLedger;
        let f = finding(&p, "on_ledger_asset_without_ledger");
        assert_eq!(
            f.message,
            "“Bar” is on the ledger, but no node brings the Ledger component"
        );
        p.nodes.get_mut("b").unwrap().components.insert(LEDGER.into());
        assert!(!fired(&p).contains(&"on_ledger_asset_without_ledger"));
    }

    #[test]
    fn cross_organisation_flows_without_identity() {
        let mut p = clean();
        p.nodes.insert("c".into(), actor("refinery"));
        p.nodes.insert("d".into(), actor(""));
        p.flows
            .insert("g".into(), Flow::new("b", "d", 2, "no organisation on one end"));
        assert!(!fired(&p).contains(&"cross_organisation_without_identity"));
        p.flows.insert("h".into(), Flow::new("b", "c", 3, "sells"));
        let f = finding(&p, "cross_organisation_without_identity");
        assert_eq!(f.flows[..], ["h"]);
        assert!(
            f.message
                .starts_with("1 flow runs between actors of different organisations"),
            "{}",
            f.message
        );
        p.nodes.get_mut("c").unwrap().components.insert(MEMBERSHIP.into());
        assert!(!fired(&p).contains(&"cross_organisation_without_identity"));
    }

    #[test]
    fn token_without_smart_contract() {
        let mut p = clean();
        p.nodes
            .insert("s".into(), asset(AssetType::PhysicalTwin, DataLocation::OffLedger));
        assert!(!fired(&p).contains(&"token_without_smart_contract"));
        p.nodes
            .insert("t".into(), asset(AssetType::UniqueToken, DataLocation::OffLedger));
        assert_eq!(finding(&p, "token_without_smart_contract").nodes[..], ["t"]);
        p.nodes.get_mut("t").unwrap().components.insert(SMART_CONTRACT.into());
        assert!(!fired(&p).contains(&"token_without_smart_contract"));
    }

    #[test]
    fn personal_data_without_pii_protection() {
        let mut p = clean();
        assert!(!fired(&p).contains(&"personal_data_without_pii_protection"));
        p.nodes.get_mut("b").unwrap().personal_data = true;
        let f = finding(&p, "personal_data_without_pii_protection");
        assert_eq!(
            f.message,
            "“MINE” holds personal data, but no node brings the PII protection component"
        );
        p.nodes.get_mut("b").unwrap().components.insert(PII_PROTECTION.into());
        assert!(!fired(&p).contains(&"personal_data_without_pii_protection"));
    }

    #[test]
    fn missing_security_and_governance_groups() {
        let mut p = clean();
        p.nodes.get_mut("a").unwrap().components.clear();
        assert_eq!(fired(&p), ["no_security_component", "no_governance_component"]);
        p.nodes.get_mut("b").unwrap().components.insert(IDENTITY.into());
        assert_eq!(fired(&p), ["no_governance_component"]);
    }
}
