//! Small wording helpers shared by the explanations: short lists of names that stay short on
//! projects with thousands of nodes.

use crate::model::Project;

/// How many names a list spells out before it says "and N more".
const LISTED: usize = 3;

/// "“A”", "“A” and “B”", "“A”, “B”, “C” and 4 more".
pub fn list<S: AsRef<str>>(items: &[S]) -> String {
    let shown: Vec<&str> = items.iter().take(LISTED).map(AsRef::as_ref).collect();
    counted(&shown, items.len())
}

/// The listed names of the nodes with these ids (the id where a node is missing).
pub fn node_names(project: &Project, ids: &[String]) -> String {
    let shown: Vec<&str> = ids
        .iter()
        .take(LISTED)
        .map(|id| project.nodes.get(id).map_or(id.as_str(), |n| n.name.as_str()))
        .collect();
    counted(&shown, ids.len())
}

/// The listed names among `names` of `total` nodes (only the first few are read).
pub fn names<'a>(names: impl IntoIterator<Item = &'a str>, total: usize) -> String {
    let shown: Vec<&str> = names.into_iter().take(LISTED).collect();
    counted(&shown, total)
}

/// The first few of `total` items, quoted, with a count of the rest.
fn counted(shown: &[&str], total: usize) -> String {
    let quoted: Vec<String> = shown.iter().map(|s| format!("“{s}”")).collect();
    match (quoted.as_slice(), total.saturating_sub(quoted.len())) {
        ([], _) => String::new(),
        ([one], 0) => one.clone(),
        ([init @ .., last], 0) => format!("{} and {last}", init.join(", ")),
        (all, rest) => format!("{} and {rest} more", all.join(", ")),
    }
}

/// "1 criterion", "2 criteria": a number with its noun, singular for one.
pub fn count_as(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Node, Position};

    #[test]
    fn lists_stay_short() {
        assert_eq!(list::<&str>(&[]), "");
        assert_eq!(list(&["A"]), "“A”");
        assert_eq!(list(&["A", "B"]), "“A” and “B”");
        assert_eq!(list(&["A", "B", "C"]), "“A”, “B” and “C”");
        assert_eq!(list(&["A", "B", "C", "D", "E"]), "“A”, “B”, “C” and 2 more");
    }

    #[test]
    fn node_names_use_names_and_count_the_rest() {
        let mut p = Project::new("t");
        for (id, name) in [("a", "Mine"), ("b", "Refiner"), ("c", "Vault"), ("d", "Bank")] {
            p.nodes.insert(id.into(), Node::actor(name, Position::default()));
        }
        let ids = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(node_names(&p, &ids(&["a", "ghost"])), "“Mine” and “ghost”");
        assert_eq!(
            node_names(&p, &ids(&["a", "b", "c", "d"])),
            "“Mine”, “Refiner”, “Vault” and 1 more"
        );
        assert_eq!(count_as(1, "node", "nodes"), "1 node");
        assert_eq!(count_as(2, "node", "nodes"), "2 nodes");
    }
}
