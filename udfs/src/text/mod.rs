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

/// `n` pieces drawn uniformly from `pieces` with SplitMix64 (`state` advances): random
/// texts for the property tests of the text views.
#[cfg(test)]
pub(crate) fn random_pieces<'a>(pieces: &[&'a str], n: usize, state: &mut u64) -> Vec<&'a str> {
    let len = pieces.len() as u64;
    (0..n).map(|_| pieces[(crate::minhash::signature::splitmix64(state) % len) as usize]).collect()
}

/// The text scalar functions.
pub fn scalar_udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::new(ScalarUDF::from(TextStatsFunc::default()))]
}
