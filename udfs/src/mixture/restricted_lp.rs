//! The engine's earlier LP solver, kept as the test oracle of [`super::flow_lp`]: the restricted
//! mixture LP as persistent HiGHS models that grow by rows and slack columns
//! between solves, so every solve after the first starts from a previous optimal basis. Rows
//! whose slack is basic (not binding) can be deleted: the rest of the basis stays a basis of the
//! smaller model, so warm starts survive deletion.
//!
//! **Two models.** The weights make the LP expensive to pivot: every row carries up to one α
//! coefficient per category, so when α moves, every row's activity moves, and each simplex
//! iteration with α in the basis touches most rows (BENCHMARKS.md, "Where the LP's time goes").
//! The same rows with α fixed have at most two non-zeros each and pivot 6–15 times faster. So the
//! weights are written as α = a + d, with `a` the last solve's α (the *shift*) and d free, and
//! two models hold the same rows:
//!
//! * the *full* model: columns d, the slacks and the range scores; rows `d_i ≥ −a_i`,
//!   `Σ d = 1 − Σ a` and the generated rows `Σ_i d_i x_i + … ≥ −Σ_i a_i x_i`;
//! * the *fixed* model: the same generated rows without d, i.e. with α fixed at `a`.
//!
//! A solve after many new rows (`two_phase_rows`: 1,000 when the engine used it) first repairs them in the fixed model
//! (dual simplex, cheap pivots), then gives the full model that basis with d nonbasic at 0, which
//! is primal feasible there, and finishes with the primal simplex: only the moves of α pay the
//! dense pivots. After a few new rows the full model's dual simplex from its own basis is cheaper.
//! After every solve the shift moves to the new α (only row bounds change, so both bases stay
//! valid and optimal or dual feasible) and the fixed model is re-solved there, so that its basis is
//! current; a row is reported idle only when its slack is basic in both models, so that deleting
//! it keeps both bases.

use super::FastMap;
use super::flow_lp::{Column, Solved};

use highs::{HighsModelStatus, Model, RowProblem, Sense};

/// Columns are d (the first `categories`; α = shift + d), one slack per merge step (v_t) and
/// per competing pair (u_p), each costing 1, and one costless variable W_r per range r of merge
/// steps ([`Column`]), all but d non-negative; rows are `Σ_i α_i x_i` plus two of those columns,
/// each with its coefficient, `≥ 0` (the solver decides what they mean).
pub struct RestrictedLp {
    categories: usize,
    /// New rows from which a solve goes through the fixed model.
    two_phase_rows: usize,
    /// Columns d, then the others; rows `d_i ≥ −a_i`, `Σ d = 1 − Σ a`, then the generated rows.
    full: Option<Model>,
    /// The other columns only (full-model index − `categories`); the generated rows.
    fixed: Option<Model>,
    /// α at which d = 0 (the last solve's α).
    shift: Vec<f64>,
    step_cols: FastMap<u32, usize>,
    pair_cols: FastMap<u32, usize>,
    range_cols: FastMap<u32, usize>,
    /// Columns besides d added so far.
    columns: usize,
    /// The α coefficients of each generated row present: `alpha[alpha_starts[k]..alpha_starts[k
    /// + 1]]` (the row bounds move with the shift).
    alpha_starts: Vec<usize>,
    alpha: Vec<(u16, f64)>,
    pending: PendingRows,
}

/// Rows added since the last solve: their columns besides d, in HiGHS's compressed row form with
/// fixed-model indices (α coefficients go straight to [`RestrictedLp::alpha`]).
#[derive(Default)]
struct PendingRows {
    starts: Vec<i32>,
    index: Vec<i32>,
    value: Vec<f64>,
}

