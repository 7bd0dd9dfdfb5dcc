//! MinHash signatures over 64-bit shingle hashes: classic K-permutation MinHash and a
//! one-permutation sketch with optimal densification.
//!
//! Slots are `u32`: 32 bits keep false slot collisions (2^-32 per slot) far below the
//! estimator's own error, halve the memory of 64-bit slots, and let the classic kernel run
//! 8 (AVX2) or 16 (AVX-512) permutations per instruction.
//!
//! **Classic** ([`Permutations`], [`classic_signature`]): each shingle hash `h` is folded to
//! `x = (h ^ (h >> 32)) as u32`; permutation `k` maps it to `(a_k·x + b_k) mod 2^32` with
//! `a_k` odd (a bijection of the 32-bit values: datasketch 2.0's "affine32" family), and slot
//! `k` keeps the minimum over the document's shingles. `(a_k, b_k)` are successive outputs
//! of SplitMix64 seeded with `seed`.
//!
//! **Fast** ([`fast_signature`]): one-permutation hashing (Li, Owen and Zhang 2012) with
//! optimal densification (Shrivastava 2017). Each shingle hash is mixed with the seed
//! (the MurmurHash3 64-bit finalizer); the low 32 bits choose one of the K bins
//! (multiply-shift), the high 32 bits are the value, and each bin keeps its minimum. An
//! empty bin `i` then probes bins `j_1, j_2, …` (a fixed sequence from `(seed, i, t)`, the
//! same for every document) and copies the value of the first non-empty one plus `t·φ`,
//! so that values borrowed after different numbers of probes never collide. Two documents
//! collide in a slot with probability exactly their Jaccard similarity, as in classic
//! MinHash, so the estimator (share of equal slots) and LSH banding work unchanged; the
//! cost is one hash mix per shingle plus O(K²/m) probes for a document filling m < K bins.

use std::sync::OnceLock;

/// SplitMix64: the generator of the permutation parameters and densification probes.
#[inline]
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// MurmurHash3's 64-bit finalizer.
#[inline]
fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    k ^= k >> 33;
    k = k.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    k ^ (k >> 33)
}

/// The classic kernel processes this many permutations per pass over a document's shingles.
const LANES: usize = 32;

/// The `(a_k, b_k)` parameters of `num_perm` affine permutations, padded to whole lanes.
#[derive(Debug, Clone)]
pub struct Permutations {
    num_perm: usize,
    a: Vec<u32>,
    b: Vec<u32>,
}

impl Permutations {
    /// The permutations for `num_perm` slots (≥ 1) drawn from `seed`.
    pub fn new(num_perm: usize, seed: u64) -> Self {
        let padded = num_perm.div_ceil(LANES) * LANES;
        let mut state = seed;
        let (mut a, mut b) = (Vec::with_capacity(padded), Vec::with_capacity(padded));
        for _ in 0..num_perm {
            a.push(splitmix64(&mut state) as u32 | 1);
            b.push(splitmix64(&mut state) as u32);
        }
        a.resize(padded, 1);
        b.resize(padded, 0);
        Self { num_perm, a, b }
    }

    /// Number of slots.
    pub fn num_perm(&self) -> usize {
        self.num_perm
    }
}

