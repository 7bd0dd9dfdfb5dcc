//! The mixture linear program of Hayase et al. (2024, §3.3–3.4), solved with lazy constraint
//! and variable generation.
//!
//! With α the category weights (shares of initial pairs), c_{i,p}^{(t)} category i's normalized
//! count of pair p before merge t, and m(t) merge t's pair, the LP is
//!
//! ```text
//! minimize   Σ_t v_t + Σ_p u_p
//! subject to v_t + u_p + Σ_i α_i (c_{i,m(t)}^{(t)} − c_{i,p}^{(t)}) ≥ 0   for all t, p ≠ m(t)
//!            Σ_i α_i = 1,  α, v, u ≥ 0
//! ```
//!
//! Only violated constraints are ever added. A sweep walks the merges in order keeping every
//! pair's weighted count Σ_i α_i c_{i,p}^{(t)} − u_p current (applying each step's count changes)
//! in a max-heap with lazy deletion, so the competitors beating merge t are popped from the top;
//! up to `competitors` new constraints per step, at most `rows_per_pair` per competing pair and
//! `max_new_rows` in all (the most violated) are added before the LP is solved again. A sweep
//! at the LP's solution that adds nothing proves it optimal for the whole LP. Every sweep also
//! yields a feasible point (raising each v_t by its step's largest violation), whose objective
//! bounds the optimum from above, so a solve stopped at its round limit reports its relative gap.
//! Once a feasible point is known, rows are separated between the best one and the LP's
//! solution ([`TOWARD_LP`]); only when nothing is violated there does the sweep go to the LP's
//! solution itself.
//! Rows not binding in [`DELETE_AFTER`] consecutive solves leave the model (once: a row that
//! comes back violated stays), which keeps the model near the size of its basis.
//!
//! The restricted LPs are solved with HiGHS's dual simplex in one persistent model: new rows
//! (and the slack columns they need) are added to it and the next solve starts from the previous
//! optimal basis, which stays dual feasible, so each round costs a few hundred pivots instead of
//! a fresh solve (BENCHMARKS.md has the comparison with an interior-point solver). With
//! `SIFTQL_MIXTURE_TRACE` set, each round is logged to stderr; with `SIFTQL_MIXTURE_MPS` set to a
//! path, the final restricted LP is written there in MPS format (see [`super::lp_export`]).

use std::collections::{BinaryHeap, HashMap, HashSet};
use std::time::Instant;

use super::lp_export::{ExportRow, write_mps};
use super::restricted_lp::RestrictedLp;

/// Per-step count changes of all categories, with pairs as dense ids.
#[derive(Debug, Clone, Default)]
pub struct CountTable {
    /// Number of categories.
    pub categories: usize,
    /// Number of distinct pairs.
    pub pairs: usize,
    /// Each category's normalizer (initial pair count).
    pub denominators: Vec<f64>,
    /// Pair id of each merge, or `None` when no category has the pair at that step.
    pub merges: Vec<Option<u32>>,
    /// Counts before the first merge: (pair, category, count).
    pub initial: Vec<(u32, u16, f64)>,
    /// `deltas[step_offsets[t]..step_offsets[t + 1]]`: count changes made by merge t, sorted by
    /// pair: (pair, category, change).
    pub deltas: Vec<(u32, u16, f64)>,
    /// Offsets into [`Self::deltas`].
    pub step_offsets: Vec<usize>,
}

/// Solver settings.
#[derive(Debug, Clone, Copy)]
pub struct SolveOptions {
    /// New constraints taken per merge step in one sweep (the paper's code: 10).
    pub competitors: usize,
    /// New constraints per sweep: the most violated ones are kept.
    pub max_new_rows: usize,
    /// New constraints per competing pair in one sweep (its most violated steps). A pair the
    /// categories under-explain beats the merges of thousands of steps, and one raised u_p
    /// answers all of them; without this cap such pairs fill the sweep's rows.
    pub rows_per_pair: usize,
    /// Sweeps (LP solves) before giving up on proving optimality.
    pub max_rounds: usize,
    /// Violation tolerance, relative to the largest normalized pair count.
    pub tolerance: f64,
}

impl Default for SolveOptions {
    fn default() -> Self {
        Self {
            competitors: 10,
            max_new_rows: 5000,
            rows_per_pair: 100,
            max_rounds: 500,
            tolerance: 1e-7,
        }
    }
}

