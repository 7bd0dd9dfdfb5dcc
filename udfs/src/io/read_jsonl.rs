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
use super::jsonl::{Compression, FilePiece, JsonlPartition, OnError, infer_schema};
use super::paths::resolve_files;
use crate::args::{check_arg_count, string_arg};
use crate::source_exec::{PartitionSource, SourceExec};

const NAME: &str = "read_jsonl";
const SYNTAX: &str = "read_jsonl(path_or_glob [, options])";
/// Data extensions a directory scan picks up.
pub const JSONL_EXTENSIONS: [&str; 3] = ["jsonl", "ndjson", "json"];
const DEFAULT_SAMPLE_LINES: usize = 1000;
/// Default smallest part of a plain file that a partition reads on its own.
const DEFAULT_SPLIT_BYTES: u64 = 8 << 20;

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_IO,
        "Reads JSON Lines files (one JSON object per line), plain or gzip/zstd-compressed (detected \
         from the bytes), as a table. A path may be a file, a directory (read recursively: .jsonl, \
         .ndjson, .json, optionally .gz/.zst) or a glob; files are read in parallel and streamed. \
         With fewer files than partitions, plain files are cut into byte ranges at line breaks, \
         so that one large file is also read and parsed in parallel. \
         The schema is inferred from the first lines. A malformed line is an error naming the file \
         and line unless options say on_error=skip, which skips and reports the count.",
        SYNTAX,
    )
    .with_sql_example("SELECT count(*), sum(length(text)) FROM read_jsonl('data/*.jsonl.zst');")
    .with_argument("path_or_glob", "A file, a directory, or a glob such as 'crawl/**/*.jsonl.gz'.")
    .with_argument(
        "options",
        "Comma-separated key=value pairs: on_error=fail|skip (default fail), sample_lines=N lines \
         used to infer the schema (default 1000), split_bytes=N the smallest byte range of a plain \
         file read by one partition (default 8388608; 0 never cuts files).",
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
    /// The smallest byte range of a plain file that one partition reads (0: files are not cut).
    pub split_bytes: u64,
}

