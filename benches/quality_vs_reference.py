#!/usr/bin/env python3
"""Quality-signal throughput: siftql vs the reference implementations, same documents, one run.

Measures on one JSON Lines corpus (field `text`):

  (r) RedPajama-V2's official rule-based signals (togethercomputer/RedPajama-Data, `app/src`):
      28 signals (content incl. LDNOOBW `en`, repetitions, natural-language, lines; no UT1 —
      `--rp-ut1 empty` adds it with an empty domain map, 29 signals as in quality-signals.md §6),
      one Python process, CPU seconds from time.process_time (helper benches/quality_ref_redpajama.py);
  (a) datatrove 0.10.1 GopherQualityFilter + GopherRepetitionFilter and
  (b) datatrove 0.10.1 C4QualityFilter + FineWebQualityFilter, both through
      `oracle_datatrove.py bench` (one process, CPU seconds from time.process_time);
  (s) siftql, the release binary as a child process, target_partitions = 1 and = 2:
        SELECT count(rps_signals(text)) FROM read_jsonl(F)                               vs (r)
        SELECT count(gopher_quality(text)), count(gopher_repetition(text)) FROM ...     vs (a)
        SELECT count(c4_quality(text)), count(fineweb_quality(text)) FROM ...           vs (b)
      minus the scan-only baseline SELECT count(length(text)) FROM read_jsonl(F) at the same
      partition count. Wall time is time.perf_counter around the child; CPU time is the child's
      user+system time (resource.getrusage(RUSAGE_CHILDREN) deltas). A siftql function that does
      not exist in the binary is reported as "not available" and its rows are skipped. One
      untimed baseline run warms the page cache; then, per partition count, each round runs the
      baseline and every workload once (--siftql-runs rounds, medians reported).

Reported: docs/s and MB/s per CPU-second (MB = 10^6 bytes of UTF-8 text), wall figures, the
per-core ratio siftql / reference (siftql docs per net CPU-second over the reference's docs per
CPU-second; above 1: siftql is faster per core), the 2-partition speed-up (net wall at 1 partition
over net wall at 2) and the 1/5/15-minute load averages around every figure. The script prints a
Markdown table for BENCHMARKS.md and the command line that produced it, and writes all raw
figures to CACHE/quality_vs_reference.json.

Set-up (everything it can do itself goes under --cache, default bench-data/, which is git-ignored;
fetched code and word lists must never be committed):

  * siftql: `CARGO_TARGET_DIR=$HOME/.cache/siftql-target cargo build --release`, or --siftql PATH.
  * RedPajama-Data source: a checkout outside the repository, passed as --rp-src (default
    ../peers/RedPajama-Data next to the repository):
        git clone https://github.com/togethercomputer/RedPajama-Data ../peers/RedPajama-Data
        git -C ../peers/RedPajama-Data checkout 6d2cee9
  * RedPajama venv: created as CACHE/venv-rp with
        nltk==3.10.4 numpy==2.4.6 msgspec==0.22.0 typing_extensions
    unless --rp-python names an interpreter that has them. Only core/document.py and the
    content/repetitions/natural_language/lines modules are imported (no fasttext, no S3).
  * LDNOOBW `en` word list at commit 5faf2ba: --ldnoobw is either the list file itself or a
    clone of github.com/LDNOOBW/List-of-Dirty-Naughty-Obscene-and-Otherwise-Bad-Words (work tree
    or bare; `git show 5faf2ba:en` is used), default ../peers/List-of-Dirty-Naughty-Obscene-and-
    Otherwise-Bad-Words. It is copied to CACHE/rp-artifacts/bad_words/en.txt and its sha256 is
    checked (af851ece…, 403 entries).
  * datatrove venv: --oracle-python (default ../venvs/oracle/bin/python if it has
    datatrove 0.10.1), else CACHE/venv-oracle is created with
        datatrove==0.10.1 spacy==3.8.18 regex==2026.11.19 pyarrow==26.0.1
    --oracle-script defaults to ../shared/tools/oracle_datatrove.py.
  * Corpus: --corpus FILE (any JSONL with `text`), default CACHE/quality_corpus.jsonl, built if
    missing with
        oracle_datatrove.py make-corpus --html-root "$(rustc --print sysroot)/share/doc/rust/html" \
            --html-root /usr/share/doc -o CACHE/quality_corpus.jsonl --n-docs 20000
    (quality-signals.md §6.1; its sha256 there is ee1e03a4…, equal only with the same rust-docs
    and Debian documentation packages). --limit N benchmarks the first N documents only (written
    to CACHE/quality_corpus.first-N.jsonl so that every engine reads the same documents).

Usage (from the repository root):

    python3 benches/quality_vs_reference.py --nice 5 [--ref-repeat 1] [--siftql-runs 3]
    python3 benches/quality_vs_reference.py --skip-reference --reuse-reference bench-data/quality_vs_reference.json

--reuse-reference FILE takes the reference figures from an earlier run's JSON (only if the corpus
sha256 matches) instead of re-measuring them; the table says so.

Contention: on a shared 2-vCPU machine process CPU time is itself inflated by neighbours (about 3x
at load 6-8 against an idle machine, 2026-11-28), so the reference and siftql figures are only
comparable when measured under similar load; check the load-average column, and prefer one
uninterrupted run on a quiet machine (the Python references take ~5 CPU-minutes on 20,000 docs).
"""

