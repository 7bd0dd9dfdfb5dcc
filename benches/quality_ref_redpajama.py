#!/usr/bin/env python3
"""Times the official RedPajama-V2 rule-based quality signals in one process (helper of
benches/quality_vs_reference.py; runs inside the RedPajama venv, not the caller's Python).

    VENV/bin/python benches/quality_ref_redpajama.py CORPUS.jsonl --rp-src RedPajama-Data \
        --artifacts DIR [--repeat 1] [--limit N] [--ut1 off|empty] [--json OUT]

CORPUS is JSON Lines with a `text` field. --rp-src is a checkout of
togethercomputer/RedPajama-Data (the repository root or its `app/src`). --artifacts holds
`bad_words/en.txt` (LDNOOBW `en`) and, for --ut1 empty, `bad_urls/domain_to_category_id.json`.

What is timed (quality-signals.md §6.4): texts are loaded first; the timed loop builds
`Document(text, domain=None, precompute_ngrams=True, precompute_hash_features=False)` exactly as
RedPajama's worker does (minus the hash features, which only feed DSIR) and calls every
rule-based signal of the content (language "en", LDNOOBW), repetitions, natural-language and
lines modules on it. --ut1 off (default) leaves out `rps_doc_ut1_blacklist` (28 signals);
--ut1 empty keeps it with an empty domain map (29 signals, as in §6.3; it is a dict lookup on a
None domain and costs nothing). CPU time is time.process_time, wall is time.perf_counter.
Prints one JSON object on stdout.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--rp-src", required=True)
    ap.add_argument("--artifacts", required=True)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--ut1", choices=["off", "empty"], default="off")
    ap.add_argument("--json")
    args = ap.parse_args()

    src = os.path.abspath(args.rp_src)
    if os.path.isdir(os.path.join(src, "app", "src")):
        src = os.path.join(src, "app", "src")
    sys.path.insert(0, src)
    from core.document import Document
    from core.quality_signals.content import register_content_callables
    from core.quality_signals.lines import register_lines_callables
    from core.quality_signals.natural_language import register_natural_language_callables
    from core.quality_signals.repetitions import register_repetitions_callables

    art = os.path.abspath(args.artifacts)
    bad_urls = os.path.join(art, "bad_urls")
    if args.ut1 == "empty":
        os.makedirs(bad_urls, exist_ok=True)
        with open(os.path.join(bad_urls, "domain_to_category_id.json"), "w") as fh:
            fh.write("{}")
    elif not os.path.exists(os.path.join(bad_urls, "domain_to_category_id.json")):
        # the content module constructs every class, UT1 included; give it an empty map, drop it below
        os.makedirs(bad_urls, exist_ok=True)
        with open(os.path.join(bad_urls, "domain_to_category_id.json"), "w") as fh:
            fh.write("{}")
    signals = (
        register_content_callables(language="en", bad_urls_dir=bad_urls, bad_words_dir=os.path.join(art, "bad_words"))
        + register_repetitions_callables()
        + register_natural_language_callables()
        + register_lines_callables()
    )
    if args.ut1 == "off":
        signals = [s for s in signals if s.field_name != "rps_doc_ut1_blacklist"]

    texts = []
    with open(args.corpus, encoding="utf-8") as fh:
        for line in fh:
            if args.limit is not None and len(texts) >= args.limit:
                break
            if line.strip():
                texts.append(json.loads(line)["text"])
    n_docs = len(texts)
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    n_chars = sum(len(t) for t in texts)

    runs = []
    for _ in range(args.repeat):
        check = 0.0
        c0, w0 = time.process_time(), time.perf_counter()
        for t in texts:
            d = Document(t, domain=None, precompute_ngrams=True, precompute_hash_features=False)
            out = {s.field_name: s(d) for s in signals}
            check += out["rps_doc_word_count"][0][2]
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        runs.append({"cpu_s": cpu, "wall_s": wall, "loadavg_after": open("/proc/loadavg").read().split()[:3]})
        print(f"redpajama run: cpu {cpu:.2f} s, wall {wall:.2f} s", file=sys.stderr, flush=True)

    commit = None
    try:
        commit = subprocess.run(["git", "-C", src, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip() or None
    except OSError:
        pass
    import importlib.metadata as md

    versions = {"python": platform.python_version()}
    for p in ("nltk", "numpy", "msgspec"):
        try:
            versions[p] = md.version(p)
        except md.PackageNotFoundError:
            versions[p] = None
    summary = {
        "docs": n_docs,
        "bytes_utf8": n_bytes,
        "chars": n_chars,
        "n_signals": len(signals),
        "signals": sorted(s.field_name for s in signals),
        "rp_commit": commit,
        "versions": versions,
        "sum_rps_doc_word_count": check,
        "runs": runs,
    }
    text = json.dumps(summary, indent=1)
    if args.json:
        with open(args.json, "w") as fh:
            fh.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
