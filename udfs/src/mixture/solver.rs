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
//! Rows are added only to cut off violated constraints. A sweep walks the merges in order keeping
//! every pair's weighted count Σ_i α_i c_{i,p}^{(t)} − u_p current (applying each step's count
//! changes) in a max-heap with lazy deletion, so the competitors beating merge t are popped from
//! the top; the per-category counts that a row needs are replayed only for the pairs examined
//! ([`super::pair_history`]). A sweep at the LP's solution that finds no violated constraint
//! proves it optimal for the whole LP. Every sweep also yields a feasible point (raising each v_t
//! by its step's largest violation), whose objective bounds the optimum from above, so a solve
//! stopped at its round limit, or at the gap it was asked for ([`SolveOptions::max_gap`]),
//! reports its relative gap and returns the best such point. Once a feasible point is known, rows are
//! separated between the best one and the LP's solution ([`TOWARD_LP`]); only when nothing is
//! violated there does the sweep go to the LP's solution itself.
//!
//! **Ranges of steps.** A pair's counts change only at the steps whose merge touches it, so a pair
//! the categories under-explain beats the merges of long runs of consecutive steps with the same
//! counts, one row per step. The model therefore says it for whole ranges of steps: with `M_t = v_t
//! + Σ_i α_i c_{i,m(t)}` (step t's slack-raised merge score) and a variable W_r ≥ 0 per node r of a
//! segment tree over the steps, a *cut* `W_r + u_p − Σ_i α_i c_{i,p} ≥ 0` covers pair p over node
//! r's range (within the run); *edges* `W_child − W_r ≥ 0` and, from the nodes just above single
//! steps, *leaves* `M_t − W_r ≥ 0` make W_r at most every M_t below it. Together they imply the
//! paper's row for every (t, p) of the range. A violated (t, p) adds the cut over the largest node
//! within p's run that holds t, and the edges and leaf down to t that the model lacks (the tree
//! grows only where it binds), so a run costs at most about 2·log2 of its length cuts. Where that
//! node is the single step t (a run of one step, or the ragged end of a run), and where the model's
//! rows imply (t, p) only up to the solver's tolerance on each row of the chain, the paper's row
//! itself goes in ([`RowKey::Single`]). Per step at most `competitors` violations that lack rows
//! are taken; then the most violated, at most `rows_per_pair` per pair, each with all the rows it
//! lacks, and at most `max_new_rows` rows in all, before the LP is solved again. The optimum is the
//! whole LP's, up to the LP solver's feasibility tolerance: every row of the model is implied by
//! the whole LP (with W_r the smallest M_t of the merge steps in its range, or 0), and the final
//! sweep checks every (t, p).
//! Rows not binding in [`DELETE_AFTER`] consecutive solves leave the model (once: a row that
//! comes back violated stays), which keeps the model near the size of its basis.
//!
//! The restricted LPs are solved through their dual, a network flow with one side constraint per
//! category, by a primal simplex whose basis is a spanning tree plus a k × k working basis
//! ([`FlowLp`]). New rows are new arcs at flow 0, so each solve continues from the previous
//! optimal basis without a repair phase (BENCHMARKS.md, "The restricted LP as a network flow",
//! compares it with the HiGHS models the engine used before). A sweep over many count changes runs on two
//! threads, the later merge steps from a snapshot of the counts ([`Snapshot`]); a key the first
//! part found counts as new again in the second, so the rows found differ slightly from an
//! unsplit sweep's, but never with the machine or the timing. With
//! `SIFTQL_MIXTURE_TRACE` set, each round is logged to stderr; with `SIFTQL_MIXTURE_MPS` set to a
//! path, the final restricted LP is written there in MPS format (see [`super::lp_export`]).

use std::collections::BinaryHeap;
use std::ops::Range;
use std::time::Instant;

use super::lp_export::{ExportRow, write_mps};
use super::pair_history::{PairHistory, ReplayedCounts};
use super::flow_lp::{Column, FlowLp};
use super::{FastMap, FastSet, tracing};

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

/// Rows of each kind in the restricted LP (see the module documentation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowKinds {
    /// A pair over a node's range.
    pub cuts: usize,
    /// A node's score at most its child's.
    pub edges: usize,
    /// A node's score at most a step's merge score.
    pub leaves: usize,
    /// The paper's row for one step and pair.
    pub single: usize,
}

impl RowKinds {
    fn of(rows: &[Row]) -> Self {
        let mut kinds = RowKinds::default();
        for row in rows {
            *match row.key {
                RowKey::Cut { .. } => &mut kinds.cuts,
                RowKey::Edge { .. } => &mut kinds.edges,
                RowKey::Leaf { .. } => &mut kinds.leaves,
                RowKey::Single { .. } => &mut kinds.single,
            } += 1;
        }
        kinds
    }
}

/// Solver settings.
#[derive(Debug, Clone, Copy)]
pub struct SolveOptions {
    /// Violations taken per merge step in one sweep, counting only those that bring rows the
    /// model and the sweep do not have yet (the paper's code takes 10 rows per step).
    pub competitors: usize,
    /// New rows per sweep: the most violated ones are kept.
    pub max_new_rows: usize,
    /// Violated (t, p) taken per competing pair in one sweep (the most violated, each with the
    /// rows it lacks). A pair the categories under-explain beats the merges of thousands of
    /// steps over many runs of its counts, and one raised u_p answers all of them; without this
    /// cap such pairs fill the sweep's rows.
    pub rows_per_pair: usize,
    /// Sweeps (LP solves) before giving up on proving optimality.
    pub max_rounds: usize,
    /// Relative gap at which the solve stops before optimality is proven (0: only at the
    /// optimum). A solve that stops early returns the best feasible point's weights, whose
    /// objective in the whole LP is within the gap of the optimum.
    pub max_gap: f64,
    /// Violation tolerance, relative to the largest normalized pair count (a negative one counts
    /// as 0).
    pub tolerance: f64,
    /// Count changes from which every sweep runs on two threads, each over part of the merge
    /// steps (`usize::MAX`: never). The same on every machine, so that the rows found do not
    /// depend on its cores.
    pub split_sweeps_from: usize,
}

impl Default for SolveOptions {
    fn default() -> Self {
        Self {
            competitors: 10,
            max_new_rows: 5000,
            rows_per_pair: 100,
            max_rounds: 500,
            max_gap: 0.0,
            tolerance: 1e-7,
            split_sweeps_from: SPLIT_SWEEPS_FROM,
        }
    }
}

/// Violations lacking rows looked at per merge step in one sweep, at most (also those whose
/// rows an earlier step of the sweep found).
const EXAMINED_PER_STEP: usize = 100;

