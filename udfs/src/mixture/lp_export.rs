//! Writes a restricted mixture LP in free MPS format, so the same problem can be handed to another
//! solver (`benches/mixture_lp_highs.py` runs HiGHS on it).
//!
//! Columns are `alpha_<category>` (the weights, in category order), the slacks `v_<step>` and
//! `u_<pair>` (cost 1) and the costless range scores `w_<range>`, all with the MPS default bounds
//! [0, ∞); rows are `sum` (Σ α = 1) and the generated rows `Σ_i α_i x_i + Σ columns ≥ 0`, each
//! named `r<round>_…` after the sweep that generated it (a replay can add the rows in the order the
//! lazy solver did).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::flow_lp::Column;
use crate::io::write_whole::write_whole_file;

/// One constraint to export.
pub struct ExportRow<'a> {
    /// Row name, starting `r<round>_`.
    pub name: String,
    /// Sparse α coefficients (category, x_i).
    pub alpha: &'a [(u16, f64)],
    /// The other columns and their coefficients.
    pub columns: [(Column, f64); 2],
}

/// The column's name in the MPS file.
fn column_name(column: Column) -> String {
    match column {
        Column::Step(t) => format!("v_{t}"),
        Column::Pair(p) => format!("u_{p}"),
        Column::Range(r) => format!("w_{r}"),
    }
}

/// Writes the LP with `categories` weights and `rows` to `path`, complete or not at all.
pub fn write_mps(path: &Path, categories: usize, rows: &[ExportRow]) -> Result<(), String> {
    write_whole_file(path, mps_text(categories, rows).as_bytes())
}

/// The MPS text of the LP.
fn mps_text(categories: usize, rows: &[ExportRow]) -> String {
    let mut alpha_entries: Vec<Vec<(usize, f64)>> = vec![Vec::new(); categories];
    let mut column_entries: BTreeMap<Column, Vec<(usize, f64)>> = BTreeMap::new();
    for (r, row) in rows.iter().enumerate() {
        for &(category, coefficient) in row.alpha {
            alpha_entries[category as usize].push((r, coefficient));
        }
        for (column, coefficient) in row.columns {
            column_entries.entry(column).or_default().push((r, coefficient));
        }
    }
    let mut out = String::from("NAME siftql_mixture\nROWS\n N obj\n E sum\n");
    for row in rows {
        let _ = writeln!(out, " G {}", row.name);
    }
    out.push_str("COLUMNS\n");
    for (category, entries) in alpha_entries.iter().enumerate() {
        let _ = writeln!(out, " alpha_{category} sum 1");
        for &(r, coefficient) in entries {
            let _ = writeln!(out, " alpha_{category} {} {coefficient:e}", rows[r].name);
        }
    }
    for (column, entries) in &column_entries {
        let name = column_name(*column);
        if column.cost() != 0.0 {
            let _ = writeln!(out, " {name} obj {}", column.cost());
        }
        for &(r, coefficient) in entries {
            let _ = writeln!(out, " {name} {} {coefficient}", rows[r].name);
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
        let cut = [(1u16, -0.25)];
        let leaf = [(0u16, 0.5)];
        let rows = [
            ExportRow {
                name: "r1_c4_p7".into(),
                alpha: &cut,
                columns: [(Column::Range(4), 1.0), (Column::Pair(7), 1.0)],
            },
            ExportRow {
                name: "r1_l4_t3".into(),
                alpha: &leaf,
                columns: [(Column::Step(3), 1.0), (Column::Range(4), -1.0)],
            },
        ];
        let text = mps_text(2, &rows);
        assert_eq!(
            text,
            "NAME siftql_mixture\nROWS\n N obj\n E sum\n G r1_c4_p7\n G r1_l4_t3\nCOLUMNS\n\
             \x20alpha_0 sum 1\n alpha_0 r1_l4_t3 5e-1\n\
             \x20alpha_1 sum 1\n alpha_1 r1_c4_p7 -2.5e-1\n\
             \x20v_3 obj 1\n v_3 r1_l4_t3 1\n\
             \x20u_7 obj 1\n u_7 r1_c4_p7 1\n\
             \x20w_4 r1_c4_p7 1\n w_4 r1_l4_t3 -1\n\
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
