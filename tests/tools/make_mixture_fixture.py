"""Builds tests/data/mixture/synthetic_mix.tokenizer.json: a byte-level BPE tokenizer trained
(Hugging Face `tokenizers`, the reference trainer) on a known mixture of siftql's own synthetic
corpus kinds, so tests and the mixture recipe can check `infer_mixture` against a known answer
on held-out text (`synthetic_corpus(…, 8)`) without any outside data.

Setup: python3 -m venv /work/venvs/mixture && /work/venvs/mixture/bin/pip install tokenizers
Run:   siftql --format ndjson -c "SELECT kind, text FROM synthetic_corpus(20000, 7)" > /tmp/syn7.jsonl
       /work/venvs/mixture/bin/python tests/tools/make_mixture_fixture.py /tmp/syn7.jsonl
"""

import json
import random
import sys
from pathlib import Path

from tokenizers import Tokenizer, models, pre_tokenizers, trainers

# True byte shares of the training mixture (also asserted in tests/slt/infer_mixture.slt).
WEIGHTS = {"prose": 0.40, "code": 0.25, "non_english": 0.20, "boilerplate": 0.10, "spam": 0.05}
TRAIN_BYTES = 2_000_000
MERGES = 1_000


def main(corpus_path: str) -> None:
    by_kind = {k: [] for k in WEIGHTS}
    with open(corpus_path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["kind"] in by_kind:
                by_kind[row["kind"]].append(row["text"])
    rng = random.Random(7)
    lines = []
    for kind, weight in WEIGHTS.items():
        budget, taken, docs = int(weight * TRAIN_BYTES), 0, by_kind[kind]
        i = 0
        while taken < budget:
            for line in docs[i % len(docs)].splitlines(keepends=True):
                lines.append(line)
                taken += len(line.encode("utf-8"))
            i += 1
    rng.shuffle(lines)
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.Digits(individual_digits=False), pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)]
    )
    trainer = trainers.BpeTrainer(
        vocab_size=256 + MERGES, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False
    )
    tokenizer.train_from_iterator(lines, trainer)
    out = Path(__file__).resolve().parents[1] / "data" / "mixture" / "synthetic_mix.tokenizer.json"
    tokenizer.save(str(out))
    print(f"wrote {out}: {len(json.loads(out.read_text())['model']['merges'])} merges")


if __name__ == "__main__":
    main(sys.argv[1])
