//! Domain tagging: language and script, code language, URL parts, and fastText-compatible
//! classifiers trained and applied in SQL.
//!
//! Each axis of "domain" (provenance, language and script, code language, URL host, topic or
//! format from a classifier) is its own column-producing function.

pub mod fasttext_model;
pub mod ft_options;
mod ft_predict;
mod ft_save;
mod ft_train;
mod model_argument;

use std::sync::Arc;

use datafusion::logical_expr::{AggregateUDF, DocSection, ScalarUDF};

use crate::TableFunctionEntry;

pub use ft_predict::FtPredictFunc;
pub use ft_save::FtSaveFunc;
pub use ft_train::FtTrainFunc;

/// Documentation section of the domain-tagging functions.
pub const DOC_SECTION_DOMAIN: DocSection = DocSection {
    include: true,
    label: "Domain tagging",
    description: Some("Language and script, code language, URL parts, and trainable fastText classifiers."),
};

/// The domain-tagging scalar functions.
pub fn scalar_udfs() -> Vec<Arc<ScalarUDF>> {
    vec![
        Arc::new(ScalarUDF::from(FtPredictFunc::predict())),
        Arc::new(ScalarUDF::from(FtPredictFunc::label())),
        Arc::new(ScalarUDF::from(FtSaveFunc::default())),
    ]
}

/// The domain-tagging aggregate functions.
pub fn aggregate_udfs() -> Vec<Arc<AggregateUDF>> {
    vec![Arc::new(AggregateUDF::from(FtTrainFunc::default()))]
}

/// The domain-tagging table functions.
pub fn table_functions() -> Vec<TableFunctionEntry> {
    vec![]
}
