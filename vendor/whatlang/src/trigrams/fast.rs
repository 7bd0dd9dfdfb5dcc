//! siftql fork: a faster computation of upstream's trigram distances, with the same integers.
//!
//! Upstream counts the text's trigrams in a `HashMap<Trigram, u32>`, sorts all distinct trigrams
//! by (count, trigram) descending, keeps the first [`TEXT_TRIGRAMS_SIZE`] as a
//! `HashMap<Trigram, position>`, and for every language looks up each of its 300 profile
//! trigrams there. The fork
//!
//! * packs a trigram into a `u64` (`c1 << 42 | c2 << 21 | c3`: 21 bits hold any `char`), whose
//!   numeric order is `Trigram`'s derived (lexicographic) order, and counts them in a reusable
//!   per-thread open-addressing table;
//! * selects the first [`TEXT_TRIGRAMS_SIZE`] with `select_nth_unstable` and sorts only those:
//!   (count, trigram) is a strict total order (trigrams are distinct), so the positions are
//!   upstream's;
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

/// Counts of distinct trigrams: an open-addressing table (linear probing) whose slots are valid
/// only for the current generation, so it is reused between texts without clearing.
struct Counter {
    /// (key, index into `entries`, generation)
    slots: Vec<(u64, u32, u32)>,
    shift: u32,
    generation: u32,
    /// (count, key) of every distinct trigram, in order of first occurrence.
    entries: Vec<(u32, u64)>,
}

impl Counter {
    fn new() -> Self {
        Self { slots: Vec::new(), shift: 64, generation: 0, entries: Vec::new() }
    }

    /// Empties the counter for a text of `len` bytes.
    fn reset(&mut self, len: usize) {
        // A text of n characters has at most n + 1 distinct trigrams, usually far fewer: start
        // with room for n / 2 (a small table stays in the cache) and grow as needed.
        let want = (len.min(8192) / 2 + 1).next_power_of_two().max(32) * 2;
        self.entries.clear();
        if self.slots.len() < want || self.slots.len() > want * 16 || self.generation == u32::MAX {
            self.resize(want);
        } else {
            self.generation += 1;
        }
    }

    fn resize(&mut self, size: usize) {
        self.slots.clear();
        self.slots.resize(size, (0, 0, 0));
        self.shift = 64 - size.trailing_zeros();
        self.generation = 1;
        let mask = size - 1;
        for (i, &(_, key)) in self.entries.iter().enumerate() {
            let mut at = (hash(key) >> self.shift) as usize;
            while self.slots[at].2 == self.generation {
                at = (at + 1) & mask;
            }
            self.slots[at] = (key, i as u32, self.generation);
        }
    }

    #[inline(always)]
    fn add(&mut self, key: u64) {
        let mask = self.slots.len() - 1;
        let mut at = (hash(key) >> self.shift) as usize;
        loop {
            // SAFETY-free: `at` is always masked into range.
            let slot = &mut self.slots[at];
            if slot.2 != self.generation {
                *slot = (key, self.entries.len() as u32, self.generation);
                self.entries.push((1, key));
                if self.entries.len() * 2 > self.slots.len() {
                    let size = self.slots.len() * 2;
                    self.resize(size);
                }
                return;
            }
            if slot.0 == key {
                self.entries[slot.1 as usize].0 += 1;
                return;
            }
            at = (at + 1) & mask;
        }
    }
}

/// Maps a character of the lowercase text to its trigram character: stop characters (space,
/// punctuation, digits) become a space, as upstream's `to_trigram_char`.
#[inline(always)]
fn trigram_char(c: u32) -> u32 {
    if c <= 0x40 || (0x5B..=0x60).contains(&c) || (0x7B..=0x7E).contains(&c) { SPACE } else { c }
}

#[inline(always)]
fn count_chars(counter: &mut Counter, chars: impl Iterator<Item = u32>) {
    // Upstream: c1 = ' ', c2 = the first character (or the appended ' '), then for every further
    // character c3 (and a final ' ') the trigram (c1, c2, c3) unless c2 is a space next to a space.
    let mut chars = chars.map(trigram_char).chain(std::iter::once(SPACE));
    let mut c1 = SPACE;
    let mut c2 = chars.next().unwrap_or(SPACE);
    for c3 in chars {
        if !(c2 == SPACE && (c1 == SPACE || c3 == SPACE)) {
            counter.add(pack(c1, c2, c3));
        }
        c1 = c2;
        c2 = c3;
    }
}

