//! Reading the arguments of SQL functions, with errors that name the function, the argument
//! and the usage: the literal arguments of table functions, and the types and constant
//! arguments of scalar functions (coerced by position at planning, read at execution).

use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::catalog::Session;
use datafusion::common::{ScalarValue, exec_err, plan_datafusion_err, plan_err};
use datafusion::error::Result;
use datafusion::execution::context::SessionState;
use datafusion::logical_expr::{ColumnarValue, Expr, LogicalPlan};

use crate::io::block_on::block_on;

/// The literal value of argument `index` (0-based) of `function`, if it is a literal.
fn literal<'a>(function: &str, args: &'a [Expr], index: usize, name: &str) -> Result<&'a ScalarValue> {
    match args.get(index) {
        Some(Expr::Literal(value, _)) => Ok(value),
        Some(other) => plan_err!(
            "{function}: argument {} ({name}) must be a constant, got the expression {other}",
            index + 1
        ),
        None => plan_err!("{function}: missing argument {} ({name})", index + 1),
    }
}

/// Argument `index` as a non-NULL string.
pub fn string_arg(function: &str, args: &[Expr], index: usize, name: &str) -> Result<String> {
    match literal(function, args, index, name)? {
        ScalarValue::Utf8(Some(s)) | ScalarValue::LargeUtf8(Some(s)) | ScalarValue::Utf8View(Some(s)) => {
            Ok(s.clone())
        }
        other if other.is_null() => plan_err!("{function}: argument {} ({name}) must not be NULL", index + 1),
        other => plan_err!(
            "{function}: argument {} ({name}) must be a string, got {} {other}",
            index + 1,
            other.data_type()
        ),
    }
}

/// Argument `index` as a non-negative integer.
pub fn u64_arg(function: &str, args: &[Expr], index: usize, name: &str) -> Result<u64> {
    let value = literal(function, args, index, name)?;
    let as_i128: Option<i128> = match value {
        ScalarValue::Int8(Some(v)) => Some(*v as i128),
        ScalarValue::Int16(Some(v)) => Some(*v as i128),
        ScalarValue::Int32(Some(v)) => Some(*v as i128),
        ScalarValue::Int64(Some(v)) => Some(*v as i128),
        ScalarValue::UInt8(Some(v)) => Some(*v as i128),
        ScalarValue::UInt16(Some(v)) => Some(*v as i128),
        ScalarValue::UInt32(Some(v)) => Some(*v as i128),
        ScalarValue::UInt64(Some(v)) => Some(*v as i128),
        _ => None,
    };
    match as_i128 {
        Some(v) if v >= 0 && v <= u64::MAX as i128 => Ok(v as u64),
        Some(v) => plan_err!("{function}: argument {} ({name}) must be >= 0, got {v}", index + 1),
        None if value.is_null() => plan_err!("{function}: argument {} ({name}) must not be NULL", index + 1),
        None => plan_err!(
            "{function}: argument {} ({name}) must be an integer, got {} {value}",
            index + 1,
            value.data_type()
        ),
    }
}

/// Argument `index` as a number (a numeric constant, or a string constant that casts to one), or
/// `default` when the call has no argument there.
pub fn f64_arg(function: &str, args: &[Expr], index: usize, name: &str, default: f64) -> Result<f64> {
    if args.len() <= index {
        return Ok(default);
    }
    let value = literal(function, args, index, name)?;
    if value.is_null() {
        return plan_err!("{function}: argument {} ({name}) must be a non-NULL constant number", index + 1);
    }
    match value.cast_to(&DataType::Float64) {
        Ok(ScalarValue::Float64(Some(f))) => Ok(f),
        _ => plan_err!("{function}: argument {} ({name}) must be a number, got {value}", index + 1),
    }
}

