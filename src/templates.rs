//! The eight reference use cases of the FG DLT Madrid meeting, embedded as templates: `samples/`
//! is compiled into the binary, so `dlt-modeller new --template` and the editor's
//! "New from template" work without any files beside the program.

use std::sync::OnceLock;

use crate::file;
use crate::model::Project;

/// One embedded template.
pub struct Template {
    /// Short name used on the command line, e.g. `gold-trade`; also the sample's file stem.
    pub key: &'static str,
    pub title: String,
    /// One line saying what the use case is.
    pub description: String,
    text: &'static str,
}

impl Template {
    /// A fresh copy of the template's project.
    pub fn project(&self) -> Project {
        parse(self.key, self.text)
    }

    /// The template's file text, exactly as shipped in `samples/`.
    pub fn text(&self) -> &'static str {
        self.text
    }
}

/// The template the editor opens when started without a file.
pub const DEFAULT: &str = "gold-trade";

macro_rules! embedded {
    ($($key:literal),* $(,)?) => {
        [$(($key, include_str!(concat!("../samples/", $key, ".ron")))),*]
    };
}

const SOURCES: [(&str, &str); 8] = embedded!(
    "gold-trade",
    "carbon-market",
    "e-governance",
    "investment-tracking",
    "food-traceability",
    "trade-customs",
    "tax-compliance",
    "identity-integrity",
);

fn parse(key: &str, text: &str) -> Project {
    // The samples are checked by the tests (tests/it/samples.rs), so this cannot fail in a release.
    file::parse(text)
        .unwrap_or_else(|e| panic!("embedded sample {key} is broken: {e}"))
        .project
}

/// All templates, in the order of the Madrid meeting's list.
pub fn all() -> &'static [Template] {
    static ALL: OnceLock<Vec<Template>> = OnceLock::new();
    ALL.get_or_init(|| {
        SOURCES
            .iter()
            .map(|&(key, text)| {
                let sheet = parse(key, text).sheet;
                let description = sheet
                    .summary
                    .split(". ")
                    .next()
                    .unwrap_or_default()
                    .trim_end_matches('.')
                    .to_string();
                Template {
                    key,
                    title: sheet.title,
                    description,
                    text,
                }
            })
            .collect()
    })
}

/// The template with this key.
pub fn find(key: &str) -> Option<&'static Template> {
    all().iter().find(|t| t.key == key)
}
