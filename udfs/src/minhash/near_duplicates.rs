//! `near_duplicates(table_or_query, id_col, text_col [, threshold, num_perm, ngram, verify,
//! keep, bands, rows])`: MinHash LSH near-duplicate clusters of a table's documents.

use std::sync::{Arc, LazyLock};

use async_trait::async_trait;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::catalog::{Session, TableFunctionArgs, TableFunctionImpl, TableProvider};
use datafusion::common::{ScalarValue, plan_err};
use datafusion::error::Result;
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::{Documentation, Expr, LogicalPlan, TableType};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use futures::StreamExt;

use super::DOC_SECTION_DEDUP;
use super::cluster::Keep;
use super::dedup_job::{DedupParams, Output, Verify, run};
use super::lsh::{optimal_params, recall_params};
use super::minhash_udf::{DEFAULT_NGRAM, DEFAULT_NUM_PERM, DEFAULT_SEED, MAX_NGRAM, MAX_NUM_PERM, SignParams};
use super::shingles::Normalization;
use crate::args::{check_arg_count, f64_arg, input_field, plan_table_or_query, string_arg, u64_arg};
use crate::source_exec::{PartitionSource, SourceExec, SourceMetrics};

const NAME: &str = "near_duplicates";
const SYNTAX: &str =
    "near_duplicates(table_or_query, id_col, text_col [, threshold, num_perm, ngram, verify, keep, bands, rows])";
const PAIRS_NAME: &str = "near_duplicate_pairs";
const PAIRS_SYNTAX: &str =
    "near_duplicate_pairs(table_or_query, id_col, text_col [, threshold, num_perm, ngram, verify, bands, rows])";

/// Probability with which a pair exactly at the threshold must become a candidate when
/// candidates are verified (pairs above it are found more often).
pub const VERIFIED_MIN_RECALL: f64 = 0.95;

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DEDUP,
        "Near-duplicate clusters by MinHash LSH. Signs every document with minhash(text, num_perm, \
         ngram) (seed 1, 'words' normalization; NULL or wordless texts are singletons), cuts the \
         signatures into bands, takes documents sharing a band key as candidates, optionally verifies \
         each candidate pair, and joins linked documents into connected components (union-find). \
         Returns one row per input row: (id, cluster_id, cluster_size, keep), cluster_id being the \
         smallest id of the cluster and keep marking the one document kept per cluster ('min_id': the \
         smallest id; 'longest': the longest text in characters, then the smallest id). Results do \
         not depend on partitioning or arrival order: documents are processed in id order (ids must be \
         unique and not NULL). Bands and rows default to datasketch's optimal choice for the threshold \
         without verification, and with verification to the fewest candidates that still catch a \
         pair exactly at the threshold with probability ≥ 0.95 (13 × 7 at 0.8 and 128 permutations). \
         verify: false/'none' links every candidate; 'estimate' links pairs whose signatures estimate \
         J ≥ threshold; true/'exact' links pairs whose exact shingle Jaccard is ≥ threshold, reading \
         the input a second time for the candidates' shingle sets. In a group of many distinct \
         documents sharing a band, each document is compared with at most 64 earlier ones. Memory: \
         about 8·bands + 24 bytes per document plus its id (plus 4·num_perm with 'estimate'), one \
         band at a time being sorted.",
        SYNTAX,
    )
    .with_sql_example(
        "SELECT count(*) FILTER (WHERE NOT keep) AS near_duplicates \
         FROM near_duplicates('SELECT id, text FROM read_corpus(''synthetic:10000'')', 'id', 'text', 0.8, 128, 5, 'exact');",
    )
    .with_argument("table_or_query", "A table name, or a query (SELECT/WITH/VALUES) giving the documents.")
    .with_argument("id_col", "Name of the unique, non-NULL id column.")
    .with_argument("text_col", "Name of the text column.")
    .with_argument("threshold", "Jaccard similarity threshold, strictly between 0 and 1 (default 0.8).")
    .with_argument("num_perm", "Signature slots, 1 to 4096 (default 128).")
    .with_argument("ngram", "Words per shingle, 1 to 256 (default 5).")
    .with_argument("verify", "false or 'none' (default), 'estimate', true or 'exact'.")
    .with_argument("keep", "'min_id' (default) or 'longest'.")
    .with_argument("bands", "LSH bands (0 or absent: chosen as above; give rows too).")
    .with_argument("rows", "Rows per band; bands·rows must not exceed num_perm.")
    .build()
});

