#!/usr/bin/env python3
"""BPE tokenizer parity and throughput: siftql's bpe_tokenize vs the reference implementations on
real corpora (not run by CI; figures for BENCHMARKS.md).

Reads documents from any mix of corpus files:
  *.jsonl / *.jsonl.gz   one JSON object per line, text in --text-field (default `text`);
  *.txt / *.txt.gz       one document per line (--txt-docs line, default) or the whole file
                         (--txt-docs file);
  directories            every such file inside, sorted;
  PATH@N                 PATH with its own per-file count N (e.g. a single big JSONL);
takes up to --per-file documents from each file (a seeded random sample when a file has more;
0 = all) and at most --max-docs in all, writes them to one temporary JSONL {"i", "text"}, and per
tokenizer:
  * reference: tiktoken encode_ordinary (r50k_base, p50k_base, cl100k_base, o200k_base; Encoding
    built from the local rank file and the official pattern) or Hugging Face tokenizers
    encode(text, add_special_tokens=False) with the file's added tokens removed (llama3, qwen3;
    gpt2 via BPE.from_file + ByteLevel), one document at a time in this process, timed with
    time.perf_counter (tokenizer loading timed separately);
  * siftql: the release binary, one process:
        SELECT i, bpe_tokenize(text, SPEC) AS ids FROM read_jsonl(TMP) ORDER BY i
    whose ids are compared document by document, then (timing only) a count-only run
        SELECT sum(bpe_token_count(text, SPEC)) FROM read_jsonl(TMP)
    and the scan baseline SELECT sum(length(text)) FROM read_jsonl(TMP). Wall times include
    process start, reading the JSONL and loading the tokenizer file; "net" subtracts the
    baseline.
Reported per tokenizer: documents and tokens compared, mismatching documents (the first few in
detail: source, first differing token, ids and decoded tokens around it, the text there),
reference tokens/s and siftql tokens/s (ids run, count run, count run net of the baseline and
of the tokenizer load). --runs N repeats every timed measurement but the ids run and reports
medians. siftql reads the one JSONL as a single partition here, so both sides use one core.

The reference runs in a venv with `pip install tiktoken tokenizers` (e.g. /work/venvs/tokref);
tokenizer files come from tests/tools/fetch_tokenizers.sh.

Example:
  /work/venvs/tokref/bin/python benches/tokenizer_parity.py \\
      /work/shared/data/lingua-leipzig-testdata/sentences \\
      /work/shared/data/debian-manpages-l10n \\
      /work/shared/data/linguist-code-samples/linguist_samples.jsonl.gz \\
      --per-file 40 --max-docs 4000
"""

import argparse
import gzip
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOOLS = HERE.parent / "tests" / "tools"
sys.path.insert(0, str(TOOLS))

import check_tokenizer_golden as check  # noqa: E402  (stdlib only)

DEFAULT_TOKENIZERS = ["r50k_base", "p50k_base", "cl100k_base", "o200k_base", "llama3", "qwen3"]
FILES = {
    "r50k_base": "r50k_base.tiktoken",
    "p50k_base": "p50k_base.tiktoken",
    "cl100k_base": "cl100k_base.tiktoken",
    "o200k_base": "o200k_base.tiktoken",
    "gpt2": "gpt2",
    "llama3": "llama3/tokenizer.json",
    "qwen3": "qwen3/tokenizer.json",
}


def corpus_files(paths, per_file):
    """[(file, documents to take from it)]."""
    out = []
    for arg in paths:
        n = per_file
        if "@" in arg and arg.rsplit("@", 1)[1].isdigit():
            arg, count = arg.rsplit("@", 1)
            n = int(count)
        p = Path(arg)
        if p.is_dir():
            out.extend((f, n) for f in sorted(f for f in p.rglob("*") if f.is_file() and is_corpus(f)))
        elif p.is_file():
            out.append((p, n))
        else:
            sys.exit(f"no such file: {p}")
    return out


def is_corpus(f: Path) -> bool:
    name = f.name.lower()
    return any(name.endswith(s) for s in (".jsonl", ".jsonl.gz", ".txt", ".txt.gz"))


def read_docs(path: Path, field: str, txt_docs: str):
    opener = gzip.open if path.name.endswith(".gz") else open
    name = path.name.removesuffix(".gz")
    with opener(path, "rt", encoding="utf-8", errors="strict") as f:
        if name.endswith(".jsonl"):
            for n, line in enumerate(f, 1):
                if line.strip():
                    row = json.loads(line)
                    text = row.get(field)
                    if isinstance(text, str) and text:
                        yield f"{path.name}:{n}", text
        elif txt_docs == "file":
            yield path.name, f.read()
        else:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if line:
                    yield f"{path.name}:{n}", line


