//! `GopherRepetitionFilter` of datatrove 0.10.1
//! (`datatrove/pipeline/filters/gopher_repetition_filter.py`, Apache-2.0), re-implemented.
//!
//! `L = len(text)` (code points of the raw text) is the denominator of every character
//! fraction. Rules in datatrove's order (first failing one is the reason):
//!
//! | # | rule (default) | reason |
//! |---|---|---|
//! | 0 | empty text | `empty` |
//! | 1 | paragraphs = `re.split(r"\n{2,}", text.strip())`; duplicate paragraphs / paragraphs > 0.3 | `dup_para_frac` |
//! | 2 | duplicate-paragraph characters / L > 0.2 | `dup_para_char_frac` |
//! | 3 | lines = `re.split("\n+", text)`; duplicate lines / lines > 0.3 | `dup_line_frac` |
//! | 4 | duplicate-line characters / L > 0.2 | `dup_line_char_frac` |
//! | 5 | for (n, t) in (2, .20), (3, .18), (4, .16): top n-gram chars / L > t | `top_{n}_gram` |
//! | 6 | for (n, t) in (5, .15) … (10, .10): duplicated n-gram chars / L > t | `duplicated_{n}_n_grams` |
//!
//! * duplicates (`find_duplicates`): every element equal to an earlier one counts once and
//!   adds its length; first occurrences do not count.
//! * top n-gram (`find_top_duplicate`): n-grams are the `" "`-joined overlapping windows of
//!   the words; the most frequent one (ties: the one occurring first) scores
//!   `len(joined) * count`, **also when the count is 1**.
//! * duplicated n-grams (`find_all_duplicate`): scan positions `i` from 0 while
//!   `i <= n_words - n`; key = the n words joined with `""` (so `ab`+`c` equals `a`+`bc`);
//!   if the key was seen, add `len(key)` and jump `i += n` (the skipped windows are not
//!   inserted), else insert it and `i += 1`.
//!
//! Words are the tokens of datatrove's `split_into_words(text, "eng")`. All statistics are
//! computed for every non-empty document (no short-circuit). For the empty text only
//! `text_len` (0) is meaningful: counts are 0, every ratio and top n-gram is `None`.
//!
//! Implementation (exact, single pass per n): words are interned to ids; top n-grams are
//! counted on id tuples (equal to `" "`-join equality when no word is empty or contains a
//! space, else on hashes of the joined strings), only at positions whose two (n-1)-grams
//! occur twice (tuple nesting) and whose key a two-bit filter flags as possibly repeated;
//! `""`-joined keys use a polynomial hash (mod 2^61-1) of the joined string, O(1) per
//! window from prefix hashes, and are only looked up where 16-byte keys at both window
//! boundaries may repeat. Every hash hit is verified (ids, else the joined strings), so
//! hash collisions can only cost time. Memory is O(words); documents of several MB are
//! cache-bound (about 3 s for a 10 MB document on a contended core).

use std::collections::HashSet;

use crate::text::python_unicode::{char_len, strip};

/// `GopherRepetitionFilter` settings; `Default` = datatrove 0.10.1 defaults.
/// A `None` or zero fraction disables its rule (Python truthiness).
#[derive(Debug, Clone, PartialEq)]
pub struct GopherRepetitionConfig {
    /// Maximum fraction of duplicated lines (`dup_line_frac`, default 0.3).
    pub dup_line_frac: Option<f64>,
    /// Maximum fraction of duplicated paragraphs (`dup_para_frac`, default 0.3).
    pub dup_para_frac: Option<f64>,
    /// Maximum characters in duplicated lines / text length (`dup_line_char_frac`, default 0.2).
    pub dup_line_char_frac: Option<f64>,
    /// Maximum characters in duplicated paragraphs / text length (`dup_para_char_frac`, default 0.2).
    pub dup_para_char_frac: Option<f64>,
    /// `(n, max fraction)` of the top-n-gram rules, checked in this order
    /// (`top_n_grams`, default `[(2, 0.2), (3, 0.18), (4, 0.16)]`).
    pub top_n_grams: Vec<(usize, f64)>,
    /// `(n, max fraction)` of the duplicated-n-gram rules, checked in this order
    /// (`dup_n_grams`, default `[(5, .15), (6, .14), (7, .13), (8, .12), (9, .11), (10, .10)]`).
    pub dup_n_grams: Vec<(usize, f64)>,
}

impl Default for GopherRepetitionConfig {
    fn default() -> Self {
        Self {
            dup_line_frac: Some(0.3),
            dup_para_frac: Some(0.3),
            dup_line_char_frac: Some(0.2),
            dup_para_char_frac: Some(0.2),
            top_n_grams: vec![(2, 0.2), (3, 0.18), (4, 0.16)],
            dup_n_grams: vec![
                (5, 0.15),
                (6, 0.14),
                (7, 0.13),
                (8, 0.12),
                (9, 0.11),
                (10, 0.10),
            ],
        }
    }
}

/// The most frequent n-gram (oracle `top_{n}_gram`).
#[derive(Debug, Clone, PartialEq)]
pub struct TopNGram {
    /// `n`.
    pub n: usize,
    /// The n-gram, words joined with `" "`.
    pub ngram: String,
    /// Its number of (overlapping) occurrences.
    pub count: usize,
    /// `len(ngram) * count` (code points, joining spaces included).
    pub chars: usize,
    /// `chars / text_len`.
    pub frac: f64,
}

/// Duplicated n-gram characters (oracle `dup_{n}_gram_chars`, `dup_{n}_gram_frac`).
#[derive(Debug, Clone, PartialEq)]
pub struct DupNGram {
    /// `n`.
    pub n: usize,
    /// `find_all_duplicate(words, n)`.
    pub chars: usize,
    /// `chars / text_len`; `None` for the empty text.
    pub frac: Option<f64>,
}

