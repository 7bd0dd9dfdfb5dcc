//! `infer_mixture(tokenizer, table_or_query, category_col, text_col [, merges, sample_bytes,
//! bootstrap])`: the training-data mixture a BPE tokenizer's merge list reveals.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use async_trait::async_trait;
use datafusion::arrow::array::{
    Array, ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::catalog::{Session, TableFunctionArgs, TableFunctionImpl, TableProvider};
use datafusion::common::{exec_datafusion_err, exec_err, plan_err};
use datafusion::error::Result;
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::{Documentation, Expr, LogicalPlan, TableType};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{ExecutionPlan, execute_stream};
use futures::TryStreamExt;

use super::DOC_SECTION_MIXTURE;
use super::inference::{CategorySample, Inference, InferenceOptions, infer};
use super::solver::SolveOptions;
use super::tokenizer_cache::{tokenizer, tokenizer_argument};
use crate::args::{check_arg_count, f64_arg, input_field, plan_table_or_query, string_arg, u64_arg};
use crate::source_exec::{PartitionSource, SourceExec, SourceMetrics};

const NAME: &str = "infer_mixture";
const SYNTAX: &str =
    "infer_mixture(tokenizer, table_or_query, category_col, text_col [, merges, sample_bytes, bootstrap, max_gap])";
const DEFAULT_MERGES: u64 = 30_000;

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_MIXTURE,
        "Data mixture inference from a BPE tokenizer's merge list (Hayase et al. 2024). Each category's sample \
         (the rows of table_or_query with that category_col value) is pre-tokenized as the tokenizer does; the \
         first `merges` merges are replayed on every sample (categories in parallel) recording each pair's count \
         before each merge; then the linear program — find category weights under which every merge was the most \
         frequent pair, with per-merge and per-pair slacks — is solved with lazy constraint generation. Returns \
         one row per category in order of first appearance: proportion (estimated share of the tokenizer's \
         training bytes), pair_share (the LP weight: share of initial byte pairs, the unit of the paper's \
         commercial-tokenizer table), ci_low/ci_high (bootstrap percentile interval of proportion at 90%, NULL \
         without bootstrap), the sample's bytes and initial pairs, and the solve's diagnostics (merges used, \
         merges absent from every sample and skipped, constraints and slack columns generated, objective, gap, LP \
         rounds, whether the solve converged, seconds). gap is the relative distance from objective (the \
         restricted LP's, a lower bound on the whole LP's optimum) to the best feasible point found: 0 when \
         optimality is proven. A solve that stops before that (at max_gap, or after its round limit) \
         returns the best feasible point's weights, whose objective is within gap of the optimum. Rows with \
         NULL text are ignored; a NULL category, a category without text and an empty input are errors. \
         Categories are the distinct values of category_col, so equal names are one category. Categories \
         are counted and solved in name order, so the input's row order does not change the answer; but \
         samples are taken, and bootstrap blocks cut, in input order, so add ORDER BY to the query for a \
         reproducible result when sample_bytes or bootstrap is set.",
        SYNTAX,
    )
    .with_sql_example(
        "SELECT category, round(proportion, 4) AS share FROM infer_mixture('/models/gpt2/tokenizer.json', \
         'SELECT lang, text FROM samples ORDER BY lang, id', 'lang', 'text', 3000) ORDER BY share DESC;",
    )
    .with_argument("tokenizer", "Tokenizer file (as in bpe_tokenize): tokenizer.json, merges.txt/vocab.json, or tiktoken ranks.")
    .with_argument("table_or_query", "A table name, or a query (SELECT/WITH/VALUES) giving the category samples.")
    .with_argument("category_col", "Column naming each row's category (any type; compared as text).")
    .with_argument("text_col", "Text column.")
    .with_argument("merges", "Merges to replay, from the start of the list (default 30000, capped at the list's length).")
    .with_argument("sample_bytes", "Bytes of text taken per category, in input order (0 or absent: all).")
    .with_argument(
        "bootstrap",
        "Bootstrap replicates for the intervals (default 0: none); each redraws every sample's blocks \
         (up to 20 runs of consecutive rows of about equal bytes) with replacement, re-counts and \
         re-solves. The intervals reflect how the samples vary, not how the tokenizer's training text \
         differs from them, so they are too narrow: in controlled trials 69% and 51% of nominal 90% \
         intervals held the true share (BENCHMARKS.md).",
    )
    .with_argument(
        "max_gap",
        "Relative gap at which the solve (and each bootstrap replicate's) stops, at least 0 and below 1 \
         (default 0: at the proven optimum). A solve stopped by it reports converged = true with its gap \
         and returns the best feasible point's weights. The shares settle long before the optimum is \
         proven: at 0.1, 30 categories × 10 MB at 30,000 merges took half the time, with shares within \
         5.5e-4 of the exact ones; samples of 1 MB moved by up to 7.8e-3 (BENCHMARKS.md).",
    )
    .build()
});

