//! Language identification behind `lang_id`, `lang_topk` and `lang_share`: whatlang's
//! trigram model (compiled in, 70 languages) or any fastText language-identification model
//! (lid.176, GlotLID, OpenLID …), with every answer as an ISO 639-3 code folded as
//! `lang_normalize` folds it and the text's dominant ISO 15924 script.

use std::sync::Arc;

use whatlang::{Detector, Lang};

use super::fasttext_model::{Model, model_from_path};
use super::iso639::normalize;
use super::scripts::ScriptCounts;

/// fastText probability from which an identification counts as reliable (FineWeb's and
/// datatrove's language-filter threshold).
pub const FASTTEXT_RELIABLE: f64 = 0.65;

/// A language-identification model.
#[derive(Debug, Clone)]
pub enum LangModel {
    /// whatlang 0.18 (the default).
    Whatlang,
    /// A fastText classifier whose labels are language codes.
    FastText(Arc<Model>),
}

/// One identification.
#[derive(Debug, Clone, PartialEq)]
pub struct Identification {
    /// ISO 639-3 code (macrolanguages folded as `lang_normalize` does).
    pub lang: String,
    /// ISO 15924 code of the text's dominant script.
    pub script: &'static str,
    /// whatlang's confidence, or the fastText probability.
    pub confidence: f64,
    /// whatlang's `is_reliable`, or probability ≥ [`FASTTEXT_RELIABLE`] for fastText.
    pub reliable: bool,
}

/// ISO 639-3 code of a model's language label (unknown codes are kept, lower-cased).
fn code_of(label: &str) -> String {
    normalize(label).map_or_else(|| label.to_ascii_lowercase(), str::to_string)
}

/// Languages to consider, as normalized ISO 639-3 codes.
#[derive(Debug, Clone, Default)]
pub struct AllowList {
    codes: Vec<String>,
    whatlang: Vec<Lang>,
}

impl AllowList {
    /// Parses a comma-separated list of language codes in any form `lang_normalize` reads.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut codes = Vec::new();
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match normalize(item) {
                Some(code) => codes.push(code.to_string()),
                None => return Err(format!("unknown language code '{item}'")),
            }
        }
        if codes.is_empty() {
            return Err("the list of languages is empty".to_string());
        }
        let whatlang = Lang::all().iter().copied().filter(|l| codes.iter().any(|c| Some(c.as_str()) == normalize(l.code()))).collect();
        Ok(Self { codes, whatlang })
    }

    fn allows(&self, code: &str) -> bool {
        self.codes.iter().any(|c| c == code)
    }
}

impl LangModel {
    /// `'whatlang'`, or the path of a fastText model file.
    pub fn from_name(name: &str) -> Result<Self, String> {
        if name.eq_ignore_ascii_case("whatlang") {
            return Ok(Self::Whatlang);
        }
        model_from_path(name).map(Self::FastText)
    }

    /// The language of `text`; `None` when the text has no letters, when the model finds no
    /// language, or when none of `allow`'s languages is possible.
    pub fn identify(&self, text: &str, allow: Option<&AllowList>, scripts: &mut ScriptCounts) -> Option<Identification> {
        scripts.count(text);
        let script = scripts.dominant()?;
        match self {
            Self::Whatlang => {
                let info = match allow {
                    None => whatlang::detect(text)?,
                    Some(list) if list.whatlang.is_empty() => return None,
                    Some(list) => Detector::with_allowlist(list.whatlang.clone()).detect(text)?,
                };
                Some(Identification { lang: code_of(info.lang().code()), script, confidence: info.confidence(), reliable: info.is_reliable() })
            }
            Self::FastText(model) => {
                let k = if allow.is_some() { usize::MAX } else { 1 };
                model
                    .predict(text, k, 0.0)
                    .into_iter()
                    .map(|p| (code_of(&p.label), f64::from(p.prob)))
                    .find(|(code, _)| allow.is_none_or(|list| list.allows(code)))
                    .map(|(lang, prob)| Identification { lang, script, confidence: prob, reliable: prob >= FASTTEXT_RELIABLE })
            }
        }
    }

