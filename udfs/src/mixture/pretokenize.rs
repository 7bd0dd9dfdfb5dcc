//! Pre-tokenizers: how a tokenizer cuts text into "words" before BPE merges apply inside each.
//!
//! The split regexes of GPT-2, cl100k (GPT-3.5/4, also Llama 3's), o200k (GPT-4o) and
//! Qwen-style tokenizers use a look-ahead (`\s+(?!\S)`) and possessive quantifiers, which the
//! `regex` crate does not support. [`SplitRegex`] runs them exactly anyway: possessive
//! quantifiers become greedy ones (in these patterns no alternative can backtrack into them, so
//! the matches are the same), and the look-ahead alternative — "a whitespace run not followed by
//! a non-space", i.e. the run minus its last character when a word follows — is applied after
//! the match: a match that is the whole whitespace run in front of a non-space character, at
//! least two characters long, and not what an earlier alternative matches, gives up its last
//! character to the next piece. The `regex` crate's leftmost-first alternation matches what a
//! backtracking engine (tiktoken's `fancy-regex`, Hugging Face's Oniguruma) returns for patterns
//! without look-around, so the pieces are identical.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};

use datafusion::common::{Result, plan_err};
use regex_automata::meta::{Cache, Regex};
use regex_automata::{Anchored, Input};

/// GPT-2's split pattern (also Hugging Face `ByteLevel` with `use_regex`).
pub const GPT2_PATTERN: &str =
    r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

/// cl100k_base's split pattern (GPT-3.5/GPT-4; Llama 3 uses the same).
pub const CL100K_PATTERN: &str = r"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s";

/// o200k_base's split pattern (GPT-4o).
pub const O200K_PATTERN: &str = concat!(
    r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
    r"|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
    r"|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"
);

/// Llama 3's split pattern as written in its `tokenizer.json`.
pub const LLAMA3_PATTERN: &str = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

/// Hugging Face's `Whitespace` pre-tokenizer pattern (pieces are the matches).
const WHITESPACE_PATTERN: &str = r"\w+|[^\w\s]+";

/// The look-ahead alternative [`SplitRegex`] emulates.
const LOOKAHEAD_ALTERNATIVE: &str = r"\s+(?!\S)";

/// A split regex whose matches are the pieces (Hugging Face `Split` with behaviour `Isolated`,
/// tiktoken's pattern).
#[derive(Debug, Clone)]
pub struct SplitRegex {
    pattern: String,
    regex: Regex,
    /// The alternatives in front of the look-ahead one, anchored, when the pattern has it.
    before_lookahead: Option<Regex>,
    /// Identifies `regex` among the per-thread search caches (clones share the regex and it).
    id: usize,
}

/// Source of [`SplitRegex::id`].
static NEXT_SPLIT_REGEX: AtomicUsize = AtomicUsize::new(0);

/// Split regexes whose search cache a thread keeps.
const CACHED_REGEXES: usize = 8;

thread_local! {
    /// Search caches of the split regexes this thread used (the first one added goes first). A
    /// regex's own cache pool costs a synchronized take and return per match once threads share
    /// the regex (about 7% of a whole `infer_mixture` run went there).
    static SEARCH_CACHES: RefCell<Vec<(usize, Cache)>> = const { RefCell::new(Vec::new()) };
}