/// A model with the options both use: quiet, one thread, no scaling, Devex pricing.
fn configured(problem: RowProblem) -> Model {
    let mut model = problem.optimise(Sense::Minimise);
    model.make_quiet();
    model.set_option("threads", 1);
    // Devex pricing instead of HiGHS's default choice (dual steepest edge, which it may switch
    // to Devex): each round adds thousands of rows whose slacks enter the basis, and steepest
    // edge pays a weight computation for each of them plus an extra FTRAN per iteration
    // (BENCHMARKS.md, "Devex pricing": 11–15% less time to the same optimum at 10,000 merges).
    model.set_option("simplex_dual_edge_weight_strategy", 1);
    // No scaling by HiGHS. The coefficients are already at most 1 in magnitude (each
    // category's counts divided by its initial pair count and by the largest initial share;
    // slack and range columns ±1), and the warm-started solves were faster without it:
    // measured, not derived (BENCHMARKS.md, "HiGHS options": 16% less solver time at 10,000
    // merges over three runs each; 8% in one pair of runs at 30,000, within the run-to-run
    // spread).
    model.set_option("simplex_scale_strategy", 0);
    model
}

/// HiGHS's `simplex_strategy` values used here.
const DUAL_SIMPLEX: i32 = 1;
const PRIMAL_SIMPLEX: i32 = 4;

/// Bounds within this of 0 are rounding error of the shift (HiGHS would treat them as tiny
/// non-zero bounds): they become 0.
const ROUNDING: f64 = 1e-12;

fn rounded(bound: f64) -> f64 {
    if bound.abs() < ROUNDING { 0.0 } else { bound }
}

impl RestrictedLp {
    /// The model with `categories` weights, Σ α = 1, and no other rows yet; α starts at uniform
    /// weights. Solves after `two_phase_rows` or more new rows go through the fixed model.
    pub fn new(categories: usize, two_phase_rows: usize) -> Self {
        let shift = vec![1.0 / categories as f64; categories];
        let mut problem = RowProblem::default();
        let d: Vec<_> = (0..categories).map(|_| problem.add_column(0.0, f64::NEG_INFINITY..=f64::INFINITY)).collect();
        for (&column, &a) in d.iter().zip(&shift) {
            problem.add_row(-a.., [(column, 1.0)]);
        }
        let total = rounded(1.0 - shift.iter().sum::<f64>());
        problem.add_row(total..=total, d.iter().map(|&c| (c, 1.0)));
        let mut full = configured(problem);
        full.set_option("simplex_strategy", DUAL_SIMPLEX);
        let mut fixed = configured(RowProblem::default());
        fixed.set_option("simplex_strategy", DUAL_SIMPLEX);
        Self {
            categories,
            two_phase_rows,
            full: Some(full),
            fixed: Some(fixed),
            shift,
            step_cols: FastMap::default(),
            pair_cols: FastMap::default(),
            range_cols: FastMap::default(),
            columns: 0,
            alpha_starts: vec![0],
            alpha: Vec::new(),
            pending: PendingRows::default(),
        }
    }

    /// Queues the row `Σ α_i x_i + Σ coefficient · column ≥ 0` (`alpha`: (category, x_i)).
    pub fn add_row(&mut self, alpha: &[(u16, f64)], columns: [(Column, f64); 2]) {
        let columns = columns.map(|(column, x)| (self.column(column), x));
        self.alpha.extend_from_slice(alpha);
        self.alpha_starts.push(self.alpha.len());
        let pending = &mut self.pending;
        pending.starts.push(pending.index.len() as i32);
        for (column, x) in columns {
            pending.index.push(column as i32);
            pending.value.push(x);
        }
    }

    /// The fixed-model column of a step's or pair's slack or of a range's W, added to both
    /// models on first use.
    fn column(&mut self, column: Column) -> usize {
        let (map, id) = match column {
            Column::Step(t) => (&mut self.step_cols, t),
            Column::Pair(p) => (&mut self.pair_cols, p),
            Column::Range(r) => (&mut self.range_cols, r),
        };
        if let Some(&existing) = map.get(&id) {
            return existing;
        }
        let index = self.columns;
        map.insert(id, index);
        for model in [&mut self.full, &mut self.fixed] {
            model.as_mut().expect("the models are present between solves").add_col(column.cost(), 0.0.., []);
        }
        self.columns += 1;
        index
    }