/// The `infer_mixture` table function.
#[derive(Debug, Default)]
pub struct InferMixture;

impl InferMixture {
    /// SQL name.
    pub fn name(&self) -> &'static str {
        NAME
    }

    /// Documentation.
    pub fn documentation(&self) -> &'static Documentation {
        &DOCUMENTATION
    }
}

/// Arguments after planning.
#[derive(Debug, Clone)]
struct Params {
    tokenizer: String,
    category_col: String,
    text_col: String,
    merges: usize,
    sample_bytes: usize,
    bootstrap: usize,
    max_gap: f64,
}

fn output_schema() -> SchemaRef {
    let f = |name: &str, t: DataType, nullable: bool| Field::new(name, t, nullable);
    Arc::new(Schema::new(vec![
        f("category", DataType::Utf8, false),
        f("proportion", DataType::Float64, false),
        f("pair_share", DataType::Float64, false),
        f("ci_low", DataType::Float64, true),
        f("ci_high", DataType::Float64, true),
        f("sample_bytes", DataType::Int64, false),
        f("sample_pairs", DataType::Int64, false),
        f("merges_used", DataType::Int64, false),
        f("merges_missing", DataType::Int64, false),
        f("constraints", DataType::Int64, false),
        f("columns", DataType::Int64, false),
        f("objective", DataType::Float64, false),
        f("gap", DataType::Float64, false),
        f("rounds", DataType::Int64, false),
        f("converged", DataType::Boolean, false),
        f("seconds", DataType::Float64, false),
    ]))
}

impl TableFunctionImpl for InferMixture {
    fn call_with_args(&self, args: TableFunctionArgs) -> Result<Arc<dyn TableProvider>> {
        let exprs = args.exprs();
        check_arg_count(NAME, exprs, 4, 8, SYNTAX)?;
        let spec = string_arg(NAME, exprs, 0, "tokenizer")?;
        let source = string_arg(NAME, exprs, 1, "table_or_query")?;
        let category_col = string_arg(NAME, exprs, 2, "category_col")?;
        let text_col = string_arg(NAME, exprs, 3, "text_col")?;
        let optional = |index: usize, name: &str, default: u64| -> Result<u64> {
            if exprs.len() > index {
                u64_arg(NAME, exprs, index, name)
            } else {
                Ok(default)
            }
        };
        let merges = optional(4, "merges", DEFAULT_MERGES)?;
        if merges == 0 {
            return plan_err!("{NAME}: argument 5 (merges) must be at least 1");
        }
        let sample_bytes = optional(5, "sample_bytes", 0)?;
        let bootstrap = optional(6, "bootstrap", 0)?;
        if bootstrap > 10_000 {
            return plan_err!(
                "{NAME}: argument 7 (bootstrap) must be at most 10000, got {bootstrap}"
            );
        }
        let max_gap = f64_arg(NAME, exprs, 7, "max_gap", 0.0)?;
        if !(0.0..1.0).contains(&max_gap) {
            return plan_err!("{NAME}: argument 8 (max_gap) must be at least 0 and below 1, got {max_gap}");
        }
        tokenizer_argument(NAME, 1, &spec)?;
        let plan = plan_table_or_query(NAME, args.session(), &source)?;
        let schema = plan.schema().as_arrow().clone();
        let category_col = input_field(NAME, &schema, &category_col)?.name().clone();
        let text_col = input_field(NAME, &schema, &text_col)?.name().clone();
        let text_type = schema.field_with_name(&text_col)?.data_type();
        if !matches!(
            text_type,
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
        ) {
            return plan_err!(
                "{NAME}: the text column '{text_col}' must be a string, got {text_type}"
            );
        }
        let params = Params {
            tokenizer: spec,
            category_col,
            text_col,
            merges: merges as usize,
            sample_bytes: sample_bytes as usize,
            bootstrap: bootstrap as usize,
            max_gap,
        };
        Ok(Arc::new(InferMixtureTable {
            plan,
            params,
            schema: output_schema(),
        }))
    }
}

