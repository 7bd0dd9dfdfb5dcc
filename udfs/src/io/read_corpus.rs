//! `read_corpus(source)`: one entry point for scripts whose input may be a synthetic corpus, a
//! JSON Lines or a Parquet corpus, chosen by a string the user passes with `--set input=...`.

use std::sync::{Arc, LazyLock};

use datafusion::catalog::{TableFunctionArgs, TableFunctionImpl, TableProvider};
use datafusion::common::plan_err;
use datafusion::error::Result;
use datafusion::logical_expr::Documentation;

use super::DOC_SECTION_IO;
use super::paths::{data_extension, resolve_files};
use super::read_jsonl::{JSONL_EXTENSIONS, JsonlOptions, JsonlTable};
use super::read_parquet::parquet_table;
use crate::args::{check_arg_count, string_arg};
use crate::corpus::SyntheticCorpusTable;

const NAME: &str = "read_corpus";
const SYNTAX: &str = "read_corpus(source)";

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_IO,
        "Reads a corpus named by one string: 'synthetic:N' or 'synthetic:N:SEED' (the generated \
         sample corpus, seed 42 by default), or a Parquet or JSON Lines file, directory or glob \
         (the format is taken from the files' extensions; all files must share one format).",
        SYNTAX,
    )
    .with_sql_example("SELECT count(*) FROM read_corpus('synthetic:1000');")
    .with_argument("source", "'synthetic:N[:SEED]', or a path, directory or glob of .parquet or .jsonl/.ndjson/.json[.gz|.zst] files.")
    .build()
});

/// The `read_corpus` table function.
#[derive(Debug, Default)]
pub struct ReadCorpus;

impl ReadCorpus {
    /// Its documentation.
    pub fn documentation() -> &'static Documentation {
        &DOCUMENTATION
    }
}

/// Parses `synthetic:N[:SEED]`.
fn parse_synthetic(spec: &str) -> Result<(u64, u64)> {
    let mut parts = spec.split(':').skip(1);
    let n = parts.next().and_then(|n| n.trim().parse::<u64>().ok());
    let seed = match parts.next() {
        Some(s) => s.trim().parse::<u64>().ok(),
        None => Some(42),
    };
    match (n, seed, parts.next()) {
        (Some(n), Some(seed), None) => Ok((n, seed)),
        _ => plan_err!("{NAME}: expected 'synthetic:N' or 'synthetic:N:SEED' with non-negative integers, got '{spec}'"),
    }
}

impl TableFunctionImpl for ReadCorpus {
    fn call_with_args(&self, args: TableFunctionArgs) -> Result<Arc<dyn TableProvider>> {
        let exprs = args.exprs();
        check_arg_count(NAME, exprs, 1, 1, SYNTAX)?;
        let source = string_arg(NAME, exprs, 0, "source")?;
        if source.starts_with("synthetic:") {
            let (n_docs, seed) = parse_synthetic(&source)?;
            return Ok(Arc::new(SyntheticCorpusTable::new(n_docs, seed)));
        }
        let mut extensions = vec!["parquet"];
        extensions.extend(JSONL_EXTENSIONS);
        let files = resolve_files(NAME, &source, &extensions)?;
        let is_parquet = |f: &std::path::PathBuf| data_extension(f).as_deref() == Some("parquet");
        let is_jsonl = |f: &std::path::PathBuf| data_extension(f).is_some_and(|e| JSONL_EXTENSIONS.contains(&e.as_str()));
        if files.iter().all(is_parquet) {
            parquet_table(NAME, &files, args.session())
        } else if files.iter().all(is_jsonl) {
            Ok(Arc::new(JsonlTable::try_new(NAME, files, JsonlOptions::default())?))
        } else {
            let odd = files.iter().find(|f| !is_parquet(f) && !is_jsonl(f)).unwrap_or(&files[0]);
            plan_err!(
                "{NAME}: '{source}' must be all Parquet or all JSON Lines files; cannot tell the format of '{}' (mixed or unknown extension)",
                odd.display()
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_spec() {
        assert_eq!(parse_synthetic("synthetic:100").unwrap(), (100, 42));
        assert_eq!(parse_synthetic("synthetic:5:7").unwrap(), (5, 7));
        assert!(parse_synthetic("synthetic:x").is_err());
        assert!(parse_synthetic("synthetic:1:2:3").is_err());
    }
}
