//! The restricted mixture LP as one persistent HiGHS model that grows by rows and slack
//! columns between solves, so every solve after the first starts from the previous optimal
//! basis (dual simplex warm start). Rows whose slack is basic (not binding) can be deleted: the
//! rest of the basis stays a basis of the smaller model, so warm starts survive deletion.

use super::FastMap;

use highs::{Col, HighsModelStatus, Model, RowProblem, Sense};

/// Columns are α (the first `categories`, summing to one), one slack per merge step (v_t) and
/// per competing pair (u_p), each costing 1, and one costless variable W_r per range r of merge
/// steps ([`Column`]), all non-negative; rows are `Σ_i α_i x_i` plus two of those columns, each
/// with its coefficient, `≥ 0` (the solver decides what they mean).
pub struct RestrictedLp {
    categories: usize,
    model: Option<Model>,
    step_cols: FastMap<u32, usize>,
    pair_cols: FastMap<u32, usize>,
    range_cols: FastMap<u32, usize>,
    /// Columns added so far.
    columns: usize,
    /// Rows present besides Σ α = 1 (queued ones included).
    rows: usize,
    pending: PendingRows,
}

/// A column of the model besides the weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    /// Step slack v_t.
    Step(u32),
    /// Pair slack u_p.
    Pair(u32),
    /// Range score W_r (costless).
    Range(u32),
}

impl Column {
    /// The column's cost in the objective: 1 for a slack, 0 for a range score.
    pub fn cost(self) -> f64 {
        match self {
            Column::Step(_) | Column::Pair(_) => 1.0,
            Column::Range(_) => 0.0,
        }
    }
}

/// Rows added since the last solve, in HiGHS's compressed row form.
#[derive(Default)]
struct PendingRows {
    starts: Vec<i32>,
    index: Vec<i32>,
    value: Vec<f64>,
}

/// One solve's answer.
pub struct Solved {
    /// α, clipped at zero and renormalized.
    pub alpha: Vec<f64>,
    /// v_t by merge step.
    pub step_slacks: FastMap<u32, f64>,
    /// u_p by pair.
    pub pair_slacks: FastMap<u32, f64>,
    /// Σ v + Σ u.
    pub objective: f64,
    /// For each row, in the order added (deleted rows left out): its slack is basic, i.e. the
    /// row is not binding at this vertex.
    pub basic_rows: Vec<bool>,
    /// Simplex iterations of this solve (-1: HiGHS did not say).
    pub iterations: highs_sys::HighsInt,
}

impl RestrictedLp {
    /// The model with `categories` weights, Σ α = 1, and no other rows yet.
    pub fn new(categories: usize) -> Self {
        let mut problem = RowProblem::default();
        let alpha: Vec<Col> = (0..categories).map(|_| problem.add_column(0.0, 0.0..)).collect();
        problem.add_row(1.0..=1.0, alpha.iter().map(|&c| (c, 1.0)));
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
        Self {
            categories,
            model: Some(model),
            step_cols: FastMap::default(),
            pair_cols: FastMap::default(),
            range_cols: FastMap::default(),
            columns: categories,
            rows: 0,
            pending: PendingRows::default(),
        }
    }

    /// Queues the row `Σ α_i x_i + Σ coefficient · column ≥ 0` (`alpha`: (category, x_i)).
    pub fn add_row(&mut self, alpha: &[(u16, f64)], columns: [(Column, f64); 2]) {
        let columns = columns.map(|(column, x)| (self.column(column), x));
        let pending = &mut self.pending;
        pending.starts.push(pending.index.len() as i32);
        for &(category, x) in alpha {
            pending.index.push(i32::from(category));
            pending.value.push(x);
        }
        for (column, x) in columns {
            pending.index.push(column as i32);
            pending.value.push(x);
        }
        self.rows += 1;
    }

