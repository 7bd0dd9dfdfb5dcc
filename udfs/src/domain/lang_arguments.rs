//! Arguments shared by the language-identification functions: the model and the allow-list,
//! both constant strings.

use datafusion::common::exec_datafusion_err;
use datafusion::error::Result;
use datafusion::logical_expr::ColumnarValue;

use super::lang_detect::{AllowList, LangModel};
use crate::args::{constant, optional_text};

/// The constant string argument `index`; `None` when absent or NULL.
fn constant_string(function: &str, args: &[ColumnarValue], index: usize, name: &str) -> Result<Option<String>> {
    optional_text(function, constant(function, args, index, name)?, index, name)
}

/// The language model named by argument `index` (default whatlang).
pub fn model(function: &str, args: &[ColumnarValue], index: usize) -> Result<LangModel> {
    match constant_string(function, args, index, "model")? {
        None => Ok(LangModel::Whatlang),
        Some(name) => LangModel::from_name(&name).map_err(|e| exec_datafusion_err!("{function}: argument {} (model): {e}", index + 1)),
    }
}

/// The allow-list of argument `index`; `None` (all languages) when absent or NULL.
pub fn allow_list(function: &str, args: &[ColumnarValue], index: usize) -> Result<Option<AllowList>> {
    constant_string(function, args, index, "languages")?
        .map(|list| AllowList::parse(&list).map_err(|e| exec_datafusion_err!("{function}: argument {} (languages): {e}", index + 1)))
        .transpose()
}
