//! Domain tagging: language and script, code language, URL parts, and fastText-compatible
//! classifiers trained and applied in SQL.
//!
//! Each axis of "domain" (provenance, language and script, code language, URL host, topic or
//! format from a classifier) is its own column-producing function.

use std::sync::Arc;

use datafusion::logical_expr::{AggregateUDF, DocSection, ScalarUDF};

use crate::TableFunctionEntry;

mod domain_labels;
pub mod iso639;
mod lang_normalize;
mod languages;
mod read_domain_lists;
mod script;
mod script_shares;
pub mod scripts;
mod url_parts;
pub mod url_split;

pub use domain_labels::DomainLabels;
pub use lang_normalize::LangNormalizeFunc;
pub use languages::Languages;
pub use read_domain_lists::ReadDomainLists;
pub use script::ScriptFunc;
pub use script_shares::ScriptSharesFunc;
pub use url_parts::UrlPartsFunc;

/// Documentation section of the domain-tagging functions.
pub const DOC_SECTION_DOMAIN: DocSection = DocSection {
    include: true,
    label: "Domain tagging",
    description: Some("Language and script, code language, URL parts, and trainable fastText classifiers."),
};

/// The domain-tagging scalar functions.
pub fn scalar_udfs() -> Vec<Arc<ScalarUDF>> {
    vec![
        Arc::new(ScalarUDF::from(UrlPartsFunc::default())),
        Arc::new(ScalarUDF::from(ScriptFunc::default())),
        Arc::new(ScalarUDF::from(ScriptSharesFunc::default())),
        Arc::new(ScalarUDF::from(LangNormalizeFunc::default())),
    ]
}

/// The domain-tagging aggregate functions.
pub fn aggregate_udfs() -> Vec<Arc<AggregateUDF>> {
    vec![]
}

/// The domain-tagging table functions.
pub fn table_functions() -> Vec<TableFunctionEntry> {
    vec![
        TableFunctionEntry {
            name: "domain_labels",
            function: Arc::new(DomainLabels),
            documentation: DomainLabels::documentation(),
        },
        TableFunctionEntry { name: "languages", function: Arc::new(Languages), documentation: Languages::documentation() },
        TableFunctionEntry {
            name: "read_domain_lists",
            function: Arc::new(ReadDomainLists),
            documentation: ReadDomainLists::documentation(),
        },
    ]
}
