//! `read_domain_lists(dir [, categories])`: a UT1-style block-list directory
//! (`<dir>/<category>/domains`, one domain per line) as a (category, domain) table.

use std::path::Path;
use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{ArrayRef, StringBuilder};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::catalog::{TableFunctionArgs, TableFunctionImpl, TableProvider};
use datafusion::common::{plan_datafusion_err, plan_err};
use datafusion::datasource::MemTable;
use datafusion::error::Result;
use datafusion::logical_expr::Documentation;

use super::DOC_SECTION_DOMAIN;
use crate::args::{check_arg_count, string_arg};

const NAME: &str = "read_domain_lists";
const SYNTAX: &str = "read_domain_lists(dir [, categories])";

/// Rows per record batch of the table.
const BATCH_ROWS: usize = 65_536;

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DOMAIN,
        "Reads a block-list directory in the layout of the UT1 blacklists (Université Toulouse \
         Capitole): one sub-directory per category holding a file named domains with one domain \
         (or IP address) per line. Returns (category, domain), categories in name order and domains \
         in file order; domains are trimmed, ASCII-lower-cased and stripped of a trailing dot, and \
         blank lines and lines starting with # are skipped. Sub-directories without a domains file \
         are ignored. The lists are held in memory (about the size of the files plus 8 bytes a \
         domain). Tag documents by joining on url_parts(url)['registered_domain'] (see \
         queries/url_blocklist.sql).",
        SYNTAX,
    )
    .with_sql_example("SELECT category, count(*) FROM read_domain_lists('/data/ut1/blacklists', 'adult,gambling') GROUP BY category;")
    .with_argument("dir", "The directory holding one sub-directory per category.")
    .with_argument("categories", "Comma-separated categories to read (default or '': all).")
    .build()
});

/// The `read_domain_lists` table function.
#[derive(Debug, Default)]
pub struct ReadDomainLists;

impl ReadDomainLists {
    /// Its documentation.
    pub fn documentation() -> &'static Documentation {
        &DOCUMENTATION
    }
}

/// The categories of `dir` (sub-directories with a `domains` file), sorted.
fn list_categories(dir: &Path) -> Result<Vec<String>> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| plan_datafusion_err!("{NAME}: argument 1 (dir): cannot read directory '{}': {e}", dir.display()))?;
    let mut categories = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| plan_datafusion_err!("{NAME}: cannot read directory '{}': {e}", dir.display()))?;
        if entry.path().join("domains").is_file() {
            categories.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    categories.sort();
    Ok(categories)
}

/// The domain of one list line: trimmed, lower-cased, without a trailing dot; `None` for blank
/// and comment lines.
fn domain_of(line: &str) -> Option<String> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let domain = line.trim_end_matches('.');
    (!domain.is_empty()).then(|| domain.to_ascii_lowercase())
}

impl TableFunctionImpl for ReadDomainLists {
    fn call_with_args(&self, args: TableFunctionArgs) -> Result<Arc<dyn TableProvider>> {
        let exprs = args.exprs();
        check_arg_count(NAME, exprs, 1, 2, SYNTAX)?;
        let dir = string_arg(NAME, exprs, 0, "dir")?;
        let dir = Path::new(&dir);
        let available = list_categories(dir)?;
        if available.is_empty() {
            return plan_err!("{NAME}: '{}' has no <category>/domains files", dir.display());
        }
        let wanted = match exprs.get(1) {
            None => String::new(),
            Some(_) => string_arg(NAME, exprs, 1, "categories")?,
        };
        let categories = match wanted.trim() {
            "" => available,
            wanted => {
                let mut chosen = Vec::new();
                for c in wanted.split(',').map(str::trim).filter(|c| !c.is_empty()) {
                    if !available.iter().any(|a| a == c) {
                        return plan_err!(
                            "{NAME}: argument 2 (categories): no category '{c}' in '{}'; it has: {}",
                            dir.display(),
                            available.join(", ")
                        );
                    }
                    chosen.push(c.to_string());
                }
                chosen.sort();
                chosen.dedup();
                chosen
            }
        };
        let schema = Arc::new(Schema::new(vec![
            Field::new("category", DataType::Utf8, false),
            Field::new("domain", DataType::Utf8, false),
        ]));
        let mut batches = Vec::new();
        let (mut category_column, mut domain_column) = (StringBuilder::new(), StringBuilder::new());
        let mut rows = 0;
        for category in &categories {
            let path = dir.join(category).join("domains");
            let bytes = std::fs::read(&path)
                .map_err(|e| plan_datafusion_err!("{NAME}: cannot read '{}': {e}", path.display()))?;
            for domain in String::from_utf8_lossy(&bytes).lines().filter_map(domain_of) {
                category_column.append_value(category);
                domain_column.append_value(&domain);
                rows += 1;
                if rows == BATCH_ROWS {
                    let columns: Vec<ArrayRef> = vec![Arc::new(category_column.finish()), Arc::new(domain_column.finish())];
                    batches.push(RecordBatch::try_new(Arc::clone(&schema), columns)?);
                    rows = 0;
                }
            }
        }
        let columns: Vec<ArrayRef> = vec![Arc::new(category_column.finish()), Arc::new(domain_column.finish())];
        batches.push(RecordBatch::try_new(Arc::clone(&schema), columns)?);
        Ok(Arc::new(MemTable::try_new(schema, vec![batches])?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_lines() {
        assert_eq!(domain_of("  Example.COM. \r"), Some("example.com".to_string()));
        assert_eq!(domain_of("10.0.0.1"), Some("10.0.0.1".to_string()));
        assert_eq!(domain_of("# comment"), None);
        assert_eq!(domain_of("   "), None);
        assert_eq!(domain_of("."), None);
    }
}
