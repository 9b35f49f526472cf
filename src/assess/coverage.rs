//! Architecture coverage: which nodes bring which reference-architecture components, layer by
//! layer (ISO 23257 functional view and its cross-layer groups, [ALASTRIA-RA]), and the coverage
//! rules (topic "coverage" in `assets/catalog/rules.ron`, and the project's own) that point at
//! what the architecture leaves uncovered.

use super::report::{ComponentUse, Coverage, LayerCoverage, RuleFinding};
use super::rules::{self, COVERAGE, Model};
use super::tally::Tally;
use super::worst::{self, ByMark};
use crate::catalog::Catalog;
use crate::model::Project;

/// The sources the built-in rules cite, in rule order (each resolves in the bibliography).
pub fn rule_sources() -> impl Iterator<Item = &'static str> {
    rules::builtin().rules.iter().map(|rule| rule.def.source.as_str())
}

/// The coverage matrix and the coverage findings of a project; the findings raise their
/// severity for the nodes they name in `by_mark`.
pub fn coverage(tally: &Tally, settings: &Project, catalog: &Catalog, by_mark: &mut ByMark) -> Coverage {
    let layers = catalog
        .layers
        .iter()
        .map(|layer| {
            let components: Vec<ComponentUse> = catalog
                .components_in(&layer.key)
                .map(|c| ComponentUse {
                    component: c.key.clone(),
                    name: c.name.clone(),
                    nodes: tally.users(&c.key),
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
    let model = Model::new(tally, settings, catalog);
    let findings = (tally.rules().rules.iter())
        .filter(|rule| rule.def.topic == COVERAGE)
        .filter_map(|rule| {
            let fired = model.fire(rule)?;
            if let Some(mark) = fired.nodes {
                worst::raise(by_mark, mark, fired.severity);
            }
            let (nodes, flows) = fired.named_ids(tally);
            Some(RuleFinding {
                rule: rule.def.key.clone(),
                severity: fired.severity,
                message: fired.message,
                source: rule.def.source.clone(),
                nodes,
                flows,
            })
        })
        .collect();
    Coverage { layers, findings }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorRole, AssetType, DataLocation, Flow, Node, NodeKind, Position, Project, Severity};

    const LEDGER: &str = "platform.ledger";
    const SMART_CONTRACT: &str = "platform.smart_contract";
    const MEMBERSHIP: &str = "platform.membership_services";
    const IDENTITY: &str = "security.authentication_identity";
    const PII_PROTECTION: &str = "security.pii_protection";

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

    fn findings(p: &Project) -> Vec<RuleFinding> {
        coverage(
            &super::super::test_tally(p),
            p,
            Catalog::builtin(),
            &mut ByMark::default(),
        )
        .findings
    }

    fn fired(p: &Project) -> Vec<String> {
        findings(p).into_iter().map(|f| f.rule).collect()
    }

    fn finding(p: &Project, rule: &str) -> RuleFinding {
        findings(p).into_iter().find(|f| f.rule == rule).unwrap()
    }

    #[test]
    fn a_clean_project_fires_no_rule() {
        assert!(fired(&clean()).is_empty());
        assert!(fired(&Project::new("empty")).is_empty());
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
            &p,
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
        assert!(!fired(&p).iter().any(|r| r == "personal_data_on_ledger"));
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
        assert!(!fired(&p).iter().any(|r| r == "on_ledger_asset_without_ledger"));
        p.nodes.get_mut("s").unwrap().data = DataLocation::HashOnLedger;
        let f = finding(&p, "on_ledger_asset_without_ledger");
        assert_eq!(
            f.message,
            "“Bar” is on the ledger, but no node brings the Ledger component"
        );
        p.nodes.get_mut("b").unwrap().components.insert(LEDGER.into());
        assert!(!fired(&p).iter().any(|r| r == "on_ledger_asset_without_ledger"));
    }

    #[test]
    fn cross_organisation_flows_without_identity() {
        let mut p = clean();
        p.nodes.insert("c".into(), actor("refinery"));
        p.nodes.insert("d".into(), actor(""));
        p.flows
            .insert("g".into(), Flow::new("b", "d", 2, "no organisation on one end"));
        assert!(!fired(&p).iter().any(|r| r == "cross_organisation_without_identity"));
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
        assert!(!fired(&p).iter().any(|r| r == "cross_organisation_without_identity"));
    }

    #[test]
    fn token_without_smart_contract() {
        let mut p = clean();
        p.nodes
            .insert("s".into(), asset(AssetType::PhysicalTwin, DataLocation::OffLedger));
        assert!(!fired(&p).iter().any(|r| r == "token_without_smart_contract"));
        p.nodes
            .insert("t".into(), asset(AssetType::UniqueToken, DataLocation::OffLedger));
        assert_eq!(finding(&p, "token_without_smart_contract").nodes[..], ["t"]);
        p.nodes.get_mut("t").unwrap().components.insert(SMART_CONTRACT.into());
        assert!(!fired(&p).iter().any(|r| r == "token_without_smart_contract"));
    }

    #[test]
    fn personal_data_without_pii_protection() {
        let mut p = clean();
        assert!(!fired(&p).iter().any(|r| r == "personal_data_without_pii_protection"));
        p.nodes.get_mut("b").unwrap().personal_data = true;
        let f = finding(&p, "personal_data_without_pii_protection");
        assert_eq!(
            f.message,
            "“MINE” holds personal data, but no node brings the PII protection component"
        );
        p.nodes.get_mut("b").unwrap().components.insert(PII_PROTECTION.into());
        assert!(!fired(&p).iter().any(|r| r == "personal_data_without_pii_protection"));
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
