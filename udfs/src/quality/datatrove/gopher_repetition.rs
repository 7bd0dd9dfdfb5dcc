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
//! Words are the tokens of datatrove's `split_into_words(text, "eng")`. As in datatrove,
//! the rules are checked in order and the first failing one decides: statistics that only
//! later rules need are not computed (`None`, or absent from the n-gram lists) unless
//! [`GopherRepetitionConfig::all_stats`] is set (rules 1 and 2 share theirs, as do 3 and
//! 4). For the empty text only `text_len` (0) is meaningful: counts are 0, every ratio and
//! top n-gram is `None`.
//!
//! Implementation (exact): words are interned to ids once. Top n-grams are counted level
//! by level on exact `u64` keys (id of the (n-1)-gram, id of the last word), only at
//! positions whose two (n-1)-grams occur twice (nesting); this equals `" "`-join equality
//! when no word is empty or contains a space, else the joined strings are counted.
//! `""`-joined keys use a polynomial hash (mod 2^64) of the joined bytes, O(1) per window
//! from prefix sums, and are only looked up where 16-byte keys at both window boundaries
//! may repeat. Every hash hit is verified (ids, else the joined bytes), so hash collisions
//! can only cost time. Buffers are reused per thread; memory is O(words).

use std::ops::Deref;

use super::{FastSet, find_duplicates};

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
    /// Compute every statistic, also those of the rules after the first failing one
    /// (default false: stop there, as datatrove does).
    pub all_stats: bool,
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
            all_stats: false,
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
    /// Number of lines (`re.split("\n+", text)`); `None` when not computed.
    pub n_lines: Option<usize>,
    /// Lines equal to an earlier line.
    pub n_dup_lines: Option<usize>,
    /// `n_dup_lines / n_lines`.
    pub dup_line_frac: Option<f64>,
    /// Code points of the duplicate lines.
    pub dup_line_chars: Option<usize>,
    /// `dup_line_chars / text_len`.
    pub dup_line_char_frac: Option<f64>,
    /// Number of words; `None` when no rule needed them.
    pub n_words: Option<usize>,
    /// One entry per evaluated top-n-gram rule, in configured order; `None` when there are
    /// fewer than n words.
    pub top_n_grams: Vec<Option<TopNGram>>,
    /// One entry per evaluated duplicated-n-gram rule, in configured order.
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
        while let Some(at) = memchr::memchr(b'\n', &b[i..]) {
            let run_start = i + at;
            i = run_start + b[run_start..].iter().take_while(|&&c| c == b'\n').count();
            if i - run_start >= min {
                let piece = &s[start..run_start];
                start = i;
                return Some(piece);
            }
        }
        done = true;
        Some(&s[start..])
    })
}

// ---- exact n-gram statistics ---------------------------------------------------------
//
// Words are interned to dense ids (in order of first occurrence; equal ids <=> equal
// strings, verified). With no empty word and no word containing a space, `" ".join`
// equality of n-grams is tuple equality, and the top n-grams are counted level by level:
// the n-gram at `i` is identified exactly by the pair (id of the (n-1)-gram at `i`, id of
// word `i + n - 1`), and it can only occur twice if the (n-1)-grams at `i` and `i + 1` do
// (nesting), so each level interns `u64` pair keys of the repeated positions only.
// Otherwise (rare) the `" "`-joined strings are counted directly.
//
// The `"".join` keys of the duplicated n-grams (where `ab`+`c` == `a`+`bc`) use a
// polynomial hash (mod 2^64) of the joined bytes, O(1) per window from prefix sums; every
// hash hit is verified by comparing ids and, if they differ, the joined bytes, so results
// are exact and hash collisions can only cost time. Windows are only looked up where
// 16-byte keys at both window boundaries may repeat (see [`KEY_BYTES`]).

/// Odd base of the polynomial hash (invertible mod 2^64).
const BASE: u64 = 0x9e37_79b9_7f4a_7c15;
/// `BASE^-1 mod 2^64` (Newton iteration; each step doubles the correct low bits).
const BASE_INV: u64 = {
    let mut inv = BASE;
    let mut k = 0;
    while k < 6 {
        inv = inv.wrapping_mul(2u64.wrapping_sub(BASE.wrapping_mul(inv)));
        k += 1;
    }
    inv
};
/// Words shorter than this take their powers of the base from a table.
const SHORT: usize = 32;

/// `(BASE^k, BASE^-k)` for `k < SHORT`.
static POWS: [(u64, u64); SHORT] = {
    let mut t = [(1u64, 1u64); SHORT];
    let mut k = 1;
    while k < SHORT {
        t[k] = (
            t[k - 1].0.wrapping_mul(BASE),
            t[k - 1].1.wrapping_mul(BASE_INV),
        );
        k += 1;
    }
    t
};

