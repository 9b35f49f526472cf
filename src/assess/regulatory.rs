//! Regulatory flags: rules over the model that raise the topics of the FG DLT regulatory
//! framework ([ITU-RF-PUB], [F7518]) with the nodes and flows that triggered them, beside the project's
//! answer to each topic. The rules read the node and flow lists of a [`Tally`].

use std::collections::BTreeSet;
use std::sync::Arc;

use super::listed::IdSet;
use super::report::RegulatoryFlag;
use super::tally::{FlowMark, NodeMark, Tally};
use super::words;
use super::worst::{self, ByMark};
use crate::catalog::Catalog;
use crate::model::validate::jurisdiction_key;
use crate::model::{AnswerStatus, Project, Severity};

/// What a rule found: how serious, why, and the marks of the nodes and flows that raised it.
struct Trigger {
    severity: Severity,
    reason: String,
    nodes: Option<NodeMark>,
    flows: Option<FlowMark>,
}

/// What a rule reads: the tally, and the project's settings (use-case sheet).
struct Model<'a> {
    tally: &'a Tally,
    project: &'a Project,
}

impl Model<'_> {
    fn marked(&self, mark: NodeMark) -> &IdSet {
        self.tally.marked(mark)
    }

    fn flows(&self, mark: FlowMark) -> &IdSet {
        self.tally.flows_marked(mark)
    }

    fn names(&self, nodes: &IdSet) -> String {
        self.tally.names_in(nodes)
    }
}

/// A named rule raising one topic.
struct Rule {
    topic: &'static str,
    name: &'static str,
    check: fn(&Model) -> Option<Trigger>,
}

/// One rule per regulatory topic of the catalogue, in the catalogue's topic order. Each rule's source is
/// its topic's source in the catalogue (`assets/catalog/topics.ron`).
const RULES: [Rule; 12] = [
    Rule {
        topic: "reg.data_protection",
        name: "personal_data",
        check: personal_data,
    },
    Rule {
        topic: "reg.aml_kyc",
        name: "value_transfers",
        check: value_transfers,
    },
    Rule {
        topic: "reg.token_classification",
        name: "tokens_transferred",
        check: tokens_transferred,
    },
    Rule {
        topic: "reg.consumer_protection",
        name: "consumer_actor",
        check: consumer_actor,
    },
    Rule {
        topic: "reg.smart_contract_status",
        name: "smart_contracts",
        check: smart_contracts,
    },
    Rule {
        topic: "reg.governance",
        name: "no_governor_or_auditor",
        check: no_governor_or_auditor,
    },
    Rule {
        topic: "reg.liability",
        name: "several_organisations",
        check: several_organisations,
    },
    Rule {
        topic: "reg.evidential_value",
        name: "records_as_proof",
        check: records_as_proof,
    },
    Rule {
        topic: "reg.layer_regulation",
        name: "operators",
        check: operators,
    },
    Rule {
        topic: "reg.security_asset_loss",
        name: "value_bearing_assets",
        check: value_bearing_assets,
    },
    Rule {
        topic: "reg.jurisdiction",
        name: "cross_border",
        check: cross_border,
    },
    Rule {
        topic: "reg.taxation",
        name: "payments",
        check: payments,
    },
];

/// The rule name of a flag for a topic that no rule raised but the project answered.
const ANSWERED: &str = "answered";

