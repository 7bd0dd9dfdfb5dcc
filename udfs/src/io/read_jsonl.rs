//! `read_jsonl(path_or_glob [, options])`: JSON Lines corpora as shipped (plain, gzip, zstd).

use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use async_trait::async_trait;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::{Session, TableFunctionArgs, TableFunctionImpl, TableProvider};
use datafusion::common::plan_err;
use datafusion::error::Result;
use datafusion::logical_expr::{Documentation, Expr, TableType};
use datafusion::physical_plan::ExecutionPlan;

use super::DOC_SECTION_IO;
use super::jsonl::{JsonlPartition, OnError, infer_schema};
use super::paths::resolve_files;
use crate::args::{check_arg_count, string_arg};
use crate::source_exec::{PartitionSource, SourceExec};

const NAME: &str = "read_jsonl";
const SYNTAX: &str = "read_jsonl(path_or_glob [, options])";
/// Data extensions a directory scan picks up.
pub const JSONL_EXTENSIONS: [&str; 3] = ["jsonl", "ndjson", "json"];
const DEFAULT_SAMPLE_LINES: usize = 1000;

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_IO,
        "Reads JSON Lines files (one JSON object per line), plain or gzip/zstd-compressed (detected \
         from the bytes), as a table. A path may be a file, a directory (read recursively: .jsonl, \
         .ndjson, .json, optionally .gz/.zst) or a glob; files are read in parallel and streamed. \
         The schema is inferred from the first lines. A malformed line is an error naming the file \
         and line unless options say on_error=skip, which skips and reports the count.",
        SYNTAX,
    )
    .with_sql_example("SELECT count(*), sum(length(text)) FROM read_jsonl('data/*.jsonl.zst');")
    .with_argument("path_or_glob", "A file, a directory, or a glob such as 'crawl/**/*.jsonl.gz'.")
    .with_argument(
        "options",
        "Comma-separated key=value pairs: on_error=fail|skip (default fail), sample_lines=N lines \
         used to infer the schema (default 1000).",
    )
    .build()
});

/// The `read_jsonl` table function.
#[derive(Debug, Default)]
pub struct ReadJsonl;

impl ReadJsonl {
    /// Its documentation.
    pub fn documentation() -> &'static Documentation {
        &DOCUMENTATION
    }
}

/// Parsed `options` of `read_jsonl`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonlOptions {
    /// Fail on or skip malformed lines.
    pub on_error: OnError,
    /// Lines sampled for schema inference.
    pub sample_lines: usize,
}

impl Default for JsonlOptions {
    fn default() -> Self {
        Self { on_error: OnError::Fail, sample_lines: DEFAULT_SAMPLE_LINES }
    }
}

impl JsonlOptions {
    /// Parses `key=value, key=value`; unknown keys and bad values are errors.
    pub fn parse(function: &str, text: &str) -> Result<Self> {
        let mut options = Self::default();
        for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((key, value)) = pair.split_once('=') else {
                return plan_err!("{function}: option '{pair}' is not key=value");
            };
            match (key.trim(), value.trim()) {
                ("on_error", "fail") => options.on_error = OnError::Fail,
                ("on_error", "skip") => options.on_error = OnError::Skip,
                ("on_error", other) => return plan_err!("{function}: on_error must be 'fail' or 'skip', got '{other}'"),
                ("sample_lines", n) => match n.parse::<usize>() {
                    Ok(n) if n > 0 => options.sample_lines = n,
                    _ => return plan_err!("{function}: sample_lines must be a positive integer, got '{n}'"),
                },
                (other, _) => return plan_err!("{function}: unknown option '{other}' (known: on_error, sample_lines)"),
            }
        }
        Ok(options)
    }
}

