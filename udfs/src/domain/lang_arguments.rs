//! Arguments shared by the language-identification functions: the model and the allow-list,
//! both constant strings.

use datafusion::arrow::datatypes::DataType;
use datafusion::common::{ScalarValue, exec_datafusion_err, exec_err, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::ColumnarValue;

use super::lang_detect::{AllowList, LangModel};

/// Coerces every argument to a string type; the first `required` of `names` are mandatory.
pub fn coerce_text_args(function: &str, syntax: &str, names: &[&str], required: usize, arg_types: &[DataType]) -> Result<Vec<DataType>> {
    if arg_types.len() < required || arg_types.len() > names.len() {
        return plan_err!("{function}: expected {required} to {} arguments, got {}; usage: {syntax}", names.len(), arg_types.len());
    }
    arg_types
        .iter()
        .zip(names)
        .enumerate()
        .map(|(i, (t, name))| match t {
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Ok(t.clone()),
            DataType::Null => Ok(DataType::Utf8),
            other => plan_err!("{function}: argument {} ({name}) must be a string, got {other}; usage: {syntax}", i + 1),
        })
        .collect()
}

/// A constant string argument; `None` when absent or NULL.
fn constant_string<'a>(function: &str, args: &'a [ColumnarValue], index: usize, name: &str) -> Result<Option<&'a str>> {
    match args.get(index) {
        None => Ok(None),
        Some(ColumnarValue::Scalar(ScalarValue::Utf8(s) | ScalarValue::LargeUtf8(s) | ScalarValue::Utf8View(s))) => Ok(s.as_deref()),
        Some(ColumnarValue::Scalar(s)) if s.is_null() => Ok(None),
        Some(_) => exec_err!("{function}: argument {} ({name}) must be a constant string", index + 1),
    }
}

/// The language model named by argument `index` (default whatlang).
pub fn model(function: &str, args: &[ColumnarValue], index: usize) -> Result<LangModel> {
    match constant_string(function, args, index, "model")? {
        None => Ok(LangModel::Whatlang),
        Some(name) => LangModel::from_name(name).map_err(|e| exec_datafusion_err!("{function}: argument {} (model): {e}", index + 1)),
    }
}

/// The allow-list of argument `index`; `None` (all languages) when absent or NULL.
pub fn allow_list(function: &str, args: &[ColumnarValue], index: usize) -> Result<Option<AllowList>> {
    constant_string(function, args, index, "languages")?
        .map(|list| AllowList::parse(list).map_err(|e| exec_datafusion_err!("{function}: argument {} (languages): {e}", index + 1)))
        .transpose()
}
