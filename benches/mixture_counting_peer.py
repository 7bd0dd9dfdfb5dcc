#!/usr/bin/env python3
"""Peer benchmark: the official per-merge pair counter of the BPE data-mixture-inference attack
(Hayase et al. 2024), i.e. `BpeTrainer::do_merge_and_count` in the HF-tokenizers fork
`alisawuffles/tokenizers-bpe-attack`, invoked exactly as the official driver
`alisawuffles/tokenizer-attack/dump_frequencies.py` (+ `utils.train_tokenizer_or_dump_frequencies`) does:

  * chdir into a directory that contains `merges.txt` (its presence switches `BpeTrainer.train`
    from normal training to `do_merge_and_count`; the first line of merges.txt is always skipped
    as the `#version` header);
  * Tokenizer(BPE(unk_token="[UNK]")), BpeTrainer(special_tokens=["[UNK]"]) (defaults otherwise),
    pre-tokenizer Sequence([Digits(), ByteLevel(add_prefix_space=False, trim_offsets=True,
    use_regex=True)]) (the controlled experiments' setting; no normalizer);
  * tokenizer.train([text files], trainer); then tokenizer.model.save(dir) writes
    `all_pair_counts.json` (plus the applied merges as merges.txt and vocab.json).

Timed: the `train` call (= reading + pre-tokenizing + word counting + do_merge_and_count), and the
`model.save` call (JSON serialisation) separately; wall clock and process CPU (all threads).

Output format of all_pair_counts.json (from the fork's trainer.rs / model.rs): a JSON list;
element 0 = {"left right": count} for every adjacent pair in the sample before any merge;
element t (t >= 1) = {"left right": new absolute count} for every pair whose count changed when
merge t of merges.txt was applied (the merged pair itself appears with 0); an empty map when
merge t was not applied (token missing from the sample's vocabulary or pair count 0). The fork
stops at 30,000 list elements (initial + 29,999 merges) and also stops early (no trailing
entries) once no remaining merge-list pair occurs in the sample. Keys use HF byte-level notation.
Diffs cover every pair, including pairs that are not in the merge list; key order inside each map
is arbitrary (Rust HashMap), so compare the maps as dicts.

To compare counts exactly: HF `train()` reads the file line by line *keeping* the line ending and
pre-tokenizes each line separately (a whitespace run never spans two lines), the text is not
normalized, Digits() keeps digit runs together (individual_digits=False), and counts are i64.

Setup (peer build lives outside the repo; numbers in BENCHMARKS.md):

    # sources (search tool `fetch` gives bare git dirs)
    mkdir -p /work/peers/tokenizers-bpe-attack
    git --git-dir=/work/.mirror/alisawuffles+tokenizers-bpe-attack/repo archive HEAD \\
        | tar -x -C /work/peers/tokenizers-bpe-attack          # HEAD 6a8a0ec
    python3 -m venv /work/venvs/bpe-attack
    /work/venvs/bpe-attack/bin/pip install maturin highspy numpy
    cd /work/peers/tokenizers-bpe-attack/bindings/python
    CARGO_TARGET_DIR=/work/peers/target CARGO_BUILD_JOBS=1 nice -n 19 \\
        /work/venvs/bpe-attack/bin/maturin build --release -j 1 \\
        -i /work/venvs/bpe-attack/bin/python --out /work/peers/wheels
    /work/venvs/bpe-attack/bin/pip install --no-deps \\
        /work/peers/wheels/tokenizers-0.16.0.dev0-cp311-cp311-manylinux_2_34_x86_64.whl

Run:

    /work/venvs/bpe-attack/bin/python benches/mixture_counting_peer.py \\
        --text sample.txt --merges merges.txt [--keep OUTDIR] [--threads N]

Helper to make a merge list with the same pre-tokenizer (normal HF BPE training; the fork's
`do_train_original`, run in a temp dir without merges.txt):

    /work/venvs/bpe-attack/bin/python benches/mixture_counting_peer.py \\
        --train-merges OUT_merges.txt --vocab-size 5000 --text train.txt
"""

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class StdoutToStderr:
    """The fork's Rust code println!s progress/debug lines to fd 1; keep our stdout clean."""

    def __enter__(self):
        sys.stdout.flush()
        self.saved = os.dup(1)
        os.dup2(2, 1)
        return self

    def __exit__(self, *exc):
        sys.stdout.flush()
        os.dup2(self.saved, 1)
        os.close(self.saved)
        return False


def build_tokenizer():
    from tokenizers import Tokenizer, pre_tokenizers
    from tokenizers.models import BPE
    from tokenizers.pre_tokenizers import ByteLevel, Digits

    tokenizer = Tokenizer(BPE(unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [Digits(), ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=True)]
    )
    return tokenizer


