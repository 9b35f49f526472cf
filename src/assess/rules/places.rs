//! Jurisdictions as rules scope them: a node's or the sheet's jurisdiction read as a code ("DE",
//! "Germany", "ES (municipality)" → "ES"), and the groups a rule may name: "EU" (the 27 member
//! states) and "EEA" (the EU with Iceland, Liechtenstein and Norway).

use std::collections::BTreeSet;

/// The EU member states: code and English name.
const EU: [(&str, &str); 27] = [
    ("AT", "AUSTRIA"),
    ("BE", "BELGIUM"),
    ("BG", "BULGARIA"),
    ("HR", "CROATIA"),
    ("CY", "CYPRUS"),
    ("CZ", "CZECHIA"),
    ("DK", "DENMARK"),
    ("EE", "ESTONIA"),
    ("FI", "FINLAND"),
    ("FR", "FRANCE"),
    ("DE", "GERMANY"),
    ("GR", "GREECE"),
    ("HU", "HUNGARY"),
    ("IE", "IRELAND"),
    ("IT", "ITALY"),
    ("LV", "LATVIA"),
    ("LT", "LITHUANIA"),
    ("LU", "LUXEMBOURG"),
    ("MT", "MALTA"),
    ("NL", "NETHERLANDS"),
    ("PL", "POLAND"),
    ("PT", "PORTUGAL"),
    ("RO", "ROMANIA"),
    ("SK", "SLOVAKIA"),
    ("SI", "SLOVENIA"),
    ("ES", "SPAIN"),
    ("SE", "SWEDEN"),
];

/// The EEA states outside the EU.
const EEA_ONLY: [(&str, &str); 3] = [("IS", "ICELAND"), ("LI", "LIECHTENSTEIN"), ("NO", "NORWAY")];

/// Other names a jurisdiction is written with.
const ALIASES: [(&str, &str); 5] = [
    ("EL", "GR"),
    ("CZECH REPUBLIC", "CZ"),
    ("THE NETHERLANDS", "NL"),
    ("EUROPEAN UNION", "EU"),
    ("UK", "GB"),
];

/// A jurisdiction as a code: the text before any bracket, trimmed and upper-case, with country
/// names and aliases turned into codes; `None` when blank.
pub fn code(text: &str) -> Option<String> {
    let head = text.split('(').next().unwrap_or_default().trim().to_uppercase();
    if head.is_empty() {
        return None;
    }
    let named = (EU.iter().chain(&EEA_ONLY))
        .find(|(_, name)| *name == head)
        .map(|(code, _)| *code)
        .or_else(|| ALIASES.iter().find(|(alias, _)| *alias == head).map(|(_, code)| *code));
    Some(named.map_or(head, str::to_owned))
}

/// The codes a rule's jurisdiction list covers: groups expanded, each code as [`code`] reads it.
pub fn expand(names: &[String]) -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    for name in names.iter().filter_map(|n| code(n)) {
        let members: &[(&str, &str)] = match name.as_str() {
            "EU" => &EU,
            "EEA" => &EU,
            _ => &[],
        };
        codes.extend(members.iter().map(|(code, _)| (*code).to_owned()));
        if name == "EEA" {
            codes.extend(EEA_ONLY.iter().map(|(code, _)| (*code).to_owned()));
            codes.insert("EU".to_owned());
        }
        codes.insert(name);
    }
    codes
}

/// Whether a rule may name this jurisdiction: a group or a two-letter code.
pub fn is_known(name: &str) -> bool {
    matches!(name, "EU" | "EEA") || name.len() == 2 && name.chars().all(|c| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jurisdictions_read_as_codes() {
        assert_eq!(code(" de ").as_deref(), Some("DE"));
        assert_eq!(code("Germany").as_deref(), Some("DE"));
        assert_eq!(code("ES (municipality)").as_deref(), Some("ES"));
        assert_eq!(code("EU (eIDAS-type trust services)").as_deref(), Some("EU"));
        assert_eq!(code("Producing country").as_deref(), Some("PRODUCING COUNTRY"));
        assert_eq!(code("  "), None);
    }

    #[test]
    fn groups_expand_to_their_members() {
        let eu = expand(&["EU".to_owned()]);
        assert_eq!(eu.len(), 28);
        assert!(eu.contains("DE") && eu.contains("EU") && !eu.contains("NO") && !eu.contains("SG"));
        let eea = expand(&["EEA".to_owned()]);
        assert!(eea.contains("NO") && eea.contains("DE") && eea.contains("EU") && eea.contains("EEA"));
        assert_eq!(expand(&["sg".to_owned()]).into_iter().collect::<Vec<_>>(), ["SG"]);
        assert!(is_known("EU") && is_known("SG") && !is_known("Europe") && !is_known("sg"));
    }
}
