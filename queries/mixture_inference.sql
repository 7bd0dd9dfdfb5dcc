-- mixture_inference.sql: what a BPE tokenizer's merge list reveals about its training mixture
-- (Hayase et al. 2024, "Data Mixture Inference: What do BPE Tokenizers Reveal about their
-- Training Data?").
--
--   siftql -f queries/mixture_inference.sql
--   siftql -f queries/mixture_inference.sql --set tokenizer=/models/llama3/tokenizer.json \
--          --set samples='samples/*.parquet' --set category=lang --set filter=true --set merges=30000
--
-- ${samples} is any Parquet/JSONL corpus (or 'synthetic:N:SEED') with one row per text and a
-- category column; each category's rows are its sample (capped at ${sample_bytes} bytes, 0 = all,
-- in id order). The defaults infer the mixture of tests/data/mixture/synthetic_mix.tokenizer.json,
-- trained on byte shares prose 0.40, code 0.25, non_english 0.20, boilerplate 0.10, spam 0.05 of
-- the synthetic corpus (tests/tools/make_mixture_fixture.py), from held-out synthetic text.
-- proportion is the share of training bytes; pair_share the LP's unit (share of byte pairs);
-- ci_low/ci_high a 90% bootstrap interval when ${bootstrap} > 0 (too narrow: it misses how the
-- tokenizer's training text differs from the samples; see BENCHMARKS.md). ${max_gap} > 0 stops
-- the LP once it is within that relative gap of its optimum: on large inputs much faster, with
-- shares close to the exact ones (BENCHMARKS.md, "The shares settle long before the LP's optimum").

\set tokenizer 'tests/data/mixture/synthetic_mix.tokenizer.json'
\set samples 'synthetic:4000:8'
\set category kind
\set text_column text
\set filter kind IN ('prose', 'code', 'non_english', 'boilerplate', 'spam')
\set merges 1000
\set sample_bytes 0
\set bootstrap 0
\set max_gap 0

CREATE VIEW category_samples AS
SELECT ${category} AS category, ${text_column} AS text
FROM read_corpus('${samples}')
WHERE ${filter}
ORDER BY id;

CREATE TABLE mixture AS
SELECT * FROM infer_mixture('${tokenizer}', 'category_samples', 'category', 'text', ${merges}, ${sample_bytes}, ${bootstrap}, ${max_gap});

-- The inferred mixture, largest first.
SELECT category, round(proportion, 4) AS proportion, round(pair_share, 4) AS pair_share,
       round(ci_low, 4) AS ci_low, round(ci_high, 4) AS ci_high, sample_bytes
FROM mixture
ORDER BY proportion DESC, category;

-- How the solve went.
SELECT max(merges_used) AS merges_used, max(merges_missing) AS merges_missing, max(constraints) AS constraints,
       max(rounds) AS rounds, bool_and(converged) AS converged, round(max(gap), 6) AS gap,
       round(max(seconds), 1) AS seconds
FROM mixture;
