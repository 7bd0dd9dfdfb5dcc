#!/usr/bin/env python3
"""Computes reference token ids for tests/data/tokenizer_cases.jsonl and writes
tests/data/tokenizer_golden.json, the fixture that tests/tools/check_tokenizer_golden.py
compares `bpe_tokenize` against.

References (run in a venv with `pip install tiktoken tokenizers`):
  * r50k_base, p50k_base, cl100k_base, o200k_base: tiktoken's Encoding built from the local rank
    file with the official pattern of that encoding, no special tokens, `encode_ordinary`.
  * gpt2: Hugging Face tokenizers, `models.BPE.from_file(encoder.json, vocab.bpe)` with a
    ByteLevel pre-tokenizer (add_prefix_space=False): the same ids as r50k_base, by a second
    implementation (checked here).
  * llama3, qwen3: Hugging Face tokenizers, `Tokenizer.from_file(tokenizer.json)`,
    `encode(text, add_special_tokens=False).ids`, with the file's added tokens removed so that
    strings like "<|endoftext|>" or "<think>" are encoded as ordinary text, as tiktoken's
    encode_ordinary does. Where keeping the added tokens would change the ids (plain `encode`
    still matches added tokens inside the text), those ids are recorded under
    "hf_encode_with_added_tokens".

The tokenizer files come from tests/tools/fetch_tokenizers.sh (`--assets`, default
$SIFTQL_ASSETS/tokenizers or ~/.cache/siftql-assets/tokenizers).

Usage: make_tokenizer_golden.py [--assets DIR] [--cases FILE] [--out FILE]
"""

import argparse
import json
import os
import sys
from pathlib import Path

import tiktoken
import tiktoken.load
import tokenizers
from tokenizers import Tokenizer, models, pre_tokenizers

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"

# The official patterns, as in tiktoken_ext/openai_public.py.
R50K_PAT = r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"""
CL100K_PAT = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
)
O200K_PAT = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)

TIKTOKEN = {
    "r50k_base": ("r50k_base.tiktoken", R50K_PAT),
    "p50k_base": ("p50k_base.tiktoken", R50K_PAT),
    "cl100k_base": ("cl100k_base.tiktoken", CL100K_PAT),
    "o200k_base": ("o200k_base.tiktoken", O200K_PAT),
}
HF_JSON = {"llama3": "llama3/tokenizer.json", "qwen3": "qwen3/tokenizer.json"}
# The siftql spec for GPT-2 is the directory holding encoder.json and vocab.bpe.
GPT2_DIR = "gpt2"

ORDER = ["r50k_base", "p50k_base", "cl100k_base", "o200k_base", "gpt2", "llama3", "qwen3"]


def default_assets() -> Path:
    root = os.environ.get("SIFTQL_ASSETS") or os.path.expanduser("~/.cache/siftql-assets")
    return Path(root) / "tokenizers"


def load_references(assets: Path) -> dict:
    """name -> (file, description, encode(text) -> ids, encode_with_added(text) -> ids or None)."""
    refs = {}
    for name, (file, pat) in TIKTOKEN.items():
        ranks = tiktoken.load.load_tiktoken_bpe(str(assets / file))
        enc = tiktoken.Encoding(name=name, pat_str=pat, mergeable_ranks=ranks, special_tokens={})
        refs[name] = (file, f"tiktoken {tiktoken.__version__} encode_ordinary", enc.encode_ordinary, None)

    gpt2 = Tokenizer(models.BPE.from_file(str(assets / GPT2_DIR / "encoder.json"), str(assets / GPT2_DIR / "vocab.bpe")))
    gpt2.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    refs["gpt2"] = (
        GPT2_DIR,
        f"tokenizers {tokenizers.__version__} BPE.from_file(encoder.json, vocab.bpe) + ByteLevel(add_prefix_space=False)",
        lambda t, tok=gpt2: tok.encode(t, add_special_tokens=False).ids,
        None,
    )

    for name, file in HF_JSON.items():
        text = (assets / file).read_text(encoding="utf-8")
        full = Tokenizer.from_str(text)
        spec = json.loads(text)
        spec["added_tokens"] = []
        ordinary = Tokenizer.from_str(json.dumps(spec))
        refs[name] = (
            file,
            f"tokenizers {tokenizers.__version__} encode(text, add_special_tokens=False) without the file's added tokens",
            lambda t, tok=ordinary: tok.encode(t, add_special_tokens=False).ids,
            lambda t, tok=full: tok.encode(t, add_special_tokens=False).ids,
        )
    return refs


def read_cases(path: Path) -> list:
    cases = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                cases.append((str(row["id"]), row["text"]))
    return cases


def write_golden(path: Path, golden: dict) -> None:
    """One line per case, so diffs of the fixture stay readable."""
    out = ["{"]
    names = list(golden)
    for i, name in enumerate(names):
        entry = golden[name]
        out.append(f"{json.dumps(name)}: {{")
        out.append(f"  \"file\": {json.dumps(entry['file'])},")
        out.append(f"  \"reference\": {json.dumps(entry['reference'])},")
        extra = entry.get("hf_encode_with_added_tokens")
        for key, ids in (("ids", entry["ids"]), ("hf_encode_with_added_tokens", extra)):
            if ids is None:
                continue
            out.append(f"  {json.dumps(key)}: {{")
            items = list(ids.items())
            for j, (case, values) in enumerate(items):
                comma = "," if j + 1 < len(items) else ""
                out.append(f"    {json.dumps(case)}: {json.dumps(values, separators=(',', ':'))}{comma}")
            out.append("  }" + ("," if key == "ids" and extra is not None else ""))
        out.append("}" + ("," if i + 1 < len(names) else ""))
    out.append("}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--assets", type=Path, default=default_assets())
    ap.add_argument("--cases", type=Path, default=DATA / "tokenizer_cases.jsonl")
    ap.add_argument("--out", type=Path, default=DATA / "tokenizer_golden.json")
    args = ap.parse_args()

    cases = read_cases(args.cases)
    refs = load_references(args.assets)
    golden = {}
    for name in ORDER:
        file, reference, encode, encode_with_added = refs[name]
        ids = {case: encode(text) for case, text in cases}
        entry = {"file": file, "reference": reference, "ids": ids}
        if encode_with_added is not None:
            differs = {}
            for case, text in cases:
                plain = encode_with_added(text)
                if plain != ids[case]:
                    differs[case] = plain
            entry["hf_encode_with_added_tokens"] = differs
        golden[name] = entry
        tokens = sum(len(v) for v in ids.values())
        print(f"{name}: {len(ids)} cases, {tokens} tokens", file=sys.stderr)

    # Two implementations of GPT-2's tokenizer must agree.
    bad = [c for c in golden["gpt2"]["ids"] if golden["gpt2"]["ids"][c] != golden["r50k_base"]["ids"][c]]
    if bad:
        print(f"error: HF GPT-2 and tiktoken r50k_base disagree on cases {bad}", file=sys.stderr)
        return 1
    write_golden(args.out, golden)
    json.loads(args.out.read_text(encoding="utf-8"))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
