//! Argument handling shared by the dedup functions: type coercion by position, and constant
//! arguments read both at planning time (for return types) and at execution.

use datafusion::arrow::datatypes::DataType;
use datafusion::common::{ScalarValue, exec_err, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::ColumnarValue;

/// What an argument position accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Any string type (NULL becomes `Utf8`).
    Text,
    /// Any integer (coerced to `Int64`).
    Integer,
    /// Any number (coerced to `Float64`).
    Float,
    /// A boolean.
    Boolean,
}

/// Coerces `arg_types` to the kinds of `spec`, of which the first `required` are mandatory;
/// errors name the function, the argument and the usage.
pub fn coerce(function: &str, syntax: &str, spec: &[(&str, Kind)], required: usize, arg_types: &[DataType]) -> Result<Vec<DataType>> {
    if arg_types.len() < required || arg_types.len() > spec.len() {
        return plan_err!(
            "{function}: expected {required} to {} arguments, got {}; usage: {syntax}",
            spec.len(),
            arg_types.len()
        );
    }
    arg_types
        .iter()
        .zip(spec)
        .enumerate()
        .map(|(i, (t, (name, kind)))| {
            let ok = match kind {
                Kind::Text => matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View),
                Kind::Integer => t.is_integer(),
                Kind::Float => t.is_numeric(),
                Kind::Boolean => matches!(t, DataType::Boolean),
            };
            match (kind, ok || t.is_null()) {
                (Kind::Text, true) if t.is_null() => Ok(DataType::Utf8),
                (Kind::Text, true) => Ok(t.clone()),
                (Kind::Integer, true) => Ok(DataType::Int64),
                (Kind::Float, true) => Ok(DataType::Float64),
                (Kind::Boolean, true) => Ok(DataType::Boolean),
                (_, false) => plan_err!(
                    "{function}: argument {} ({name}) must be {}, got {t}; usage: {syntax}",
                    i + 1,
                    match kind {
                        Kind::Text => "a string",
                        Kind::Integer => "an integer",
                        Kind::Float => "a number",
                        Kind::Boolean => "a boolean",
                    }
                ),
            }
        })
        .collect()
}

/// A constant argument at execution time: `None` if it was not passed.
pub fn constant<'a>(function: &str, args: &'a [ColumnarValue], index: usize, name: &str) -> Result<Option<&'a ScalarValue>> {
    match args.get(index) {
        None => Ok(None),
        Some(ColumnarValue::Scalar(value)) => Ok(Some(value)),
        Some(ColumnarValue::Array(_)) => {
            exec_err!("{function}: argument {} ({name}) must be a constant, not a column", index + 1)
        }
    }
}

/// An integer constant in `min..=max`, or `default` when absent.
pub fn integer_in(function: &str, value: Option<&ScalarValue>, index: usize, name: &str, default: i64, min: i64, max: i64) -> Result<i64> {
    let Some(value) = value else { return Ok(default) };
    let v = match value {
        ScalarValue::Int64(Some(v)) => *v,
        v if v.is_null() => return plan_err!("{function}: argument {} ({name}) must not be NULL", index + 1),
        v => match v.cast_to(&DataType::Int64) {
            Ok(ScalarValue::Int64(Some(v))) => v,
            _ => return plan_err!("{function}: argument {} ({name}) must be an integer, got {v}", index + 1),
        },
    };
    if v < min || v > max {
        return plan_err!("{function}: argument {} ({name}) must be between {min} and {max}, got {v}", index + 1);
    }
    Ok(v)
}

/// A string constant, or `None` when absent.
pub fn text(function: &str, value: Option<&ScalarValue>, index: usize, name: &str) -> Result<Option<String>> {
    match value {
        None => Ok(None),
        Some(ScalarValue::Utf8(Some(s)) | ScalarValue::LargeUtf8(Some(s)) | ScalarValue::Utf8View(Some(s))) => {
            Ok(Some(s.clone()))
        }
        Some(v) if v.is_null() => plan_err!("{function}: argument {} ({name}) must not be NULL", index + 1),
        Some(v) => plan_err!("{function}: argument {} ({name}) must be a string, got {v}", index + 1),
    }
}

/// A float constant, or `default` when absent.
pub fn float(function: &str, value: Option<&ScalarValue>, index: usize, name: &str, default: f64) -> Result<f64> {
    let Some(value) = value else { return Ok(default) };
    if value.is_null() {
        return plan_err!("{function}: argument {} ({name}) must not be NULL", index + 1);
    }
    match value.cast_to(&DataType::Float64) {
        Ok(ScalarValue::Float64(Some(v))) => Ok(v),
        _ => plan_err!("{function}: argument {} ({name}) must be a number, got {value}", index + 1),
    }
}
