//! The content-only evidence: an Emacs or Vim modeline near the start or end of a file, and
//! the interpreter named by a `#!` line.

use std::sync::LazyLock;

use regex::Regex;

/// Lines searched for a modeline at the start and at the end of a file (as Linguist).
const MODELINE_LINES: usize = 5;

/// `vi:`, `vim:`, `vim<700:`, `Vim:` or ` ex:`, the start of a Vim modeline (`Vi:` is not one).
static VIM_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[ \t])(?:vi(?:m(?:[<=>]?[0-9]+)?)?|Vim(?:[<=>]?[0-9]+)?)|[ \t]ex").expect("valid regex"));

/// A file-type option in a Vim modeline's option list.
static VIM_FILETYPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[ \t:])(?:filetype|ft|syntax)[ \t]*=(\w+)(?:$|[\s:])").expect("valid regex"));

/// `#!/bin/sh` scripts that re-run themselves with another interpreter: `exec tclsh "$0" "$@"`.
static SH_EXEC: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"exec (\w+)[\s"']+\$0[\s"']+\$@"#).expect("valid regex"));

/// The mode or file type named by a modeline in the first or last five lines, if any. Emacs
/// modelines (`-*- mode: ruby -*-`, `-*- ruby -*-`) are looked for before Vim ones
/// (`vim: set ft=python:`, `vi: ft=sh`). Vimball archives (`UseVimball`) have none.
pub fn modeline(content: &str) -> Option<&str> {
    let lines: Vec<&str> = content.lines().collect();
    let head = &lines[..lines.len().min(MODELINE_LINES)];
    if head.iter().any(|l| l.contains("UseVimball")) {
        return None;
    }
    let tail = &lines[lines.len().saturating_sub(MODELINE_LINES)..];
    let scope = || head.iter().chain(tail.iter()).copied();
    scope().find_map(emacs_mode).or_else(|| scope().find_map(vim_filetype))
}

/// The major mode of an Emacs `-*- ... -*-` line.
fn emacs_mode(line: &str) -> Option<&str> {
    let start = line.find("-*-")? + 3;
    let inner = &line[start..start + line[start..].find("-*-")?];
    if !inner.contains(':') {
        let name = inner.trim_matches([' ', '\t']);
        let valid = !name.is_empty() && !name.contains([';', ' ', '\t']) && !name.ends_with(['-', '*']);
        return valid.then_some(name);
    }
    inner.split(';').find_map(|var| {
        let (key, value) = var.split_once(':')?;
        if !key.trim().eq_ignore_ascii_case("mode") {
            return None;
        }
        let name = value.trim_start_matches([' ', '\t']);
        let name = &name[..name.find([' ', '\t', ':', ';']).unwrap_or(name.len())];
        (!name.is_empty()).then_some(name)
    })
}

/// The file type of a Vim modeline: `ft=`, `filetype=` or `syntax=` in its option list. In the
/// `set` form (`vim: set ft=sh:`) the list ends at the next colon, and must end with one.
fn vim_filetype(line: &str) -> Option<&str> {
    VIM_START.find_iter(line).find_map(|m| {
        let options = line[m.end()..].strip_prefix(':')?;
        let rest = options.trim_start_matches([' ', '\t']);
        let set_form = ["set ", "set\t", "se ", "se\t"].iter().any(|p| rest.starts_with(p));
        let options = if set_form { &rest[..rest.find(':')?] } else { options };
        VIM_FILETYPE.captures(options).map(|c| c.get(1).expect("group 1").as_str())
    })
}