/// Fails unless `function` got between `min` and `max` arguments.
pub fn check_arg_count(function: &str, args: &[Expr], min: usize, max: usize, syntax: &str) -> Result<()> {
    if args.len() < min || args.len() > max {
        return plan_err!(
            "{function}: expected {} argument(s), got {}; usage: {syntax}",
            if min == max { min.to_string() } else { format!("{min} to {max}") },
            args.len()
        );
    }
    Ok(())
}

/// Plans a table function's `table_or_query` argument: a query (SELECT/WITH/VALUES or a
/// parenthesized one) as is, anything else as a table name.
pub fn plan_table_or_query(function: &str, session: &dyn Session, source: &str) -> Result<LogicalPlan> {
    let Some(state) = session.as_any().downcast_ref::<SessionState>() else {
        return plan_err!("{function}: needs a DataFusion SessionState to plan its input");
    };
    let trimmed = source.trim_start().to_ascii_lowercase();
    let sql = if ["select", "with", "values", "("].iter().any(|k| trimmed.starts_with(k)) {
        source.to_string()
    } else {
        format!("SELECT * FROM {source}")
    };
    block_on(async { state.create_logical_plan(&sql).await })
        .map_err(|e| plan_datafusion_err!("{function}: cannot plan the input '{source}': {e}"))
}

/// The input column `name` (exact match first, then case-insensitive); the error lists the
/// input's columns.
pub fn input_field<'a>(function: &str, schema: &'a Schema, name: &str) -> Result<&'a Field> {
    if let Ok(f) = schema.field_with_name(name) {
        return Ok(f);
    }
    let lower = name.to_lowercase();
    match schema.fields().iter().find(|f| f.name().to_lowercase() == lower) {
        Some(f) => Ok(f),
        None => {
            let names: Vec<_> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            plan_err!("{function}: the input has no column '{name}'; its columns: {}", names.join(", "))
        }
    }
}

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
    /// A string or a binary value (a file path or the file's bytes; NULL becomes `Utf8`).
    TextOrBinary,
}

/// Coerces `arg_types` to the kinds of `spec`, of which the first `required` are mandatory;
/// errors name the function, the argument and the usage.
pub fn coerce(function: &str, syntax: &str, spec: &[(&str, Kind)], required: usize, arg_types: &[DataType]) -> Result<Vec<DataType>> {
    if arg_types.len() < required || arg_types.len() > spec.len() {
        let expected = match (required, spec.len()) {
            (1, 1) => "1 argument".to_string(),
            (n, m) if n == m => format!("{n} arguments"),
            (n, m) => format!("{n} to {m} arguments"),
        };
        return plan_err!("{function}: expected {expected}, got {}; usage: {syntax}", arg_types.len());
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
                Kind::TextOrBinary => matches!(
                    t,
                    DataType::Utf8
                        | DataType::LargeUtf8
                        | DataType::Utf8View
                        | DataType::Binary
                        | DataType::LargeBinary
                        | DataType::BinaryView
                ),
            };
            match (kind, ok || t.is_null()) {
                (Kind::Text | Kind::TextOrBinary, true) if t.is_null() => Ok(DataType::Utf8),
                (Kind::Text | Kind::TextOrBinary, true) => Ok(t.clone()),
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
                        Kind::TextOrBinary => "a string or binary",
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

/// A string constant that may be NULL: `None` when absent or NULL.
pub fn optional_text(function: &str, value: Option<&ScalarValue>, index: usize, name: &str) -> Result<Option<String>> {
    match value {
        Some(v) if v.is_null() => Ok(None),
        value => text(function, value, index, name),
    }
}

/// A float constant in `min..=max`, or `default` when absent.
pub fn float_in(function: &str, value: Option<&ScalarValue>, index: usize, name: &str, default: f64, min: f64, max: f64) -> Result<f64> {
    let v = float(function, value, index, name, default)?;
    if !(min..=max).contains(&v) {
        return plan_err!("{function}: argument {} ({name}) must be between {min} and {max}, got {v}", index + 1);
    }
    Ok(v)
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
