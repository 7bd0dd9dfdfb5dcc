use std::cmp::Reverse;

use super::chars;
use super::script::Script;
#[cfg(test)]
use crate::utils::is_stop_char;

#[cfg(test)]
type ScriptCounter = (Script, fn(char) -> bool, usize);

/// Detect only a script by a given text.
/// Works much faster than a complete detection with `detect`.
///
/// # Example
/// ```
/// use whatlang::{detect_script, Script};
/// let script = detect_script("Благодаря Эсперанто вы обрётете друзей по всему миру!").unwrap();
/// assert_eq!(script, Script::Cyrillic);
/// ```
pub fn detect_script(text: &str) -> Option<Script> {
    let raw_info = raw_detect_script(text);
    raw_info.main_script()
}

#[derive(Debug)]
pub struct RawScriptInfo {
    pub counters: Vec<(Script, usize)>,
}

impl RawScriptInfo {
    fn new(mut counters: Vec<(Script, usize)>) -> Self {
        counters.sort_unstable_by_key(|(_, score)| Reverse(*score));
        Self { counters }
    }

    pub(crate) fn main_script(&self) -> Option<Script> {
        // expect - is safe because self.counters is never expected to be empty
        // See raw_detect_script().
        let pair = self.counters.first().expect("counters must not be empty");
        if pair.1 > 0 { Some(pair.0) } else { None }
    }

    pub(crate) fn count(&self, script: Script) -> usize {
        // expect - is safe because self.counters always have all scripts
        // See raw_detect_script().
        self.counters
            .iter()
            .find(|(s, _count)| *s == script)
            .expect("count() failed because script is not found")
            .1
    }
}

// siftql fork: the table of scripts in upstream's initial order, shared by the fast path and
// the reference implementation kept for the tests.
const SCRIPT_COUNTERS: [(Script, fn(char) -> bool); 25] = [
    (Script::Latin, chars::is_latin),
    (Script::Cyrillic, chars::is_cyrillic),
    (Script::Arabic, chars::is_arabic),
    (Script::Mandarin, chars::is_mandarin),
    (Script::Devanagari, chars::is_devanagari),
    (Script::Hebrew, chars::is_hebrew),
    (Script::Ethiopic, chars::is_ethiopic),
    (Script::Georgian, chars::is_georgian),
    (Script::Bengali, chars::is_bengali),
    (Script::Hangul, chars::is_hangul),
    (Script::Hiragana, chars::is_hiragana),
    (Script::Katakana, chars::is_katakana),
    (Script::Greek, chars::is_greek),
    (Script::Kannada, chars::is_kannada),
    (Script::Tamil, chars::is_tamil),
    (Script::Thai, chars::is_thai),
    (Script::Gujarati, chars::is_gujarati),
    (Script::Gurmukhi, chars::is_gurmukhi),
    (Script::Telugu, chars::is_telugu),
    (Script::Malayalam, chars::is_malayalam),
    (Script::Oriya, chars::is_oriya),
    (Script::Myanmar, chars::is_myanmar),
    (Script::Sinhala, chars::is_sinhala),
    (Script::Khmer, chars::is_khmer),
    (Script::Armenian, chars::is_armenian),
];

/// No script of [`SCRIPT_COUNTERS`] has the character.
const NO_SCRIPT: u8 = 255;
/// More than one script has the character (U+1D2B and U+1D78 are both Latin and Cyrillic): the
/// one earlier in the current order wins, as in upstream.
const MANY_SCRIPTS: u8 = 254;

/// siftql fork: the script (index into [`SCRIPT_COUNTERS`]) of every character of the Basic
/// Multilingual Plane, computed once from the same `chars::is_*` functions upstream calls.
static BMP_SCRIPT: std::sync::LazyLock<Box<[u8]>> = std::sync::LazyLock::new(|| {
    (0u32..0x10000)
        .map(|cp| char::from_u32(cp).map_or(NO_SCRIPT, script_of_slow))
        .collect()
});

fn script_of_slow(ch: char) -> u8 {
    let mut found = NO_SCRIPT;
    for (i, (_, check_fn)) in SCRIPT_COUNTERS.iter().enumerate() {
        if check_fn(ch) {
            found = if found == NO_SCRIPT { i as u8 } else { MANY_SCRIPTS };
        }
    }
    found
}

