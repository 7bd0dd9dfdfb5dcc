//! It's a hard-core optimized implementation of a relatively simple algorithm.
//! The explanation of the algorithm can be found in the parent module [crate::alphabets].

use super::RawOutcome;
use crate::core::{FilterList, LowercaseText};
use crate::{Lang, Script};
use std::cmp::Reverse;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Inverted map binding a character to a set of languages.
pub fn build_inverted_map(alphabets: &[(Lang, &str)]) -> (Vec<char>, Vec<Vec<Lang>>) {
    let mut map = HashMap::new();

    for (lang, alphabet) in alphabets {
        for c in alphabet.chars() {
            let entry = map.entry(c).or_insert_with(Vec::new);
            entry.push(*lang);
        }
    }

    let mut char_lang: Vec<_> = map.into_iter().collect();

    char_lang.sort_unstable_by_key(|(c, _)| *c);

    let mut chars = Vec::with_capacity(char_lang.len());
    let mut langs = Vec::with_capacity(char_lang.len());
    for (ch, languages) in char_lang {
        chars.push(ch);
        langs.push(languages);
    }

    (chars, langs)
}

/// siftql fork: upstream's inverted map plus a direct table for the characters below
/// [`DIRECT_LIMIT`] (all of the Latin and Cyrillic alphabets), so most characters are found
/// without a binary search.
pub struct AlphabetMap {
    chars: Vec<char>,
    langs: Vec<Vec<Lang>>,
    /// For a code point below `DIRECT_LIMIT`: 0 if it is in no alphabet, else its index in
    /// `chars` plus one.
    direct: Vec<u16>,
}

const DIRECT_LIMIT: u32 = 0x2000;

impl AlphabetMap {
    pub fn new(alphabets: &[(Lang, &str)]) -> Self {
        let (chars, langs) = build_inverted_map(alphabets);
        let mut direct = vec![0u16; DIRECT_LIMIT as usize];
        for (i, &c) in chars.iter().enumerate() {
            if (c as u32) < DIRECT_LIMIT {
                direct[c as usize] = u16::try_from(i + 1).unwrap();
            }
        }
        Self { chars, langs, direct }
    }

    /// Upstream's `chars.binary_search(&ch).ok()` for a code point not below `DIRECT_LIMIT`.
    #[inline]
    fn position_beyond_direct(&self, cp: u32) -> Option<usize> {
        // Code points of a str are chars.
        let ch = char::from_u32(cp)?;
        self.chars.binary_search(&ch).ok()
    }
}

pub fn generic_alphabet_calculate_scores(
    script: Script,
    lang_map: &LazyLock<AlphabetMap>,
    text: &LowercaseText,
    filter_list: &FilterList,
) -> RawOutcome {
    let code_points: Vec<u32> = text.chars().map(|c| c as u32).collect();
    alphabet_calculate_scores_of_code_points(script, lang_map, &code_points, filter_list)
}

/// siftql fork: upstream's `generic_alphabet_calculate_scores` on the code points of the
/// lowercase text (shared with the trigram count), with the direct table look-up.
pub(crate) fn alphabet_calculate_scores_of_code_points(
    script: Script,
    lang_map: &LazyLock<AlphabetMap>,
    text: &[u32],
    filter_list: &FilterList,
) -> RawOutcome {
    let map: &AlphabetMap = lang_map;
    let langs = &map.langs;
    let script_langs = script.langs();

    // score of each character.
    // siftql fork: by position plus one; index 0 collects the stop characters and the
    // characters of no alphabet below `DIRECT_LIMIT`, so that no branch depends on the text.
    let mut char_scores = vec![0usize; map.chars.len() + 1];
    let mut max_raw_score = 0;
    // iterate over the text and scores characters.
    for &cp in text {
        // is_stop_char (bitwise operators: no branch should depend on where stop characters are)
        let stop = (cp <= 0x40) | (cp.wrapping_sub(0x5B) <= 0x60 - 0x5B) | (cp.wrapping_sub(0x7B) <= 0x7E - 0x7B);

        max_raw_score += usize::from(!stop);

        // add 2 and remove max_raw_score at the end,
        // to keep the score interval of -max_raw_score..max_raw_score
        if cp < DIRECT_LIMIT {
            let index = usize::from(map.direct[cp as usize]) * usize::from(!stop);
            char_scores[index] += 2;
        } else if let Some(position) = map.position_beyond_direct(cp) {
            char_scores[position + 1] += 2;
        }
    }

    // score of each lang.
    let mut lang_scores = vec![0; Lang::all().len()];
    let mut common_score: usize = 0;
    // iterate over scored characters to compute language's scores.
    for (position, char_score) in char_scores.into_iter().skip(1).enumerate() {
        if char_score > 0 {
            let languages = &langs[position];
            // if current character is common to all Languages, increment a common score
            // instead of iterating over all Languages scores.
            if languages.len() == script_langs.len() {
                common_score += char_score;
            } else {
                for &lang in languages {
                    lang_scores[lang as usize] += char_score;
                }
            }
        }
    }

    // remap languages with theirs scores.
    let mut raw_scores: Vec<(Lang, usize)> = script_langs
        .iter()
        .filter(|&&l| filter_list.is_allowed(l))
        .map(|&l| {
            let score = (lang_scores[l as usize] + common_score).saturating_sub(max_raw_score);
            (l, score)
        })
        .collect();

    raw_scores.sort_unstable_by_key(|(_, score)| Reverse(*score));

    let mut normalized_scores = vec![];

    for &(lang, raw_score) in raw_scores.iter() {
        let normalized_score = raw_score as f64 / max_raw_score as f64;
        normalized_scores.push((lang, normalized_score));
    }

    RawOutcome {
        count: max_raw_score,
        raw_scores,
        scores: normalized_scores,
    }
}