impl SplitRegex {
    /// Compiles `pattern`; errors name what is unsupported.
    pub fn new(pattern: &str) -> Result<Self> {
        let alternatives = top_level_alternatives(pattern);
        let lookahead = alternatives
            .iter()
            .position(|a| strip_possessive(a) == LOOKAHEAD_ALTERNATIVE);
        let kept: Vec<String> = alternatives
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != lookahead)
            .map(|(_, a)| strip_possessive(a))
            .collect();
        for a in &kept {
            if a.contains("(?=") || a.contains("(?!") || a.contains("(?<") {
                return plan_err!(
                    "pre-tokenizer pattern {pattern:?}: look-around other than \\s+(?!\\S) is not supported"
                );
            }
        }
        let compile = |p: &str| {
            Regex::new(p).or_else(|e| plan_err!("pre-tokenizer pattern {pattern:?} is not supported: {e}"))
        };
        let regex = compile(&kept.join("|"))?;
        let before_lookahead = match lookahead {
            Some(i) if i > 0 => Some(compile(&format!("^(?:{})", kept[..i].join("|")))?),
            _ => None,
        };
        let before_lookahead = match (lookahead, before_lookahead) {
            (None, _) => None,
            (Some(_), Some(before)) => Some(before),
            (Some(_), None) => Some(compile(r"^\b\B")?),
        };
        Ok(Self {
            pattern: pattern.to_string(),
            regex,
            before_lookahead,
            id: NEXT_SPLIT_REGEX.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// Runs `f` with this thread's search cache for the regex.
    fn with_cache<R>(&self, f: impl FnOnce(&mut Cache) -> R) -> R {
        SEARCH_CACHES.with(|caches| {
            let mut caches = caches.borrow_mut();
            let i = match caches.iter().position(|(id, _)| *id == self.id) {
                Some(i) => i,
                None => {
                    if caches.len() == CACHED_REGEXES {
                        caches.remove(0);
                    }
                    caches.push((self.id, self.regex.create_cache()));
                    caches.len() - 1
                }
            };
            f(&mut caches[i].1)
        })
    }

    /// The leftmost match in `hay` at or after `pos`. The standard patterns match every
    /// character, so the match nearly always starts at `pos`: an anchored search finds it
    /// without the reverse scan that locates a match's start; only when nothing matches at `pos`
    /// does an unanchored search run.
    fn find_from(&self, cache: &mut Cache, hay: &str, pos: usize) -> Option<(usize, usize)> {
        let input = Input::new(hay).range(pos..);
        self.regex
            .search_with(cache, &input.clone().anchored(Anchored::Yes))
            .or_else(|| self.regex.search_with(cache, &input))
            .map(|m| (m.start(), m.end()))
    }

    /// The pattern as given.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// Appends the pieces of `text[start..end]` as byte ranges of `text`; text between matches
    /// (none for the standard patterns, which match everything) becomes pieces too.
    pub fn split(&self, text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
        self.with_cache(|cache| self.split_with(cache, text, start, end, out));
    }

    /// [`Self::split`] with a search cache.
    fn split_with(&self, cache: &mut Cache, text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
        let hay = &text[..end];
        let mut pos = start;
        while pos < end {
            let found = self.find_from(cache, hay, pos);
            let (s, e) = match (&self.before_lookahead, found) {
                (Some(before), found) => self.with_lookahead(hay, pos, found, before),
                (None, Some(m)) => m,
                (None, None) => {
                    out.push((pos, end));
                    return;
                }
            };
            if s >= end {
                out.push((pos, end));
                return;
            }
            if s > pos {
                out.push((pos, s));
            }
            let e = if e == s {
                hay[s..].chars().next().map_or(end, |c| s + c.len_utf8())
            } else {
                e
            };
            out.push((s, e));
            pos = e;
        }
    }

    /// The leftmost match at or after `pos` of the full pattern, given the match `found` of the
    /// pattern without its `\s+(?!\S)` alternative.
    fn with_lookahead(
        &self,
        hay: &str,
        pos: usize,
        found: Option<(usize, usize)>,
        before: &Regex,
    ) -> (usize, usize) {
        let limit = found.map_or(hay.len(), |m| m.0);
        for (offset, c) in hay[pos..].char_indices() {
            let w = pos + offset;
            if w > limit {
                break;
            }
            if !c.is_whitespace() {
                if w == limit {
                    break;
                }
                continue;
            }
            let Some(end) = lookahead_match(hay, w) else {
                continue;
            };
            if w == limit && before.is_match(&hay[w..]) {
                break;
            }
            return (w, end);
        }
        found.unwrap_or((hay.len(), hay.len()))
    }
}

/// Where `\s+(?!\S)` matching at `at` (a whitespace character) ends: the whole whitespace run
/// when it reaches the end of the text, otherwise the run minus its last character if that
/// leaves at least one.
fn lookahead_match(hay: &str, at: usize) -> Option<usize> {
    let mut last = at;
    let mut run_end = hay.len();
    for (offset, c) in hay[at..].char_indices() {
        if !c.is_whitespace() {
            run_end = at + offset;
            break;
        }
        last = at + offset;
    }
    if run_end == hay.len() {
        Some(run_end)
    } else if last > at {
        Some(last)
    } else {
        None
    }
}

/// One step of a pre-tokenizer.
#[derive(Debug, Clone)]
pub enum Step {
    /// Pieces are the regex's matches.
    Regex(SplitRegex),
    /// Runs of numeric characters (`char::is_numeric`) become their own pieces (each one alone
    /// when `individual`), Hugging Face's `Digits`.
    Digits {
        /// One piece per digit.
        individual: bool,
    },
    /// Pieces are the runs of non-whitespace (Hugging Face's `WhitespaceSplit`).
    WhitespaceSplit,
}

/// A pre-tokenizer: steps applied in sequence, each cutting every piece of the one before.
#[derive(Debug, Clone)]
pub struct PreTokenizer {
    /// The steps.
    pub steps: Vec<Step>,
    /// Prepend a space to text that does not start with one (`ByteLevel(add_prefix_space)`).
    pub add_prefix_space: bool,
}

impl PreTokenizer {
    /// A named pre-tokenizer: `gpt2`, `gpt2_digits` (digit runs split off first, then GPT-2's
    /// pattern: the paper's controlled experiments), `cl100k`, `o200k`, `llama3`, `whitespace`
    /// (`\w+|[^\w\s]+` pieces) or `whitespace_split`.
    pub fn named(name: &str) -> Result<Self> {
        let step = match name.to_ascii_lowercase().as_str() {
            "gpt2" | "r50k" | "p50k" => Step::Regex(SplitRegex::new(GPT2_PATTERN)?),
            "cl100k" => Step::Regex(SplitRegex::new(CL100K_PATTERN)?),
            "o200k" => Step::Regex(SplitRegex::new(O200K_PATTERN)?),
            "llama3" => Step::Regex(SplitRegex::new(LLAMA3_PATTERN)?),
            "whitespace" => Step::Regex(SplitRegex::new(WHITESPACE_PATTERN)?),
            "whitespace_split" => Step::WhitespaceSplit,
            "gpt2_digits" => {
                return Ok(Self {
                    steps: vec![Step::Digits { individual: false }, Step::Regex(SplitRegex::new(GPT2_PATTERN)?)],
                    add_prefix_space: false,
                });
            }
            other => {
                return plan_err!(
                    "unknown pre-tokenizer '{other}'; expected gpt2, gpt2_digits, cl100k, o200k, llama3, whitespace or whitespace_split"
                );
            }
        };
        Ok(Self {
            steps: vec![step],
            add_prefix_space: false,
        })
    }

    /// The pieces of `text` as byte ranges, in order. Text is expected to carry the prefix space
    /// already when [`Self::add_prefix_space`] is set (see [`Self::prepare`]).
    pub fn split(&self, text: &str, out: &mut Vec<(usize, usize)>) {
        out.clear();
        if text.is_empty() {
            return;
        }
        out.push((0, text.len()));
        let mut next = Vec::new();
        for step in &self.steps {
            next.clear();
            for &(start, end) in out.iter() {
                match step {
                    Step::Regex(regex) => regex.split(text, start, end, &mut next),
                    Step::Digits { individual } => {
                        split_digits(text, start, end, *individual, &mut next)
                    }
                    Step::WhitespaceSplit => split_whitespace(text, start, end, &mut next),
                }
            }
            std::mem::swap(out, &mut next);
        }
    }

    /// The text the pieces are cut from: `text` itself, or with a space prepended when
    /// [`Self::add_prefix_space`] asks for one.
    pub fn prepare<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        if self.add_prefix_space && !text.starts_with(' ') {
            std::borrow::Cow::Owned(format!(" {text}"))
        } else {
            std::borrow::Cow::Borrowed(text)
        }
    }
}

fn split_digits(
    text: &str,
    start: usize,
    end: usize,
    individual: bool,
    out: &mut Vec<(usize, usize)>,
) {
    let mut piece = start;
    let mut digits_from: Option<usize> = None;
    for (offset, c) in text[start..end].char_indices() {
        let at = start + offset;
        let numeric = c.is_numeric();
        match digits_from {
            Some(from) if !numeric || individual => {
                out.push((from, at));
                piece = at;
                digits_from = None;
            }
            _ => {}
        }
        if numeric && digits_from.is_none() {
            if at > piece {
                out.push((piece, at));
            }
            digits_from = Some(at);
        }
    }
    match digits_from {
        Some(from) => out.push((from, end)),
        None if piece < end => out.push((piece, end)),
        None => {}
    }
}

fn split_whitespace(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let mut piece: Option<usize> = None;
    for (i, c) in text[start..end].char_indices() {
        match (c.is_whitespace(), piece) {
            (true, Some(p)) => {
                out.push((p, start + i));
                piece = None;
            }
            (false, None) => piece = Some(start + i),
            _ => {}
        }
    }
    if let Some(p) = piece {
        out.push((p, end));
    }
}

/// The top-level `|` alternatives of a regex pattern.
fn top_level_alternatives(pattern: &str) -> Vec<&str> {
    let bytes = pattern.as_bytes();
    let (mut depth, mut in_class, mut i, mut from) = (0i32, false, 0, 0);
    let mut out = Vec::new();
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' if !in_class => in_class = true,
            b']' if in_class => in_class = false,
            b'(' if !in_class => depth += 1,
            b')' if !in_class => depth -= 1,
            b'|' if !in_class && depth == 0 => {
                out.push(&pattern[from..i]);
                from = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(&pattern[from..]);
    out
}

/// `pattern` with possessive quantifiers (`?+`, `*+`, `++`, `{n,m}+`) made greedy.
fn strip_possessive(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len());
    let (mut i, mut in_class, mut after_quantifier) = (0, false, false);
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            out.push(c);
            if let Some(&n) = chars.get(i + 1) {
                out.push(n);
                i += 2;
                if matches!(n, 'p' | 'P') && chars.get(i) == Some(&'{') {
                    while i < chars.len() {
                        out.push(chars[i]);
                        i += 1;
                        if chars[i - 1] == '}' {
                            break;
                        }
                    }
                }
            } else {
                i += 1;
            }
            after_quantifier = false;
            continue;
        }
        if in_class {
            in_class = c != ']';
            out.push(c);
            i += 1;
            after_quantifier = false;
            continue;
        }
        match c {
            '+' if after_quantifier => {
                after_quantifier = false;
                i += 1;
                continue;
            }
            '?' | '*' | '+' => after_quantifier = !after_quantifier || c != '?',
            '{' => {
                while i < chars.len() {
                    out.push(chars[i]);
                    i += 1;
                    if chars[i - 1] == '}' {
                        break;
                    }
                }
                after_quantifier = true;
                continue;
            }
            '[' => {
                in_class = true;
                out.push(c);
                i += 1;
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i) == Some(&']') {
                    out.push(']');
                    i += 1;
                }
                after_quantifier = false;
                continue;
            }
            _ => after_quantifier = false,
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(p: &PreTokenizer, text: &str) -> Vec<String> {
        let text = p.prepare(text);
        let mut out = Vec::new();
        p.split(&text, &mut out);
        out.iter().map(|&(s, e)| text[s..e].to_string()).collect()
    }