/// A flag for every topic a rule raises or the project answers, in catalogue order. Flags the
/// project has not answered raise their severity for the mark of their nodes in `by_mark`.
pub fn flags(tally: &Tally, project: &Project, catalog: &Catalog, by_mark: &mut ByMark) -> Vec<RegulatoryFlag> {
    let model = Model { tally, project };
    catalog
        .topics
        .iter()
        .filter_map(|topic| {
            let rule = RULES.iter().find(|r| r.topic == topic.key);
            let trigger = rule.and_then(|r| (r.check)(&model));
            let answer = project.regulatory.get(&topic.key);
            let (raised, rule, trigger) = match (trigger, answer) {
                (Some(t), _) => (true, rule.map_or(ANSWERED, |r| r.name), t),
                (None, Some(_)) => (
                    false,
                    ANSWERED,
                    Trigger {
                        severity: Severity::Info,
                        reason: "not raised by the model; the project has answered it".to_owned(),
                        nodes: None,
                        flows: None,
                    },
                ),
                (None, None) => return None,
            };
            let answer = answer.cloned().unwrap_or_default();
            if answer.status == AnswerStatus::Open
                && let Some(mark) = trigger.nodes
            {
                worst::raise(by_mark, mark, trigger.severity);
            }
            Some(RegulatoryFlag {
                topic: topic.key.clone(),
                name: topic.name.clone(),
                raised,
                rule,
                severity: trigger.severity,
                reason: trigger.reason,
                nodes: trigger
                    .nodes
                    .map_or_else(|| Arc::from([]), |m| tally.marked(m).shared_ids()),
                flows: trigger
                    .flows
                    .map_or_else(|| Arc::from([]), |m| tally.flows_marked(m).shared_ids()),
                answer,
                source: topic.source.clone(),
            })
        })
        .collect()
}

/// Personal data anywhere raises data protection; on-ledger, where it cannot be erased, it is an
/// error. Source: reg.data_protection [ITU-RF-PUB][F7518], ISO 23257 §6.4.
fn personal_data(m: &Model) -> Option<Trigger> {
    let nodes = m.marked(NodeMark::Personal);
    if nodes.is_empty() {
        return None;
    }
    let on_ledger = m.marked(NodeMark::PersonalOnLedger);
    let mut reason = format!(
        "{} personal data",
        m.names(nodes) + verb(nodes.len(), " holds", " hold")
    );
    if !on_ledger.is_empty() {
        reason.push_str(&format!(
            "; {} it on-ledger, where it cannot be erased",
            m.names(on_ledger) + verb(on_ledger.len(), " keeps", " keep")
        ));
    }
    let severity = if on_ledger.is_empty() {
        Severity::Warning
    } else {
        Severity::Error
    };
    Some(Trigger {
        severity,
        reason,
        nodes: Some(NodeMark::Personal),
        flows: None,
    })
}

/// Payments, and transfers or redemptions of tokens or payments, raise AML/CFT/KYC.
/// Source: reg.aml_kyc [ITU-RF-PUB] ("anti-money laundering"), F.751.8 ("financial crimes").
fn value_transfers(m: &Model) -> Option<Trigger> {
    let moved = m.flows(FlowMark::ValueMove);
    if moved.is_empty() {
        return None;
    }
    let nodes = m.marked(NodeMark::ValueEnd);
    Some(Trigger {
        severity: Severity::Warning,
        reason: format!(
            "{} value (tokens or payments) between {}: who identifies the participants?",
            words::count(moved.len(), "flow")
                + verb(moved.len(), " pays, transfers or redeems", " pay, transfer or redeem"),
            m.names(nodes)
        ),
        nodes: Some(NodeMark::ValueEnd),
        flows: Some(FlowMark::ValueMove),
    })
}

/// Tokens that are transferred or paid raise their legal classification (payment, utility,
/// security). Source: reg.token_classification [ITU-RF-PUB] ("crypto-currency, tokenomics").
fn tokens_transferred(m: &Model) -> Option<Trigger> {
    let moved = m.flows(FlowMark::TokenMove);
    if moved.is_empty() {
        return None;
    }
    let nodes = m.marked(NodeMark::TokenMoved);
    Some(Trigger {
        severity: Severity::Warning,
        reason: format!(
            "token {} transferred or paid in {}: is it a payment, utility or security token?",
            m.names(nodes) + verb(nodes.len(), " is", " are"),
            words::count(moved.len(), "flow")
        ),
        nodes: Some(NodeMark::TokenMoved),
        flows: Some(FlowMark::TokenMove),
    })
}

