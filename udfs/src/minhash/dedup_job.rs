//! The execution behind `near_duplicates`: sign every document of the input (its partitions in
//! parallel), put the documents in id order, link candidates band by band, verify, and build
//! the `(id, cluster_id, cluster_size, keep)` rows.
//!
//! Memory: per document its id, `bands` u64 band keys, its length and normalized-text hash
//! (about 8·bands + 24 bytes plus the id: 136 bytes at 14 bands), and with `verify =>
//! 'estimate'` its signature (4·num_perm bytes). Bands are linked one at a time, each needing a
//! sorted (key, document) array of 12 bytes per document. With `'exact'`, a second scan of the
//! input keeps the shingle sets of candidate documents only, one per distinct normalized text.

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, BooleanArray, Float64Array, RecordBatch, UInt32Array, UInt64Array};
use datafusion::arrow::compute::{concat, sort_to_indices, take};
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::row::{RowConverter, SortField};
use datafusion::common::{DataFusionError, ScalarValue, exec_datafusion_err, exec_err};
use datafusion::error::Result;
use datafusion::execution::TaskContext;
use datafusion::physical_plan::{ExecutionPlan, execute_stream_partitioned};
use futures::StreamExt;

use super::cluster::{Keep, assign_clusters, candidate_members, link_bands};
use super::exact::{jaccard_of_sorted, shingle_set, text_hash};
use super::lsh::band_keys;
use super::minhash_udf::{SignParams, Signer};
use super::shingles::Shingler;
use super::signature::estimate_jaccard;
use crate::columns::Strings;

/// How candidate pairs are checked before they are linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verify {
    /// Every candidate pair is linked.
    None,
    /// Linked if the signatures' estimated Jaccard similarity is at least the threshold.
    Estimate,
    /// Linked if the exact Jaccard similarity of the shingle sets is at least the threshold.
    Exact,
}

/// What a dedup job returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// One row per document: (id, cluster_id, cluster_size, keep).
    Clusters,
    /// One row per linked pair: (id_a, id_b, jaccard).
    Pairs,
}

/// Everything `near_duplicates` was asked for.
#[derive(Debug, Clone)]
pub struct DedupParams {
    /// Function name for errors.
    pub function: &'static str,
    /// Id column of the input.
    pub id_col: String,
    /// Text column of the input.
    pub text_col: String,
    /// Jaccard threshold.
    pub threshold: f64,
    /// Signature parameters (classic MinHash, 'words' normalization).
    pub sign: SignParams,
    /// LSH bands.
    pub bands: usize,
    /// LSH rows per band.
    pub rows: usize,
    /// Verification of candidates.
    pub verify: Verify,
    /// Survivor policy.
    pub keep: Keep,
    /// Clusters or linked pairs.
    pub output: Output,
}

/// One input partition's documents in arrival order.
#[derive(Default)]
struct Collected {
    ids: Vec<ArrayRef>,
    keys: Vec<u64>,
    signed: Vec<bool>,
    lengths: Vec<u64>,
    text_hashes: Vec<u64>,
    signatures: Vec<u32>,
}

fn column_index(params: &DedupParams, schema: &SchemaRef, name: &str) -> Result<usize> {
    schema
        .index_of(name)
        .or_else(|_| {
            let lower = name.to_lowercase();
            schema.fields().iter().position(|f| f.name().to_lowercase() == lower).ok_or(())
        })
        .map_err(|_| {
            let names: Vec<_> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            exec_datafusion_err!("{}: the input has no column '{name}'; its columns: {}", params.function, names.join(", "))
        })
}

