//! A loaded BPE tokenizer: normalizer, pre-tokenizer, vocabulary, merge priorities, and the
//! ordered merge list the mixture attack replays.

use std::borrow::Cow;
use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use super::pretokenize::PreTokenizer;

/// A Unicode normalization step applied to text before pre-tokenization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Normalization {
    /// Canonical composition.
    Nfc,
    /// Canonical decomposition.
    Nfd,
    /// Compatibility composition (Claude's tokenizer).
    Nfkc,
    /// Compatibility decomposition.
    Nfkd,
    /// Lower-casing.
    Lowercase,
}

/// Applies `steps` in order.
pub fn normalize(text: &str, steps: &[Normalization]) -> String {
    steps.iter().fold(text.to_string(), |t, step| match step {
        Normalization::Nfc => t.nfc().collect(),
        Normalization::Nfd => t.nfd().collect(),
        Normalization::Nfkc => t.nfkc().collect(),
        Normalization::Nfkd => t.nfkd().collect(),
        Normalization::Lowercase => t.to_lowercase(),
    })
}

/// How pieces become initial symbols.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Alphabet {
    /// Every byte is a symbol (GPT-2 style byte-level BPE); `ids[b]` is byte `b`'s token id.
    Bytes {
        /// Token id of each single byte.
        ids: Box<[u32; 256]>,
    },
    /// Every character is a symbol, looked up in the vocabulary; characters outside it become
    /// the unknown token (or are an error when there is none).
    Chars {
        /// The unknown token's id, if the tokenizer has one.
        unk: Option<u32>,
    },
}

/// One merge of the ordered merge list: `left` and `right` token ids make `result`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// Left token id.
    pub left: u32,
    /// Right token id.
    pub right: u32,
    /// Token id of the merged token.
    pub result: u32,
}

/// A BPE tokenizer.
#[derive(Debug, Clone)]
pub struct BpeTokenizer {
    /// Where it came from (path and format), for messages.
    pub source: String,
    /// Normalization steps, in order.
    pub normalizer: Vec<Normalization>,
    /// The pre-tokenizer.
    pub pre_tokenizer: PreTokenizer,
    /// How pieces become symbols.
    pub alphabet: Alphabet,
    /// Token bytes (UTF-8 of the token for character-level vocabularies) → id.
    pub vocab: HashMap<Vec<u8>, u32>,
    /// Adjacent symbol pair → (priority, merged token id); the lowest priority merges first.
    pub pair_priority: HashMap<(u32, u32), (u32, u32)>,
    /// Emit a piece that is itself a token without merging (tiktoken, Llama 3's `ignore_merges`).
    pub ignore_merges: bool,
    /// The ordered merge list without redundant merges: each merged token made exactly once.
    pub merges: Vec<Merge>,
}

impl BpeTokenizer {
    /// Normalizes `text` and returns it with its pieces (byte ranges).
    pub fn pieces<'a>(&self, text: &'a str, out: &mut Vec<(usize, usize)>) -> Cow<'a, str> {
        let prepared = if self.normalizer.is_empty() {
            self.pre_tokenizer.prepare(text)
        } else {
            Cow::Owned(self.pre_tokenizer.prepare(&normalize(text, &self.normalizer)).into_owned())
        };
        self.pre_tokenizer.split(&prepared, out);
        prepared
    }

    /// The initial symbols of one piece, appended to `out`; `Err` names a character outside a
    /// character-level vocabulary without an unknown token.
    pub fn initial_symbols(&self, piece: &str, out: &mut Vec<u32>) -> Result<(), char> {
        match &self.alphabet {
            Alphabet::Bytes { ids } => out.extend(piece.bytes().map(|b| ids[b as usize])),
            Alphabet::Chars { unk } => {
                let mut buf = [0u8; 4];
                for c in piece.chars() {
                    match (self.vocab.get(c.encode_utf8(&mut buf).as_bytes()), unk) {
                        (Some(&id), _) => out.push(id),
                        (None, Some(unk)) => out.push(*unk),
                        (None, None) => return Err(c),
                    }
                }
            }
        }
        Ok(())
    }

    /// Appends the token ids of `text` to `ids` (special-token strings are plain text, as in
    /// tiktoken's `encode_ordinary` and Hugging Face's `encode(add_special_tokens=False)`).
    pub fn encode(&self, text: &str, ids: &mut Vec<u32>) -> Result<(), String> {
        let mut ranges = Vec::new();
        let prepared = self.pieces(text, &mut ranges);
        let mut symbols = Vec::new();
        for &(start, end) in &ranges {
            let piece = &prepared[start..end];
            if self.ignore_merges
                && let Some(&id) = self.vocab.get(piece.as_bytes())
            {
                ids.push(id);
                continue;
            }
            symbols.clear();
            self.initial_symbols(piece, &mut symbols).map_err(|c| {
                format!(
                    "character {c:?} is not in the vocabulary of {} and it has no unknown token",
                    self.source
                )
            })?;
            self.merge_symbols(&mut symbols, u32::MAX);
            ids.extend_from_slice(&symbols);
        }
        Ok(())
    }

    /// Applies merges to `symbols` in priority order (leftmost first among equals), using only
    /// merges whose priority is below `limit`.
    pub fn merge_symbols(&self, symbols: &mut Vec<u32>, limit: u32) {
        merge_by_priority(&self.pair_priority, symbols, limit);
    }
}

/// Repeatedly merges the adjacent pair of lowest priority below `limit` (leftmost on ties).
pub fn merge_by_priority(
    pairs: &HashMap<(u32, u32), (u32, u32)>,
    symbols: &mut Vec<u32>,
    limit: u32,
) {
    if symbols.len() < 2 {
        return;
    }
    let rank = |a: u32, b: u32| pairs.get(&(a, b)).filter(|(p, _)| *p < limit).copied();
    let mut ranks: Vec<Option<(u32, u32)>> = symbols.windows(2).map(|w| rank(w[0], w[1])).collect();
    loop {
        let mut best: Option<(usize, u32, u32)> = None;
        for (i, r) in ranks.iter().enumerate() {
            if let Some((p, id)) = *r
                && best.is_none_or(|(_, bp, _)| p < bp)
            {
                best = Some((i, p, id));
            }
        }
        let Some((i, _, id)) = best else { return };
        symbols[i] = id;
        symbols.remove(i + 1);
        ranks.remove(i);
        if i < ranks.len() {
            ranks[i] = rank(symbols[i], symbols[i + 1]);
        }
        if i > 0 {
            ranks[i - 1] = rank(symbols[i - 1], symbols[i]);
        }
    }
}