import argparse
import datetime
import hashlib
import json
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.dirname(os.path.abspath(__file__))
PARENT = os.path.dirname(ROOT)

RP_PINS = ["nltk==3.10.4", "numpy==2.4.6", "msgspec==0.22.0", "typing_extensions"]
ORACLE_PINS = ["datatrove==0.10.1", "spacy==3.8.18", "regex==2026.11.19", "pyarrow==26.0.1"]
LDNOOBW_COMMIT = "5faf2ba"
LDNOOBW_EN_SHA256 = "af851ecef1d5f212caba17339b12ac39cc2fef7d78c74876f67237644fcee8bd"
DOC_CORPUS_SHA256 = "ee1e03a49d4249c8e7ae1517b0f74e9aa8c38d88561b8cf100db0d0f268527d2"

WORKLOADS = [
    # key, label, siftql functions, reference key
    ("rps", "RedPajama-V2 rule-based signals", ["rps_signals"], "redpajama"),
    ("a", "(a) Gopher quality + Gopher repetition", ["gopher_quality", "gopher_repetition"], "a_gopher_quality+gopher_repetition"),
    ("b", "(b) C4 quality + FineWeb quality", ["c4_quality", "fineweb_quality"], "b_c4_quality+fineweb_quality"),
]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def loadavg():
    with open("/proc/loadavg") as fh:
        return [float(x) for x in fh.read().split()[:3]]


def fmt_load(before, after):
    return "/".join(f"{x:.2f}" for x in before) + " → " + "/".join(f"{x:.2f}" for x in after)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run_child(cmd, nice=0, capture=True, check=True):
    """Runs cmd as a child; returns (stdout, stderr, wall_s, cpu_s, load_before, load_after, rc)."""
    if nice:
        cmd = ["nice", "-n", str(nice)] + cmd
    lb = loadavg()
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    w0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE if capture else None, stderr=subprocess.PIPE if capture else None)
    wall = time.perf_counter() - w0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    la = loadavg()
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    out = proc.stdout.decode("utf-8", "replace") if capture else ""
    err = proc.stderr.decode("utf-8", "replace") if capture else ""
    if check and proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {shlex.join(cmd)}\n{err[-4000:]}")
    return out, err, wall, cpu, lb, la, proc.returncode


# ---------------------------------------------------------------------------------------------
# set-up


def ensure_venv(path, pins, label):
    py = os.path.join(path, "bin", "python")
    marker = os.path.join(path, ".pins")
    want = " ".join(pins)
    if os.path.exists(py) and os.path.exists(marker) and open(marker).read().strip() == want:
        return py
    log(f"creating {label} venv {path} ({want}) ...")
    subprocess.run([sys.executable, "-m", "venv", path], check=True)
    subprocess.run([py, "-m", "pip", "install", "-q"] + pins, check=True)
    with open(marker, "w") as fh:
        fh.write(want + "\n")
    return py


def has_packages(py, check_code):
    if not py or not os.path.exists(py):
        return False
    return subprocess.run([py, "-c", check_code], capture_output=True).returncode == 0


