//! SQL-level tests: every `tests/slt/*.slt` file runs in a fresh siftql session (the same
//! context and statement execution the CLI uses). `__SCRATCH__` in a statement is replaced by a
//! per-file temporary directory; a newline inside a value prints as `\n`. Run one file with `cargo test --release --test sqllogictests -- NAME`.

use std::path::{Path, PathBuf};


use async_trait::async_trait;
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
use datafusion::error::DataFusionError;
use datafusion::prelude::SessionContext;
use futures::TryStreamExt;
use siftql::session::{SessionOptions, build_context};
use sqllogictest::{AsyncDB, DBOutput, DefaultColumnType, Runner};

struct Siftql {
    ctx: SessionContext,
    scratch: PathBuf,
}

fn column_type(data_type: &DataType) -> DefaultColumnType {
    match data_type {
        t if t.is_integer() => DefaultColumnType::Integer,
        t if t.is_floating() || matches!(t, DataType::Decimal128(..) | DataType::Decimal256(..)) => DefaultColumnType::FloatingPoint,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => DefaultColumnType::Text,
        _ => DefaultColumnType::Any,
    }
}

#[async_trait]
impl AsyncDB for Siftql {
    type Error = DataFusionError;
    type ColumnType = DefaultColumnType;

    async fn run(&mut self, sql: &str) -> Result<DBOutput<DefaultColumnType>, DataFusionError> {
        let sql = sql.replace("__SCRATCH__", self.scratch.to_str().expect("utf-8 temp dir"));
        let started = siftql::statement::start(&self.ctx, &sql).await?;
        let schema = started.stream.schema();
        let batches: Vec<_> = started.stream.try_collect().await?;
        started.completion.commit()?;
        if schema.fields().is_empty() {
            return Ok(DBOutput::StatementComplete(0));
        }
        let options = FormatOptions::default().with_null("NULL");
        let mut rows = Vec::new();
        for batch in &batches {
            let formatters = batch
                .columns()
                .iter()
                .map(|c| ArrayFormatter::try_new(c.as_ref(), &options))
                .collect::<Result<Vec<_>, _>>()?;
            for row in 0..batch.num_rows() {
                rows.push(
                    formatters
                        .iter()
                        .map(|f| match f.value(row).to_string() {
                            s if s.is_empty() => "(empty)".to_string(),
                            s => s.replace('\n', "\\n"),
                        })
                        .collect(),
                );
            }
        }
        let types = schema.fields().iter().map(|f| column_type(f.data_type())).collect();
        Ok(DBOutput::Rows { types, rows })
    }

    async fn shutdown(&mut self) {}

    fn engine_name(&self) -> &str {
        "siftql"
    }
}

async fn run_file(path: &Path) -> Result<(), String> {
    let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
    let scratch_path = scratch.path().to_path_buf();
    let mut runner = Runner::new(move || {
        let scratch = scratch_path.clone();
        async move {
            let ctx = build_context(&SessionOptions::default())?;
            Ok(Siftql { ctx, scratch })
        }
    });
    runner.with_column_validator(|_, _| true);
    runner.run_file_async(path).await.map_err(|e| format!("{e}"))
}

fn main() {
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/slt");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/slt exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "slt"))
        .filter(|p| filter.is_empty() || filter.iter().any(|f| p.to_string_lossy().contains(f.as_str())))
        .collect();
    files.sort();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let mut failed = Vec::new();
    for file in &files {
        let name = file.file_name().unwrap_or_default().to_string_lossy().to_string();
        match runtime.block_on(run_file(file)) {
            Ok(()) => println!("ok      {name}"),
            Err(e) => {
                println!("FAILED  {name}\n{e}");
                failed.push(name);
            }
        }
    }
    println!("\n{} slt file(s), {} failed", files.len(), failed.len());
    if !failed.is_empty() {
        std::process::exit(1);
    }
}

