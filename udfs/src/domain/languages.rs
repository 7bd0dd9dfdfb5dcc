//! `languages()`: the ISO 639-3 code table behind `lang_normalize`.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{ArrayRef, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::catalog::{TableFunctionArgs, TableFunctionImpl, TableProvider};
use datafusion::datasource::MemTable;
use datafusion::error::Result;
use datafusion::logical_expr::Documentation;

use super::DOC_SECTION_DOMAIN;
use super::iso639::{Language, languages, normalize};
use crate::args::check_arg_count;

const NAME: &str = "languages";
const SYNTAX: &str = "languages()";

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DOMAIN,
        "The ISO 639-3 code table (SIL's code tables of 2026-07-15, 7,927 codes): one row per \
         code with columns code, name (SIL's reference name), scope ('individual', \
         'macrolanguage' or 'special'), macrolanguage (of an individual language), part1 (ISO \
         639-1), part2b (ISO 639-2/B) and normalized (what lang_normalize returns for the code, \
         showing the macrolanguage folding).",
        SYNTAX,
    )
    .with_sql_example("SELECT code, name, normalized FROM languages() WHERE macrolanguage = 'zho' ORDER BY code;")
    .build()
});

/// The `languages` table function.
#[derive(Debug, Default)]
pub struct Languages;

impl Languages {
    /// Its documentation.
    pub fn documentation() -> &'static Documentation {
        &DOCUMENTATION
    }
}

impl TableFunctionImpl for Languages {
    fn call_with_args(&self, args: TableFunctionArgs) -> Result<Arc<dyn TableProvider>> {
        check_arg_count(NAME, args.exprs(), 0, 0, SYNTAX)?;
        let all = languages();
        let column = |f: fn(&Language) -> Option<&'static str>| -> ArrayRef {
            Arc::new(all.iter().map(f).collect::<StringArray>())
        };
        let schema = Arc::new(Schema::new(vec![
            Field::new("code", DataType::Utf8, false),
            Field::new("name", DataType::Utf8, false),
            Field::new("scope", DataType::Utf8, false),
            Field::new("macrolanguage", DataType::Utf8, true),
            Field::new("part1", DataType::Utf8, true),
            Field::new("part2b", DataType::Utf8, true),
            Field::new("normalized", DataType::Utf8, false),
        ]));
        let batch = RecordBatch::try_new(
            Arc::clone(&schema),
            vec![
                column(|l| Some(l.code)),
                column(|l| Some(l.name)),
                column(|l| Some(l.scope)),
                column(|l| l.macrolanguage),
                column(|l| l.part1),
                column(|l| l.part2b),
                column(|l| normalize(l.code)),
            ],
        )?;
        Ok(Arc::new(MemTable::try_new(schema, vec![vec![batch]])?))
    }
}
