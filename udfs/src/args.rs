//! Reading the constant arguments of table functions, with errors that name the function and
//! the argument.

use datafusion::arrow::datatypes::{Field, Schema};
use datafusion::catalog::Session;
use datafusion::common::{ScalarValue, plan_datafusion_err, plan_err};
use datafusion::error::Result;
use datafusion::execution::context::SessionState;
use datafusion::logical_expr::{Expr, LogicalPlan};

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