def resolve_rp_src(arg):
    cands = [arg] if arg else [os.environ.get("RP_SRC"), os.path.join(PARENT, "peers", "RedPajama-Data"), os.path.join(PARENT, "RedPajama-Data")]
    for c in cands:
        if c and (os.path.isdir(os.path.join(c, "app", "src", "core")) or os.path.isdir(os.path.join(c, "core", "quality_signals"))):
            return os.path.abspath(c)
    sys.exit(
        "RedPajama-Data source not found (tried: " + ", ".join(c for c in cands if c) + ").\n"
        "  git clone https://github.com/togethercomputer/RedPajama-Data ../peers/RedPajama-Data && "
        "git -C ../peers/RedPajama-Data checkout 6d2cee9   # then --rp-src ../peers/RedPajama-Data"
    )


def git_head(path):
    p = subprocess.run(["git", "-C", path, "rev-parse", "HEAD"], capture_output=True, text=True)
    return p.stdout.strip() if p.returncode == 0 else None


def prepare_ldnoobw(arg, cache):
    art = os.path.join(cache, "rp-artifacts")
    dest = os.path.join(art, "bad_words", "en.txt")
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    cands = [arg] if arg else [os.path.join(PARENT, "peers", "List-of-Dirty-Naughty-Obscene-and-Otherwise-Bad-Words"), dest]
    data = None
    source = None
    for c in cands:
        if not c or not os.path.exists(c):
            continue
        if os.path.isfile(c):
            data = open(c, "rb").read()
            source = c
            break
        p = subprocess.run(["git", "--git-dir", c if os.path.isdir(os.path.join(c, "objects")) else os.path.join(c, ".git"), "show", f"{LDNOOBW_COMMIT}:en"], capture_output=True)
        if p.returncode == 0:
            data = p.stdout
            source = f"{c} @ {LDNOOBW_COMMIT}:en"
            break
    if data is None:
        sys.exit(
            "LDNOOBW `en` list not found: pass --ldnoobw FILE or a clone of "
            "https://github.com/LDNOOBW/List-of-Dirty-Naughty-Obscene-and-Otherwise-Bad-Words"
        )
    if os.path.abspath(source) != os.path.abspath(dest):
        with open(dest, "wb") as fh:
            fh.write(data)
    digest = hashlib.sha256(data).hexdigest()
    if digest != LDNOOBW_EN_SHA256:
        log(f"WARNING: LDNOOBW en.txt sha256 {digest} is not the {LDNOOBW_COMMIT} list ({LDNOOBW_EN_SHA256})")
    return art, {"source": source, "sha256": digest, "entries": len(data.decode("utf-8").splitlines())}


def resolve_oracle_python(arg, cache):
    check = "import importlib.metadata as m, sys, spacy, datatrove; sys.exit(m.version('datatrove') != '0.10.1')"
    if arg:
        if not has_packages(arg, check):
            sys.exit(f"--oracle-python {arg} does not import datatrove 0.10.1 and spacy")
        return arg
    shared = os.path.join(PARENT, "venvs", "oracle", "bin", "python")
    if has_packages(shared, check):
        return shared
    return ensure_venv(os.path.join(cache, "venv-oracle"), ORACLE_PINS, "datatrove")


def resolve_siftql(arg):
    if arg:
        return arg
    cands = []
    if os.environ.get("CARGO_TARGET_DIR"):
        cands.append(os.path.join(os.environ["CARGO_TARGET_DIR"], "release", "siftql"))
    cands += [os.path.expanduser("~/.cache/siftql-target/release/siftql"), os.path.join(ROOT, "target", "release", "siftql")]
    for c in cands:
        if os.path.exists(c):
            return c
    return cands[0]


def prepare_corpus(args, oracle_script):
    corpus = args.corpus or os.path.join(args.cache, "quality_corpus.jsonl")
    if not os.path.exists(corpus):
        if args.corpus:
            sys.exit(f"corpus {corpus} not found")
        sysroot = subprocess.run(["rustc", "--print", "sysroot"], capture_output=True, text=True).stdout.strip()
        cmd = [sys.executable, oracle_script, "make-corpus", "--html-root", os.path.join(sysroot, "share", "doc", "rust", "html"),
               "--html-root", "/usr/share/doc", "-o", corpus, "--n-docs", "20000"]
        log("building corpus: " + shlex.join(cmd))
        subprocess.run(cmd, check=True)
    if args.limit:
        limited = os.path.join(args.cache, f"{os.path.splitext(os.path.basename(corpus))[0]}.first-{args.limit}.jsonl")
        with open(corpus, encoding="utf-8") as src, open(limited, "w", encoding="utf-8") as dst:
            n = 0
            for line in src:
                if n >= args.limit:
                    break
                if line.strip():
                    dst.write(line if line.endswith("\n") else line + "\n")
                    n += 1
        corpus = limited
    n_docs = n_bytes = n_chars = 0
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                t = json.loads(line)["text"]
                n_docs += 1
                n_bytes += len(t.encode("utf-8"))
                n_chars += len(t)
    return {
        "path": os.path.abspath(corpus),
        "sha256": sha256_file(corpus),
        "file_bytes": os.path.getsize(corpus),
        "docs": n_docs,
        "text_bytes": n_bytes,
        "text_chars": n_chars,
    }


