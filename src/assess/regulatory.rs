//! Regulatory flags: the rules of a regulatory topic (built-in ones in
//! `assets/catalog/rules.ron`, after the FG DLT regulatory framework [ITU-RF-PUB], [F7518] and
//! the law they cite, and the project's own), each raising its topic with the nodes and flows that
//! triggered it, beside the project's answer to the topic. The rules read the lists of a [`Tally`].

use super::report::RegulatoryFlag;
use super::rules::{Date, Fired, Model, Rule};
use super::tally::Tally;
use super::worst::{self, ByMark};
use crate::catalog::Catalog;
use crate::model::{AnswerStatus, Project, Severity};

/// The rule name of a flag for a topic that no rule raised but the project answered.
const ANSWERED: &str = "answered";

/// A flag for every rule that fires, and for every topic no rule raised that the project answered,
/// in catalogue topic order (a topic's rules in rule order), each saying whether it is in force
/// `on` the assessment date. Flags in force that the project has not answered raise their
/// severity for the nodes they name in `by_mark`.
pub fn flags(
    tally: &Tally,
    project: &Project,
    catalog: &Catalog,
    on: Date,
    by_mark: &mut ByMark,
) -> Vec<RegulatoryFlag> {
    let model = Model::new(tally, project, catalog);
    let rules = &tally.rules().rules;
    let mut flags = Vec::new();
    for topic in &catalog.topics {
        let answer = project.regulatory.get(&topic.key);
        let fired: Vec<(&Rule, Fired)> = (rules.iter())
            .filter(|rule| rule.def.topic == topic.key)
            .filter_map(|rule| model.fire(rule).map(|fired| (rule, fired)))
            .collect();
        let answer = match (fired.is_empty(), answer) {
            (true, None) => continue,
            (_, answer) => answer.cloned().unwrap_or_default(),
        };
        let topic_in_force = applies(Date::parse(&topic.from), Date::parse(&topic.until), on);
        let flag = |rule: Option<&Rule>, fired: Fired| {
            let (nodes, flows) = fired.named_ids(tally);
            RegulatoryFlag {
                topic: topic.key.clone(),
                name: topic.name.clone(),
                raised: rule.is_some(),
                rule: rule.map_or(ANSWERED, |r| &r.def.key).to_owned(),
                severity: fired.severity,
                reason: fired.message,
                nodes,
                flows,
                answer: answer.clone(),
                source: topic.source.clone(),
                rule_source: rule.map_or_else(String::new, |r| r.def.source.clone()),
                in_force: topic_in_force && rule.is_none_or(|r| applies(r.from, r.until, on)),
                from: rule.map_or(&topic.from, |r| &r.def.from).clone(),
                until: rule.map_or(&topic.until, |r| &r.def.until).clone(),
                jurisdictions: rule.map_or(&topic.jurisdictions, |r| &r.def.jurisdictions).clone(),
                status: rule.map_or_else(String::new, |r| r.def.status.clone()),
            }
        };
        if fired.is_empty() {
            let answered = Fired {
                severity: Severity::Info,
                message: "not raised by the model; the project has answered it".to_owned(),
                nodes: None,
                flows: None,
            };
            flags.push(flag(None, answered));
        }
        for (rule, fired) in fired {
            let flag = flag(Some(rule), fired);
            if answer.status == AnswerStatus::Open
                && flag.in_force
                && let Some(mark) = rule.nodes
            {
                worst::raise(by_mark, mark, flag.severity);
            }
            flags.push(flag);
        }
    }
    flags
}