/// Verdict and statistics; field names are the oracle's.
#[derive(Debug, Clone, PartialEq)]
pub struct GopherRepetitionResult {
    /// True iff no rule fired.
    pub pass: bool,
    /// datatrove's reason string of the first failing rule.
    pub reason: Option<&'static str>,
    /// `len(text)` in code points.
    pub text_len: usize,
    /// Number of paragraphs (`re.split(r"\n{2,}", text.strip())`).
    pub n_paragraphs: usize,
    /// Paragraphs equal to an earlier paragraph.
    pub n_dup_paragraphs: usize,
    /// `n_dup_paragraphs / n_paragraphs`.
    pub dup_para_frac: Option<f64>,
    /// Code points of the duplicate paragraphs.
    pub dup_para_chars: usize,
    /// `dup_para_chars / text_len`.
    pub dup_para_char_frac: Option<f64>,
    /// Number of lines (`re.split("\n+", text)`).
    pub n_lines: usize,
    /// Lines equal to an earlier line.
    pub n_dup_lines: usize,
    /// `n_dup_lines / n_lines`.
    pub dup_line_frac: Option<f64>,
    /// Code points of the duplicate lines.
    pub dup_line_chars: usize,
    /// `dup_line_chars / text_len`.
    pub dup_line_char_frac: Option<f64>,
    /// Number of words.
    pub n_words: usize,
    /// One entry per configured top-n-gram rule, in order; `None` when there are fewer than n words.
    pub top_n_grams: Vec<Option<TopNGram>>,
    /// One entry per configured duplicated-n-gram rule, in order.
    pub dup_n_grams: Vec<DupNGram>,
}

impl GopherRepetitionResult {
    /// The `top_{n}_gram` statistic, if `n` is configured and there are at least `n` words.
    pub fn top_gram(&self, n: usize) -> Option<&TopNGram> {
        self.top_n_grams.iter().flatten().find(|t| t.n == n)
    }

    /// The `dup_{n}_gram_*` statistics, if `n` is configured.
    pub fn dup_gram(&self, n: usize) -> Option<&DupNGram> {
        self.dup_n_grams.iter().find(|d| d.n == n)
    }
}

type FastSet<'a> = HashSet<&'a str, foldhash::fast::FixedState>;

/// `find_duplicates`: (duplicate elements, their code points).
fn find_duplicates<'a>(
    items: impl Iterator<Item = &'a str>,
    set: &mut FastSet<'a>,
) -> (usize, usize, usize) {
    set.clear();
    let (mut n, mut dup, mut chars) = (0usize, 0usize, 0usize);
    for it in items {
        n += 1;
        if !set.insert(it) {
            dup += 1;
            chars += char_len(it);
        }
    }
    (n, dup, chars)
}

/// `re.split(r"\n{min,}", s)` for min = 1 or 2.
fn split_newline_runs(s: &str, min: usize) -> impl Iterator<Item = &str> {
    let b = s.as_bytes();
    let mut start = 0usize;
    let mut i = 0usize;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        while i < b.len() {
            if b[i] == b'\n' {
                let run_start = i;
                while i < b.len() && b[i] == b'\n' {
                    i += 1;
                }
                if i - run_start >= min {
                    let piece = &s[start..run_start];
                    start = i;
                    return Some(piece);
                }
            } else {
                i += 1;
            }
        }
        done = true;
        Some(&s[start..])
    })
}

// ---- exact n-gram keys -------------------------------------------------------------
//
// Words are interned to ids (equal ids <=> equal strings, verified). With no empty word
// and no word containing a space, `" ".join` equality of n-grams is tuple equality, so the
// top n-grams are counted on id tuples. The `"".join` keys of the
// duplicated n-grams (where `ab`+`c` == `a`+`bc`) use a polynomial hash (mod 2^61 - 1) of
// the joined string, O(1) per window from prefix hashes; every hash hit is verified by
// comparing ids and, if they differ, the joined strings, so results are exact. A two-bitset
// filter first finds the windows whose key may repeat; the others need no table entry.

const MOD: u64 = (1 << 61) - 1;
const BASE: u64 = 0x0005_deec_e66d_1234 % MOD;
const POW_TABLE: usize = 1024;

#[inline]
const fn mulmod(a: u64, b: u64) -> u64 {
    reduce((a as u128) * (b as u128))
}

/// `x mod (2^61 - 1)` for `x < 2^122`.
#[inline]
const fn reduce(x: u128) -> u64 {
    let r = ((x as u64) & MOD) as u128 + (x >> 61);
    let r = ((r as u64) & MOD) + ((r >> 61) as u64);
    if r >= MOD { r - MOD } else { r }
}

#[inline]
const fn addmod(a: u64, b: u64) -> u64 {
    let r = a + b;
    if r >= MOD { r - MOD } else { r }
}

#[inline]
const fn submod(a: u64, b: u64) -> u64 {
    if a >= b { a - b } else { a + MOD - b }
}

/// `BASE^k` for `k < POW_TABLE`.
static POWS: [u64; POW_TABLE] = {
    let mut t = [1u64; POW_TABLE];
    let mut k = 1;
    while k < POW_TABLE {
        t[k] = mulmod(t[k - 1], BASE);
        k += 1;
    }
    t
};

#[inline]
fn pow(k: usize) -> u64 {
    if k < POW_TABLE {
        POWS[k]
    } else {
        let (mut r, mut b, mut e) = (1u64, BASE, k);
        while e > 0 {
            if e & 1 == 1 {
                r = mulmod(r, b);
            }
            b = mulmod(b, b);
            e >>= 1;
        }
        r
    }
}

