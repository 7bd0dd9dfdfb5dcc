//! The model argument of the fastText functions: a path to a `.bin`/`.ftz` file, or the model's
//! bytes (`ft_train`'s result, from a table or a scalar subquery), per row or constant.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{ScalarValue, exec_datafusion_err, exec_err, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::ColumnarValue;

use super::fasttext_model::{Model, model_from_bytes, model_from_path};
use crate::columns::Strings;

/// Accepts a string (a path) or binary (model bytes) type for the model argument.
pub fn coerce_model_type(function: &str, syntax: &str, t: &DataType) -> Result<DataType> {
    match t {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Binary | DataType::LargeBinary | DataType::BinaryView => Ok(t.clone()),
        DataType::Null => Ok(DataType::Utf8),
        other => plan_err!("{function}: argument 1 (model) must be a file path (string) or model bytes (binary, from ft_train), got {other}; usage: {syntax}"),
    }
}

enum Source<'a> {
    Path(Strings<'a>),
    Bytes(&'a ArrayRef),
    ConstantBytes(Option<&'a [u8]>),
}

/// The model of each row, loading each distinct model once.
pub struct Models<'a> {
    function: &'a str,
    source: Source<'a>,
    last: Option<(usize, usize, Arc<Model>)>,
}

impl<'a> Models<'a> {
    /// Reads argument 1 (`model`) of `function`.
    pub fn new(function: &'a str, value: &'a ColumnarValue) -> Result<Self> {
        let source = match value {
            ColumnarValue::Array(array) if matches!(array.data_type(), DataType::Binary | DataType::LargeBinary | DataType::BinaryView) => {
                Source::Bytes(array)
            }
            ColumnarValue::Scalar(ScalarValue::Binary(b) | ScalarValue::LargeBinary(b) | ScalarValue::BinaryView(b)) => {
                Source::ConstantBytes(b.as_deref())
            }
            other => Source::Path(Strings::new(function, other, 0, "model")?),
        };
        Ok(Self { function, source, last: None })
    }

    fn bytes_at(&self, row: usize) -> Option<&'a [u8]> {
        match &self.source {
            Source::ConstantBytes(b) => *b,
            Source::Bytes(array) if array.is_null(row) => None,
            Source::Bytes(array) => Some(match array.data_type() {
                DataType::Binary => array.as_binary::<i32>().value(row),
                DataType::LargeBinary => array.as_binary::<i64>().value(row),
                _ => array.as_binary_view().value(row),
            }),
            Source::Path(_) => None,
        }
    }

    /// The model for `row`; `None` when the argument is NULL there.
    pub fn get(&mut self, row: usize) -> Result<Option<Arc<Model>>> {
        let (key, loaded) = match &self.source {
            Source::Path(paths) => {
                let Some(path) = paths.get(row) else { return Ok(None) };
                let key = (path.as_ptr() as usize, path.len());
                if let Some((ptr, len, model)) = &self.last
                    && (*ptr, *len) == key
                {
                    return Ok(Some(Arc::clone(model)));
                }
                (key, model_from_path(path))
            }
            _ => {
                let Some(bytes) = self.bytes_at(row) else { return Ok(None) };
                let key = (bytes.as_ptr() as usize, bytes.len());
                if let Some((ptr, len, model)) = &self.last
                    && (*ptr, *len) == key
                {
                    return Ok(Some(Arc::clone(model)));
                }
                (key, model_from_bytes(bytes))
            }
        };
        let model = loaded.map_err(|e| exec_datafusion_err!("{}: argument 1 (model): {e}", self.function))?;
        self.last = Some((key.0, key.1, Arc::clone(&model)));
        Ok(Some(model))
    }
}

/// The optional integer argument `k` (at least 1), constant.
pub fn constant_k(function: &str, args: &[ColumnarValue], index: usize, default: usize) -> Result<usize> {
    match args.get(index) {
        None => Ok(default),
        Some(ColumnarValue::Scalar(ScalarValue::Int64(Some(k)))) if *k >= 1 => Ok(*k as usize),
        Some(ColumnarValue::Scalar(v)) => exec_err!("{function}: argument {} (k) must be an integer of at least 1, got {v}", index + 1),
        Some(ColumnarValue::Array(_)) => exec_err!("{function}: argument {} (k) must be a constant", index + 1),
    }
}

/// The optional probability threshold argument in [0, 1], constant.
pub fn constant_threshold(function: &str, args: &[ColumnarValue], index: usize) -> Result<f32> {
    match args.get(index) {
        None => Ok(0.0),
        Some(ColumnarValue::Scalar(ScalarValue::Float64(Some(t)))) if (0.0..=1.0).contains(t) => Ok(*t as f32),
        Some(ColumnarValue::Scalar(v)) => exec_err!("{function}: argument {} (threshold) must be a number from 0 to 1, got {v}", index + 1),
        Some(ColumnarValue::Array(_)) => exec_err!("{function}: argument {} (threshold) must be a constant", index + 1),
    }
}