/// The interpreter named by the first line when it is a shebang: the program's base name with
/// a trailing `.N` version removed (`python2.7` → `python2`). For `/usr/bin/env` the program is
/// the first argument that is neither an option (`-S`, `-i`, `--ignore-environment`) nor a
/// `VAR=value` assignment. A `#!/bin/sh` script that `exec`s another interpreter on `"$0"` in
/// its first five lines names that one; `osascript -l LANGUAGE` names none.
pub fn interpreter(content: &str) -> Option<&str> {
    let line = content.strip_prefix("#!")?.lines().next()?;
    let mut words = line.split_whitespace();
    let program = words.next()?;
    let mut script = program.rsplit('/').next()?;
    if script == "env" {
        script = words.by_ref().find(|w| !is_env_option(w) && !is_assignment(w))?;
    }
    if let Some((stem, version)) = script.rsplit_once('.')
        && !version.is_empty()
        && version.bytes().all(|b| b.is_ascii_digit())
    {
        script = stem;
    }
    if script == "sh"
        && let Some(exec) = content.lines().take(5).find_map(|l| SH_EXEC.captures(l))
    {
        script = exec.get(1).expect("group 1").as_str();
    }
    if script == "osascript" && line.contains("-l") {
        return None;
    }
    script.rsplit('/').next().filter(|s| !s.is_empty())
}

/// An `env` option Linguist skips: `-` with any of `i0uCSv`, or a long `--option`.
fn is_env_option(word: &str) -> bool {
    match word.strip_prefix('-') {
        Some(rest) if rest.starts_with('-') => rest.len() > 1,
        Some(rest) => rest.bytes().all(|b| b"i0uCSv".contains(&b)),
        None => false,
    }
}

/// A `NAME=value` argument of `env`.
fn is_assignment(word: &str) -> bool {
    word.find('=').is_some_and(|i| i > 0 && i + 1 < word.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emacs_modelines() {
        assert_eq!(modeline("# -*- mode: ruby -*-\nputs 1\n"), Some("ruby"));
        assert_eq!(modeline("/* -*- Mode: C++; tab-width: 4 -*- */\n"), Some("C++"));
        assert_eq!(modeline("-*-perl-*-\n"), Some("perl"));
        assert_eq!(modeline("# -*- coding: utf-8 -*-\n"), None);
        assert_eq!(modeline("x -*- foo-mode: bar -*-\n"), None);
    }

    #[test]
    fn vim_modelines() {
        assert_eq!(modeline("x\n# vim: set ft=python :\n"), Some("python"));
        assert_eq!(modeline("// vi: ts=4 filetype=javascript\n"), Some("javascript"));
        assert_eq!(modeline("/* vim700: syntax=c */\n"), Some("c"));
        assert_eq!(modeline("# vim: set ft=sh\n"), None, "set form without closing colon");
        assert_eq!(modeline("# Vi: ft=sh\n"), None);
        assert_eq!(modeline("\" UseVimball\n\" vim: ft=vim\n"), None);
        let middle = format!("a\n{}vim: ft=c\n{}", "x\n".repeat(6), "y\n".repeat(6));
        assert_eq!(modeline(&middle), None, "only the first and last five lines");
    }

    #[test]
    fn shebangs() {
        assert_eq!(interpreter("#!/usr/bin/env python3\nprint(1)\n"), Some("python3"));
        assert_eq!(interpreter("#!/usr/bin/env -S python3 -u\n"), Some("python3"));
        assert_eq!(interpreter("#!/usr/bin/env -i PATH=/bin perl -w\n"), Some("perl"));
        assert_eq!(interpreter("#!/usr/bin/python2.7\n"), Some("python2"));
        assert_eq!(interpreter("#! /bin/bash -e\n"), Some("bash"));
        assert_eq!(interpreter("#!/bin/sh\n# \\\nexec tclsh \"$0\" \"$@\"\n"), Some("tclsh"));
        assert_eq!(interpreter("#!/usr/bin/osascript -l JavaScript\n"), None);
        assert_eq!(interpreter("#!/usr/bin/env\n"), None);
        assert_eq!(interpreter("#!\n"), None);
        assert_eq!(interpreter("# not a shebang\n"), None);
    }
}
