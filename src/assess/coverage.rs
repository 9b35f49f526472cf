//! Architecture coverage: which nodes bring which reference-architecture components, layer by
//! layer (ISO 23257 functional view and its cross-layer groups, DOMAIN.md §2.3), and rules over
//! the model that point at what the architecture leaves uncovered.

use std::collections::HashSet;

use super::report::{ComponentUse, Coverage, LayerCoverage, RuleFinding};
use super::tally::{FlowMark, Lists, NodeMark};
use super::words;
use super::worst::Worst;
use crate::catalog::Catalog;
use crate::model::{FlowId, Severity};

const LEDGER: &str = "platform.ledger";
const SMART_CONTRACT: &str = "platform.smart_contract";
const MEMBERSHIP: &str = "platform.membership_services";
const IDENTITY: &str = "security.authentication_identity";
const PII_PROTECTION: &str = "security.pii_protection";
const SECURITY_GROUP: &str = "group.security";
const GOVERNANCE_GROUP: &str = "group.governance";

/// What the rules look at: the lists, and which components and layers the project brings.
struct Model<'a> {
    lists: &'a Lists<'a>,
    layers: HashSet<&'a str>,
}

impl Model<'_> {
    fn has(&self, component: &str) -> bool {
        self.lists.tally().brings(component)
    }

    fn finding(&self, rule: Rule, severity: Severity, message: String, nodes: &[u32], flows: Vec<FlowId>) -> Found {
        Found {
            numbers: nodes.to_vec(),
            finding: RuleFinding {
                rule: rule.name,
                severity,
                message,
                source: rule.source,
                nodes: self.lists.ids_of(nodes),
                flows,
            },
        }
    }
}

/// A finding with its nodes as numbers (for the worst severity per node).
struct Found {
    numbers: Vec<u32>,
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
        source: "DOMAIN.md §2.3 (off-ledger data keeps PII off the ledger) [ALASTRIA-RA]; ISO 23257 cl. 6.4 \
                 [ISO23257-TOC]; §7.8 (never put PII on-ledger) [X1407]",
        check: personal_data_on_ledger,
    },
    Rule {
        name: "on_ledger_asset_without_ledger",
        source: "DOMAIN.md §2.3, DLT platform layer: Ledger [ALASTRIA-RA]",
        check: on_ledger_asset_without_ledger,
    },
    Rule {
        name: "cross_organisation_without_identity",
        source: "DOMAIN.md §2.3, Membership services and cross-layer Security: Authentication and identity \
                 management [ALASTRIA-RA]",
        check: cross_organisation_without_identity,
    },
    Rule {
        name: "token_without_smart_contract",
        source: "DOMAIN.md §2.3, DLT platform layer: Smart contract [ALASTRIA-RA]; §6 Token, Smart contract [ISO22739]",
        check: token_without_smart_contract,
    },
    Rule {
        name: "personal_data_without_pii_protection",
        source: "DOMAIN.md §2.3, cross-layer Security: PII protection [ALASTRIA-RA]; ISO 23257 cl. 6.4 [ISO23257-TOC]",
        check: personal_data_without_pii_protection,
    },
    Rule {
        name: "no_security_component",
        source: "DOMAIN.md §2.3, cross-layer group Security [ALASTRIA-RA]; §3.1 X.1402 security framework [X1402]",
        check: no_security_component,
    },
    Rule {
        name: "no_governance_component",
        source: "DOMAIN.md §2.3, cross-layer group Governance and compliance [ALASTRIA-RA]; §4.1 [ITU-RF-PUB]",
        check: no_governance_component,
    },
];

