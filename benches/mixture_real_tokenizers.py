#!/usr/bin/env python3
"""Infer the training mixture of real, published BPE tokenizers (GPT-2 / r50k, cl100k, o200k, …)
from language and programming-language samples, with siftql's `infer_mixture`, as the paper's
section 5 does for commercial tokenizers (Hayase et al. 2024: GPT-2 ≈ 99% English, GPT-3.5
(cl100k) ≈ 63% code, GPT-4o (o200k) ≈ 39% non-English; its figures are shares of initial byte
pairs, so this script reports `pair_share` first and byte shares beside it).

Categories (all text is local; nothing is written into the repository):
  languages  the largest pools that benches/mixture_accuracy.py builds from ../shared/data
             (bench-data/mixture/pools/languages/<code>.{train,sample}.txt; run
             `benches/mixture_accuracy.py --prepare-only` first), both halves, cut into blocks of
             about 4 KB at blank lines. English is half that pool (Leipzig news and Wikipedia
             sentences, UDHR) and half web documents, DCLM's Common Crawl extracts
             (shared/data/dclm-human-quality-labels, one row per document, each text once): the
             tokenizers were trained on web text (GPT-2 on WebText; the paper's language samples
             are OSCAR web text), whose layout, punctuation and newlines Leipzig's one-sentence
             lines lack. No web text is available for the other languages;
  code       source files found on this machine, the sources of mixture_accuracy.py's local-code
             setting: Python (the interpreter's standard library), Rust (the cargo registry), C
             (/usr/include headers), JavaScript (npm's global modules), Perl (/usr/share/perl*),
             Markdown (*.md under the cargo registry, /usr/share/doc and npm's modules); files are
             taken in a seeded random order, each cut to 32 KB at a line break.
Each category gets up to --sample-bytes of text, one row per block or file.

Caveat: the paper used about 1 GB per category and 112 languages + 37 programming languages; our
samples are a few MB and cover a handful of each, so a language the tokenizer was trained on but
that is missing here is absorbed by its nearest categories.

Llama 3 is left out: the paper attacks only its merges beyond cl100k's first 100,000, and
`infer_mixture` replays a list from its start.

Run (from the repository root; needs `bash tests/tools/fetch_tokenizers.sh`, a release build, and
the venv of benches/mixture_accuracy.py, whose pools and helpers this script uses):
    /work/venvs/mixture/bin/python benches/mixture_real_tokenizers.py --merges 3000 --sample-bytes 2M
"""

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from mixture_accuracy import (DEFAULT_DATA, DEFAULT_OUT, cap_document, local_code_files, local_code_sources,
                              normalize_text, parse_size, split_paragraph_blocks, sql_quote)

POOLS = DEFAULT_OUT / "pools" / "languages"
OUT = DEFAULT_OUT / "real"
ASSETS = Path(os.environ.get("SIFTQL_ASSETS", Path.home() / ".cache" / "siftql-assets")) / "tokenizers"
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", Path.home() / ".cache" / "siftql-target"))

TOKENIZERS = {
    "gpt2": "r50k_base.tiktoken",
    "cl100k": "cl100k_base.tiktoken",
    "o200k": "o200k_base.tiktoken",
}
PAPER = {"gpt2": "≈ 99% English", "cl100k": "≈ 63% code (GPT-3.5)", "o200k": "≈ 39% non-English (GPT-4o)"}
LANGUAGES = ["en", "de", "fr", "es", "ru", "ja", "zh", "pl", "uk", "pt", "it", "tr"]


def code_sources():
    """Programming language -> (root folders, file-name test): the local-code setting's sources."""
    return {f"code:{name}": source for name, source in local_code_sources().items()}


def web_english_rows(budget):
    """DCLM's English Common Crawl documents (each distinct text once), up to budget bytes."""
    folder = DEFAULT_DATA / "dclm-human-quality-labels"
    seen, rows, size = set(), [], 0
    for name in ("majority_data.jsonl", "agreement_data.jsonl"):
        path = folder / name
        if not path.exists():
            sys.exit(f"missing {path}: the English category needs DCLM's web documents")
        for line in path.read_text(encoding="utf-8").splitlines():
            if size >= budget:
                return rows
            if not line.strip():
                continue
            text = cap_document(normalize_text(json.loads(line)["text"]), 32768)
            if text.strip() and text not in seen:
                seen.add(text)
                rows.append(text)
                size += len(text.encode("utf-8"))
    return rows