/// siftql fork: same result as upstream's loop (kept below as `raw_detect_script_reference`),
/// which for every character that is not a stop character tries the scripts in their current
/// order, counts the first that has it and swaps that script one place towards the front. The
/// fork finds a character's script with one table look-up (ASCII letters directly) and does the
/// same swap on a permutation, so the final order of the counters, on which the sort of ties and
/// so the main script depend, is upstream's.
pub fn raw_detect_script(text: &str) -> RawScriptInfo {
    const LATIN: u8 = 0;
    // order[i]: the script at position i; pos[s]: the position of script s.
    let mut order: [u8; 25] = std::array::from_fn(|i| i as u8);
    let mut pos: [u8; 25] = std::array::from_fn(|i| i as u8);
    let mut counts = [0usize; 25];
    let table: &[u8] = &BMP_SCRIPT;

    // Counts `n` characters of script `s` in a row: each moves it one place towards the front.
    let mut bump = |s: u8, n: usize, order: &mut [u8; 25], pos: &mut [u8; 25]| {
        counts[s as usize] += n;
        for _ in 0..n.min(usize::from(pos[s as usize])) {
            let i = pos[s as usize];
            let other = order[i as usize - 1];
            order[i as usize - 1] = s;
            order[i as usize] = other;
            pos[s as usize] = i - 1;
            pos[other as usize] = i;
        }
    };

    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] < 0x80 {
            // siftql fork: a run of ASCII at once: its letters are Latin, the other characters
            // stop characters or DEL (0x7F), which has no script.
            let run = &bytes[at..];
            let len = crate::utils::ascii_prefix_len(run);
            let letters = run[..len].iter().map(|&b| usize::from((b | 0x20).wrapping_sub(b'a') < 26)).sum();
            bump(LATIN, letters, &mut order, &mut pos);
            at += len;
            continue;
        }
        let ch = text[at..].chars().next().unwrap();
        at += ch.len_utf8();
        let cp = ch as u32;
        let s = if cp < 0x10000 { table[cp as usize] } else { script_of_slow(ch) };
        match s {
            NO_SCRIPT => {}
            MANY_SCRIPTS => {
                // The first script in the current order that has the character.
                let mut first = None;
                for &candidate in order.iter() {
                    if (SCRIPT_COUNTERS[candidate as usize].1)(ch) {
                        first = Some(candidate);
                        break;
                    }
                }
                if let Some(s) = first {
                    bump(s, 1, &mut order, &mut pos);
                }
            }
            s => bump(s, 1, &mut order, &mut pos),
        }
    }

    let counters: Vec<(Script, usize)> = order
        .iter()
        .map(|&s| (SCRIPT_COUNTERS[s as usize].0, counts[s as usize]))
        .collect();

    RawScriptInfo::new(counters)
}

/// Upstream's implementation, kept to test the fork's against.
#[cfg(test)]
pub(crate) fn raw_detect_script_reference(text: &str) -> RawScriptInfo {
    let mut script_counters: [ScriptCounter; 25] =
        std::array::from_fn(|i| (SCRIPT_COUNTERS[i].0, SCRIPT_COUNTERS[i].1, 0));

    for ch in text.chars() {
        if is_stop_char(ch) {
            continue;
        }

        // For performance reasons, we need to mutate script_counters by calling
        // `swap` function, it would not be possible to do using normal iterator.
        for i in 0..script_counters.len() {
            let found = {
                let (_script, check_fn, ref mut count) = script_counters[i];
                if check_fn(ch) {
                    *count += 1;
                    true
                } else {
                    false
                }
            };
            // Have to let borrow of count fall out of scope before doing swapping, or we could
            // do this above.
            if found {
                // If script was found, move it closer to the front.
                // If the text contains largely 1 or 2 scripts, this will
                // cause these scripts to be eventually checked first.
                if i > 0 {
                    script_counters.swap(i - 1, i);
                }
                break;
            }
        }
    }

    let counters: Vec<(Script, usize)> = script_counters
        .iter()
        .map(|&(script, _, count)| (script, count))
        .collect();

    RawScriptInfo::new(counters)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fork_counts_scripts_as_upstream() {
        let texts = [
            "",
            "Hello \u{1d2b}\u{1d78} мир \u{1d2b} world",
            "Привет \u{1d2b}\u{1d78} hello \u{1d2b}\u{7f}",
            "日本 中文 абв a бвгд ab вг abcdefghijklmnopqrstuvwxyzabcdef ё x",
            "日本語のテキストです 中文 한국어 \u{10e60}\u{1ee00} 😀",
        ];
        for text in texts {
            let (fork, reference) = (raw_detect_script(text), raw_detect_script_reference(text));
            assert_eq!(fork.counters, reference.counters, "{text:?}");
        }
    }

    #[test]
    fn test_script_name() {
        assert_eq!(Script::Cyrillic.name(), "Cyrillic");
        assert_eq!(Script::Katakana.name(), "Katakana");
    }

    #[test]
    fn test_detect_script() {
        assert_eq!(detect_script("1234567890-,;!"), None);

        // One script
        assert_eq!(detect_script("Hello!"), Some(Script::Latin));
        assert_eq!(detect_script("Привет всем!"), Some(Script::Cyrillic));
        assert_eq!(
            detect_script("ქართული ენა მსოფლიო "),
            Some(Script::Georgian)
        );
        assert_eq!(
            detect_script("県見夜上温国阪題富販"),
            Some(Script::Mandarin)
        );
        assert_eq!(
            detect_script(" ككل حوالي 1.6، ومعظم الناس "),
            Some(Script::Arabic)
        );
        assert_eq!(
            detect_script("हिमालयी वन चिड़िया (जूथेरा सालिमअली) चिड़िया की एक प्रजाति है"),
            Some(Script::Devanagari)
        );
        assert_eq!(
            detect_script("היסטוריה והתפתחות של האלפבית העברי"),
            Some(Script::Hebrew)
        );
        assert_eq!(
            detect_script("የኢትዮጵያ ፌዴራላዊ ዴሞክራሲያዊሪፐብሊክ"),
            Some(Script::Ethiopic)
        );

        // Mixed scripts
        assert_eq!(
            detect_script("Привет! Текст на русском with some English."),
            Some(Script::Cyrillic)
        );
        assert_eq!(
            detect_script("Russian word любовь means love."),
            Some(Script::Latin)
        );
    }
}
