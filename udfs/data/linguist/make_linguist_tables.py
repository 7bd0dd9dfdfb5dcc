#!/usr/bin/env python3
"""Generates udfs/data/linguist/linguist.json and UNSUPPORTED.md from GitHub Linguist's
lib/linguist/languages.yml, heuristics.yml, generic.yml and popular.yml (MIT licence).

Usage: make_linguist_tables.py LINGUIST_GIT_DIR [COMMIT]
  e.g. make_linguist_tables.py /work/.mirror/github-linguist+linguist/repo HEAD

Only data is taken from Linguist. Heuristic patterns are Ruby (Onigmo) regular expressions;
they are rewritten here into the syntax of Rust's `regex` crate:
  * Ruby's `m` flag (dot matches newline) becomes Rust's `s`; `^`/`$` are line anchors in
    Ruby, so every Rust pattern is compiled with `(?m)` (done by the Rust loader);
  * `\\h` becomes `[0-9a-fA-F]`, `\\Z` becomes `(?:\\n?\\z)`, `{,n}` becomes `{0,n}`;
  * a `{` or `}` that is not part of a repetition is escaped (Ruby reads it literally);
  * escapes of characters that are not Rust metacharacters (`\\/`, `\\'`, `\\<`, ...) lose the
    backslash (in Rust `\\<` and `\\>` would be word boundaries);
  * a negative look-behind of one literal character, `(?<!c)`, becomes `(?:\\A|[^c])` (the
    same yes/no answer; only the match position differs);
  * atomic groups `(?>...)` become `(?:...)` and possessive quantifiers (`*+`, `++`, `?+`)
    become greedy ones: they can only make Ruby fail where Rust matches, never the reverse;
  * Ruby's array patterns (a union of regexps) become `(?:a)|(?:b)|...`;
  * a call `\\g<name>` of a named group becomes a copy of the group (when not recursive);
  * in extended mode `(?x)` a space or `#` in a character class is escaped (Rust ignores
    them there, Ruby does not).
Patterns with other look-around, back-references or subroutine calls cannot be expressed: an
alternative of a union is dropped, a whole rule with such a pattern is left out (it never
matches). Every such case is listed in UNSUPPORTED.md.
"""
import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
RUST_META = set("\\.+*?()|[]{}^$#&-~")
REPEAT = re.compile(r"\{(\d*)(?:(,)(\d*))?\}")


class Unsupported(Exception):
    pass


def group_body(p, name):
    """The source of the named group `(?<name>...)` of `p`, without its parentheses."""
    start = p.index(f"(?<{name}>") + len(name) + 4
    depth, i = 1, start
    while depth:
        if p[i] == "\\":
            i += 2
            continue
        depth += {"(": 1, ")": -1}.get(p[i], 0)
        i += 1
    return p[start:i - 1]


def expand_calls(p):
    """Replaces each (non-recursive) subroutine call `\\g<name>` by a copy of the group."""
    for name in re.findall(r"\\g<(\w+)>", p):
        if f"(?<{name}>" not in p:
            raise Unsupported("subroutine call")
        body = group_body(p, name)
        if f"\\g<{name}>" in body:
            raise Unsupported("recursive subroutine call")
        p = p.replace(f"\\g<{name}>", f"(?:{body})")
    return p