/// Polynomial hash `sum (b_k + 1) * BASE^(len-1-k)` of a byte string.
#[inline]
fn bytes_hash(w: &[u8]) -> u64 {
    if w.len() < POW_TABLE {
        // independent products, one reduction (each term < 2^70, at most 1023 terms)
        let top = w.len().wrapping_sub(1);
        let mut acc = 0u128;
        for (k, &b) in w.iter().enumerate() {
            acc += ((b as u64 + 1) as u128) * (POWS[top - k] as u128);
        }
        reduce(acc)
    } else {
        w.iter()
            .fold(0u64, |x, &b| addmod(mulmod(x, BASE), b as u64 + 1))
    }
}

#[inline]
fn mix(h: u64) -> u64 {
    h.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Per-word ids and prefix hashes of the word stream joined with `""` (`p0`) and with a
/// space before every word (`ps`), byte and code-point prefix sums.
struct Prefix {
    ids: Vec<u32>,
    /// the word at each position occurs at least twice
    word_repeated: Vec<bool>,
    p0: Vec<u64>,
    ps: Vec<u64>,
    bytes: Vec<usize>,
    chars: Vec<usize>,
    /// some word contains a space or is empty: `" "`-joined equality is then not tuple equality
    irregular: bool,
}

impl Prefix {
    fn new(words: &[&str]) -> Self {
        let n = words.len();
        let mut ids = Vec::with_capacity(n);
        let (mut p0, mut ps) = (Vec::with_capacity(n + 1), Vec::with_capacity(n + 1));
        let (mut bytes, mut chars) = (Vec::with_capacity(n + 1), Vec::with_capacity(n + 1));
        let (mut h0, mut hs, mut nb, mut nc) = (0u64, 0u64, 0usize, 0usize);
        let mut irregular = false;
        p0.push(0);
        ps.push(0);
        bytes.push(0);
        chars.push(0);
        // intern table of distinct words: the id of a word is its order of first occurrence
        let mut intern = GramTable::new();
        intern.reset(n);
        for (wi, w) in words.iter().enumerate() {
            let wb = w.as_bytes();
            let x = bytes_hash(wb);
            let c = char_len(w);
            irregular |= wb.is_empty() || wb.contains(&b' ');
            let pw = pow(wb.len());
            h0 = addmod(mulmod(h0, pw), x);
            hs = addmod(mulmod(addmod(mulmod(hs, BASE), b' ' as u64 + 1), pw), x);
            nb += wb.len();
            nc += c;
            p0.push(h0);
            ps.push(hs);
            bytes.push(nb);
            chars.push(nc);
            let (id, _) = intern.find_or_insert(x, wi, |p| words[p] == *w);
            intern.count[id] += 1;
            ids.push(id as u32);
        }
        let word_repeated = ids
            .iter()
            .map(|&id| intern.count[id as usize] >= 2)
            .collect();
        Self {
            ids,
            word_repeated,
            p0,
            ps,
            bytes,
            chars,
            irregular,
        }
    }

    /// Hash of `"".join(words[i..i + n])`.
    #[inline]
    fn hash0(&self, i: usize, n: usize) -> u64 {
        let len = self.bytes[i + n] - self.bytes[i];
        submod(self.p0[i + n], mulmod(self.p0[i], pow(len)))
    }

    /// Hash of `" " + " ".join(words[i..i + n])`.
    #[inline]
    fn hash_sp(&self, i: usize, n: usize) -> u64 {
        let len = self.bytes[i + n] - self.bytes[i] + n;
        submod(self.ps[i + n], mulmod(self.ps[i], pow(len)))
    }

    /// Code points of `"".join(words[i..i + n])`.
    #[inline]
    fn chars(&self, i: usize, n: usize) -> usize {
        self.chars[i + n] - self.chars[i]
    }

    /// `sep.join(words[p..p + n]) == sep.join(words[i..i + n])` with `sep` = `" "` if `spaced`, else `""`.
    #[inline]
    fn joined_eq(&self, words: &[&str], p: usize, i: usize, n: usize, spaced: bool) -> bool {
        if self.ids[p..p + n] == self.ids[i..i + n] {
            return true;
        }
        if self.bytes[p + n] - self.bytes[p] != self.bytes[i + n] - self.bytes[i] {
            return false;
        }
        let (a, b) = (&words[p..p + n], &words[i..i + n]);
        if spaced {
            a.join(" ") == b.join(" ")
        } else {
            a.iter()
                .flat_map(|w| w.bytes())
                .eq(b.iter().flat_map(|w| w.bytes()))
        }
    }
}

const EMPTY: u32 = u32::MAX;

/// Open-addressing (linear probing) table of distinct n-grams, keyed by hash; every hash
/// hit is verified by the caller's equality test. Entries (first position, count) are
/// numbered densely in insertion order; the table grows when half full.
struct GramTable {
    /// (hash, entry), entry `EMPTY` = free slot
    slots: Vec<(u64, u32)>,
    mask: usize,
    pos: Vec<u32>,
    count: Vec<u32>,
}

impl GramTable {
    fn new() -> Self {
        Self {
            slots: Vec::new(),
            mask: 0,
            pos: Vec::new(),
            count: Vec::new(),
        }
    }

    /// Empty the table, sized for up to `n_keys` keys (capped; it grows on demand).
    fn reset(&mut self, n_keys: usize) {
        let cap = (n_keys.clamp(4, 1 << 16) * 2).next_power_of_two();
        self.slots.clear();
        self.slots.resize(cap, (0, EMPTY));
        self.mask = cap - 1;
        self.pos.clear();
        self.count.clear();
    }

    #[inline]
    fn start(&self, h: u64) -> usize {
        (mix(h) >> 20) as usize & self.mask
    }

    fn grow(&mut self) {
        let cap = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![(0, EMPTY); cap]);
        self.mask = cap - 1;
        for (h, e) in old {
            if e != EMPTY {
                let mut s = self.start(h);
                while self.slots[s].1 != EMPTY {
                    s = (s + 1) & self.mask;
                }
                self.slots[s] = (h, e);
            }
        }
    }

    /// Entry of the key at position `i` with hash `h`, where `same(p)` tells whether the
    /// key at position `p` equals it; inserted (count 0) if absent. Returns (entry, was present).
    #[inline]
    fn find_or_insert(&mut self, h: u64, i: usize, same: impl Fn(usize) -> bool) -> (usize, bool) {
        let mut s = self.start(h);
        loop {
            let (sh, e) = self.slots[s];
            if e == EMPTY {
                if (self.pos.len() + 1) * 2 > self.slots.len() {
                    self.grow();
                    s = self.start(h);
                    while self.slots[s].1 != EMPTY {
                        s = (s + 1) & self.mask;
                    }
                }
                let e = self.pos.len();
                self.slots[s] = (h, e as u32);
                self.pos.push(i as u32);
                self.count.push(0);
                return (e, false);
            }
            if sh == h && same(self.pos[e as usize] as usize) {
                return (e as usize, true);
            }
            s = (s + 1) & self.mask;
        }
    }
}

