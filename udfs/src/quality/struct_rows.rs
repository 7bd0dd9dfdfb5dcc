//! Row-by-row building of the struct results of the filter functions
//! (`{pass, reason, ...statistics}`).

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, BooleanBuilder, Float64Builder, Int64Builder, StringBuilder, StructArray};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::error::Result;

/// Arrow fields from `(name, type)` pairs, all nullable.
pub fn fields(spec: &[(&str, DataType)]) -> Fields {
    Fields::from(spec.iter().map(|(name, ty)| Field::new(*name, ty.clone(), true)).collect::<Vec<_>>())
}

enum Column {
    Bool(BooleanBuilder),
    Utf8(StringBuilder),
    Int(Int64Builder),
    Float(Float64Builder),
}

/// Columns of a struct result, filled one row at a time in field order.
pub struct StructRows {
    fields: Fields,
    columns: Vec<Column>,
    valid: Vec<bool>,
    next: usize,
}

impl StructRows {
    /// Empty columns for `fields` (Boolean, Utf8, Int64 and Float64 fields only).
    pub fn new(fields: Fields, rows: usize) -> Self {
        let columns = fields
            .iter()
            .map(|f| match f.data_type() {
                DataType::Boolean => Column::Bool(BooleanBuilder::with_capacity(rows)),
                DataType::Utf8 => Column::Utf8(StringBuilder::with_capacity(rows, rows * 16)),
                DataType::Int64 => Column::Int(Int64Builder::with_capacity(rows)),
                DataType::Float64 => Column::Float(Float64Builder::with_capacity(rows)),
                other => unreachable!("struct_rows: unsupported field type {other}"),
            })
            .collect();
        Self { fields, columns, valid: Vec::with_capacity(rows), next: 0 }
    }

    fn column(&mut self) -> &mut Column {
        let i = self.next;
        self.next += 1;
        &mut self.columns[i]
    }

    /// Appends the next field of the current row, a Boolean.
    pub fn bool(&mut self, v: bool) -> &mut Self {
        match self.column() {
            Column::Bool(b) => b.append_value(v),
            _ => unreachable!("field type mismatch"),
        }
        self
    }

    /// Appends the next field, a string or NULL.
    pub fn str(&mut self, v: Option<&str>) -> &mut Self {
        match self.column() {
            Column::Utf8(b) => b.append_option(v),
            _ => unreachable!("field type mismatch"),
        }
        self
    }

    /// Appends the next field, a count.
    pub fn int(&mut self, v: usize) -> &mut Self {
        match self.column() {
            Column::Int(b) => b.append_value(v as i64),
            _ => unreachable!("field type mismatch"),
        }
        self
    }

    /// Appends the next field, a count or NULL.
    pub fn opt_int(&mut self, v: Option<usize>) -> &mut Self {
        match self.column() {
            Column::Int(b) => b.append_option(v.map(|v| v as i64)),
            _ => unreachable!("field type mismatch"),
        }
        self
    }

    /// Appends the next field, a number or NULL.
    pub fn float(&mut self, v: Option<f64>) -> &mut Self {
        match self.column() {
            Column::Float(b) => b.append_option(v),
            _ => unreachable!("field type mismatch"),
        }
        self
    }

    /// Ends the current row (every field must have been appended).
    pub fn end_row(&mut self) {
        debug_assert_eq!(self.next, self.columns.len(), "every field of the row is appended");
        self.next = 0;
        self.valid.push(true);
    }

    /// Appends a NULL row.
    pub fn null_row(&mut self) {
        for column in &mut self.columns {
            match column {
                Column::Bool(b) => b.append_null(),
                Column::Utf8(b) => b.append_null(),
                Column::Int(b) => b.append_null(),
                Column::Float(b) => b.append_null(),
            }
        }
        self.valid.push(false);
    }

    /// The struct column.
    pub fn finish(self) -> Result<ArrayRef> {
        let columns: Vec<ArrayRef> = self
            .columns
            .into_iter()
            .map(|c| -> ArrayRef {
                match c {
                    Column::Bool(mut b) => Arc::new(b.finish()),
                    Column::Utf8(mut b) => Arc::new(b.finish()),
                    Column::Int(mut b) => Arc::new(b.finish()),
                    Column::Float(mut b) => Arc::new(b.finish()),
                }
            })
            .collect();
        let nulls = NullBuffer::from(self.valid);
        let nulls = (nulls.null_count() > 0).then_some(nulls);
        Ok(Arc::new(StructArray::try_new(self.fields, columns, nulls)?))
    }
}
