//! Per-category pair counts while a merge list is replayed (Hayase et al. 2024, §3.1–3.2).
//!
//! A category's sample is pre-tokenized and reduced to a word-frequency table; each distinct
//! word is a sequence of symbols. An index maps each adjacent pair to the words holding it, so
//! applying merge `t` touches only those words: their pairs before and after the merge give the
//! count changes (times the word's frequency). The trace records, for every step, the new
//! absolute count of each pair whose count changed — never a recount.

use super::FastMap;

use super::tokenizer::{BpeTokenizer, Merge};

/// An adjacent symbol pair as one key: `left << 32 | right`.
pub type PairKey = u64;

/// The key of `(left, right)`.
pub fn pair_key(left: u32, right: u32) -> PairKey {
    (u64::from(left) << 32) | u64::from(right)
}

/// A category's pair counts before any merge and after each merge.
#[derive(Debug, Clone, Default)]
pub struct PairTrace {
    /// UTF-8 bytes of the sample.
    pub bytes: u64,
    /// Adjacent pairs in the sample before any merge (the paper's normalizer).
    pub initial_pairs: u64,
    /// Pair counts before the first merge.
    pub initial: Vec<(PairKey, u64)>,
    /// `changes[step_offsets[t]..step_offsets[t + 1]]`: pairs whose count changed with merge
    /// `t`, with their new count.
    pub changes: Vec<(PairKey, u64)>,
    /// Offsets into [`Self::changes`], one more than the merges applied.
    pub step_offsets: Vec<usize>,
}

impl PairTrace {
    /// The changes recorded for merge `t`.
    pub fn step(&self, t: usize) -> &[(PairKey, u64)] {
        &self.changes[self.step_offsets[t]..self.step_offsets[t + 1]]
    }

    /// Number of merges replayed.
    pub fn steps(&self) -> usize {
        self.step_offsets.len() - 1
    }
}

/// Word-frequency table of a category sample, built text by text.
#[derive(Debug, Default)]
pub struct WordCounts {
    counts: FastMap<Box<str>, u64>,
    bytes: u64,
    ranges: Vec<(usize, usize)>,
}

impl WordCounts {
    /// Adds one text's pieces, line by line (each line keeps its `\n`): Hugging Face's trainer,
    /// which the reference counter runs, reads its input one line at a time, so no piece spans a
    /// line break.
    pub fn add(&mut self, tokenizer: &BpeTokenizer, text: &str) {
        self.bytes += text.len() as u64;
        for line in text.split_inclusive('\n') {
            let prepared = tokenizer.pieces(line, &mut self.ranges);
            for &(start, end) in &self.ranges {
                let piece = &prepared[start..end];
                match self.counts.get_mut(piece) {
                    Some(count) => *count += 1,
                    None => {
                        self.counts.insert(piece.into(), 1);
                    }
                }
            }
        }
    }

    /// UTF-8 bytes added so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Distinct words so far.
    pub fn distinct(&self) -> usize {
        self.counts.len()
    }

    /// Adds `times` copies of `other`'s words and bytes.
    pub fn absorb(&mut self, other: &WordCounts, times: u64) {
        self.bytes += other.bytes * times;
        for (word, &count) in &other.counts {
            match self.counts.get_mut(word) {
                Some(c) => *c += count * times,
                None => {
                    self.counts.insert(word.clone(), count * times);
                }
            }
        }
    }
}

/// A distinct word: its current symbols and how often it occurs.
struct Word {
    symbols: Vec<u32>,
    count: u64,
}