async fn sign_partition(
    mut stream: datafusion::execution::SendableRecordBatchStream,
    params: Arc<DedupParams>,
) -> Result<Collected> {
    let mut out = Collected::default();
    let mut signer = Signer::new(params.sign, false);
    let mut sig = Vec::with_capacity(params.sign.num_perm);
    let keep_signatures = params.verify == Verify::Estimate;
    let count_lengths = params.keep == Keep::Longest;
    while let Some(batch) = stream.next().await {
        let batch = batch?;
        let schema = batch.schema();
        let id_idx = column_index(&params, &schema, &params.id_col)?;
        let text_idx = column_index(&params, &schema, &params.text_col)?;
        let text_value = datafusion::logical_expr::ColumnarValue::Array(Arc::clone(batch.column(text_idx)));
        let texts = Strings::new(params.function, &text_value, 2, "text_col")?;
        out.ids.push(Arc::clone(batch.column(id_idx)));
        for row in 0..batch.num_rows() {
            sig.clear();
            let text = texts.get(row);
            let signed = text.is_some_and(|t| signer.sign(t, &mut sig));
            out.signed.push(signed);
            if count_lengths {
                out.lengths.push(text.map_or(0, |t| t.chars().count() as u64));
            }
            if signed {
                band_keys(&sig, params.bands, params.rows, &mut out.keys);
                out.text_hashes.push(signer.normalized_hash());
            } else {
                out.keys.extend(std::iter::repeat_n(0, params.bands));
                out.text_hashes.push(0);
                sig.resize(params.sign.num_perm, 0);
            }
            if keep_signatures {
                out.signatures.extend_from_slice(&sig);
            }
        }
    }
    Ok(out)
}

/// Runs `f` on every partition of `input` concurrently and returns the results in partition order.
async fn per_partition<T, F, Fut>(input: &Arc<dyn ExecutionPlan>, context: Arc<TaskContext>, f: F) -> Result<Vec<T>>
where
    T: Send + 'static,
    F: Fn(datafusion::execution::SendableRecordBatchStream) -> Fut,
    Fut: std::future::Future<Output = Result<T>> + Send + 'static,
{
    let mut tasks = tokio::task::JoinSet::new();
    for (p, stream) in execute_stream_partitioned(Arc::clone(input), context)?.into_iter().enumerate() {
        let fut = f(stream);
        tasks.spawn(async move { (p, fut.await) });
    }
    let mut results: Vec<Option<T>> = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        let (p, result) = joined.map_err(|e| DataFusionError::External(Box::new(e)))?;
        if results.len() <= p {
            results.resize_with(p + 1, || None);
        }
        results[p] = Some(result?);
    }
    Ok(results.into_iter().flatten().collect())
}