/// Two-bitset filter telling which window keys may occur more than once: a window whose
/// key is not flagged is unique in the document, so it can neither be counted twice nor
/// be "seen" (it needs no table entry).
struct RepeatFilter {
    /// 2 bits per cell ("seen once", "seen twice"), interleaved: one memory access per operation
    cells: Vec<u64>,
    shift: u32,
}

impl RepeatFilter {
    fn new() -> Self {
        Self {
            cells: Vec::new(),
            shift: 63,
        }
    }

    /// Empty the filter, sized for `n_windows` keys: 16 cells per key for small inputs,
    /// 4 for large ones (memory traffic dominates there).
    fn reset(&mut self, n_windows: usize) {
        let per_key = if n_windows > 1 << 16 { 4 } else { 16 };
        let cells = (n_windows.max(32) * per_key).next_power_of_two();
        self.cells.clear();
        self.cells.resize(cells / 32, 0);
        self.shift = 64 - cells.trailing_zeros();
    }

    #[inline]
    fn cell(&self, h: u64) -> (usize, u32) {
        let c = (h.wrapping_mul(0xc2b2_ae3d_27d4_eb4f) >> self.shift) as usize;
        (c >> 5, ((c & 31) * 2) as u32)
    }

    #[inline]
    fn add(&mut self, h: u64) {
        let (w, sh) = self.cell(h);
        let v = self.cells[w];
        // once -> once + twice; else once
        self.cells[w] = v | (1 << sh) | ((v >> sh) & 1) << (sh + 1);
    }

    #[inline]
    fn maybe_repeated(&self, h: u64) -> bool {
        let (w, sh) = self.cell(h);
        (self.cells[w] >> (sh + 1)) & 1 != 0
    }
}

/// Reusable buffers of one [`ngram_stats`] call.
struct Scratch {
    table: GramTable,
    filter: RepeatFilter,
    hashes: Vec<u64>,
    cand: Vec<u32>,
    slots: Vec<u32>,
}

/// Hash of a tuple of word ids.
#[inline]
fn ids_hash(ids: &[u32]) -> u64 {
    let mut h = 0x243f_6a88_85a3_08d3u64;
    for &id in ids {
        h = (h ^ id as u64)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(23);
    }
    h
}

/// Top n-gram (`Counter(get_n_grams(words, n)).most_common(1)`). Only positions flagged in
/// `prev_repeated` (all when `None`) whose key may repeat are counted; every other
/// position's n-gram occurs once. Returns the top (first position, count) and, per
/// position, whether its n-gram occurs at least twice.
fn top_ngram_counts(
    words: &[&str],
    pre: &Prefix,
    n: usize,
    prev_repeated: Option<&[bool]>,
    sc: &mut Scratch,
) -> ((usize, usize), Vec<bool>) {
    let n_grams = words.len() - n + 1;
    let by_ids = !pre.irregular;
    // nesting: an n-gram occurring twice is made of two (n-1)-grams occurring twice
    let nested = |i: usize| prev_repeated.is_none_or(|r| r[i] && r[i + 1]);
    sc.hashes.clear();
    sc.hashes.resize(n_grams, 0);
    sc.filter.reset(n_grams);
    for i in 0..n_grams {
        if nested(i) {
            let h = if by_ids {
                ids_hash(&pre.ids[i..i + n])
            } else {
                pre.hash_sp(i, n)
            };
            sc.hashes[i] = h;
            sc.filter.add(h);
        }
    }
    sc.cand.clear();
    for i in 0..n_grams {
        if nested(i) && sc.filter.maybe_repeated(sc.hashes[i]) {
            sc.cand.push(i as u32);
        }
    }
    sc.table.reset(sc.cand.len());
    sc.slots.clear();
    for &i in &sc.cand {
        let i = i as usize;
        let (e, _) = if by_ids {
            let ids = &pre.ids;
            sc.table
                .find_or_insert(sc.hashes[i], i, |p| ids[p..p + n] == ids[i..i + n])
        } else {
            sc.table
                .find_or_insert(sc.hashes[i], i, |p| pre.joined_eq(words, p, i, n, true))
        };
        sc.table.count[e] += 1;
        sc.slots.push(e as u32);
    }
    let (mut best_count, mut best_first) = (1u32, 0usize);
    let mut repeated = vec![false; n_grams];
    for (&i, &e) in sc.cand.iter().zip(&sc.slots) {
        let count = sc.table.count[e as usize];
        if count >= 2 {
            repeated[i as usize] = true;
            let first = sc.table.pos[e as usize] as usize;
            if count > best_count || (count == best_count && first < best_first) {
                best_count = count;
                best_first = first;
            }
        }
    }
    ((best_first, best_count as usize), repeated)
}