/// `(sum (b_k + 1) * BASE^k, BASE^len, BASE^-len, code points, contains a space)` of a word.
#[inline]
fn word_hash(w: &[u8]) -> (u64, u64, u64, usize, bool) {
    // One scalar pass from the last byte (Horner's rule): words are short, and a vectorised
    // sum of independent products costs more in set-up than it saves. Code points are the
    // bytes that are not UTF-8 continuation bytes.
    let (mut x, mut chars, mut space) = (0u64, 0usize, false);
    for &b in w.iter().rev() {
        x = x.wrapping_mul(BASE).wrapping_add(b as u64 + 1);
        chars += usize::from((b as i8) >= -0x40);
        space |= b == b' ';
    }
    let (p, pi) = match POWS.get(w.len()) {
        Some(&pows) => pows,
        None => (0..w.len()).fold((1u64, 1u64), |(p, pi), _| {
            (p.wrapping_mul(BASE), pi.wrapping_mul(BASE_INV))
        }),
    };
    (x, p, pi, chars, space)
}

#[inline]
fn mix(h: u64) -> u64 {
    let h = h.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^ (h >> 32)
}

const EMPTY: u32 = u32::MAX;

/// Open-addressing (linear probing) table from a `u64` hash or key to a dense entry number
/// (insertion order); the caller verifies hash hits. It grows when half full.
#[derive(Default)]
struct Table {
    /// (hash, entry), entry `EMPTY` = free slot
    slots: Vec<(u64, u32)>,
    mask: usize,
    len: usize,
}

impl Table {
    /// Empty the table, sized for about `n_keys` keys.
    fn reset(&mut self, n_keys: usize) {
        let cap = (n_keys.max(4) * 2).next_power_of_two();
        self.slots.clear();
        self.slots.resize(cap, (0, EMPTY));
        self.mask = cap - 1;
        self.len = 0;
    }

    #[inline]
    fn start(&self, h: u64) -> usize {
        (mix(h) as usize) & self.mask
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

    /// Entry of the key with hash `h` for which `same(entry)` holds, else a new entry
    /// (numbered `len`). Returns (entry, was present).
    #[inline]
    fn find_or_insert(&mut self, h: u64, same: impl Fn(u32) -> bool) -> (u32, bool) {
        let mut s = self.start(h);
        loop {
            let (sh, e) = self.slots[s];
            if e == EMPTY {
                break;
            }
            if sh == h && same(e) {
                return (e, true);
            }
            s = (s + 1) & self.mask;
        }
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
            s = self.start(h);
            while self.slots[s].1 != EMPTY {
                s = (s + 1) & self.mask;
            }
        }
        let e = self.len as u32;
        self.slots[s] = (h, e);
        self.len += 1;
        (e, false)
    }
}

/// Two-bitset filter telling which keys may occur more than once: a key not flagged is
/// unique among the added ones.
#[derive(Default)]
struct RepeatFilter {
    /// 2 bits per cell ("seen once", "seen twice"), interleaved: one memory access per operation
    cells: Vec<u64>,
    shift: u32,
}