/// Consecutive solves in which a row is not binding (its slack is basic) before it leaves the
/// model; a later sweep re-adds it if it becomes violated, and then it stays. One solve was 3–9%
/// faster than two in four paired runs (BENCHMARKS.md, "The target size").
pub const DELETE_AFTER: u8 = 1;

/// The solution and how it was reached.
#[derive(Debug, Clone, Default)]
pub struct MixtureSolution {
    /// α: each category's share of initial pairs (the best feasible point's when the solve
    /// stopped before optimality was proven).
    pub pair_shares: Vec<f64>,
    /// The last restricted LP's objective Σ v + Σ u, in normalized-count units: a lower bound on
    /// the whole LP's optimum, equal to it once optimality is proven.
    pub objective: f64,
    /// LP solves.
    pub rounds: usize,
    /// Most constraints in the model at once.
    pub constraints: usize,
    /// Slack variables generated (v_t and u_p).
    pub columns: usize,
    /// Merge steps used (those whose pair occurs in some sample).
    pub merges_used: usize,
    /// A sweep at the LP's solution found no violated constraint, so the weights are optimal, or
    /// the gap fell to `max_gap`.
    pub converged: bool,
    /// Relative gap: (U − objective) / U, where U is the objective of the best feasible point
    /// a sweep built (each v_t raised by its step's largest violation). The whole LP's optimum
    /// lies in [objective, U]; 0 when optimality is proven.
    pub gap: f64,
    /// Rows of each kind in the final model.
    pub row_kinds: RowKinds,
    /// Seconds outside the LP solver (sweeps, mostly).
    pub sweep_seconds: f64,
    /// Seconds in the LP solver.
    pub lp_seconds: f64,
}

/// What a generated row says. Ranges are [`Node`]s of a segment tree over the merge steps, each
/// with a variable W_node ≥ 0; M_t = v_t + Σ_i α_i c_{i,m(t)} is step t's slack-raised merge
/// score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum RowKey {
    /// Cut `W_node + u_p − Σ_i α_i c_{i,p} ≥ 0`: pair `pair`, whose counts are the same at
    /// every step of the node's range, scores at most W_node + u_p.
    Cut { node: u32, pair: u32 },
    /// Edge `W_child − W_parent ≥ 0` (the parent is `child / 2`).
    Edge { child: u32 },
    /// Leaf `v_t + Σ_i α_i c_{i,m(t)} − W_node ≥ 0`: `node` is the parent of step `step`'s
    /// one-step node, which has no variable of its own.
    Leaf { node: u32, step: u32 },
    /// The paper's row for one step and pair, `v_t + u_p + Σ_i α_i (c_{i,m(t)} − c_{i,p}) ≥ 0`,
    /// used where the largest node for (t, p) is the step alone, and where the model's rows
    /// imply (t, p) only up to the rounding of a chain of rows.
    Single { step: u32, pair: u32 },
}

impl RowKey {
    /// The row's columns besides α, with their coefficients.
    fn columns(self) -> [(Column, f64); 2] {
        match self {
            RowKey::Cut { node, pair } => [(Column::Range(node), 1.0), (Column::Pair(pair), 1.0)],
            RowKey::Edge { child } => [(Column::Range(child), 1.0), (Column::Range(child / 2), -1.0)],
            RowKey::Leaf { node, step } => [(Column::Step(step), 1.0), (Column::Range(node), -1.0)],
            RowKey::Single { step, pair } => [(Column::Step(step), 1.0), (Column::Pair(pair), 1.0)],
        }
    }

    /// The row's name in an exported model, after the sweep that generated it.
    fn name(self, round: u32) -> String {
        match self {
            RowKey::Cut { node, pair } => format!("r{round}_c{node}_p{pair}"),
            RowKey::Edge { child } => format!("r{round}_e{child}"),
            RowKey::Leaf { node, step } => format!("r{round}_l{node}_t{step}"),
            RowKey::Single { step, pair } => format!("r{round}_t{step}_p{pair}"),
        }
    }
}

/// A generated row and its α coefficients (scaled): −c_{i,p} for a cut, c_{i,m(t)} for a leaf,
/// c_{i,m(t)} − c_{i,p} for a single-step row, none for an edge.
#[derive(Debug, Clone)]
struct Row {
    key: RowKey,
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

/// A node of the segment tree over merge steps `lo..=hi` (the root is node 1 over every step;
/// node k's children are 2k and 2k + 1, split at the middle). The ranges of cuts are such
/// nodes, so that pairs whose counts are constant over different steps still share them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Node {
    id: u32,
    lo: u32,
    hi: u32,
}

impl Node {
    /// The largest node containing `step` whose range lies within `first..=last` (which must
    /// contain `step`), in a tree over `steps` steps.
    fn largest_within(steps: usize, first: u32, last: u32, step: u32) -> Self {
        let mut node = Node { id: 1, lo: 0, hi: steps as u32 - 1 };
        while !(first <= node.lo && node.hi <= last) {
            node = node.child_toward(step);
        }
        node
    }

    /// The child of this inner node whose range holds `step`.
    fn child_toward(self, step: u32) -> Self {
        let mid = self.lo + (self.hi - self.lo) / 2;
        if step <= mid {
            Node { id: 2 * self.id, lo: self.lo, hi: mid }
        } else {
            Node { id: 2 * self.id + 1, lo: mid + 1, hi: self.hi }
        }
    }

    /// The rows from this inner node down to `step` (in its range): the edges to the parent of
    /// the step's one-step node, and that parent's leaf row for the step.
    fn path_to(self, step: u32, out: &mut Vec<RowKey>) {
        let mut node = self;
        loop {
            let child = node.child_toward(step);
            if child.lo == child.hi {
                out.push(RowKey::Leaf { node: node.id, step });
                return;
            }
            out.push(RowKey::Edge { child: child.id });
            node = child;
        }
    }
}