    /// Generated rows in the model (queued ones included).
    pub fn rows(&self) -> usize {
        self.alpha_starts.len() - 1
    }

    /// `−Σ_i a_i x_i` of generated row `k`: its lower bound at the current shift.
    fn lower_bound(&self, k: usize) -> f64 {
        let x = &self.alpha[self.alpha_starts[k]..self.alpha_starts[k + 1]];
        rounded(-x.iter().map(|&(i, x)| self.shift[i as usize] * x).sum::<f64>())
    }

    /// Adds the queued rows and solves: through the fixed model and the primal simplex after
    /// `two_phase_rows` or more new rows, else with the full model's dual simplex from its
    /// previous basis. Then moves the shift to the solution and re-solves the fixed model there.
    pub fn solve(&mut self) -> Result<Solved, String> {
        let pending = std::mem::take(&mut self.pending);
        let new = pending.starts.len();
        let first = self.rows() - new;
        let lower: Vec<f64> = (first..self.rows()).map(|k| self.lower_bound(k)).collect();
        let mut full = self.full.take().expect("the models are present between solves");
        let mut fixed = self.fixed.take().expect("the models are present between solves");
        if new > 0 {
            let n = self.categories;
            let mut starts = Vec::with_capacity(new);
            let (mut index, mut value) = (Vec::new(), Vec::new());
            for (r, k) in (first..self.rows()).enumerate() {
                starts.push(index.len() as i32);
                for &(i, x) in &self.alpha[self.alpha_starts[k]..self.alpha_starts[k + 1]] {
                    index.push(i32::from(i));
                    value.push(x);
                }
                let end = pending.starts.get(r + 1).map_or(pending.index.len(), |&e| e as usize);
                for e in pending.starts[r] as usize..end {
                    index.push(pending.index[e] + n as i32);
                    value.push(pending.value[e]);
                }
            }
            add_rows(&mut full, &lower, &starts, &index, &value)?;
            add_rows(&mut fixed, &lower, &pending.starts, &pending.index, &pending.value)?;
        }
        let two_phase = new >= self.two_phase_rows;
        if two_phase {
            fixed = run(fixed, "the fixed-weight LP")?.model;
            self.start_from_fixed(&mut full, &mut fixed)?;
            full.set_option("simplex_strategy", PRIMAL_SIMPLEX);
        } else {
            full.set_option("simplex_strategy", DUAL_SIMPLEX);
        }
        let Run { model: mut full, iterations, values, objective } = run(full, "the LP solver")?;
        let n = self.categories;
        for (a, d) in self.shift.iter_mut().zip(&values[..n]) {
            *a += d;
        }
        self.move_shift(&mut full, &mut fixed)?;
        if self.rows() > 0 {
            fixed = run(fixed, "the fixed-weight LP")?.model;
        }
        let full_basic = row_basis(&mut full, n + self.columns, n + 1)?;
        let fixed_basic = row_basis(&mut fixed, self.columns, 0)?;
        self.full = Some(full);
        self.fixed = Some(fixed);
        let mut alpha: Vec<f64> = self.shift.iter().map(|a| a.max(0.0)).collect();
        let total: f64 = alpha.iter().sum();
        alpha.iter_mut().for_each(|a| *a /= total);
        let slacks = |map: &FastMap<u32, usize>| map.iter().map(|(&id, &c)| (id, values[n + c].max(0.0))).collect();
        Ok(Solved {
            alpha,
            step_slacks: slacks(&self.step_cols),
            pair_slacks: slacks(&self.pair_cols),
            objective,
            basic_rows: full_basic.iter().zip(&fixed_basic).map(|(&a, &b)| a && b).collect(),
            pivots: iterations.max(0) as usize,
        })
    }