    #[test]
    fn possessive_quantifiers_become_greedy() {
        assert_eq!(
            strip_possessive(r"[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+"),
            r"[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}"
        );
        assert_eq!(strip_possessive(r"\s*+a+?b"), r"\s*a+?b");
        assert_eq!(strip_possessive(r"[+]+"), r"[+]+");
    }

    #[test]
    fn gpt2_whitespace_lookahead() {
        let p = PreTokenizer::named("gpt2").unwrap();
        assert_eq!(pieces(&p, "Hello  world"), ["Hello", " ", " world"]);
        assert_eq!(pieces(&p, "a   \n\nb  "), ["a", "   \n", "\n", "b", "  "]);
        assert_eq!(pieces(&p, "it's 2024!!"), ["it", "'s", " 2024", "!!"]);
        assert_eq!(pieces(&p, "x y"), ["x", " y"]);
    }

    #[test]
    fn cl100k_newlines_and_numbers() {
        let p = PreTokenizer::named("cl100k").unwrap();
        assert_eq!(pieces(&p, "abc  \n\n  def"), ["abc", "  \n\n", " ", " def"]);
        assert_eq!(pieces(&p, "12345 I'LL"), ["123", "45", " I", "'LL"]);
        assert_eq!(
            pieces(&p, "fn main() {\n    x\n}"),
            ["fn", " main", "()", " {\n", "   ", " x", "\n", "}"]
        );
    }

    #[test]
    fn digits_then_regex() {
        let p = PreTokenizer {
            steps: vec![
                Step::Digits { individual: false },
                Step::Regex(SplitRegex::new(GPT2_PATTERN).unwrap()),
            ],
            add_prefix_space: false,
        };
        assert_eq!(pieces(&p, "ab12cd 345"), ["ab", "12", "cd", " ", "345"]);
        assert_eq!(pieces(&p, "x²٣4y"), ["x", "²٣4", "y"]);
        let individual = PreTokenizer {
            steps: vec![Step::Digits { individual: true }],
            add_prefix_space: false,
        };
        assert_eq!(pieces(&individual, "a12"), ["a", "1", "2"]);
    }

    #[test]
    fn unsupported_lookaround_is_an_error() {
        assert!(SplitRegex::new(r"a(?=b)|\s+").is_err());
    }
}
