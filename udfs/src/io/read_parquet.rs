//! `read_parquet(path_or_glob)`: Parquet corpora, with every footer checked up front so a
//! corrupt or truncated file is an error that names it.

use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::{Field, Schema};
use datafusion::catalog::{Session, TableFunctionArgs, TableFunctionImpl, TableProvider};
use datafusion::common::plan_err;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl};
use datafusion::error::Result;
use datafusion::logical_expr::Documentation;

use super::DOC_SECTION_IO;
use super::block_on::block_on;
use super::file_error_context::NamedErrorsTable;
use super::paths::resolve_files;
use crate::args::{check_arg_count, string_arg};

const NAME: &str = "read_parquet";
const SYNTAX: &str = "read_parquet(path_or_glob)";

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_IO,
        "Reads Parquet files as one table: a file, a directory (read recursively) or a glob. \
         Schemas of all files are merged; a file that is not valid Parquet, or a corrupt page, is an \
         error naming the file (and the byte range being read). \
         Scans are parallel, with projection, predicate and row-group pruning.",
        SYNTAX,
    )
    .with_sql_example("SELECT url FROM read_parquet('crawl/*.parquet') WHERE length(text) > 1000;")
    .with_argument("path_or_glob", "A file, a directory, or a glob such as 'shards/part-*.parquet'.")
    .build()
});

/// The `read_parquet` table function.
#[derive(Debug, Default)]
pub struct ReadParquet;

impl ReadParquet {
    /// Its documentation.
    pub fn documentation() -> &'static Documentation {
        &DOCUMENTATION
    }
}

impl TableFunctionImpl for ReadParquet {
    fn call_with_args(&self, args: TableFunctionArgs) -> Result<Arc<dyn TableProvider>> {
        let exprs = args.exprs();
        check_arg_count(NAME, exprs, 1, 1, SYNTAX)?;
        let pattern = string_arg(NAME, exprs, 0, "path_or_glob")?;
        let files = resolve_files(NAME, &pattern, &["parquet"])?;
        parquet_table(NAME, &files, args.session())
    }
}

/// A listing table over Parquet `files`, their schemas merged; `function` names the caller, and
/// read errors name the file.
pub fn parquet_table(function: &'static str, files: &[PathBuf], session: &dyn Session) -> Result<Arc<dyn TableProvider>> {
    let options = ListingOptions::new(Arc::new(ParquetFormat::default().with_options(session.table_options().parquet.clone())))
        .with_file_extension(String::new());
    let urls = files.iter().map(|f| file_url(function, f)).collect::<Result<Vec<_>>>()?;
    let schema = block_on(async {
        let mut schemas = Vec::with_capacity(urls.len());
        for (url, path) in urls.iter().zip(files) {
            match options.infer_schema(session, url).await {
                Ok(schema) => schemas.push(schema.as_ref().clone()),
                Err(e) => return plan_err!("{function}: '{}' is not a readable Parquet file: {e}", path.display()),
            }
        }
        merge_schemas(schemas).or_else(|e| plan_err!("{function}: the files' schemas conflict: {e}"))
    })?;
    let config = ListingTableConfig::new_with_multi_paths(urls)
        .with_listing_options(options)
        .with_schema(Arc::new(schema));
    Ok(Arc::new(NamedErrorsTable::new(function, ListingTable::try_new(config)?)))
}

/// Merges file schemas; a column missing from some files becomes nullable there.
fn merge_schemas(schemas: Vec<Schema>) -> std::result::Result<Schema, datafusion::arrow::error::ArrowError> {
    let count = schemas.len();
    let in_all = |name: &str| schemas.iter().filter(|s| s.field_with_name(name).is_ok()).count() == count;
    let merged = Schema::try_merge(schemas.clone())?;
    let fields: Vec<Field> = merged
        .fields()
        .iter()
        .map(|f| if in_all(f.name()) { f.as_ref().clone() } else { f.as_ref().clone().with_nullable(true) })
        .collect();
    Ok(Schema::new_with_metadata(fields, merged.metadata().clone()))
}

fn file_url(function: &str, path: &PathBuf) -> Result<ListingTableUrl> {
    let absolute = match std::path::absolute(path) {
        Ok(p) => p,
        Err(e) => return plan_err!("{function}: cannot resolve '{}': {e}", path.display()),
    };
    let Some(text) = absolute.to_str() else {
        return plan_err!("{function}: path '{}' is not valid UTF-8", path.display());
    };
    ListingTableUrl::parse(text)
}