    /// Gives the full model the fixed model's optimal basis, with every d nonbasic at 0 and the
    /// rows `d_i ≥ −a_i` and `Σ d = 1 − Σ a` basic: primal feasible, as the fixed model's
    /// solution is feasible at α = a.
    fn start_from_fixed(&self, full: &mut Model, fixed: &mut Model) -> Result<(), String> {
        let n = self.categories;
        let rows = self.rows();
        let mut fixed_cols = vec![0; self.columns];
        let mut fixed_rows = vec![0; rows];
        // SAFETY: live instance; the arrays have the fixed model's column and row counts.
        let status =
            unsafe { highs_sys::Highs_getBasis(fixed.as_mut_ptr(), fixed_cols.as_mut_ptr(), fixed_rows.as_mut_ptr()) };
        if status < 0 {
            return Err("the LP solver has no basis for the fixed-weight LP".to_string());
        }
        let mut cols = vec![highs_sys::kHighsBasisStatusZero; n];
        cols.extend_from_slice(&fixed_cols);
        let mut row_status = vec![highs_sys::kHighsBasisStatusBasic; n + 1];
        row_status.extend_from_slice(&fixed_rows);
        // SAFETY: live instance; `cols` has the full model's n + columns entries and
        // `row_status` its n + 1 + rows entries.
        let status = unsafe { highs_sys::Highs_setBasis(full.as_mut_ptr(), cols.as_ptr(), row_status.as_ptr()) };
        if status < 0 {
            return Err("the LP solver rejected the fixed-weight basis".to_string());
        }
        Ok(())
    }

    /// Writes the bounds of the current shift into both models: `d_i ≥ −a_i`, `Σ d = 1 − Σ a`
    /// and every generated row's `−Σ a_i x_i`. Only bounds change, so both bases stay valid.
    fn move_shift(&self, full: &mut Model, fixed: &mut Model) -> Result<(), String> {
        let n = self.categories;
        let rows = self.rows();
        let total = rounded(1.0 - self.shift.iter().sum::<f64>());
        let mut lower: Vec<f64> = self.shift.iter().map(|a| rounded(-a)).collect();
        lower.push(total);
        let mut upper = vec![f64::INFINITY; n];
        upper.push(total);
        let generated: Vec<f64> = (0..rows).map(|k| self.lower_bound(k)).collect();
        lower.extend_from_slice(&generated);
        upper.resize(n + 1 + rows, f64::INFINITY);
        change_row_bounds(full, &lower, &upper)?;
        change_row_bounds(fixed, &generated, &upper[n + 1..])
    }

    /// Deletes generated rows by their positions among the rows present (ascending), from both
    /// models. The rows must have basic slacks in both ([`Solved::basic_rows`]).
    pub fn delete_rows(&mut self, positions: &[usize]) -> Result<(), String> {
        if positions.is_empty() {
            return Ok(());
        }
        let n = self.categories;
        let full_set: Vec<i32> = positions.iter().map(|&k| (k + n + 1) as i32).collect();
        let fixed_set: Vec<i32> = positions.iter().map(|&k| k as i32).collect();
        for (model, set) in [(&mut self.full, &full_set), (&mut self.fixed, &fixed_set)] {
            let model = model.as_mut().expect("the models are present between solves");
            // SAFETY: live instance owned by `model`; `set` holds `set.len()` ascending row
            // indices that exist in the model.
            let status = unsafe { highs_sys::Highs_deleteRowsBySet(model.as_mut_ptr(), set.len() as i32, set.as_ptr()) };
            if status < 0 {
                return Err(format!("the LP solver could not delete {} inactive constraints", set.len()));
            }
        }
        let mut kept_starts = vec![0];
        let mut kept = Vec::with_capacity(self.alpha.len());
        let mut deleted = positions.iter().peekable();
        for k in 0..self.rows() {
            if deleted.next_if_eq(&&k).is_some() {
                continue;
            }
            kept.extend_from_slice(&self.alpha[self.alpha_starts[k]..self.alpha_starts[k + 1]]);
            kept_starts.push(kept.len());
        }
        self.alpha = kept;
        self.alpha_starts = kept_starts;
        Ok(())
    }
}

