#!/usr/bin/env python3
"""MinHash throughput: siftql's SQL functions vs the Python peers (datasketch, rensa), one run, one corpus.

Purpose: the side-by-side figures for BENCHMARKS.md. One invocation runs the shared peer tool
(bench_minhash_peers.py) and siftql on the same corpus.parquet, both pinned to the same single CPU,
and reports median CPU times, so every number in the table comes from the same run.

Usage (from the repository root; run with the peer venv's python, which has pyarrow, datasketch, rensa):

    nice -n 19 /work/venvs/minhash-peers/bin/python benches/minhash_vs_peers.py --reps 3
    ... --corpus bench-data/minhash/bbc/corpus.parquet --out bench-data/minhash/vs_peers_bbc
    ... --skip-peers [--peers-json PATH]   # reuse a peer results.json instead of re-running the peers

What is measured
  peers   `bench_minhash_peers.py --corpus C --reps N --skip datatrove --cpu K --out OUT/peers`: its own
          medians of process CPU time per signature variant (128 permutations, 5-word shingles). Its
          signature rows take pre-built Python shingle lists, so they EXCLUDE shingling (reported apart).
  siftql  one `siftql` process per query and rep (--siftql-reps, default 10, as the runs are short),
          pinned to CPU K, `SET datafusion.execution.target_partitions=1`; CPU = user+sys of the child
          (getrusage(RUSAGE_CHILDREN) deltas); queries interleaved, order rotated per rep. Queries:
          the scan baseline `count(*), sum(length(text))`, `count(minhash(text))`,
          `count(minhash_fast(text))`, LSH banding (unnest(minhash_bands(minhash(text), 16, 8)), and
          the same grouped into candidate buckets), and near_duplicates(..., 0.8, 128, 5, verify) end
          to end for 'estimate' and 'exact'. Function cost = query CPU - baseline CPU ("net"); it
          INCLUDES tokenising, shingling and hashing. Banding cost = banding query - minhash query
          (compare: the peers' LSH rows, which start from computed signatures).
  rates   M shingles/s and MB/s use the peers' corpus.shingles (sum over documents of distinct
          lower-cased \\w+ 5-word shingles, the same shingling as minhash()) and corpus.mb (UTF-8 bytes).
          "x peer" = peer median CPU s / variant median CPU s (higher = faster than that peer).
Outputs: OUT/results.json (all timings, per-rep values, exact commands, environment), OUT/results.md.
"""

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SIFTQL = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/siftql-target")),
                              "release", "siftql")
PEER_ROWS = ["datasketch.bulk(affine32,sha1)", "datasketch.bulk(affine32,xxh32)", "rensa.RMinHash.update",
             "rensa.RMinHash.digest_matrix(batch)", "rensa.CMinHash.update", "rensa.CMinHash.digests64(batch)"]
REFS = [("datasketch.bulk(affine32,sha1)", "x datasketch bulk(affine32,sha1)"),
        ("rensa.CMinHash.update", "x rensa CMinHash.update"), ("rensa.RMinHash.update", "x rensa RMinHash.update")]
SHINGLING = "shingling (python: lower, \\w+, 5-word windows, dedup)"


def queries(corpus):
    src = f"read_parquet('{corpus}')"
    bands = f"SELECT unnest(minhash_bands(minhash(text), 16, 8)) AS k FROM {src}"
    inner = "SELECT id, text FROM " + src.replace("'", "''")

    def near(verify):
        return ("SELECT count(*) AS docs, count(*) FILTER (WHERE NOT keep) AS dropped, "
                "count(*) FILTER (WHERE cluster_size > 1) AS in_clusters "
                f"FROM near_duplicates('{inner}', 'id', 'text', 0.8, 128, 5, '{verify}')")
    return {
        "baseline": f"SELECT count(*) AS docs, sum(length(text)) AS chars FROM {src}",
        "minhash": f"SELECT count(minhash(text)) AS n FROM {src}",
        "minhash_fast": f"SELECT count(minhash_fast(text)) AS n FROM {src}",
        "bands_16x8": f"SELECT count(*) AS band_keys FROM ({bands})",
        "bands_16x8_groups": ("SELECT count(*) AS buckets, sum(c * (c - 1) / 2) AS pairs FROM "
                              f"(SELECT k, count(*) AS c FROM ({bands}) GROUP BY k HAVING count(*) > 1)"),
        "near_duplicates_estimate": near("estimate"),
        "near_duplicates_exact": near("exact"),
    }


def wait_for(path, tries=10):
    """The binary may vanish for a moment while it is being rebuilt."""
    for _ in range(tries):
        if os.path.exists(path):
            return
        print(f"  {path} missing; retrying in 30 s", flush=True)
        time.sleep(30)
    sys.exit(f"{path} not found")


def sha256_16(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:16]