def sample_docs(files, args):
    rng = random.Random(args.seed)
    docs = []
    for f, per_file in files:
        found = list(read_docs(f, args.text_field, args.txt_docs))
        if per_file and len(found) > per_file:
            found = [found[i] for i in sorted(rng.sample(range(len(found)), per_file))]
        if args.max_chars:
            found = [(s, t[: args.max_chars]) for s, t in found]
        docs.extend(found)
        if args.max_docs and len(docs) >= args.max_docs:
            docs = docs[: args.max_docs]
            break
    return docs


def reference(name, assets: Path):
    """(encode function, load seconds)."""
    import make_tokenizer_golden as golden  # needs tiktoken and tokenizers

    t0 = time.perf_counter()
    if name in golden.TIKTOKEN:
        import tiktoken
        import tiktoken.load

        file, pat = golden.TIKTOKEN[name]
        enc = tiktoken.Encoding(name=name, pat_str=pat, mergeable_ranks=tiktoken.load.load_tiktoken_bpe(str(assets / file)), special_tokens={})
        fn = enc.encode_ordinary
    elif name == "gpt2":
        from tokenizers import Tokenizer, models, pre_tokenizers

        tok = Tokenizer(models.BPE.from_file(str(assets / "gpt2" / "encoder.json"), str(assets / "gpt2" / "vocab.bpe")))
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        fn = lambda t: tok.encode(t, add_special_tokens=False).ids  # noqa: E731
    else:
        from tokenizers import Tokenizer

        spec = json.loads((assets / FILES[name]).read_text(encoding="utf-8"))
        spec["added_tokens"] = []
        tok = Tokenizer.from_str(json.dumps(spec))
        fn = lambda t: tok.encode(t, add_special_tokens=False).ids  # noqa: E731
    return fn, time.perf_counter() - t0


def run_siftql(siftql, sql):
    t0 = time.perf_counter()
    proc = subprocess.run([siftql, "--format", "ndjson", "-c", sql], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip() or f"exit status {proc.returncode}")
    return proc.stdout, wall