def translate(p):
    """A Ruby regexp source as Rust `regex` syntax; raises Unsupported."""
    p = expand_calls(p)
    extended = re.match(r"\(\?[imx]*x", p) is not None
    out = []
    i = 0
    depth = 0  # character-class nesting
    after_repeat = False
    while i < len(p):
        c = p[i]
        if c == "\\":
            if i + 1 >= len(p):
                raise Unsupported("trailing backslash")
            n = p[i + 1]
            i += 2
            after_repeat = False
            if n == "h":
                out.append("0-9a-fA-F" if depth else "[0-9a-fA-F]")
            elif n == "H" and not depth:
                out.append("[^0-9a-fA-F]")
            elif n == "Z" and not depth:
                out.append(r"(?:\n?\z)")
            elif n in "123456789":
                raise Unsupported("back-reference")
            elif n in "gk" and i < len(p) and p[i] == "<":
                raise Unsupported("subroutine call or named back-reference")
            elif n in "GKRXHZ":
                raise Unsupported(f"\\{n}")
            elif n.isalnum():
                out.append("\\" + n)
            elif n in RUST_META:
                out.append("\\" + n)
            else:
                out.append(n)
            continue
        if depth:
            if p.startswith("[:", i):
                end = p.index(":]", i) + 2
                out.append(p[i:end])
                i = end
                continue
            if c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
            out.append({" ": r"\x20", "#": r"\#"}.get(c, c) if extended else c)
            i += 1
            continue
        if c == "[":
            depth = 1
            out.append("[")
            i += 1
            if i < len(p) and p[i] == "^":
                out.append("^")
                i += 1
            if i < len(p) and p[i] == "]":
                out.append(r"\]")
                i += 1
            after_repeat = False
            continue
        if c == "(":
            after_repeat = False
            rest = p[i:]
            m = re.match(r"\(\?<!(\\?.)\)", rest)
            if m and len(m.group(1).lstrip("\\")) == 1:
                ch = m.group(1).lstrip("\\")
                cls = "\\" + ch if ch in RUST_META else ch
                out.append(rf"(?:\A|[^{cls}])")
                i += m.end()
                continue
            if rest.startswith(("(?=", "(?!", "(?<=", "(?<!")):
                raise Unsupported("look-around")
            if rest.startswith("(?>"):
                out.append("(?:")
                i += 3
                continue
            if rest.startswith("(?#"):
                i = p.index(")", i) + 1
                continue
            m = re.match(r"\(\?([imx]*)(?:-([imx]*))?([:)])", rest)
            if m:
                on = m.group(1).replace("m", "s")
                off = (m.group(2) or "").replace("m", "s")
                out.append("(?" + on + ("-" + off if off else "") + m.group(3))
                i += m.end()
                continue
            out.append("(")
            i += 1
            continue
        if c in "*+?":
            i += 1
            if after_repeat and c == "+":
                after_repeat = False  # possessive: greedy in Rust
                continue
            out.append(c)
            after_repeat = not after_repeat  # a `?` after a repetition makes it lazy
            continue
        if c == "{":
            m = REPEAT.match(p, i)
            if m and (m.group(1) or m.group(3)):
                lo = m.group(1) or "0"
                out.append("{" + lo + (m.group(2) or "") + (m.group(3) or "") + "}")
                i = m.end()
                after_repeat = True
                continue
            out.append(r"\{")
            i += 1
            after_repeat = False
            continue
        if c == "}":
            out.append(r"\}")
            i += 1
            after_repeat = False
            continue
        out.append(c)
        i += 1
        after_repeat = False
    if depth:
        raise Unsupported("unterminated character class")
    return "".join(out)


def git_show(git_dir, commit, path):
    return subprocess.run(["git", "--git-dir", git_dir, "show", f"{commit}:{path}"], check=True,
                          capture_output=True, text=True).stdout