# ---------------------------------------------------------------------------------------------
# reference measurements


def measure_redpajama(args, corpus, rp_py, rp_src, art):
    out_json = os.path.join(args.cache, "quality_ref_redpajama.json")
    cmd = [rp_py, os.path.join(HERE, "quality_ref_redpajama.py"), corpus["path"], "--rp-src", rp_src,
           "--artifacts", art, "--repeat", str(args.ref_repeat), "--ut1", args.rp_ut1, "--json", out_json]
    log("RedPajama-V2: " + shlex.join(cmd))
    _, err, wall, cpu, lb, la, _ = run_child(cmd, nice=args.nice)
    res = json.load(open(out_json))
    cpus = [r["cpu_s"] for r in res["runs"]]
    walls = [r["wall_s"] for r in res["runs"]]
    return {
        "impl": f"RedPajama-Data {(res.get('rp_commit') or '?')[:7]}, Python {res['versions']['python']}, {res['n_signals']} signals",
        "n_signals": res["n_signals"],
        "cpu_s": statistics.median(cpus),
        "cpu_range": [min(cpus), max(cpus)],
        "wall_s": statistics.median(walls),
        "runs": len(cpus),
        "child_total_cpu_s": cpu,
        "child_total_wall_s": wall,
        "load_before": lb,
        "load_after": la,
        "raw": res,
    }


def measure_datatrove(args, corpus, oracle_py, oracle_script):
    out_json = os.path.join(args.cache, "quality_ref_datatrove.json")
    cmd = [oracle_py, oracle_script, "bench", corpus["path"], "--repeat", str(args.ref_repeat),
           "--only", "a_gopher_quality+gopher_repetition", "b_c4_quality+fineweb_quality", "--json", out_json]
    log("datatrove: " + shlex.join(cmd))
    _, err, wall, cpu, lb, la, _ = run_child(cmd, nice=args.nice)
    res = json.load(open(out_json))
    out = {}
    for key, r in res["results"].items():
        cpus = [x["cpu_s"] for x in r["runs"]]
        out[key] = {
            "impl": f"datatrove {res['versions'].get('datatrove')}, spaCy {res['versions'].get('spacy')}, Python {res['versions']['python']}",
            "cpu_s": r["median_cpu_s"],
            "cpu_range": [min(cpus), max(cpus)],
            "wall_s": r["median_wall_s"],
            "runs": len(cpus),
            "pass_counts": r["pass_counts"],
            # one child runs both workloads back to back: the load average covers both
            "load_before": lb,
            "load_after": la,
        }
    out["_child"] = {"cpu_s": cpu, "wall_s": wall, "versions": res["versions"], "cpu_model": res.get("cpu_model")}
    return out


# ---------------------------------------------------------------------------------------------
# siftql


def sql_path(path):
    return path.replace("'", "''")


def siftql_cmd(binary, partitions, sql):
    return [binary, "--format", "csv", "-c", f"SET datafusion.execution.target_partitions = {partitions}", "-c", sql]


def probe_functions(binary, corpus_path, cache):
    probe = os.path.join(cache, "quality_probe.jsonl")
    with open(corpus_path, encoding="utf-8") as src, open(probe, "w", encoding="utf-8") as dst:
        for line in src:
            if line.strip():
                dst.write(line if line.endswith("\n") else line + "\n")
                break
    avail = {}
    for _, _, fns, _ in WORKLOADS:
        for fn in fns:
            sql = f"SELECT count({fn}(text)) FROM read_jsonl('{sql_path(probe)}')"
            p = subprocess.run(siftql_cmd(binary, 1, sql), capture_output=True, text=True)
            if p.returncode == 0:
                avail[fn] = None
            else:
                first = next((ln for ln in p.stderr.splitlines() if ln.strip()), f"exit {p.returncode}")
                avail[fn] = first.strip()
    return avail


