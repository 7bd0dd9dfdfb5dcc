//! The whole inference: category samples → pair-count traces (categories in parallel) → the
//! count table → the LP → byte shares, with block-bootstrap confidence intervals.

use super::FastMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use crate::minhash::signature::splitmix64;

use super::pair_counts::{PairKey, PairTrace, WordCounts, pair_key, trace_merges};
use super::solver::{CountTable, MixtureSolution, SolveOptions, solve};
use super::tokenizer::{BpeTokenizer, Merge};

/// Blocks each category sample is cut into for the bootstrap.
pub const BOOTSTRAP_BLOCKS: usize = 20;

/// One category's sample texts.
#[derive(Debug, Clone)]
pub struct CategorySample {
    /// Category name.
    pub name: String,
    /// Its texts, in order.
    pub texts: Vec<String>,
}

/// Inference settings.
#[derive(Debug, Clone, Copy)]
pub struct InferenceOptions {
    /// Merges replayed (the first N of the list).
    pub merges: usize,
    /// Bootstrap replicates (0: no intervals).
    pub bootstrap: usize,
    /// Two-sided confidence level of the intervals.
    pub confidence: f64,
    /// Seed of the bootstrap's block draws.
    pub seed: u64,
    /// Worker threads.
    pub threads: usize,
    /// LP settings.
    pub solve: SolveOptions,
}

impl Default for InferenceOptions {
    fn default() -> Self {
        Self {
            merges: 30_000,
            bootstrap: 0,
            confidence: 0.9,
            seed: 1,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            solve: SolveOptions::default(),
        }
    }
}

/// One category's estimate.
#[derive(Debug, Clone)]
pub struct CategoryEstimate {
    /// Category name.
    pub name: String,
    /// Estimated share of the training data's bytes.
    pub byte_share: f64,
    /// The LP's α: share of initial byte pairs (the unit of the paper's commercial results).
    pub pair_share: f64,
    /// Bootstrap interval of the byte share, when requested.
    pub interval: Option<(f64, f64)>,
    /// Sample bytes.
    pub bytes: u64,
    /// Sample pairs before any merge (the normalizer).
    pub pairs: u64,
}

/// The result and its diagnostics.
#[derive(Debug, Clone)]
pub struct Inference {
    /// Per category, in input order.
    pub categories: Vec<CategoryEstimate>,
    /// Solver diagnostics.
    pub solution: MixtureSolution,
    /// Merges replayed.
    pub merges: usize,
    /// Seconds spent counting pairs.
    pub counting_seconds: f64,
}

/// Infers the mixture of `samples` from the tokenizer's merge list. The estimates come back in
/// the order of `samples`, but the categories are counted and solved in name order: the LP can
/// have several optimal vertices, and which one the simplex reaches depends on the order of its
/// columns, so solving in input order would let the input's row order change the answer.
pub fn infer(
    tokenizer: &BpeTokenizer,
    samples: &[CategorySample],
    options: InferenceOptions,
) -> Result<Inference, String> {
    let mut order: Vec<usize> = (0..samples.len()).collect();
    order.sort_by(|&a, &b| samples[a].name.cmp(&samples[b].name));
    let by_name: Vec<&CategorySample> = order.iter().map(|&i| &samples[i]).collect();
    let mut inference = infer_in_order(tokenizer, &by_name, options)?;
    let mut restored: Vec<(usize, (CategoryEstimate, f64))> = order
        .into_iter()
        .zip(inference.categories.drain(..).zip(inference.solution.pair_shares.drain(..)))
        .collect();
    restored.sort_unstable_by_key(|&(i, _)| i);
    (inference.categories, inference.solution.pair_shares) =
        restored.into_iter().map(|(_, estimate)| estimate).unzip();
    Ok(inference)
}