/// Solves the mixture LP over `table`.
pub fn solve(table: &CountTable, options: SolveOptions) -> Result<MixtureSolution, String> {
    // At least one row per sweep, so that a sweep that adds nothing has found nothing; no
    // negative tolerance, so that no threshold is below 0.
    let options = SolveOptions {
        competitors: options.competitors.max(1),
        max_new_rows: options.max_new_rows.max(1),
        rows_per_pair: options.rows_per_pair.max(1),
        tolerance: options.tolerance.max(0.0),
        max_gap: options.max_gap.max(0.0),
        ..options
    };
    let n = table.categories;
    if n == 0 {
        return Err("no categories".into());
    }
    let (max_share, scale) = count_scales(table);
    if max_share <= 0.0 {
        return Err("the samples have no adjacent pairs".into());
    }
    let mut alpha = vec![1.0 / n as f64; n];
    let mut v: FastMap<u32, f64> = FastMap::default();
    let mut u: FastMap<u32, f64> = FastMap::default();
    let mut rows: Vec<Row> = Vec::new();
    let mut in_model: FastSet<RowKey> = FastSet::default();
    let mut deleted: FastSet<RowKey> = FastSet::default();
    let mut solution = MixtureSolution {
        merges_used: table.merges.iter().filter(|m| m.is_some()).count(),
        ..Default::default()
    };
    if n == 1 {
        solution.pair_shares = alpha;
        solution.converged = true;
        return Ok(solution);
    }
    let mut merges = Merges::new(table, &scale, options.split_sweeps_from);
    let mut lp = FlowLp::new(n);
    let mut buffers = SweepBuffers::default();
    let started = Instant::now();
    let mut inner: Option<Point> = None;
    loop {
        let outer = Point { alpha: alpha.clone(), v: v.clone(), u: u.clone(), objective: 0.0 };
        let mut found = None;
        if let Some(best) = &inner {
            let middle = best.toward(&outer, TOWARD_LP);
            let at_middle = sweep(&merges, &mut buffers, &middle, &in_model, options);
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
                let at_lp = sweep(&merges, &mut buffers, &outer, &in_model, options);
                let candidate = outer.made_feasible(&at_lp);
                if at_lp.new_rows.is_empty() {
                    // The LP's solution is feasible for the whole LP, so optimal: the best point.
                    inner = Some(candidate);
                    solution.gap = 0.0;
                    solution.converged = true;
                    break;
                }
                if inner.as_ref().is_none_or(|best| candidate.objective < best.objective) {
                    inner = Some(candidate);
                }
                at_lp
            }
        };
        let upper = inner.as_ref().map_or(f64::INFINITY, |best| best.objective);
        let lower = solution.objective / max_share;
        solution.gap = if upper > 0.0 { ((upper - lower) / upper).max(0.0) } else { 0.0 };
        if tracing() {
            eprintln!(
                "infer_mixture: sweep {} new rows {} upper bound {:.4e} gap {:.3e} parts {} work {}",
                solution.rounds + 1,
                found.new_rows.len(),
                upper * max_share,
                solution.gap,
                found.part_seconds.iter().map(|s| format!("{s:.3}s")).collect::<Vec<_>>().join(" "),
                found.part_work.iter().map(|w| w.to_string()).collect::<Vec<_>>().join(" "),
            );
        }
        if solution.gap <= options.max_gap {
            solution.converged = true;
            break;
        }
        if (solution.rounds + 1).is_power_of_two() {
            merges.rebalance(&found.part_work);
        }
        let new_rows = found.new_rows;
        if solution.rounds >= options.max_rounds {
            break;
        }
        let first = rows.len();
        for mut row in new_rows {
            row.round = solution.rounds as u32 + 1;
            row.sticky = deleted.contains(&row.key);
            in_model.insert(row.key);
            rows.push(row);
        }
        let lp_started = Instant::now();
        for row in &rows[first..] {
            lp.add_row(&row.alpha, row.key.columns())?;
        }
        let solved = lp.solve()?;
        solution.lp_seconds += lp_started.elapsed().as_secs_f64();
        if tracing() {
            let kinds = RowKinds::of(&rows);
            eprintln!(
                "infer_mixture: round {} rows {} (cuts {}, edges {}, leaves {}, single {}) lp {:.2}s \
                 total {:.2}s objective {:.3e} pivots {}",
                solution.rounds + 1,
                rows.len(),
                kinds.cuts,
                kinds.edges,
                kinds.leaves,
                kinds.single,
                lp_started.elapsed().as_secs_f64(),
                started.elapsed().as_secs_f64(),
                solved.objective * max_share,
                solved.pivots,
            );
        }
        solution.rounds += 1;
        alpha = solved.alpha;
        v = solved.step_slacks;
        u = solved.pair_slacks;
        solution.objective = solved.objective * max_share;
        solution.constraints = solution.constraints.max(lp.rows());
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
                in_model.remove(&row.key);
                deleted.insert(row.key);
            }
            keep
        });
    }
    solution.sweep_seconds = started.elapsed().as_secs_f64() - solution.lp_seconds;
    if let Some(path) = std::env::var_os("SIFTQL_MIXTURE_MPS") {
        let rows: Vec<ExportRow> = rows
            .iter()
            .map(|row| ExportRow {
                name: row.key.name(row.round),
                alpha: &row.alpha,
                columns: row.key.columns(),
            })
            .collect();
        write_mps(std::path::Path::new(&path), n, &rows)
            .map_err(|e| format!("writing the LP: {e}"))?;
    }
    solution.columns = v.len() + u.len();
    solution.row_kinds = RowKinds::of(&rows);
    // The best feasible point's weights, which the gap describes: the LP's own once it is proven
    // optimal, else the best point a sweep built before the solve stopped.
    solution.pair_shares = inner.map_or(alpha, |best| best.alpha);
    Ok(solution)
}

/// The largest normalized initial count of any pair (0 when there are no pairs), and each
/// category's scale, `1 / (denominator · that largest count)`, which brings the normalized counts
/// to at most 1.
fn count_scales(table: &CountTable) -> (f64, Vec<f64>) {
    let max_share = table
        .initial
        .iter()
        .map(|&(_, cat, count)| count / table.denominators[cat as usize])
        .fold(0.0f64, f64::max);
    let scale = table.denominators.iter().map(|d| 1.0 / (d * max_share)).collect();
    (max_share, scale)
}

/// Where rows are separated once a feasible point is known: this fraction of the way from the best
/// feasible point to the restricted LP's solution. Every constraint (t, p) violated there is
/// violated at the LP's solution too (the feasible point satisfies it), so the rows added cut the
/// solution off, and they are those that still matter near the best point, not the ones the LP's
/// swings expose (in-out separation, Ben-Ameur and Neto 2007). 0.3 was the best of 0.1–0.7 on
/// cl100k (BENCHMARKS.md).
const TOWARD_LP: f64 = 0.3;

/// A point of the whole LP: weights and slacks, and its objective when it is known to be
/// feasible (0 otherwise).
#[derive(Clone)]
struct Point {
    alpha: Vec<f64>,
    v: FastMap<u32, f64>,
    u: FastMap<u32, f64>,
    objective: f64,
}

