//! Uniform row access to the string arguments of scalar functions, whatever their
//! Arrow string type and whether they are columns or constants.

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{ScalarValue, exec_err};
use datafusion::error::Result;
use datafusion::logical_expr::ColumnarValue;

/// One string argument of a scalar function call.
pub enum Strings<'a> {
    /// A column (`Utf8`, `LargeUtf8` or `Utf8View`).
    Column(&'a ArrayRef),
    /// A constant (possibly NULL) for every row.
    Constant(Option<&'a str>),
}

impl<'a> Strings<'a> {
    /// Reads argument `index` (0-based) of `function`, named `name` in errors.
    pub fn new(function: &str, value: &'a ColumnarValue, index: usize, name: &str) -> Result<Self> {
        match value {
            ColumnarValue::Array(array) => match array.data_type() {
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Ok(Strings::Column(array)),
                other => exec_err!("{function}: argument {} ({name}) must be a string, got {other}", index + 1),
            },
            ColumnarValue::Scalar(
                ScalarValue::Utf8(s) | ScalarValue::LargeUtf8(s) | ScalarValue::Utf8View(s),
            ) => Ok(Strings::Constant(s.as_deref())),
            ColumnarValue::Scalar(s) if s.is_null() => Ok(Strings::Constant(None)),
            ColumnarValue::Scalar(s) => {
                exec_err!("{function}: argument {} ({name}) must be a string, got {}", index + 1, s.data_type())
            }
        }
    }

    /// The value in row `row`, `None` for NULL.
    #[inline]
    pub fn get(&self, row: usize) -> Option<&'a str> {
        match self {
            Strings::Constant(s) => *s,
            Strings::Column(array) => {
                if array.is_null(row) {
                    return None;
                }
                Some(match array.data_type() {
                    DataType::Utf8 => array.as_string::<i32>().value(row),
                    DataType::LargeUtf8 => array.as_string::<i64>().value(row),
                    _ => array.as_string_view().value(row),
                })
            }
        }
    }
}

/// True if every argument is a constant, so the result is a constant too.
pub fn all_constant(args: &[ColumnarValue]) -> bool {
    args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_)))
}

/// Wraps a one-row-per-input result as the function's return value: a scalar
/// when every argument was a constant.
pub fn finish(result: ArrayRef, args: &[ColumnarValue]) -> Result<ColumnarValue> {
    if all_constant(args) {
        return Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&result, 0)?));
    }
    Ok(ColumnarValue::Array(result))
}
