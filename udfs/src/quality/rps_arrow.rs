//! Arrow columns of RedPajama-V2 signals: the `rps_signals` struct and the
//! single-signal results, accumulated row by row.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, Float64Array, Int64Array, ListArray, StructArray};
use datafusion::arrow::buffer::{NullBuffer, OffsetBuffer};
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::error::Result;

use super::rps::signals::{DOC_SIGNALS, DocSignal, LINE_SIGNALS, LineSignal, RpsSignals};

/// Arrow type of a document-level signal (`Int64` for the word count, else `Float64`).
pub fn doc_type(signal: DocSignal) -> DataType {
    if signal == DocSignal::WordCount { DataType::Int64 } else { DataType::Float64 }
}

/// Arrow type of one value of a line-level signal.
pub fn line_value_type(signal: LineSignal) -> DataType {
    if signal == LineSignal::NumWords { DataType::Int64 } else { DataType::Float64 }
}

fn span_fields() -> Fields {
    Fields::from(vec![Field::new("start", DataType::Int64, false), Field::new("end", DataType::Int64, false)])
}

/// `{start, end, value}`: one line of a single line-level signal.
fn line_value_fields(signal: LineSignal) -> Fields {
    let mut fields: Vec<Field> = span_fields().iter().map(|f| f.as_ref().clone()).collect();
    fields.push(Field::new("value", line_value_type(signal), false));
    Fields::from(fields)
}

/// Return type of a single line-level signal function: a list of `{start, end, value}`.
pub fn line_signal_type(signal: LineSignal) -> DataType {
    DataType::List(Arc::new(Field::new_struct("item", line_value_fields(signal), true)))
}

/// Fields of the `rps_signals` struct: the 22 document signals, `line_spans`, the 6 line signals.
pub fn signals_fields() -> Fields {
    let mut fields: Vec<Field> =
        DOC_SIGNALS.iter().map(|&(signal, name)| Field::new(name, doc_type(signal), true)).collect();
    fields.push(Field::new_list("line_spans", Field::new_struct("item", span_fields(), true), true));
    for (signal, name) in LINE_SIGNALS {
        fields.push(Field::new_list(name, Field::new("item", line_value_type(signal), true), true));
    }
    Fields::from(fields)
}

/// Signals of a batch of documents, row by row (`None` for a NULL row).
#[derive(Default)]
pub struct RpsColumns {
    valid: Vec<bool>,
    doc: Vec<Vec<Option<f64>>>,
    offsets: Vec<i32>,
    starts: Vec<i64>,
    ends: Vec<i64>,
    lines: Vec<Vec<f64>>,
}

impl RpsColumns {
    /// An empty accumulator for `rows` rows.
    pub fn with_capacity(rows: usize) -> Self {
        Self {
            valid: Vec::with_capacity(rows),
            doc: vec![Vec::with_capacity(rows); DOC_SIGNALS.len()],
            offsets: vec![0],
            lines: vec![Vec::new(); LINE_SIGNALS.len()],
            ..Default::default()
        }
    }

    /// Appends one row.
    pub fn push(&mut self, signals: Option<&RpsSignals>) -> Result<()> {
        self.valid.push(signals.is_some());
        for (i, column) in self.doc.iter_mut().enumerate() {
            column.push(signals.and_then(|s| s.doc[i]));
        }
        if let Some(s) = signals {
            for &(start, end) in &s.line_spans {
                self.starts.push(start as i64);
                self.ends.push(end as i64);
            }
            for (i, column) in self.lines.iter_mut().enumerate() {
                if !s.lines[i].is_empty() {
                    column.extend_from_slice(&s.lines[i]);
                }
            }
        }
        let end = i32::try_from(self.starts.len()).map_err(|_| {
            datafusion::error::DataFusionError::Execution(
                "rps signals: more than 2^31 lines in one batch; use a smaller batch size".to_string(),
            )
        })?;
        self.offsets.push(end);
        Ok(())
    }

    fn nulls(&self) -> Option<NullBuffer> {
        let nulls = NullBuffer::from(self.valid.clone());
        (nulls.null_count() > 0).then_some(nulls)
    }

    fn doc_array(&self, signal: DocSignal) -> ArrayRef {
        let values = &self.doc[signal as usize];
        if signal == DocSignal::WordCount {
            Arc::new(values.iter().map(|v| v.map(|v| v as i64)).collect::<Int64Array>())
        } else {
            Arc::new(values.iter().copied().collect::<Float64Array>())
        }
    }

    fn take_line_values(&mut self, signal: LineSignal) -> ArrayRef {
        let values = std::mem::take(&mut self.lines[signal as usize]);
        if signal == LineSignal::NumWords {
            Arc::new(values.into_iter().map(|v| v as i64).collect::<Int64Array>())
        } else {
            Arc::new(Float64Array::from(values))
        }
    }

    fn take_span_columns(&mut self) -> Vec<ArrayRef> {
        vec![
            Arc::new(Int64Array::from(std::mem::take(&mut self.starts))),
            Arc::new(Int64Array::from(std::mem::take(&mut self.ends))),
        ]
    }

    /// A list column over `values` with the rows' line offsets (shared by every line list).
    fn list(offsets: &OffsetBuffer<i32>, nulls: Option<NullBuffer>, item: Field, values: ArrayRef) -> Result<ArrayRef> {
        Ok(Arc::new(ListArray::try_new(Arc::new(item), offsets.clone(), values, nulls)?))
    }

    /// The `rps_signals` struct column.
    pub fn finish_struct(mut self) -> Result<ArrayRef> {
        let nulls = self.nulls();
        let offsets = OffsetBuffer::new(std::mem::take(&mut self.offsets).into());
        let mut columns: Vec<ArrayRef> = DOC_SIGNALS.iter().map(|&(s, _)| self.doc_array(s)).collect();
        let spans = Arc::new(StructArray::try_new(span_fields(), self.take_span_columns(), None)?);
        columns.push(Self::list(&offsets, nulls.clone(), Field::new_struct("item", span_fields(), true), spans)?);
        for (signal, _) in LINE_SIGNALS {
            let item = Field::new("item", line_value_type(signal), true);
            columns.push(Self::list(&offsets, nulls.clone(), item, self.take_line_values(signal))?);
        }
        Ok(Arc::new(StructArray::try_new(signals_fields(), columns, nulls)?))
    }

    /// The column of one document-level signal.
    pub fn finish_doc(self, signal: DocSignal) -> ArrayRef {
        self.doc_array(signal)
    }

    /// The column of one line-level signal: a list of `{start, end, value}` per row.
    pub fn finish_line(mut self, signal: LineSignal) -> Result<ArrayRef> {
        let nulls = self.nulls();
        let offsets = OffsetBuffer::new(std::mem::take(&mut self.offsets).into());
        let mut columns = self.take_span_columns();
        columns.push(self.take_line_values(signal));
        let items = Arc::new(StructArray::try_new(line_value_fields(signal), columns, None)?);
        Self::list(&offsets, nulls, Field::new_struct("item", line_value_fields(signal), true), items)
    }
}