/// Computes the clusters (or linked pairs) of the documents of `input`; returns the output
/// batches in id order. `rescan` is a second, unexecuted plan of the same input, which exact
/// verification reads for the candidates' shingle sets (a plan's operators run once).
pub async fn run(
    input: Arc<dyn ExecutionPlan>,
    rescan: Option<Arc<dyn ExecutionPlan>>,
    context: Arc<TaskContext>,
    params: DedupParams,
    schema: SchemaRef,
) -> Result<Vec<RecordBatch>> {
    let params = Arc::new(params);
    let name = params.function;
    let mut parts = {
        let params = Arc::clone(&params);
        per_partition(&input, Arc::clone(&context), move |s| sign_partition(s, Arc::clone(&params))).await?
    };
    let id_arrays: Vec<&dyn Array> = parts.iter().flat_map(|p| p.ids.iter().map(|a| a.as_ref())).collect();
    if id_arrays.is_empty() {
        return Ok(vec![]);
    }
    let ids = concat(&id_arrays)?;
    let n = ids.len();
    if n >= u32::MAX as usize {
        return exec_err!("{name}: at most {} documents are supported, got {n}", u32::MAX - 1);
    }
    if ids.null_count() > 0 {
        return exec_err!("{name}: the id column '{}' is NULL in {} rows; ids must be unique and not NULL", params.id_col, ids.null_count());
    }
    // Canonical order: by id. `order[rank]` is the arrival index.
    let order = sort_to_indices(&ids, None, None)?;
    let sorted_ids = take(&ids, &order, None)?;
    check_unique(name, &params.id_col, &sorted_ids)?;
    let arrival: Vec<u32> = order.values().to_vec();
    let mut rank_of = vec![0u32; n];
    for (rank, &a) in arrival.iter().enumerate() {
        rank_of[a as usize] = rank as u32;
    }
    let cat = |f: fn(&Collected) -> &[u64]| -> Vec<u64> { parts.iter().flat_map(|p| f(p).iter().copied()).collect() };
    let signed: Vec<bool> = parts.iter().flat_map(|p| p.signed.iter().copied()).collect();
    let lengths_arrival = cat(|p| &p.lengths);
    let hashes_arrival = cat(|p| &p.text_hashes);
    let keys_arrival: Vec<u64> = parts.iter_mut().flat_map(|p| std::mem::take(&mut p.keys)).collect();
    // Lengths are only collected for `keep => 'longest'`.
    let lengths: Vec<u64> = if lengths_arrival.is_empty() { Vec::new() } else { arrival.iter().map(|&a| lengths_arrival[a as usize]).collect() };
    let text_hashes: Vec<u64> = arrival.iter().map(|&a| hashes_arrival[a as usize]).collect();
    let docs: Vec<u32> = (0..n as u32).filter(|&r| signed[arrival[r as usize] as usize]).collect();
    let bands: Vec<Vec<u64>> = (0..params.bands)
        .map(|b| docs.iter().map(|&r| keys_arrival[arrival[r as usize] as usize * params.bands + b]).collect())
        .collect();
    drop(keys_arrival);
    let threshold = params.threshold - 1e-12;
    let mut links = Vec::new();
    let record = if params.output == Output::Pairs { Some(&mut links) } else { None };
    let (mut uf, jaccards): (_, Vec<Option<f64>>) = match params.verify {
        Verify::None => {
            let (uf, _) = link_bands(n, &docs, &bands, None, record);
            (uf, vec![None; links.len()])
        }
        Verify::Estimate => {
            let k = params.sign.num_perm;
            let sigs_arrival: Vec<u32> = parts.iter_mut().flat_map(|p| std::mem::take(&mut p.signatures)).collect();
            let sig = |r: u32| {
                let a = arrival[r as usize] as usize;
                &sigs_arrival[a * k..(a + 1) * k]
            };
            let mut similar = |a: u32, b: u32| {
                text_hashes[a as usize] == text_hashes[b as usize]
                    || estimate_jaccard(sig(a), sig(b)).is_some_and(|j| j >= threshold)
            };
            let (uf, _) = link_bands(n, &docs, &bands, Some(&mut similar), record);
            (uf, links.iter().map(|&(a, b)| estimate_jaccard(sig(a), sig(b))).collect())
        }
        Verify::Exact => {
            let needed = candidate_members(n, &docs, &bands, &text_hashes);
            let Some(rescan) = rescan else {
                return datafusion::common::internal_err!("{name}: exact verification needs a second plan of the input");
            };
            let sets = shingle_sets(&rescan, Arc::clone(&context), Arc::clone(&params), &sorted_ids, &needed, &text_hashes).await?;
            if let Some(rank) = (0..n).find(|&r| needed[r] && !sets.contains_key(&text_hashes[r])) {
                let id = ScalarValue::try_from_array(&sorted_ids, rank)?;
                return exec_err!(
                    "{name}: document {id} was missing from the second scan of the input (exact verification reads \
                     it twice, so it must give the same rows each time); materialize it first, e.g. CREATE TABLE t AS ..."
                );
            }
            let jaccard = |a: u32, b: u32| {
                let (ha, hb) = (text_hashes[a as usize], text_hashes[b as usize]);
                if ha == hb { 1.0 } else { jaccard_of_sorted(&sets[&ha], &sets[&hb]) }
            };
            let mut similar = |a: u32, b: u32| jaccard(a, b) >= threshold;
            let (uf, _) = link_bands(n, &docs, &bands, Some(&mut similar), record);
            (uf, links.iter().map(|&(a, b)| Some(jaccard(a, b))).collect())
        }
    };
    drop(parts);
    let full = match params.output {
        Output::Clusters => {
            let (roots, sizes, kept) = assign_clusters(&mut uf, params.keep, &lengths);
            let cluster_ids = take(&sorted_ids, &UInt32Array::from(roots), None)?;
            let sizes: ArrayRef = Arc::new(UInt64Array::from_iter_values(sizes.into_iter().map(u64::from)));
            let kept: ArrayRef = Arc::new(BooleanArray::from(kept));
            RecordBatch::try_new(Arc::clone(&schema), vec![sorted_ids, cluster_ids, sizes, kept])?
        }
        Output::Pairs => {
            let a = take(&sorted_ids, &UInt32Array::from_iter_values(links.iter().map(|l| l.0)), None)?;
            let b = take(&sorted_ids, &UInt32Array::from_iter_values(links.iter().map(|l| l.1)), None)?;
            let j: ArrayRef = Arc::new(Float64Array::from(jaccards));
            RecordBatch::try_new(Arc::clone(&schema), vec![a, b, j])?
        }
    };
    let n = full.num_rows();
    let batch_size = context.session_config().batch_size().max(1);
    Ok((0..n).step_by(batch_size).map(|s| full.slice(s, batch_size.min(n - s))).collect())
}