/// Adds rows `≥ lower` in compressed row form to `model`.
fn add_rows(model: &mut Model, lower: &[f64], starts: &[i32], index: &[i32], value: &[f64]) -> Result<(), String> {
    let rows = starts.len();
    let upper = vec![f64::INFINITY; rows];
    // SAFETY: the pointer is the live HiGHS instance owned by `model`; the arrays hold `rows`
    // bounds, `rows` starts and `index.len()` entries, whose column indices all exist (the
    // slack columns were added before their rows).
    let status = unsafe {
        highs_sys::Highs_addRows(
            model.as_mut_ptr(),
            rows as i32,
            lower.as_ptr(),
            upper.as_ptr(),
            index.len() as i32,
            starts.as_ptr(),
            index.as_ptr(),
            value.as_ptr(),
        )
    };
    if status < 0 {
        return Err(format!("the LP solver rejected {rows} new constraints"));
    }
    Ok(())
}

/// Sets the bounds of every row of `model`, in order.
fn change_row_bounds(model: &mut Model, lower: &[f64], upper: &[f64]) -> Result<(), String> {
    if lower.is_empty() {
        return Ok(());
    }
    // SAFETY: live instance; `lower` and `upper` hold one bound per row of the model.
    let status = unsafe {
        highs_sys::Highs_changeRowsBoundsByRange(
            model.as_mut_ptr(),
            0,
            lower.len() as i32 - 1,
            lower.as_ptr(),
            upper.as_ptr(),
        )
    };
    if status < 0 {
        return Err("the LP solver rejected the moved weights".to_string());
    }
    Ok(())
}

/// A model solved to optimality, with what its solve gave.
struct Run {
    model: Model,
    /// Simplex iterations of the solve (-1: HiGHS did not say).
    iterations: highs_sys::HighsInt,
    /// The column values.
    values: Vec<f64>,
    objective: f64,
}

/// Solves `model` to optimality from its current basis; `what` names it in errors.
fn run(model: Model, what: &str) -> Result<Run, String> {
    let solved = model
        .try_solve()
        .map_err(|status| format!("{what} failed ({status:?})"))?;
    let status = solved.status();
    if status != HighsModelStatus::Optimal {
        return Err(format!("{what} stopped with status {status:?}"));
    }
    let values = solved.get_solution().columns().to_vec();
    let objective = solved.objective_value();
    let mut model = Model::from(solved);
    let iterations = iteration_count(&mut model);
    Ok(Run { model, iterations, values, objective })
}

/// The simplex iterations of the model's last solve (-1: HiGHS did not say).
fn iteration_count(model: &mut Model) -> highs_sys::HighsInt {
    let mut iterations: highs_sys::HighsInt = 0;
    // SAFETY: live instance; the name is a NUL-terminated HiGHS info name of integer type, and
    // `iterations` is a HighsInt the call may write.
    let status = unsafe {
        highs_sys::Highs_getIntInfoValue(model.as_mut_ptr(), c"simplex_iteration_count".as_ptr(), &mut iterations)
    };
    if status == highs_sys::kHighsStatusOk { iterations } else { -1 }
}

