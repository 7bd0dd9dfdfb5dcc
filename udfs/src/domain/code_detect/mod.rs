//! Programming and markup language of a source file, GitHub-Linguist style: a cascade of
//! strategies (modeline, file name, shebang, extension, root tag and man-page extension,
//! disambiguation heuristics, tie-break), each narrowing the candidates of the previous ones,
//! over Linguist's own language tables and heuristics (see `tables`).

mod content;
mod tables;

use std::sync::LazyLock;

use regex::Regex;

pub use content::{interpreter, modeline};
use tables::{Lang, TABLES, Tables};

/// Bytes of content the heuristics look at (Linguist's 50 KiB).
const HEURISTIC_BYTES: usize = 50 * 1024;

/// Man-page extensions: `.1` to `.9` with an optional section suffix, `.0p`, `.n`, `.man`,
/// `.mdoc`, each optionally followed by `.in`.
static MANPAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\.(?:[1-9](?:[a-z_][a-z_0-9]*)?|0p|n|man|mdoc)(?:\.in)?\z").expect("valid regex"));

/// The step of the cascade that settled the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// An Emacs or Vim modeline.
    Modeline,
    /// An exact file name (`Makefile`, `Dockerfile`).
    Filename,
    /// The interpreter of a `#!` line.
    Shebang,
    /// The file extension (also a man-page section extension).
    Extension,
    /// A disambiguation heuristic on the content (also an `<?xml version=` header).
    Heuristics,
    /// The tie-break among candidates that nothing else could separate.
    Classifier,
}

impl Method {
    /// The name reported in SQL.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Modeline => "modeline",
            Method::Filename => "filename",
            Method::Shebang => "shebang",
            Method::Extension => "extension",
            Method::Heuristics => "heuristics",
            Method::Classifier => "classifier",
        }
    }
}

/// The outcome of [`detect`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    /// The language (Linguist's name), `None` when nothing matched.
    pub lang: Option<&'static str>,
    /// The step that settled it, `None` when nothing matched.
    pub method: Option<Method>,
    /// The languages the deciding step chose from (just `lang` when it was the first evidence),
    /// in Linguist's order; empty when nothing matched.
    pub candidates: Vec<&'static str>,
}

/// The language of a file from its path (any directories are ignored) and its content. Either
/// may be missing: without a path only the modeline and shebang steps run, without content
/// only the name-based ones. `None` when both are missing.
pub fn detect(path: Option<&str>, content: Option<&str>) -> Option<Detection> {
    if path.is_none() && content.is_none() {
        return None;
    }
    let t: &'static Tables = &TABLES;
    let name = path.map(|p| p.rsplit('/').next().unwrap_or(p));
    let lower = name.map(str::to_lowercase);
    let text = content.unwrap_or("");
    let mut candidates: Vec<Lang> = Vec::new();
    let decided = |method: Method, lang: Lang, before: &[Lang]| {
        let from = if before.is_empty() { std::slice::from_ref(&lang) } else { before };
        Some(Detection {
            lang: Some(t.name(lang)),
            method: Some(method),
            candidates: from.iter().map(|&l| t.name(l)).collect(),
        })
    };

    if let Some(lang) = content.and_then(modeline).and_then(|m| by_alias(t, m)) {
        return decided(Method::Modeline, lang, &[]);
    }
    let steps: [(Method, Option<Vec<Lang>>); 3] = [
        (Method::Filename, name.map(|n| t.filenames.get(n).cloned().unwrap_or_default())),
        (Method::Shebang, content.and_then(interpreter).map(|i| t.interpreters.get(i).cloned().unwrap_or_default())),
        (Method::Extension, lower.as_deref().map(|n| by_extension(t, n))),
    ];
    for (method, found) in steps {
        let Some(found) = found else { continue };
        let found = narrow(&candidates, found);
        if found.len() == 1 {
            return decided(method, found[0], &candidates);
        }
        if !found.is_empty() {
            candidates = found;
        }
    }
    if candidates.is_empty() && content.is_some() && text.lines().take(2).any(|l| l.contains("xml version=")) {
        return decided(Method::Heuristics, by_name(t, "XML"), &[]);
    }
    if let Some(lower) = &lower {
        if candidates.is_empty() && MANPAGE.is_match(lower) {
            candidates = vec![by_name(t, "Roff Manpage"), by_name(t, "Roff")];
        }
        if content.is_some()
            && let Some(found) = heuristics(t, lower, text)
        {
            if found.len() == 1 {
                return decided(Method::Heuristics, found[0], &candidates);
            }
            if !found.is_empty() {
                candidates = found;
            }
        }
    }
    if candidates.is_empty() {
        return Some(Detection { lang: None, method: None, candidates: Vec::new() });
    }
    decided(Method::Classifier, tie_break(t, &candidates), &candidates)
}