/// A consumer or citizen among the actors raises consumer protection. Source:
/// reg.consumer_protection [ITU-RF-PUB] ("consumer law").
fn consumer_actor(m: &Model) -> Option<Trigger> {
    let nodes = m.marked(NodeMark::Consumer);
    (!nodes.is_empty()).then(|| Trigger {
        severity: Severity::Warning,
        reason: format!(
            "{} a consumer or citizen: disclosure, fairness and redress apply",
            m.names(nodes) + verb(nodes.len(), " is", " are")
        ),
        nodes: Some(NodeMark::Consumer),
        flows: None,
    })
}

/// Smart-contract components raise the legal status of smart contracts and code.
/// Source: reg.smart_contract_status [ITU-RF-PUB] ("code and intellectual property").
fn smart_contracts(m: &Model) -> Option<Trigger> {
    let nodes = m.marked(NodeMark::SmartContract);
    (!nodes.is_empty()).then(|| Trigger {
        severity: Severity::Info,
        reason: format!(
            "{} the Smart contract component: is the code the agreement or only its execution?",
            m.names(nodes) + verb(nodes.len(), " brings", " bring")
        ),
        nodes: Some(NodeMark::SmartContract),
        flows: None,
    })
}

/// Actors but no governor or auditor among them raise governance and supervision.
/// Source: reg.governance [ITU-RF-PUB]; ISO 23257 governance functions and user-view roles.
fn no_governor_or_auditor(m: &Model) -> Option<Trigger> {
    m.tally.unsupervised().then(|| Trigger {
        severity: Severity::Warning,
        reason: "no actor is a DLT governor or DLT auditor: who sets the rules and who supervises?".to_owned(),
        nodes: None,
        flows: None,
    })
}

/// Actors of several organisations form a consortium: raise liability and the consortium's legal
/// form. Source: reg.liability [ITU-RF-PUB] ("civil liability and consortia").
fn several_organisations(m: &Model) -> Option<Trigger> {
    let listed: Vec<&str> = m.tally.organisations().collect();
    if listed.len() < 2 {
        return None;
    }
    Some(Trigger {
        severity: Severity::Info,
        reason: format!(
            "actors of {} organisations ({}) share the system: who is liable, and what legal form does the consortium take?",
            listed.len(),
            words::list(&listed)
        ),
        nodes: Some(NodeMark::Organisation),
        flows: None,
    })
}

/// Verifications against the ledger, and documents or credentials anchored on it, use records as
/// proof. Source: reg.evidential_value [ITU-RF-PUB] ("legal proof"); X.1407 [X1407].
fn records_as_proof(m: &Model) -> Option<Trigger> {
    let verified = m.flows(FlowMark::Verify);
    let nodes = m.marked(NodeMark::Anchored);
    if verified.is_empty() && nodes.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !verified.is_empty() {
        parts.push(
            words::count(verified.len(), "flow") + verb(verified.len(), " verifies", " verify") + " against the ledger",
        );
    }
    if !nodes.is_empty() {
        parts.push(m.names(nodes) + verb(nodes.len(), " is", " are") + " anchored on the ledger");
    }
    Some(Trigger {
        severity: Severity::Info,
        reason: format!("{}: must ledger entries be admissible evidence?", parts.join("; ")),
        nodes: Some(NodeMark::Anchored),
        flows: Some(FlowMark::Verify),
    })
}

/// Actors that operate nodes or the system raise layer-specific obligations.
/// Source: reg.layer_regulation [ITU-RF-PUB] ("different layers of DLT structures").
fn operators(m: &Model) -> Option<Trigger> {
    let nodes = m.marked(NodeMark::Operator);
    (!nodes.is_empty()).then(|| Trigger {
        severity: Severity::Info,
        reason: format!(
            "{} the DLT system or its nodes: obligations differ between infrastructure, protocol and application \
             operators",
            m.names(nodes) + verb(nodes.len(), " operates", " operate")
        ),
        nodes: Some(NodeMark::Operator),
        flows: None,
    })
}