impl RepeatFilter {
    /// Empty the filter, sized for `n_keys` keys (16 cells per key).
    fn reset(&mut self, n_keys: usize) {
        let cells = (n_keys.max(32) * 16).next_power_of_two();
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

/// Per-document word data and reusable buffers (one per thread).
#[derive(Default)]
struct Scratch {
    /// word id per position
    ids: Vec<u32>,
    /// per id: occurrences, first position
    id_count: Vec<u32>,
    id_first: Vec<u32>,
    /// prefix sums over words (n + 1 entries): bytes, code points, `sum x_k BASE^(o_k)`
    /// (`x_k` = hash of word k, `o_k` = its byte offset in `"".join(words)`), `BASE^-o_i`
    bytes: Vec<usize>,
    chars: Vec<usize>,
    hp: Vec<u64>,
    inv: Vec<u64>,
    /// some word contains a space or is empty: `" "`-joined equality is then not tuple equality
    irregular: bool,
    table: Table,
    filter: RepeatFilter,
    /// per level: n-gram class of each position (`EMPTY` = occurs once); entries' count, first
    level: Vec<u32>,
    next_level: Vec<u32>,
    count: Vec<u32>,
    first: Vec<u32>,
    /// scratch hashes: of each word while loading, of each window or boundary key later
    hashes: Vec<u64>,
    /// `"".join(words)` and the boundary flags of [`Scratch::boundary_repeats`]
    joined: Vec<u8>,
    start_rep: Vec<bool>,
    end_rep: Vec<bool>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

impl Scratch {
    /// Intern and hash `words`; also build `"".join(words)` if `join`.
    fn load(&mut self, words: &[&str], join: bool) {
        let Scratch {
            ids,
            id_count,
            id_first,
            bytes,
            chars,
            hp,
            inv,
            irregular,
            table,
            hashes,
            joined,
            ..
        } = self;
        *irregular = prefix_sums(words, hashes, bytes, chars, hp, inv);
        joined.clear();
        if join {
            joined.reserve(bytes[words.len()]);
            // `"".join(words)`
            for w in words {
                joined.extend_from_slice(w.as_bytes());
            }
        }
        intern(words, hashes, table, ids, id_count, id_first);
    }

    /// Top n-grams of the configured sizes for a regular document: (first position, count)
    /// per size (`None` for n = 0 or n > words).
    fn top_ngrams_by_levels(&mut self, sizes: &[usize]) -> Vec<Option<(usize, usize)>> {
        let n_words = self.ids.len();
        let max_n = sizes
            .iter()
            .copied()
            .filter(|&n| n <= n_words)
            .max()
            .unwrap_or(0);
        let mut out = vec![None; sizes.len()];
        if max_n == 0 {
            return out;
        }
        let Scratch {
            ids,
            id_count,
            id_first,
            table,
            level,
            next_level,
            count,
            first,
            ..
        } = self;
        // level 1: the words
        let best = (0..id_count.len()).fold((0usize, 0u32), |b, e| {
            if id_count[e] > b.1 {
                (e, id_count[e])
            } else {
                b
            }
        });
        record(
            sizes,
            &mut out,
            1,
            (id_first[best.0] as usize, best.1 as usize),
        );
        level.clear();
        level.extend(ids.iter().map(|&id| {
            if id_count[id as usize] >= 2 {
                id
            } else {
                EMPTY
            }
        }));
        for m in 2..=max_n {
            count_next_level(level, &ids[m - 1..], table, next_level, count, first);
            // entries are numbered in order of first occurrence: the first maximum wins ties
            let (mut best_e, mut best_count) = (EMPTY, 1u32);
            for (e, &c) in count.iter().enumerate() {
                if c > best_count {
                    (best_e, best_count) = (e as u32, c);
                }
            }
            let top_first = if best_e == EMPTY {
                0
            } else {
                first[best_e as usize] as usize
            };
            record(sizes, &mut out, m, (top_first, best_count as usize));
            for e in next_level.iter_mut() {
                if *e != EMPTY && count[*e as usize] < 2 {
                    *e = EMPTY;
                }
            }
            std::mem::swap(level, next_level);
        }
        out
    }

    /// `find_all_duplicate(words, n)`.
    fn find_all_duplicate(&mut self, words: &[&str], n: usize, bounds: bool) -> usize {
        if n == 0 || words.len() < n {
            return 0;
        }
        let last = words.len() - n; // idx < n_words - n + 1
        let Scratch {
            ids,
            bytes,
            chars,
            hp,
            inv,
            table,
            filter,
            first,
            hashes,
            start_rep,
            end_rep,
            ..
        } = self;
        let win = Windows {
            words,
            ids,
            bytes,
            chars,
            hp,
            inv,
        };
        // a window whose key is unique is never seen and never matched later: it needs no entry
        let (mut dup_chars, mut i) = (0usize, 0usize);
        first.clear();
        if bounds {
            table.reset((last + 1) / 4);
            while i <= last {
                let short = bytes[i + n] - bytes[i] < KEY_BYTES;
                if (short || (start_rep[i] && end_rep[i + n]))
                    && lookup(table, first, &win, i, n, win.hash0(i, n))
                {
                    dup_chars += win.chars(i, n);
                    i += n;
                } else {
                    i += 1;
                }
            }
            return dup_chars;
        }
        hashes.clear();
        filter.reset(last + 1);
        for i in 0..=last {
            let h = win.hash0(i, n);
            hashes.push(h);
            filter.add(h);
        }
        table.reset((last + 1) / 4);
        while i <= last {
            let h = hashes[i];
            if filter.maybe_repeated(h) && lookup(table, first, &win, i, n, h) {
                dup_chars += win.chars(i, n);
                i += n;
            } else {
                i += 1;
            }
        }
        dup_chars
    }

    /// Fill [`Self::start_rep`] and [`Self::end_rep`] from [`Self::joined`] (see [`KEY_BYTES`]).
    fn boundary_repeats(&mut self) {
        let Scratch {
            joined,
            bytes,
            hashes,
            filter,
            start_rep,
            end_rep,
            ..
        } = self;
        boundary_flags(joined, bytes, false, hashes, filter, start_rep);
        boundary_flags(joined, bytes, true, hashes, filter, end_rep);
    }
}

/// Per word boundary (byte offset into `z` = `"".join(words)`, ascending): whether the
/// [`KEY_BYTES`] bytes of `z` starting (`end` false) or ending (`end` true) there may occur
/// at another boundary too; false where there are not that many bytes. `hashes` and
/// `filter` are scratch space.
fn boundary_flags(
    z: &[u8],
    offsets: &[usize],
    end: bool,
    hashes: &mut Vec<u64>,
    filter: &mut RepeatFilter,
    flags: &mut Vec<bool>,
) {
    let key = |o: usize| -> u64 {
        let a = u64::from_le_bytes(z[o..o + 8].try_into().expect("8 bytes"));
        let b = u64::from_le_bytes(z[o + 8..o + 16].try_into().expect("8 bytes"));
        let h = (a ^ b.rotate_left(32).wrapping_mul(0xff51_afd7_ed55_8ccd))
            .wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 29)
    };
    // the key's first byte, where the boundary has one
    let at = |o: usize| {
        if end {
            o.checked_sub(KEY_BYTES)
        } else {
            (o + KEY_BYTES <= z.len()).then_some(o)
        }
    };
    hashes.clear();
    filter.reset(offsets.len());
    hashes.extend(offsets.iter().map(|&o| match at(o) {
        Some(k) => {
            let h = key(k);
            filter.add(h);
            h
        }
        None => 0,
    }));
    flags.clear();
    flags.extend(
        offsets
            .iter()
            .zip(hashes.iter())
            .map(|(&o, &h)| at(o).is_some() && filter.maybe_repeated(h)),
    );
}

/// Per-word prefix sums of a document's words: fills `bytes`, `chars`, `hp`, `inv` (see
/// [`Scratch`]; `n + 1` entries each) and `hashes[k]` = the hash of word k alone. Returns
/// whether some word is empty or contains a space. Separate `&mut` arguments (not fields
/// of one struct) let the compiler keep each vector's length in a register.
fn prefix_sums(
    words: &[&str],
    hashes: &mut Vec<u64>,
    bytes: &mut Vec<usize>,
    chars: &mut Vec<usize>,
    hp: &mut Vec<u64>,
    inv: &mut Vec<u64>,
) -> bool {
    let n = words.len();
    hashes.clear();
    hashes.reserve(n);
    for (v, start) in [(&mut *bytes, 0usize), (&mut *chars, 0)] {
        v.clear();
        v.reserve(n + 1);
        v.push(start);
    }
    for (v, start) in [(&mut *hp, 0u64), (&mut *inv, 1)] {
        v.clear();
        v.reserve(n + 1);
        v.push(start);
    }
    let (mut h, mut pw, mut iv, mut nb, mut nc) = (0u64, 1u64, 1u64, 0usize, 0usize);
    let mut irregular = false;
    for w in words {
        let wb = w.as_bytes();
        let (x, p, pi, c, space) = word_hash(wb);
        irregular |= wb.is_empty() || space;
        h = h.wrapping_add(x.wrapping_mul(pw));
        pw = pw.wrapping_mul(p);
        iv = iv.wrapping_mul(pi);
        nb += wb.len();
        nc += c;
        hashes.push(x);
        hp.push(h);
        inv.push(iv);
        bytes.push(nb);
        chars.push(nc);
    }
    irregular
}

/// Interns `words` (word k hashing to `hashes[k]`) to dense ids in order of first
/// occurrence: `ids[k]` per position, `count[id]` occurrences and `first[id]` first
/// position per id. Equal ids are equal strings (every hash hit is compared).
fn intern(
    words: &[&str],
    hashes: &[u64],
    table: &mut Table,
    ids: &mut Vec<u32>,
    count: &mut Vec<u32>,
    first: &mut Vec<u32>,
) {
    table.reset(words.len());
    ids.clear();
    count.clear();
    first.clear();
    ids.extend(words.iter().zip(hashes).enumerate().map(|(k, (w, &x))| {
        let (id, found) =
            table.find_or_insert(x, |e| same_bytes(words[first[e as usize] as usize], w));
        if found {
            count[id as usize] += 1;
        } else {
            count.push(1);
            first.push(k as u32);
        }
        id
    }));
}

/// `a == b`; words are short, and an inline byte loop beats a `memcmp` call.
#[inline]
fn same_bytes(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// One level of the top n-gram count. `level[i]` is the class of the (m-1)-gram at `i`
/// (`EMPTY`: it occurs once) and `last_ids[i]` the id of word `i + m - 1`. Fills `next`
/// with the class of the m-gram at each position (`EMPTY` where either (m-1)-gram inside
/// it occurs once, so it does too) and, per class in order of first occurrence, `count`
/// and `first` position. Classes are exact: the key (class of the (m-1)-gram, id of the
/// last word) identifies the m-gram.
fn count_next_level(
    level: &[u32],
    last_ids: &[u32],
    table: &mut Table,
    next: &mut Vec<u32>,
    count: &mut Vec<u32>,
    first: &mut Vec<u32>,
) {
    let n_grams = level.len() - 1;
    table.reset(n_grams / 2);
    count.clear();
    first.clear();
    next.clear();
    next.extend(level.windows(2).zip(&last_ids[..n_grams]).enumerate().map(
        |(i, (pair, &last))| {
            if pair[0] == EMPTY || pair[1] == EMPTY {
                return EMPTY;
            }
            // the key is exact: equal hashes are equal keys
            let (e, found) = table.find_or_insert((pair[0] as u64) << 32 | last as u64, |_| true);
            if found {
                count[e as usize] += 1;
            } else {
                count.push(1);
                first.push(i as u32);
            }
            e
        },
    ));
}

/// The loaded words of a document and their prefix sums (see [`Scratch`]), read-only.
struct Windows<'s, 'w> {
    /// The words.
    words: &'s [&'w str],
    /// Word id per position.
    ids: &'s [u32],
    /// Prefix sums of the words' bytes.
    bytes: &'s [usize],
    /// Prefix sums of the words' code points.
    chars: &'s [usize],
    /// Prefix sums of the words' hashes, each at its offset in `"".join(words)`.
    hp: &'s [u64],
    /// `BASE^-offset` of each word's offset in `"".join(words)`.
    inv: &'s [u64],
}

impl Windows<'_, '_> {
    /// Hash of `"".join(words[i..i + n])`.
    #[inline]
    fn hash0(&self, i: usize, n: usize) -> u64 {
        self.hp[i + n]
            .wrapping_sub(self.hp[i])
            .wrapping_mul(self.inv[i])
    }

    /// Code points of `"".join(words[i..i + n])`.
    #[inline]
    fn chars(&self, i: usize, n: usize) -> usize {
        self.chars[i + n] - self.chars[i]
    }

    /// `"".join(words[p..p + n]) == "".join(words[i..i + n])`.
    #[inline]
    fn joined_eq(&self, p: usize, i: usize, n: usize) -> bool {
        // n is small: an inline loop beats a `memcmp` call
        if self.ids[p..p + n]
            .iter()
            .zip(&self.ids[i..i + n])
            .all(|(a, b)| a == b)
        {
            return true;
        }
        if self.bytes[p + n] - self.bytes[p] != self.bytes[i + n] - self.bytes[i] {
            return false;
        }
        let words = self.words;
        words[p..p + n]
            .iter()
            .flat_map(|w| w.bytes())
            .eq(words[i..i + n].iter().flat_map(|w| w.bytes()))
    }
}

/// Whether the `"".join` key of the window at `i` (hash `h`) is in `table` (its entries'
/// first positions in `first`); inserts it if not.
#[inline]
fn lookup(
    table: &mut Table,
    first: &mut Vec<u32>,
    win: &Windows,
    i: usize,
    n: usize,
    h: u64,
) -> bool {
    let (_, found) = table.find_or_insert(h, |e| win.joined_eq(first[e as usize] as usize, i, n));
    if !found {
        first.push(i as u32);
    }
    found
}

/// Store `top` for every configured size equal to `n`.
fn record(sizes: &[usize], out: &mut [Option<(usize, usize)>], n: usize, top: (usize, usize)) {
    for (o, &s) in out.iter_mut().zip(sizes) {
        if s == n {
            *o = Some(top);
        }
    }
}

/// Byte length of the boundary keys.
///
/// Necessary condition for a `"".join` n-gram to occur twice, shared by every n: with
/// `Z = "".join(words)` and word boundaries at byte offsets `o_0 < o_1 < ...` (no empty
/// word), if the windows at `i != j` join to the same string `K` of at least `KEY_BYTES`
/// bytes, then `Z[o_i..o_i + 16]` occurs at two boundaries (prefix of `K`) and
/// `Z[o_(i+n) - 16..o_(i+n)]` occurs at two boundaries (suffix of `K`).
const KEY_BYTES: usize = 16;

/// Top n-gram of a document with irregular words: `Counter(" ".join(...)).most_common(1)`
/// on the strings, as (first position, count).
fn top_ngram_by_strings(words: &[&str], n: usize) -> (usize, usize) {
    let mut counts: std::collections::HashMap<String, (usize, usize)> = Default::default();
    for i in 0..=words.len() - n {
        counts.entry(words[i..i + n].join(" ")).or_insert((0, i)).0 += 1;
    }
    counts.into_values().fold((0, 0), |b, (c, f)| {
        if c > b.1 || (c == b.1 && f < b.0) {
            (f, c)
        } else {
            b
        }
    })
}

/// The n-gram statistics in rule order, checking each rule as it is computed: sets `reason`
/// to the first failing rule and, unless `cfg.all_stats`, stops there.
fn ngram_stats(
    words: &[&str],
    cfg: &GopherRepetitionConfig,
    text_len: usize,
    reason: &mut Option<&'static str>,
) -> (Vec<Option<TopNGram>>, Vec<DupNGram>) {
    SCRATCH.with_borrow_mut(|sc| {
        // boundary keys need non-empty words (distinct boundaries = distinct offsets)
        let bounds = !cfg.dup_n_grams.is_empty();
        sc.load(words, bounds);
        let bounds = bounds && !sc.irregular;
        let sizes: Vec<usize> = cfg.top_n_grams.iter().map(|&(n, _)| n).collect();
        let found = if sc.irregular {
            sizes
                .iter()
                .map(|&n| (n > 0 && n <= words.len()).then(|| top_ngram_by_strings(words, n)))
                .collect()
        } else {
            sc.top_ngrams_by_levels(&sizes)
        };
        let mut tops = Vec::with_capacity(sizes.len());
        for (top, &(n, max)) in found.into_iter().zip(&cfg.top_n_grams) {
            let top = top.map(|(first, count)| {
                let chars = (sc.chars[first + n] - sc.chars[first] + n - 1) * count;
                TopNGram {
                    n,
                    ngram: words[first..first + n].join(" "),
                    count,
                    chars,
                    frac: chars as f64 / text_len as f64,
                }
            });
            let fails = top.as_ref().is_some_and(|t| t.frac > max);
            tops.push(top);
            note(reason, fails, top_reason(n));
            if reason.is_some() && !cfg.all_stats {
                return (tops, Vec::new());
            }
        }
        if bounds {
            sc.boundary_repeats();
        }
        let mut dups = Vec::with_capacity(cfg.dup_n_grams.len());
        for &(n, max) in &cfg.dup_n_grams {
            let chars = sc.find_all_duplicate(words, n, bounds);
            let frac = chars as f64 / text_len as f64;
            dups.push(DupNGram {
                n,
                chars,
                frac: Some(frac),
            });
            note(reason, frac > max, dup_reason(n));
            if reason.is_some() && !cfg.all_stats {
                break;
            }
        }
        (tops, dups)
    })
}

#[inline]
fn on(t: Option<f64>) -> Option<f64> {
    t.filter(|&v| v != 0.0)
}

/// Record rule `why` in `reason` if it `fails` and no earlier rule did.
#[inline]
fn note(reason: &mut Option<&'static str>, fails: bool, why: &'static str) {
    if fails && reason.is_none() {
        *reason = Some(why);
    }
}

/// Apply `GopherRepetitionFilter` with `cfg` to `text` whose tokens are `words()`, called
/// only when an n-gram rule is reached (or for `cfg.all_stats`).
pub fn gopher_repetition<'t, W: Deref<Target = [&'t str]>>(
    text: &'t str,
    words: impl FnOnce() -> W,
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
            n_lines: Some(0),
            n_dup_lines: Some(0),
            dup_line_frac: None,
            dup_line_chars: Some(0),
            dup_line_char_frac: None,
            n_words: Some(0),
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
    let gt = |v: f64, t: Option<f64>| on(t).is_some_and(|t| v > t);
    let mut reason = None;
    let n_newlines = text.bytes().filter(|&b| b == b'\n').count();
    let mut set = FastSet::with_capacity_and_hasher(n_newlines + 1, Default::default());
    let (n_par, par_dup, par_chars) = find_duplicates(split_newline_runs(strip(text), 2), &mut set);
    let dup_para_frac = par_dup as f64 / n_par as f64;
    let dup_para_char_frac = par_chars as f64 / l;
    // the two paragraph rules share their statistics, as do the two line rules
    note(
        &mut reason,
        gt(dup_para_frac, cfg.dup_para_frac),
        "dup_para_frac",
    );
    note(
        &mut reason,
        gt(dup_para_char_frac, cfg.dup_para_char_frac),
        "dup_para_char_frac",
    );
    let stop = |reason: Option<&str>| reason.is_some() && !cfg.all_stats;
    let lines = (!stop(reason)).then(|| find_duplicates(split_newline_runs(text, 1), &mut set));
    drop(set);
    let line_fracs = lines.map(|(n_lines, line_dup, line_chars)| {
        (line_dup as f64 / n_lines as f64, line_chars as f64 / l)
    });
    if let Some((dup_line_frac, dup_line_char_frac)) = line_fracs {
        note(
            &mut reason,
            gt(dup_line_frac, cfg.dup_line_frac),
            "dup_line_frac",
        );
        note(
            &mut reason,
            gt(dup_line_char_frac, cfg.dup_line_char_frac),
            "dup_line_char_frac",
        );
    }
    let (n_words, top_n_grams, dup_n_grams) = if stop(reason) {
        (None, Vec::new(), Vec::new())
    } else {
        let words = words();
        let (tops, dups) = ngram_stats(&words, cfg, text_len, &mut reason);
        (Some(words.len()), tops, dups)
    };
    GopherRepetitionResult {
        pass: reason.is_none(),
        reason,
        text_len,
        n_paragraphs: n_par,
        n_dup_paragraphs: par_dup,
        dup_para_frac: Some(dup_para_frac),
        dup_para_chars: par_chars,
        dup_para_char_frac: Some(dup_para_char_frac),
        n_lines: lines.map(|l| l.0),
        n_dup_lines: lines.map(|l| l.1),
        dup_line_frac: line_fracs.map(|f| f.0),
        dup_line_chars: lines.map(|l| l.2),
        dup_line_char_frac: line_fracs.map(|f| f.1),
        n_words,
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

    /// The defaults, computing every statistic.
    fn all_stats() -> GopherRepetitionConfig {
        GopherRepetitionConfig {
            all_stats: true,
            ..Default::default()
        }
    }

    #[test]
    fn oracle_gr_worked() {
        // expected values: datatrove 0.10.1 via oracle_datatrove.py on this text
        let text = "one two three four five six seven. one two three four five six seven! x y";
        let words: &[&str] = &[
            "one", "two", "three", "four", "five", "six", "seven", ".", "one", "two", "three",
            "four", "five", "six", "seven", "!", "x", "y",
        ];
        let r = gopher_repetition(text, || words, &all_stats());
        assert_eq!((r.pass, r.reason), (false, Some("top_3_gram")));
        assert_eq!(r.text_len, 73);
        assert_eq!(r.n_paragraphs, 1);
        assert_eq!(r.n_dup_paragraphs, 0);
        assert_eq!(r.dup_para_chars, 0);
        assert_eq!(r.n_lines, Some(1));
        assert_eq!(r.n_dup_lines, Some(0));
        assert_eq!(r.dup_line_chars, Some(0));
        assert_eq!(r.n_words, Some(18));
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
        let r = gopher_repetition(text, || words, &all_stats());
        assert_eq!((r.pass, r.reason), (false, Some("top_2_gram")));
        assert_eq!(r.text_len, 7);
        assert_eq!(r.n_paragraphs, 1);
        assert_eq!(r.n_dup_paragraphs, 0);
        assert_eq!(r.dup_para_chars, 0);
        assert_eq!(r.n_lines, Some(1));
        assert_eq!(r.n_dup_lines, Some(0));
        assert_eq!(r.dup_line_chars, Some(0));
        assert_eq!(r.n_words, Some(4));
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
        let r = gopher_repetition(text, || words, &all_stats());
        assert_eq!((r.pass, r.reason), (false, Some("dup_line_frac")));
        assert_eq!(r.text_len, 83);
        assert_eq!(r.n_paragraphs, 4);
        assert_eq!(r.n_dup_paragraphs, 1);
        assert_eq!(r.dup_para_chars, 9);
        assert_eq!(r.n_lines, Some(7));
        assert_eq!(r.n_dup_lines, Some(3));
        assert_eq!(r.dup_line_chars, Some(22));
        assert_eq!(r.n_words, Some(26));
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
        let r = gopher_repetition("", || &[][..], &GopherRepetitionConfig::default());
        assert_eq!((r.pass, r.reason, r.text_len), (false, Some("empty"), 0));
        assert!(
            r.dup_line_frac.is_none()
                && r.top_gram(2).is_none()
                && r.dup_gram(5).unwrap().frac.is_none()
        );
        // whitespace only is not empty for datatrove: one empty paragraph, lines "", " ", ""
        // (datatrove 0.10.1: (False, "dup_line_frac"))
        let r = gopher_repetition("\n \n", || &[][..], &GopherRepetitionConfig::default());
        assert_eq!(
            (r.n_paragraphs, r.n_lines, r.n_dup_lines),
            (1, Some(3), Some(1))
        );
        assert_eq!((r.pass, r.reason), (false, Some("dup_line_frac")));
    }

    #[test]
    fn stops_at_the_first_failing_rule_unless_all_stats() {
        let text = "ab c d e f g ab c d e f g a bc d e f g\n\nsame para\n\nsame para\n\n\nsame para\nline\nline\n";
        let words: Vec<&str> = text.split_whitespace().collect();
        let all = gopher_repetition(text, || &words[..], &all_stats());
        let r = gopher_repetition(text, || &words[..], &GopherRepetitionConfig::default());
        assert_eq!(
            (r.reason, all.reason),
            (Some("dup_line_frac"), Some("dup_line_frac"))
        );
        assert_eq!((r.n_lines, r.dup_line_chars), (Some(7), Some(22)));
        assert!(r.top_n_grams.is_empty() && r.dup_n_grams.is_empty());
        assert_eq!((all.top_n_grams.len(), all.dup_n_grams.len()), (3, 6));
        // a paragraph rule stops before the lines are split
        let cfg = GopherRepetitionConfig {
            dup_para_frac: Some(0.2),
            ..Default::default()
        };
        let r = gopher_repetition(text, || &words[..], &cfg);
        assert_eq!(r.reason, Some("dup_para_frac"));
        assert_eq!((r.n_lines, r.dup_line_frac), (None, None));
        // a top n-gram rule: the later top n-grams and every duplicated n-gram are left out
        let text = "one two three four five six seven. one two three four five six seven! x y";
        let words: Vec<&str> = text.split_whitespace().collect();
        let r = gopher_repetition(text, || &words[..], &GopherRepetitionConfig::default());
        assert_eq!(r.reason, Some("top_3_gram"));
        assert!(r.top_gram(2).is_some() && r.top_gram(3).is_some() && r.top_gram(4).is_none());
        assert!(r.dup_gram(5).is_none());
        // a duplicated n-gram rule: the later ones are left out
        let cfg = GopherRepetitionConfig {
            top_n_grams: Vec::new(),
            ..Default::default()
        };
        let r = gopher_repetition(text, || &words[..], &cfg);
        assert_eq!(r.reason, Some("duplicated_5_n_grams"));
        assert_eq!(r.dup_n_grams.len(), 1);
        assert_eq!(
            r.dup_gram(5),
            gopher_repetition(
                text,
                || &words[..],
                &GopherRepetitionConfig {
                    all_stats: true,
                    ..cfg
                }
            )
            .dup_gram(5)
        );
    }

    #[test]
    fn joined_keys_are_exact() {
        // "".join: "ab"+"c" == "a"+"bc"; " ".join keeps them apart
        let w = ["ab", "c", "d", "e", "f", "a", "bc", "d", "e", "f"];
        let text = w.join(" ");
        let cfg = GopherRepetitionConfig {
            dup_n_grams: vec![(5, 0.15)],
            ..all_stats()
        };
        let r = gopher_repetition(&text, || &w[..], &cfg);
        assert_eq!(r.dup_gram(5).unwrap().chars, 6);
        assert_eq!(r.top_gram(2).unwrap().count, 2); // "d e"
        assert_eq!(r.top_gram(2).unwrap().ngram, "d e");
        // words with spaces disable the tuple shortcut: " ".join(["a b", "c"]) == " ".join(["a", "b c"])
        let w = ["a b", "c", "x", "a", "b c", "y"];
        let r = gopher_repetition("a b c x a b c y", || &w[..], &all_stats());
        assert_eq!(
            (
                r.top_gram(2).unwrap().ngram.as_str(),
                r.top_gram(2).unwrap().count
            ),
            ("a b c", 2)
        );
    }

    /// `Counter(" ".join(g) for g in n-grams).most_common(1)`, transcribed literally: counts
    /// in order of first occurrence, the first maximum wins.
    fn most_common_by_strings(words: &[&str], n: usize) -> (String, usize) {
        let mut order: Vec<String> = Vec::new();
        let mut counts: std::collections::HashMap<String, usize> = Default::default();
        for g in words.windows(n) {
            let key = g.join(" ");
            let count = counts.entry(key.clone()).or_insert(0);
            if *count == 0 {
                order.push(key);
            }
            *count += 1;
        }
        let mut best = (String::new(), 0);
        for key in order {
            if counts[&key] > best.1 {
                best = (key.clone(), counts[&key]);
            }
        }
        best
    }

    /// datatrove's `find_all_duplicate`, transcribed literally (strings as keys).
    fn find_all_duplicate_by_strings(words: &[&str], n: usize) -> usize {
        let mut seen = std::collections::HashSet::new();
        let (mut chars, mut i) = (0, 0);
        while i + n <= words.len() {
            let key = words[i..i + n].concat();
            if seen.contains(&key) {
                chars += key.chars().count();
                i += n;
            } else {
                seen.insert(key);
                i += 1;
            }
        }
        chars
    }

    #[test]
    fn ngram_statistics_equal_datatrove_transcribed_on_random_words() {
        // short words that join ambiguously, words of 32+ bytes (past the power table),
        // non-ASCII words; with spaces in words in some documents (the string fallback)
        let long = "x".repeat(40);
        let longer = "éa".repeat(30);
        let plain = [
            "a", "b", "ab", "ba", "c", "the", "of", ".", ",", "日本", "ü", &long, &longer, "abc",
        ];
        // words that join to the same bytes in different ways ("ab" + "c" = "a" + "bc")
        let ambiguous = ["a", "b", "c", "ab", "bc", "abc"];
        let spaced = ["a b", "b c", "a", "b", "c"];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % m as u64) as usize
        };
        for doc in 0..400 {
            let len = next(120);
            let mut words: Vec<&str> = Vec::with_capacity(len);
            while words.len() < len {
                // repeat a recent stretch now and then, so that long n-grams recur
                if words.len() > 12 && next(4) == 0 {
                    let from = words.len() - 1 - next(12);
                    let take = (1 + next(12))
                        .min(len - words.len())
                        .min(words.len() - from);
                    words.extend_from_within(from..from + take);
                } else if doc % 10 == 9 && next(5) == 0 {
                    words.push(spaced[next(spaced.len())]);
                } else if doc % 3 == 1 {
                    words.push(ambiguous[next(ambiguous.len())]);
                } else {
                    words.push(plain[next(plain.len())]);
                }
            }
            let text = words.join(" ");
            let r = gopher_repetition(&text, || &words[..], &all_stats());
            for n in 2..=4 {
                let expected = (n <= words.len()).then(|| most_common_by_strings(&words, n));
                let got = r.top_gram(n).map(|t| {
                    assert_eq!(t.chars, t.ngram.chars().count() * t.count, "document {doc}");
                    (t.ngram.clone(), t.count)
                });
                assert_eq!(got, expected, "document {doc}, top {n}-gram of {words:?}");
            }
            for n in 5..=10 {
                assert_eq!(
                    r.dup_gram(n).unwrap().chars,
                    find_all_duplicate_by_strings(&words, n),
                    "document {doc}, duplicated {n}-grams of {words:?}"
                );
            }
        }
    }