/// Consecutive solves in which a row is not binding (its slack is basic) before it leaves the
/// model; a later sweep re-adds it if it becomes violated, and then it stays.
pub const DELETE_AFTER: u8 = 2;

/// The solution and how it was reached.
#[derive(Debug, Clone, Default)]
pub struct MixtureSolution {
    /// α: each category's share of initial pairs.
    pub pair_shares: Vec<f64>,
    /// Objective Σ v + Σ u, in normalized-count units.
    pub objective: f64,
    /// LP solves.
    pub rounds: usize,
    /// Most constraints in the model at once.
    pub constraints: usize,
    /// Slack variables generated (v_t and u_p).
    pub columns: usize,
    /// Merge steps used (those whose pair occurs in some sample).
    pub merges_used: usize,
    /// A sweep at the LP's solution found no violated constraint: the weights are optimal.
    pub converged: bool,
    /// Relative gap: (U − objective) / U, where U is the objective of the best feasible point
    /// a sweep built (each v_t raised by its step's largest violation). The whole LP's optimum
    /// lies in [objective, U]; 0 when converged.
    pub gap: f64,
    /// Seconds in sweeps and in the LP solver.
    pub sweep_seconds: f64,
    /// Seconds in the LP solver.
    pub lp_seconds: f64,
}

