//! Counting the Unicode scripts of a text's characters (the Script property of the
//! `unicode-script` crate's tables), reported as ISO 15924 codes.

use unicode_script::{Script, UnicodeScript};

/// Bytes per block in the all-ASCII path of [`ScriptCounts::count`].
const ASCII_BLOCK: usize = 32;

/// Script-bearing characters of each script in a text, in order of first appearance.
/// Characters of the Common, Inherited and Unknown scripts (punctuation, digits, spaces,
/// symbols, combining marks, unassigned and private-use code points) are not counted.
#[derive(Debug, Default, Clone)]
pub struct ScriptCounts {
    counts: Vec<(Script, u64)>,
}

impl ScriptCounts {
    /// Counts the characters of `text`, replacing the previous counts.
    pub fn count(&mut self, text: &str) {
        self.counts.clear();
        // ASCII letters (Latin) are summed apart and added at the end; Latin's place in the
        // order of first appearance is taken when its first letter, ASCII or not, is seen.
        let mut ascii_letters = 0u64;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // A whole block of ASCII bytes: its letters are counted without a branch per byte
            // (both reductions vectorize).
            if let Some(block) = bytes.get(i..i + ASCII_BLOCK)
                && block.iter().fold(0, |any, &b| any | b) < 0x80
            {
                let letters = block.iter().map(|&b| u64::from((b | 0x20).wrapping_sub(b'a') < 26)).sum::<u64>();
                if ascii_letters == 0 && letters > 0 {
                    self.index_of(Script::Latin);
                }
                ascii_letters += letters;
                i += ASCII_BLOCK;
                continue;
            }
            let b = bytes[i];
            if b.is_ascii() {
                if ascii_letters == 0 && b.is_ascii_alphabetic() {
                    self.index_of(Script::Latin);
                }
                ascii_letters += u64::from(b.is_ascii_alphabetic());
                i += 1;
                continue;
            }
            let c = text[i..].chars().next().expect("a character starts at a non-ASCII lead byte");
            i += c.len_utf8();
            match c.script() {
                Script::Common | Script::Inherited | Script::Unknown => {}
                script => {
                    let index = self.index_of(script);
                    self.counts[index].1 += 1;
                }
            }
        }
        if ascii_letters > 0 {
            let index = self.index_of(Script::Latin);
            self.counts[index].1 += ascii_letters;
        }
    }

    /// The index of `script`'s count, added (at zero) if it is not there yet.
    fn index_of(&mut self, script: Script) -> usize {
        match self.counts.iter().position(|(s, _)| *s == script) {
            Some(i) => i,
            None => {
                self.counts.push((script, 0));
                self.counts.len() - 1
            }
        }
    }

    /// The number of counted characters.
    pub fn total(&self) -> u64 {
        self.counts.iter().map(|(_, n)| n).sum()
    }

    /// The ISO 15924 code of the script with the most characters (the earliest to appear among
    /// equals); `None` when no character was counted.
    pub fn dominant(&self) -> Option<&'static str> {
        let mut best: Option<(Script, u64)> = None;
        for &(script, n) in &self.counts {
            if best.is_none_or(|(_, m)| n > m) {
                best = Some((script, n));
            }
        }
        best.map(|(s, _)| s.short_name())
    }

    /// (ISO 15924 code, fraction of the counted characters) per script, largest share first,
    /// equal shares by code.
    pub fn shares(&self) -> Vec<(&'static str, f64)> {
        let total = self.total() as f64;
        let mut shares: Vec<(&'static str, f64)> =
            self.counts.iter().map(|&(s, n)| (s.short_name(), n as f64 / total)).collect();
        shares.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        shares
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counted(text: &str) -> ScriptCounts {
        let mut counts = ScriptCounts::default();
        counts.count(text);
        counts
    }

    #[test]
    fn dominant_script() {
        assert_eq!(counted("Hello, world! 123").dominant(), Some("Latn"));
        assert_eq!(counted("Привет, мир").dominant(), Some("Cyrl"));
        assert_eq!(counted("中文文本").dominant(), Some("Hani"));
        assert_eq!(counted("مرحبا بالعالم").dominant(), Some("Arab"));
        assert_eq!(counted("नमस्ते दुनिया").dominant(), Some("Deva"));
        assert_eq!(counted("Γειά σου").dominant(), Some("Grek"));
        assert_eq!(counted("ひらがなとカタカナ").dominant(), Some("Hira"));
        assert_eq!(counted("123 !?  ... ©").dominant(), None);
        assert_eq!(counted("").dominant(), None);
    }

    #[test]
    fn ties_go_to_the_first_script() {
        assert_eq!(counted("ab где").dominant(), Some("Cyrl"));
        assert_eq!(counted("abc где").dominant(), Some("Latn"));
        assert_eq!(counted("где abc").dominant(), Some("Cyrl"));
    }

    #[test]
    fn combining_marks_and_digits_are_not_counted() {
        // e + COMBINING ACUTE ACCENT (Inherited); ASCII digits (Common)
        let c = counted("e\u{301}e\u{301} 42");
        assert_eq!(c.total(), 2);
        assert_eq!(c.shares(), vec![("Latn", 1.0)]);
    }

    /// The straightforward count: every character's script, in order of first appearance.
    fn reference_counts(text: &str) -> Vec<(Script, u64)> {
        let mut counts: Vec<(Script, u64)> = Vec::new();
        for c in text.chars() {
            let script = c.script();
            if matches!(script, Script::Common | Script::Inherited | Script::Unknown) {
                continue;
            }
            match counts.iter_mut().find(|(s, _)| *s == script) {
                Some(entry) => entry.1 += 1,
                None => counts.push((script, 1)),
            }
        }
        counts
    }

    #[test]
    fn block_path_counts_and_orders_as_the_definition() {
        let pieces = ["a", "Z", " ", "1", ".", "é", "где", "中", "x".repeat(40).leak(), " ".repeat(33).leak(), "ab cd ef"];
        let mut state = 99u64;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(state % 40) {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            assert_eq!(counted(&text).counts, reference_counts(&text), "text {text:?}");
        }
    }

    #[test]
    fn shares_sum_to_one_and_are_sorted() {
        let c = counted("abc абвгд 中");
        assert_eq!(c.total(), 9);
        let shares = c.shares();
        assert_eq!(shares.iter().map(|s| s.0).collect::<Vec<_>>(), ["Cyrl", "Latn", "Hani"]);
        assert!((shares.iter().map(|s| s.1).sum::<f64>() - 1.0).abs() < 1e-12);
        assert_eq!(shares[0].1, 5.0 / 9.0);
    }
}