impl Point {
    /// The point `lambda` of the way from `self` to `other`.
    fn toward(&self, other: &Point, lambda: f64) -> Point {
        let mix = |a: &FastMap<u32, f64>, b: &FastMap<u32, f64>| {
            let mut out: FastMap<u32, f64> = a.iter().map(|(&k, &x)| (k, (1.0 - lambda) * x)).collect();
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
    /// Rows not yet in the model that cut off the most violated constraints (up to the caps).
    new_rows: Vec<Row>,
    /// Each step with a violation and its largest one (scaled units): raising each v_t by it
    /// makes the swept point feasible for the whole LP.
    step_excess: Vec<(u32, f64)>,
    /// Seconds each part of the sweep took, on its own thread.
    part_seconds: Vec<f64>,
    /// Each part's work ([`PartialSweep::work`]).
    part_work: Vec<u64>,
}

/// What every sweep of one solve reads: the count table, each category's count scale, the
/// pairs' count histories, and where a second thread takes over (all built once per solve).
struct Merges<'a> {
    table: &'a CountTable,
    scale: &'a [f64],
    history: PairHistory,
    snapshot: Option<Snapshot>,
}

/// Every pair's counts before one merge step, from which a second thread sweeps the later steps
/// while the first sweeps the earlier ones.
struct Snapshot {
    step: usize,
    /// (pair, category, count), sorted by pair and category; zero counts left out.
    counts: Vec<(u32, u16, f64)>,
}

/// Count changes from which sweeps are cut in two by default: below it a sweep takes
/// milliseconds, and a thread would cost more than it saves.
const SPLIT_SWEEPS_FROM: usize = 200_000;

impl<'a> Merges<'a> {
    /// The sweeps' inputs; sweeps run on two threads when the table has `split_from` or more
    /// count changes.
    fn new(table: &'a CountTable, scale: &'a [f64], split_from: usize) -> Self {
        let snapshot = (table.deltas.len() >= split_from).then(|| Snapshot::halfway(table));
        Self { table, scale, history: PairHistory::new(table), snapshot }
    }

    /// Moves the snapshot so that both parts of a sweep do about as much work, from the work
    /// `parts` of the last sweep did, as if each part's work were spread evenly over its steps
    /// (its set-up included, an approximation).
    /// Sweeps cost more where steps have many count changes (the early merges) and where many
    /// pairs beat the merge, so neither half of the steps nor half of the changes balances them.
    fn rebalance(&mut self, parts: &[u64]) {
        let (Some(snapshot), &[first, second]) = (&self.snapshot, parts) else {
            return;
        };
        let (first, second) = (first as f64, second as f64);
        let steps = self.table.merges.len() as f64;
        let split = snapshot.step as f64;
        let half = (first + second) / 2.0;
        if (first - second).abs() <= 0.1 * (first + second) {
            return;
        }
        let step = if first < second {
            split + (steps - split) * (half - first) / second
        } else {
            split * half / first
        };
        self.snapshot = Some(Snapshot::at(self.table, step.round() as usize));
    }
}

impl Snapshot {
    /// The counts before the first step by which half of the count changes are applied, the
    /// first guess of where a sweep's work is halved ([`Merges::rebalance`] moves it).
    fn halfway(table: &CountTable) -> Self {
        let half = table.deltas.len() / 2;
        let step = table.step_offsets.partition_point(|&offset| offset < half);
        Self::at(table, step)
    }

    /// Every pair's counts before merge `step` (at most the number of steps).
    fn at(table: &CountTable, step: usize) -> Self {
        let step = step.min(table.merges.len());
        let mut counts: Vec<(u32, u16, f64)> = table
            .initial
            .iter()
            .chain(&table.deltas[..table.step_offsets[step]])
            .copied()
            .collect();
        // Stable: each (pair, category)'s changes stay in step order. Counts are integers, so
        // their sums are exact.
        counts.sort_by_key(|&(pair, cat, _)| (pair, cat));
        counts.dedup_by(|later, kept| {
            let same = (later.0, later.1) == (kept.0, kept.1);
            if same {
                kept.2 += later.2;
            }
            same
        });
        counts.retain(|&(_, _, count)| count != 0.0);
        Self { step, counts }
    }
}

/// One sweep over the merges at `point` (its α, v and u): the rows that cut off its most violated
/// constraints. With a [`Snapshot`], the steps after it are swept on a second thread.
fn sweep(
    merges: &Merges,
    buffers: &mut SweepBuffers,
    point: &Point,
    in_model: &FastSet<RowKey>,
    options: SolveOptions,
) -> Sweep {
    let table = merges.table;
    let weight: Vec<f64> = point.alpha.iter().zip(merges.scale).map(|(a, s)| a * s).collect();
    let SweepBuffers { pair_slack, parts: [first, second] } = buffers;
    pair_slack.clear();
    pair_slack.resize(table.pairs, 0.0);
    for (&p, &x) in &point.u {
        pair_slack[p as usize] = x;
    }
    let at = SweepPoint { merges, v: &point.v, weight: &weight, pair_slack, in_model, options };
    let steps = table.merges.len();
    let parts = match &merges.snapshot {
        Some(snapshot) => std::thread::scope(|scope| {
            let later = scope.spawn(|| at.part(snapshot.step..steps, &snapshot.counts, second));
            let earlier = at.part(0..snapshot.step, &table.initial, first);
            let later = later.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            vec![earlier, later]
        }),
        None => vec![at.part(0..steps, &table.initial, first)],
    };
    let mut violations = Vec::new();
    let mut keys = Vec::new();
    let mut alphas: FastMap<RowKey, Vec<(u16, f64)>> = FastMap::default();
    let mut step_excess = Vec::new();
    let part_seconds = parts.iter().map(|part| part.seconds).collect();
    let part_work = parts.iter().map(|part| part.work).collect();
    for part in parts {
        let offset = keys.len();
        violations.extend(part.violations.into_iter().map(|v| Violation {
            keys: v.keys.start + offset..v.keys.end + offset,
            ..v
        }));
        keys.extend(part.keys);
        for (key, alpha) in part.alphas {
            alphas.entry(key).or_insert(alpha);
        }
        step_excess.extend(part.step_excess);
    }
    let new_rows = most_violated(violations, &keys, alphas, options);
    Sweep { new_rows, step_excess, part_seconds, part_work }
}

/// Buffers sized by the pairs that every sweep of one solve reuses, so that a sweep does not
/// take fresh zeroed pages from the system each time: the pair slacks, and each part's own.
#[derive(Default)]
struct SweepBuffers {
    pair_slack: Vec<f64>,
    parts: [PartBuffers; 2],
}

/// One part's buffers ([`SweepPoint::part`] describes them).
#[derive(Default)]
struct PartBuffers {
    score: Vec<f64>,
    priority: Vec<f64>,
    entry: Vec<f64>,
    popped_at: Vec<u32>,
    heap: Vec<(Priority, u32)>,
}

/// What a sweep reads at every step: the point's weights (α times each category's scale), step
/// slacks and pair slacks, and the rows the model has.
struct SweepPoint<'a> {
    merges: &'a Merges<'a>,
    v: &'a FastMap<u32, f64>,
    weight: &'a [f64],
    pair_slack: &'a [f64],
    in_model: &'a FastSet<RowKey>,
    options: SolveOptions,
}