/// Tokens and payments can be lost or stolen with their keys.
/// Source: reg.security_asset_loss [F7518] ("loss of tokens, digital currency and other assets").
fn value_bearing_assets(m: &Model) -> Option<Trigger> {
    let nodes = m.marked(NodeMark::ValueAsset);
    (!nodes.is_empty()).then(|| Trigger {
        severity: Severity::Warning,
        reason: format!(
            "{} value that is lost with its keys: who holds the keys, and how are they recovered?",
            m.names(nodes) + verb(nodes.len(), " carries", " carry")
        ),
        nodes: Some(NodeMark::ValueAsset),
        flows: None,
    })
}

/// Flows between nodes in different jurisdictions, or a use case naming several, raise
/// jurisdiction and applicable law. Source: reg.jurisdiction [INF] (HSTP-RF's multi-jurisdiction
/// research).
fn cross_border(m: &Model) -> Option<Trigger> {
    let crossing = m.flows(FlowMark::CrossBorder);
    // Each jurisdiction once, however it is written, shown as first written.
    let mut keys = BTreeSet::new();
    let named: BTreeSet<&str> = (m.project.sheet.jurisdictions.iter())
        .filter(|j| jurisdiction_key(j).is_some_and(|key| keys.insert(key)))
        .map(|j| j.trim())
        .collect();
    if crossing.is_empty() && named.len() < 2 {
        return None;
    }
    let mut parts = Vec::new();
    if !crossing.is_empty() {
        parts
            .push(words::count(crossing.len(), "flow") + verb(crossing.len(), " crosses", " cross") + " jurisdictions");
    }
    if named.len() >= 2 {
        let named: Vec<&str> = named.into_iter().collect();
        parts.push(format!(
            "the use case names {} jurisdictions ({})",
            named.len(),
            words::list(&named)
        ));
    }
    Some(Trigger {
        severity: Severity::Warning,
        reason: format!("{}: which law governs, and where may data go?", parts.join("; ")),
        nodes: Some(NodeMark::CrossingEnd),
        flows: Some(FlowMark::CrossBorder),
    })
}

/// Payments raise taxable events and tax records. Source: reg.taxation [INF].
fn payments(m: &Model) -> Option<Trigger> {
    let paid = m.flows(FlowMark::Pay);
    let nodes = m.marked(NodeMark::PaymentAsset);
    if paid.is_empty() && nodes.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !paid.is_empty() {
        parts.push(words::count(paid.len(), "payment flow"));
    }
    if !nodes.is_empty() {
        parts.push(format!("payment asset {}", m.names(nodes)));
    }
    Some(Trigger {
        severity: Severity::Info,
        reason: format!(
            "{}: does the use case create taxable events or tax records?",
            parts.join(" and ")
        ),
        nodes: Some(NodeMark::PaymentAsset),
        flows: Some(FlowMark::Pay),
    })
}

