#[cfg(test)]
use hashbrown::HashMap;

use super::fast;
#[cfg(test)]
use super::utils::{TrigramsWithPositions, get_trigrams_with_positions};
#[cfg(test)]
use super::{ARABIC_LANGS, CYRILLIC_LANGS, DEVANAGARI_LANGS, HEBREW_LANGS, LATIN_LANGS};
#[cfg(test)]
use super::{LangProfile, LangProfileList, Trigram};
use super::{MAX_TOTAL_DISTANCE, MAX_TRIGRAM_DISTANCE};
use crate::Lang;
#[cfg(test)]
use crate::core::Text;
use crate::core::{FilterList, Info, InternalQuery, calculate_confidence, with_lowercase_code_points};
use crate::scripts::grouping::MultiLangScript;

#[derive(Debug)]
pub struct RawOutcome {
    pub trigrams_count: usize,
    #[allow(dead_code)]
    pub raw_distances: Vec<(Lang, u32)>,
    pub scores: Vec<(Lang, f64)>,
}

#[inline]
pub fn detect(iquery: &InternalQuery) -> Option<Info> {
    let raw_outcome = raw_detect(iquery);
    let RawOutcome {
        trigrams_count,
        scores,
        ..
    } = raw_outcome;

    let mut raw_scores_iter = scores.into_iter();

    let opt_lang_score1 = raw_scores_iter.next();
    let opt_lang_score2 = raw_scores_iter.next();

    // TODO: Logic is duplicated in alphabets. Consider refactoring
    opt_lang_score1.map(|(lang1, score1)| {
        let script = iquery.multi_lang_script.to_script();
        let confidence = if let Some((_, score2)) = opt_lang_score2 {
            calculate_confidence(score1, score2, trigrams_count)
        } else {
            1.0
        };
        Info::new(script, lang1, confidence)
    })
}

#[inline]
pub fn raw_detect(iquery: &InternalQuery) -> RawOutcome {
    // siftql fork: scores through the inverted profile index (see `super::fast`).
    with_lowercase_code_points(iquery.text.original(), |text| {
        raw_detect_code_points(text, iquery.filter_list, iquery.multi_lang_script)
    })
}

/// siftql fork: `raw_detect` given the code points of the lowercase text.
pub(crate) fn raw_detect_code_points(
    text: &[u32],
    filter_list: &FilterList,
    script: MultiLangScript,
) -> RawOutcome {
    calculate_scores_in_profiles_fast(text, filter_list, fast::profile_index(script))
}

/// siftql fork: upstream's `calculate_scores_in_profiles` with the distances computed by
/// [`fast::ProfileIndex::raw_distances`]; the rest (short-text correction, clamping, sort,
/// scores) is upstream's code.
fn calculate_scores_in_profiles_fast(
    text: &[u32],
    filter_list: &FilterList,
    index: &fast::ProfileIndex,
) -> RawOutcome {
    let mut raw = Vec::with_capacity(index.langs.len());
    let unique_trigrams_count = fast::with_top_trigrams(text, |top| {
        index.raw_distances(top, &mut raw);
        top.len()
    });

    let mut lang_distances: Vec<(Lang, u32)> = Vec::with_capacity(index.langs.len());
    for (&(lang, _), &total_dist) in index.langs.iter().zip(raw.iter()) {
        if !filter_list.is_allowed(lang) {
            continue;
        }
        let dist = finish_distance(total_dist, unique_trigrams_count as u32);
        lang_distances.push((lang, dist));
    }

    // Sort languages by distance
    lang_distances.sort_unstable_by_key(|(_, dist)| *dist);

    let max_dist = unique_trigrams_count as u32 * MAX_TRIGRAM_DISTANCE;

    let raw_scores = lang_distances
        .iter()
        .map(|&(lang, distance)| (lang, distance_to_raw_score(distance, max_dist)))
        .collect();

    RawOutcome {
        trigrams_count: unique_trigrams_count,
        scores: raw_scores,
        raw_distances: lang_distances,
    }
}

/// siftql fork: the end of upstream's `calculate_distance`, given the raw sum. Upstream's `-=`
/// cannot go below zero (a text with `count` < 300 distinct trigrams leaves at least
/// 300 - `count` profile trigrams absent); `wrapping_sub` is what a release build of upstream
/// would do if it could.
#[inline]
fn finish_distance(mut total_dist: u32, count: u32) -> u32 {
    if MAX_TRIGRAM_DISTANCE > count {
        let delta = MAX_TRIGRAM_DISTANCE - count;
        total_dist = total_dist.wrapping_sub(delta * MAX_TRIGRAM_DISTANCE);
    }
    total_dist.clamp(0, MAX_TOTAL_DISTANCE)
}