    #[test]
    fn word_hash_is_the_polynomial_of_the_bytes() {
        let word = "ab é\u{65e5}c".repeat(12);
        for end in (0..=word.len()).filter(|&e| word.is_char_boundary(e)) {
            let w = &word.as_bytes()[..end];
            let (x, p, pi, chars, space) = word_hash(w);
            let (mut want, mut pow) = (0u64, 1u64);
            for &b in w {
                want = want.wrapping_add((b as u64 + 1).wrapping_mul(pow));
                pow = pow.wrapping_mul(BASE);
            }
            assert_eq!((x, p, p.wrapping_mul(pi)), (want, pow, 1), "{end} bytes");
            assert_eq!(
                (chars, space),
                (word[..end].chars().count(), w.contains(&b' ')),
                "{end} bytes"
            );
        }
    }

    #[test]
    fn newline_runs_split_as_the_regex_does() {
        let pieces = ["\n", "\n\n", "\n\n\n", "a", "é", " ", "\r"];
        let splits = [
            (1, regex::Regex::new(r"\n+").unwrap()),
            (2, regex::Regex::new(r"\n{2,}").unwrap()),
        ];
        let mut state = 7u64;
        for _ in 0..2000 {
            let mut s = String::new();
            for _ in 0..(state % 9) {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                s.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            state = state.wrapping_add(1);
            for (min, re) in &splits {
                let want: Vec<&str> = re.split(&s).collect();
                assert_eq!(
                    split_newline_runs(&s, *min).collect::<Vec<_>>(),
                    want,
                    "{s:?}, {re}"
                );
            }
        }
    }
}