/// What a sweep over some of the steps found.
struct PartialSweep {
    violations: Vec<Violation>,
    /// Every violation's keys, one after another (`Violation::keys` indexes it).
    keys: Vec<RowKey>,
    /// The α coefficients of every key.
    alphas: FastMap<RowKey, Vec<(u16, f64)>>,
    step_excess: Vec<(u32, f64)>,
    seconds: f64,
    /// Pairs and counts set up, heap operations, count changes applied and counts replayed: the
    /// part's work, counted so that where the sweep is cut (and so which rows it finds) does not
    /// depend on timing.
    work: u64,
}

impl SweepPoint<'_> {
    /// The sweep over `steps`, from `counts`: (pair, category, count) of every pair before the
    /// first of them, sorted by pair.
    fn part(&self, steps: Range<usize>, counts: &[(u32, u16, f64)], buffers: &mut PartBuffers) -> PartialSweep {
        let started = Instant::now();
        let (table, history, options) = (self.merges.table, &self.merges.history, self.options);
        let (weight, v, in_model) = (self.weight, self.v, self.in_model);
        let PartBuffers { score, priority, entry, popped_at, heap: storage } = buffers;
        score.clear();
        score.resize(table.pairs, 0.0);
        for &(pair, cat, count) in counts {
            score[pair as usize] += weight[cat as usize] * count;
        }
        // Setting up: the scores from `counts`, and every pair's priority.
        let mut work = (counts.len() + table.pairs) as u64;
        let mut replay = match steps.start {
            0 => ReplayedCounts::new(history, self.merges.scale),
            from => ReplayedCounts::from_snapshot(history, self.merges.scale, from as u32, counts),
        };
        let slack = |p: u32| self.pair_slack[p as usize];
        priority.clear();
        priority.extend((0..table.pairs as u32).map(|p| score[p as usize] - slack(p)));
        // Each pair's live heap entry (−∞: none), at least its priority: a pair whose priority
        // falls keeps its entry, which is pushed again at the new priority when it comes to the top.
        entry.resize(table.pairs, f64::NEG_INFINITY);
        let mut heap = positive_heap(priority, entry, std::mem::take(storage));
        let total_steps = table.merges.len();
        let mut violations: Vec<Violation> = Vec::new();
        let mut keys: Vec<RowKey> = Vec::new();
        let mut alphas: FastMap<RowKey, Vec<(u16, f64)>> = FastMap::default();
        let mut path = Vec::new();
        let mut popped = Vec::new();
        popped_at.clear();
        popped_at.resize(table.pairs, u32::MAX);
        let mut step_excess = Vec::new();
        for t in steps {
            if let Some(m) = table.merges[t] {
                let step = t as u32;
                let threshold = score[m as usize] + v.get(&step).copied().unwrap_or(0.0) + options.tolerance;
                // Violations that brought rows not seen before in this sweep; violations lacking rows
                // looked at; whether the step's largest violation is recorded.
                let (mut added, mut examined, mut excess_recorded) = (0, 0, false);
                while let Some(&(Priority(top), p)) = heap.peek() {
                    if top <= threshold || added >= options.competitors || examined >= EXAMINED_PER_STEP {
                        break;
                    }
                    heap.pop();
                    work += 1;
                    if entry[p as usize] != top || popped_at[p as usize] == step {
                        // Replaced by a higher entry, or a second entry of a pair popped at this
                        // step (its entry came back to an earlier value): one entry is pushed back
                        // for it.
                        continue;
                    }
                    let now = priority[p as usize];
                    if now < top {
                        // The priority fell since the entry was pushed.
                        if now > 0.0 {
                            heap.push((Priority(now), p));
                            entry[p as usize] = now;
                            work += 1;
                        } else {
                            entry[p as usize] = f64::NEG_INFINITY;
                        }
                        continue;
                    }
                    popped_at[p as usize] = step;
                    popped.push((Priority(top), p));
                    if p == m {
                        continue;
                    }
                    if !excess_recorded {
                        // Popped in descending order: the step's first violation is its largest.
                        step_excess.push((step, top - threshold + options.tolerance));
                        excess_recorded = true;
                    }
                    let single = RowKey::Single { step, pair: p };
                    if in_model.contains(&single) {
                        // Violated only within the LP solver's feasibility tolerance.
                        continue;
                    }
                    let (first, last) = history.constant_range(p, step, total_steps);
                    let node = Node::largest_within(total_steps, first, last, step);
                    path.clear();
                    if node.lo < node.hi {
                        path.push(RowKey::Cut { node: node.id, pair: p });
                        node.path_to(step, &mut path);
                        path.retain(|key| !in_model.contains(key));
                    }
                    if path.is_empty() {
                        // The step alone, or a chain of rows in the model that implies (t, p) only
                        // up to the solver's tolerance on each of its rows: the paper's row.
                        path.push(single);
                    }
                    examined += 1;
                    let mut fresh = false;
                    for &key in &path {
                        if alphas.contains_key(&key) {
                            continue;
                        }
                        fresh = true;
                        let row = match key {
                            RowKey::Cut { .. } => {
                                work += replay.advance(p, step);
                                difference(&[], replay.counts(p))
                            }
                            RowKey::Edge { .. } => Vec::new(),
                            RowKey::Leaf { .. } => {
                                work += replay.advance(m, step);
                                difference(replay.counts(m), &[])
                            }
                            RowKey::Single { .. } => {
                                work += replay.advance(m, step) + replay.advance(p, step);
                                difference(replay.counts(m), replay.counts(p))
                            }
                        };
                        alphas.insert(key, row);
                    }
                    if fresh {
                        added += 1;
                    }
                    violations.push(Violation {
                        amount: top - threshold,
                        pair: p,
                        keys: keys.len()..keys.len() + path.len(),
                    });
                    keys.extend_from_slice(&path);
                }
                work += popped.len() as u64;
                heap.extend(popped.drain(..));
            }
            let deltas = &table.deltas[table.step_offsets[t]..table.step_offsets[t + 1]];
            work += deltas.len() as u64;
            let mut i = 0;
            while i < deltas.len() {
                let pair = deltas[i].0;
                while i < deltas.len() && deltas[i].0 == pair {
                    let (_, cat, delta) = deltas[i];
                    score[pair as usize] += weight[cat as usize] * delta;
                    i += 1;
                }
                let p = score[pair as usize] - slack(pair);
                priority[pair as usize] = p;
                // Every threshold is at least 0 up to rounding (scores, slacks and the tolerance are):
                // a pair at or below 0 beats no merge by more than rounding error.
                if p > 0.0 && p > entry[pair as usize] {
                    heap.push((Priority(p), pair));
                    entry[pair as usize] = p;
                    work += 1;
                }
            }
            if heap.len() > 4 * table.pairs + 1_000_000 {
                heap = positive_heap(priority, entry, std::mem::take(&mut heap).into_vec());
            }
        }
        *storage = heap.into_vec();
        PartialSweep { violations, keys, alphas, step_excess, seconds: started.elapsed().as_secs_f64(), work }
    }
}