def main():
    git_dir = sys.argv[1]
    commit = sys.argv[2] if len(sys.argv) > 2 else "HEAD"
    commit = subprocess.run(["git", "--git-dir", git_dir, "rev-parse", commit], check=True,
                            capture_output=True, text=True).stdout.strip()
    languages = yaml.safe_load(git_show(git_dir, commit, "lib/linguist/languages.yml"))
    heuristics = yaml.safe_load(git_show(git_dir, commit, "lib/linguist/heuristics.yml"))
    generic = yaml.safe_load(git_show(git_dir, commit, "lib/linguist/generic.yml"))["extensions"]
    popular = yaml.safe_load(git_show(git_dir, commit, "lib/linguist/popular.yml"))

    unsupported = []

    def union(where, pattern):
        """A Rust pattern for a Ruby pattern or array of patterns, or None if none is usable."""
        parts = pattern if isinstance(pattern, list) else [pattern]
        kept = []
        for part in parts:
            try:
                kept.append(translate(part))
            except Unsupported as e:
                unsupported.append((where, str(e), part, len(parts) > 1))
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else "|".join(f"(?:{k})" for k in kept)

    named = {k: v for k, v in heuristics["named_patterns"].items()}

    def condition(where, rule):
        """A list of [kind, regex] tests that must all pass, or None if inexpressible."""
        # Linguist reads one key per rule, in this order: and, pattern, negative_pattern,
        # named_pattern; a rule with none always matches.
        if "and" in rule:
            tests = []
            for block in rule["and"]:
                sub = condition(where, block)
                if sub is None:
                    return None
                tests.extend(sub)
            return tests
        if "pattern" in rule:
            r = union(where, rule["pattern"])
            return None if r is None else [["re", r]]
        if "negative_pattern" in rule:
            r = union(where, rule["negative_pattern"])
            return None if r is None else [["not", r]]
        if "named_pattern" in rule:
            r = union(f"{where} (named pattern {rule['named_pattern']})", named[rule["named_pattern"]])
            return None if r is None else [["re", r]]
        return []

    blocks = []
    skipped_rules = []
    for d in heuristics["disambiguations"]:
        rules = []
        for rule in d["rules"]:
            langs = rule["language"] if isinstance(rule["language"], list) else [rule["language"]]
            where = f"{' '.join(d['extensions'])} -> {', '.join(langs)}"
            tests = condition(where, rule)
            if tests is None:
                skipped_rules.append(where)
                continue
            rules.append({"languages": langs, "all": tests})
        blocks.append({"extensions": d["extensions"], "rules": rules})

    names = set(languages)
    for b in blocks:
        for r in b["rules"]:
            for l in r["languages"]:
                assert l in names, l

    table = []
    for name, attrs in languages.items():
        aliases = [name.lower().replace(" ", "-").replace("\t", "-")] + [a.lower() for a in attrs.get("aliases", [])]
        table.append([name, aliases, attrs.get("extensions", []), attrs.get("filenames", []),
                      attrs.get("interpreters", [])])

    lines = ["{", f'"commit": {json.dumps(commit)},', f'"generic": {json.dumps(generic)},',
             f'"popular": {json.dumps(popular)},', '"languages": [']
    lines += [json.dumps(row, ensure_ascii=False) + ("," if k + 1 < len(table) else "") for k, row in enumerate(table)]
    lines += ["],", '"heuristics": [']
    lines += [json.dumps(b, ensure_ascii=False) + ("," if k + 1 < len(blocks) else "") for k, b in enumerate(blocks)]
    lines += ["]", "}"]
    (HERE / "linguist.json").write_text("\n".join(lines) + "\n")

    doc = [
        "# Linguist heuristics not expressible with Rust's `regex` crate",
        "",
        f"Generated by make_linguist_tables.py from github-linguist/linguist commit {commit}.",
        "Rust's `regex` has no look-around, back-references or recursion. A pattern using",
        "them is dropped: from a union (array pattern) only that alternative goes; otherwise the",
        "whole rule goes and never matches (the next rule of the block is tried instead).",
        "",
        "## Rules left out",
        "",
    ]
    doc += [f"- `{w}`" for w in skipped_rules] or ["(none)"]
    doc += ["", "## Patterns dropped", ""]
    for where, why, part, in_union in unsupported:
        one_line = " ".join(part.split())
        doc.append(f"- `{where}` ({why}{', one alternative of a union' if in_union else ''}): `{one_line}`")
    (HERE / "UNSUPPORTED.md").write_text("\n".join(doc) + "\n")
    print(f"{len(table)} languages, {len(blocks)} heuristic blocks, {len(skipped_rules)} rules left out, "
          f"{len(unsupported)} patterns dropped", file=sys.stderr)


if __name__ == "__main__":
    main()
