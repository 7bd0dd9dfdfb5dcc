#!/usr/bin/env python3
"""siftql's fastText functions and lang_id next to C++ fastText 0.9.2 on the same input, one core.

    python3 benches/fasttext_vs_cpp.py [--docs 20000] [--siftql target/release/siftql]

Needs the `fasttext` command (Debian package fasttext) and, for the lid.176 rows, the model
fetched by tests/tools/fetch_fasttext_models.sh. Both sides are pinned to CPU 0 with taskset,
siftql with one partition. Times are wall seconds of the whole command (C++: reading the file,
training or predicting, writing; siftql: generating the synthetic corpus, the SQL work). Every
figure of one run comes from the same input; compare ratios, not absolute numbers, across runs.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time


def timed(cmd):
    start = time.perf_counter()
    out = subprocess.run(["taskset", "-c", "0", *cmd], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stderr}")
    return elapsed, out.stdout


def siftql(binary, sql):
    return timed([binary, "--format", "csv", "-c", "SET datafusion.execution.target_partitions = 1", "-c", sql])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--siftql", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "siftql"))
    args = parser.parse_args()
    assets = os.environ.get("SIFTQL_ASSETS", os.path.expanduser("~/.cache/siftql-assets"))
    lid = os.path.join(assets, "fasttext", "lid.176.ftz")
    options = "epoch=25, lr=0.5, dim=50, wordNgrams=2"
    cpp_options = ["-epoch", "25", "-lr", "0.5", "-dim", "50", "-wordNgrams", "2", "-thread", "1", "-verbose", "0"]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = f"synthetic_corpus({args.docs}, 5)"
        _, rows = timed([args.siftql, "--format", "ndjson", "--maxrows", "inf", "-c", f"SELECT kind, text FROM {corpus} ORDER BY id"])
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
        if os.path.exists(lid):
            cpp_lid, _ = timed(["fasttext", "predict", lid, texts])
            ours_lid, _ = siftql(args.siftql, f"SELECT count(ft_label('{lid}', text)) FROM {corpus}")
            results.append(("predict, lid.176.ftz", cpp_lid, ours_lid))
            ours_langid, _ = siftql(args.siftql, f"SELECT count(lang_id(text, '{lid}')) FROM {corpus}")
            results.append(("lang_id(text, lid.176.ftz) vs C++ predict", cpp_lid, ours_langid))
        baseline, _ = siftql(args.siftql, f"SELECT count(length(text)) FROM {corpus}")
        whatlang, _ = siftql(args.siftql, f"SELECT count(lang_id(text)) FROM {corpus}")
        print(f"{len(docs)} synthetic documents, {mb:.1f} MB of text, one core\n")
        print("| task | C++ fastText s | siftql s | siftql speed vs C++ |")
        print("|---|---|---|---|")
        for name, cpp, ours in results:
            print(f"| {name} | {cpp:.2f} | {ours:.2f} | {cpp / ours:.2f}x |")
        per_doc = max(whatlang - baseline, 1e-9)
        print(f"\nlang_id(text) with whatlang: {whatlang:.2f} s, {len(docs) / per_doc:,.0f} documents/s "
              f"beyond generating the corpus ({baseline:.2f} s)")


if __name__ == "__main__":
    main()
