//! Lines as RedPajama-V2 (and Dolma) split them: every match of
//! `([^\n]*\n|[^\n]+$)`, so each line keeps its trailing `\n`, empty lines are
//! kept, and only `\n` separates lines. Offsets are in code points.

/// One line of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// The line's text including its trailing `\n`, if any.
    pub text: &'a str,
    /// Code-point offset of the first character in the document.
    pub start: usize,
    /// Code-point offset one past the last character (the `\n` included).
    pub end: usize,
    /// Whether the line is all ASCII (then byte and code-point lengths agree).
    pub ascii: bool,
}

/// Iterator over the lines of a text, with code-point offsets.
pub struct Lines<'a> {
    rest: &'a str,
    offset: usize,
    /// The whole text is ASCII, so no line needs checking.
    ascii: bool,
}

/// Splits `text` into RedPajama-V2 lines.
pub fn lines(text: &str) -> Lines<'_> {
    Lines { rest: text, offset: 0, ascii: text.is_ascii() }
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        if self.rest.is_empty() {
            return None;
        }
        let cut = memchr::memchr(b'\n', self.rest.as_bytes()).map_or(self.rest.len(), |i| i + 1);
        let (text, rest) = self.rest.split_at(cut);
        self.rest = rest;
        let ascii = self.ascii || text.is_ascii();
        let len = if ascii { text.len() } else { text.chars().count() };
        let start = self.offset;
        self.offset += len;
        Some(Line { text, start, end: self.offset, ascii })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_newlines_and_empty_lines_with_code_point_offsets() {
        let spans: Vec<_> = lines("é a\n\nb").map(|l| (l.text, l.start, l.end, l.ascii)).collect();
        assert_eq!(spans, [("é a\n", 0, 4, false), ("\n", 4, 5, true), ("b", 5, 6, true)]);
        assert_eq!(lines("x\n").count(), 1);
        assert_eq!(lines("").count(), 0);
        assert_eq!(lines("a\rb\n").next().unwrap().text, "a\rb\n");
    }
}