thread_local! {
    static COUNTER: RefCell<Counter> = RefCell::new(Counter::new());
}

/// Calls `f` with the text's most frequent distinct trigrams (at most [`TEXT_TRIGRAMS_SIZE`]),
/// packed, in upstream's position order, and the number of them.
pub(crate) fn with_top_trigrams<R>(lowercase: &[u32], f: impl FnOnce(&[(u32, u64)]) -> R) -> R {
    COUNTER.with(|cell| {
        let mut counter = cell.borrow_mut();
        counter.reset(lowercase.len());
        count_chars(&mut counter, lowercase.iter().copied());
        let entries = &mut counter.entries;
        // Descending by (count, trigram), as upstream's `sort_unstable_by(|a, b| b.cmp(a))`.
        let desc = |a: &(u32, u64), b: &(u32, u64)| b.cmp(a);
        if entries.len() > TEXT_TRIGRAMS_SIZE {
            entries.select_nth_unstable_by(TEXT_TRIGRAMS_SIZE - 1, desc);
            entries.truncate(TEXT_TRIGRAMS_SIZE);
        }
        entries.sort_unstable_by(desc);
        f(entries)
    })
}

/// Inverted index of a script's language profiles.
pub(crate) struct ProfileIndex {
    /// The script's languages and their profile lengths, in upstream's list order.
    pub(crate) langs: Vec<(Lang, u32)>,
    /// Open-addressing table: (key, start, end) into `postings`; key 0 is an empty slot
    /// (no trigram packs to 0: it would need three NUL characters, which are stop characters).
    slots: Vec<(u64, u32, u32)>,
    shift: u32,
    /// (index into `langs`, rank in that language's profile)
    postings: Vec<(u16, u16)>,
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
        let size = (order.len() * 2).next_power_of_two().max(2);
        let shift = 64 - size.trailing_zeros();
        let mut slots = vec![(0u64, 0u32, 0u32); size];
        let mut postings = Vec::new();
        for key in order {
            let start = postings.len() as u32;
            postings.extend_from_slice(&map[&key]);
            let mut at = (hash(key) >> shift) as usize;
            while slots[at].0 != 0 {
                at = (at + 1) & (size - 1);
            }
            slots[at] = (key, start, postings.len() as u32);
        }
        let langs = list.iter().map(|&(lang, profile)| (lang, profile.len() as u32)).collect();
        Self { langs, slots, shift, postings }
    }

    #[inline(always)]
    fn prefetch(&self, key: u64) {
        let at = (hash(key) >> self.shift) as usize;
        #[cfg(target_arch = "x86_64")]
        #[allow(unused_unsafe)]
        // SAFETY: prefetching is a hint and never faults; `at` is in bounds.
        unsafe {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            _mm_prefetch::<_MM_HINT_T0>(self.slots.as_ptr().add(at).cast::<i8>());
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = at;
    }

    #[inline(always)]
    fn get(&self, key: u64) -> &[(u16, u16)] {
        let mask = self.slots.len() - 1;
        let mut at = (hash(key) >> self.shift) as usize;
        loop {
            let (k, start, end) = self.slots[at];
            if k == key {
                return &self.postings[start as usize..end as usize];
            }
            if k == 0 {
                return &[];
            }
            at = (at + 1) & mask;
        }
    }

    /// For every language of the list (in list order), upstream's distance sum
    /// `Σ over profile trigrams of (|position - rank| if in the text's top trigrams, else
    /// MAX_TRIGRAM_DISTANCE)`, before upstream's correction for short texts and clamping.
    pub(crate) fn raw_distances(&self, top: &[(u32, u64)], out: &mut Vec<u32>) {
        let mut delta = [0i64; 64];
        let delta = &mut delta[..self.langs.len()];
        // The index does not fit in the L1/L2 cache: ask for the slot of a trigram a few
        // iterations ahead.
        const AHEAD: usize = 8;
        for (position, &(_, key)) in top.iter().enumerate() {
            if let Some(&(_, next)) = top.get(position + AHEAD) {
                self.prefetch(next);
            }
            for &(li, rank) in self.get(key) {
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
