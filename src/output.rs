//! Printing results as a table, CSV, JSON or newline-delimited JSON, streaming where the format
//! allows.

use std::io::Write;

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::error::ArrowError;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
use datafusion::error::{DataFusionError, Result};
use datafusion::physical_plan::SendableRecordBatchStream;
use futures::StreamExt;

/// Output format of query results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned table, wide cells truncated, at most `maxrows` rows.
    Table,
    /// CSV with a header line.
    Csv,
    /// One JSON array of objects.
    Json,
    /// One JSON object per line.
    Ndjson,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "table" => Ok(Format::Table),
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            "ndjson" | "jsonl" => Ok(Format::Ndjson),
            other => Err(format!("unknown format '{other}' (table, csv, json, ndjson)")),
        }
    }
}

/// How results are printed.
#[derive(Debug, Clone)]
pub struct PrintOptions {
    /// The format.
    pub format: Format,
    /// Rows shown in table format (`None`: all).
    pub maxrows: Option<usize>,
    /// Characters shown per table cell before it is cut with `…`.
    pub max_width: usize,
}

fn arrow_err(e: ArrowError) -> DataFusionError {
    DataFusionError::ArrowError(Box::new(e), None)
}

fn io_err(e: std::io::Error) -> DataFusionError {
    DataFusionError::IoError(e)
}

/// Makes a cell printable on one line: newlines become `↵`, tabs spaces, other control characters
/// `�`; longer than `width` characters, it is cut and ends with `…`.
pub fn clean_cell(value: &str, width: usize) -> String {
    let mut out = String::with_capacity(value.len().min(width * 4));
    for (count, c) in value.chars().enumerate() {
        if count + 1 > width {
            out.pop();
            out.push('…');
            break;
        }
        out.push(match c {
            '\n' => '↵',
            '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        });
    }
    out
}

/// Renders rows as an aligned table.
fn render_table(schema: &SchemaRef, batches: &[RecordBatch], max_width: usize) -> Result<String> {
    let options = FormatOptions::default().with_null("NULL");
    let headers: Vec<String> = schema.fields().iter().map(|f| clean_cell(f.name(), max_width)).collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for batch in batches {
        let formatters = batch
            .columns()
            .iter()
            .map(|c| ArrayFormatter::try_new(c.as_ref(), &options))
            .collect::<Result<Vec<_>, _>>()
            .map_err(arrow_err)?;
        for row in 0..batch.num_rows() {
            rows.push(formatters.iter().map(|f| clean_cell(&f.value(row).to_string(), max_width)).collect());
        }
    }
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let rule = format!("+{}+\n", widths.iter().map(|w| "-".repeat(w + 2)).collect::<Vec<_>>().join("+"));
    let line = |cells: &[String]| {
        let body: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| format!(" {c}{} ", " ".repeat(w - c.chars().count()))).collect();
        format!("|{}|\n", body.join("|"))
    };
    let mut out = rule.clone();
    out.push_str(&line(&headers));
    out.push_str(&rule);
    for row in &rows {
        out.push_str(&line(row));
    }
    out.push_str(&rule);
    Ok(out)
}

/// Hands every batch of `stream` to `write`; returns the number of rows.
async fn drain(
    stream: &mut SendableRecordBatchStream,
    mut write: impl FnMut(&RecordBatch) -> Result<(), ArrowError>,
) -> Result<usize> {
    let mut rows = 0;
    while let Some(batch) = stream.next().await {
        let batch = batch?;
        rows += batch.num_rows();
        write(&batch).map_err(arrow_err)?;
    }
    Ok(rows)
}

/// Streams `stream` to `out` in the chosen format; returns the number of rows in the result.
/// Results without columns (DDL, `SET`) print nothing.
pub async fn print_stream(mut stream: SendableRecordBatchStream, options: &PrintOptions, out: &mut (dyn Write + Send)) -> Result<usize> {
    let schema = stream.schema();
    if schema.fields().is_empty() {
        return drain(&mut stream, |_| Ok(())).await;
    }
    let rows;
    match options.format {
        Format::Table => {
            let mut shown = Vec::new();
            let mut shown_rows = 0usize;
            rows = drain(&mut stream, |batch| {
                let take = options.maxrows.map_or(usize::MAX, |m| m.saturating_sub(shown_rows)).min(batch.num_rows());
                if take > 0 {
                    shown_rows += take;
                    shown.push(batch.slice(0, take));
                }
                Ok(())
            })
            .await?;
            let mut text = render_table(&schema, &shown, options.max_width)?;
            let plural = if rows == 1 { "" } else { "s" };
            if shown_rows < rows {
                text.push_str(&format!("{rows} row{plural} ({shown_rows} shown; --maxrows or \\maxrows to see more)\n"));
            } else {
                text.push_str(&format!("{rows} row{plural}\n"));
            }
            out.write_all(text.as_bytes()).map_err(io_err)?;
        }
        Format::Csv => {
            let mut writer = datafusion::arrow::csv::WriterBuilder::new().with_header(true).build(&mut *out);
            rows = drain(&mut stream, |batch| writer.write(batch)).await?;
        }
        Format::Json => {
            let mut writer = datafusion::arrow::json::ArrayWriter::new(&mut *out);
            rows = drain(&mut stream, |batch| writer.write(batch)).await?;
            writer.finish().map_err(arrow_err)?;
            out.write_all(b"\n").map_err(io_err)?;
        }
        Format::Ndjson => {
            let mut writer = datafusion::arrow::json::LineDelimitedWriter::new(&mut *out);
            rows = drain(&mut stream, |batch| writer.write(batch)).await?;
            writer.finish().map_err(arrow_err)?;
        }
    }
    out.flush().map_err(io_err)?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_one_line_and_cut() {
        assert_eq!(clean_cell("a\nb\tc", 10), "a↵b c");
        assert_eq!(clean_cell("abcdefghij", 5), "abcd…");
        assert_eq!(clean_cell("abcde", 5), "abcde");
        assert_eq!(clean_cell("größer", 4), "grö…");
    }
}