/// Byte length of the boundary keys of [`BoundaryRepeats`].
const KEY_BYTES: usize = 16;

/// Necessary condition for a `"".join` n-gram to occur twice, shared by every n: with
/// `Z = "".join(words)` and word boundaries at byte offsets `o_0 < o_1 < ...` (no empty
/// word), if the windows at `i != j` join to the same string `K` of at least `KEY_BYTES`
/// bytes, then `Z[o_i..o_i + 16]` occurs at two boundaries (prefix of `K`) and
/// `Z[o_(i+n) - 16..o_(i+n)]` occurs at two boundaries (suffix of `K`). `start[b]`/`end[b]`
/// flag boundaries whose 16-byte key may occur at another boundary (two-bitset filter).
struct BoundaryRepeats {
    start: Vec<bool>,
    end: Vec<bool>,
}

impl BoundaryRepeats {
    fn new(words: &[&str], pre: &Prefix, filter: &mut RepeatFilter) -> Self {
        let mut z = Vec::with_capacity(*pre.bytes.last().unwrap_or(&0));
        for w in words {
            z.extend_from_slice(w.as_bytes());
        }
        let key = |o: usize| -> u64 {
            let a = u64::from_le_bytes(z[o..o + 8].try_into().unwrap());
            let b = u64::from_le_bytes(z[o + 8..o + 16].try_into().unwrap());
            let h = (a ^ b.rotate_left(32).wrapping_mul(0xff51_afd7_ed55_8ccd))
                .wrapping_mul(0xc4ce_b9fe_1a85_ec53);
            h ^ (h >> 29)
        };
        let nb = words.len() + 1;
        let flags = |filter: &mut RepeatFilter, at: &dyn Fn(usize) -> Option<usize>| -> Vec<bool> {
            filter.reset(nb);
            for b in 0..nb {
                if let Some(o) = at(b) {
                    filter.add(key(o));
                }
            }
            (0..nb)
                .map(|b| at(b).is_some_and(|o| filter.maybe_repeated(key(o))))
                .collect()
        };
        let start = flags(filter, &|b| {
            let o = pre.bytes[b];
            (o + KEY_BYTES <= z.len()).then_some(o)
        });
        let end = flags(filter, &|b| {
            let o = pre.bytes[b];
            (o >= KEY_BYTES).then(|| o - KEY_BYTES)
        });
        Self { start, end }
    }
}

/// `find_all_duplicate(words, n)`.
fn find_all_duplicate(
    words: &[&str],
    pre: &Prefix,
    n: usize,
    bounds: Option<&BoundaryRepeats>,
    sc: &mut Scratch,
) -> usize {
    if n == 0 || words.len() < n {
        return 0;
    }
    let last = words.len() - n; // idx < n_words - n + 1
    // a window whose key is unique is never seen and never matched later: it needs no entry
    let mut chars = 0usize;
    let mut i = 0usize;
    if let Some(bounds) = bounds {
        sc.table.reset(last + 1);
        while i <= last {
            let short = pre.bytes[i + n] - pre.bytes[i] < KEY_BYTES;
            if (short || (bounds.start[i] && bounds.end[i + n]))
                && sc
                    .table
                    .find_or_insert(pre.hash0(i, n), i, |p| pre.joined_eq(words, p, i, n, false))
                    .1
            {
                chars += pre.chars(i, n);
                i += n;
            } else {
                i += 1;
            }
        }
        return chars;
    }
    sc.hashes.clear();
    sc.filter.reset(last + 1);
    for i in 0..=last {
        let h = pre.hash0(i, n);
        sc.hashes.push(h);
        sc.filter.add(h);
    }
    let n_cand = sc
        .hashes
        .iter()
        .filter(|&&h| sc.filter.maybe_repeated(h))
        .count();
    sc.table.reset(n_cand);
    while i <= last {
        let h = sc.hashes[i];
        if sc.filter.maybe_repeated(h)
            && sc
                .table
                .find_or_insert(h, i, |p| pre.joined_eq(words, p, i, n, false))
                .1
        {
            chars += pre.chars(i, n);
            i += n;
        } else {
            i += 1;
        }
    }
    chars
}

fn ngram_stats(
    words: &[&str],
    cfg: &GopherRepetitionConfig,
    text_len: usize,
) -> (Vec<Option<TopNGram>>, Vec<DupNGram>) {
    let pre = Prefix::new(words);
    let mut sc = Scratch {
        table: GramTable::new(),
        filter: RepeatFilter::new(),
        hashes: Vec::new(),
        cand: Vec::new(),
        slots: Vec::new(),
    };
    // an n-gram occurring twice consists of (n-1)-grams occurring twice (tuple nesting;
    // valid when " ".join equality is tuple equality); level 1 = repeated words
    let mut prev: Option<(usize, Vec<bool>)> =
        (!pre.irregular).then(|| (1, pre.word_repeated.clone()));
    let mut tops = Vec::with_capacity(cfg.top_n_grams.len());
    for &(n, _) in &cfg.top_n_grams {
        if n == 0 || words.len() < n {
            tops.push(None);
            continue;
        }
        let prev_repeated = match &prev {
            Some((pn, rep)) if *pn + 1 == n && !pre.irregular => Some(rep.as_slice()),
            _ => None,
        };
        let ((first, count), repeated) = top_ngram_counts(words, &pre, n, prev_repeated, &mut sc);
        let chars = (pre.chars(first, n) + n - 1) * count;
        tops.push(Some(TopNGram {
            n,
            ngram: words[first..first + n].join(" "),
            count,
            chars,
            frac: chars as f64 / text_len as f64,
        }));
        prev = Some((n, repeated));
    }
    // boundary keys need non-empty words (distinct boundaries = distinct offsets)
    let bounds = (!cfg.dup_n_grams.is_empty() && !pre.irregular)
        .then(|| BoundaryRepeats::new(words, &pre, &mut sc.filter));
    let dups = cfg
        .dup_n_grams
        .iter()
        .map(|&(n, _)| {
            let chars = find_all_duplicate(words, &pre, n, bounds.as_ref(), &mut sc);
            DupNGram {
                n,
                chars,
                frac: Some(chars as f64 / text_len as f64),
            }
        })
        .collect();
    (tops, dups)
}

