//! ISO 639 language codes: the ISO 639-3 table with ISO 639-1 and 639-2/B codes and
//! macrolanguages (SIL's code tables, generated into `udfs/data/iso639/` by
//! `tests/tools/make_iso639.py`), and the normalization of language codes and locale tags to
//! ISO 639-3 with siftql's macrolanguage folding.

use std::collections::HashMap;
use std::sync::LazyLock;

const LANGUAGES_TSV: &str = include_str!("../../data/iso639/languages.tsv");
const ALIASES_TSV: &str = include_str!("../../data/iso639/aliases.tsv");
const FOLDS_TSV: &str = include_str!("../../data/iso639/folds.tsv");

/// One ISO 639-3 code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// ISO 639-3 code.
    pub code: &'static str,
    /// Reference name.
    pub name: &'static str,
    /// "individual", "macrolanguage" or "special".
    pub scope: &'static str,
    /// The macrolanguage this individual language belongs to.
    pub macrolanguage: Option<&'static str>,
    /// ISO 639-1 code.
    pub part1: Option<&'static str>,
    /// ISO 639-2/B (bibliographic) code.
    pub part2b: Option<&'static str>,
}

/// The code table with its lookup indexes.
struct Table {
    languages: Vec<Language>,
    /// ISO 639-3, 639-1, 639-2/B and alias codes to an index of `languages`.
    index: HashMap<&'static str, usize>,
    /// Individual languages folded into their macrolanguage.
    folds: HashMap<&'static str, &'static str>,
}

/// The data rows (after the header) of a TSV file, as fields.
fn rows(tsv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines().skip(1).filter(|l| !l.is_empty()).map(|l| l.split('\t').collect())
}

fn non_empty(s: &'static str) -> Option<&'static str> {
    (!s.is_empty()).then_some(s)
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let languages: Vec<Language> = rows(LANGUAGES_TSV)
        .map(|f| Language {
            code: f[0],
            part2b: non_empty(f[1]),
            part1: non_empty(f[2]),
            scope: match f[3] {
                "M" => "macrolanguage",
                "S" => "special",
                _ => "individual",
            },
            macrolanguage: non_empty(f[4]),
            name: f[5],
        })
        .collect();
    let mut index = HashMap::with_capacity(languages.len() + 1024);
    for (i, l) in languages.iter().enumerate() {
        index.insert(l.code, i);
    }
    for (i, l) in languages.iter().enumerate() {
        for code in [l.part1, l.part2b].into_iter().flatten() {
            index.entry(code).or_insert(i);
        }
    }
    let by_code: HashMap<&str, usize> = languages.iter().enumerate().map(|(i, l)| (l.code, i)).collect();
    for f in rows(ALIASES_TSV) {
        index.entry(f[0]).or_insert(by_code[f[1]]);
    }
    let folds = rows(FOLDS_TSV).map(|f| (f[0], f[1])).collect();
    Table { languages, index, folds }
});

/// Every ISO 639-3 code, in code order.
pub fn languages() -> &'static [Language] {
    &TABLE.languages
}

/// The language part of a code or locale tag, lower-cased: `pt_BR` → `pt`, `zh-Hant` → `zh`,
/// `sr@latin` → `sr`, `en_US.UTF-8` → `en`, fastText's `__label__eng_Latn` → `eng`.
fn language_part(tag: &str) -> Option<String> {
    let tag = tag.trim();
    let tag = tag.strip_prefix("__label__").unwrap_or(tag);
    let part = tag.split(['-', '_', '@', '.']).next().unwrap_or("");
    ((2..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphabetic())).then(|| part.to_ascii_lowercase())
}

/// The ISO 639-3 code of a language code or locale tag, folded into the macrolanguage where
/// siftql's convention says so (`cmn` → `zho`, `nob` → `nor`; see `folds.tsv`). Accepts ISO
/// 639-1, 639-2/B, 639-2/T and 639-3 codes, retired 639-3 codes with a replacement, and the
/// withdrawn 639-1 codes iw, in, ji, jw and mo, in any case. `None` for unknown codes.
pub fn normalize(tag: &str) -> Option<&'static str> {
    let part = language_part(tag)?;
    let table = &*TABLE;
    let code = table.languages[*table.index.get(part.as_str())?].code;
    Some(table.folds.get(code).copied().unwrap_or(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_of_every_form() {
        for (input, expected) in [
            ("en", "eng"),
            ("EN", "eng"),
            ("eng", "eng"),
            ("fre", "fra"),
            ("fr", "fra"),
            ("ger", "deu"),
            ("deu", "deu"),
            ("pt_BR", "por"),
            ("zh-Hant", "zho"),
            ("zh_Hans_CN", "zho"),
            ("sr@latin", "srp"),
            ("en_US.UTF-8", "eng"),
            ("__label__eng_Latn", "eng"),
            ("__label__de", "deu"),
            (" es ", "spa"),
            ("iw", "heb"),
            ("mol", "ron"),
        ] {
            assert_eq!(normalize(input), Some(expected), "{input}");
        }
    }

    #[test]
    fn macrolanguage_folding() {
        for (input, expected) in [
            ("cmn", "zho"),
            ("zh", "zho"),
            ("chi", "zho"),
            ("yue", "yue"),
            ("arb", "ara"),
            ("arz", "arz"),
            ("pes", "fas"),
            ("prs", "prs"),
            ("nb", "nor"),
            ("nob", "nor"),
            ("no", "nor"),
            ("nn", "nno"),
            ("sh", "hbs"),
            ("hr", "hrv"),
            ("zsm", "msa"),
            ("id", "ind"),
            ("swh", "swa"),
        ] {
            assert_eq!(normalize(input), Some(expected), "{input}");
        }
    }

    #[test]
    fn unknown_codes() {
        for input in ["", "x", "xx", "zzz", "english", "e1", "-en", "qaa"] {
            assert_eq!(normalize(input), None, "{input:?}");
        }
    }

    #[test]
    fn table() {
        let all = languages();
        assert_eq!(all.len(), 7927);
        let zho = all.iter().find(|l| l.code == "zho").unwrap();
        assert_eq!((zho.name, zho.scope, zho.part1, zho.part2b), ("Chinese", "macrolanguage", Some("zh"), Some("chi")));
        let cmn = all.iter().find(|l| l.code == "cmn").unwrap();
        assert_eq!((cmn.scope, cmn.macrolanguage), ("individual", Some("zho")));
    }
}
