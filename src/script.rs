//! Splitting script text into SQL statements and backslash commands, keeping line numbers.
//!
//! A statement ends at a `;` outside quotes and comments (or at the end of the text). A line
//! starting with `\` where a statement would start is a backslash command that ends at the end of
//! its line.

/// One piece of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// SQL text, without the terminating `;`.
    Sql {
        /// The statement text.
        text: String,
        /// 1-based line where it starts.
        line: usize,
    },
    /// A backslash command such as `\set input 'x'`, without the leading backslash.
    Meta {
        /// The command line.
        text: String,
        /// 1-based line.
        line: usize,
    },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Code,
    SingleQuote,
    DoubleQuote,
    LineComment,
    BlockComment,
}

/// Splits `source` into items. The second value is the unterminated tail (SQL not yet ended by
/// `;`), which a REPL keeps reading for and a script runs as a last statement.
pub fn split(source: &str) -> (Vec<Item>, Option<Item>) {
    let mut items = Vec::new();
    let mut state = State::Code;
    let mut current = String::new();
    let mut start_line = 0usize; // 0: no statement text yet
    let mut line = 1usize;
    let mut chars = source.chars().peekable();
    let mut at_line_start = true;
    while let Some(c) = chars.next() {
        if state == State::Code && at_line_start && start_line == 0 && c == '\\' {
            let mut text = String::new();
            for next in chars.by_ref() {
                if next == '\n' {
                    break;
                }
                text.push(next);
            }
            items.push(Item::Meta { text: text.trim_end().to_string(), line });
            line += 1;
            at_line_start = true;
            current.clear();
            continue;
        }
        let starts_text = start_line == 0 && !c.is_whitespace() && state == State::Code;
        match state {
            State::Code => match c {
                '\'' => state = State::SingleQuote,
                '"' => state = State::DoubleQuote,
                '-' if chars.peek() == Some(&'-') => state = State::LineComment,
                '/' if chars.peek() == Some(&'*') => state = State::BlockComment,
                ';' => {
                    if start_line != 0 {
                        items.push(Item::Sql { text: current.trim().to_string(), line: start_line });
                    }
                    current.clear();
                    start_line = 0;
                    at_line_start = false;
                    continue;
                }
                _ => {}
            },
            State::SingleQuote if c == '\'' => state = State::Code,
            State::DoubleQuote if c == '"' => state = State::Code,
            State::LineComment if c == '\n' => state = State::Code,
            State::BlockComment if c == '*' && chars.peek() == Some(&'/') => {
                chars.next();
                if start_line != 0 {
                    current.push_str("*/");
                }
                state = State::Code;
                continue;
            }
            _ => {}
        }
        if starts_text && !matches!(state, State::LineComment | State::BlockComment) {
            start_line = line;
        }
        if start_line != 0 {
            current.push(c);
        }
        if c == '\n' {
            line += 1;
            at_line_start = true;
        } else if !c.is_whitespace() {
            at_line_start = false;
        }
    }
    let tail = (start_line != 0 && !current.trim().is_empty())
        .then(|| Item::Sql { text: current.trim().to_string(), line: start_line });
    (items, tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sql(text: &str, line: usize) -> Item {
        Item::Sql { text: text.to_string(), line }
    }

    #[test]
    fn splits_on_semicolons_outside_quotes_and_comments() {
        let src = "-- header; comment\nSELECT 'a;b', \"c;d\" /* ; */ FROM t;\n\n  SELECT 2\n  ;\nSELECT 3";
        let (items, tail) = split(src);
        assert_eq!(items, vec![sql("SELECT 'a;b', \"c;d\" /* ; */ FROM t", 2), sql("SELECT 2", 4)]);
        assert_eq!(tail, Some(sql("SELECT 3", 6)));
    }

    #[test]
    fn backslash_commands_only_between_statements() {
        let src = "\\set input 'x.parquet'\nSELECT '\\d';\n  \\timing on\nSELECT 1;";
        let (items, tail) = split(src);
        assert_eq!(
            items,
            vec![
                Item::Meta { text: "set input 'x.parquet'".into(), line: 1 },
                sql("SELECT '\\d'", 2),
                Item::Meta { text: "timing on".into(), line: 3 },
                sql("SELECT 1", 4),
            ]
        );
        assert_eq!(tail, None);
    }

    #[test]
    fn comment_only_text_has_no_statement() {
        let (items, tail) = split("-- just a comment\n/* and a block */\n");
        assert!(items.is_empty());
        assert_eq!(tail, None);
    }

    #[test]
    fn escaped_quotes_stay_inside_strings() {
        let (items, _) = split("SELECT 'it''s; fine';");
        assert_eq!(items, vec![sql("SELECT 'it''s; fine'", 1)]);
    }
}
