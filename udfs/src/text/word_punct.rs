//! NLTK's `WordPunctTokenizer`: every match of `\w+|[^\w\s]+`, with the classes of
//! the `regex` module NLTK 3.10 compiles it with. RedPajama-V2 calls these the raw words.

use super::python_unicode::{is_regex_space as is_space, is_regex_word as is_word};

/// Iterator over the word-punct tokens of a text (runs of word characters, and
/// runs of characters that are neither word characters nor whitespace).
pub struct WordPunctTokens<'a> {
    text: &'a str,
    pos: usize,
}

/// Tokenizes `text` like NLTK's `WordPunctTokenizer().tokenize(text)`.
pub fn word_punct_tokens(text: &str) -> WordPunctTokens<'_> {
    WordPunctTokens { text, pos: 0 }
}

impl<'a> Iterator for WordPunctTokens<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = &self.text[self.pos..];
        let mut chars = rest.char_indices();
        let (start, word) = loop {
            let (i, c) = chars.next()?;
            if is_word(c) {
                break (i, true);
            }
            if !is_space(c) {
                break (i, false);
            }
        };
        let mut end = rest.len();
        for (i, c) in chars {
            let same = if word { is_word(c) } else { !is_word(c) && !is_space(c) };
            if !same {
                end = i;
                break;
            }
        }
        self.pos += end;
        Some(&rest[start..end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_nltk() {
        let tokens: Vec<_> =
            word_punct_tokens("The U.S. state-of-the-art Café; THE end... \n\n• item_1 ²x").collect();
        assert_eq!(
            tokens,
            [
                "The", "U", ".", "S", ".", "state", "-", "of", "-", "the", "-", "art", "Café", ";",
                "THE", "end", "...", "•", "item_1", "²", "x"
            ]
        );
        assert_eq!(word_punct_tokens("e\u{301}").collect::<Vec<_>>(), ["e\u{301}"]);
        assert_eq!(word_punct_tokens("x² \x1c").collect::<Vec<_>>(), ["x", "²", "\x1c"]);
    }
}
