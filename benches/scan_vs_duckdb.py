#!/usr/bin/env python3
"""Scan-rate comparison: siftql vs DuckDB on the same JSON Lines (.jsonl.zst) and Parquet files.

Usage (from the repository root, after `cargo build --release`):

    pip install duckdb
    python3 benches/scan_vs_duckdb.py [--docs 1000000] [--runs 3] [--data bench-data]

It generates the corpus once with siftql (`synthetic_corpus(docs, 1)` copied to
`DATA/corpus.jsonl.zst` and `DATA/corpus.parquet`), then runs, in separate processes and
alternating engines, `SELECT count(*), sum(length(text))` over each file, and prints per engine
and format: median wall time, input MB/s (file bytes and uncompressed text bytes), documents/s,
peak RSS, and the ratio siftql/DuckDB. Both engines must return the same answer.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
SIFTQL = os.path.join(TARGET, "release", "siftql")
QUERY = "SELECT count(*) AS n, sum(length(text)) AS chars FROM {reader}"


def run_measured(cmd):
    """Runs cmd in a child and reads its own peak RSS through wait4."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    out = proc.stdout.read().decode().strip()
    err = proc.stderr.read().decode()
    if status != 0:
        sys.exit(f"command failed: {' '.join(cmd)}\n{err}")
    return out, elapsed, usage.ru_maxrss / 1024.0


def siftql_cmd(sql):
    return [SIFTQL, "--format", "csv", "-c", sql]


def duckdb_cmd(sql):
    code = (
        "import duckdb,sys; con=duckdb.connect(); "
        f"con.execute(\"SET threads={os.cpu_count()}\"); con.execute(\"SET enable_progress_bar=false\"); "
        "r=con.execute(sys.argv[1]).fetchone(); print(f'{r[0]},{r[1]}')"
    )
    return [sys.executable, "-c", code, sql]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--data", default=os.path.join(ROOT, "bench-data"))
    args = ap.parse_args()
    if not os.path.exists(SIFTQL):
        sys.exit(f"{SIFTQL} not found: run `cargo build --release` first (CARGO_TARGET_DIR={TARGET})")
    os.makedirs(args.data, exist_ok=True)
    jsonl = os.path.join(args.data, f"corpus-{args.docs}.jsonl.zst")
    parquet = os.path.join(args.data, f"corpus-{args.docs}.parquet")
    for path in (jsonl, parquet):
        if not os.path.exists(path):
            sql = f"COPY (SELECT * FROM synthetic_corpus({args.docs}, 1)) TO '{path}'"
            print(f"generating {path} ...", flush=True)
            run_measured([SIFTQL, "-c", sql])
    rows = []
    cases = [
        ("jsonl.zst", jsonl, f"read_jsonl('{jsonl}')", f"read_json('{jsonl}', format='newline_delimited')"),
        ("parquet", parquet, f"read_parquet('{parquet}')", f"read_parquet('{parquet}')"),
    ]
    for fmt, path, ours, theirs in cases:
        size = os.path.getsize(path)
        times = {"siftql": [], "duckdb": []}
        rss = {"siftql": 0.0, "duckdb": 0.0}
        answers = {}
        for _ in range(args.runs):
            for engine, cmd in (("siftql", siftql_cmd(QUERY.format(reader=ours))), ("duckdb", duckdb_cmd(QUERY.format(reader=theirs)))):
                out, secs, peak = run_measured(cmd)
                times[engine].append(secs)
                rss[engine] = max(rss[engine], peak)
                answers[engine] = out.splitlines()[-1]
        if answers["siftql"] != answers["duckdb"]:
            sys.exit(f"answers differ on {fmt}: siftql {answers['siftql']} vs duckdb {answers['duckdb']}")
        n, chars = (int(x) for x in answers["siftql"].split(","))
        for engine in ("siftql", "duckdb"):
            t = statistics.median(times[engine])
            rows.append((fmt, engine, t, size / t / 1e6, n / t, rss[engine]))
        ratio = statistics.median(times["duckdb"]) / statistics.median(times["siftql"])
        rows.append((fmt, "ratio", ratio, None, None, rss["siftql"] / rss["duckdb"]))
        print(f"{fmt}: {n} docs, {chars} chars, file {size / 1e6:.1f} MB", flush=True)
    print("\n| format | engine | median s | file MB/s | docs/s | peak RSS MiB |")
    print("|---|---|---|---|---|---|")
    for fmt, engine, t, mbs, dps, peak in rows:
        if engine == "ratio":
            print(f"| {fmt} | speed-up siftql vs DuckDB | {t:.2f}x | | | RSS ratio {peak:.2f} |")
        else:
            print(f"| {fmt} | {engine} | {t:.2f} | {mbs:.1f} | {dps:,.0f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