/// The inference over one input, run when scanned.
#[derive(Debug)]
struct InferMixtureTable {
    plan: LogicalPlan,
    params: Params,
    schema: SchemaRef,
}

#[async_trait]
impl TableProvider for InferMixtureTable {
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
        let columns: Vec<usize> = projection
            .cloned()
            .unwrap_or_else(|| (0..self.schema.fields().len()).collect());
        let projected = Arc::new(self.schema.project(&columns)?);
        let source = InferMixtureSource {
            input,
            params: self.params.clone(),
            schema: Arc::clone(&self.schema),
            columns,
            projected: Arc::clone(&projected),
        };
        Ok(Arc::new(SourceExec::new(
            "InferMixtureExec",
            projected,
            vec![Arc::new(source)],
        )))
    }
}

#[derive(Debug)]
struct InferMixtureSource {
    input: Arc<dyn ExecutionPlan>,
    params: Params,
    schema: SchemaRef,
    columns: Vec<usize>,
    projected: SchemaRef,
}

impl PartitionSource for InferMixtureSource {
    fn open(
        &self,
        context: Arc<TaskContext>,
        _metrics: SourceMetrics,
    ) -> Result<SendableRecordBatchStream> {
        let (input, params, schema) = (
            Arc::clone(&self.input),
            self.params.clone(),
            Arc::clone(&self.schema),
        );
        let columns = self.columns.clone();
        let stream = futures::stream::once(async move {
            let samples = collect_samples(input, context, &params).await?;
            let params2 = params.clone();
            let inference = tokio::task::spawn_blocking(move || run(&params2, &samples))
                .await
                .map_err(|e| exec_datafusion_err!("{NAME}: worker failed: {e}"))??;
            to_batch(&schema, &inference)?
                .project(&columns)
                .map_err(Into::into)
        });
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            Arc::clone(&self.projected),
            stream,
        )))
    }

    fn describe(&self) -> String {
        let p = &self.params;
        format!(
            "tokenizer={} merges={} sample_bytes={} bootstrap={}",
            p.tokenizer, p.merges, p.sample_bytes, p.bootstrap
        )
    }
}

fn run(params: &Params, samples: &[CategorySample]) -> Result<(Inference, f64)> {
    let started = std::time::Instant::now();
    let bpe = tokenizer(&params.tokenizer)?;
    let options = InferenceOptions {
        merges: params.merges,
        bootstrap: params.bootstrap,
        solve: SolveOptions { max_gap: params.max_gap, ..Default::default() },
        ..Default::default()
    };
    let inference =
        infer(&bpe, samples, options).map_err(|e| exec_datafusion_err!("{NAME}: {e}"))?;
    Ok((inference, started.elapsed().as_secs_f64()))
}

