//! Per-language word lists of the RedPajama-V2 signals: the stop words of
//! `utils/stop_words.py` (from the stopwords-json project) and the LDNOOBW lists
//! at commit `5faf2ba`. Sources and licences: `NOTICE` at the repository root.

use std::collections::HashSet;
use std::sync::LazyLock;

use foldhash::fast::FixedState;

/// A set of words with a cheap pre-check: a bit per (first byte, length) pair present,
/// so most non-members are rejected without hashing.
#[derive(Debug, Default)]
pub struct WordSet {
    words: HashSet<&'static str, FixedState>,
    shapes: Vec<u64>,
}

impl WordSet {
    fn shape(word: &str) -> Option<(usize, u64)> {
        let first = *word.as_bytes().first()?;
        Some((usize::from(first), 1 << word.len().min(63)))
    }

    /// True if `word` is in the set.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        match Self::shape(word) {
            Some((first, bit)) if self.shapes[first] & bit != 0 => self.words.contains(word),
            _ => false,
        }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True if the set has no words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

impl FromIterator<&'static str> for WordSet {
    fn from_iter<I: IntoIterator<Item = &'static str>>(iter: I) -> Self {
        let words: HashSet<&'static str, FixedState> = iter.into_iter().collect();
        let mut shapes = vec![0u64; 256];
        for (first, bit) in words.iter().filter_map(|w| Self::shape(w)) {
            shapes[first] |= bit;
        }
        Self { words, shapes }
    }
}

/// The word lists of one language.
#[derive(Debug)]
pub struct LangLists {
    /// Stop words (case-sensitive), or `None` for a language without a list.
    pub stop_words: Option<WordSet>,
    /// LDNOOBW entries (space-separated words); empty for languages without a list.
    pub ldnoobw: WordSet,
    /// First words of the multi-word LDNOOBW entries, to skip most n-gram joins.
    pub ldnoobw_first_words: WordSet,
    /// Distinct entry lengths in words, ascending.
    pub ldnoobw_sizes: Vec<usize>,
}

fn set(list: &'static str) -> WordSet {
    list.lines().map(str::trim).collect()
}

fn lists(stop: Option<&'static str>, ldnoobw: Option<&'static str>) -> LangLists {
    let ldnoobw = ldnoobw.map(set).unwrap_or_default();
    let mut sizes: Vec<usize> = ldnoobw.words.iter().map(|e| 1 + e.matches(' ').count()).collect();
    sizes.sort_unstable();
    sizes.dedup();
    let ldnoobw_first_words =
        ldnoobw.words.iter().filter(|e| e.contains(' ')).filter_map(|e| e.split(' ').next()).collect();
    LangLists { stop_words: stop.map(set), ldnoobw, ldnoobw_first_words, ldnoobw_sizes: sizes }
}

macro_rules! stop {
    ($lang:literal) => {
        include_str!(concat!("../../../data/wordlists/stopwords_rpv2/", $lang, ".txt"))
    };
}
macro_rules! ldnoobw {
    ($lang:literal) => {
        include_str!(concat!("../../../data/wordlists/ldnoobw_5faf2ba/", $lang, ".txt"))
    };
}

static EN: LazyLock<LangLists> = LazyLock::new(|| lists(Some(stop!("en")), Some(ldnoobw!("en"))));
static DE: LazyLock<LangLists> = LazyLock::new(|| lists(Some(stop!("de")), Some(ldnoobw!("de"))));
static FR: LazyLock<LangLists> = LazyLock::new(|| lists(Some(stop!("fr")), Some(ldnoobw!("fr"))));
static ES: LazyLock<LangLists> = LazyLock::new(|| lists(Some(stop!("es")), Some(ldnoobw!("es"))));
static IT: LazyLock<LangLists> = LazyLock::new(|| lists(Some(stop!("it")), Some(ldnoobw!("it"))));
static BG: LazyLock<LangLists> = LazyLock::new(|| lists(Some(stop!("bg")), None));
static FI: LazyLock<LangLists> = LazyLock::new(|| lists(Some(stop!("fi")), None));
static NONE: LazyLock<LangLists> = LazyLock::new(|| lists(None, None));

/// Languages with both a stop-word and an LDNOOBW list.
pub const FULL_LANGUAGES: [&str; 5] = ["en", "de", "fr", "es", "it"];

/// The lists for an ISO 639-1 code (case-insensitive). RedPajama-V2 has stop words
/// for en, de, fr, es, it, bg, fi and LDNOOBW lists for en, de, fr, es, it; any other
/// code gets no lists (LDNOOBW count 0, stop-word fraction NULL).
pub fn lang_lists(lang: &str) -> &'static LangLists {
    match lang.trim().to_ascii_lowercase().as_str() {
        "en" => &EN,
        "de" => &DE,
        "fr" => &FR,
        "es" => &ES,
        "it" => &IT,
        "bg" => &BG,
        "fi" => &FI,
        _ => &NONE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_have_the_documented_sizes() {
        let sizes = |l: &str| {
            let lists = lang_lists(l);
            (lists.stop_words.as_ref().map_or(0, |s| s.len()), lists.ldnoobw.len())
        };
        assert_eq!(sizes("en"), (570, 403));
        assert_eq!(sizes("DE"), (596, 66));
        assert_eq!(sizes("fr"), (606, 91));
        assert_eq!(sizes("es"), (577, 68));
        assert_eq!(sizes("it"), (619, 168));
        assert_eq!(sizes("zz"), (0, 0));
        assert!(lang_lists("en").ldnoobw_sizes.contains(&2));
    }
}
