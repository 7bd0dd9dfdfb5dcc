//! Domain tagging: language and script, code language, URL parts, and fastText-compatible
//! classifiers trained and applied in SQL.
//!
//! Each axis of "domain" (provenance, language and script, code language, URL host, topic or
//! format from a classifier) is its own column-producing function.

pub mod code_detect;
mod code_lang;
mod domain_labels;
pub mod fasttext_model;
pub mod ft_options;
mod ft_predict;
mod ft_save;
mod ft_train;
pub mod iso639;
mod lang_arguments;
pub mod lang_detect;
mod lang_id;
mod lang_normalize;
mod lang_share;
mod lang_topk;
mod languages;
mod model_argument;
mod read_domain_lists;
mod script;
mod script_shares;
pub mod scripts;
mod url_parts;
pub mod url_split;

use std::sync::Arc;

use datafusion::logical_expr::{AggregateUDF, DocSection, ScalarUDF};

use crate::TableFunctionEntry;

pub use domain_labels::DomainLabels;
pub use ft_predict::FtPredictFunc;
pub use ft_save::FtSaveFunc;
pub use ft_train::FtTrainFunc;
pub use lang_id::LangIdFunc;
pub use lang_share::LangShareFunc;
pub use lang_topk::LangTopkFunc;
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

/// The largest `k` that `ft_predict` and `lang_topk` accept (beyond any model's label count).
pub const MAX_K: i64 = 1 << 20;

/// The domain-tagging scalar functions.
pub fn scalar_udfs() -> Vec<Arc<ScalarUDF>> {
    vec![
        Arc::new(ScalarUDF::from(code_lang::CodeLangFunc::default())),
        Arc::new(ScalarUDF::from(LangIdFunc::default())),
        Arc::new(ScalarUDF::from(LangTopkFunc::default())),
        Arc::new(ScalarUDF::from(LangShareFunc::default())),
        Arc::new(ScalarUDF::from(LangNormalizeFunc::default())),
        Arc::new(ScalarUDF::from(ScriptFunc::default())),
        Arc::new(ScalarUDF::from(ScriptSharesFunc::default())),
        Arc::new(ScalarUDF::from(UrlPartsFunc::default())),
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
