#!/usr/bin/env python3
"""Checks siftql's bpe_tokenize against tests/data/tokenizer_golden.json (made by
make_tokenizer_golden.py). Standard library only.

For each tokenizer in the golden file, runs the siftql binary once over
tests/data/tokenizer_cases.jsonl:

    SELECT id, bpe_tokenize(text, '<assets>/<file>') AS ids, bpe_token_count(...) AS n
    FROM read_jsonl('<cases>') ORDER BY id

and diffs the ids case by case. For every mismatch it prints the first differing position, both
id sequences around it, the tokens there decoded to text, and the text at that point. Also checks
that bpe_token_count equals the length of bpe_tokenize.

Usage: check_tokenizer_golden.py [--siftql BIN] [--assets DIR] [--only NAME ...]
                                 [--spec NAME=SPEC ...]
  --spec replaces the tokenizer argument passed to siftql for one tokenizer (e.g. a path with
  '#pre_tokenizer=...' overrides); the golden ids and the decoding stay those of the golden file.
Exit status: 0 when every case of every tokenizer matches, 1 otherwise. The last line is
'N passed, M failed' (cases over all tokenizers).
"""

import argparse
import base64
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"


def default_siftql() -> str:
    if os.environ.get("SIFTQL_BIN"):
        return os.environ["SIFTQL_BIN"]
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.expanduser("~/.cache/siftql-target")
    for candidate in (Path(target) / "release" / "siftql", HERE.parent.parent / "target" / "release" / "siftql"):
        if candidate.is_file():
            return str(candidate)
    return "siftql"


def default_assets() -> Path:
    root = os.environ.get("SIFTQL_ASSETS") or os.path.expanduser("~/.cache/siftql-assets")
    return Path(root) / "tokenizers"


def sql_string(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def byte_level_decoder() -> dict:
    """GPT-2's byte-level alphabet: character -> byte."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {chr(c): b for b, c in zip(bs, cs)}


def load_vocab(path: Path) -> dict:
    """id -> token bytes, for showing tokens as text (best effort)."""
    out = {}
    try:
        if path.is_dir():
            path = path / "encoder.json"
        if path.name.endswith(".tiktoken"):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    token, rank = line.split()
                    out[int(rank)] = base64.b64decode(token)
            return out
        data = json.loads(path.read_text(encoding="utf-8"))
        vocab = data["model"]["vocab"] if "model" in data else data
        chars = byte_level_decoder()
        for token, i in vocab.items():
            try:
                out[i] = bytes(chars[c] for c in token)
            except KeyError:
                out[i] = token.encode("utf-8")
        for added in data.get("added_tokens", []) if "model" in data else []:
            out[added["id"]] = added["content"].encode("utf-8")
    except (OSError, ValueError, KeyError) as e:
        print(f"  (cannot decode tokens from {path}: {e})", file=sys.stderr)
    return out


def show_tokens(ids, vocab) -> str:
    return "[" + ", ".join(f"{i}:{vocab[i].decode('utf-8', 'backslashreplace')!r}" if i in vocab else str(i) for i in ids) + "]"


def run_siftql(siftql: str, spec: str, cases: Path):
    sql = (
        f"SELECT id, bpe_tokenize(text, {sql_string(spec)}) AS ids, "
        f"bpe_token_count(text, {sql_string(spec)}) AS n "
        f"FROM read_jsonl({sql_string(str(cases))}) ORDER BY id"
    )
    proc = subprocess.run([siftql, "--format", "ndjson", "-c", sql], capture_output=True, text=True)
    if proc.returncode != 0:
        return None, proc.stderr.strip() or f"exit status {proc.returncode}"
    rows = {}
    for line in proc.stdout.splitlines():
        if line.strip():
            row = json.loads(line)
            rows[str(row["id"])] = (row["ids"], row["n"])
    return rows, None


def first_difference(a, b) -> int:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def report_mismatch(name, case, text, normalize, ours, ref, vocab, context):
    i = first_difference(ours, ref)
    lo = max(0, i - context)
    print(f"  MISMATCH {name} case {case}: first difference at token {i} (ours {len(ours)} tokens, reference {len(ref)})")
    print(f"    ours      [{lo}:] {show_tokens(ours[lo:i + context + 1], vocab)}")
    print(f"    reference [{lo}:] {show_tokens(ref[lo:i + context + 1], vocab)}")
    if normalize:
        text = unicodedata.normalize(normalize, text)
    data = text.encode("utf-8")
    if vocab and all(t in vocab for t in ref[:i]):
        offset = sum(len(vocab[t]) for t in ref[:i])
        before = data[max(0, offset - 30):offset].decode("utf-8", "replace")
        after = data[offset:offset + 40].decode("utf-8", "replace")
        note = f" (after {normalize})" if normalize else ""
        print(f"    text at byte {offset}{note}: {before!r} >>> {after!r}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--siftql", default=default_siftql())
    ap.add_argument("--assets", type=Path, default=default_assets())
    ap.add_argument("--cases", type=Path, default=DATA / "tokenizer_cases.jsonl")
    ap.add_argument("--golden", type=Path, default=DATA / "tokenizer_golden.json")
    ap.add_argument("--only", nargs="*", default=None, help="tokenizer names to check")
    ap.add_argument("--spec", action="append", default=[], metavar="NAME=SPEC")
    ap.add_argument("--context", type=int, default=3, help="tokens shown either side of a difference")
    args = ap.parse_args()

    golden = json.loads(args.golden.read_text(encoding="utf-8"))
    texts = {}
    with args.cases.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                texts[str(row["id"])] = row["text"]
    specs = dict(s.split("=", 1) for s in args.spec)

    passed = failed = 0
    broken = []
    for name, entry in golden.items():
        if args.only and name not in args.only:
            continue
        path = args.assets / entry["file"]
        if not path.exists():
            print(f"{name}: {path} is missing; run tests/tools/fetch_tokenizers.sh", file=sys.stderr)
            return 2
        spec = specs.get(name, str(path))
        rows, error = run_siftql(args.siftql, spec, args.cases)
        ref_ids = entry["ids"]
        if rows is None:
            print(f"{name}: FAILED to run ({len(ref_ids)} cases): {error}")
            failed += len(ref_ids)
            broken.append(name)
            continue
        vocab = None
        normalize = None
        if path.name == "tokenizer.json":
            norm = json.loads(path.read_text(encoding="utf-8")).get("normalizer") or {}
            normalize = norm.get("type") if norm.get("type") in ("NFC", "NFD", "NFKC", "NFKD") else None
        bad = []
        for case, ref in ref_ids.items():
            got = rows.get(case)
            if got is None:
                print(f"  MISSING {name} case {case}: no row from siftql")
                bad.append(case)
                continue
            ours, n = got
            if ours == ref and n == len(ours):
                continue
            bad.append(case)
            if vocab is None:
                vocab = load_vocab(path)
            if ours != ref:
                report_mismatch(name, case, texts.get(case, ""), normalize, ours, ref, vocab, args.context)
            if n != len(ours):
                print(f"  COUNT {name} case {case}: bpe_token_count {n} != len(bpe_tokenize) {len(ours)}")
        passed += len(ref_ids) - len(bad)
        failed += len(bad)
        status = "ok" if not bad else f"{len(bad)} mismatching: {', '.join(bad)}"
        print(f"{name}: {len(ref_ids) - len(bad)}/{len(ref_ids)} cases identical ({status})")
    if broken:
        print(f"tokenizers that failed to run: {', '.join(broken)}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