impl TableFunctionImpl for ReadJsonl {
    fn call_with_args(&self, args: TableFunctionArgs) -> Result<Arc<dyn TableProvider>> {
        let exprs = args.exprs();
        check_arg_count(NAME, exprs, 1, 2, SYNTAX)?;
        let pattern = string_arg(NAME, exprs, 0, "path_or_glob")?;
        let options = match exprs.len() {
            2 => JsonlOptions::parse(NAME, &string_arg(NAME, exprs, 1, "options")?)?,
            _ => JsonlOptions::default(),
        };
        let files = resolve_files(NAME, &pattern, &JSONL_EXTENSIONS)?;
        Ok(Arc::new(JsonlTable::try_new(NAME, files, options)?))
    }
}

/// A table over JSON Lines files.
#[derive(Debug)]
pub struct JsonlTable {
    function: &'static str,
    files: Vec<(PathBuf, u64)>,
    schema: SchemaRef,
    on_error: OnError,
}

impl JsonlTable {
    /// A table over `paths`, its schema inferred from their first lines; `function` names the
    /// caller in errors.
    pub fn try_new(function: &'static str, paths: Vec<PathBuf>, options: JsonlOptions) -> Result<Self> {
        let schema = infer_schema(function, &paths, options.sample_lines, options.on_error)?;
        let files = paths
            .into_iter()
            .map(|p| {
                let size = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
                (p, size)
            })
            .collect();
        Ok(Self { function, files, schema: Arc::new(schema), on_error: options.on_error })
    }
}

/// Splits files into at most `n` groups of similar total size (largest first, greedy).
fn balance(files: &[(PathBuf, u64)], n: usize) -> Vec<Vec<PathBuf>> {
    let n = n.clamp(1, files.len().max(1));
    let mut order: Vec<&(PathBuf, u64)> = files.iter().collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut groups: Vec<(u64, Vec<PathBuf>)> = vec![(0, Vec::new()); n];
    for (path, size) in order {
        let lightest = groups.iter_mut().min_by_key(|(total, _)| *total).expect("n >= 1");
        lightest.0 += size;
        lightest.1.push(path.clone());
    }
    groups.into_iter().map(|(_, mut g)| {
        g.sort();
        g
    }).filter(|g| !g.is_empty()).collect()
}

#[async_trait]
impl TableProvider for JsonlTable {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        _limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let schema = match projection {
            Some(indices) => Arc::new(self.schema.project(indices)?),
            None => Arc::clone(&self.schema),
        };
        let target = state.config().target_partitions();
        let partitions: Vec<Arc<dyn PartitionSource>> = balance(&self.files, target)
            .into_iter()
            .map(|files| Arc::new(JsonlPartition::new(self.function, files, Arc::clone(&schema), self.on_error)) as _)
            .collect();
        Ok(Arc::new(SourceExec::new("JsonlScanExec", schema, partitions)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse_and_reject() {
        assert_eq!(JsonlOptions::parse("f", "").unwrap(), JsonlOptions::default());
        let o = JsonlOptions::parse("f", " on_error = skip , sample_lines=5").unwrap();
        assert_eq!(o, JsonlOptions { on_error: OnError::Skip, sample_lines: 5 });
        assert!(JsonlOptions::parse("f", "on_error=maybe").unwrap_err().to_string().contains("'fail' or 'skip'"));
        assert!(JsonlOptions::parse("f", "colour=red").unwrap_err().to_string().contains("unknown option 'colour'"));
        assert!(JsonlOptions::parse("f", "sample_lines=0").is_err());
    }

    #[test]
    fn balance_spreads_by_size() {
        let files: Vec<(PathBuf, u64)> = [("a", 100), ("b", 60), ("c", 50), ("d", 10)]
            .iter()
            .map(|(n, s)| (PathBuf::from(n), *s))
            .collect();
        let groups = balance(&files, 2);
        assert_eq!(groups, vec![vec![PathBuf::from("a"), PathBuf::from("d")], vec![PathBuf::from("b"), PathBuf::from("c")]]);
        assert_eq!(balance(&files, 16).len(), 4);
    }
}