/// Replays `merges` over the words of `counts` and records the pair-count trace. Characters
/// outside a character-level vocabulary without an unknown token stay symbols of their own
/// (`u32::MAX - code point`), which no merge uses.
pub fn trace_merges(tokenizer: &BpeTokenizer, counts: &WordCounts, merges: &[Merge]) -> PairTrace {
    let mut words: Vec<Word> = Vec::with_capacity(counts.counts.len());
    let mut symbols = Vec::new();
    let mut entries: Vec<(&str, u64)> = counts.counts.iter().map(|(w, &c)| (&**w, c)).collect();
    entries.sort_unstable();
    for (piece, count) in entries {
        symbols.clear();
        if tokenizer.initial_symbols(piece, &mut symbols).is_err() {
            symbols.clear();
            let mut buf = [0u8; 4];
            for c in piece.chars() {
                match tokenizer.vocab.get(c.encode_utf8(&mut buf).as_bytes()) {
                    Some(&id) => symbols.push(id),
                    None => symbols.push(u32::MAX - c as u32),
                }
            }
        }
        if !symbols.is_empty() {
            words.push(Word {
                symbols: symbols.clone(),
                count,
            });
        }
    }

    let mut pair_counts: FastMap<PairKey, u64> = FastMap::default();
    let mut index: FastMap<PairKey, Vec<u32>> = FastMap::default();
    for (w, word) in words.iter().enumerate() {
        for pair in word.symbols.windows(2) {
            let key = pair_key(pair[0], pair[1]);
            *pair_counts.entry(key).or_insert(0) += word.count;
            let holders = index.entry(key).or_default();
            if holders.last() != Some(&(w as u32)) {
                holders.push(w as u32);
            }
        }
    }
    let mut initial: Vec<(PairKey, u64)> = pair_counts.iter().map(|(&k, &c)| (k, c)).collect();
    initial.sort_unstable();
    let initial_pairs = initial.iter().map(|&(_, c)| c).sum();

    let mut trace = PairTrace {
        bytes: counts.bytes,
        initial_pairs,
        initial,
        changes: Vec::new(),
        step_offsets: vec![0],
    };
    let mut delta: FastMap<PairKey, i64> = FastMap::default();
    let mut merged = Vec::new();
    for merge in merges {
        let key = pair_key(merge.left, merge.right);
        delta.clear();
        if let Some(mut holders) = index.remove(&key) {
            holders.sort_unstable();
            holders.dedup();
            for &w in &holders {
                let word = &mut words[w as usize];
                if !merge_word(&word.symbols, merge, &mut merged) {
                    continue;
                }
                let count = word.count as i64;
                for pair in word.symbols.windows(2) {
                    *delta.entry(pair_key(pair[0], pair[1])).or_insert(0) -= count;
                }
                for pair in merged.windows(2) {
                    let k = pair_key(pair[0], pair[1]);
                    *delta.entry(k).or_insert(0) += count;
                    if pair[0] == merge.result || pair[1] == merge.result {
                        let holders = index.entry(k).or_default();
                        if holders.last() != Some(&w) {
                            holders.push(w);
                        }
                    }
                }
                std::mem::swap(&mut word.symbols, &mut merged);
            }
        }
        let start = trace.changes.len();
        for (&k, &d) in &delta {
            if d == 0 {
                continue;
            }
            let count = pair_counts.entry(k).or_insert(0);
            *count = (*count as i64 + d) as u64;
            trace.changes.push((k, *count));
            if *count == 0 {
                pair_counts.remove(&k);
            }
        }
        trace.changes[start..].sort_unstable();
        trace.step_offsets.push(trace.changes.len());
    }
    trace
}

/// Writes `symbols` with every occurrence of the merge's pair merged, left to right, into
/// `out`; false when the pair does not occur.
fn merge_word(symbols: &[u32], merge: &Merge, out: &mut Vec<u32>) -> bool {
    out.clear();
    let mut i = 0;
    let mut found = false;
    while i < symbols.len() {
        if i + 1 < symbols.len() && symbols[i] == merge.left && symbols[i + 1] == merge.right {
            out.push(merge.result);
            i += 2;
            found = true;
        } else {
            out.push(symbols[i]);
            i += 1;
        }
    }
    found
}