/// A max-heap of every pair whose priority is above 0 (the only ones that can beat a merge),
/// one entry each, recorded as each pair's live entry in `entry` (−∞ for the others), built in
/// `storage`'s allocation.
fn positive_heap(priority: &[f64], entry: &mut [f64], mut storage: Vec<(Priority, u32)>) -> BinaryHeap<(Priority, u32)> {
    entry.fill(f64::NEG_INFINITY);
    storage.clear();
    storage.extend(priority.iter().enumerate().filter(|(_, s)| **s > 0.0).map(|(p, &s)| {
        entry[p] = s;
        (Priority(s), p as u32)
    }));
    BinaryHeap::from(storage)
}

/// A violated (t, p) and the rows the model lacks to cut it off (its cut and the edges and leaf
/// down to t, or the paper's row), as a range of the sweep's key buffer.
struct Violation {
    amount: f64,
    pair: u32,
    keys: Range<usize>,
}

/// The rows of the most violated (t, p): at most `rows_per_pair` violations per competing pair,
/// each with all the rows it lacks (`keys[violation.keys]`), and at most `max_new_rows` rows in
/// all. `alphas` holds every key's α coefficients.
fn most_violated(
    mut violations: Vec<Violation>,
    keys: &[RowKey],
    mut alphas: FastMap<RowKey, Vec<(u16, f64)>>,
    options: SolveOptions,
) -> Vec<Row> {
    // Stable: ties keep sweep order.
    violations.sort_by(|a, b| b.amount.total_cmp(&a.amount));
    let mut per_pair: FastMap<u32, usize> = FastMap::default();
    let mut rows: Vec<Row> = Vec::new();
    for violation in violations {
        let new: Vec<RowKey> =
            keys[violation.keys].iter().copied().filter(|key| alphas.contains_key(key)).collect();
        if new.is_empty() {
            continue;
        }
        let taken = per_pair.entry(violation.pair).or_insert(0);
        if *taken >= options.rows_per_pair {
            continue;
        }
        // Whole paths only (a part cuts nothing off), even a first one longer than the budget.
        if rows.len() + new.len() > options.max_new_rows && !rows.is_empty() {
            break;
        }
        *taken += 1;
        for key in new {
            let alpha = alphas.remove(&key).expect("checked above");
            rows.push(Row { key, alpha, round: 0, idle_rounds: 0, sticky: false });
        }
    }
    rows
}