def language_rows(code, budget):
    if code == "en":
        web = web_english_rows(budget // 2)
        return web + pool_rows(code, budget - sum(len(r.encode("utf-8")) for r in web))
    return pool_rows(code, budget)


def pool_rows(code, budget):
    rows, size = [], 0
    for half in ("sample", "train"):
        path = POOLS / f"{code}.{half}.txt"
        if not path.exists():
            sys.exit(f"missing pool {path}: run benches/mixture_accuracy.py --prepare-only first")
        for block in split_paragraph_blocks(path.read_text(encoding="utf-8"), 4096):
            if size >= budget:
                return rows
            rows.append(block)
            size += len(block.encode("utf-8"))
    return rows


def code_rows(roots, test, budget, seed):
    rows, size = [], 0
    for _, _, text in local_code_files(roots, test, seed):
        if size >= budget:
            break
        text = cap_document(normalize_text(text), 32768)
        if text.strip():
            rows.append(text)
            size += len(text.encode("utf-8"))
    return rows


def build_samples(path, budget, seed):
    counts = {}
    with open(path, "w", encoding="utf-8") as out:
        for code in LANGUAGES:
            rows = language_rows(code, budget)
            counts[code] = sum(len(r.encode("utf-8")) for r in rows)
            for row in rows:
                out.write(json.dumps({"category": code, "text": row}, ensure_ascii=False) + "\n")
        for name, (roots, test) in code_sources().items():
            rows = code_rows(roots, test, budget, seed)
            counts[name] = sum(len(r.encode("utf-8")) for r in rows)
            for row in rows:
                out.write(json.dumps({"category": name, "text": row}, ensure_ascii=False) + "\n")
    return counts


def infer(binary, tokenizer, samples, merges):
    inner = f"SELECT category, text FROM read_jsonl({sql_quote(str(samples))})"
    sql = (f"SELECT category, pair_share, proportion, merges_used, rounds, constraints, converged, gap, seconds "
           f"FROM infer_mixture({sql_quote(str(tokenizer))}, {sql_quote(inner)}, 'category', 'text', {merges})")
    started = time.perf_counter()
    proc = subprocess.run([str(binary), "--format", "csv", "-c", sql], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"siftql failed on {tokenizer}: {proc.stderr.strip()[-2000:]}")
    return list(csv.DictReader(io.StringIO(proc.stdout))), time.perf_counter() - started


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tokenizers", nargs="+", default=["gpt2", "cl100k", "o200k"], choices=sorted(TOKENIZERS))
    ap.add_argument("--merges", type=int, default=3000)
    ap.add_argument("--sample-bytes", type=parse_size, default=parse_size("2M"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--binary", type=Path, default=TARGET / "release" / "siftql")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    samples = OUT / f"samples-{args.sample_bytes}-s{args.seed}.jsonl"
    counts = build_samples(samples, args.sample_bytes, args.seed)
    print("sample bytes per category:", ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in counts.items()))
    results = {"args": {k: str(v) for k, v in vars(args).items()}, "sample_bytes": counts, "tokenizers": {}}
    for name in args.tokenizers:
        rows, wall = infer(args.binary, ASSETS / TOKENIZERS[name], samples, args.merges)
        rows.sort(key=lambda r: -float(r["pair_share"]))
        share = {r["category"]: float(r["pair_share"]) for r in rows}
        code = sum(v for k, v in share.items() if k.startswith("code:"))
        english = share.get("en", 0.0)
        other = 1.0 - code - english
        first = rows[0]
        print(f"\n{name}: T = {first['merges_used']} merges used, {first['rounds']} LP rounds, "
              f"{first['constraints']} constraints, converged {first['converged']} (gap {float(first['gap']):.1e}), {wall:.1f} s; paper: {PAPER[name]}")
        print(f"  English {english:.1%}   code {code:.1%}   other languages {other:.1%}   (pair shares)")
        for r in rows:
            print(f"  {r['category']:<16} pair share {float(r['pair_share']):7.2%}   byte share {float(r['proportion']):7.2%}")
        results["tokenizers"][name] = {"rows": rows, "wall_s": wall, "english": english, "code": code,
                                       "other_languages": other}
    out = OUT / f"results-T{args.merges}-{args.sample_bytes}-s{args.seed}.json"
    out.write_text(json.dumps(results, indent=1))
    print(f"\nwritten {out}")


if __name__ == "__main__":
    main()