static PAIRS_DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DEDUP,
        "The pairs near_duplicates links, for auditing and tuning: one row (id_a, id_b, jaccard) per \
         linked pair, id_a < id_b. Same arguments as near_duplicates without keep. jaccard is the exact \
         shingle Jaccard with verify 'exact', the signature estimate with 'estimate', NULL without \
         verification (then every group sharing a band is linked as a star to its smallest id). The \
         connected components of these pairs are near_duplicates' clusters.",
        PAIRS_SYNTAX,
    )
    .with_sql_example(
        "SELECT * FROM near_duplicate_pairs('SELECT id, text FROM read_corpus(''synthetic:2000'')', 'id', 'text', 0.8, 128, 5, 'exact') LIMIT 5;",
    )
    .with_argument("table_or_query", "A table name, or a query (SELECT/WITH/VALUES) giving the documents.")
    .with_argument("id_col", "Name of the unique, non-NULL id column.")
    .with_argument("text_col", "Name of the text column.")
    .with_argument("threshold", "Jaccard similarity threshold, strictly between 0 and 1 (default 0.8).")
    .with_argument("num_perm", "Signature slots, 1 to 4096 (default 128).")
    .with_argument("ngram", "Words per shingle, 1 to 256 (default 5).")
    .with_argument("verify", "false or 'none' (default), 'estimate', true or 'exact'.")
    .with_argument("bands", "LSH bands (0 or absent: chosen as in near_duplicates; give rows too).")
    .with_argument("rows", "Rows per band; bands·rows must not exceed num_perm.")
    .build()
});

/// The `near_duplicates` (clusters) and `near_duplicate_pairs` (linked pairs) table functions.
#[derive(Debug)]
pub struct NearDuplicates {
    output: Output,
}

impl NearDuplicates {
    /// `near_duplicates`: one row per document with its cluster.
    pub fn clusters() -> Self {
        Self { output: Output::Clusters }
    }

    /// `near_duplicate_pairs`: one row per linked pair.
    pub fn pairs() -> Self {
        Self { output: Output::Pairs }
    }

    /// The function's SQL name.
    pub fn name(&self) -> &'static str {
        match self.output {
            Output::Clusters => NAME,
            Output::Pairs => PAIRS_NAME,
        }
    }

    /// Its documentation.
    pub fn documentation(&self) -> &'static Documentation {
        match self.output {
            Output::Clusters => &DOCUMENTATION,
            Output::Pairs => &PAIRS_DOCUMENTATION,
        }
    }
}

fn literal<'a>(exprs: &'a [Expr], index: usize) -> Option<&'a ScalarValue> {
    match exprs.get(index) {
        Some(Expr::Literal(value, _)) => Some(value),
        _ => None,
    }
}

fn verify_arg(function: &str, exprs: &[Expr], index: usize) -> Result<Verify> {
    if exprs.len() <= index {
        return Ok(Verify::None);
    }
    match literal(exprs, index) {
        Some(ScalarValue::Boolean(Some(b))) => Ok(if *b { Verify::Exact } else { Verify::None }),
        Some(ScalarValue::Utf8(Some(s)) | ScalarValue::LargeUtf8(Some(s)) | ScalarValue::Utf8View(Some(s))) => {
            match s.to_ascii_lowercase().as_str() {
                "none" | "false" => Ok(Verify::None),
                "estimate" => Ok(Verify::Estimate),
                "exact" | "true" => Ok(Verify::Exact),
                _ => plan_err!("{function}: argument {} (verify) must be 'none', 'estimate' or 'exact', got '{s}'", index + 1),
            }
        }
        _ => plan_err!("{function}: argument {} (verify) must be a constant boolean or 'none', 'estimate', 'exact'", index + 1),
    }
}

fn bounded(function: &str, exprs: &[Expr], index: usize, name: &str, default: i64, min: i64, max: i64) -> Result<usize> {
    if exprs.len() <= index {
        return Ok(default as usize);
    }
    let v = u64_arg(function, exprs, index, name)? as i64;
    if v < min || v > max {
        return plan_err!("{function}: argument {} ({name}) must be between {min} and {max}, got {v}", index + 1);
    }
    Ok(v as usize)
}