/// Reads the input into per-category samples (in order of first appearance), each capped at
/// `sample_bytes` (the last text cut at a line break, or a character boundary).
async fn collect_samples(
    input: Arc<dyn ExecutionPlan>,
    context: Arc<TaskContext>,
    params: &Params,
) -> Result<Vec<CategorySample>> {
    let mut stream = execute_stream(input, context)?;
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut samples: Vec<(CategorySample, usize)> = Vec::new();
    let mut row = 0usize;
    while let Some(batch) = stream.try_next().await? {
        let categories = cast(
            batch
                .column_by_name(&params.category_col)
                .expect("planned column"),
            &DataType::Utf8,
        )?;
        let categories = categories
            .as_any()
            .downcast_ref::<StringArray>()
            .expect("cast to Utf8");
        let texts = cast(
            batch
                .column_by_name(&params.text_col)
                .expect("planned column"),
            &DataType::Utf8,
        )?;
        let texts = texts
            .as_any()
            .downcast_ref::<StringArray>()
            .expect("cast to Utf8");
        for i in 0..batch.num_rows() {
            row += 1;
            if categories.is_null(i) {
                return exec_err!(
                    "{NAME}: row {row} has a NULL category ('{}')",
                    params.category_col
                );
            }
            let category = categories.value(i);
            let slot = match index.get(category) {
                Some(&slot) => slot,
                None => {
                    index.insert(category.to_string(), samples.len());
                    samples.push((
                        CategorySample {
                            name: category.to_string(),
                            texts: Vec::new(),
                        },
                        0,
                    ));
                    samples.len() - 1
                }
            };
            if texts.is_null(i) {
                continue;
            }
            let (sample, bytes) = &mut samples[slot];
            let text = texts.value(i);
            let room = if params.sample_bytes == 0 {
                usize::MAX
            } else {
                params.sample_bytes - *bytes
            };
            if room == 0 || text.is_empty() {
                continue;
            }
            let taken = if text.len() <= room {
                text
            } else {
                cut(text, room)
            };
            *bytes += taken.len();
            sample.texts.push(taken.to_string());
        }
    }
    Ok(samples.into_iter().map(|(s, _)| s).collect())
}

/// The longest prefix of `text` within `limit` bytes ending at a line break, or failing that at
/// a character boundary.
fn cut(text: &str, limit: usize) -> &str {
    let mut end = limit.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind('\n') {
        Some(line_end) => &text[..=line_end],
        None => &text[..end],
    }
}

fn to_batch(schema: &SchemaRef, (inference, seconds): &(Inference, f64)) -> Result<RecordBatch> {
    let cats = &inference.categories;
    let s = &inference.solution;
    let n = cats.len();
    let repeat_i = |v: i64| -> ArrayRef { Arc::new(Int64Array::from(vec![v; n])) };
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from_iter_values(
            cats.iter().map(|c| c.name.as_str()),
        )),
        Arc::new(Float64Array::from_iter_values(
            cats.iter().map(|c| c.byte_share),
        )),
        Arc::new(Float64Array::from_iter_values(
            cats.iter().map(|c| c.pair_share),
        )),
        Arc::new(Float64Array::from(
            cats.iter()
                .map(|c| c.interval.map(|i| i.0))
                .collect::<Vec<_>>(),
        )),
        Arc::new(Float64Array::from(
            cats.iter()
                .map(|c| c.interval.map(|i| i.1))
                .collect::<Vec<_>>(),
        )),
        Arc::new(Int64Array::from_iter_values(
            cats.iter().map(|c| c.bytes as i64),
        )),
        Arc::new(Int64Array::from_iter_values(
            cats.iter().map(|c| c.pairs as i64),
        )),
        repeat_i(s.merges_used as i64),
        repeat_i((inference.merges - s.merges_used) as i64),
        repeat_i(s.constraints as i64),
        repeat_i(s.columns as i64),
        Arc::new(Float64Array::from(vec![s.objective; n])),
        Arc::new(Float64Array::from(vec![s.gap; n])),
        repeat_i(s.rounds as i64),
        Arc::new(BooleanArray::from(vec![s.converged; n])),
        Arc::new(Float64Array::from(vec![*seconds; n])),
    ];
    Ok(RecordBatch::try_new(Arc::clone(schema), columns)?)
}