/// [`infer`] with the categories in the order given.
fn infer_in_order(
    tokenizer: &BpeTokenizer,
    samples: &[&CategorySample],
    options: InferenceOptions,
) -> Result<Inference, String> {
    if samples.is_empty() {
        return Err("no categories: the input has no rows".into());
    }
    if let Some(empty) = samples
        .iter()
        .find(|s| s.texts.iter().all(|t| t.is_empty()))
    {
        return Err(format!("category '{}' has no text", empty.name));
    }
    if samples.len() > u16::MAX as usize {
        return Err(format!(
            "{} categories; at most {}",
            samples.len(),
            u16::MAX
        ));
    }
    let merges = &tokenizer.merges[..options.merges.min(tokenizer.merges.len())];
    let started = Instant::now();
    let blocks: Vec<Vec<WordCounts>> = parallel_map(samples, options.threads, |sample| {
        block_counts(tokenizer, sample)
    });
    let whole: Vec<WordCounts> = blocks
        .iter()
        .map(|b| {
            let mut all = WordCounts::default();
            b.iter().for_each(|block| all.absorb(block, 1));
            all
        })
        .collect();
    let traces = parallel_map(&whole, options.threads, |counts| {
        trace_merges(tokenizer, counts, merges)
    });
    if let Some((i, _)) = traces
        .iter()
        .enumerate()
        .find(|(_, t)| t.initial_pairs == 0)
    {
        return Err(format!(
            "category '{}' has no adjacent symbol pairs (its words are all single symbols)",
            samples[i].name
        ));
    }
    let counting_seconds = started.elapsed().as_secs_f64();
    if super::tracing() {
        let bytes: u64 = traces.iter().map(|t| t.bytes).sum();
        eprintln!(
            "infer_mixture: counted {} merges over {} categories ({:.1} MB) in {counting_seconds:.2}s",
            merges.len(),
            samples.len(),
            bytes as f64 / 1e6
        );
    }
    let table = count_table(&traces, merges);
    if super::tracing() {
        eprintln!(
            "infer_mixture: count table: {} pairs, {} initial counts, {} count changes",
            table.pairs,
            table.initial.len(),
            table.deltas.len()
        );
    }
    let solution = solve(&table, options.solve)?;
    let shares = byte_shares(&solution.pair_shares, &traces);
    let intervals = if options.bootstrap > 0 {
        Some(bootstrap(tokenizer, &blocks, merges, &options)?)
    } else {
        None
    };
    let categories = samples
        .iter()
        .enumerate()
        .map(|(i, s)| CategoryEstimate {
            name: s.name.clone(),
            byte_share: shares[i],
            pair_share: solution.pair_shares[i],
            interval: intervals.as_ref().map(|iv| iv[i]),
            bytes: traces[i].bytes,
            pairs: traces[i].initial_pairs,
        })
        .collect();
    Ok(Inference {
        categories,
        solution,
        merges: merges.len(),
        counting_seconds,
    })
}

/// α (shares of initial pairs) → shares of bytes, by each sample's bytes per pair.
pub fn byte_shares(pair_shares: &[f64], traces: &[PairTrace]) -> Vec<f64> {
    let raw: Vec<f64> = pair_shares
        .iter()
        .zip(traces)
        .map(|(a, t)| a * t.bytes as f64 / t.initial_pairs as f64)
        .collect();
    let total: f64 = raw.iter().sum();
    raw.iter()
        .map(|r| if total > 0.0 { r / total } else { 0.0 })
        .collect()
}

/// Word counts of a sample cut into [`BOOTSTRAP_BLOCKS`] blocks of about equal bytes (whole
/// texts; fewer blocks when there are fewer texts).
fn block_counts(tokenizer: &BpeTokenizer, sample: &CategorySample) -> Vec<WordCounts> {
    let total: usize = sample.texts.iter().map(String::len).sum();
    let per_block = total.div_ceil(BOOTSTRAP_BLOCKS).max(1);
    let mut blocks = vec![WordCounts::default()];
    for text in &sample.texts {
        if blocks
            .last()
            .is_some_and(|b| b.bytes() as usize >= per_block)
        {
            blocks.push(WordCounts::default());
        }
        blocks
            .last_mut()
            .expect("one block at least")
            .add(tokenizer, text);
    }
    blocks
}

