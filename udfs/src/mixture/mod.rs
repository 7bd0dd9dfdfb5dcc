//! BPE mixture inference (Hayase et al. 2024): what a tokenizer's ordered merge list reveals
//! about the mixture of its training data, plus exact token counting for real tokenizers.
//!
//! The pure parts work on `&str` and slices: [`byte_level`], [`pretokenize`], [`tokenizer`]
//! and [`tokenizer_file`] (loading merge lists), [`pair_counts`] (per-category pair counts
//! while the merges are replayed) and [`solver`] (the linear program).

mod bpe_tokenize;
pub mod byte_level;
mod flow_lp;
mod infer_mixture;
mod lp_export;
mod pair_history;
#[cfg(test)]
mod restricted_lp;
pub mod inference;
pub mod pair_counts;
pub mod pretokenize;
pub mod solver;
pub mod tokenizer;
mod tokenizer_cache;
pub mod tokenizer_file;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use datafusion::logical_expr::{DocSection, ScalarUDF};

use crate::TableFunctionEntry;

pub use bpe_tokenize::BpeTokenizeFunc;
pub use infer_mixture::InferMixture;
pub use tokenizer_cache::tokenizer;

/// A hash map with a fixed fast hasher (deterministic iteration order across runs).
type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;
/// A hash set with a fixed fast hasher.
type FastSet<K> = HashSet<K, foldhash::fast::FixedState>;

/// Whether `SIFTQL_MIXTURE_TRACE` is set: the inference then logs its counting time and each LP
/// round to stderr.
fn tracing() -> bool {
    std::env::var_os("SIFTQL_MIXTURE_TRACE").is_some()
}

/// Documentation section of the tokenizer and mixture-inference functions.
pub const DOC_SECTION_MIXTURE: DocSection = DocSection {
    include: true,
    label: "Tokenizers and mixture inference",
    description: Some(
        "Exact BPE token counts, and the training-data mixture a tokenizer's merge list reveals.",
    ),
};

/// The tokenizer scalar functions.
pub fn scalar_udfs() -> Vec<Arc<ScalarUDF>> {
    vec![
        Arc::new(ScalarUDF::from(BpeTokenizeFunc::ids())),
        Arc::new(ScalarUDF::from(BpeTokenizeFunc::count())),
    ]
}

/// The mixture-inference table functions.
pub fn table_functions() -> Vec<TableFunctionEntry> {
    let f = InferMixture;
    vec![TableFunctionEntry {
        name: f.name(),
        documentation: f.documentation(),
        function: Arc::new(f),
    }]
}