/// The coverage matrix and the coverage findings of a project; the findings mark their nodes in
/// `worst`.
pub fn coverage(lists: &Lists, catalog: &Catalog, worst: &mut Worst) -> Coverage {
    let layers = catalog
        .layers
        .iter()
        .map(|layer| {
            let components: Vec<ComponentUse> = catalog
                .components_in(&layer.key)
                .map(|c| ComponentUse {
                    component: c.key.clone(),
                    name: c.name.clone(),
                    nodes: lists.ids_of(lists.uses(&c.key)),
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
        lists,
        layers: (lists.tally().components())
            .filter_map(|key| catalog.component(key).map(|c| c.layer.as_str()))
            .collect(),
    };
    let findings = if lists.node_count() == 0 {
        Vec::new()
    } else {
        RULES.iter().filter_map(|rule| (rule.check)(&model, *rule)).collect()
    };
    let findings = (findings.into_iter())
        .map(|found| {
            worst.mark(&found.numbers, found.finding.severity);
            found.finding
        })
        .collect();
    Coverage { layers, findings }
}

/// Personal data stored on the ledger itself cannot be erased; keep it off-ledger with a hash
/// on-ledger.
fn personal_data_on_ledger(m: &Model, rule: Rule) -> Option<Found> {
    let nodes = m.lists.marked(NodeMark::PersonalOnLedger);
    (!nodes.is_empty()).then(|| {
        let message = format!(
            "personal data is placed on-ledger at {}: ledger records cannot be erased; keep it off-ledger with only a \
             hash on-ledger",
            m.lists.names_of(nodes)
        );
        m.finding(rule, Severity::Error, message, nodes, Vec::new())
    })
}

/// An asset recorded on the ledger (in full or as a hash) needs a ledger component.
fn on_ledger_asset_without_ledger(m: &Model, rule: Rule) -> Option<Found> {
    if m.has(LEDGER) {
        return None;
    }
    let nodes = m.lists.marked(NodeMark::AssetOnLedger);
    (!nodes.is_empty()).then(|| {
        let message = format!(
            "{} on the ledger, but no node brings the Ledger component",
            m.lists.names_of(nodes) + if nodes.len() == 1 { " is" } else { " are" }
        );
        m.finding(rule, Severity::Warning, message, nodes, Vec::new())
    })
}

/// Flows between actors of different organisations need identity or membership services.
fn cross_organisation_without_identity(m: &Model, rule: Rule) -> Option<Found> {
    if m.has(MEMBERSHIP) || m.has(IDENTITY) {
        return None;
    }
    let flows: Vec<FlowId> = (m.lists.flows(FlowMark::CrossOrganisation).iter())
        .map(|id| (*id).clone())
        .collect();
    (!flows.is_empty()).then(|| {
        let message = format!(
            "{} between actors of different organisations, but no node brings Membership services or \
             Authentication and identity management",
            words::count(flows.len(), "flow") + if flows.len() == 1 { " runs" } else { " run" }
        );
        m.finding(rule, Severity::Warning, message, &[], flows)
    })
}

/// Fungible and unique tokens are issued and moved by smart contracts.
fn token_without_smart_contract(m: &Model, rule: Rule) -> Option<Found> {
    if m.has(SMART_CONTRACT) {
        return None;
    }
    let nodes = m.lists.marked(NodeMark::TokenAsset);
    (!nodes.is_empty()).then(|| {
        let message = format!(
            "token asset {} but no node brings the Smart contract component that would issue and move it",
            m.lists.names_of(nodes)
        );
        m.finding(rule, Severity::Warning, message, nodes, Vec::new())
    })
}

/// Personal data anywhere calls for PII protection.
fn personal_data_without_pii_protection(m: &Model, rule: Rule) -> Option<Found> {
    if m.has(PII_PROTECTION) {
        return None;
    }
    let nodes = m.lists.marked(NodeMark::Personal);
    (!nodes.is_empty()).then(|| {
        let message = format!(
            "{} personal data, but no node brings the PII protection component",
            m.lists.names_of(nodes) + if nodes.len() == 1 { " holds" } else { " hold" }
        );
        m.finding(rule, Severity::Warning, message, nodes, Vec::new())
    })
}

/// Every DLT system needs something from the Security group.
fn no_security_component(m: &Model, rule: Rule) -> Option<Found> {
    (!m.layers.contains(SECURITY_GROUP)).then(|| {
        let message = "no node brings a component of the Security group (authentication and identity, security \
                       policy, access management, PII protection)"
            .to_owned();
        m.finding(rule, Severity::Warning, message, &[], Vec::new())
    })
}

/// Every DLT system needs governance and compliance functions.
fn no_governance_component(m: &Model, rule: Rule) -> Option<Found> {
    (!m.layers.contains(GOVERNANCE_GROUP)).then(|| {
        let message = "no node brings a component of the Governance and compliance group (supervisory support, \
                       audit support, governance controls, policy management)"
            .to_owned();
        m.finding(rule, Severity::Warning, message, &[], Vec::new())
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
        super::super::test_parts(p, |lists, worst| coverage(lists, Catalog::builtin(), worst))
            .findings
            .iter()
            .map(|f| f.rule)
            .collect()
    }

    fn finding(p: &Project, rule: &str) -> RuleFinding {
        super::super::test_parts(p, |lists, worst| coverage(lists, Catalog::builtin(), worst))
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
        let c = super::super::test_parts(&p, |lists, worst| coverage(lists, Catalog::builtin(), worst));
        assert_eq!(c.layers.len(), Catalog::builtin().layers.len());
        let security = c.layers.iter().find(|l| l.layer == "group.security").unwrap();
        assert!(security.cross_layer);
        assert_eq!(security.covered, 1);
        let access = security
            .components
            .iter()
            .find(|u| u.component == "security.access_management")
            .unwrap();
        assert_eq!(access.nodes, ["a", "b"]);
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
        assert_eq!(
            (f.severity, f.nodes.as_slice()),
            (Severity::Error, &["s".to_string()][..])
        );
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
        assert_eq!(f.flows, ["h"]);
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
        assert_eq!(finding(&p, "token_without_smart_contract").nodes, ["t"]);
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