def run_siftql(cmd):
    """Runs one siftql process; returns (ok, csv output or error message, CPU s, wall s)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "RUST_BACKTRACE": "0"})
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if p.returncode != 0:
        err = [ln.strip() for ln in p.stderr.splitlines() if ln.strip() and not ln.startswith("note: run with")]
        return False, " / ".join(err) or f"exit status {p.returncode}", cpu, wall
    return True, p.stdout.strip().replace("\n", "; "), cpu, wall


def time_siftql(binary, reps, qs):
    names, runs = list(qs), {k: [] for k in qs}
    errors, outputs = {}, {}
    for rep in range(reps):
        for name in names[rep % len(names):] + names[:rep % len(names)]:
            if name in errors:
                continue
            ok, out, cpu, wall = run_siftql(siftql_cmd(binary, qs[name]))
            if ok:
                runs[name].append((cpu, wall))
                outputs[name] = out
            else:
                errors[name] = out
                print(f"  siftql {name}: FAILED: {out}", flush=True)
        print(f"  siftql rep {rep + 1}/{reps} done; load {os.getloadavg()[0]:.2f}", flush=True)
    timing = {}
    for name, tl in runs.items():
        if tl and name not in errors:
            timing[name] = dict(cpu_s=statistics.median(c for c, _ in tl), wall_s=statistics.median(w for _, w in tl),
                                cpu_all=[c for c, _ in tl], wall_all=[w for _, w in tl], output=outputs[name])
    return timing, errors


def siftql_cmd(binary, sql):
    return [binary, "--format", "csv", "-c", "SET datafusion.execution.target_partitions=1", "-c", sql]


def fmt(x, nd=2):
    return "-" if x is None else f"{x:,.{nd}f}"


def truth_docs(corpus):
    """Documents in at least one true pair (J >= 0.8), if the corpus has a truth_pairs.parquet beside it."""
    path = os.path.join(os.path.dirname(corpus), "truth_pairs.parquet")
    if not os.path.exists(path):
        return None
    import pyarrow.parquet as pq
    t = pq.read_table(path, columns=["a", "b"])
    return len(set(t.column("a").to_pylist()) | set(t.column("b").to_pylist()))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=os.path.join(ROOT, "bench-data/minhash/run_syn20k/corpus.parquet"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench-data/minhash/vs_peers"))
    ap.add_argument("--reps", type=int, default=3, help="peer tool reps")
    ap.add_argument("--siftql-reps", type=int, default=10, help="siftql reps (each query is a fresh process)")
    ap.add_argument("--siftql", default=DEFAULT_SIFTQL)
    ap.add_argument("--peer-tool", default=os.path.join(os.path.dirname(ROOT), "shared/tools/bench_minhash_peers.py"))
    ap.add_argument("--skip-peers", action="store_true", help="reuse --peers-json instead of running the peer tool")
    ap.add_argument("--peers-json", default=None, help="default: OUT/peers/results.json")
    ap.add_argument("--cpu", type=int, default=None, help="CPU to pin to (default: highest allowed, as the peer tool)")
    args = ap.parse_args()
    args.corpus = os.path.abspath(args.corpus)
    os.makedirs(args.out, exist_ok=True)
    peers_json = args.peers_json or os.path.join(args.out, "peers", "results.json")
    cpu = args.cpu if args.cpu is not None else max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})  # children (peer tool, siftql) inherit the single-CPU mask
    wait_for(args.siftql)  # fail before the long peer run if there is no binary
    git = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"],
                         capture_output=True, text=True).stdout.strip()
    env = dict(pinned_cpu=cpu, loadavg_start=os.getloadavg(), python=sys.executable, siftql=args.siftql,
               git=git, argv=sys.argv)
    print(f"# minhash_vs_peers  corpus {args.corpus}  cpu {cpu}  repo {git}", flush=True)

    peer_cmd = [sys.executable, args.peer_tool, "--corpus", args.corpus, "--reps", str(args.reps),
                "--skip", "datatrove", "--cpu", str(cpu), "--out", os.path.join(args.out, "peers")]
    if not args.skip_peers:
        print("$ " + " ".join(peer_cmd), flush=True)
        subprocess.run(peer_cmd, check=True)
    with open(peers_json) as fh:
        peers = json.load(fh)
    corpus = peers["corpus"]
    shingles, mb, docs = corpus["shingles"], corpus["mb"], corpus["docs"]

    qs = queries(args.corpus)
    wait_for(args.siftql)
    tmp = tempfile.mkdtemp(prefix="minhash_vs_peers.")
    try:  # time a private copy: a rebuild may replace the build directory's binary mid-run
        binary = shutil.copy2(args.siftql, os.path.join(tmp, "siftql"))
        env["siftql_sha256_16"] = binary_id = sha256_16(binary)
        print(f"siftql {args.siftql} sha256[:16] {binary_id}", flush=True)
        timing, errors = time_siftql(binary, args.siftql_reps, qs)
    finally:
        shutil.rmtree(tmp)
    if "baseline" not in timing:
        sys.exit(f"siftql baseline failed: {errors.get('baseline')}")
    if int(timing["baseline"]["output"].split("; ")[1].split(",")[0]) != docs:
        sys.exit(f"siftql counts {timing['baseline']['output']}, the peers' corpus {docs} docs: wrong --peers-json?")
    base = timing["baseline"]["cpu_s"]
    for name, t in timing.items():
        t["net_cpu_s"] = t["cpu_s"] - base if name != "baseline" else None

    rows = []
    for key, label in (("minhash", "siftql minhash(text) (net of scan)"),
                       ("minhash_fast", "siftql minhash_fast(text) (net of scan)")):
        if key in timing:
            rows.append(dict(variant=label, cpu_s=timing[key]["net_cpu_s"]))
    by_name = {s["variant"]: s for s in peers["signatures"]}
    rows += [dict(variant=n, cpu_s=by_name[n]["cpu_s"]) for n in PEER_ROWS + [SHINGLING] if n in by_name]
    for r in rows:
        r["m_shingles_per_s"] = shingles / r["cpu_s"] / 1e6
        r["mb_per_s"] = mb / r["cpu_s"]
        for ref, col in REFS:
            r[col] = by_name[ref]["cpu_s"] / r["cpu_s"] if ref in by_name else None

    md = [f"Corpus: {args.corpus} ({docs:,} docs, {mb:.1f} MB, {shingles / 1e6:.2f} M distinct 5-word shingles); "
          f"one CPU (#{cpu}); medians of CPU time over {args.reps} peer / {args.siftql_reps} siftql reps; "
          f"siftql {binary_id} ({git}); "
          f"load {env['loadavg_start'][0]:.2f} -> {os.getloadavg()[0]:.2f}.", "",
          "| variant | CPU s | M shingles/s | MB/s | " + " | ".join(col for _, col in REFS) + " |",
          "|---|---:|---:|---:|" + "---:|" * len(REFS)]
    for r in rows:
        md.append(f"| {r['variant']} | {fmt(r['cpu_s'])} | {fmt(r['m_shingles_per_s'])} | {fmt(r['mb_per_s'], 1)} | "
                  + " | ".join(fmt(r[col]) for _, col in REFS) + " |")
    md += ["", "siftql rows include tokenising, shingling and hashing of the text (the query CPU minus the "
           "scan-only baseline); the peers' signature rows start from pre-built Python shingle lists and exclude "
           "shingling, whose own cost is the last row.", "",
           "| siftql query | median CPU s | CPU s min-max | net CPU s | median wall s | result |",
           "|---|---:|---:|---:|---:|---|"]
    for name in qs:
        if name in timing:
            t = timing[name]
            md.append(f"| {name} | {fmt(t['cpu_s'])} | {fmt(min(t['cpu_all']))}-{fmt(max(t['cpu_all']))} | "
                      f"{fmt(t['net_cpu_s'])} | {fmt(t['wall_s'])} | {t['output']} |")
        else:
            md.append(f"| {name} | error | | | | `{errors.get(name)}` |")
    md.append("")
    derived = {}
    if "minhash" in timing:
        for name in ("bands_16x8", "bands_16x8_groups"):
            if name in timing:
                extra = timing[name]["cpu_s"] - timing["minhash"]["cpu_s"]
                derived[name] = dict(cpu_s_over_minhash=extra, docs_per_s=docs / extra if extra > 0 else None)
                md.append(f"- {name}: {fmt(extra)} CPU s beyond minhash(text) -> "
                          f"{fmt(derived[name]['docs_per_s'], 0)} docs/s")
    for r in peers.get("lsh", []):
        md.append(f"- peer {r['method']}: {fmt(r['cpu_s'])} CPU s -> {fmt(docs / r['cpu_s'], 0)} docs/s "
                  "(signatures precomputed)")
    n_truth = truth_docs(args.corpus)
    for name in ("near_duplicates_estimate", "near_duplicates_exact"):
        if name in timing:
            t = timing[name]
            derived[name] = dict(docs_per_s=docs / t["cpu_s"])
            md.append(f"- {name} (0.8, 128, 5), end to end: {fmt(t['cpu_s'])} CPU s, {fmt(t['wall_s'])} s wall, "
                      f"{fmt(docs / t['cpu_s'], 0)} docs/s; {t['output']}"
                      + (f" (docs in true J>=0.8 pairs: {n_truth:,})" if n_truth is not None else ""))
        elif name in errors:
            md.append(f"- {name}: FAILED: `{errors[name]}`")
    report = "\n".join(md)
    print("\n" + report)
    with open(os.path.join(args.out, "results.md"), "w") as fh:
        fh.write(report + "\n")
    env["loadavg_end"] = os.getloadavg()
    commands = dict(pinning=f"every process inherits the affinity mask {{{cpu}}} (same as taskset -c {cpu})",
                    peers=None if args.skip_peers else peer_cmd,
                    siftql={k: siftql_cmd(args.siftql, q) for k, q in qs.items()})
    with open(os.path.join(args.out, "results.json"), "w") as fh:
        json.dump(dict(env=env, corpus=corpus, peers_json=os.path.abspath(peers_json), commands=commands,
                       siftql=timing, siftql_errors=errors, derived=derived, truth_docs=n_truth, table=rows,
                       peers_signatures=peers["signatures"], peers_lsh=peers.get("lsh")), fh, indent=1)
    print(f"\nwrote {os.path.join(args.out, 'results.json')}")


if __name__ == "__main__":
    main()
