//! The model argument of the fastText functions: a path to a `.bin`/`.ftz` file, or the model's
//! bytes (`ft_train`'s result, from a table or a scalar subquery), per row or constant.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{ScalarValue, exec_datafusion_err};
use datafusion::error::Result;
use datafusion::logical_expr::ColumnarValue;

use super::fasttext_model::{Model, model_from_bytes, model_from_path};
use crate::columns::Strings;

enum Source<'a> {
    Path(Strings<'a>),
    Bytes(&'a ArrayRef),
    ConstantBytes(Option<&'a [u8]>),
}

/// The model of each row, loading each distinct model once.
pub struct Models<'a> {
    function: &'a str,
    source: Source<'a>,
    last: Option<((usize, usize), Arc<Model>)>,
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

    /// The model for `row`; `None` when the argument is NULL there. Consecutive rows with the
    /// same argument (a constant, or a repeated value) reuse the last model without a lookup.
    pub fn get(&mut self, row: usize) -> Result<Option<Arc<Model>>> {
        let (argument, path) = match &self.source {
            Source::Path(paths) => match paths.get(row) {
                Some(path) => (path.as_bytes(), Some(path)),
                None => return Ok(None),
            },
            _ => match self.bytes_at(row) {
                Some(bytes) => (bytes, None),
                None => return Ok(None),
            },
        };
        let key = (argument.as_ptr() as usize, argument.len());
        if let Some((last_key, model)) = &self.last
            && *last_key == key
        {
            return Ok(Some(Arc::clone(model)));
        }
        let loaded = match path {
            Some(path) => model_from_path(path),
            None => model_from_bytes(argument),
        };
        let model = loaded.map_err(|e| exec_datafusion_err!("{}: argument 1 (model): {e}", self.function))?;
        self.last = Some((key, Arc::clone(&model)));
        Ok(Some(model))
    }
}
