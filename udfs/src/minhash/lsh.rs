//! Locality-sensitive hashing over MinHash signatures: band keys, and the choice of
//! bands × rows for a similarity threshold.

use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Appends one key per band to `out`: band `i` (rows `i·rows .. (i+1)·rows` of `sig`) is
/// hashed as little-endian bytes by xxh3-64 seeded with `i`, so equal values in different
/// bands give different keys. Slots beyond `bands·rows` are unused.
pub fn band_keys(sig: &[u32], bands: usize, rows: usize, out: &mut Vec<u64>) {
    let mut bytes = Vec::with_capacity(rows * 4);
    for band in 0..bands {
        bytes.clear();
        for v in &sig[band * rows..(band + 1) * rows] {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        out.push(xxh3_64_with_seed(&bytes, band as u64));
    }
}

/// Probability that two documents with Jaccard similarity `s` share at least one of `bands`
/// bands of `rows` rows: `1 − (1 − s^rows)^bands`.
pub fn candidate_probability(s: f64, bands: usize, rows: usize) -> f64 {
    1.0 - (1.0 - s.powi(rows as i32)).powi(bands as i32)
}

/// Nodes and weights of the 8-point Gauss–Legendre rule on [−1, 1].
const GAUSS_LEGENDRE_8: [(f64, f64); 8] = [
    (-0.960_289_856_497_536_2, 0.101_228_536_290_376_26),
    (-0.796_666_477_413_626_7, 0.222_381_034_453_374_47),
    (-0.525_532_409_916_329_0, 0.313_706_645_877_887_3),
    (-0.183_434_642_495_649_8, 0.362_683_783_378_362_0),
    (0.183_434_642_495_649_8, 0.362_683_783_378_362_0),
    (0.525_532_409_916_329_0, 0.313_706_645_877_887_3),
    (0.796_666_477_413_626_7, 0.222_381_034_453_374_47),
    (0.960_289_856_497_536_2, 0.101_228_536_290_376_26),
];

/// ∫ f over [lo, hi] by composite 8-point Gauss–Legendre on 64 panels (the integrands here
/// are smooth polynomials; the error is far below the differences between (b, r) choices).
fn integrate(lo: f64, hi: f64, f: impl Fn(f64) -> f64) -> f64 {
    const PANELS: usize = 64;
    let width = (hi - lo) / PANELS as f64;
    let mut total = 0.0;
    for p in 0..PANELS {
        let mid = lo + (p as f64 + 0.5) * width;
        for (x, w) in GAUSS_LEGENDRE_8 {
            total += w * f(mid + x * width / 2.0);
        }
    }
    total * width / 2.0
}

/// A choice of LSH bands and rows with its error areas.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LshParams {
    /// Number of bands.
    pub bands: usize,
    /// Rows (signature slots) per band.
    pub rows: usize,
    /// False-positive area `∫₀ᵗ P(s) ds`.
    pub false_positive: f64,
    /// False-negative area `∫ₜ¹ (1 − P(s)) ds`.
    pub false_negative: f64,
}

/// datasketch's `_optimal_param`: among all (bands, rows) with `bands·rows ≤ num_perm`, the
/// one minimising `fp_weight·fp_area + fn_weight·fn_area` (first in (bands, rows) order on
/// ties). `threshold` must be in (0, 1) and `num_perm` ≥ 1.
pub fn optimal_params(threshold: f64, num_perm: usize, fp_weight: f64, fn_weight: f64) -> LshParams {
    let mut best: Option<(f64, LshParams)> = None;
    for bands in 1..=num_perm {
        for rows in 1..=num_perm / bands {
            let false_positive = integrate(0.0, threshold, |s| candidate_probability(s, bands, rows));
            let false_negative = integrate(threshold, 1.0, |s| 1.0 - candidate_probability(s, bands, rows));
            let error = fp_weight * false_positive + fn_weight * false_negative;
            if best.as_ref().is_none_or(|(e, _)| error < *e) {
                best = Some((error, LshParams { bands, rows, false_positive, false_negative }));
            }
        }
    }
    best.expect("num_perm >= 1").1
}

