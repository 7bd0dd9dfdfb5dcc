#!/usr/bin/env python3
"""siftql's fastText functions and lang_id next to their reference implementations on the same input, one core.

    python3 benches/fasttext_vs_cpp.py [--docs 20000] [--siftql target/release/siftql]

Training and prediction use the synthetic corpus (`synthetic_corpus(docs, 5)`); language
identification uses real web documents, DCLM's 499 human-labelled Common Crawl extracts
(`shared/data/dclm-human-quality-labels/majority_data.jsonl`), repeated to `--docs` documents.
References: C++ fastText 0.9.2 (the `fasttext` command, Debian package fasttext) for ft_train,
ft_predict and lid.176.ftz (fetched by tests/tools/fetch_fasttext_models.sh), and the published
whatlang 0.18.0 crate's own `detect` for lang_id(text) (timed by the `speed` example of
vendor/whatlang, built by this script, which also times siftql's fork of it). Everything is pinned to CPU 0 with taskset, siftql with one
partition. Times are wall seconds of the whole command (C++: reading the file, training or
predicting, writing; siftql: reading or generating the input, the SQL work), except the
whatlang reference, which times `detect` alone; lang_id's documents/s are counted beyond the
same query without lang_id. Compare ratios within one run, not absolute numbers across runs.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

from pinned import siftql, timed


def web_documents(path, n, tmp):
    """DCLM's web documents repeated to n, as JSONL (for siftql and whatlang) and one per line (for C++)."""
    with open(path) as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    docs = [texts[i % len(texts)] for i in range(n)]
    jsonl, lines = os.path.join(tmp, "web.jsonl"), os.path.join(tmp, "web.txt")
    with open(jsonl, "w") as f, open(lines, "w") as g:
        for text in docs:
            f.write(json.dumps({"text": text}) + "\n")
            g.write(text.replace("\n", " ") + "\n")
    return jsonl, lines, sum(len(t.encode()) for t in docs) / 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--siftql", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "siftql"))
    parser.add_argument("--shared", default=os.environ.get("SIFTQL_SHARED_DATA", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")))
    args = parser.parse_args()
    assets = os.environ.get("SIFTQL_ASSETS", os.path.expanduser("~/.cache/siftql-assets"))
    lid = os.path.join(assets, "fasttext", "lid.176.ftz")
    options = "epoch=25, lr=0.5, dim=50, wordNgrams=2"
    cpp_options = ["-epoch", "25", "-lr", "0.5", "-dim", "50", "-wordNgrams", "2", "-thread", "1", "-verbose", "0"]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = f"synthetic_corpus({args.docs}, 5)"
        _, rows = siftql(args.siftql, f"SELECT kind, text FROM {corpus} ORDER BY id", fmt="ndjson")
        docs = [json.loads(line) for line in rows.splitlines() if line.strip()]
        train, texts = os.path.join(tmp, "train.txt"), os.path.join(tmp, "texts.txt")
        with open(train, "w") as f, open(texts, "w") as g:
            for d in docs:
                text = " ".join(d["text"].split())
                f.write(f"__label__{d['kind']} {text}\n")
                g.write(text + "\n")
        mb = os.path.getsize(texts) / 1e6
        results = []
        cpp_train, _ = timed(["fasttext", "supervised", "-input", train, "-output", os.path.join(tmp, "cpp"), *cpp_options])
        ours_train, _ = siftql(args.siftql, f"SELECT ft_save(ft_train(kind, text, '{options}'), '{tmp}/ours.bin') FROM {corpus}")
        results.append(("train (" + options + ")", cpp_train, ours_train))
        cpp_pred, _ = timed(["fasttext", "predict", os.path.join(tmp, "cpp.bin"), texts])
        ours_pred, _ = siftql(args.siftql, f"SELECT count(ft_label('{tmp}/cpp.bin', text)) FROM {corpus}")
        results.append(("predict, the C++-trained model", cpp_pred, ours_pred))
        print(f"{len(docs)} synthetic documents, {mb:.1f} MB of text, one core\n")
        print("| task | C++ fastText s | siftql s | siftql speed vs C++ |")
        print("|---|---|---|---|")
        for name, cpp, ours in results:
            print(f"| {name} | {cpp:.2f} | {ours:.2f} | {cpp / ours:.2f}x |")

        web = os.path.join(args.shared, "dclm-human-quality-labels", "majority_data.jsonl")
        if not os.path.exists(web):
            sys.exit(f"{web} not found: no language-identification rows")
        jsonl, lines, web_mb = web_documents(web, args.docs, tmp)
        table = [f"CREATE EXTERNAL TABLE web STORED AS JSON LOCATION '{jsonl}'"]
        baseline, _ = siftql(args.siftql, *table, "SELECT count(length(text)) FROM web")
        print(f"\n{args.docs} web documents (DCLM's 499, repeated), {web_mb:.1f} MB, one core; "
              f"the query without lang_id takes {baseline:.2f} s\n")
        print("| task | reference | reference docs/s | siftql docs/s | siftql speed vs reference |")
        print("|---|---|---|---|---|")
        manifest = os.path.join(os.path.dirname(__file__), "..", "vendor", "whatlang", "Cargo.toml")
        subprocess.run(["cargo", "build", "--release", "-q", "--manifest-path", manifest, "--example", "speed"], check=True)
        _, out = timed([os.path.join(os.path.dirname(args.siftql), "examples", "speed"), jsonl, "1"])
        reference = next(float(line.split()[2]) for line in out.splitlines() if line.startswith("upstream detect"))
        ours, _ = siftql(args.siftql, *table, "SELECT count(lang_id(text)) FROM web")
        ours_rate = args.docs / max(ours - baseline, 1e-9)
        print(f"| lang_id(text) | whatlang 0.18 detect | {reference:,.0f} | {ours_rate:,.0f} | {ours_rate / reference:.2f}x |")
        if os.path.exists(lid):
            cpp, _ = timed(["fasttext", "predict", lid, lines])
            ours, _ = siftql(args.siftql, *table, f"SELECT count(lang_id(text, '{lid}')) FROM web")
            print(f"| lang_id(text, lid.176.ftz) | C++ fastText predict | {args.docs / cpp:,.0f} | "
                  f"{args.docs / ours:,.0f} | {cpp / ours:.2f}x |")
            print("\n(lid.176 rows: whole-command times on both sides, reading the input included)")


if __name__ == "__main__":
    main()
