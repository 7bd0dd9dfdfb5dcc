#!/usr/bin/env python3
"""Second-core speed-up of the quality filters: siftql at 1 and 2 partitions on one JSON Lines file.

Usage (from the repository root, the release binary built):

    python3 benches/partition_speedup.py [--corpus bench-data/quality_corpus.jsonl] [--runs 5]

Each round runs, at target_partitions 1 and then 2, the scan-only baseline and the three quality
workloads of benches/quality_vs_reference.py, one siftql process per query. Reported per workload:
median wall time net of the baseline at each partition count, and their ratio (the speed-up from
the second core), and the ratio of the gross medians (a lower bound: the scan's own time is in
both; the net ratio can pass 2 when the short baseline's medians are noisy). The corpus is the
one quality_vs_reference.py builds (one 54 MB file), so the second partition exists only because
read_jsonl cuts a plain file into byte ranges.
"""

import argparse
import os
import statistics
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKLOADS = {
    "scan only": "count(length(text))",
    "rps_signals": "count(rps_signals(text))",
    "gopher_quality + gopher_repetition": "count(gopher_quality(text)), count(gopher_repetition(text))",
    "c4_quality + fineweb_quality": "count(c4_quality(text)), count(fineweb_quality(text))",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=os.path.join(ROOT, "bench-data", "quality_corpus.jsonl"))
    parser.add_argument("--runs", type=int, default=5)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/siftql-target"))
    parser.add_argument("--siftql", default=os.path.join(target, "release", "siftql"))
    args = parser.parse_args()
    times = {(name, p): [] for name in WORKLOADS for p in (1, 2)}
    for _ in range(args.runs):
        for p in (1, 2):
            for name, select in WORKLOADS.items():
                sql = f"SELECT {select} FROM read_jsonl('{args.corpus}')"
                start = time.perf_counter()
                subprocess.run([args.siftql, "--format", "csv", "-c", f"SET datafusion.execution.target_partitions = {p}",
                                "-c", sql], check=True, capture_output=True)
                times[(name, p)].append(time.perf_counter() - start)
    median = {key: statistics.median(values) for key, values in times.items()}
    size = os.path.getsize(args.corpus) / 1e6
    print(f"{args.corpus} ({size:.1f} MB), medians of {args.runs} runs, load {os.getloadavg()[0]:.2f}\n")
    print("| workload | net wall s, 1 partition | net wall s, 2 partitions | speed-up | speed-up, gross times |")
    print("|---|---:|---:|---:|---:|")
    for name in WORKLOADS:
        if name == "scan only":
            continue
        one = median[(name, 1)] - median[("scan only", 1)]
        two = median[(name, 2)] - median[("scan only", 2)]
        gross = median[(name, 1)] / median[(name, 2)]
        print(f"| {name} | {one:.2f} | {two:.2f} | {one / two:.2f}x | {gross:.2f}x |")
    print(f"\nscan only: {median[('scan only', 1)]:.2f} s at 1 partition, {median[('scan only', 2)]:.2f} s at 2")


if __name__ == "__main__":
    main()
