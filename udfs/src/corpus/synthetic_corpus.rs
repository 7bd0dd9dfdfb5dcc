//! `synthetic_corpus(n_docs, seed)`: the generated web-like sample corpus as a table, generated
//! in parallel partitions of contiguous id ranges.

use std::ops::Range;
use std::sync::{Arc, LazyLock};

use async_trait::async_trait;
use datafusion::arrow::array::{ArrayRef, Int64Builder, RecordBatchOptions, StringBuilder};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::catalog::{Session, TableFunctionArgs, TableFunctionImpl, TableProvider};
use datafusion::error::Result;
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::{Documentation, Expr, TableType};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::metrics::Count;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use futures::StreamExt;

use super::DOC_SECTION_CORPUS;
use super::synthetic::{SyntheticDoc, generate_into};
use crate::args::{check_arg_count, u64_arg};
use crate::source_exec::{PartitionSource, SourceExec, SourceMetrics};

const NAME: &str = "synthetic_corpus";
const SYNTAX: &str = "synthetic_corpus(n_docs, seed)";

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_CORPUS,
        "Generates a deterministic web-like corpus: clean prose on several topics, boilerplate and \
         navigation pages, keyword spam, bullet- and ellipsis-heavy pages, lorem ipsum, code, short \
         stubs and non-English documents, with exact and near duplicates at known rates. Columns: \
         id, url, text, kind, lang, topic, and the ground truth dup_of (id of the original) and \
         dup_kind ('exact' or 'near'). Each document depends only on (seed, id).",
        SYNTAX,
    )
    .with_sql_example("SELECT kind, count(*) FROM synthetic_corpus(10000, 42) GROUP BY kind;")
    .with_argument("n_docs", "Number of documents (ids 0 to n_docs - 1).")
    .with_argument("seed", "Seed; the same seed always gives the same corpus.")
    .build()
});

/// The `synthetic_corpus` table function.
#[derive(Debug, Default)]
pub struct SyntheticCorpus;

impl SyntheticCorpus {
    /// Its documentation.
    pub fn documentation() -> &'static Documentation {
        &DOCUMENTATION
    }
}

impl TableFunctionImpl for SyntheticCorpus {
    fn call_with_args(&self, args: TableFunctionArgs) -> Result<Arc<dyn TableProvider>> {
        let exprs = args.exprs();
        check_arg_count(NAME, exprs, 2, 2, SYNTAX)?;
        let n_docs = u64_arg(NAME, exprs, 0, "n_docs")?;
        let seed = u64_arg(NAME, exprs, 1, "seed")?;
        Ok(Arc::new(SyntheticCorpusTable::new(n_docs, seed)))
    }
}

/// The schema of the synthetic corpus.
pub fn synthetic_schema() -> SchemaRef {
    static SCHEMA: LazyLock<SchemaRef> = LazyLock::new(|| {
        Arc::new(Schema::new(vec![
            Field::new("id", DataType::Int64, false),
            Field::new("url", DataType::Utf8, false),
            Field::new("text", DataType::Utf8, false),
            Field::new("kind", DataType::Utf8, false),
            Field::new("lang", DataType::Utf8, false),
            Field::new("topic", DataType::Utf8, true),
            Field::new("dup_of", DataType::Int64, true),
            Field::new("dup_kind", DataType::Utf8, true),
        ]))
    });
    Arc::clone(&SCHEMA)
}

/// A synthetic corpus of `n_docs` documents with `seed`.
#[derive(Debug)]
pub struct SyntheticCorpusTable {
    n_docs: u64,
    seed: u64,
}

impl SyntheticCorpusTable {
    /// The corpus of documents `0..n_docs` for `seed`.
    pub fn new(n_docs: u64, seed: u64) -> Self {
        Self { n_docs, seed }
    }
}

#[async_trait]
impl TableProvider for SyntheticCorpusTable {
    fn schema(&self) -> SchemaRef {
        synthetic_schema()
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let full = synthetic_schema();
        let columns: Vec<usize> = projection.cloned().unwrap_or_else(|| (0..full.fields().len()).collect());
        let schema = Arc::new(full.project(&columns)?);
        let n_docs = limit.map_or(self.n_docs, |l| self.n_docs.min(l as u64));
        let batch = state.config().batch_size().max(1) as u64;
        let parts = (state.config().target_partitions() as u64).clamp(1, n_docs.div_ceil(batch).max(1));
        let partitions = (0..parts)
            .map(|p| {
                let range = (n_docs * p / parts)..(n_docs * (p + 1) / parts);
                Arc::new(SyntheticPartition { seed: self.seed, ids: range, columns: columns.clone(), schema: Arc::clone(&schema) })
                    as Arc<dyn PartitionSource>
            })
            .collect();
        Ok(Arc::new(SourceExec::new("SyntheticCorpusExec", schema, partitions)))
    }
}

