//! The C4 bad-words rule as datatrove 0.10.1's `C4BadWordsFilter` applies it: a
//! document fails if its lower-cased text contains an entry of the language's LDNOOBW
//! list flanked by non-word characters (Python `re` `\W`) or the text's ends; for
//! ja, th and zh no flanking is required. Lists: English at LDNOOBW commit `25e679f`,
//! the 27 other languages at `5faf2ba`, minus datatrove's allow-list (`sm`, `グロ`,
//! `女の子`, `性`), as datatrove pins them.

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, Mutex};

use foldhash::fast::FixedState;

use crate::text::python_unicode::is_word;

/// Languages with a list (datatrove's `_BADWORDS_LANGS`).
pub const BADWORDS_LANGUAGES: [&str; 28] = [
    "ar", "cs", "da", "de", "en", "eo", "es", "fa", "fi", "fil", "fr", "fr-CA-u-sd-caqc", "hi", "hu", "it", "ja",
    "kab", "ko", "nl", "no", "pl", "pt", "ru", "sv", "th", "tlh", "tr", "zh",
];

const ALLOW_LIST: [&str; 4] = ["sm", "グロ", "女の子", "性"];

fn list_text(lang: &str) -> Option<&'static str> {
    macro_rules! lists {
        ($($lang:literal),*) => {
            match lang {
                "en" => Some(include_str!("../../data/wordlists/ldnoobw_25e679f/en.txt")),
                $($lang => Some(include_str!(concat!("../../data/wordlists/ldnoobw_5faf2ba/", $lang, ".txt"))),)*
                _ => None,
            }
        };
    }
    lists!(
        "ar", "cs", "da", "de", "eo", "es", "fa", "fi", "fil", "fr", "fr-CA-u-sd-caqc", "hi", "hu", "it", "ja", "kab",
        "ko", "nl", "no", "pl", "pt", "ru", "sv", "th", "tlh", "tr", "zh"
    )
}

/// A compiled bad-words list: the entries, and for each first byte the byte lengths
/// of the entries starting with it (so most positions cost one table lookup).
#[derive(Debug)]
pub struct BadWords {
    entries: HashSet<&'static str, FixedState>,
    lengths_by_first_byte: Vec<Vec<usize>>,
    flanked: bool,
}

impl BadWords {
    fn new(lang: &str, text: &'static str) -> Self {
        let entries: HashSet<&'static str, FixedState> =
            text.lines().map(str::trim).filter(|e| !e.is_empty() && !ALLOW_LIST.contains(e)).collect();
        let mut lengths_by_first_byte = vec![Vec::new(); 256];
        for entry in &entries {
            let lengths: &mut Vec<usize> = &mut lengths_by_first_byte[usize::from(entry.as_bytes()[0])];
            if !lengths.contains(&entry.len()) {
                lengths.push(entry.len());
            }
        }
        for lengths in &mut lengths_by_first_byte {
            lengths.sort_unstable_by(|a, b| b.cmp(a));
        }
        Self { entries, lengths_by_first_byte, flanked: !matches!(lang, "ja" | "th" | "zh") }
    }

    /// The first (leftmost, then longest) bad word in `lowered` (the document after
    /// Python `str.lower()`), with its code-point offset, or `None`.
    pub fn find(&self, lowered: &str) -> Option<(&'static str, usize)> {
        let mut prev_is_word = false;
        for (chars, (start, c)) in lowered.char_indices().enumerate() {
            let may_start = !self.flanked || !prev_is_word;
            prev_is_word = is_word(c);
            if !may_start {
                continue;
            }
            for &len in &self.lengths_by_first_byte[usize::from(lowered.as_bytes()[start])] {
                let Some(candidate) = lowered.get(start..start + len) else { continue };
                let Some(&entry) = self.entries.get(candidate) else { continue };
                if !self.flanked || lowered[start + len..].chars().next().is_none_or(|c| !is_word(c)) {
                    return Some((entry, chars));
                }
            }
        }
        None
    }
}

static COMPILED: LazyLock<Mutex<HashMap<&'static str, &'static BadWords>>> = LazyLock::new(Default::default);

/// The compiled list of a language (exact datatrove code, e.g. `en`, `fr-CA-u-sd-caqc`),
/// or `None` when datatrove has none.
pub fn badwords(lang: &str) -> Option<&'static BadWords> {
    let code = BADWORDS_LANGUAGES.iter().copied().find(|l| *l == lang)?;
    let text = list_text(code)?;
    let mut compiled = COMPILED.lock().unwrap_or_else(|e| e.into_inner());
    Some(*compiled.entry(code).or_insert_with(|| Box::leak(Box::new(BadWords::new(code, text)))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flanked_matches_like_datatrove() {
        let en = badwords("en").unwrap();
        assert_eq!(en.find("a nice day"), None);
        assert_eq!(en.find("you are an asshole."), Some(("asshole", 11)));
        assert_eq!(en.find("assholes"), None, "entries must be flanked by non-word characters");
        assert_eq!(en.find("é asshole"), Some(("asshole", 2)));
        assert!(badwords("xx").is_none());
        assert!(badwords("ja").is_some());
    }
}