#[inline]
fn on(t: Option<f64>) -> Option<f64> {
    t.filter(|&v| v != 0.0)
}

/// Apply `GopherRepetitionFilter` with `cfg` to `text` whose tokens are `words`.
pub fn gopher_repetition(
    text: &str,
    words: &[&str],
    cfg: &GopherRepetitionConfig,
) -> GopherRepetitionResult {
    let text_len = char_len(text);
    if text_len == 0 {
        return GopherRepetitionResult {
            pass: false,
            reason: Some("empty"),
            text_len: 0,
            n_paragraphs: 0,
            n_dup_paragraphs: 0,
            dup_para_frac: None,
            dup_para_chars: 0,
            dup_para_char_frac: None,
            n_lines: 0,
            n_dup_lines: 0,
            dup_line_frac: None,
            dup_line_chars: 0,
            dup_line_char_frac: None,
            n_words: words.len(),
            top_n_grams: cfg.top_n_grams.iter().map(|_| None).collect(),
            dup_n_grams: cfg
                .dup_n_grams
                .iter()
                .map(|&(n, _)| DupNGram {
                    n,
                    chars: 0,
                    frac: None,
                })
                .collect(),
        };
    }
    let l = text_len as f64;
    let mut set: FastSet<'_> = HashSet::with_hasher(foldhash::fast::FixedState::default());
    let (n_par, par_dup, par_chars) = find_duplicates(split_newline_runs(strip(text), 2), &mut set);
    let (n_lines, line_dup, line_chars) = find_duplicates(split_newline_runs(text, 1), &mut set);
    drop(set);

    let (top_n_grams, dup_n_grams) = ngram_stats(words, cfg, text_len);

    let dup_para_frac = par_dup as f64 / n_par as f64;
    let dup_para_char_frac = par_chars as f64 / l;
    let dup_line_frac = line_dup as f64 / n_lines as f64;
    let dup_line_char_frac = line_chars as f64 / l;
    let gt = |v: f64, t: Option<f64>| on(t).is_some_and(|t| v > t);
    let mut reason: Option<&'static str> = if gt(dup_para_frac, cfg.dup_para_frac) {
        Some("dup_para_frac")
    } else if gt(dup_para_char_frac, cfg.dup_para_char_frac) {
        Some("dup_para_char_frac")
    } else if gt(dup_line_frac, cfg.dup_line_frac) {
        Some("dup_line_frac")
    } else if gt(dup_line_char_frac, cfg.dup_line_char_frac) {
        Some("dup_line_char_frac")
    } else {
        None
    };
    if reason.is_none() {
        for (&(n, t), top) in cfg.top_n_grams.iter().zip(&top_n_grams) {
            if top.as_ref().is_some_and(|top| top.frac > t) {
                reason = Some(top_reason(n));
                break;
            }
        }
    }
    if reason.is_none() {
        for (&(n, t), d) in cfg.dup_n_grams.iter().zip(&dup_n_grams) {
            if d.frac.is_some_and(|f| f > t) {
                reason = Some(dup_reason(n));
                break;
            }
        }
    }
    GopherRepetitionResult {
        pass: reason.is_none(),
        reason,
        text_len,
        n_paragraphs: n_par,
        n_dup_paragraphs: par_dup,
        dup_para_frac: Some(dup_para_frac),
        dup_para_chars: par_chars,
        dup_para_char_frac: Some(dup_para_char_frac),
        n_lines,
        n_dup_lines: line_dup,
        dup_line_frac: Some(dup_line_frac),
        dup_line_chars: line_chars,
        dup_line_char_frac: Some(dup_line_char_frac),
        n_words: words.len(),
        top_n_grams,
        dup_n_grams,
    }
}

/// `f"top_{n}_gram"` as a `'static` string (n > 20 share a generic name).
fn top_reason(n: usize) -> &'static str {
    const R: [&str; 21] = [
        "top_0_gram",
        "top_1_gram",
        "top_2_gram",
        "top_3_gram",
        "top_4_gram",
        "top_5_gram",
        "top_6_gram",
        "top_7_gram",
        "top_8_gram",
        "top_9_gram",
        "top_10_gram",
        "top_11_gram",
        "top_12_gram",
        "top_13_gram",
        "top_14_gram",
        "top_15_gram",
        "top_16_gram",
        "top_17_gram",
        "top_18_gram",
        "top_19_gram",
        "top_20_gram",
    ];
    R.get(n).copied().unwrap_or("top_n_gram")
}

