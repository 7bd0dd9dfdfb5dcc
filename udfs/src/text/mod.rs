//! Shared text views and text profiling.

use std::sync::Arc;

use datafusion::logical_expr::{DocSection, ScalarUDF};

pub mod lines;
pub mod normalize;
pub mod python_unicode;
pub mod spacy_en;
pub mod stats;
mod text_stats;
pub mod word_punct;

pub use text_stats::TextStatsFunc;

/// Documentation section of the text functions.
pub const DOC_SECTION_TEXT: DocSection = DocSection {
    include: true,
    label: "Text",
    description: Some("Text views and profiling shared by the function families."),
};

/// The text scalar functions.
pub fn scalar_udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::new(ScalarUDF::from(TextStatsFunc::default()))]
}
