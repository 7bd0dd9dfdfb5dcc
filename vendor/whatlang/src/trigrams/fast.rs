//! siftql fork: a faster computation of upstream's trigram distances, with the same integers.
//!
//! Upstream counts the text's trigrams in a `HashMap<Trigram, u32>`, sorts all distinct trigrams
//! by (count, trigram) descending, keeps the first [`TEXT_TRIGRAMS_SIZE`] as a
//! `HashMap<Trigram, position>`, and for every language looks up each of its 300 profile
//! trigrams there. The fork
//!
//! * packs a trigram into a `u64` (`c1 << 42 | c2 << 21 | c3`: 21 bits hold any `char`), whose
//!   numeric order is `Trigram`'s derived (lexicographic) order, and counts them in reusable
//!   per-thread tables: a direct one for the trigrams of space, `a`..=`z` and DEL, a hash table
//!   for the others;
//! * selects the first [`TEXT_TRIGRAMS_SIZE`] by distributing them by count and sorting only
//!   what is needed: (count, trigram) is a strict total order (trigrams are distinct), so the
//!   positions are upstream's;
//! * walks those trigrams once through an inverted index of the script's profiles
//!   (trigram → every (language, rank) that has it) and sums, per language, the difference to
//!   [`MAX_TRIGRAM_DISTANCE`] of the trigrams both have. Upstream's sum over the 300 profile
//!   trigrams of `|position - rank|` (present) or `MAX_TRIGRAM_DISTANCE` (absent) is
//!   `len * MAX_TRIGRAM_DISTANCE` plus that sum, the same integer.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

use super::{
    ARABIC_LANGS, CYRILLIC_LANGS, DEVANAGARI_LANGS, HEBREW_LANGS, LATIN_LANGS, LangProfileList,
    MAX_TRIGRAM_DISTANCE, TEXT_TRIGRAMS_SIZE, Trigram,
};
use crate::Lang;
use crate::scripts::grouping::MultiLangScript;

const SPACE: u32 = ' ' as u32;

#[inline(always)]
pub(crate) fn pack(c1: u32, c2: u32, c3: u32) -> u64 {
    (u64::from(c1) << 42) | (u64::from(c2) << 21) | u64::from(c3)
}

impl Trigram {
    pub(crate) fn packed(&self) -> u64 {
        pack(self.0 as u32, self.1 as u32, self.2 as u32)
    }
}