#[cfg(test)]
fn script_to_lang_profile_list(script: MultiLangScript) -> LangProfileList {
    use MultiLangScript as MLS;
    match script {
        MLS::Latin => LATIN_LANGS,
        MLS::Cyrillic => CYRILLIC_LANGS,
        MLS::Arabic => ARABIC_LANGS,
        MLS::Devanagari => DEVANAGARI_LANGS,
        MLS::Hebrew => HEBREW_LANGS,
    }
}

/// Upstream's implementation, kept to test the fork's against.
#[cfg(test)]
fn calculate_scores_in_profiles(
    text: &Text,
    filter_list: &FilterList,
    lang_profile_list: LangProfileList,
) -> RawOutcome {
    let mut lang_distances: Vec<(Lang, u32)> = vec![];

    let TrigramsWithPositions {
        trigram_positions, ..
    } = get_trigrams_with_positions(&text.lowercase());
    let unique_trigrams_count = trigram_positions.len();

    for &(lang, lang_trigrams) in lang_profile_list {
        if !filter_list.is_allowed(lang) {
            continue;
        }
        let dist = calculate_distance(lang_trigrams, &trigram_positions);
        lang_distances.push(((lang), dist));
    }

    // Sort languages by distance
    lang_distances.sort_unstable_by_key(|(_, dist)| *dist);

    let max_dist = unique_trigrams_count as u32 * MAX_TRIGRAM_DISTANCE;

    let raw_scores = lang_distances
        .iter()
        .map(|&(lang, distance)| (lang, distance_to_raw_score(distance, max_dist)))
        .collect();

    RawOutcome {
        trigrams_count: unique_trigrams_count,
        scores: raw_scores,
        raw_distances: lang_distances,
    }
}

#[cfg(test)]
fn calculate_distance(lang_trigrams: LangProfile, text_trigrams: &HashMap<Trigram, u32>) -> u32 {
    let mut total_dist = 0u32;

    for (i, &trigram) in lang_trigrams.iter().enumerate() {
        let dist = match text_trigrams.get(&trigram) {
            Some(&n) => (n as i32 - i as i32).unsigned_abs(),
            None => MAX_TRIGRAM_DISTANCE,
        };
        total_dist += dist;
    }

    let count = text_trigrams.len() as u32;

    if MAX_TRIGRAM_DISTANCE > count {
        let delta = MAX_TRIGRAM_DISTANCE - count;
        total_dist -= delta * MAX_TRIGRAM_DISTANCE;
    }

    total_dist.clamp(0, MAX_TOTAL_DISTANCE)
}

#[inline]
fn distance_to_raw_score(distance: u32, max_distance: u32) -> f64 {
    let similarity = max_distance - distance;
    similarity as f64 / max_distance as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fork_scores_as_upstream() {
        let texts = [
            "",
            "a",
            "Die Ordnung muss für immer in diesem Codebase bleiben",
            "The quick brown fox jumps over the lazy dog. ÉTÉ À PARIS, ça va?",
            &"Lorem ipsum dolor sit amet, consectetur adipiscing elit 123 ".repeat(40),
            &"Lorem ipsum dolor sit amet, consectetur adipiscing elit 123 ".repeat(100),
            // siftql fork: more than 600 distinct trigrams, the 600th inside a run of equal
            // counts; non-ASCII and capital letters next to the direct-table ones.
            &(0..6000u32)
                .map(|i| b"abcdefghijklmnopqrstuvwxyz  .Ee"[(i * i % 7919 % 31) as usize])
                .map(char::from)
                .chain("ÀÉÎõü Ωmega ĲK".chars())
                .collect::<String>(),
        ];
        for script in [MultiLangScript::Latin, MultiLangScript::Cyrillic, MultiLangScript::Arabic] {
            for text in texts {
                let iq = InternalQuery {
                    text: Text::new(text),
                    filter_list: &FilterList::default(),
                    multi_lang_script: script,
                };
                let fork = raw_detect(&iq);
                let reference = calculate_scores_in_profiles(
                    &iq.text,
                    iq.filter_list,
                    script_to_lang_profile_list(script),
                );
                assert_eq!(fork.trigrams_count, reference.trigrams_count);
                assert_eq!(fork.raw_distances, reference.raw_distances, "{text:?}");
                assert_eq!(format!("{:?}", fork.scores), format!("{:?}", reference.scores));
            }
        }
    }

    #[test]
    fn test_when_german_is_given() {
        let text = "Die Ordnung muss für immer in diesem Codebase bleiben";
        let iq = InternalQuery {
            text: Text::new(text),
            filter_list: &FilterList::default(),
            multi_lang_script: MultiLangScript::Latin,
        };
        let raw_outcome = raw_detect(&iq);

        assert_eq!(raw_outcome.trigrams_count, 50);

        let &(first_lang, first_score) = raw_outcome.scores.first().unwrap();
        let &(_last_lang, last_score) = raw_outcome.scores.last().unwrap();

        assert_eq!(first_lang, Lang::Deu);

        assert!(first_score >= 0.0);
        assert!(first_score <= 1.0);

        assert!(last_score >= 0.0);
        assert!(last_score <= 1.0);
    }
}
