//! The synthetic sample corpus: a deterministic generator of web-like documents with known
//! kinds and duplicates, for the main job, tests and benchmarks.

use std::sync::Arc;

use datafusion::logical_expr::DocSection;

use crate::TableFunctionEntry;

pub mod synthetic;
mod synthetic_corpus;

pub use synthetic::{DocKind, DupKind, SyntheticDoc, generate};
pub use synthetic_corpus::{SyntheticCorpus, SyntheticCorpusTable, synthetic_schema};

/// Documentation section of the corpus functions.
pub const DOC_SECTION_CORPUS: DocSection = DocSection {
    include: true,
    label: "Sample corpus",
    description: Some("Generated corpora with known ground truth."),
};

/// The corpus table functions.
pub fn table_functions() -> Vec<TableFunctionEntry> {
    vec![TableFunctionEntry {
        name: "synthetic_corpus",
        function: Arc::new(SyntheticCorpus),
        documentation: SyntheticCorpus::documentation(),
    }]
}