/// The traces as one table over dense pair ids, with per-step count changes.
pub fn count_table(traces: &[PairTrace], merges: &[Merge]) -> CountTable {
    let mut ids: FastMap<PairKey, u32> = FastMap::default();
    let mut intern = |key: PairKey| {
        let next = ids.len() as u32;
        *ids.entry(key).or_insert(next)
    };
    let mut table = CountTable {
        categories: traces.len(),
        denominators: traces.iter().map(|t| t.initial_pairs as f64).collect(),
        ..Default::default()
    };
    let mut current: Vec<FastMap<PairKey, u64>> = Vec::with_capacity(traces.len());
    for (cat, trace) in traces.iter().enumerate() {
        for &(key, count) in &trace.initial {
            table.initial.push((intern(key), cat as u16, count as f64));
        }
        current.push(trace.initial.iter().copied().collect());
    }
    table.step_offsets.push(0);
    let mut step = Vec::new();
    for (t, merge) in merges.iter().enumerate() {
        let key = pair_key(merge.left, merge.right);
        let present = current.iter().any(|c| c.get(&key).is_some_and(|&n| n > 0));
        table.merges.push(present.then(|| intern(key)));
        step.clear();
        for (cat, trace) in traces.iter().enumerate() {
            for &(key, count) in trace.step(t) {
                let old = current[cat].insert(key, count).unwrap_or(0);
                if count == 0 {
                    current[cat].remove(&key);
                }
                step.push((intern(key), cat as u16, count as f64 - old as f64));
            }
        }
        step.sort_unstable_by_key(|&(pair, cat, _)| (pair, cat));
        table.deltas.extend_from_slice(&step);
        table.step_offsets.push(table.deltas.len());
    }
    table.pairs = ids.len();
    table
}

/// Percentile intervals of the byte shares over bootstrap replicates: each replicate redraws
/// every category's blocks with replacement, re-counts and re-solves.
fn bootstrap(
    tokenizer: &BpeTokenizer,
    blocks: &[Vec<WordCounts>],
    merges: &[Merge],
    options: &InferenceOptions,
) -> Result<Vec<(f64, f64)>, String> {
    let mut rng = options.seed;
    let mut replicates: Vec<Vec<f64>> = Vec::with_capacity(options.bootstrap);
    for _ in 0..options.bootstrap {
        let draws: Vec<Vec<u64>> = blocks
            .iter()
            .map(|b| {
                let mut times = vec![0u64; b.len()];
                for _ in 0..b.len() {
                    times[(splitmix64(&mut rng) % b.len() as u64) as usize] += 1;
                }
                times
            })
            .collect();
        let indexed: Vec<usize> = (0..blocks.len()).collect();
        let traces = parallel_map(&indexed, options.threads, |&cat| {
            let mut counts = WordCounts::default();
            for (block, &times) in blocks[cat].iter().zip(&draws[cat]) {
                if times > 0 {
                    counts.absorb(block, times);
                }
            }
            trace_merges(tokenizer, &counts, merges)
        });
        if traces.iter().any(|t| t.initial_pairs == 0) {
            continue;
        }
        let solution = solve(&count_table(&traces, merges), options.solve)?;
        replicates.push(byte_shares(&solution.pair_shares, &traces));
    }
    if replicates.is_empty() {
        return Err("no bootstrap replicate could be solved".into());
    }
    let tail = (1.0 - options.confidence) / 2.0;
    Ok((0..blocks.len())
        .map(|cat| {
            let mut values: Vec<f64> = replicates.iter().map(|r| r[cat]).collect();
            values.sort_unstable_by(f64::total_cmp);
            (quantile(&values, tail), quantile(&values, 1.0 - tail))
        })
        .collect())
}

/// Linear-interpolated quantile of sorted values.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Maps `items` with `f` on up to `threads` threads, keeping order.
fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    let slots = std::sync::Mutex::new(&mut results);
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, items.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= items.len() {
                        break;
                    }
                    let r = f(&items[i]);
                    slots.lock().expect("result slots")[i] = Some(r);
                }
            });
        }
    });
    results
        .into_iter()
        .map(|r| r.expect("every item mapped"))
        .collect()
}