/// Bands × rows for finding pairs at or above `threshold` when candidates are verified
/// afterwards: the fewest candidates (smallest false-positive area) among the choices that
/// make a pair at exactly the threshold a candidate with probability ≥ `min_recall`, or the
/// most sensitive choice when none reaches it.
pub fn recall_params(threshold: f64, num_perm: usize, min_recall: f64) -> LshParams {
    let mut best: Option<(f64, LshParams)> = None;
    let mut most_sensitive: Option<(f64, usize, usize)> = None;
    for bands in 1..=num_perm {
        for rows in 1..=num_perm / bands {
            let p = candidate_probability(threshold, bands, rows);
            if most_sensitive.is_none_or(|(q, _, _)| p > q) {
                most_sensitive = Some((p, bands, rows));
            }
            if p < min_recall {
                continue;
            }
            let false_positive = integrate(0.0, threshold, |s| candidate_probability(s, bands, rows));
            if best.as_ref().is_none_or(|(fp, _)| false_positive < *fp) {
                let false_negative = integrate(threshold, 1.0, |s| 1.0 - candidate_probability(s, bands, rows));
                best = Some((false_positive, LshParams { bands, rows, false_positive, false_negative }));
            }
        }
    }
    best.map(|(_, p)| p).unwrap_or_else(|| {
        let (_, bands, rows) = most_sensitive.expect("num_perm >= 1");
        LshParams {
            bands,
            rows,
            false_positive: integrate(0.0, threshold, |s| candidate_probability(s, bands, rows)),
            false_negative: integrate(threshold, 1.0, |s| 1.0 - candidate_probability(s, bands, rows)),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optimal_params_match_datasketch() {
        // datasketch 2.0.0 MinHashLSH(threshold, 128)'s (b, r), as computed with the library.
        for (t, b, r) in [(0.5, 25, 5), (0.7, 14, 9), (0.75, 11, 11), (0.8, 9, 13), (0.85, 8, 16), (0.9, 5, 25)] {
            let p = optimal_params(t, 128, 0.5, 0.5);
            assert_eq!((p.bands, p.rows), (b, r), "threshold {t}");
        }
    }

    #[test]
    fn areas_are_integrals_of_the_s_curve() {
        // One band of one row: P(s) = s, so fp = t²/2 and fn = (1 − t)²/2.
        let p = optimal_params(0.5, 1, 0.5, 0.5);
        assert_eq!((p.bands, p.rows), (1, 1));
        assert!((p.false_positive - 0.125).abs() < 1e-12);
        assert!((p.false_negative - 0.125).abs() < 1e-12);
    }

    #[test]
    fn recall_params_reach_the_requested_recall() {
        let p = recall_params(0.8, 128, 0.95);
        assert!(p.bands * p.rows <= 128);
        assert!(candidate_probability(0.8, p.bands, p.rows) >= 0.95);
        // Every other feasible choice makes more candidates below the threshold.
        for bands in 1..=128 {
            for rows in 1..=128 / bands {
                if candidate_probability(0.8, bands, rows) >= 0.95 {
                    let fp = integrate(0.0, 0.8, |s| candidate_probability(s, bands, rows));
                    assert!(fp >= p.false_positive, "({bands}, {rows})");
                }
            }
        }
    }

    #[test]
    fn band_keys_mix_in_the_band_index() {
        let sig = [7u32; 8];
        let mut keys = Vec::new();
        band_keys(&sig, 2, 4, &mut keys);
        assert_eq!(keys.len(), 2);
        assert_ne!(keys[0], keys[1]);
        let mut bytes = Vec::new();
        for v in &sig[..4] {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        assert_eq!(keys[0], xxh3_64_with_seed(&bytes, 0));
    }
}