/// Folds a 64-bit shingle hash to the 32-bit input of the affine permutations.
#[inline]
pub fn fold32(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

type Kernel = unsafe fn(&[u32], &[u32], &[u32], &mut [u32]);

/// Slot minima of `a·x + b` over `xs`, `LANES` permutations at a time so the running minima,
/// `a` and `b` stay in vector registers while the shingles stream past.
#[inline(always)]
fn affine_min(xs: &[u32], a: &[u32], b: &[u32], sig: &mut [u32]) {
    for ((s, a), b) in sig.chunks_exact_mut(LANES).zip(a.chunks_exact(LANES)).zip(b.chunks_exact(LANES)) {
        let a: [u32; LANES] = a.try_into().expect("whole lanes");
        let b: [u32; LANES] = b.try_into().expect("whole lanes");
        let mut acc: [u32; LANES] = (&*s).try_into().expect("whole lanes");
        for &x in xs {
            for l in 0..LANES {
                acc[l] = acc[l].min(a[l].wrapping_mul(x).wrapping_add(b[l]));
            }
        }
        s.copy_from_slice(&acc);
    }
}

unsafe fn affine_min_portable(xs: &[u32], a: &[u32], b: &[u32], sig: &mut [u32]) {
    affine_min(xs, a, b, sig)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn affine_min_avx2(xs: &[u32], a: &[u32], b: &[u32], sig: &mut [u32]) {
    affine_min(xs, a, b, sig)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn affine_min_avx512(xs: &[u32], a: &[u32], b: &[u32], sig: &mut [u32]) {
    affine_min(xs, a, b, sig)
}

/// The classic kernel for this CPU (AVX-512, AVX2 or portable), chosen once at run time.
fn kernel() -> Kernel {
    static KERNEL: OnceLock<Kernel> = OnceLock::new();
    *KERNEL.get_or_init(|| {
        #[cfg(target_arch = "x86_64")]
        {
            if std::env::var_os("SIFTQL_MINHASH_PORTABLE").is_none() {
                if is_x86_feature_detected!("avx512f") {
                    return affine_min_avx512;
                }
                if is_x86_feature_detected!("avx2") {
                    return affine_min_avx2;
                }
            }
        }
        affine_min_portable
    })
}

/// Reusable buffers for signing many documents.
#[derive(Debug, Default)]
pub struct SignScratch {
    folded: Vec<u32>,
    slots: Vec<u32>,
    filled: Vec<bool>,
}

/// Classic MinHash of the shingle hashes `hashes` (non-empty) into `out` (`num_perm` slots).
pub fn classic_signature(hashes: &[u64], perms: &Permutations, scratch: &mut SignScratch, out: &mut Vec<u32>) {
    scratch.folded.clear();
    scratch.folded.extend(hashes.iter().map(|&h| fold32(h)));
    scratch.slots.clear();
    scratch.slots.resize(perms.a.len(), u32::MAX);
    // SAFETY: `kernel()` only returns a target-feature function after detecting the feature.
    unsafe { kernel()(&scratch.folded, &perms.a, &perms.b, &mut scratch.slots) };
    out.extend_from_slice(&scratch.slots[..perms.num_perm]);
}

/// Golden-ratio offset added per densification probe, so borrowed values differ by probe count.
const PROBE_OFFSET: u32 = 0x9E37_79B9;

/// One-permutation MinHash with optimal densification of the shingle hashes `hashes`
/// (non-empty) into `out` (`num_perm` slots, ≥ 1).
pub fn fast_signature(hashes: &[u64], num_perm: usize, seed: u64, scratch: &mut SignScratch, out: &mut Vec<u32>) {
    let k = num_perm as u64;
    let key = fmix64(seed ^ 0x5EED_0F0F_A57_0001);
    let slots = &mut scratch.slots;
    let filled = &mut scratch.filled;
    slots.clear();
    slots.resize(num_perm, u32::MAX);
    filled.clear();
    filled.resize(num_perm, false);
    for &h in hashes {
        let m = fmix64(h ^ key);
        let bin = (((m as u32) as u64 * k) >> 32) as usize;
        let value = (m >> 32) as u32;
        filled[bin] = true;
        // Branch-free: whether a value lowers its bin's minimum is unpredictable.
        slots[bin] = slots[bin].min(value);
    }
    let base = out.len();
    out.extend_from_slice(slots);
    for i in 0..num_perm {
        if filled[i] {
            continue;
        }
        let mut state = key ^ ((i as u64) << 32);
        let mut probe = 1u32;
        loop {
            let j = (((splitmix64(&mut state) as u32) as u64 * k) >> 32) as usize;
            if filled[j] {
                out[base + i] = slots[j].wrapping_add(probe.wrapping_mul(PROBE_OFFSET));
                break;
            }
            probe = probe.wrapping_add(1);
        }
    }
}

/// The share of equal slots of two signatures of one length: the MinHash estimate of their
/// documents' Jaccard similarity. `None` if the lengths differ or are zero.
pub fn estimate_jaccard(a: &[u32], b: &[u32]) -> Option<f64> {
    if a.len() != b.len() || a.is_empty() {
        return None;
    }
    let equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
    Some(equal as f64 / a.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic pseudo-random u64 stream.
    fn stream(seed: u64) -> impl FnMut() -> u64 {
        let mut state = seed;
        move || splitmix64(&mut state)
    }

    fn classic(hashes: &[u64], num_perm: usize, seed: u64) -> Vec<u32> {
        let mut out = Vec::new();
        classic_signature(hashes, &Permutations::new(num_perm, seed), &mut SignScratch::default(), &mut out);
        out
    }

    fn fast(hashes: &[u64], num_perm: usize, seed: u64) -> Vec<u32> {
        let mut out = Vec::new();
        fast_signature(hashes, num_perm, seed, &mut SignScratch::default(), &mut out);
        out
    }

    #[test]
    fn classic_matches_the_scalar_definition() {
        let mut next = stream(7);
        let hashes: Vec<u64> = (0..300).map(|_| next()).collect();
        for num_perm in [1, 5, 32, 100, 128, 256] {
            let perms = Permutations::new(num_perm, 3);
            let expected: Vec<u32> = (0..num_perm)
                .map(|k| {
                    hashes.iter().map(|&h| perms.a[k].wrapping_mul(fold32(h)).wrapping_add(perms.b[k])).min().unwrap()
                })
                .collect();
            assert_eq!(classic(&hashes, num_perm, 3), expected, "num_perm {num_perm}");
        }
    }

    #[test]
    fn portable_and_vector_kernels_agree() {
        let mut next = stream(11);
        let xs: Vec<u32> = (0..1000).map(|_| next() as u32).collect();
        let perms = Permutations::new(128, 1);
        let mut portable = vec![u32::MAX; 128];
        unsafe { affine_min_portable(&xs, &perms.a, &perms.b, &mut portable) };
        let mut chosen = vec![u32::MAX; 128];
        unsafe { kernel()(&xs, &perms.a, &perms.b, &mut chosen) };
        assert_eq!(portable, chosen);
    }

    #[test]
    fn signatures_ignore_order_and_repetition_and_depend_on_seed() {
        let mut next = stream(5);
        let hashes: Vec<u64> = (0..50).map(|_| next()).collect();
        let mut shuffled: Vec<u64> = hashes.iter().rev().copied().collect();
        shuffled.extend_from_slice(&hashes[..10]);
        assert_eq!(classic(&hashes, 64, 1), classic(&shuffled, 64, 1));
        assert_eq!(fast(&hashes, 64, 1), fast(&shuffled, 64, 1));
        assert_ne!(classic(&hashes, 64, 1), classic(&hashes, 64, 2));
        assert_ne!(fast(&hashes, 64, 1), fast(&hashes, 64, 2));
    }

    #[test]
    fn fast_signature_of_one_shingle_fills_every_slot() {
        let sig = fast(&[42], 128, 1);
        assert_eq!(sig.len(), 128);
        // Every slot borrows the single bin's value with its probe offset: all distinct.
        let mut sorted = sig.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert!(sorted.len() > 100);
        assert_eq!(estimate_jaccard(&sig, &fast(&[42], 128, 1)), Some(1.0));
    }

    /// Pairs of sets with exact Jaccard `j`: `common` shared hashes plus `only` on each side.
    fn pair(next: &mut impl FnMut() -> u64, size: usize, j: f64) -> (Vec<u64>, Vec<u64>) {
        // |A ∩ B| = c, |A| = |B| = size, J = c / (2·size − c) → c = 2·size·J / (1 + J).
        let common = (2.0 * size as f64 * j / (1.0 + j)).round() as usize;
        let shared: Vec<u64> = (0..common).map(|_| next()).collect();
        let mut a = shared.clone();
        let mut b = shared;
        a.extend((common..size).map(|_| next()));
        b.extend((common..size).map(|_| next()));
        (a, b)
    }

    fn exact(a: &[u64], b: &[u64]) -> f64 {
        let sa: std::collections::HashSet<_> = a.iter().collect();
        let sb: std::collections::HashSet<_> = b.iter().collect();
        sa.intersection(&sb).count() as f64 / sa.union(&sb).count() as f64
    }

    /// Mean error and RMSE of the estimate over `pairs` random pairs at each Jaccard level.
    fn estimator_error(sign: impl Fn(&[u64]) -> Vec<u32>, size: usize, j: f64, pairs: usize) -> (f64, f64, f64) {
        let mut next = stream(size as u64 * 1000 + (j * 100.0) as u64);
        let (mut sum, mut sq, mut truth) = (0.0, 0.0, 0.0);
        for _ in 0..pairs {
            let (a, b) = pair(&mut next, size, j);
            let t = exact(&a, &b);
            let e = estimate_jaccard(&sign(&a), &sign(&b)).unwrap() - t;
            sum += e;
            sq += e * e;
            truth += t;
        }
        let n = pairs as f64;
        (sum / n, (sq / n).sqrt(), truth / n)
    }

    /// The estimators are unbiased and their RMSE is within 10% of √(J(1−J)/K) (classic) or
    /// at most that (one-permutation hashing samples without replacement, so it is lower).
    #[test]
    fn jaccard_estimates_are_unbiased_with_theoretical_rmse() {
        let k = 128;
        for &(size, j) in &[(500, 0.8), (500, 0.5), (2000, 0.9), (300, 0.3), (60, 0.8)] {
            let pairs = 2000;
            let theory = |t: f64| (t * (1.0 - t) / k as f64).sqrt();
            let (bias, rmse, t) = estimator_error(|h| classic(h, k, 1), size, j, pairs);
            assert!(bias.abs() < 0.004, "classic bias {bias} at J={t} size {size}");
            assert!((rmse / theory(t) - 1.0).abs() < 0.10, "classic rmse {rmse} vs {} at J={t}", theory(t));
            let (bias, rmse, t) = estimator_error(|h| fast(h, k, 1), size, j, pairs);
            assert!(bias.abs() < 0.004, "fast bias {bias} at J={t} size {size}");
            assert!(rmse < theory(t) * 1.10, "fast rmse {rmse} vs {} at J={t} size {size}", theory(t));
        }
    }
}