def median_run(runs, fn):
    """(first result, median seconds) of `runs` calls of fn() -> (result, seconds)."""
    results = [fn() for _ in range(max(1, runs))]
    return results[0][0], statistics.median(r[1] for r in results)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="+", help="JSONL(.gz) / TXT(.gz) files or directories")
    ap.add_argument("--text-field", default="text")
    ap.add_argument("--txt-docs", choices=["line", "file"], default="line")
    ap.add_argument("--per-file", type=int, default=50, help="documents sampled per file (0 = all)")
    ap.add_argument("--max-docs", type=int, default=5000)
    ap.add_argument("--max-chars", type=int, default=0, help="cut documents to this many characters (0 = no cut)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tokenizers", nargs="+", default=DEFAULT_TOKENIZERS, choices=list(FILES))
    ap.add_argument("--siftql", default=check.default_siftql())
    ap.add_argument("--assets", type=Path, default=check.default_assets())
    ap.add_argument("--spec", action="append", default=[], metavar="NAME=SPEC", help="siftql tokenizer argument for NAME")
    ap.add_argument("--runs", type=int, default=1, help="timed runs of each measurement (medians reported)")
    ap.add_argument("--show", type=int, default=5, help="mismatches shown in detail per tokenizer")
    ap.add_argument("--json-out", type=Path, help="write the figures as JSON here")
    args = ap.parse_args()

    files = corpus_files(args.corpus, args.per_file)
    docs = sample_docs(files, args)
    chars = sum(len(t) for _, t in docs)
    nbytes = sum(len(t.encode("utf-8")) for _, t in docs)
    print(f"{len(docs)} documents from {len(files)} files, {chars} characters, {nbytes} bytes")
    specs = dict(s.split("=", 1) for s in args.spec)

    results = []
    with tempfile.TemporaryDirectory(prefix="tokparity.") as tmp:
        data = Path(tmp) / "docs.jsonl"
        with data.open("w", encoding="utf-8") as f:
            for i, (_, text) in enumerate(docs):
                f.write(json.dumps({"i": i, "text": text}, ensure_ascii=False) + "\n")
        src = check.sql_string(str(data))
        _, base_wall = run_siftql(args.siftql, f"SELECT sum(length(text)) AS n FROM read_jsonl({src})")  # warm-up
        _, base_wall = median_run(args.runs, lambda: run_siftql(args.siftql, f"SELECT sum(length(text)) AS n FROM read_jsonl({src})"))
        _, start_wall = median_run(args.runs, lambda: run_siftql(args.siftql, "SELECT 1 AS one"))

        for name in args.tokenizers:
            path = args.assets / FILES[name]
            spec = specs.get(name, str(path))
            row = {"tokenizer": name, "spec": spec, "docs": len(docs)}
            encode, load_s = reference(name, args.assets)
            def encode_all():
                t0 = time.perf_counter()
                out = [encode(t) for _, t in docs]
                return out, time.perf_counter() - t0

            ref, ref_s = median_run(args.runs, encode_all)
            ref_tokens = sum(map(len, ref))
            row.update(ref_tokens=ref_tokens, ref_load_s=load_s, ref_s=ref_s)
            try:
                out, ids_wall = run_siftql(args.siftql, f"SELECT i, bpe_tokenize(text, {check.sql_string(spec)}) AS ids FROM read_jsonl({src}) ORDER BY i")
                count_sql = f"SELECT sum(bpe_token_count(text, {check.sql_string(spec)})) AS n FROM read_jsonl({src})"
                count_out, count_wall = median_run(args.runs, lambda: run_siftql(args.siftql, count_sql))
                load_sql = f"SELECT bpe_token_count('a', {check.sql_string(spec)}) AS n"
                _, load_wall = median_run(args.runs, lambda: run_siftql(args.siftql, load_sql))
            except RuntimeError as e:
                print(f"\n{name}: siftql FAILED: {str(e)[:600]}")
                row["error"] = str(e)
                results.append(row)
                continue
            ours = {}
            for line in out.splitlines():
                if line.strip():
                    r = json.loads(line)
                    ours[r["i"]] = r["ids"]
            count_total = json.loads(count_out.splitlines()[0])["n"]
            bad = [i for i in range(len(docs)) if ours.get(i) != ref[i]]
            row.update(
                siftql_tokens=sum(len(v) for v in ours.values()),
                siftql_count_total=count_total,
                mismatching_docs=len(bad),
                mismatching_tokens_docs=sum(len(ref[i]) for i in bad),
                siftql_ids_s=ids_wall,
                siftql_count_s=count_wall,
                siftql_base_s=base_wall,
                siftql_start_s=start_wall,
                siftql_load_s=load_wall - start_wall,
                mismatches=[{"doc": i, "source": docs[i][0], "first_diff": check.first_difference(ours.get(i) or [], ref[i])} for i in bad],
            )
            results.append(row)
            print(f"\n{name}: {len(docs)} docs, {ref_tokens} reference tokens; {len(bad)} mismatching documents")
            if count_total != row["siftql_tokens"]:
                print(f"  sum(bpe_token_count) = {count_total} != {row['siftql_tokens']} ids from bpe_tokenize")
            if bad:
                vocab = check.load_vocab(path)
                normalize = None
                if path.name == "tokenizer.json":
                    norm = json.loads(path.read_text(encoding="utf-8")).get("normalizer") or {}
                    normalize = norm.get("type") if norm.get("type") in ("NFC", "NFD", "NFKC", "NFKD") else None
                for i in bad[: args.show]:
                    print(f"  document {i} ({docs[i][0]}):")
                    check.report_mismatch(name, str(i), docs[i][1], normalize, ours.get(i) or [], ref[i], vocab, 3)

    print(
        "\n| tokenizer | docs | tokens | mismatching docs | reference load s | reference tok/s | siftql load s "
        "| siftql ids run tok/s | siftql count run tok/s | count run net tok/s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        head = f"| {r['tokenizer']} | {r['docs']} | {r['ref_tokens']} | "
        ref_cols = f"{r['ref_load_s']:.2f} | {r['ref_tokens'] / r['ref_s']:,.0f} | "
        if "error" in r:
            print(head + "load error | " + ref_cols + "– | – | – | – |")
            continue
        # count run minus the scan baseline and minus the tokenizer load (start counted once)
        net = r["siftql_count_s"] - r["siftql_base_s"] - r["siftql_load_s"]
        print(
            head + f"{r['mismatching_docs']} | " + ref_cols + f"{r['siftql_load_s']:.2f} | "
            f"{r['ref_tokens'] / r['siftql_ids_s']:,.0f} | {r['ref_tokens'] / r['siftql_count_s']:,.0f} | "
            f"{r['ref_tokens'] / net if net > 0 else float('nan'):,.0f} |"
        )
    print(
        f"\nreference: one document at a time in this process, tokenizer load excluded. siftql: wall time of the "
        f"child process, including process start ({start_wall:.2f} s), the JSONL scan (baseline run "
        f"{base_wall:.2f} s) and the tokenizer load (load s: SELECT bpe_token_count('a', SPEC) minus SELECT 1); "
        f"the ids run also serializes every id as NDJSON. Net = tokens / (count run - baseline - load)."
    )
    print("command: " + " ".join([Path(sys.executable).name, *sys.argv]))
    if args.json_out:
        args.json_out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0 if all(r.get("mismatching_docs", 1) == 0 and "error" not in r for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
