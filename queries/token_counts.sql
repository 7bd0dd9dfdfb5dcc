-- token_counts.sql: a corpus's token counts per group (language, domain, source, …) under a real
-- BPE tokenizer, with bytes per token — for budgeting a mixture in tokens rather than bytes.
--
--   siftql -f queries/token_counts.sql
--   siftql -f queries/token_counts.sql --set tokenizer=~/.cache/siftql-assets/tokenizers/o200k_base.tiktoken \
--          --set input='crawl/*.parquet' --set group_by=lang
--
-- ${tokenizer}: a Hugging Face tokenizer.json, GPT-2 vocab.json + merges.txt (or their
-- directory), or a tiktoken rank file (tests/tools/fetch_tokenizers.sh fetches r50k, p50k, cl100k,
-- o200k, GPT-2, Llama 3 and Qwen3). Token ids are identical to tiktoken / Hugging Face tokenizers.

\set tokenizer 'tests/data/mixture/synthetic_mix.tokenizer.json'
\set input 'synthetic:5000:42'
\set group_by kind
\set text_column text

CREATE VIEW counted AS
SELECT ${group_by} AS grp, octet_length(${text_column}) AS bytes, bpe_token_count(${text_column}, '${tokenizer}') AS tokens
FROM read_corpus('${input}')
WHERE ${text_column} IS NOT NULL;

SELECT grp AS "${group_by}", count(*) AS documents, sum(tokens) AS tokens,
       round(100.0 * sum(tokens) / sum(sum(tokens)) OVER (), 2) AS token_percent,
       round(CAST(sum(bytes) AS DOUBLE) / sum(tokens), 3) AS bytes_per_token
FROM counted
GROUP BY grp
ORDER BY tokens DESC, grp;

SELECT count(*) AS documents, sum(tokens) AS tokens, sum(bytes) AS bytes FROM counted;