/// A generated constraint: merge step, competing pair, and its α coefficients
/// c_{i,m(t)} − c_{i,p} (scaled).
#[derive(Debug, Clone)]
struct Row {
    step: u32,
    pair: u32,
    alpha: Vec<(u16, f64)>,
    /// The sweep (1-based) that generated the row.
    round: u32,
    /// Consecutive solves in which the row was not binding.
    idle_rounds: u8,
    /// The row was deleted once and came back violated: it stays for good (no cycling).
    sticky: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
struct Priority(f64);

impl Eq for Priority {}

impl Ord for Priority {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Solves the mixture LP over `table`.
pub fn solve(table: &CountTable, options: SolveOptions) -> Result<MixtureSolution, String> {
    let n = table.categories;
    if n == 0 {
        return Err("no categories".into());
    }
    let max_share = table
        .initial
        .iter()
        .map(|&(_, cat, count)| count / table.denominators[cat as usize])
        .fold(0.0f64, f64::max);
    if max_share <= 0.0 {
        return Err("the samples have no adjacent pairs".into());
    }
    let scale: Vec<f64> = table
        .denominators
        .iter()
        .map(|d| 1.0 / (d * max_share))
        .collect();
    let mut alpha = vec![1.0 / n as f64; n];
    let mut v: HashMap<u32, f64> = HashMap::new();
    let mut u: HashMap<u32, f64> = HashMap::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut in_model: HashSet<(u32, u32)> = HashSet::new();
    let mut deleted: HashSet<(u32, u32)> = HashSet::new();
    let mut solution = MixtureSolution {
        merges_used: table.merges.iter().filter(|m| m.is_some()).count(),
        ..Default::default()
    };
    if n == 1 {
        solution.pair_shares = alpha;
        solution.converged = true;
        return Ok(solution);
    }
    let mut lp = RestrictedLp::new(n);
    let started = Instant::now();
    let mut inner: Option<Point> = None;
    loop {
        let outer = Point { alpha: alpha.clone(), v: v.clone(), u: u.clone(), objective: 0.0 };
        let mut found = None;
        if let Some(best) = &inner {
            let middle = best.toward(&outer, TOWARD_LP);
            let at_middle = sweep(table, &scale, &middle.alpha, &middle.v, &middle.u, &in_model, options);
            let candidate = middle.made_feasible(&at_middle);
            if candidate.objective < best.objective {
                inner = Some(candidate);
            }
            if !at_middle.new_rows.is_empty() {
                found = Some(at_middle);
            }
        }
        let found = match found {
            Some(found) => found,
            None => {
                let at_lp = sweep(table, &scale, &alpha, &v, &u, &in_model, options);
                let candidate = outer.made_feasible(&at_lp);
                if inner.as_ref().is_none_or(|best| candidate.objective < best.objective) {
                    inner = Some(candidate);
                }
                if at_lp.new_rows.is_empty() {
                    solution.gap = 0.0;
                    solution.converged = true;
                    break;
                }
                at_lp
            }
        };
        let upper = inner.as_ref().map_or(f64::INFINITY, |best| best.objective);
        let lower = solution.objective / max_share;
        solution.gap = if upper > 0.0 { ((upper - lower) / upper).max(0.0) } else { 0.0 };
        if std::env::var_os("SIFTQL_MIXTURE_TRACE").is_some() {
            eprintln!(
                "infer_mixture: sweep {} new rows {} upper bound {:.4e} gap {:.3e}",
                solution.rounds + 1,
                found.new_rows.len(),
                upper * max_share,
                solution.gap
            );
        }
        let new_rows = found.new_rows;
        if solution.rounds >= options.max_rounds {
            break;
        }
        let first = rows.len();
        for mut row in new_rows {
            row.round = solution.rounds as u32 + 1;
            row.sticky = deleted.contains(&(row.step, row.pair));
            in_model.insert((row.step, row.pair));
            rows.push(row);
        }
        let lp_started = Instant::now();
        for row in &rows[first..] {
            lp.add_row(row.step, row.pair, &row.alpha);
        }
        let solved = lp.solve()?;
        solution.lp_seconds += lp_started.elapsed().as_secs_f64();
        if std::env::var_os("SIFTQL_MIXTURE_TRACE").is_some() {
            eprintln!(
                "infer_mixture: round {} rows {} lp {:.2}s total {:.2}s objective {:.3e}",
                solution.rounds + 1,
                rows.len(),
                lp_started.elapsed().as_secs_f64(),
                started.elapsed().as_secs_f64(),
                solved.objective * max_share
            );
        }
        solution.rounds += 1;
        alpha = solved.alpha;
        v = solved.step_slacks;
        u = solved.pair_slacks;
        solution.objective = solved.objective * max_share;
        solution.constraints = solution.constraints.max(rows.len());
        let mut idle = Vec::new();
        for (position, (row, basic)) in rows.iter_mut().zip(solved.basic_rows).enumerate() {
            row.idle_rounds = if basic { row.idle_rounds.saturating_add(1) } else { 0 };
            if !row.sticky && row.idle_rounds >= DELETE_AFTER {
                idle.push(position);
            }
        }
        lp.delete_rows(&idle)?;
        let mut position = 0;
        rows.retain(|row| {
            let keep = idle.binary_search(&position).is_err();
            position += 1;
            if !keep {
                in_model.remove(&(row.step, row.pair));
                deleted.insert((row.step, row.pair));
            }
            keep
        });
    }
    solution.sweep_seconds = started.elapsed().as_secs_f64() - solution.lp_seconds;
    if let Some(path) = std::env::var_os("SIFTQL_MIXTURE_MPS") {
        let rows: Vec<ExportRow> = rows
            .iter()
            .map(|row| ExportRow {
                round: row.round,
                step: row.step,
                pair: row.pair,
                alpha: &row.alpha,
            })
            .collect();
        write_mps(std::path::Path::new(&path), n, &rows)
            .map_err(|e| format!("writing the LP: {e}"))?;
    }
    solution.columns = v.len() + u.len();
    solution.pair_shares = alpha;
    Ok(solution)
}

/// Where rows are separated once a feasible point is known: this fraction of the way from the
/// best feasible point to the restricted LP's solution. Every row violated there is violated at
/// the LP's solution too (the feasible point satisfies it), so no round is wasted, and the
/// rows found are those that still matter near the best point, not the ones the LP's swings
/// expose (in-out separation, Ben-Ameur and Neto 2007). 0.3 was the best of 0.1–0.7 on cl100k
/// (BENCHMARKS.md).
const TOWARD_LP: f64 = 0.3;

/// A point of the whole LP: weights and slacks, and its objective when it is known to be
/// feasible (0 otherwise).
#[derive(Clone)]
struct Point {
    alpha: Vec<f64>,
    v: HashMap<u32, f64>,
    u: HashMap<u32, f64>,
    objective: f64,
}

impl Point {
    /// The point `lambda` of the way from `self` to `other`.
    fn toward(&self, other: &Point, lambda: f64) -> Point {
        let mix = |a: &HashMap<u32, f64>, b: &HashMap<u32, f64>| {
            let mut out: HashMap<u32, f64> = a.iter().map(|(&k, &x)| (k, (1.0 - lambda) * x)).collect();
            for (&k, &x) in b {
                *out.entry(k).or_insert(0.0) += lambda * x;
            }
            out
        };
        Point {
            alpha: self.alpha.iter().zip(&other.alpha).map(|(a, b)| (1.0 - lambda) * a + lambda * b).collect(),
            v: mix(&self.v, &other.v),
            u: mix(&self.u, &other.u),
            objective: 0.0,
        }
    }