/// `one` for a single subject, `many` otherwise.
fn verb(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
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
            &mut ByMark::default(),
        )
    }

    fn raised(p: &Project) -> Vec<&'static str> {
        all(p).iter().filter(|f| f.raised).map(|f| f.rule).collect()
    }

    fn flag(p: &Project, topic: &str) -> RegulatoryFlag {
        all(p).into_iter().find(|f| f.topic == topic).unwrap()
    }

    #[test]
    fn a_quiet_project_raises_nothing() {
        assert_eq!(raised(&quiet()), Vec::<&str>::new());
        assert!(all(&Project::new("empty")).is_empty());
    }

    #[test]
    fn every_rule_names_a_catalogue_topic() {
        for rule in &RULES {
            assert!(Catalog::builtin().topic(rule.topic).is_some(), "{}", rule.topic);
        }
        assert_eq!(Catalog::builtin().topics.len(), RULES.len(), "one rule per topic");
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
        let r = raised(&p);
        assert!(
            !r.contains(&"value_transfers") && !r.contains(&"tokens_transferred"),
            "{r:?}"
        );
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
        assert!(!raised(&p).contains(&"consumer_actor"), "whole words only");
        p.nodes.insert("c".into(), actor("Citizens", ActorRole::User, ""));
        p.nodes.insert("s".into(), actor("Shop", ActorRole::User, "Retail Co"));
        assert_eq!(flag(&p, "reg.consumer_protection").nodes[..], ["c", "s"]);
    }

    #[test]
    fn smart_contracts_raise_their_legal_status() {
        let mut p = quiet();
        assert!(!raised(&p).contains(&"smart_contracts"));
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
        assert!(!raised(&p).contains(&"no_governor_or_auditor"));
        p.nodes
            .insert("gov".into(), actor("Registry", ActorRole::Auditor, "Registry"));
        assert!(!raised(&p).contains(&"no_governor_or_auditor"));
        p.nodes
            .insert("gov".into(), actor("Registry", ActorRole::User, "Registry"));
        assert!(raised(&p).contains(&"no_governor_or_auditor"));
    }

    #[test]
    fn several_organisations_raise_liability() {
        let mut p = quiet();
        assert!(!raised(&p).contains(&"several_organisations"));
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
        assert!(!raised(&p).contains(&"records_as_proof"));
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
        assert!(!raised(&p).contains(&"operators"));
        p.nodes
            .insert("op".into(), actor("Node operator", ActorRole::Provider, "Registry"));
        assert_eq!(flag(&p, "reg.layer_regulation").nodes[..], ["op"]);
    }

    #[test]
    fn value_bearing_assets_raise_asset_loss() {
        let mut p = quiet();
        assert!(!raised(&p).contains(&"value_bearing_assets"));
        p.nodes.insert("t".into(), asset("Coin", AssetType::FungibleToken));
        p.nodes.insert("pay".into(), asset("Fee", AssetType::Payment));
        assert_eq!(flag(&p, "reg.security_asset_loss").nodes[..], ["pay", "t"]);
    }

    #[test]
    fn cross_border_flows_and_sheets_raise_jurisdiction() {
        let mut p = quiet();
        p.nodes.get_mut("mine").unwrap().jurisdiction = "PE".into();
        assert!(
            !raised(&p).contains(&"cross_border"),
            "the other end has no jurisdiction"
        );
        p.nodes.get_mut("gov").unwrap().jurisdiction = "CH".into();
        let f = flag(&p, "reg.jurisdiction");
        assert_eq!((&f.flows[..], f.nodes.len()), (&["f1".to_string()][..], 2));
        p.nodes.get_mut("mine").unwrap().jurisdiction = " ch ".into();
        assert!(
            !raised(&p).contains(&"cross_border"),
            "codes compare without case and spaces"
        );
        let mut q = quiet();
        q.sheet.jurisdictions = vec!["CH".into(), "ch".into(), " Ch".into()];
        assert!(
            !raised(&q).contains(&"cross_border"),
            "one jurisdiction, written three ways"
        );
        q.sheet.jurisdictions = vec!["CH".into(), "PE".into(), "pe".into()];
        assert_eq!(
            flag(&q, "reg.jurisdiction").reason,
            "the use case names 2 jurisdictions (“CH” and “PE”): which law governs, and where may data go?"
        );
    }

    #[test]
    fn payments_raise_taxation() {
        let mut p = quiet();
        assert!(!raised(&p).contains(&"payments"));
        p.flows.insert("pay".into(), flow("mine", "gov", FlowKind::Pay, None));
        let f = flag(&p, "reg.taxation");
        assert_eq!(
            f.reason,
            "1 payment flow: does the use case create taxable events or tax records?"
        );
        assert!(raised(&p).contains(&"value_transfers"), "a payment is a value transfer");
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
        assert_eq!((f.rule, f.severity), (ANSWERED, Severity::Info));
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