impl Default for JsonlOptions {
    fn default() -> Self {
        Self { on_error: OnError::Fail, sample_lines: DEFAULT_SAMPLE_LINES, split_bytes: DEFAULT_SPLIT_BYTES }
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
                ("split_bytes", n) => match n.parse::<u64>() {
                    Ok(n) => options.split_bytes = n,
                    _ => return plan_err!("{function}: split_bytes must be a non-negative integer, got '{n}'"),
                },
                (other, _) => {
                    return plan_err!("{function}: unknown option '{other}' (known: on_error, sample_lines, split_bytes)");
                }
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

/// A JSON Lines file of a table.
#[derive(Debug, Clone)]
struct JsonlFile {
    path: PathBuf,
    size: u64,
    /// Plain text, which can be cut into byte ranges.
    plain: bool,
}

/// A table over JSON Lines files.
#[derive(Debug)]
pub struct JsonlTable {
    function: &'static str,
    files: Vec<JsonlFile>,
    schema: SchemaRef,
    on_error: OnError,
    split_bytes: u64,
}

impl JsonlTable {
    /// A table over `paths`, its schema inferred from their first lines; `function` names the
    /// caller in errors.
    pub fn try_new(function: &'static str, paths: Vec<PathBuf>, options: JsonlOptions) -> Result<Self> {
        let schema = infer_schema(function, &paths, options.sample_lines, options.on_error)?;
        let files = paths
            .into_iter()
            .map(|path| {
                let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                let plain = Compression::of_file(&path).is_ok_and(|c| c == Compression::None);
                JsonlFile { path, size, plain }
            })
            .collect();
        Ok(Self { function, files, schema: Arc::new(schema), on_error: options.on_error, split_bytes: options.split_bytes })
    }
}

/// The pieces `n` partitions read, with their sizes: whole files, except that with fewer files
/// than partitions a plain file is cut into equal byte ranges of about an n-th of the total,
/// none smaller than `split_bytes` (0: no file is cut).
fn pieces(files: &[JsonlFile], n: usize, split_bytes: u64) -> Vec<(FilePiece, u64)> {
    let total: u64 = files.iter().map(|f| f.size).sum();
    let per_partition = total.div_ceil(n.max(1) as u64).max(1);
    let mut out = Vec::new();
    for file in files {
        let cut = split_bytes > 0 && files.len() < n && file.plain;
        let count = if cut { file.size.div_ceil(per_partition).min(file.size / split_bytes).max(1) } else { 1 };
        for i in 0..count {
            let start = file.size * i / count;
            let end = (i + 1 < count).then(|| file.size * (i + 1) / count);
            let piece = FilePiece { path: file.path.clone(), start, end };
            out.push((piece, end.unwrap_or(file.size) - start));
        }
    }
    out
}

/// Splits pieces into at most `n` groups of similar total size (largest first, greedy), each
/// in file and byte order.
fn balance(pieces: Vec<(FilePiece, u64)>, n: usize) -> Vec<Vec<FilePiece>> {
    let n = n.clamp(1, pieces.len().max(1));
    let mut order = pieces;
    order.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut groups: Vec<(u64, Vec<FilePiece>)> = vec![(0, Vec::new()); n];
    for (piece, size) in order {
        let lightest = groups.iter_mut().min_by_key(|(total, _)| *total).expect("n >= 1");
        lightest.0 += size;
        lightest.1.push(piece);
    }
    groups
        .into_iter()
        .map(|(_, mut g)| {
            g.sort();
            g
        })
        .filter(|g| !g.is_empty())
        .collect()
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
        let partitions: Vec<Arc<dyn PartitionSource>> = balance(pieces(&self.files, target, self.split_bytes), target)
            .into_iter()
            .map(|group| Arc::new(JsonlPartition::new(self.function, group, Arc::clone(&schema), self.on_error)) as _)
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
        assert_eq!(o, JsonlOptions { on_error: OnError::Skip, sample_lines: 5, split_bytes: DEFAULT_SPLIT_BYTES });
        assert_eq!(JsonlOptions::parse("f", "split_bytes=0").unwrap().split_bytes, 0);
        assert!(JsonlOptions::parse("f", "split_bytes=-1").is_err());
        assert!(JsonlOptions::parse("f", "on_error=maybe").unwrap_err().to_string().contains("'fail' or 'skip'"));
        assert!(JsonlOptions::parse("f", "colour=red").unwrap_err().to_string().contains("unknown option 'colour'"));
        assert!(JsonlOptions::parse("f", "sample_lines=0").is_err());
    }

    fn file(name: &str, size: u64, plain: bool) -> JsonlFile {
        JsonlFile { path: PathBuf::from(name), size, plain }
    }

    fn whole(name: &str, size: u64) -> (FilePiece, u64) {
        (FilePiece::whole(PathBuf::from(name)), size)
    }

    #[test]
    fn balance_spreads_by_size() {
        let pieces = vec![whole("a", 100), whole("b", 60), whole("c", 50), whole("d", 10)];
        let groups = balance(pieces.clone(), 2);
        let names = |g: &Vec<FilePiece>| g.iter().map(|p| p.path.to_string_lossy().into_owned()).collect::<Vec<_>>();
        assert_eq!(groups.iter().map(names).collect::<Vec<_>>(), vec![vec!["a", "d"], vec!["b", "c"]]);
        assert_eq!(balance(pieces, 16).len(), 4);
    }

    #[test]
    fn only_plain_files_are_cut_and_only_for_spare_partitions() {
        let one = [file("big", 100, true)];
        let cut = pieces(&one, 4, 10);
        let ranges: Vec<(u64, Option<u64>)> = cut.iter().map(|(p, _)| (p.start, p.end)).collect();
        assert_eq!(ranges, vec![(0, Some(25)), (25, Some(50)), (50, Some(75)), (75, None)]);
        assert_eq!(cut.iter().map(|(_, size)| size).sum::<u64>(), 100);
        // Pieces are at least split_bytes; 0 never cuts; compressed files and enough files are whole.
        assert_eq!(pieces(&one, 4, 40).len(), 2);
        assert_eq!(pieces(&one, 4, 0).len(), 1);
        assert_eq!(pieces(&[file("big.gz", 100, false)], 4, 10).len(), 1);
        assert_eq!(pieces(&[file("a", 100, true), file("b", 100, true)], 2, 10).len(), 2);
    }
}
