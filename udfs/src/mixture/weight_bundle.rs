//! A proximal bundle method over the category weights α (Kiwiel 1990; Lemaréchal's survey in
//! Handbooks in OR & MS 1, 1989): minimizes a convex function f over the unit simplex from its
//! values and subgradients alone. Here f(α) is the mixture LP's optimum with α fixed, which HiGHS
//! finds 12–34 times faster than the LP with α free (BENCHMARKS.md, "Where the LP's time goes"),
//! so the bundle finds α near the optimum cheaply and the LP then only has to finish from there.
//!
//! Each step minimizes the cutting-plane model `max_k f(a_k) + s_k · (α − a_k)` plus
//! `|α − c|² / (2t)` over the simplex (a small QP, solved by HiGHS), where c is the centre, the
//! best point so far. The centre moves to the new point when f falls by at least a tenth of the
//! decrease the model predicted (a serious step; t grows), and stays otherwise (a null step; the
//! new cut sharpens the model and t shrinks).

use std::ptr;

/// θ ≥ value + slope · (α − at): a linearization of f at `at`, below f everywhere.
struct Cut {
    value: f64,
    slope: Vec<f64>,
    at: Vec<f64>,
}

/// The bundle's state.
pub struct WeightBundle {
    cuts: Vec<Cut>,
    centre: Vec<f64>,
    value: f64,
    step: f64,
}

/// The next point the bundle proposes.
pub struct Proposal {
    /// The point, on the simplex.
    pub alpha: Vec<f64>,
    /// f(centre) minus the model's value there: how much the bundle expects to gain.
    pub predicted: f64,
}

/// Initial t (in units of the LP's objective per squared weight).
const INITIAL_STEP: f64 = 0.01;
/// Smallest t.
const MIN_STEP: f64 = 1e-8;
/// A step is serious when f falls by at least this fraction of the predicted decrease.
const SERIOUS: f64 = 0.1;

impl WeightBundle {
    /// A bundle centred at `alpha`, where f is `value` with subgradient `slope`.
    pub fn new(alpha: Vec<f64>, value: f64, slope: Vec<f64>) -> Self {
        let cut = Cut { value, slope, at: alpha.clone() };
        Self { cuts: vec![cut], centre: alpha, value, step: INITIAL_STEP }
    }

    /// The best point so far and f there.
    pub fn centre(&self) -> (&[f64], f64) {
        (&self.centre, self.value)
    }

    /// The minimizer of the model plus the proximal term, clipped at zero and renormalized.
    pub fn propose(&self) -> Result<Proposal, String> {
        let (alpha, theta) = self.solve_master()?;
        let mut alpha: Vec<f64> = alpha.iter().map(|a| a.max(0.0)).collect();
        let total: f64 = alpha.iter().sum();
        if total <= 0.0 {
            return Err("the weight search proposed no weight".into());
        }
        alpha.iter_mut().for_each(|a| *a /= total);
        Ok(Proposal { alpha, predicted: self.value - theta })
    }

    /// Adds f's `value` and `slope` at `proposal`'s point, and moves the centre there if the
    /// step is serious. Returns whether it was.
    pub fn record(&mut self, proposal: Proposal, value: f64, slope: Vec<f64>) -> bool {
        let serious = self.value - value >= SERIOUS * proposal.predicted;
        if serious {
            self.centre.clone_from(&proposal.alpha);
            self.value = value;
            self.step *= 1.5;
        } else {
            self.step = (self.step / 1.2).max(MIN_STEP);
        }
        self.cuts.push(Cut { value, slope, at: proposal.alpha });
        serious
    }