    /// The model column of a step's or pair's slack or of a range's W, added on first use.
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
        self.model.as_mut().expect("the model is present between solves").add_col(column.cost(), 0.0.., []);
        self.columns += 1;
        index
    }

    /// Rows in the model besides Σ α = 1 (queued ones included).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Adds the queued rows and solves from the previous basis.
    pub fn solve(&mut self) -> Result<Solved, String> {
        let mut model = self.model.take().expect("the model is present between solves");
        let pending = std::mem::take(&mut self.pending);
        let rows = pending.starts.len();
        if rows > 0 {
            let lower = vec![0.0; rows];
            let upper = vec![f64::INFINITY; rows];
            // SAFETY: the pointer is the live HiGHS instance owned by `model`; the arrays hold
            // `rows` bounds, `rows` starts and `index.len()` entries, whose column indices all
            // exist (the slack columns were added before their rows).
            let status = unsafe {
                highs_sys::Highs_addRows(
                    model.as_mut_ptr(),
                    rows as i32,
                    lower.as_ptr(),
                    upper.as_ptr(),
                    pending.index.len() as i32,
                    pending.starts.as_ptr(),
                    pending.index.as_ptr(),
                    pending.value.as_ptr(),
                )
            };
            if status < 0 {
                return Err(format!("the LP solver rejected {rows} new constraints"));
            }
        }
        let solved = model
            .try_solve()
            .map_err(|status| format!("the LP solver failed ({status:?})"))?;
        let status = solved.status();
        if status != HighsModelStatus::Optimal {
            return Err(format!("the LP solver stopped with status {status:?}"));
        }
        let values = solved.get_solution().columns().to_vec();
        let objective = solved.objective_value();
        let mut model = Model::from(solved);
        let basic_rows = row_basis(&mut model, self.columns)?;
        let mut iterations: highs_sys::HighsInt = 0;
        // SAFETY: live instance; the name is a NUL-terminated HiGHS info name of integer type, and
        // `iterations` is a HighsInt the call may write.
        let status = unsafe {
            highs_sys::Highs_getIntInfoValue(
                model.as_mut_ptr(),
                c"simplex_iteration_count".as_ptr(),
                &mut iterations,
            )
        };
        if status != highs_sys::kHighsStatusOk {
            iterations = -1;
        }
        self.model = Some(model);
        let mut alpha: Vec<f64> = values[..self.categories].iter().map(|a| a.max(0.0)).collect();
        let total: f64 = alpha.iter().sum();
        alpha.iter_mut().for_each(|a| *a /= total);
        let slacks = |map: &FastMap<u32, usize>| map.iter().map(|(&id, &c)| (id, values[c].max(0.0))).collect();
        Ok(Solved {
            alpha,
            step_slacks: slacks(&self.step_cols),
            pair_slacks: slacks(&self.pair_cols),
            objective,
            basic_rows,
            iterations,
        })
    }

    /// Deletes rows by their positions among the rows present (ascending).
    pub fn delete_rows(&mut self, positions: &[usize]) -> Result<(), String> {
        if positions.is_empty() {
            return Ok(());
        }
        let model = self.model.as_mut().expect("the model is present between solves");
        // Row 0 is Σ α = 1; row k is model row k + 1.
        let set: Vec<i32> = positions.iter().map(|&k| k as i32 + 1).collect();
        // SAFETY: live instance owned by `model`; `set` holds `set.len()` ascending row indices
        // that exist in the model.
        let status = unsafe { highs_sys::Highs_deleteRowsBySet(model.as_mut_ptr(), set.len() as i32, set.as_ptr()) };
        if status < 0 {
            return Err(format!("the LP solver could not delete {} inactive constraints", set.len()));
        }
        self.rows -= set.len();
        Ok(())
    }
}

/// Whether each constraint row's slack is basic in the model's current basis.
fn row_basis(model: &mut Model, columns: usize) -> Result<Vec<bool>, String> {
    let ptr = model.as_mut_ptr();
    // SAFETY: live instance; the arrays have the model's column and row counts.
    let rows = unsafe { highs_sys::Highs_getNumRow(ptr) } as usize;
    let mut col_status = vec![0i32; columns];
    let mut row_status = vec![0i32; rows];
    let status = unsafe { highs_sys::Highs_getBasis(ptr, col_status.as_mut_ptr(), row_status.as_mut_ptr()) };
    if status < 0 {
        return Err("the LP solver has no basis after solving".to_string());
    }
    Ok(row_status[1..].iter().map(|&s| s == highs_sys::kHighsBasisStatusBasic).collect())
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
    /// and the next solve starts from what is left of the basis.
    #[test]
    fn solves_grows_and_solves_again() {
        let mut lp = RestrictedLp::new(2);
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
