//! Reading corpora as they are shipped: JSON Lines (plain, gzip, zstd) and Parquet files,
//! directories and globs.

use std::sync::Arc;

use datafusion::logical_expr::DocSection;

use crate::TableFunctionEntry;

pub mod block_on;
mod file_error_context;
pub mod jsonl;
pub mod paths;
pub mod read_corpus;
pub mod read_jsonl;
pub mod read_parquet;
pub mod write_whole;

/// Documentation section of the I/O functions.
pub const DOC_SECTION_IO: DocSection = DocSection {
    include: true,
    label: "Reading corpora",
    description: Some("Table functions that read corpora as they are shipped."),
};

/// The I/O table functions.
pub fn table_functions() -> Vec<TableFunctionEntry> {
    vec![
        TableFunctionEntry {
            name: "read_corpus",
            function: Arc::new(read_corpus::ReadCorpus),
            documentation: read_corpus::ReadCorpus::documentation(),
        },
        TableFunctionEntry {
            name: "read_jsonl",
            function: Arc::new(read_jsonl::ReadJsonl),
            documentation: read_jsonl::ReadJsonl::documentation(),
        },
        TableFunctionEntry {
            name: "read_parquet",
            function: Arc::new(read_parquet::ReadParquet),
            documentation: read_parquet::ReadParquet::documentation(),
        },
    ]
}