#[inline(always)]
fn hash(key: u64) -> u64 {
    // Fibonacci hashing: the high bits of the product are used.
    (key ^ (key >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Code of a trigram character (after upstream's `to_trigram_char`) below 0x80 in the direct
/// tables: space 0, `a`..=`z` 1..=26, DEL 27, in the order of the characters, so that the
/// 15-bit code `code(c1) << 10 | code(c2) << 5 | code(c3)` of a trigram of such characters
/// orders as the packed trigram. Any other character is [`NOT_DIRECT`].
const DIRECT_CODE: [u8; 128] = {
    let mut table = [NOT_DIRECT; 128];
    table[SPACE as usize] = 0;
    let mut c = b'a';
    while c <= b'z' {
        table[c as usize] = c - b'a' + 1;
        c += 1;
    }
    table[0x7F] = 27;
    table
};
const NOT_DIRECT: u8 = 0x80;
/// Number of 15-bit direct codes.
const DIRECT_SIZE: usize = 1 << 15;

#[inline(always)]
fn direct_code_of_char(c: u32) -> u8 {
    if c < 0x80 { DIRECT_CODE[c as usize] } else { NOT_DIRECT }
}

/// The 15-bit direct code of a packed trigram, if its three characters have one.
#[inline(always)]
fn direct_code(key: u64) -> Option<usize> {
    const MASK: u64 = (1 << 21) - 1;
    let (a, b, c) = (
        direct_code_of_char((key >> 42) as u32),
        direct_code_of_char(((key >> 21) & MASK) as u32),
        direct_code_of_char((key & MASK) as u32),
    );
    if (a | b | c) & NOT_DIRECT != 0 {
        None
    } else {
        Some((usize::from(a) << 10) | (usize::from(b) << 5) | usize::from(c))
    }
}

/// One in an entry's count (entries are `count << 64 | packed trigram`).
const ONE: u128 = 1 << 64;

/// The character of each direct code (see [`DIRECT_CODE`]; 28 to 31 are unused).
const CHAR_OF_CODE: [u32; 32] = {
    let mut chars = [0u32; 32];
    let mut c = 0;
    while c < 128 {
        if DIRECT_CODE[c] != NOT_DIRECT {
            chars[DIRECT_CODE[c] as usize] = c as u32;
        }
        c += 1;
    }
    chars
};

/// Counts of distinct trigrams: a direct table for the trigrams of space, `a`..=`z` and DEL
/// (nearly all of a Latin text's), counted without a branch that depends on the text, and a
/// hash table for the others.
struct Counter {
    /// By direct code: the trigram's count in the current text (all zero between texts).
    direct: Box<[u32; DIRECT_SIZE]>,
    /// The direct codes of the distinct trigrams counted in `direct`, in order of first
    /// occurrence (written at every trigram, kept if it was the first; the rest is left from
    /// earlier texts). Code 0, the trigram (' ', ' ', ' '), which upstream never counts, stands
    /// for a skipped trigram.
    codes: Vec<u16>,
    hashed: HashCounter,
    /// The first entries in order, and scratch space (see [`select_top`]).
    top: Vec<u128>,
    keys: Vec<u64>,
}

/// Open-addressing table (linear probing) whose slots are valid only for the current
/// generation, so it is reused between texts without clearing.
struct HashCounter {
    /// (key, index into `entries`, generation)
    slots: Vec<(u64, u32, u32)>,
    shift: u32,
    generation: u32,
    /// `count << 64 | packed trigram` of every distinct trigram (those with a direct code
    /// appended after counting): the numeric order is upstream's (count, trigram) order.
    entries: Vec<u128>,
}

impl Counter {
    fn new() -> Self {
        Self {
            direct: vec![0; DIRECT_SIZE].into_boxed_slice().try_into().unwrap(),
            codes: Vec::new(),
            hashed: HashCounter {
                slots: Vec::new(),
                shift: 64,
                generation: 0,
                entries: Vec::new(),
            },
            top: Vec::new(),
            keys: Vec::new(),
        }
    }

    /// Empties the counter for a text of `len` characters.
    fn reset(&mut self, len: usize) {
        // Only the codes written for the current text are read (see `count_chars`).
        if self.codes.len() < len + 1 {
            self.codes.resize(len + 1, 0);
        }
        let hashed = &mut self.hashed;
        // A text of n characters has at most n + 1 distinct trigrams, usually far fewer, and
        // most go to the direct table: start with room for n / 8 and grow as needed.
        let want = (len.min(8192) / 8 + 1).next_power_of_two().max(32) * 2;
        hashed.entries.clear();
        if hashed.slots.len() < want
            || hashed.slots.len() > want * 16
            || hashed.generation == u32::MAX
        {
            hashed.slots.clear();
            hashed.slots.resize(want, (0, 0, 0));
            hashed.shift = 64 - want.trailing_zeros();
            hashed.generation = 1;
        } else {
            hashed.generation += 1;
        }
    }

    /// Appends the trigrams counted in the direct table (the first `distinct` of `codes`) to
    /// the entries and leaves the table all zero.
    fn finish_direct(&mut self, distinct: usize) {
        let entries = &mut self.hashed.entries;
        for &code in &self.codes[..distinct] {
            let code = usize::from(code);
            let count = std::mem::take(&mut self.direct[code]);
            if code != 0 {
                let key = pack(
                    CHAR_OF_CODE[code >> 10],
                    CHAR_OF_CODE[(code >> 5) & 31],
                    CHAR_OF_CODE[code & 31],
                );
                entries.push((u128::from(count) << 64) | u128::from(key));
            }
        }
    }
}

impl HashCounter {
    /// Doubles the table, keeping the current generation's trigrams.
    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![(0, 0, 0); size]);
        self.shift = 64 - size.trailing_zeros();
        let generation = self.generation;
        self.generation = 1;
        let mask = size - 1;
        for (key, index, g) in old {
            if g == generation {
                let mut at = (hash(key) >> self.shift) as usize;
                while self.slots[at].2 == self.generation {
                    at = (at + 1) & mask;
                }
                self.slots[at] = (key, index, self.generation);
            }
        }
    }

    #[inline(always)]
    fn add(&mut self, key: u64) {
        let mask = self.slots.len() - 1;
        let mut at = (hash(key) >> self.shift) as usize;
        loop {
            let slot = &mut self.slots[at];
            if slot.2 != self.generation {
                *slot = (key, self.entries.len() as u32, self.generation);
                self.entries.push(ONE | u128::from(key));
                if self.entries.len() * 2 > self.slots.len() {
                    self.grow();
                }
                return;
            }
            if slot.0 == key {
                self.entries[slot.1 as usize] += ONE;
                return;
            }
            at = (at + 1) & mask;
        }
    }
}

/// Trigram character (upstream's `to_trigram_char`: stop characters, that is space,
/// punctuation and digits, become a space) and direct code of the characters below 0x80.
const ASCII_TRIGRAM_CHAR: [(u8, u8); 128] = {
    let mut table = [(0u8, 0u8); 128];
    let mut c = 0;
    while c < 128 {
        let stop = c <= 0x40 || (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
        let t = if stop { 0x20 } else { c };
        table[c] = (t as u8, DIRECT_CODE[t]);
        c += 1;
    }
    table
};

/// Counts the trigrams of the lowercase text, as upstream: c1 = ' ', c2 = the first character,
/// then for every further character c3 (and a final ' ') the trigram (c1, c2, c3) unless c2 is
/// a space next to a space (an empty text has none).
#[inline(always)]
fn count_chars(counter: &mut Counter, text: &[u32]) -> usize {
    #[inline(always)]
    fn convert(c: u32) -> (u32, u8) {
        if c < 0x80 {
            let (t, d) = ASCII_TRIGRAM_CHAR[c as usize];
            (u32::from(t), d)
        } else {
            (c, NOT_DIRECT)
        }
    }
    let Some((&first, rest)) = text.split_first() else {
        return 0;
    };
    let Counter { direct, codes, hashed, .. } = counter;
    // `codes` has room for every trigram; `distinct` of them are kept.
    let codes = &mut codes[..rest.len() + 1];
    let mut distinct = 0;
    let (c2, d2) = convert(first);
    // The packed trigram (c1, c2, c3), its direct code in the low 15 bits and which of the three
    // characters have none.
    let mut key = pack(SPACE, SPACE, c2);
    let mut code = usize::from(d2 & 31);
    let mut not_direct = u32::from(d2 >> 7);
    const KEY_MASK: u64 = (1 << 63) - 1;
    const SPACE_SPACE: u64 = (SPACE as u64) << 21 | SPACE as u64;
    // The characters after the first, then a space.
    for i in 0..=rest.len() {
        let (c3, d3) = match rest.get(i) {
            Some(&c) => convert(c),
            None => (SPACE, 0),
        };
        key = ((key << 21) | u64::from(c3)) & KEY_MASK;
        code = ((code << 5) | usize::from(d3 & 31)) & (DIRECT_SIZE - 1);
        not_direct = ((not_direct << 1) | u32::from(d3 >> 7)) & 7;
        // Skipped: c2 == ' ' and (c1 == ' ' or c3 == ' '). Bitwise operators, not `&&` and
        // `||`: spaces come at unpredictable places, so no branch should depend on them.
        let skip = ((key >> 21) & ((1 << 21) - 1) == u64::from(SPACE))
            & ((key >> 21 == SPACE_SPACE) | (c3 == SPACE));
        if not_direct == 0 {
            let code = if skip { 0 } else { code };
            let count = &mut direct[code];
            codes[distinct] = code as u16;
            distinct += usize::from(*count == 0);
            *count += 1;
        } else if !skip {
            hashed.add(key);
        }
    }
    distinct
}

thread_local! {
    static COUNTER: RefCell<Counter> = RefCell::new(Counter::new());
}

/// Calls `f` with the text's most frequent distinct trigrams (at most [`TEXT_TRIGRAMS_SIZE`]),
/// as `count << 64 | packed trigram`, in upstream's position order.
pub(crate) fn with_top_trigrams<R>(lowercase: &[u32], f: impl FnOnce(&[u128]) -> R) -> R {
    COUNTER.with(|cell| {
        let mut counter = cell.borrow_mut();
        counter.reset(lowercase.len());
        let distinct = count_chars(&mut counter, lowercase);
        counter.finish_direct(distinct);
        let Counter { hashed, top, keys, .. } = &mut *counter;
        select_top(&hashed.entries, top, keys);
        f(top)
    })
}

/// The first [`TEXT_TRIGRAMS_SIZE`] entries (or all) in descending order, as upstream's
/// `sort_unstable_by(|a, b| b.cmp(a))` on (count, trigram), into `out`. The entries are
/// distributed by count (all counts from [`COUNT_BUCKETS`] on in the last bucket) and only
/// the buckets that reach into the first [`TEXT_TRIGRAMS_SIZE`] are sorted, each on its own
/// (by the packed trigram alone where the count is the same), and of the last of them only the
/// part that is needed. `keys` is scratch space.
fn select_top(entries: &[u128], out: &mut Vec<u128>, keys: &mut Vec<u64>) {
    const CAP: usize = COUNT_BUCKETS;
    let bucket = |e: u128| ((e >> 64) as u64).min(CAP as u64) as usize;
    let mut sizes = [0usize; CAP + 1];
    for &e in entries {
        sizes[bucket(e)] += 1;
    }
    // Buckets from `low` on are taken; `taken` entries are in those above `low`.
    let (mut low, mut taken) = (CAP, 0);
    while low > 1 && taken + sizes[low] < TEXT_TRIGRAMS_SIZE {
        taken += sizes[low];
        low -= 1;
    }
    let keep = (TEXT_TRIGRAMS_SIZE - taken).min(sizes[low]);
    // The buckets below `CAP` from `low` on, as packed trigrams, each ascending in `keys`.
    let mut starts = [0usize; CAP + 1];
    let mut at = 0;
    for b in low..CAP {
        starts[b] = at;
        at += sizes[b];
    }
    keys.clear();
    keys.resize(at, 0);
    out.clear();
    let mut next = starts;
    for &e in entries {
        let b = bucket(e);
        if b == CAP {
            out.push(e);
        } else if b >= low {
            keys[next[b]] = e as u64;
            next[b] += 1;
        }
    }
    let desc = |a: &u128, b: &u128| b.cmp(a);
    if low == CAP {
        if keep < out.len() {
            out.select_nth_unstable_by(keep - 1, desc);
            out.truncate(keep);
        }
    }
    out.sort_unstable_by(desc);
    for b in (low..CAP).rev() {
        let bucket = &mut keys[starts[b]..starts[b] + sizes[b]];
        let needed = if b == low { keep } else { bucket.len() };
        if needed < bucket.len() {
            let from = bucket.len() - needed;
            bucket.select_nth_unstable(from);
        }
        let from = bucket.len() - needed;
        let bucket = &mut bucket[from..];
        bucket.sort_unstable();
        out.extend(bucket.iter().rev().map(|&key| ((b as u128) << 64) | u128::from(key)));
    }
}

/// Entries with a count from this on share the last bucket of [`select_top`].
const COUNT_BUCKETS: usize = 64;

/// Inverted index of a script's language profiles.
pub(crate) struct ProfileIndex {
    /// The script's languages and their profile lengths, in upstream's list order.
    pub(crate) langs: Vec<(Lang, u32)>,
    /// By direct code (see [`DIRECT_CODE`]): the trigram's postings range (see [`range`]), 0 if
    /// no profile has it.
    direct: Vec<u32>,
    /// Open-addressing table of the trigrams without a direct code: (key, postings range); key 0
    /// is an empty slot (no trigram packs to 0: it would need three NUL characters, which are
    /// stop characters).
    slots: Vec<(u64, u32)>,
    shift: u32,
    /// (index into `langs`, rank in that language's profile)
    postings: Vec<(u16, u16)>,
}

/// A postings range as `start << 8 | length` (a trigram is in at most one profile per
/// language, fewer than 256 languages).
fn range(start: usize, end: usize) -> u32 {
    assert!(start < 1 << 24 && end - start < 1 << 8);
    ((start as u32) << 8) | (end - start) as u32
}

impl ProfileIndex {
    fn build(list: LangProfileList) -> Self {
        let mut map: HashMap<u64, Vec<(u16, u16)>> = HashMap::new();
        let mut order: Vec<u64> = Vec::new();
        for (li, &(_, profile)) in list.iter().enumerate() {
            for (rank, trigram) in profile.iter().enumerate() {
                let key = trigram.packed();
                assert_ne!(key, 0);
                map.entry(key).or_insert_with(|| {
                    order.push(key);
                    Vec::new()
                });
                map.get_mut(&key).unwrap().push((li as u16, rank as u16));
            }
        }
        let hashed = order.iter().filter(|&&key| direct_code(key).is_none()).count();
        let size = (hashed * 2).next_power_of_two().max(2);
        let shift = 64 - size.trailing_zeros();
        let mut slots = vec![(0u64, 0u32); size];
        let mut direct = vec![0u32; DIRECT_SIZE];
        let mut postings = Vec::new();
        for key in order {
            let start = postings.len();
            postings.extend_from_slice(&map[&key]);
            let range = range(start, postings.len());
            if let Some(code) = direct_code(key) {
                direct[code] = range;
            } else {
                let mut at = (hash(key) >> shift) as usize;
                while slots[at].0 != 0 {
                    at = (at + 1) & (size - 1);
                }
                slots[at] = (key, range);
            }
        }
        let langs = list.iter().map(|&(lang, profile)| (lang, profile.len() as u32)).collect();
        Self { langs, direct, slots, shift, postings }
    }

    #[inline(always)]
    fn prefetch(&self, key: u64) {
        prefetch(match direct_code(key) {
            Some(code) => self.direct[code..].as_ptr().cast::<i8>(),
            None => self.slots[(hash(key) >> self.shift) as usize..].as_ptr().cast::<i8>(),
        });
    }

    /// The postings range of the trigram (see [`range`]; 0 if no profile has it).
    #[inline(always)]
    fn range(&self, key: u64) -> u32 {
        match direct_code(key) {
            Some(code) => self.direct[code],
            None => {
                let mask = self.slots.len() - 1;
                let mut at = (hash(key) >> self.shift) as usize;
                loop {
                    let (k, range) = self.slots[at];
                    if k == key || k == 0 {
                        return range;
                    }
                    at = (at + 1) & mask;
                }
            }
        }
    }

    /// For every language of the list (in list order), upstream's distance sum
    /// `Σ over profile trigrams of (|position - rank| if in the text's top trigrams, else
    /// MAX_TRIGRAM_DISTANCE)`, before upstream's correction for short texts and clamping.
    pub(crate) fn raw_distances(&self, top: &[u128], out: &mut Vec<u32>) {
        let mut delta = [0i64; 64];
        let delta = &mut delta[..self.langs.len()];
        // The index does not fit in the L1 cache: first the postings ranges, asking for the
        // index slot of a trigram a few places ahead, then the postings, asking for those of a
        // trigram a few places ahead.
        const AHEAD: usize = 8;
        let mut ranges = [0u32; TEXT_TRIGRAMS_SIZE];
        let ranges = &mut ranges[..top.len()];
        for (position, &entry) in top.iter().enumerate() {
            if let Some(&next) = top.get(position + AHEAD) {
                self.prefetch(next as u64);
            }
            ranges[position] = self.range(entry as u64);
        }
        for (position, &range) in ranges.iter().enumerate() {
            if let Some(&next) = ranges.get(position + AHEAD) {
                prefetch(self.postings[(next >> 8) as usize..].as_ptr().cast::<i8>());
            }
            let start = (range >> 8) as usize;
            for &(li, rank) in &self.postings[start..start + (range & 0xFF) as usize] {
                let dist = (position as i64 - i64::from(rank)).abs();
                delta[li as usize] += dist - i64::from(MAX_TRIGRAM_DISTANCE);
            }
        }
        out.clear();
        out.extend(
            self.langs
                .iter()
                .zip(delta.iter())
                .map(|(&(_, len), &d)| (i64::from(len) * i64::from(MAX_TRIGRAM_DISTANCE) + d) as u32),
        );
    }
}

/// Asks for the cache line at `ptr` (a hint, no effect on results).
#[inline(always)]
fn prefetch(ptr: *const i8) {
    #[cfg(target_arch = "x86_64")]
    #[allow(unused_unsafe)]
    // SAFETY: prefetching is a hint and never faults; `ptr` points into a live table.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(ptr);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = ptr;
}

static LATIN_INDEX: LazyLock<ProfileIndex> = LazyLock::new(|| ProfileIndex::build(LATIN_LANGS));
static CYRILLIC_INDEX: LazyLock<ProfileIndex> = LazyLock::new(|| ProfileIndex::build(CYRILLIC_LANGS));
static ARABIC_INDEX: LazyLock<ProfileIndex> = LazyLock::new(|| ProfileIndex::build(ARABIC_LANGS));
static DEVANAGARI_INDEX: LazyLock<ProfileIndex> = LazyLock::new(|| ProfileIndex::build(DEVANAGARI_LANGS));
static HEBREW_INDEX: LazyLock<ProfileIndex> = LazyLock::new(|| ProfileIndex::build(HEBREW_LANGS));

pub(crate) fn profile_index(script: MultiLangScript) -> &'static ProfileIndex {
    use MultiLangScript as MLS;
    match script {
        MLS::Latin => &LATIN_INDEX,
        MLS::Cyrillic => &CYRILLIC_INDEX,
        MLS::Arabic => &ARABIC_INDEX,
        MLS::Devanagari => &DEVANAGARI_INDEX,
        MLS::Hebrew => &HEBREW_INDEX,
    }
}