def parse_counts(out):
    last = [ln for ln in out.splitlines() if ln.strip()][-1]
    return [int(x) for x in last.split(",")]


def measure_siftql(args, corpus, binary, available):
    path = sql_path(corpus["path"])
    queries = {"baseline": f"SELECT count(length(text)) FROM read_jsonl('{path}')"}
    for key, _, fns, _ in WORKLOADS:
        if all(available.get(fn) is None for fn in fns):
            queries[key] = "SELECT " + ", ".join(f"count({fn}(text))" for fn in fns) + f" FROM read_jsonl('{path}')"
    res = {}
    run_child(siftql_cmd(binary, 1, queries["baseline"]), nice=args.nice)  # untimed: warm the page cache
    for partitions in (1, 2):
        samples = {k: [] for k in queries}
        counts = {}
        for i in range(args.siftql_runs):
            for key, sql in queries.items():  # alternate baseline and workloads within each round
                out, err, wall, cpu, lb, la, _ = run_child(siftql_cmd(binary, partitions, sql), nice=args.nice)
                samples[key].append({"wall_s": wall, "cpu_s": cpu, "load_before": lb, "load_after": la})
                counts[key] = parse_counts(out)
                log(f"siftql P={partitions} {key} run {i + 1}: wall {wall:.2f} s, cpu {cpu:.2f} s, counts {counts[key]}")
        for key, s in samples.items():
            res[(key, partitions)] = {
                "sql": queries[key],
                "wall_s": statistics.median(x["wall_s"] for x in s),
                "cpu_s": statistics.median(x["cpu_s"] for x in s),
                "wall_range": [min(x["wall_s"] for x in s), max(x["wall_s"] for x in s)],
                "cpu_range": [min(x["cpu_s"] for x in s), max(x["cpu_s"] for x in s)],
                "runs": len(s),
                "counts": counts[key],
                "load_before": s[0]["load_before"],
                "load_after": s[-1]["load_after"],
            }
    return res


# ---------------------------------------------------------------------------------------------
# report


def f2(x):
    return "" if x is None else f"{x:,.2f}"


