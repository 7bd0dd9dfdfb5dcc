//! Deduplication: MinHash signatures, LSH bands, near-duplicate clusters, and exact
//! document and line hashes.
//!
//! The pure algorithms ([`shingles`], [`signature`], [`lsh`], [`cluster`], [`exact`]) work on
//! `&str` and slices; the SQL functions wrap them.

use std::sync::Arc;

use datafusion::logical_expr::{DocSection, ScalarUDF};

use crate::TableFunctionEntry;

pub mod cluster;
mod dedup_job;
pub mod exact;
mod line_hashes;
pub mod lsh;
mod lsh_params;
mod minhash_bands;
mod minhash_jaccard;
pub mod minhash_udf;
mod near_duplicates;
pub mod shingles;
mod shingle_jaccard;
pub mod signature;
mod signature_column;
mod text_hash;

pub use line_hashes::LineHashesFunc;
pub use lsh_params::LshParamsFunc;
pub use minhash_bands::MinHashBandsFunc;
pub use minhash_jaccard::MinHashJaccardFunc;
pub use minhash_udf::MinHashFunc;
pub use near_duplicates::{NearDuplicates, NearDuplicatesTable};
pub use shingle_jaccard::ShingleJaccardFunc;
pub use text_hash::TextHashFunc;

/// Documentation section of the deduplication functions.
pub const DOC_SECTION_DEDUP: DocSection = DocSection {
    include: true,
    label: "Deduplication",
    description: Some("MinHash signatures, LSH, near-duplicate clusters, exact document and line hashes."),
};

/// The deduplication scalar functions.
pub fn scalar_udfs() -> Vec<Arc<ScalarUDF>> {
    vec![
        Arc::new(ScalarUDF::from(MinHashFunc::classic())),
        Arc::new(ScalarUDF::from(MinHashFunc::fast())),
        Arc::new(ScalarUDF::from(MinHashBandsFunc::default())),
        Arc::new(ScalarUDF::from(LshParamsFunc::default())),
        Arc::new(ScalarUDF::from(MinHashJaccardFunc::default())),
        Arc::new(ScalarUDF::from(ShingleJaccardFunc::default())),
        Arc::new(ScalarUDF::from(TextHashFunc::default())),
        Arc::new(ScalarUDF::from(LineHashesFunc::default())),
    ]
}

/// The deduplication table functions.
pub fn table_functions() -> Vec<TableFunctionEntry> {
    [NearDuplicates::clusters(), NearDuplicates::pairs()]
        .into_iter()
        .map(|f| TableFunctionEntry { name: f.name(), documentation: f.documentation(), function: Arc::new(f) })
        .collect()
}