/// `found`, restricted to the previous `candidates` when there are any.
fn narrow(candidates: &[Lang], found: Vec<Lang>) -> Vec<Lang> {
    if candidates.is_empty() { found } else { found.into_iter().filter(|l| candidates.contains(l)).collect() }
}

fn by_name(t: &Tables, name: &str) -> Lang {
    t.names.iter().position(|n| n == name).expect("language in languages.yml") as Lang
}

/// A language named in a modeline: by alias, or by the part before a comma.
fn by_alias(t: &Tables, name: &str) -> Option<Lang> {
    let name = name.to_lowercase();
    t.aliases.get(&name).or_else(|| t.aliases.get(name.split(',').next()?)).copied()
}

/// Languages of the longest extension of the lower-cased file name that has any (`.html.erb`
/// before `.erb`); none for a generic extension (`.1`, `.app`, ...), which needs other evidence.
fn by_extension(t: &Tables, lower: &str) -> Vec<Lang> {
    if t.generic.iter().any(|g| lower.ends_with(g.as_str())) {
        return Vec::new();
    }
    lower
        .match_indices('.')
        .find_map(|(i, _)| t.extensions.get(&lower[i..]))
        .cloned()
        .unwrap_or_default()
}

/// The languages of the first heuristic rule that passes, in the first block for the file's
/// extension; `None` when no block applies or no rule passes.
fn heuristics(t: &Tables, lower: &str, text: &str) -> Option<Vec<Lang>> {
    let block = t.heuristics.iter().find(|b| b.extensions.iter().any(|e| lower.ends_with(e.as_str())))?;
    let mut end = text.len().min(HEURISTIC_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let rule = block.rules.iter().find(|r| r.tests.iter().all(|test| test.regex.is_match(head) != test.negated))?;
    Some(rule.languages.clone())
}

/// The pick among candidates nothing else separated: a language of Linguist's popular list
/// first (in its order), else the first in languages.yml order.
fn tie_break(t: &Tables, candidates: &[Lang]) -> Lang {
    *candidates.iter().min_by_key(|&&l| (t.popular[l as usize].unwrap_or(usize::MAX), l)).expect("candidates")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(path: Option<&str>, content: Option<&str>) -> (Option<&'static str>, Option<&'static str>) {
        let d = detect(path, content).expect("an argument given");
        (d.lang, d.method.map(Method::as_str))
    }

    #[test]
    fn every_heuristic_pattern_compiles() {
        assert!(TABLES.heuristics.len() > 100);
        assert!(TABLES.names.len() > 800);
    }

    #[test]
    fn each_method() {
        assert_eq!(lang(Some("x.txt"), Some("# vim: set ft=ruby:\nputs 1\n")), (Some("Ruby"), Some("modeline")));
        assert_eq!(lang(Some("src/Makefile"), Some("all:\n\tcc x.c\n")), (Some("Makefile"), Some("filename")));
        assert_eq!(lang(Some("Dockerfile"), None), (Some("Dockerfile"), Some("filename")));
        assert_eq!(lang(Some("run"), Some("#!/usr/bin/env python3\nprint(1)\n")), (Some("Python"), Some("shebang")));
        assert_eq!(lang(Some("main.go"), Some("package main\n")), (Some("Go"), Some("extension")));
        assert_eq!(lang(Some("Main.JAVA"), None), (Some("Java"), Some("extension")), "extensions are case-insensitive");
        assert_eq!(lang(Some("page.html.erb"), None), (Some("HTML+ERB"), Some("extension")), "longest extension first");
        assert_eq!(lang(Some("x.pl"), Some("use strict;\nmy $x = 1;\n")), (Some("Perl"), Some("heuristics")));
        assert_eq!(lang(Some("x.pl"), Some(":- module(x, []).\nfoo(X) :- bar(X).\n")), (Some("Prolog"), Some("heuristics")));
        assert_eq!(lang(Some("config"), Some("<?xml version=\"1.0\"?>\n<a/>\n")), (Some("XML"), Some("heuristics")));
        assert_eq!(lang(Some("ls.1"), Some(".TH LS 1\n.SH NAME\nls\n")), (Some("Roff Manpage"), Some("heuristics")));
        let tie = detect(Some("x.inc"), Some("nothing to see\n")).expect("detected");
        assert_eq!(tie.method, Some(Method::Classifier));
        assert!(tie.candidates.len() > 1 && tie.candidates.contains(&tie.lang.expect("a pick")));
    }

    #[test]
    fn ambiguous_h() {
        let d = detect(Some("util.h"), Some("#include <stdio.h>\nint f(void);\n")).expect("detected");
        assert_eq!((d.lang, d.method), (Some("C"), Some(Method::Heuristics)));
        assert_eq!(d.candidates, ["C", "C++", "Objective-C"]);
        assert_eq!(lang(Some("util.h"), Some("#include <vector>\nstd::vector<int> v;\n")), (Some("C++"), Some("heuristics")));
        assert_eq!(lang(Some("util.h"), Some("template <typename T> T f(T x);\n")), (Some("C++"), Some("heuristics")));
        assert_eq!(lang(Some("View.h"), Some("#import <UIKit/UIKit.h>\n@interface View : UIView\n@end\n")), (Some("Objective-C"), Some("heuristics")));
        assert_eq!(lang(Some("util.h"), None), (Some("C"), Some("classifier")), "no content: tie-break");
    }

    #[test]
    fn shebang_with_env_and_flags() {
        assert_eq!(lang(None, Some("#!/usr/bin/env -S ruby -w\nputs 1\n")), (Some("Ruby"), Some("shebang")));
        assert_eq!(lang(None, Some("#!/usr/bin/env -i LANG=C bash\necho\n")), (Some("Shell"), Some("shebang")));
        assert_eq!(lang(None, Some("#!/usr/local/bin/python3 -u\n")), (Some("Python"), Some("shebang")));
        assert_eq!(lang(Some("tool.py"), Some("#!/usr/bin/python2.7\n")), (Some("Python"), Some("shebang")));
        assert_eq!(lang(Some("x.rb"), Some("#!/bin/sh\n")), (Some("Shell"), Some("shebang")), "the shebang comes first");
        let d = detect(Some("x.pl"), Some("#!/usr/bin/env perl\n")).expect("detected");
        assert_eq!((d.lang, d.method), (Some("Perl"), Some(Method::Extension)), "the extension narrows the shebang's languages");
        assert!(d.candidates.len() > 1 && d.candidates.contains(&"Perl"));
    }

    #[test]
    fn nulls_and_nothing() {
        assert_eq!(detect(None, None), None);
        assert_eq!(lang(None, Some("just words\n")), (None, None));
        assert_eq!(lang(Some("notes.unknownext"), Some("x")), (None, None));
        assert_eq!(detect(None, Some("x")).expect("detected").candidates, Vec::<&str>::new());
        assert_eq!(lang(None, Some("-*- mode: python -*-\n")), (Some("Python"), Some("modeline")));
        assert_eq!(lang(Some("CMakeLists.txt"), None), (Some("CMake"), Some("filename")));
    }
}