    /// This point with each v_t raised by step t's largest violation in `found` (a sweep at
    /// this point): feasible for the whole LP, and its objective.
    fn made_feasible(&self, found: &Sweep) -> Point {
        let mut v = self.v.clone();
        for &(step, excess) in &found.step_excess {
            *v.entry(step).or_insert(0.0) += excess;
        }
        let objective = v.values().sum::<f64>() + self.u.values().sum::<f64>();
        Point { alpha: self.alpha.clone(), v, u: self.u.clone(), objective }
    }
}

/// What one sweep found.
struct Sweep {
    /// Violated constraints not yet in the model (the most violated, up to the cap).
    new_rows: Vec<Row>,
    /// Each step with a violation and its largest one (scaled units): raising each v_t by it
    /// makes the swept point feasible for the whole LP.
    step_excess: Vec<(u32, f64)>,
}

/// One sweep over the merges: the violated constraints not yet in the model.
fn sweep(
    table: &CountTable,
    scale: &[f64],
    alpha: &[f64],
    v: &HashMap<u32, f64>,
    u: &HashMap<u32, f64>,
    in_model: &HashSet<(u32, u32)>,
    options: SolveOptions,
) -> Sweep {
    let weight: Vec<f64> = alpha.iter().zip(scale).map(|(a, s)| a * s).collect();
    let mut score = vec![0.0f64; table.pairs];
    let mut counts: Vec<Vec<(u16, f64)>> = vec![Vec::new(); table.pairs];
    for &(pair, cat, count) in &table.initial {
        score[pair as usize] += weight[cat as usize] * count;
        counts[pair as usize].push((cat, count * scale[cat as usize]));
    }
    let slack = |p: u32| u.get(&p).copied().unwrap_or(0.0);
    let mut priority: Vec<f64> = (0..table.pairs as u32)
        .map(|p| score[p as usize] - slack(p))
        .collect();
    let mut heap: BinaryHeap<(Priority, u32)> = priority
        .iter()
        .enumerate()
        .filter(|(_, s)| **s > 0.0)
        .map(|(p, &s)| (Priority(s), p as u32))
        .collect();
    let mut new_rows = Vec::new();
    let mut violations = Vec::new();
    let mut popped = Vec::new();
    let mut step_excess = Vec::new();
    for (t, merge) in table.merges.iter().enumerate() {
        if let Some(m) = *merge {
            let threshold =
                score[m as usize] + v.get(&(t as u32)).copied().unwrap_or(0.0) + options.tolerance;
            let mut added = 0;
            while let Some(&(Priority(top), p)) = heap.peek() {
                if top <= threshold || added >= options.competitors {
                    break;
                }
                heap.pop();
                if priority[p as usize] != top {
                    continue;
                }
                popped.push((Priority(top), p));
                if p != m && !in_model.contains(&(t as u32, p)) {
                    if added == 0 {
                        // Popped in descending order: the step's first new row is its largest violation.
                        step_excess.push((t as u32, top - threshold + options.tolerance));
                    }
                    violations.push(top - threshold);
                    new_rows.push(Row {
                        step: t as u32,
                        pair: p,
                        alpha: difference(&counts[m as usize], &counts[p as usize]),
                        round: 0,
                        idle_rounds: 0,
                        sticky: false,
                    });
                    added += 1;
                }
            }
            heap.extend(popped.drain(..));
        }
        let deltas = &table.deltas[table.step_offsets[t]..table.step_offsets[t + 1]];
        let mut i = 0;
        while i < deltas.len() {
            let pair = deltas[i].0;
            while i < deltas.len() && deltas[i].0 == pair {
                let (_, cat, delta) = deltas[i];
                score[pair as usize] += weight[cat as usize] * delta;
                add_count(&mut counts[pair as usize], cat, delta * scale[cat as usize]);
                i += 1;
            }
            let p = score[pair as usize] - slack(pair);
            priority[pair as usize] = p;
            heap.push((Priority(p), pair));
        }
        if heap.len() > 4 * table.pairs + 1_000_000 {
            heap = priority
                .iter()
                .enumerate()
                .filter(|(_, s)| **s > 0.0)
                .map(|(p, &s)| (Priority(s), p as u32))
                .collect();
        }
    }
    let new_rows = most_violated(new_rows, &violations, options);
    Sweep { new_rows, step_excess }
}

/// The most violated rows, at most `rows_per_pair` per competing pair and `max_new_rows` in all.
fn most_violated(rows: Vec<Row>, violations: &[f64], options: SolveOptions) -> Vec<Row> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_unstable_by(|&a, &b| violations[b].total_cmp(&violations[a]).then(a.cmp(&b)));
    let mut per_pair: HashMap<u32, usize> = HashMap::new();
    let mut keep = vec![false; rows.len()];
    let mut kept = 0;
    for i in order {
        if kept == options.max_new_rows {
            break;
        }
        let taken = per_pair.entry(rows[i].pair).or_insert(0);
        if *taken < options.rows_per_pair {
            *taken += 1;
            keep[i] = true;
            kept += 1;
        }
    }
    rows.into_iter()
        .zip(keep)
        .filter_map(|(row, keep)| keep.then_some(row))
        .collect()
}

fn add_count(counts: &mut Vec<(u16, f64)>, cat: u16, delta: f64) {
    match counts.iter_mut().find(|(c, _)| *c == cat) {
        Some(entry) => entry.1 += delta,
        None => counts.push((cat, delta)),
    }
}

/// c_m − c_p per category (sparse).
fn difference(merge: &[(u16, f64)], pair: &[(u16, f64)]) -> Vec<(u16, f64)> {
    let mut out: Vec<(u16, f64)> = merge.to_vec();
    for &(cat, count) in pair {
        match out.iter_mut().find(|(c, _)| *c == cat) {
            Some(entry) => entry.1 -= count,
            None => out.push((cat, -count)),
        }
    }
    out.retain(|&(_, x)| x != 0.0);
    out.sort_unstable_by_key(|&(c, _)| c);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::minhash::signature::splitmix64;

    /// A random count table: `pairs` pairs in `categories` categories; each merge is the pair
    /// most frequent under hidden weights times noise, and takes its pair's counts to zero while
    /// moving a few others.
    fn random_table(categories: usize, pairs: usize, steps: usize, seed: u64) -> CountTable {
        let mut state = seed;
        let mut unit = || (splitmix64(&mut state) >> 11) as f64 / (1u64 << 53) as f64;
        let mut counts: Vec<Vec<f64>> = (0..categories)
            .map(|_| (0..pairs).map(|_| (unit() * 100.0).floor()).collect())
            .collect();
        let denominators: Vec<f64> = counts.iter().map(|c| c.iter().sum()).collect();
        let weights: Vec<f64> = (0..categories).map(|_| unit() + 0.1).collect();
        let initial = (0..pairs)
            .flat_map(|p| (0..categories).map(move |c| (p, c)))
            .filter(|&(p, c)| counts[c][p] > 0.0)
            .map(|(p, c)| (p as u32, c as u16, counts[c][p]))
            .collect();
        let (mut merges, mut deltas, mut step_offsets) = (Vec::new(), Vec::new(), vec![0]);
        for _ in 0..steps {
            let score = |p: usize, noise: f64| {
                noise * (0..categories).map(|c| weights[c] * counts[c][p] / denominators[c]).sum::<f64>()
            };
            let noisy: Vec<f64> = (0..pairs).map(|p| score(p, 0.7 + 0.6 * unit())).collect();
            let merge = (0..pairs).max_by(|&a, &b| noisy[a].total_cmp(&noisy[b])).unwrap();
            merges.push(Some(merge as u32));
            let mut step: Vec<(u32, u16, f64)> = Vec::new();
            for c in 0..categories {
                if counts[c][merge] > 0.0 {
                    step.push((merge as u32, c as u16, -counts[c][merge]));
                    counts[c][merge] = 0.0;
                }
            }
            for _ in 0..3 {
                let p = (unit() * pairs as f64) as usize;
                let c = (unit() * categories as f64) as usize;
                if p != merge && !step.iter().any(|&(q, d, _)| q as usize == p && d as usize == c) {
                    let change = (unit() * 40.0).floor() - counts[c][p].min(20.0);
                    counts[c][p] += change;
                    step.push((p as u32, c as u16, change));
                }
            }
            step.sort_by_key(|&(p, c, _)| (p, c));
            deltas.extend(step);
            step_offsets.push(deltas.len());
        }
        CountTable { categories, pairs, denominators, merges, initial, deltas, step_offsets }
    }

    /// A solve stopped early brackets the optimum: objective ≤ optimum ≤ objective / (1 − gap).
    #[test]
    fn gap_of_an_unfinished_solve_brackets_the_optimum() {
        let table = random_table(4, 60, 40, 7);
        let options = SolveOptions { competitors: 2, max_new_rows: 4, ..SolveOptions::default() };
        let exact = solve(&table, options).unwrap();
        assert!(exact.converged && exact.gap == 0.0);
        assert!(exact.objective > 1e-3, "the table should need slacks: {}", exact.objective);
        assert!(exact.rounds > 5, "{} rounds", exact.rounds);
        let mut bracketed = 0;
        for rounds in 1..exact.rounds {
            let partial = solve(&table, SolveOptions { max_rounds: rounds, ..options }).unwrap();
            assert!(!partial.converged);
            assert!(partial.gap > 0.0 && partial.gap <= 1.0);
            assert!(partial.objective <= exact.objective + 1e-9);
            if partial.gap < 1.0 {
                let upper = partial.objective / (1.0 - partial.gap);
                assert!(upper >= exact.objective - 1e-9, "round {rounds}: {upper} < {}", exact.objective);
                bracketed += 1;
            }
        }
        assert!(bracketed * 2 >= exact.rounds, "{bracketed} of {} rounds", exact.rounds);
    }

    /// The sweep keeps the most violated rows, at most `rows_per_pair` per pair.
    #[test]
    fn most_violated_caps_rows_per_pair() {
        let row = |step: u32, pair: u32| Row {
            step,
            pair,
            alpha: Vec::new(),
            round: 0,
            idle_rounds: 0,
            sticky: false,
        };
        let rows = vec![row(0, 1), row(1, 1), row(2, 1), row(2, 2), row(3, 3)];
        let violations = [0.5, 0.9, 0.7, 0.1, 0.3];
        let options = SolveOptions { rows_per_pair: 2, max_new_rows: 3, ..SolveOptions::default() };
        let kept: Vec<(u32, u32)> =
            most_violated(rows, &violations, options).iter().map(|r| (r.step, r.pair)).collect();
        assert_eq!(kept, vec![(1, 1), (2, 1), (3, 3)]);
    }

    /// Two categories, two pairs; category 0 only has pair 0, category 1 only pair 1. Merge 0
    /// picks pair 0 when α₀ c₀ ≥ α₁ c₁; merge 1 then picks pair 1.
    #[test]
    fn recovers_the_weight_that_orders_the_merges() {
        // Pair counts: cat 0: p0 = 6, p2 = 4 (denominator 10); cat 1: p1 = 5, p2 = 5 (denominator 10).
        // Merge 0 = p2 (combined), merge 1 = p0, merge 2 = p1 requires α₀·0.6 ≥ α₁·0.5.
        let table = CountTable {
            categories: 2,
            pairs: 3,
            denominators: vec![10.0, 10.0],
            merges: vec![Some(2), Some(0), Some(1)],
            initial: vec![(0, 0, 6.0), (2, 0, 4.0), (1, 1, 5.0), (2, 1, 5.0)],
            deltas: vec![(2, 0, -4.0), (2, 1, -5.0), (0, 0, -6.0)],
            step_offsets: vec![0, 2, 3, 3],
        };
        let solution = solve(&table, SolveOptions::default()).unwrap();
        assert!(solution.converged);
        assert!(
            solution.objective < 1e-8,
            "objective {}",
            solution.objective
        );
        assert!(solution.pair_shares[0] * 0.6 >= solution.pair_shares[1] * 0.5 - 1e-7);
        // Merge 0 (p2 at 0.4α₀ + 0.5α₁) must beat p0 (0.6α₀): 0.5α₁ ≥ 0.2α₀ → α₀ ≤ 5/7.
        assert!(solution.pair_shares[0] <= 5.0 / 7.0 + 1e-6);
    }
}