/// Whether a provision applying from `from` until before `until` (either open) applies `on` a day.
fn applies(from: Option<Date>, until: Option<Date>, on: Date) -> bool {
    from.is_none_or(|from| from <= on) && until.is_none_or(|until| on < until)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorRole, AssetType, DataLocation, Flow, FlowKind, Node, Position, TopicAnswer};

    fn actor(name: &str, role: ActorRole, organisation: &str) -> Node {
        Node::new(
            name,
            crate::model::NodeKind::Actor {
                role,
                organisation: organisation.into(),
            },
            Position::default(),
        )
    }

    fn asset(name: &str, asset_type: AssetType) -> Node {
        Node::new(name, crate::model::NodeKind::Asset { asset_type }, Position::default())
    }

    fn flow(from: &str, to: &str, kind: FlowKind, asset: Option<&str>) -> Flow {
        let mut f = Flow::new(from, to, 1, "moves");
        f.kind = kind;
        f.asset = asset.map(String::from);
        f
    }

    /// A project that raises nothing: one organisation, a governor, a notification flow.
    fn quiet() -> Project {
        let mut p = Project::new("t");
        p.nodes
            .insert("gov".into(), actor("Registry", ActorRole::Governor, "Registry"));
        p.nodes
            .insert("mine".into(), actor("Mine", ActorRole::User, "Registry"));
        p.nodes.insert("doc".into(), asset("Assay report", AssetType::Document));
        p.flows
            .insert("f1".into(), flow("mine", "gov", FlowKind::Notify, Some("doc")));
        p
    }

    fn all(p: &Project) -> Vec<RegulatoryFlag> {
        flags(
            &super::super::test_tally(p),
            p,
            Catalog::builtin(),
            Date::today(),
            &mut ByMark::default(),
        )
    }

    fn raised(p: &Project) -> Vec<String> {
        all(p).into_iter().filter(|f| f.raised).map(|f| f.rule).collect()
    }

    fn raises(p: &Project, rule: &str) -> bool {
        raised(p).iter().any(|r| r == rule)
    }

    fn flag(p: &Project, topic: &str) -> RegulatoryFlag {
        all(p).into_iter().find(|f| f.topic == topic).unwrap()
    }

    #[test]
    fn a_quiet_project_raises_nothing() {
        assert!(raised(&quiet()).is_empty());
        assert!(all(&Project::new("empty")).is_empty());
    }

    #[test]
    fn every_framework_topic_has_a_rule() {
        let rules = &crate::assess::rules::builtin().rules;
        for topic in &Catalog::builtin().topics {
            assert!(rules.iter().any(|r| r.def.topic == topic.key), "{}", topic.key);
        }
    }

    #[test]
    fn personal_data_is_severe_on_ledger() {
        let mut p = quiet();
        p.nodes.get_mut("mine").unwrap().personal_data = true;
        let f = flag(&p, "reg.data_protection");
        assert_eq!(
            (f.severity, &f.nodes[..]),
            (Severity::Warning, &["mine".to_string()][..])
        );
        assert_eq!(f.reason, "“Mine” holds personal data");
        assert_eq!(
            f.source,
            Catalog::builtin().topic("reg.data_protection").unwrap().source
        );
        p.nodes.get_mut("mine").unwrap().data = DataLocation::OnLedger;
        let f = flag(&p, "reg.data_protection");
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(
            f.reason,
            "“Mine” holds personal data; “Mine” keeps it on-ledger, where it cannot be erased"
        );
    }

    #[test]
    fn transferred_tokens_raise_aml_and_classification() {
        let mut p = quiet();
        p.nodes.insert("bar".into(), asset("Bar token", AssetType::UniqueToken));
        p.flows
            .insert("f2".into(), flow("mine", "gov", FlowKind::Record, Some("bar")));
        assert!(!raises(&p, "value_transfers") && !raises(&p, "tokens_transferred"));
        p.flows
            .insert("f3".into(), flow("mine", "gov", FlowKind::Transfer, Some("bar")));
        let aml = flag(&p, "reg.aml_kyc");
        assert_eq!((&aml.flows[..], aml.nodes.len()), (&["f3".to_string()][..], 2));
        assert_eq!(
            aml.reason,
            "1 flow pays, transfers or redeems value (tokens or payments) between “Registry” and “Mine”: who \
             identifies the participants?"
        );
        let class = flag(&p, "reg.token_classification");
        assert_eq!(class.nodes[..], ["bar"]);
        assert_eq!(
            class.reason,
            "token “Bar token” is transferred or paid in 1 flow: is it a payment, utility or security token?"
        );
    }

    #[test]
    fn consumers_and_citizens_are_recognised_by_name() {
        let mut p = quiet();
        p.nodes
            .insert("x".into(), actor("Consumerism Institute", ActorRole::User, ""));
        assert!(!raises(&p, "consumer_actor"), "whole words only");
        p.nodes.insert("c".into(), actor("Citizens", ActorRole::User, ""));
        p.nodes.insert("s".into(), actor("Shop", ActorRole::User, "Retail Co"));
        assert_eq!(flag(&p, "reg.consumer_protection").nodes[..], ["c", "s"]);
    }

    #[test]
    fn smart_contracts_raise_their_legal_status() {
        let mut p = quiet();
        assert!(!raises(&p, "smart_contracts"));
        p.nodes
            .get_mut("mine")
            .unwrap()
            .components
            .insert("platform.smart_contract".into());
        assert_eq!(flag(&p, "reg.smart_contract_status").severity, Severity::Info);
    }

    #[test]
    fn governance_needs_a_governor_or_auditor() {
        let mut p = quiet();
        assert!(!raises(&p, "no_governor_or_auditor"));
        p.nodes
            .insert("gov".into(), actor("Registry", ActorRole::Auditor, "Registry"));
        assert!(!raises(&p, "no_governor_or_auditor"));
        p.nodes
            .insert("gov".into(), actor("Registry", ActorRole::User, "Registry"));
        assert!(raises(&p, "no_governor_or_auditor"));
    }

    #[test]
    fn several_organisations_raise_liability() {
        let mut p = quiet();
        assert!(!raises(&p, "several_organisations"));
        p.nodes
            .insert("ref".into(), actor("Refiner", ActorRole::User, "Refinery"));
        let f = flag(&p, "reg.liability");
        assert_eq!(f.nodes[..], ["gov", "mine", "ref"]);
        assert!(
            f.reason
                .starts_with("actors of 2 organisations (“Refinery” and “Registry”)"),
            "{}",
            f.reason
        );
    }

    #[test]
    fn proof_by_verification_or_anchored_documents() {
        let mut p = quiet();
        assert!(!raises(&p, "records_as_proof"));
        p.nodes.get_mut("doc").unwrap().data = DataLocation::HashOnLedger;
        assert_eq!(flag(&p, "reg.evidential_value").nodes[..], ["doc"]);
        p.nodes.get_mut("doc").unwrap().data = DataLocation::OffLedger;
        p.flows.insert("v".into(), flow("gov", "mine", FlowKind::Verify, None));
        let f = flag(&p, "reg.evidential_value");
        assert_eq!((f.nodes.len(), &f.flows[..]), (0, &["v".to_string()][..]));
        assert_eq!(
            f.reason,
            "1 flow verifies against the ledger: must ledger entries be admissible evidence?"
        );
    }

    #[test]
    fn operators_raise_layer_regulation() {
        let mut p = quiet();
        assert!(!raises(&p, "operators"));
        p.nodes
            .insert("op".into(), actor("Node operator", ActorRole::Provider, "Registry"));
        assert_eq!(flag(&p, "reg.layer_regulation").nodes[..], ["op"]);
    }

    #[test]
    fn value_bearing_assets_raise_asset_loss() {
        let mut p = quiet();
        assert!(!raises(&p, "value_bearing_assets"));
        p.nodes.insert("t".into(), asset("Coin", AssetType::FungibleToken));
        p.nodes.insert("pay".into(), asset("Fee", AssetType::Payment));
        assert_eq!(flag(&p, "reg.security_asset_loss").nodes[..], ["pay", "t"]);
    }

    #[test]
    fn cross_border_flows_and_sheets_raise_jurisdiction() {
        let mut p = quiet();
        p.nodes.get_mut("mine").unwrap().jurisdiction = "PE".into();
        assert!(!raises(&p, "cross_border"), "the other end has no jurisdiction");
        p.nodes.get_mut("gov").unwrap().jurisdiction = "CH".into();
        let f = flag(&p, "reg.jurisdiction");
        assert_eq!((&f.flows[..], f.nodes.len()), (&["f1".to_string()][..], 2));
        p.nodes.get_mut("mine").unwrap().jurisdiction = " ch ".into();
        assert!(!raises(&p, "cross_border"), "codes compare without case and spaces");
        let mut q = quiet();
        q.sheet.jurisdictions = vec!["CH".into(), "ch".into(), " Ch".into()];
        assert!(!raises(&q, "cross_border"), "one jurisdiction, written three ways");
        q.sheet.jurisdictions = vec!["CH".into(), "PE".into(), "pe".into()];
        assert_eq!(
            flag(&q, "reg.jurisdiction").reason,
            "the use case names 2 jurisdictions (“CH” and “PE”): which law governs, and where may data go?"
        );
    }

    #[test]
    fn payments_raise_taxation() {
        let mut p = quiet();
        assert!(!raises(&p, "payments"));
        p.flows.insert("pay".into(), flow("mine", "gov", FlowKind::Pay, None));
        let f = flag(&p, "reg.taxation");
        assert_eq!(
            f.reason,
            "1 payment flow: does the use case create taxable events or tax records?"
        );
        assert!(raises(&p, "value_transfers"), "a payment is a value transfer");
    }

    #[test]
    fn answers_are_shown_and_answered_topics_are_kept() {
        let mut p = quiet();
        p.regulatory.insert(
            "reg.taxation".into(),
            TopicAnswer {
                status: AnswerStatus::NotApplicable,
                note: "no sales".into(),
            },
        );
        let f = flag(&p, "reg.taxation");
        assert!(!f.raised);
        assert_eq!((f.rule.as_str(), f.severity), (ANSWERED, Severity::Info));
        assert_eq!(f.answer.note, "no sales");
        p.nodes.get_mut("mine").unwrap().personal_data = true;
        let f = flag(&p, "reg.data_protection");
        assert_eq!(
            f.answer,
            TopicAnswer::default(),
            "a raised topic without an answer is open"
        );
    }
}
