//! Writes a restricted mixture LP in free MPS format, so the same problem can be handed to
//! another solver (`benches/mixture_lp_highs.py` runs HiGHS on it).
//!
//! Columns are `alpha_<category>` (the weights, in category order), `v_<step>` and `u_<pair>`
//! (the slacks); rows are `sum` (Σ α = 1) and one `r<round>_t<step>_p<pair>` row per generated
//! constraint `v_t + u_p + Σ_i α_i (c_{i,m(t)} − c_{i,p}) ≥ 0`, where `<round>` is the sweep that
//! generated it (a replay can add the rows in the order the lazy solver did). All columns have
//! the MPS default bounds [0, ∞).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::io::write_whole::write_whole_file;

/// One constraint to export.
pub struct ExportRow<'a> {
    /// The sweep that generated the row (1-based).
    pub round: u32,
    /// Merge step t.
    pub step: u32,
    /// Competing pair p.
    pub pair: u32,
    /// Sparse α coefficients (category, c_{i,m(t)} − c_{i,p}).
    pub alpha: &'a [(u16, f64)],
}

/// Writes the LP with `categories` weights and `rows` to `path`, complete or not at all.
pub fn write_mps(path: &Path, categories: usize, rows: &[ExportRow]) -> Result<(), String> {
    write_whole_file(path, mps_text(categories, rows).as_bytes())
}

/// The MPS text of the LP.
fn mps_text(categories: usize, rows: &[ExportRow]) -> String {
    let names: Vec<String> = rows
        .iter()
        .map(|row| format!("r{}_t{}_p{}", row.round, row.step, row.pair))
        .collect();
    let mut alpha_entries: Vec<Vec<(usize, f64)>> = vec![Vec::new(); categories];
    let mut step_rows: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    let mut pair_rows: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (r, row) in rows.iter().enumerate() {
        for &(category, coefficient) in row.alpha {
            alpha_entries[category as usize].push((r, coefficient));
        }
        step_rows.entry(row.step).or_default().push(r);
        pair_rows.entry(row.pair).or_default().push(r);
    }
    let mut out = String::from("NAME siftql_mixture\nROWS\n N obj\n E sum\n");
    for name in &names {
        let _ = writeln!(out, " G {name}");
    }
    out.push_str("COLUMNS\n");
    for (category, entries) in alpha_entries.iter().enumerate() {
        let _ = writeln!(out, " alpha_{category} sum 1");
        for &(r, coefficient) in entries {
            let _ = writeln!(out, " alpha_{category} {} {coefficient:e}", names[r]);
        }
    }
    for (prefix, columns) in [("v", &step_rows), ("u", &pair_rows)] {
        for (id, members) in columns {
            let _ = writeln!(out, " {prefix}_{id} obj 1");
            for &r in members {
                let _ = writeln!(out, " {prefix}_{id} {} 1", names[r]);
            }
        }
    }
    out.push_str("RHS\n rhs sum 1\nENDATA\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_rows_columns_and_the_weight_sum() {
        let first = [(0u16, 0.5), (1, -0.25)];
        let second = [(1u16, 2.0)];
        let rows = [
            ExportRow { round: 1, step: 3, pair: 7, alpha: &first },
            ExportRow { round: 2, step: 3, pair: 9, alpha: &second },
        ];
        let text = mps_text(2, &rows);
        assert_eq!(
            text,
            "NAME siftql_mixture\nROWS\n N obj\n E sum\n G r1_t3_p7\n G r2_t3_p9\nCOLUMNS\n\
             \x20alpha_0 sum 1\n alpha_0 r1_t3_p7 5e-1\n\
             \x20alpha_1 sum 1\n alpha_1 r1_t3_p7 -2.5e-1\n alpha_1 r2_t3_p9 2e0\n\
             \x20v_3 obj 1\n v_3 r1_t3_p7 1\n v_3 r2_t3_p9 1\n\
             \x20u_7 obj 1\n u_7 r1_t3_p7 1\n\
             \x20u_9 obj 1\n u_9 r2_t3_p9 1\n\
             RHS\n rhs sum 1\nENDATA\n"
        );
    }

    #[test]
    fn a_failed_write_leaves_no_file() {
        let dir = std::env::temp_dir().join("siftql-no-such-dir-for-mps");
        let path = dir.join("lp.mps");
        assert!(write_mps(&path, 1, &[]).is_err());
        assert!(!path.exists());
    }
}