/// `f"duplicated_{n}_n_grams"` as a `'static` string (n > 20 share a generic name).
fn dup_reason(n: usize) -> &'static str {
    const R: [&str; 21] = [
        "duplicated_0_n_grams",
        "duplicated_1_n_grams",
        "duplicated_2_n_grams",
        "duplicated_3_n_grams",
        "duplicated_4_n_grams",
        "duplicated_5_n_grams",
        "duplicated_6_n_grams",
        "duplicated_7_n_grams",
        "duplicated_8_n_grams",
        "duplicated_9_n_grams",
        "duplicated_10_n_grams",
        "duplicated_11_n_grams",
        "duplicated_12_n_grams",
        "duplicated_13_n_grams",
        "duplicated_14_n_grams",
        "duplicated_15_n_grams",
        "duplicated_16_n_grams",
        "duplicated_17_n_grams",
        "duplicated_18_n_grams",
        "duplicated_19_n_grams",
        "duplicated_20_n_grams",
    ];
    R.get(n).copied().unwrap_or("duplicated_n_n_grams")
}

#[cfg(test)]
mod oracle_tests {
    use super::*;

    #[test]
    fn oracle_gr_worked() {
        // expected values: datatrove 0.10.1 via oracle_datatrove.py on this text
        let text = "one two three four five six seven. one two three four five six seven! x y";
        let words: &[&str] = &[
            "one", "two", "three", "four", "five", "six", "seven", ".", "one", "two", "three",
            "four", "five", "six", "seven", "!", "x", "y",
        ];
        let r = gopher_repetition(text, words, &GopherRepetitionConfig::default());
        assert_eq!((r.pass, r.reason), (false, Some("top_3_gram")));
        assert_eq!(r.text_len, 73);
        assert_eq!(r.n_paragraphs, 1);
        assert_eq!(r.n_dup_paragraphs, 0);
        assert_eq!(r.dup_para_chars, 0);
        assert_eq!(r.n_lines, 1);
        assert_eq!(r.n_dup_lines, 0);
        assert_eq!(r.dup_line_chars, 0);
        assert_eq!(r.n_words, 18);
        assert_eq!(r.dup_para_frac, Some(0.0));
        assert_eq!(r.dup_para_char_frac, Some(0.0));
        assert_eq!(r.dup_line_frac, Some(0.0));
        assert_eq!(r.dup_line_char_frac, Some(0.0));
        let t = r.top_gram(2).unwrap();
        assert_eq!(
            (t.ngram.as_str(), t.count, t.chars, t.frac),
            ("one two", 2, 14, 0.1917808219178082)
        );
        let t = r.top_gram(3).unwrap();
        assert_eq!(
            (t.ngram.as_str(), t.count, t.chars, t.frac),
            ("one two three", 2, 26, 0.3561643835616438)
        );
        let t = r.top_gram(4).unwrap();
        assert_eq!(
            (t.ngram.as_str(), t.count, t.chars, t.frac),
            ("one two three four", 2, 36, 0.4931506849315068)
        );
        assert_eq!(
            (r.dup_gram(5).unwrap().chars, r.dup_gram(5).unwrap().frac),
            (19, Some(0.2602739726027397))
        );
        assert_eq!(
            (r.dup_gram(6).unwrap().chars, r.dup_gram(6).unwrap().frac),
            (22, Some(0.3013698630136986))
        );
        assert_eq!(
            (r.dup_gram(7).unwrap().chars, r.dup_gram(7).unwrap().frac),
            (27, Some(0.3698630136986301))
        );
        assert_eq!(
            (r.dup_gram(8).unwrap().chars, r.dup_gram(8).unwrap().frac),
            (0, Some(0.0))
        );
        assert_eq!(
            (r.dup_gram(9).unwrap().chars, r.dup_gram(9).unwrap().frac),
            (0, Some(0.0))
        );
        assert_eq!(
            (r.dup_gram(10).unwrap().chars, r.dup_gram(10).unwrap().frac),
            (0, Some(0.0))
        );
    }

    #[test]
    fn oracle_gr_aaaa() {
        // expected values: datatrove 0.10.1 via oracle_datatrove.py on this text
        let text = "a a a a";
        let words: &[&str] = &["a", "a", "a", "a"];
        let r = gopher_repetition(text, words, &GopherRepetitionConfig::default());
        assert_eq!((r.pass, r.reason), (false, Some("top_2_gram")));
        assert_eq!(r.text_len, 7);
        assert_eq!(r.n_paragraphs, 1);
        assert_eq!(r.n_dup_paragraphs, 0);
        assert_eq!(r.dup_para_chars, 0);
        assert_eq!(r.n_lines, 1);
        assert_eq!(r.n_dup_lines, 0);
        assert_eq!(r.dup_line_chars, 0);
        assert_eq!(r.n_words, 4);
        assert_eq!(r.dup_para_frac, Some(0.0));
        assert_eq!(r.dup_para_char_frac, Some(0.0));
        assert_eq!(r.dup_line_frac, Some(0.0));
        assert_eq!(r.dup_line_char_frac, Some(0.0));
        let t = r.top_gram(2).unwrap();
        assert_eq!(
            (t.ngram.as_str(), t.count, t.chars, t.frac),
            ("a a", 3, 9, 1.2857142857142858)
        );
        let t = r.top_gram(3).unwrap();
        assert_eq!(
            (t.ngram.as_str(), t.count, t.chars, t.frac),
            ("a a a", 2, 10, 1.4285714285714286)
        );
        let t = r.top_gram(4).unwrap();
        assert_eq!(
            (t.ngram.as_str(), t.count, t.chars, t.frac),
            ("a a a a", 1, 7, 1.0)
        );
        assert_eq!(
            (r.dup_gram(5).unwrap().chars, r.dup_gram(5).unwrap().frac),
            (0, Some(0.0))
        );
        assert_eq!(
            (r.dup_gram(6).unwrap().chars, r.dup_gram(6).unwrap().frac),
            (0, Some(0.0))
        );
        assert_eq!(
            (r.dup_gram(7).unwrap().chars, r.dup_gram(7).unwrap().frac),
            (0, Some(0.0))
        );
        assert_eq!(
            (r.dup_gram(8).unwrap().chars, r.dup_gram(8).unwrap().frac),
            (0, Some(0.0))
        );
        assert_eq!(
            (r.dup_gram(9).unwrap().chars, r.dup_gram(9).unwrap().frac),
            (0, Some(0.0))
        );
        assert_eq!(
            (r.dup_gram(10).unwrap().chars, r.dup_gram(10).unwrap().frac),
            (0, Some(0.0))
        );
    }

