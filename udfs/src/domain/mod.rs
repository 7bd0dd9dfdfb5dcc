//! Domain tagging: language and script, code language, URL parts, and fastText-compatible
//! classifiers trained and applied in SQL.
//!
//! Each axis of "domain" (provenance, language and script, code language, URL host, topic or
//! format from a classifier) is its own column-producing function.

pub mod code_detect;
mod code_lang;

use std::sync::Arc;

use datafusion::logical_expr::{AggregateUDF, DocSection, ScalarUDF};

use crate::TableFunctionEntry;

/// Documentation section of the domain-tagging functions.
pub const DOC_SECTION_DOMAIN: DocSection = DocSection {
    include: true,
    label: "Domain tagging",
    description: Some("Language and script, code language, URL parts, and trainable fastText classifiers."),
};

/// The domain-tagging scalar functions.
pub fn scalar_udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::new(ScalarUDF::from(code_lang::CodeLangFunc::default()))]
}

/// The domain-tagging aggregate functions.
pub fn aggregate_udfs() -> Vec<Arc<AggregateUDF>> {
    vec![]
}

/// The domain-tagging table functions.
pub fn table_functions() -> Vec<TableFunctionEntry> {
    vec![]
}
