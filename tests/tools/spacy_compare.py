#!/usr/bin/env python3
"""Dump datatrove 0.10.1's English word lists and sentence counts as JSONL.

Reference side of the comparison harness for `udfs/src/text/spacy_en`
(the Rust reproduction of `spacy.blank("en")` + `sentencizer` as used by
datatrove's `split_into_words` / `split_into_sentences`).

Needs: pip install spacy==3.8.18 regex datatrove==0.10.1

Usage:
  spacy_compare.py OUT.jsonl SOURCE...
SOURCE is one of
  jsonl:PATH[:FIELD]   JSON lines (optionally .gz), text in FIELD (default "text")
  lines:PATH           one document per line (plain text)
  fuzz:N:SEED          N random strings from a tricky alphabet
Each output line: {"src", "id", "text", "words", "sents"}.

The Rust side reads these files and diffs `spacy_en::analyze(text)` against
"words" and "sents", e.g. with a scratch binary crate that includes the
module via `#[path = ".../udfs/src/text/spacy_en/mod.rs"] mod spacy_en;`
and, per line, compares `analyze(text).words == words` and
`analyze(text).sentences == sents` (see the siftql lead's notes for the
crate used during validation: /work/scratch/spacy_en, `compare` command).
"""
import gzip
import json
import random
import sys

from datatrove.utils.text import split_into_sentences, split_into_words

# datatrove workers are "warm": spaCy 3.8.18 raises inside memory_zone() for
# a token `IS_ALPHA` once one has been seen, and datatrove then re-tokenizes
# text.replace("IS_ALPHA", ""). Make that state deterministic.
split_into_words("IS_ALPHA")

FUZZ_PIECES = [
    "a", "b", "Z", "x", "the", "The", "U.S.", "e.g.", "i.e.", "don't", "Don’t", "can't", "cannot",
    "gonna", "it's", "He's", "I'm", "'s", "n't", "'", '"', "“", "”", "‘", "’", "(", ")", "[", "]",
    "{", "}", ".", ",", ";", ":", "!", "?", "...", "…", "-", "--", "—", "–", "~", "/", "\\", "+",
    "*", "^", "=", "<", ">", "&", "#", "@", "%", "$", "£", "€", "US$", "°", "°C", "°F", "5", "10",
    "127.0.0.1", "192.168.1.1", "8.8.8.8", "km", "kg", "mph", "m²", "3.5", "1,000", "a.m.", "p.m.",
    "10a.m.", ":)", ":-)", ":(", "<3", "(-:", "8)", "xD", "http://", "https://", "www.", "example",
    ".com", ".org", "/path", "?q=1", "#frag", "mailto:", "user@", "foo@bar.com", ":8080", "ftp://",
    " ", " ", "  ", "\n", "\n\n", "\t", "\r\n", "\u00a0", "\u2009", "\u3000", "\u200b", "\x1c",
    "\x00", "\x07", "\x7f", "\x85", "é", "e\u0301", "ß", "ﬁ", "Ω", "Привет", "мир", "中文", "日本語",
    "。", "！", "？", "、", "한국어", "עברית", "العربية", "हिन्दी", "।", "ไทย", "😀", "👍🏽", "🇺🇸",
    "©", "®", "™", "→", "★", "IS_ALPHA", "ＡＢＣ", "ｱ", "²", "½", "٣", "Ⅻ", "_", "`", "´", "«", "»",
    "„", "‚", "‹", "›", "§", "¶", "•", "·", "Mr.", "Dr.", "St.", "Inc.", "vs.", "etc.", "No.",
    "A.", "B.", "ä.", "o.0", "^_^", "(^_^)", "o_O", "<space>", "C++", "\\n", "\\t", "''",
]


def fuzz(n, seed):
    rng = random.Random(seed)
    for i in range(n):
        k = rng.randint(0, 40)
        parts = []
        for _ in range(k):
            r = rng.random()
            if r < 0.6:
                parts.append(rng.choice(FUZZ_PIECES))
            elif r < 0.8:
                parts.append(" ")
            elif r < 0.9:
                parts.append(chr(rng.randint(0x20, 0x7E)))
            else:
                cp = rng.randint(0, 0x2FFFF)
                if 0xD800 <= cp <= 0xDFFF:
                    cp = 0x41
                parts.append(chr(cp))
        yield f"fuzz{seed}-{i}", "".join(parts)


def read_source(spec):
    kind, _, rest = spec.partition(":")
    if kind == "jsonl":
        path, _, field = rest.partition(":")
        field = field or "text"
        op = gzip.open if path.endswith(".gz") else open
        with op(path, "rt", encoding="utf-8") as f:
            for i, line in enumerate(f):
                if not line.strip():
                    continue
                d = json.loads(line)
                t = d.get(field)
                if isinstance(t, str):
                    yield d.get("id", i), t
    elif kind == "lines":
        with open(rest, encoding="utf-8") as f:
            for i, line in enumerate(f):
                yield i, line.rstrip("\n")
    elif kind == "fuzz":
        n, seed = rest.split(":")
        yield from fuzz(int(n), int(seed))
    else:
        raise SystemExit(f"unknown source {spec}")


def reset_tokenizer():
    """Fresh spaCy pipeline, warmed up for the IS_ALPHA state (see above)."""
    from datatrove.utils import text as dt_text
    from datatrove.utils.word_tokenizers import load_word_tokenizer

    load_word_tokenizer.cache_clear()
    dt_text.split_into_parts.cache_clear()
    split_into_words("IS_ALPHA")


def analyze(text):
    return split_into_words(text), len(split_into_sentences(text))


def main():
    out = sys.argv[1]
    n_reset = 0
    with open(out, "w", encoding="utf-8") as fo:
        for spec in sys.argv[2:]:
            for doc_id, text in read_source(spec):
                rec = {"src": spec, "id": doc_id, "text": text}
                try:
                    rec["words"], rec["sents"] = analyze(text)
                except Exception as e:  # noqa: BLE001
                    # spaCy 3.8.18's memory_zone() state can break after many
                    # IS_ALPHA failures (OverflowError in Doc.sents); datatrove
                    # itself would crash here. Retry once on a fresh pipeline.
                    n_reset += 1
                    reset_tokenizer()
                    try:
                        rec["words"], rec["sents"] = analyze(text)
                        rec["retried_after"] = repr(e)
                    except Exception as e2:  # noqa: BLE001
                        rec["error"] = repr(e2)
                fo.write(json.dumps(rec, ensure_ascii=False) + "\n")
    if n_reset:
        print(f"{n_reset} document(s) needed a fresh spaCy pipeline", file=sys.stderr)


if __name__ == "__main__":
    main()
