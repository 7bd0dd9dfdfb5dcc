//! Size statistics of a document, the profile every curation run starts with.

/// Sizes of one text. Words are maximal runs of non-whitespace (Unicode `White_Space`); lines
/// are as `str::lines` counts them (a final newline does not start another line).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStats {
    /// UTF-8 bytes.
    pub bytes: u64,
    /// Unicode scalar values.
    pub chars: u64,
    /// Whitespace-separated words.
    pub words: u64,
    /// Lines.
    pub lines: u64,
    /// Mean characters per word; `None` when there are no words.
    pub mean_word_length: Option<f64>,
}

/// Computes [`TextStats`] in one pass over `text`.
pub fn text_stats(text: &str) -> TextStats {
    let mut chars = 0u64;
    let mut words = 0u64;
    let mut word_chars = 0u64;
    let mut in_word = false;
    for c in text.chars() {
        chars += 1;
        if c.is_whitespace() {
            in_word = false;
        } else {
            word_chars += 1;
            if !in_word {
                words += 1;
                in_word = true;
            }
        }
    }
    TextStats {
        bytes: text.len() as u64,
        chars,
        words,
        lines: text.lines().count() as u64,
        mean_word_length: (words > 0).then(|| word_chars as f64 / words as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_lines_and_chars() {
        let s = text_stats("Grüße aus Köln.\n\nZweite  Zeile\n");
        assert_eq!(s.bytes, 34);
        assert_eq!(s.chars, 31);
        assert_eq!(s.words, 5);
        assert_eq!(s.lines, 3);
        assert_eq!(s.mean_word_length, Some(24.0 / 5.0));
    }

    #[test]
    fn empty_and_blank_text() {
        assert_eq!(text_stats(""), TextStats { bytes: 0, chars: 0, words: 0, lines: 0, mean_word_length: None });
        let blank = text_stats(" \u{3000}\t");
        assert_eq!((blank.words, blank.lines, blank.chars), (0, 1, 3));
        assert_eq!(blank.mean_word_length, None);
    }
}