def read_merge_lines(path):
    """Merge lines of an HF merges.txt (header '#version...' dropped, if present)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    if lines and lines[0].startswith("#version"):
        lines = lines[1:]
    bad = [i for i, l in enumerate(lines) if len(l.split(" ")) != 2]
    if bad:
        sys.exit(f"{path}: {len(bad)} lines are not 'left right' (first: line {bad[0] + 1}: {lines[bad[0]]!r}); "
                 "the fork would panic or silently mis-split them")
    return lines


def train_merges(args):
    from tokenizers.trainers import BpeTrainer

    text = os.path.abspath(args.text)
    out = os.path.abspath(args.train_merges)
    tok = build_tokenizer()
    trainer = BpeTrainer(vocab_size=args.vocab_size, special_tokens=["[UNK]"], show_progress=args.progress)
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="bpe-train-") as tmp:
        os.chdir(tmp)  # must NOT contain merges.txt, else the fork switches to counting mode
        w0, c0 = time.perf_counter(), cpu_seconds()
        with StdoutToStderr():
            tok.train([text], trainer)
        w1, c1 = time.perf_counter(), cpu_seconds()
        tok.model.save(tmp)
        os.chdir(cwd)
        shutil.copyfile(os.path.join(tmp, "merges.txt"), out)
    n = len(read_merge_lines(out))
    print(f"trained vocab_size={args.vocab_size} on {os.path.getsize(text)} bytes: {n} merges -> {out}")
    print(f"train wall {w1 - w0:.2f}s cpu {c1 - c0:.2f}s")


def count(args):
    from tokenizers.trainers import BpeTrainer

    text = os.path.abspath(args.text)
    merge_lines = read_merge_lines(args.merges)
    nbytes = os.path.getsize(text)
    keep = os.path.abspath(args.keep) if args.keep else None
    cwd = os.getcwd()

    tok = build_tokenizer()
    # dump_frequencies.py: BpeTrainer(special_tokens=["[UNK]"], show_progress=True); progress is cosmetic.
    trainer = BpeTrainer(special_tokens=["[UNK]"], show_progress=args.progress)

    with tempfile.TemporaryDirectory(prefix="bpe-count-") as tmp:
        # The fork always drops line 1 of merges.txt as header: write a canonical header.
        with open(os.path.join(tmp, "merges.txt"), "w", encoding="utf-8") as f:
            f.write("#version: 0.2\n")
            for l in merge_lines:
                f.write(l + "\n")
        os.chdir(tmp)
        try:
            w0, c0 = time.perf_counter(), cpu_seconds()
            with StdoutToStderr():
                tok.train([text], trainer)
            w1, c1 = time.perf_counter(), cpu_seconds()
            outdir = os.path.join(tmp, "out")
            os.makedirs(outdir)
            tok.model.save(outdir)
            w2, c2 = time.perf_counter(), cpu_seconds()
        finally:
            os.chdir(cwd)

        apc = os.path.join(outdir, "all_pair_counts.json")
        json_bytes = os.path.getsize(apc)
        # merges.txt written by save() = the merges actually applied, in order
        applied = len(read_merge_lines(os.path.join(outdir, "merges.txt")))

        stats = {}
        if not args.no_parse:
            with open(apc, encoding="utf-8") as f:
                allpc = json.load(f)
            stats = {
                "entries": len(allpc),
                "recorded_steps": len(allpc) - 1,
                "empty_steps": sum(1 for d in allpc[1:] if not d),
                "initial_distinct_pairs": len(allpc[0]),
                "pairs": sum(allpc[0].values()),  # dump_frequencies' meta.json 'pairs' (run_solver --denom pairs)
                "changed_entries_total": sum(len(d) for d in allpc[1:]),
                "max_changed_in_a_step": max((len(d) for d in allpc[1:]), default=0),
            }
            del allpc

        if keep:
            os.makedirs(keep, exist_ok=True)
            shutil.copyfile(apc, os.path.join(keep, "all_pair_counts.json"))
            shutil.copyfile(os.path.join(outdir, "merges.txt"), os.path.join(keep, "applied_merges.txt"))
            meta = {"byte_count": nbytes, "text_files": [text]}
            if "pairs" in stats:
                meta["pairs"] = stats["pairs"]
            with open(os.path.join(keep, "meta.json"), "w") as f:
                json.dump(meta, f, indent=5)

    mb = nbytes / 1e6
    print(f"text: {text} ({nbytes} bytes)")
    print(f"merges in list: {len(merge_lines)}  applied: {applied}  "
          f"(fork cap: 29,999 merges = 30,000 list elements)")
    print(f"count (train call): wall {w1 - w0:.3f}s  cpu {c1 - c0:.3f}s  -> {mb / (w1 - w0):.3f} MB/s wall, "
          f"{mb / max(c1 - c0, 1e-9):.3f} MB/s per CPU-second")
    print(f"save all_pair_counts.json: wall {w2 - w1:.3f}s  cpu {c2 - c1:.3f}s  size {json_bytes} bytes")
    print(f"total: wall {w2 - w0:.3f}s -> {mb / (w2 - w0):.3f} MB/s")
    for k, v in stats.items():
        print(f"{k}: {v}")
    if keep:
        print(f"kept: {keep}/all_pair_counts.json, applied_merges.txt, meta.json")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--text", required=True, help="UTF-8 text sample (read line by line, like HF train())")
    ap.add_argument("--merges", help="HF merges.txt ('left right' per line, byte-level notation)")
    ap.add_argument("--keep", help="copy all_pair_counts.json (+ applied_merges.txt, meta.json) here")
    ap.add_argument("--threads", type=int, help="RAYON_NUM_THREADS for the Rust code (default: all cores)")
    ap.add_argument("--progress", action="store_true", help="show the fork's progress bars (stderr)")
    ap.add_argument("--no-parse", action="store_true", help="do not parse the JSON for statistics")
    ap.add_argument("--train-merges", metavar="OUT", help="instead: train a BPE merge list on --text")
    ap.add_argument("--vocab-size", type=int, default=30000, help="with --train-merges (BpeTrainer default 30000)")
    args = ap.parse_args()
    if args.threads:
        os.environ["RAYON_NUM_THREADS"] = str(args.threads)  # must precede the first rayon use
    if args.train_merges:
        train_merges(args)
    elif args.merges:
        count(args)
    else:
        ap.error("need --merges (count) or --train-merges (make a merge list)")


if __name__ == "__main__":
    main()