/// Whether each generated row's slack is basic in the model's current basis; the model has
/// `columns` columns and `skip` rows before the generated ones.
fn row_basis(model: &mut Model, columns: usize, skip: usize) -> Result<Vec<bool>, String> {
    let ptr = model.as_mut_ptr();
    // SAFETY: live instance; the arrays have the model's column and row counts.
    let rows = unsafe { highs_sys::Highs_getNumRow(ptr) } as usize;
    let mut col_status = vec![0i32; columns];
    let mut row_status = vec![0i32; rows];
    let status = unsafe { highs_sys::Highs_getBasis(ptr, col_status.as_mut_ptr(), row_status.as_mut_ptr()) };
    if status < 0 {
        return Err("the LP solver has no basis after solving".to_string());
    }
    Ok(row_status[skip..].iter().map(|&s| s == highs_sys::kHighsBasisStatusBasic).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(lp: &mut RestrictedLp, range: u32, pair: u32, alpha: &[(u16, f64)]) {
        lp.add_row(alpha, [(Column::Range(range), 1.0), (Column::Pair(pair), 1.0)]);
    }

    fn leaf(lp: &mut RestrictedLp, range: u32, step: u32, alpha: &[(u16, f64)]) {
        lp.add_row(alpha, [(Column::Step(step), 1.0), (Column::Range(range), -1.0)]);
    }

    /// Two weights. A cut `W_r + u_p − Σ α c_p ≥ 0` and a leaf `v_t + Σ α c_m − W_r ≥ 0` of the
    /// same range give the row `v_t + u_p + Σ_i α_i (c_{i,m(t)} − c_{i,p}) ≥ 0`. The first pair
    /// of rows forces α₀ ≥ 0.75 unless paid for by slacks costing more than the alternative; a
    /// second solve after more rows starts from the first's basis; a non-binding row is deleted
    /// and the next solve starts from what is left of the basis; with every solve going through
    /// the fixed-weight model, and with none.
    #[test]
    fn solves_grows_and_solves_again() {
        for two_phase_rows in [1, usize::MAX] {
            let mut lp = RestrictedLp::new(2, two_phase_rows);
            // Range 10 = step 0, merge c = (1, 0); pair 5 with c = (0, 3): α₀ ≥ 3α₁ ⇔ α₀ ≥ 0.75.
            cut(&mut lp, 10, 5, &[(1, -3.0)]);
            leaf(&mut lp, 10, 0, &[(0, 1.0)]);
            let first = lp.solve().unwrap();
            assert!(first.objective.abs() < 1e-9, "objective {}", first.objective);
            assert!(first.alpha[0] >= 0.75 - 1e-9);
            assert_eq!(first.basic_rows.len(), 2);
            // Range 11 = step 1, merge c = (0, 0.25); pair 6 with c = (1, 0): α₀ ≤ 0.2: conflicts.
            cut(&mut lp, 11, 6, &[(0, -1.0)]);
            leaf(&mut lp, 11, 1, &[(1, 0.25)]);
            let second = lp.solve().unwrap();
            // Minimize max(0, 3 − 4α₀) + max(0, 1.25α₀ − 0.25) over α₀ ∈ [0, 1]: 0.6875 at 0.75.
            assert!((second.objective - 0.6875).abs() < 1e-9, "objective {}", second.objective);
            assert!((second.alpha[0] - 0.75).abs() < 1e-9);
            assert_eq!(second.step_slacks.len(), 2);
            assert_eq!(second.pair_slacks.len(), 2);
            assert_eq!(lp.rows(), 4);
            // Range 13 = step 2, merge c = (1, 1) scoring 1; pair 7 with c = (0.5, 0.5) scores 0.5:
            // W_13 lies anywhere in [0.5, 1], so at least one of the two rows is not binding.
            cut(&mut lp, 13, 7, &[(0, -0.5), (1, -0.5)]);
            leaf(&mut lp, 13, 2, &[(0, 1.0), (1, 1.0)]);
            let third = lp.solve().unwrap();
            assert!((third.objective - 0.6875).abs() < 1e-9);
            assert_eq!(third.basic_rows.len(), 6);
            let idle: Vec<usize> = (4..6).filter(|&k| third.basic_rows[k]).collect();
            assert!(!idle.is_empty(), "{:?}", third.basic_rows);
            lp.delete_rows(&idle).unwrap();
            let fourth = lp.solve().unwrap();
            assert_eq!(fourth.basic_rows.len(), 6 - idle.len());
            assert!((fourth.objective - 0.6875).abs() < 1e-9);
            // Range 12 over steps 0 and 1, through W_12 ≤ W_10 and W_12 ≤ W_11: pair 8 with
            // c = (2, 0) must not beat either merge score by more than u_8; at α₀ = 0.75 that
            // costs more.
            cut(&mut lp, 12, 8, &[(0, -2.0)]);
            lp.add_row(&[], [(Column::Range(10), 1.0), (Column::Range(12), -1.0)]);
            lp.add_row(&[], [(Column::Range(11), 1.0), (Column::Range(12), -1.0)]);
            let fifth = lp.solve().unwrap();
            assert!(fifth.objective > 0.6875 + 1e-6, "objective {}", fifth.objective);
        }
    }
}
