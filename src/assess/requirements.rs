//! The requirement profile: for each criterion, the nodes that ask for it, the summed weight and
//! whether any marks it must-have (after CREDO's use-case weights [CREDO]).

use super::listed::Num;
use super::report::{Asker, Requirement};
use super::tally::{Askers, Tally};
use crate::catalog::Catalog;
use crate::model::Project;

/// How many contributions an explanation spells out.
const SPELLED: usize = 3;

/// One requirement per criterion that some node asks for, in catalogue order. Criteria the
/// catalogue lacks are left out (validation reports them).
pub fn requirements(tally: &Tally, project: &Project, catalog: &Catalog) -> Vec<Requirement> {
    catalog
        .criteria
        .iter()
        .filter_map(|criterion| {
            let asked = tally.askers(&criterion.key)?;
            let weight = asked.iter().map(|(_, (w, _))| u32::from(*w)).sum();
            let must_have = asked.iter().any(|(_, (_, must))| *must);
            let threshold = project.threshold(&criterion.key);
            let category = catalog
                .category(&criterion.category)
                .map_or(&criterion.category, |c| &c.name);
            Some(Requirement {
                explanation: explain(tally, asked, weight, threshold),
                criterion: criterion.key.clone(),
                name: criterion.name.clone(),
                category: category.clone(),
                weight,
                must_have,
                threshold,
                askers: tally.shared(asked, |node, &(weight, must_have)| Asker {
                    node: node.to_owned(),
                    weight,
                    must_have,
                }),
            })
        })
        .collect()
}

/// "weight 7 = 3 from “Mine” + 4 from “Refiner”; must-have for “Refiner”: a platform scoring
/// below 2 fails it".
fn explain(tally: &Tally, asked: &Askers, weight: u32, threshold: u8) -> String {
    let parts: Vec<String> = (asked.iter().take(SPELLED))
        .map(|(id, (w, _))| format!("{w} from “{}”", tally.name(id)))
        .collect();
    let mut text = format!("weight {weight} = {}", parts.join(" + "));
    if let Some(rest) = asked.len().checked_sub(SPELLED).filter(|&n| n > 0) {
        text.push_str(&format!(" + {rest} more node{}", if rest == 1 { "" } else { "s" }));
    }
    let musts: Vec<Num> = (asked.iter()).filter(|(_, (_, must))| *must).map(|(n, _)| n).collect();
    if !musts.is_empty() {
        text.push_str(&format!(
            "; must-have for {}: a platform scoring below {threshold} fails it",
            tally.names_of(musts.iter().copied(), musts.len())
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CriterionUse, Node, Position};

    fn ask(project: &mut Project, id: &str, key: &str, weight: u8, must_have: bool) {
        let node = project
            .nodes
            .entry(id.into())
            .or_insert_with(|| Node::actor(id.to_uppercase(), Position::default()));
        node.criteria.insert(
            key.into(),
            CriterionUse {
                weight,
                must_have,
                note: String::new(),
            },
        );
    }

    #[test]
    fn weights_are_summed_and_must_haves_collected() {
        let mut p = Project::new("t");
        ask(&mut p, "mine", "core.query", 3, false);
        ask(&mut p, "refiner", "core.query", 4, true);
        ask(&mut p, "refiner", "ecosystem.maturity", 2, false);
        ask(&mut p, "vault", "no.such.criterion", 5, true);
        p.thresholds.insert("core.query".into(), 3);
        let r = super::super::requirements_of(&p, Catalog::builtin());
        // Catalogue order: core.query (Core technology) comes before ecosystem.maturity.
        let keys: Vec<&str> = r.iter().map(|r| r.criterion.as_str()).collect();
        assert_eq!(keys, ["core.query", "ecosystem.maturity"]);
        // Hand computation: 3 (mine) + 4 (refiner) = 7; refiner marks it must-have.
        assert_eq!(r[0].weight, 7);
        assert!(r[0].must_have);
        assert_eq!(r[0].threshold, 3);
        assert_eq!(
            r[0].askers.iter().map(|a| a.node.as_str()).collect::<Vec<_>>(),
            ["mine", "refiner"]
        );
        assert_eq!(r[0].category, "Core technology");
        assert_eq!(
            r[0].explanation,
            "weight 7 = 3 from “MINE” + 4 from “REFINER”; must-have for “REFINER”: a platform scoring below 3 fails it"
        );
        assert_eq!((r[1].weight, r[1].must_have, r[1].threshold), (2, false, 2));
    }

    #[test]
    fn long_lists_are_cut_short() {
        let mut p = Project::new("t");
        for i in 0..10 {
            ask(&mut p, &format!("n{i}"), "core.query", 1, false);
        }
        let r = super::super::requirements_of(&p, Catalog::builtin());
        assert_eq!(r[0].weight, 10);
        assert_eq!(
            r[0].explanation,
            "weight 10 = 1 from “N0” + 1 from “N1” + 1 from “N2” + 7 more nodes"
        );
    }

    #[test]
    fn no_criteria_no_requirements() {
        let mut p = Project::new("t");
        p.nodes.insert("a".into(), Node::actor("A", Position::default()));
        assert!(super::super::requirements_of(&p, Catalog::builtin()).is_empty());
    }
}
