//! The use-case sheet: the template fields of a DLT use case (after FG DLT D2.1 [HSTP-UC]).

use serde::{Deserialize, Serialize};

/// Maturity of a use case.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    #[default]
    Idea,
    ProofOfConcept,
    Pilot,
    Production,
    Discontinued,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Idea,
        Status::ProofOfConcept,
        Status::Pilot,
        Status::Production,
        Status::Discontinued,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Status::Idea => "Idea",
            Status::ProofOfConcept => "Proof of concept",
            Status::Pilot => "Pilot",
            Status::Production => "Production",
            Status::Discontinued => "Discontinued",
        }
    }
}

/// The use-case template (after FG DLT D2.1 [HSTP-UC]). Empty fields are left out of the file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UseCaseSheet {
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// Vertical domain, e.g. "Trade & logistics".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub domain: String,
    /// Horizontal functions, e.g. "Provenance / traceability".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<String>,
    #[serde(default)]
    pub status: Status,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jurisdictions: Vec<String>,
    /// The date the regulatory checklist is assessed at, "YYYY-MM-DD" (empty: today): a rule is
    /// in force when this date is within its dates.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub assessed_on: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub problem: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub solution: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value_added: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub barriers: Vec<String>,
    /// UN Sustainable Development Goal numbers (1–17).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sdgs: Vec<u8>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub standardisation: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
}