    /// Up to `k` candidate languages with their scores, best first: fastText probabilities, or
    /// whatlang's combined trigram-and-alphabet scores (1 for a script only one language uses).
    /// Empty when the text has no letters.
    pub fn top_k(&self, text: &str, k: usize) -> Vec<(String, f64)> {
        match self {
            Self::Whatlang => {
                use whatlang::dev::{RawLangInfo, raw_detect};
                match raw_detect(text).lang_info {
                    None => Vec::new(),
                    Some(RawLangInfo::OneScript(lang) | RawLangInfo::Mandarin(lang)) => vec![(code_of(lang.code()), 1.0)],
                    Some(RawLangInfo::MultiScript(outcome)) => {
                        outcome.scores.into_iter().take(k).map(|(lang, score)| (code_of(lang.code()), score)).collect()
                    }
                }
            }
            Self::FastText(model) => model.predict(text, k, 0.0).into_iter().map(|p| (code_of(&p.label), f64::from(p.prob))).collect(),
        }
    }

    /// The share of `text`'s characters in lines (paragraphs, as Dolma's paragraph taggers
    /// split them) identified as `lang`; lines without letters are not counted. `None` when no
    /// line has letters.
    pub fn share(&self, text: &str, lang: &str, scripts: &mut ScriptCounts) -> Option<f64> {
        let (mut matched, mut total) = (0usize, 0usize);
        for line in text.lines() {
            let Some(found) = self.identify(line, None, scripts) else { continue };
            let chars = line.chars().count();
            total += chars;
            if found.lang == lang {
                matched += chars;
            }
        }
        (total > 0).then(|| matched as f64 / total as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whatlang_answers_in_iso_639_3_with_the_script() {
        let mut scripts = ScriptCounts::default();
        let id = LangModel::Whatlang.identify("Der schnelle braune Fuchs springt über den faulen Hund.", None, &mut scripts).unwrap();
        assert_eq!((id.lang.as_str(), id.script), ("deu", "Latn"));
        assert!(id.confidence > 0.0 && id.confidence <= 1.0, "{id:?}");
        let zh = LangModel::Whatlang.identify("敏捷的棕色狐狸跳过了河边那只懒惰的狗。", None, &mut scripts).unwrap();
        assert_eq!((zh.lang.as_str(), zh.script), ("zho", "Hani"));
        assert_eq!(LangModel::Whatlang.identify("1234 -- !!", None, &mut scripts), None);
        assert_eq!(LangModel::Whatlang.identify("", None, &mut scripts), None);
    }

    #[test]
    fn allow_list_restricts_the_answer() {
        let mut scripts = ScriptCounts::default();
        let text = "El rápido zorro marrón salta sobre el perro perezoso.";
        assert_eq!(LangModel::Whatlang.identify(text, None, &mut scripts).unwrap().lang, "spa");
        let list = AllowList::parse("en, pt").unwrap();
        assert_eq!(LangModel::Whatlang.identify(text, Some(&list), &mut scripts).unwrap().lang, "por");
        assert!(AllowList::parse("en, xx1").unwrap_err().contains("xx1"));
        assert!(AllowList::parse(" , ").unwrap_err().contains("empty"));
    }

    #[test]
    fn top_k_and_share() {
        let top = LangModel::Whatlang.top_k("Le petit chat dort tranquillement sur le canapé du salon.", 3);
        assert_eq!(top[0].0, "fra");
        assert!(top.len() == 3 && top[0].1 >= top[1].1 && top[1].1 >= top[2].1, "{top:?}");
        assert_eq!(LangModel::Whatlang.top_k("Быстрая коричневая лиса прыгает через ленивую собаку.", 2)[0].0, "rus");
        let mut scripts = ScriptCounts::default();
        let text = "The committee published its annual report on Monday morning.\n\nDer Bericht wurde am Montag veröffentlicht und sorgt für Diskussionen.\n---";
        let share = LangModel::Whatlang.share(text, "eng", &mut scripts).unwrap();
        let english = "The committee published its annual report on Monday morning.".chars().count() as f64;
        let german = "Der Bericht wurde am Montag veröffentlicht und sorgt für Diskussionen.".chars().count() as f64;
        assert!((share - english / (english + german)).abs() < 1e-12, "{share}");
        assert_eq!(LangModel::Whatlang.share("-- 12 --", "eng", &mut scripts), None);
    }
}