    /// min θ + |α − c|² / (2t) subject to Σ α = 1, α ≥ 0 and θ ≥ each cut: (α, θ).
    fn solve_master(&self) -> Result<(Vec<f64>, f64), String> {
        let n = self.centre.len();
        let columns = n + 1;
        let mut cost: Vec<f64> = self.centre.iter().map(|c| -c / self.step).collect();
        cost.push(1.0);
        let mut col_lower = vec![0.0; n];
        col_lower.push(f64::NEG_INFINITY);
        let mut col_upper = vec![1.0; n];
        col_upper.push(f64::INFINITY);
        // Row-wise: Σ α = 1, then θ − s_k · α ≥ f(a_k) − s_k · a_k per cut.
        let (mut row_lower, mut row_upper) = (vec![1.0], vec![1.0]);
        let mut start: Vec<i32> = vec![0];
        let mut index: Vec<i32> = (0..n as i32).collect();
        let mut value: Vec<f64> = vec![1.0; n];
        for cut in &self.cuts {
            start.push(index.len() as i32);
            let offset: f64 = cut.slope.iter().zip(&cut.at).map(|(s, a)| s * a).sum();
            row_lower.push(cut.value - offset);
            row_upper.push(f64::INFINITY);
            for (i, &s) in cut.slope.iter().enumerate() {
                index.push(i as i32);
                value.push(-s);
            }
            index.push(n as i32);
            value.push(1.0);
        }
        // Hessian: 1/t on each weight's diagonal (lower triangle, column-wise), nothing for θ.
        let q_start: Vec<i32> = (0..=n as i32).chain([n as i32]).collect();
        let q_index: Vec<i32> = (0..n as i32).collect();
        let q_value = vec![1.0 / self.step; n];
        let mut col_value = vec![0.0; columns];
        let mut col_dual = vec![0.0; columns];
        let mut row_value = vec![0.0; row_lower.len()];
        let mut row_dual = vec![0.0; row_lower.len()];
        let mut model_status: highs_sys::HighsInt = 0;
        // SAFETY: every array has the length its count says (columns, rows, start.len() rows
        // with index/value entries, columns + 1 Hessian starts and n entries); the basis status
        // outputs may be null.
        let status = unsafe {
            highs_sys::Highs_qpCall(
                columns as i32,
                row_lower.len() as i32,
                index.len() as i32,
                n as i32,
                highs_sys::kHighsMatrixFormatRowwise,
                highs_sys::kHighsHessianFormatTriangular,
                highs_sys::kHighsObjSenseMinimize,
                0.0,
                cost.as_ptr(),
                col_lower.as_ptr(),
                col_upper.as_ptr(),
                row_lower.as_ptr(),
                row_upper.as_ptr(),
                start.as_ptr(),
                index.as_ptr(),
                value.as_ptr(),
                q_start.as_ptr(),
                q_index.as_ptr(),
                q_value.as_ptr(),
                col_value.as_mut_ptr(),
                col_dual.as_mut_ptr(),
                row_value.as_mut_ptr(),
                row_dual.as_mut_ptr(),
                ptr::null_mut(),
                ptr::null_mut(),
                &mut model_status,
            )
        };
        if status < 0 || model_status != highs_sys::kHighsModelStatusOptimal {
            return Err(format!("the weight search's QP failed (status {status}, model status {model_status})"));
        }
        let theta = col_value.pop().expect("θ is the last column");
        Ok((col_value, theta))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// f(α) = |α₀ − 0.7| + |α₁ − 0.2| + |α₂ − 0.1| over the simplex, minimum 0 at (0.7, 0.2, 0.1).
    fn f(alpha: &[f64]) -> (f64, Vec<f64>) {
        let target = [0.7, 0.2, 0.1];
        let value = alpha.iter().zip(target).map(|(a, t)| (a - t).abs()).sum();
        let slope = alpha.iter().zip(target).map(|(a, t)| if a >= &t { 1.0 } else { -1.0 }).collect();
        (value, slope)
    }

    #[test]
    fn finds_the_minimum_of_a_piecewise_linear_function() {
        let start = vec![1.0 / 3.0; 3];
        let (value, slope) = f(&start);
        let mut bundle = WeightBundle::new(start, value, slope);
        for _ in 0..60 {
            let proposal = bundle.propose().unwrap();
            if proposal.predicted <= 1e-12 {
                break;
            }
            let (value, slope) = f(&proposal.alpha);
            bundle.record(proposal, value, slope);
        }
        let (centre, value) = bundle.centre();
        assert!(value < 1e-6, "value {value} at {centre:?}");
        assert!((centre[0] - 0.7).abs() < 1e-6 && (centre[1] - 0.2).abs() < 1e-6, "{centre:?}");
    }
}