/// One contiguous id range of the corpus.
#[derive(Debug)]
struct SyntheticPartition {
    seed: u64,
    ids: Range<u64>,
    columns: Vec<usize>,
    schema: SchemaRef,
}

/// The builder of one projected column of the corpus.
enum ColumnBuilder {
    Id(Int64Builder),
    Url(StringBuilder),
    Text(StringBuilder),
    Kind(StringBuilder),
    Lang(StringBuilder),
    Topic(StringBuilder),
    DupOf(Int64Builder),
    DupKind(StringBuilder),
}

impl ColumnBuilder {
    /// The builder for column `index` of [`synthetic_schema`], for `rows` rows.
    fn new(index: usize, rows: usize) -> Self {
        let strings = || StringBuilder::with_capacity(rows, 0);
        match index {
            0 => Self::Id(Int64Builder::with_capacity(rows)),
            1 => Self::Url(strings()),
            2 => Self::Text(strings()),
            3 => Self::Kind(strings()),
            4 => Self::Lang(strings()),
            5 => Self::Topic(strings()),
            6 => Self::DupOf(Int64Builder::with_capacity(rows)),
            _ => Self::DupKind(strings()),
        }
    }

    fn append(&mut self, doc: &SyntheticDoc) {
        match self {
            Self::Id(b) => b.append_value(doc.id as i64),
            Self::Url(b) => b.append_value(&doc.url),
            Self::Text(b) => b.append_value(&doc.text),
            Self::Kind(b) => b.append_value(doc.kind.as_str()),
            Self::Lang(b) => b.append_value(doc.lang),
            Self::Topic(b) => b.append_option(doc.topic),
            Self::DupOf(b) => b.append_option(doc.dup_of.map(|id| id as i64)),
            Self::DupKind(b) => b.append_option(doc.dup_kind.map(|k| k.as_str())),
        }
    }

    fn finish(self) -> ArrayRef {
        match self {
            Self::Id(mut b) | Self::DupOf(mut b) => Arc::new(b.finish()),
            Self::Url(mut b)
            | Self::Text(mut b)
            | Self::Kind(mut b)
            | Self::Lang(mut b)
            | Self::Topic(mut b)
            | Self::DupKind(mut b) => Arc::new(b.finish()),
        }
    }
}

/// Generates documents `ids` straight into the projected `columns`, reusing one document's
/// buffers; adds the text bytes to `bytes`.
fn build_batch(seed: u64, ids: Range<u64>, schema: &SchemaRef, columns: &[usize], bytes: &Count) -> Result<RecordBatch> {
    let rows = (ids.end - ids.start) as usize;
    let mut builders: Vec<ColumnBuilder> = columns.iter().map(|&c| ColumnBuilder::new(c, rows)).collect();
    let mut doc = SyntheticDoc::default();
    for id in ids {
        generate_into(seed, id, &mut doc);
        bytes.add(doc.text.len());
        builders.iter_mut().for_each(|b| b.append(&doc));
    }
    let arrays = builders.into_iter().map(ColumnBuilder::finish).collect();
    let options = RecordBatchOptions::new().with_row_count(Some(rows));
    Ok(RecordBatch::try_new_with_options(Arc::clone(schema), arrays, &options)?)
}

impl PartitionSource for SyntheticPartition {
    fn open(&self, context: Arc<TaskContext>, metrics: SourceMetrics) -> Result<SendableRecordBatchStream> {
        let batch = context.session_config().batch_size().max(1) as u64;
        let (seed, columns, schema) = (self.seed, self.columns.clone(), Arc::clone(&self.schema));
        let ranges: Vec<Range<u64>> = (self.ids.start..self.ids.end)
            .step_by(batch as usize)
            .map(|start| start..(start + batch).min(self.ids.end))
            .collect();
        let stream = futures::stream::iter(ranges)
            .map(move |range| build_batch(seed, range, &schema, &columns, &metrics.bytes_scanned));
        Ok(Box::pin(RecordBatchStreamAdapter::new(Arc::clone(&self.schema), stream)))
    }

    fn describe(&self) -> String {
        format!("ids {}..{} seed {}", self.ids.start, self.ids.end, self.seed)
    }
}