    #[test]
    fn oracle_gr_collide() {
        // expected values: datatrove 0.10.1 via oracle_datatrove.py on this text
        let text = "ab c d e f g ab c d e f g a bc d e f g\n\nsame para\n\nsame para\n\n\nsame para\nline\nline\n";
        let words: &[&str] = &[
            "ab", "c", "d", "e", "f", "g", "ab", "c", "d", "e", "f", "g", "a", "bc", "d", "e", "f",
            "g", "same", "para", "same", "para", "same", "para", "line", "line",
        ];
        let r = gopher_repetition(text, words, &GopherRepetitionConfig::default());
        assert_eq!((r.pass, r.reason), (false, Some("dup_line_frac")));
        assert_eq!(r.text_len, 83);
        assert_eq!(r.n_paragraphs, 4);
        assert_eq!(r.n_dup_paragraphs, 1);
        assert_eq!(r.dup_para_chars, 9);
        assert_eq!(r.n_lines, 7);
        assert_eq!(r.n_dup_lines, 3);
        assert_eq!(r.dup_line_chars, 22);
        assert_eq!(r.n_words, 26);
        assert_eq!(r.dup_para_frac, Some(0.25));
        assert_eq!(r.dup_para_char_frac, Some(0.10843373493975904));
        assert_eq!(r.dup_line_frac, Some(0.42857142857142855));
        assert_eq!(r.dup_line_char_frac, Some(0.26506024096385544));
        let t = r.top_gram(2).unwrap();
        assert_eq!(
            (t.ngram.as_str(), t.count, t.chars, t.frac),
            ("d e", 3, 9, 0.10843373493975904)
        );
        let t = r.top_gram(3).unwrap();
        assert_eq!(
            (t.ngram.as_str(), t.count, t.chars, t.frac),
            ("d e f", 3, 15, 0.18072289156626506)
        );
        let t = r.top_gram(4).unwrap();
        assert_eq!(
            (t.ngram.as_str(), t.count, t.chars, t.frac),
            ("d e f g", 3, 21, 0.25301204819277107)
        );
        assert_eq!(
            (r.dup_gram(5).unwrap().chars, r.dup_gram(5).unwrap().frac),
            (12, Some(0.14457831325301204))
        );
        assert_eq!(
            (r.dup_gram(6).unwrap().chars, r.dup_gram(6).unwrap().frac),
            (14, Some(0.1686746987951807))
        );
        assert_eq!(
            (r.dup_gram(7).unwrap().chars, r.dup_gram(7).unwrap().frac),
            (8, Some(0.0963855421686747))
        );
        assert_eq!(
            (r.dup_gram(8).unwrap().chars, r.dup_gram(8).unwrap().frac),
            (10, Some(0.12048192771084337))
        );
        assert_eq!(
            (r.dup_gram(9).unwrap().chars, r.dup_gram(9).unwrap().frac),
            (11, Some(0.13253012048192772))
        );
        assert_eq!(
            (r.dup_gram(10).unwrap().chars, r.dup_gram(10).unwrap().frac),
            (12, Some(0.14457831325301204))
        );
    }

    #[test]
    fn empty_text() {
        let r = gopher_repetition("", &[], &GopherRepetitionConfig::default());
        assert_eq!((r.pass, r.reason, r.text_len), (false, Some("empty"), 0));
        assert!(
            r.dup_line_frac.is_none()
                && r.top_gram(2).is_none()
                && r.dup_gram(5).unwrap().frac.is_none()
        );
        // whitespace only is not empty for datatrove: one empty paragraph, lines "", " ", ""
        // (datatrove 0.10.1: (False, "dup_line_frac"))
        let r = gopher_repetition("\n \n", &[], &GopherRepetitionConfig::default());
        assert_eq!((r.n_paragraphs, r.n_lines, r.n_dup_lines), (1, 3, 1));
        assert_eq!((r.pass, r.reason), (false, Some("dup_line_frac")));
    }

    #[test]
    fn joined_keys_are_exact() {
        // "".join: "ab"+"c" == "a"+"bc"; " ".join keeps them apart
        let w = ["ab", "c", "d", "e", "f", "a", "bc", "d", "e", "f"];
        let text = w.join(" ");
        let cfg = GopherRepetitionConfig {
            dup_n_grams: vec![(5, 0.15)],
            ..Default::default()
        };
        let r = gopher_repetition(&text, &w, &cfg);
        assert_eq!(r.dup_gram(5).unwrap().chars, 6);
        assert_eq!(r.top_gram(2).unwrap().count, 2); // "d e"
        assert_eq!(r.top_gram(2).unwrap().ngram, "d e");
        // words with spaces disable the tuple shortcut: " ".join(["a b", "c"]) == " ".join(["a", "b c"])
        let w = ["a b", "c", "x", "a", "b c", "y"];
        let r = gopher_repetition("a b c x a b c y", &w, &GopherRepetitionConfig::default());
        assert_eq!(
            (
                r.top_gram(2).unwrap().ngram.as_str(),
                r.top_gram(2).unwrap().count
            ),
            ("a b c", 2)
        );
    }
}