/// c_m − c_p per category (sparse, zeros left out).
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

    /// Every step's largest violation, as the sweep's heap finds it (a pair's entry stays put
    /// while its priority falls), equals a scan of every pair's priority at that step; the counts
    /// rise and fall, and some steps and pairs have slacks.
    #[test]
    fn sweep_finds_each_steps_largest_violation() {
        let table = random_table(4, 150, 400, 23);
        let (_, scale) = count_scales(&table);
        let merges = Merges::new(&table, &scale, usize::MAX);
        let alpha = vec![0.4, 0.3, 0.2, 0.1];
        let u: FastMap<u32, f64> = (0..table.pairs as u32).step_by(7).map(|p| (p, 0.05)).collect();
        let v: FastMap<u32, f64> = (0..table.merges.len() as u32).step_by(5).map(|t| (t, 0.02)).collect();
        let point = Point { alpha: alpha.clone(), v: v.clone(), u: u.clone(), objective: 0.0 };
        let options = SolveOptions::default();
        let found = sweep(&merges, &mut SweepBuffers::default(), &point, &FastSet::default(), options);
        let weight: Vec<f64> = alpha.iter().zip(&scale).map(|(a, s)| a * s).collect();
        let mut score = vec![0.0f64; table.pairs];
        for &(p, c, x) in &table.initial {
            score[p as usize] += weight[c as usize] * x;
        }
        let mut expected = Vec::new();
        for t in 0..table.merges.len() {
            if let Some(m) = table.merges[t] {
                let step = t as u32;
                let threshold = score[m as usize] + v.get(&step).copied().unwrap_or(0.0) + options.tolerance;
                let best = (0..table.pairs as u32)
                    .filter(|&p| p != m)
                    .map(|p| score[p as usize] - u.get(&p).copied().unwrap_or(0.0))
                    .fold(f64::NEG_INFINITY, f64::max);
                if best > threshold {
                    expected.push((step, best - threshold + options.tolerance));
                }
            }
            for &(p, c, x) in &table.deltas[table.step_offsets[t]..table.step_offsets[t + 1]] {
                score[p as usize] += weight[c as usize] * x;
            }
        }
        assert!(expected.len() > 20, "only {} steps are violated", expected.len());
        assert_eq!(found.step_excess.len(), expected.len());
        for (&(t, x), &(s, y)) in found.step_excess.iter().zip(&expected) {
            assert_eq!(t, s);
            assert!((x - y).abs() <= 1e-12, "step {t}: {x} against {y}");
        }
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
                // The weights returned are the best feasible point's, whose objective is the bound.
                let at_weights = whole_lp(&table, Some(&partial.pair_shares));
                assert!(at_weights <= upper * (1.0 + 1e-6), "round {rounds}: {at_weights} > {upper}");
                bracketed += 1;
            }
        }
        assert!(bracketed * 2 >= exact.rounds, "{bracketed} of {} rounds", exact.rounds);
    }

    /// With `max_gap`, the solve stops once the gap is that small, and the weights it returns
    /// are within it of the optimum in the whole LP.
    #[test]
    fn max_gap_stops_early_within_the_gap() {
        let table = random_table(5, 200, 300, 11);
        let options = SolveOptions { competitors: 2, max_new_rows: 20, ..SolveOptions::default() };
        let exact = solve(&table, options).unwrap();
        let optimum = whole_lp(&table, None);
        assert!(exact.converged && exact.gap == 0.0 && exact.rounds > 5, "{} rounds", exact.rounds);
        let mut earlier = 0;
        for max_gap in [0.5, 0.2, 0.05, 0.01] {
            let stopped = solve(&table, SolveOptions { max_gap, ..options }).unwrap();
            assert!(stopped.converged && stopped.gap <= max_gap, "{max_gap}: gap {}", stopped.gap);
            assert!(stopped.rounds <= exact.rounds, "{max_gap}: {} rounds", stopped.rounds);
            earlier += usize::from(stopped.rounds < exact.rounds);
            // The best feasible point's objective is the upper bound U = objective / (1 − gap) ≤
            // optimum / (1 − max_gap), up to the sweep's violation tolerance on each step.
            let at_weights = whole_lp(&table, Some(&stopped.pair_shares));
            let upper = stopped.objective / (1.0 - stopped.gap);
            assert!(upper <= optimum / (1.0 - max_gap) * (1.0 + 1e-6), "{max_gap}: {upper} against {optimum}");
            assert!(at_weights <= upper * (1.0 + 1e-6), "{max_gap}: {at_weights} > {upper}");
        }
        assert!(earlier >= 2, "only {earlier} of the gaps stopped the solve early");
    }

    /// The most violated (t, p) are kept with every row each lacks, at most `rows_per_pair`
    /// per pair and `max_new_rows` rows in all; the rows of a dropped violation stay out, and a
    /// row two violations share goes in once.
    #[test]
    fn most_violated_keeps_whole_paths() {
        let cut = |node: u32, pair: u32| RowKey::Cut { node, pair };
        let edge = |child: u32| RowKey::Edge { child };
        let leaf = |node: u32, step: u32| RowKey::Leaf { node, step };
        let listed: Vec<(f64, u32, Vec<RowKey>)> = vec![
            (0.5, 1, vec![cut(2, 1), edge(4), leaf(4, 0)]),
            (0.9, 1, vec![cut(3, 1), leaf(3, 2)]),
            (0.7, 1, vec![cut(2, 1), edge(5), leaf(5, 3)]),
            (0.1, 2, vec![RowKey::Single { step: 6, pair: 2 }]),
            (0.3, 3, vec![cut(2, 3), edge(4), leaf(4, 1)]),
        ];
        let keys: Vec<RowKey> = listed.iter().flat_map(|(_, _, k)| k.iter().copied()).collect();
        let alphas: FastMap<RowKey, Vec<(u16, f64)>> = keys.iter().map(|&k| (k, Vec::new())).collect();
        let kept = |options: SolveOptions| -> Vec<RowKey> {
            let mut start = 0;
            let violations = listed
                .iter()
                .map(|(amount, pair, k)| {
                    start += k.len();
                    Violation { amount: *amount, pair: *pair, keys: start - k.len()..start }
                })
                .collect();
            most_violated(violations, &keys, alphas.clone(), options).iter().map(|r| r.key).collect()
        };
        let options = SolveOptions { rows_per_pair: 2, max_new_rows: 100, ..SolveOptions::default() };
        // Pair 1's two largest (0.9, 0.7), then pair 3's (its cut and leaf; edge 4 is new too),
        // then pair 2's; pair 1's third (0.5) is over the cap, so edge 4 comes from pair 3.
        assert_eq!(
            kept(options),
            vec![
                cut(3, 1),
                leaf(3, 2),
                cut(2, 1),
                edge(5),
                leaf(5, 3),
                cut(2, 3),
                edge(4),
                leaf(4, 1),
                RowKey::Single { step: 6, pair: 2 }
            ]
        );
        // A budget of 6 rows: the first two paths (5 rows); pair 3's path (3 rows) does not fit.
        let options = SolveOptions { rows_per_pair: 2, max_new_rows: 6, ..SolveOptions::default() };
        assert_eq!(kept(options), vec![cut(3, 1), leaf(3, 2), cut(2, 1), edge(5), leaf(5, 3)]);
        // One violation per pair and 6 rows: pair 1's others are skipped, then pair 3's path and
        // pair 2's row fill the budget.
        let options = SolveOptions { rows_per_pair: 1, max_new_rows: 6, ..SolveOptions::default() };
        assert_eq!(
            kept(options),
            vec![cut(3, 1), leaf(3, 2), cut(2, 3), edge(4), leaf(4, 1), RowKey::Single { step: 6, pair: 2 }]
        );
        // A first path longer than the budget goes in whole.
        let options = SolveOptions { rows_per_pair: 2, max_new_rows: 1, ..SolveOptions::default() };
        assert_eq!(kept(options), vec![cut(3, 1), leaf(3, 2)]);
    }

    /// A violated (t, p) gets its cut and the leaf down to t; when the model already has both
    /// (the chain implies the row only up to rounding), the paper's row itself; when it has that
    /// too, nothing, but the step's violation still counts for the upper bound.
    #[test]
    fn sweep_falls_back_to_the_paper_row() {
        // One category; merges p0, p1, p2; p2 (4.5) beats the merge of step 1 (p1, 4).
        let table = CountTable {
            categories: 1,
            pairs: 3,
            denominators: vec![10.0],
            merges: vec![Some(0), Some(1), Some(2)],
            initial: vec![(0, 0, 5.0), (1, 0, 4.0), (2, 0, 4.5)],
            deltas: vec![(0, 0, -5.0), (1, 0, -4.0), (2, 0, -4.5)],
            step_offsets: vec![0, 1, 2, 3],
        };
        let scale = [1.0 / (10.0 * 0.5)];
        let merges = Merges::new(&table, &scale, usize::MAX);
        let point = Point { alpha: vec![1.0], v: FastMap::default(), u: FastMap::default(), objective: 0.0 };
        let keys = |in_model: &FastSet<RowKey>| -> (Vec<RowKey>, Vec<u32>) {
            let found = sweep(&merges, &mut SweepBuffers::default(), &point, in_model, SolveOptions::default());
            (
                found.new_rows.iter().map(|r| r.key).collect(),
                found.step_excess.iter().map(|&(t, _)| t).collect(),
            )
        };
        // p2's counts hold over steps 0..=1: node 2 of a tree over 3 steps.
        let cut = RowKey::Cut { node: 2, pair: 2 };
        let leaf = RowKey::Leaf { node: 2, step: 1 };
        let single = RowKey::Single { step: 1, pair: 2 };
        let mut in_model = FastSet::default();
        assert_eq!(keys(&in_model), (vec![cut, leaf], vec![1]));
        in_model.extend([cut, leaf]);
        assert_eq!(keys(&in_model), (vec![single], vec![1]));
        in_model.insert(single);
        assert_eq!(keys(&in_model), (vec![], vec![1]));
    }

    /// A sweep cut in two halves on two threads finds every step's largest violation as the
    /// sweep over all steps does: the second half starts from the counts of a snapshot. Buffers
    /// a sweep reuses find what fresh ones do.
    #[test]
    fn split_sweep_finds_the_same_violations() {
        let table = random_table(5, 200, 300, 11);
        let (_, scale) = count_scales(&table);
        let whole = Merges::new(&table, &scale, usize::MAX);
        let split = Merges::new(&table, &scale, 0);
        let snapshot = split.snapshot.as_ref().expect("a snapshot");
        assert!(snapshot.step > 0 && snapshot.step < table.merges.len(), "step {}", snapshot.step);
        let alpha = vec![0.1, 0.3, 0.2, 0.25, 0.15];
        let point = Point { alpha, v: FastMap::default(), u: FastMap::default(), objective: 0.0 };
        let options = SolveOptions::default();
        let in_model = FastSet::default();
        // One set of buffers for both sweeps, as a solve reuses them.
        let mut buffers = SweepBuffers::default();
        let a = sweep(&whole, &mut buffers, &point, &in_model, options);
        let b = sweep(&split, &mut buffers, &point, &in_model, options);
        let fresh = sweep(&split, &mut SweepBuffers::default(), &point, &in_model, options);
        let keys = |found: &Sweep| found.new_rows.iter().map(|row| row.key).collect::<Vec<_>>();
        assert_eq!(keys(&b), keys(&fresh), "reused buffers change nothing");
        assert_eq!(b.step_excess, fresh.step_excess);
        assert!(a.step_excess.iter().any(|&(t, _)| t as usize >= snapshot.step));
        assert_eq!(a.step_excess.len(), b.step_excess.len());
        for (&(t, x), &(s, y)) in a.step_excess.iter().zip(&b.step_excess) {
            assert_eq!(t, s);
            assert!((x - y).abs() <= 1e-12, "step {t}: {x} against {y}");
        }
        assert!(!b.new_rows.is_empty());
    }

    /// The rows from a node down to a step: edges to the parent of the step's one-step node,
    /// then that parent's leaf.
    #[test]
    fn path_from_a_node_to_a_step() {
        let mut path = Vec::new();
        // 8 steps: node 1 = 0..=7, 2 = 0..=3, 5 = 2..=3; step 3's one-step node is 11.
        Node { id: 1, lo: 0, hi: 7 }.path_to(3, &mut path);
        assert_eq!(
            path,
            vec![RowKey::Edge { child: 2 }, RowKey::Edge { child: 5 }, RowKey::Leaf { node: 5, step: 3 }]
        );
        path.clear();
        Node { id: 3, lo: 4, hi: 5 }.path_to(4, &mut path);
        assert_eq!(path, vec![RowKey::Leaf { node: 3, step: 4 }]);
    }

    /// The paper's LP written out whole (every step, every pair but the merge): its optimum,
    /// with the weights fixed at `weights` if given.
    fn whole_lp(table: &CountTable, weights: Option<&[f64]>) -> f64 {
        use highs::{RowProblem, Sense};
        let n = table.categories;
        let mut problem = RowProblem::default();
        let alpha: Vec<_> = match weights {
            Some(weights) => weights.iter().map(|&a| problem.add_column(0.0, a..=a)).collect(),
            None => (0..n).map(|_| problem.add_column(0.0, 0.0..)).collect(),
        };
        let u: Vec<_> = (0..table.pairs).map(|_| problem.add_column(1.0, 0.0..)).collect();
        problem.add_row(1.0..=1.0, alpha.iter().map(|&c| (c, 1.0)));
        let mut counts = vec![vec![0.0; n]; table.pairs];
        for &(p, c, x) in &table.initial {
            counts[p as usize][c as usize] += x / table.denominators[c as usize];
        }
        for (t, merge) in table.merges.iter().enumerate() {
            if let Some(m) = *merge {
                let v = problem.add_column(1.0, 0.0..);
                for p in (0..table.pairs).filter(|&p| p != m as usize) {
                    let mut row = vec![(v, 1.0), (u[p], 1.0)];
                    row.extend((0..n).map(|i| (alpha[i], counts[m as usize][i] - counts[p][i])));
                    problem.add_row(0.0.., row);
                }
            }
            for &(p, c, x) in &table.deltas[table.step_offsets[t]..table.step_offsets[t + 1]] {
                counts[p as usize][c as usize] += x / table.denominators[c as usize];
            }
        }
        let mut model = problem.optimise(Sense::Minimise);
        model.make_quiet();
        // HiGHS's thread scheduler is per process: the same setting as `RestrictedLp`'s (the tests
        // share one process).
        model.set_option("threads", 1);
        let solved = model.solve();
        assert_eq!(solved.status(), highs::HighsModelStatus::Optimal);
        solved.objective_value()
    }

    /// The lazy solver (cuts over ranges of steps, a segment tree of their scores) reaches the
    /// optimum of the whole LP, with every kind of row, also with steps whose merge no sample
    /// has, with small sweeps, and with every sweep cut in two halves on two threads.
    #[test]
    fn reaches_the_optimum_of_the_whole_lp() {
        for (categories, pairs, steps, seed) in [(4, 60, 40, 7), (5, 200, 300, 11), (3, 400, 300, 5)] {
            let mut table = random_table(categories, pairs, steps, seed);
            for t in (3..steps).step_by(7) {
                table.merges[t] = None;
            }
            let whole = whole_lp(&table, None);
            assert!(whole > 1e-3, "the table should need slacks: {whole}");
            let small =
                SolveOptions { competitors: 2, max_new_rows: 4, rows_per_pair: 1, ..SolveOptions::default() };
            let split = SolveOptions { split_sweeps_from: 0, ..small };
            let variants = [SolveOptions::default(), small, split];
            for options in variants {
                let lazy = solve(&table, options).unwrap();
                assert!(lazy.converged);
                assert!(
                    (lazy.objective - whole).abs() <= 1e-6 * whole,
                    "{categories} categories, {pairs} pairs, {steps} steps, {options:?}: lazy {} whole {whole}",
                    lazy.objective
                );
                let kinds = lazy.row_kinds;
                let all_kinds = kinds.cuts > 0 && kinds.edges > 0 && kinds.leaves > 0 && kinds.single > 0;
                assert!(all_kinds, "{kinds:?}");
            }
        }
    }

    /// The largest node within a range that contains a step.
    #[test]
    fn largest_node_within_a_range() {
        let span = |n: Node| (n.lo, n.hi);
        assert_eq!(span(Node::largest_within(8, 2, 7, 5)), (4, 7));
        assert_eq!(span(Node::largest_within(8, 2, 7, 2)), (2, 3));
        assert_eq!(Node::largest_within(5, 0, 4, 3), Node { id: 1, lo: 0, hi: 4 });
        assert_eq!(span(Node::largest_within(5, 3, 3, 3)), (3, 3));
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