impl TableFunctionImpl for NearDuplicates {
    fn call_with_args(&self, args: TableFunctionArgs) -> Result<Arc<dyn TableProvider>> {
        let exprs = args.exprs();
        let name = self.name();
        let pairs = self.output == Output::Pairs;
        let syntax = if pairs { PAIRS_SYNTAX } else { SYNTAX };
        check_arg_count(name, exprs, 3, if pairs { 9 } else { 10 }, syntax)?;
        let source = string_arg(name, exprs, 0, "table_or_query")?;
        let id_col = string_arg(name, exprs, 1, "id_col")?;
        let text_col = string_arg(name, exprs, 2, "text_col")?;
        let threshold = f64_arg(name, exprs, 3, "threshold", 0.8)?;
        if !(threshold > 0.0 && threshold < 1.0) {
            return plan_err!("{name}: argument 4 (threshold) must be strictly between 0 and 1, got {threshold}");
        }
        let num_perm = bounded(name, exprs, 4, "num_perm", DEFAULT_NUM_PERM, 1, MAX_NUM_PERM)?;
        let ngram = bounded(name, exprs, 5, "ngram", DEFAULT_NGRAM, 1, MAX_NGRAM)?;
        let verify = verify_arg(name, exprs, 6)?;
        let keep = if !pairs && exprs.len() > 7 {
            let policy = string_arg(name, exprs, 7, "keep")?;
            Keep::from_name(&policy).ok_or_else(|| {
                datafusion::common::plan_datafusion_err!("{name}: argument 8 (keep) must be 'min_id' or 'longest', got '{policy}'")
            })?
        } else {
            Keep::MinId
        };
        let first_lsh = if pairs { 7 } else { 8 };
        let bands = bounded(name, exprs, first_lsh, "bands", 0, 0, MAX_NUM_PERM)?;
        let rows = bounded(name, exprs, first_lsh + 1, "rows", 0, 0, MAX_NUM_PERM)?;
        let (bands, rows) = match (bands, rows) {
            (0, 0) if verify == Verify::None => {
                let p = optimal_params(threshold, num_perm, 0.5, 0.5);
                (p.bands, p.rows)
            }
            (0, 0) => {
                let p = recall_params(threshold, num_perm, VERIFIED_MIN_RECALL);
                (p.bands, p.rows)
            }
            (b, r) if b > 0 && r > 0 && b * r <= num_perm => (b, r),
            (b, r) => {
                return plan_err!(
                    "{name}: bands and rows must both be given, >= 1, with bands·rows <= num_perm ({num_perm}); got {b} and {r}"
                );
            }
        };
        let plan = plan_table_or_query(name, args.session(), &source)?;
        let input_schema = plan.schema().as_arrow().clone();
        let id_field = input_field(name, &input_schema, &id_col)?;
        let text_field = input_field(name, &input_schema, &text_col)?;
        if !matches!(text_field.data_type(), DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View) {
            return plan_err!("{name}: the text column '{text_col}' must be a string, got {}", text_field.data_type());
        }
        let id_type = id_field.data_type().clone();
        let schema = Arc::new(Schema::new(match self.output {
            Output::Clusters => vec![
                Field::new("id", id_type.clone(), false),
                Field::new("cluster_id", id_type, false),
                Field::new("cluster_size", DataType::UInt64, false),
                Field::new("keep", DataType::Boolean, false),
            ],
            Output::Pairs => vec![
                Field::new("id_a", id_type.clone(), false),
                Field::new("id_b", id_type, false),
                Field::new("jaccard", DataType::Float64, true),
            ],
        }));
        let sign = SignParams { num_perm, ngram, seed: DEFAULT_SEED as u64, normalization: Normalization::Words };
        let output = self.output;
        let params = DedupParams { function: name, id_col, text_col, threshold, sign, bands, rows, verify, keep, output };
        Ok(Arc::new(NearDuplicatesTable { plan, params, schema }))
    }
}

/// The clusters of one input, computed when scanned.
#[derive(Debug)]
pub struct NearDuplicatesTable {
    plan: LogicalPlan,
    params: DedupParams,
    schema: SchemaRef,
}

#[async_trait]
impl TableProvider for NearDuplicatesTable {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    fn table_type(&self) -> TableType {
        TableType::Temporary
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        _limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let input = state.create_physical_plan(&self.plan).await?;
        let rescan = match self.params.verify {
            Verify::Exact => Some(state.create_physical_plan(&self.plan).await?),
            _ => None,
        };
        let columns: Vec<usize> = projection.cloned().unwrap_or_else(|| (0..self.schema.fields().len()).collect());
        let projected = Arc::new(self.schema.project(&columns)?);
        let source = NearDuplicatesSource {
            input,
            rescan,
            params: self.params.clone(),
            schema: Arc::clone(&self.schema),
            columns,
            projected: Arc::clone(&projected),
        };
        let exec_name = match self.params.output {
            Output::Clusters => "NearDuplicatesExec",
            Output::Pairs => "NearDuplicatePairsExec",
        };
        Ok(Arc::new(SourceExec::new(exec_name, projected, vec![Arc::new(source)])))
    }
}

/// The single partition of a `near_duplicates` scan.
#[derive(Debug)]
struct NearDuplicatesSource {
    input: Arc<dyn ExecutionPlan>,
    rescan: Option<Arc<dyn ExecutionPlan>>,
    params: DedupParams,
    schema: SchemaRef,
    columns: Vec<usize>,
    projected: SchemaRef,
}

impl PartitionSource for NearDuplicatesSource {
    fn open(&self, context: Arc<TaskContext>, _metrics: SourceMetrics) -> Result<SendableRecordBatchStream> {
        let (input, params, schema) = (Arc::clone(&self.input), self.params.clone(), Arc::clone(&self.schema));
        let rescan = self.rescan.clone();
        let columns = self.columns.clone();
        let stream = futures::stream::once(async move { run(input, rescan, context, params, schema).await })
            .map(move |result| match result {
                Ok(batches) => futures::stream::iter(
                    batches.into_iter().map(|b| b.project(&columns).map_err(Into::into)).collect::<Vec<_>>(),
                )
                .boxed(),
                Err(e) => futures::stream::once(async move { Err(e) }).boxed(),
            })
            .flatten();
        Ok(Box::pin(RecordBatchStreamAdapter::new(Arc::clone(&self.projected), stream)))
    }

    fn describe(&self) -> String {
        let p = &self.params;
        format!(
            "threshold={} num_perm={} ngram={} bands={} rows={} verify={:?} keep={:?}",
            p.threshold, p.sign.num_perm, p.sign.ngram, p.bands, p.rows, p.verify, p.keep
        )
    }
}