def rate(n, secs):
    return None if not secs or secs <= 0 else n / secs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", help="JSONL with a `text` field (default CACHE/quality_corpus.jsonl, built if missing)")
    ap.add_argument("--cache", default=os.path.join(ROOT, "bench-data"), help="venvs, artifacts, results (default bench-data/)")
    ap.add_argument("--limit", type=int, help="only the first N documents")
    ap.add_argument("--siftql", help="siftql binary (default $CARGO_TARGET_DIR or ~/.cache/siftql-target, release)")
    ap.add_argument("--rp-src", help="RedPajama-Data checkout (default ../peers/RedPajama-Data)")
    ap.add_argument("--rp-python", help="interpreter with nltk/numpy/msgspec (default: CACHE/venv-rp, created)")
    ap.add_argument("--rp-ut1", choices=["off", "empty"], default="off", help="UT1 signal: off = 28 signals (default), empty = 29")
    ap.add_argument("--ldnoobw", help="LDNOOBW en list file, or a clone of the LDNOOBW repository (5faf2ba:en is used)")
    ap.add_argument("--oracle-python", help="interpreter with datatrove 0.10.1 + spaCy (default ../venvs/oracle or CACHE/venv-oracle)")
    ap.add_argument("--oracle-script", default=os.path.join(PARENT, "shared", "tools", "oracle_datatrove.py"))
    ap.add_argument("--ref-repeat", type=int, default=1, help="timed passes of each reference workload (median reported)")
    ap.add_argument("--siftql-runs", type=int, default=3, help="runs of each siftql query per partition count (median)")
    ap.add_argument("--nice", type=int, default=0, help="run every measured child under nice -n N")
    ap.add_argument("--skip-reference", action="store_true")
    ap.add_argument("--skip-redpajama", action="store_true")
    ap.add_argument("--skip-datatrove", action="store_true")
    ap.add_argument("--skip-siftql", action="store_true")
    ap.add_argument("--reuse-reference", help="take reference figures from an earlier quality_vs_reference.json (same corpus sha256)")
    ap.add_argument("--json", help="results file (default CACHE/quality_vs_reference.json)")
    args = ap.parse_args()
    args.cache = os.path.abspath(args.cache)
    os.makedirs(args.cache, exist_ok=True)
    started = datetime.datetime.now(datetime.timezone.utc)

    if not os.path.exists(args.oracle_script):
        sys.exit(f"oracle script {args.oracle_script} not found (--oracle-script)")
    corpus = prepare_corpus(args, args.oracle_script)
    log(f"corpus {corpus['path']}: {corpus['docs']} docs, {corpus['text_bytes'] / 1e6:.2f} MB text, sha256 {corpus['sha256']}"
        + ("" if corpus["sha256"] == DOC_CORPUS_SHA256 else " (differs from quality-signals.md §6.1)"))

    setup = {}
    ref = {}
    reused = None
    if args.reuse_reference:
        old = json.load(open(args.reuse_reference))
        if old["corpus"]["sha256"] != corpus["sha256"]:
            sys.exit(f"--reuse-reference: corpus sha256 differs ({old['corpus']['sha256']} vs {corpus['sha256']})")
        ref = old["reference"]
        setup.update(old.get("setup", {}))
        reused = f"{args.reuse_reference} (measured {old.get('started', '?')})"
    if not args.skip_reference and not args.skip_redpajama:
        rp_src = resolve_rp_src(args.rp_src)
        rp_py = args.rp_python or ensure_venv(os.path.join(args.cache, "venv-rp"), RP_PINS, "RedPajama")
        art, ld = prepare_ldnoobw(args.ldnoobw, args.cache)
        setup.update({"rp_src": rp_src, "rp_commit": git_head(rp_src), "rp_python": rp_py, "ldnoobw_en": ld})
        ref["redpajama"] = measure_redpajama(args, corpus, rp_py, rp_src, art)
    if not args.skip_reference and not args.skip_datatrove:
        oracle_py = resolve_oracle_python(args.oracle_python, args.cache)
        setup["oracle_python"] = oracle_py
        dt = measure_datatrove(args, corpus, oracle_py, args.oracle_script)
        setup["datatrove"] = dt.pop("_child")
        ref.update(dt)

    sift = {}
    available = {}
    binary = resolve_siftql(args.siftql)
    if not args.skip_siftql:
        if not os.path.exists(binary):
            log(f"siftql binary {binary} not found: siftql rows skipped (build with cargo build --release or pass --siftql)")
        else:
            available = probe_functions(binary, corpus["path"], args.cache)
            for fn, why in available.items():
                log(f"siftql {fn}: " + ("available" if why is None else f"not available ({why})"))
            sift = measure_siftql(args, corpus, binary, available)
            setup["siftql"] = binary
            v = subprocess.run([binary, "--version"], capture_output=True, text=True)
            setup["siftql_version"] = v.stdout.strip()
            g = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
            setup["siftql_repo_head"] = g.stdout.strip()

    # ---- table
    n, mb = corpus["docs"], corpus["text_bytes"] / 1e6
    lines = []
    lines.append(f"Corpus: `{os.path.basename(corpus['path'])}`, {n:,} documents, {mb:.2f} MB of UTF-8 text "
                 f"({corpus['text_chars']:,} characters), sha256 `{corpus['sha256'][:12]}…`.")
    lines.append("")
    lines.append("| workload | implementation | partitions | CPU s | docs/s per CPU-s | MB/s per CPU-s | wall s | docs/s (wall) "
                 "| per-core ratio vs reference | load avg 1/5/15 (before → after) |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    base = {p: sift.get(("baseline", p)) for p in (1, 2)}
    for p in (1, 2):
        b = base[p]
        if b:
            lines.append(f"| scan only: `count(length(text))` | siftql | {p} | {f2(b['cpu_s'])} | {rate(n, b['cpu_s']):,.0f} | "
                         f"{rate(mb, b['cpu_s']):,.1f} | {f2(b['wall_s'])} | {rate(n, b['wall_s']):,.0f} | (subtracted below) | "
                         f"{fmt_load(b['load_before'], b['load_after'])} |")
    notes = []
    for key, label, fns, refkey in WORKLOADS:
        r = ref.get(refkey)
        wl = label
        if key == "rps":
            ns = (r or {}).get("n_signals") or (28 if args.rp_ut1 == "off" else 29)
            wl = f"RedPajama-V2 rule-based signals ({ns})"
        ref_dps = None
        if r:
            ref_dps = rate(n, r["cpu_s"])
            runs = f"{r['runs']} run" + ("s, median" if r["runs"] > 1 else "")
            lines.append(f"| {wl} | {r['impl']} ({runs}) | 1 process | {f2(r['cpu_s'])} | **{ref_dps:,.1f}** | **{rate(mb, r['cpu_s']):.3f}** | "
                         f"{f2(r['wall_s'])} | {rate(n, r['wall_s']):,.1f} | 1 | {fmt_load(r['load_before'], r['load_after'])} |")
        else:
            lines.append(f"| {wl} | reference | | not measured | | | | | | |")
        missing = [fn for fn in fns if available.get(fn, "not probed") is not None]
        sql = "SELECT " + ", ".join(f"count({fn}(text))" for fn in fns)
        if args.skip_siftql or not sift:
            lines.append(f"| {wl} | siftql `{sql}` | | not measured | | | | | | |")
            continue
        if missing:
            lines.append(f"| {wl} | siftql `{sql}` | | not available ({', '.join(missing)}) | | | | | | |")
            continue
        walls = {}
        for p in (1, 2):
            s = sift[(key, p)]
            b = base[p]
            net_cpu = s["cpu_s"] - b["cpu_s"]
            net_wall = s["wall_s"] - b["wall_s"]
            # a net figure inside the baseline's own run-to-run spread is not a measurement
            cpu_noise = max(0.02, b["cpu_range"][1] - b["cpu_range"][0])
            wall_noise = max(0.02, b["wall_range"][1] - b["wall_range"][0])
            bad = [c for c in s["counts"] if c != n]
            if bad:
                notes.append(f"{key} P={p}: counts {s['counts']} differ from {n} documents (NULL results?)")
            gross = f" (gross {f2(s['cpu_s'])})"
            if net_cpu <= cpu_noise:
                lines.append(f"| {wl} | siftql `{sql}`, net of scan | {p} | below noise (≤ {cpu_noise:.2f}){gross} | | | "
                             f"{f2(net_wall)} | | | {fmt_load(s['load_before'], s['load_after'])} |")
                continue
            walls[p] = net_wall if net_wall > wall_noise else None
            dps = rate(n, net_cpu)
            ratio = f"{dps / ref_dps:,.1f}x" if dps and ref_dps else ""
            wall_dps = f"{rate(n, net_wall):,.0f}" if walls[p] else "below noise"
            lines.append(f"| {wl} | siftql `{sql}`, net of scan | {p} | {f2(net_cpu)}{gross} | **{dps:,.0f}** | "
                         f"**{rate(mb, net_cpu):,.2f}** | {f2(net_wall)} (gross {f2(s['wall_s'])}) | {wall_dps} | **{ratio}** | "
                         f"{fmt_load(s['load_before'], s['load_after'])} |")
        if walls.get(1) and walls.get(2):
            lines.append(f"| {wl} | siftql 2-partition speed-up (net wall 1 → 2) | | | | | | | {walls[1] / walls[2]:.2f}x | |")

    lines.append("")
    lines.append("CPU s: reference = time.process_time of the timed loop (texts pre-loaded, imports and set-up excluded); "
                 "siftql = child user+system time (getrusage RUSAGE_CHILDREN) of the whole process, median of "
                 f"{args.siftql_runs} runs, minus the scan-only baseline at the same partition count (JSON parsing and start-up "
                 "cancel out). Per-core ratio = siftql docs per net CPU-second / reference docs per CPU-second. "
                 "MB = 10^6 bytes of UTF-8 text.")
    if reused:
        lines.append(f"Reference figures reused from {reused}.")
    if args.nice:
        lines.append(f"All measured processes ran under `nice -n {args.nice}`.")
    for note in notes:
        lines.append(f"Note: {note}")

    cmdline = shlex.join(["python3", os.path.relpath(os.path.abspath(sys.argv[0]), ROOT)] + sys.argv[1:])
    print("\n".join(lines))
    print()
    print("Reproduce (from the repository root):")
    print()
    print("    " + cmdline)

    results = {
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": cmdline,
        "corpus": corpus,
        "setup": setup,
        "reference": ref,
        "reference_reused_from": reused,
        "siftql_available": available,
        "siftql": {f"{k}@P{p}": v for (k, p), v in sift.items()},
        "markdown": "\n".join(lines),
    }
    out = args.json or os.path.join(args.cache, "quality_vs_reference.json")
    with open(out, "w") as fh:
        json.dump(results, fh, indent=1)
    log(f"raw results: {out}")


if __name__ == "__main__":
    main()