fn check_unique(name: &str, id_col: &str, sorted: &ArrayRef) -> Result<()> {
    let cmp = datafusion::arrow::array::make_comparator(sorted.as_ref(), sorted.as_ref(), Default::default())?;
    for i in 1..sorted.len() {
        if cmp(i - 1, i).is_eq() {
            let value = ScalarValue::try_from_array(sorted, i)?;
            return exec_err!("{name}: the id column '{id_col}' has the value {value} more than once; ids must be unique");
        }
    }
    Ok(())
}

/// Second scan for exact verification: the shingle sets of the documents marked `needed`
/// (by rank), keyed by normalized-text hash so identical texts share one set.
async fn shingle_sets(
    input: &Arc<dyn ExecutionPlan>,
    context: Arc<TaskContext>,
    params: Arc<DedupParams>,
    sorted_ids: &ArrayRef,
    needed: &[bool],
    text_hashes: &[u64],
) -> Result<HashMap<u64, Vec<u64>>> {
    let converter = RowConverter::new(vec![SortField::new(sorted_ids.data_type().clone())])?;
    let rows = converter.convert_columns(&[Arc::clone(sorted_ids)])?;
    let mut wanted: HashMap<Vec<u8>, u64> = HashMap::new();
    let mut seen_hashes = std::collections::HashSet::new();
    for (rank, need) in needed.iter().enumerate() {
        if *need && seen_hashes.insert(text_hashes[rank]) {
            wanted.insert(rows.row(rank).as_ref().to_vec(), text_hashes[rank]);
        }
    }
    let wanted = Arc::new(wanted);
    let id_type = sorted_ids.data_type().clone();
    let parts = per_partition(input, context, move |mut stream| {
        let (params, wanted, id_type) = (Arc::clone(&params), Arc::clone(&wanted), id_type.clone());
        async move {
            let converter = RowConverter::new(vec![SortField::new(id_type)])?;
            let mut shingler = Shingler::default();
            let mut found = Vec::new();
            while let Some(batch) = stream.next().await {
                let batch = batch?;
                let schema = batch.schema();
                let id_idx = column_index(&params, &schema, &params.id_col)?;
                let text_idx = column_index(&params, &schema, &params.text_col)?;
                let rows = converter.convert_columns(&[Arc::clone(batch.column(id_idx))])?;
                let text_value = datafusion::logical_expr::ColumnarValue::Array(Arc::clone(batch.column(text_idx)));
                let texts = Strings::new(params.function, &text_value, 2, "text_col")?;
                for row in 0..batch.num_rows() {
                    let Some(&hash) = wanted.get(rows.row(row).as_ref()) else { continue };
                    if texts.get(row).map(|t| text_hash(t, true, &mut shingler)) != Some(hash) {
                        return exec_err!(
                            "{}: the input changed between its two scans (exact verification reads it twice); \
                             materialize it first, e.g. CREATE TABLE t AS ...",
                            params.function
                        );
                    }
                    let mut set = Vec::new();
                    shingle_set(&shingler, params.sign.ngram, &mut set);
                    found.push((hash, set));
                }
            }
            Ok(found)
        }
    })
    .await?;
    Ok(parts.into_iter().flatten().collect())
}
