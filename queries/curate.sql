-- curate.sql: siftql's starting curation recipe.
--
--   siftql -f queries/curate.sql                                   # the synthetic sample corpus
--   siftql -f queries/curate.sql --set input='crawl/*.jsonl.zst' --set output=kept.parquet
--
-- Reads the corpus, profiles it, decides per document whether to keep it, writes the kept
-- documents (all input columns) to Parquet, and reports what was dropped and why.
-- The input needs a text column and a unique id column (names settable below).
-- Stages, in order (a document gets the reason of the first stage that drops it):
--   empty            NULL text or no words
--   too_short        fewer than ${min_words} whitespace-separated words
--   exact_duplicate  the same words (text_hash) as a document with a smaller id (the smallest
--                    id is kept)
--   then FineWeb's heuristic filters (datatrove 0.10.1 defaults; see fineweb_filters.sql),
--   the reason being FILTER:DATATROVE_REASON:
--   gopher_repetition, gopher_quality, c4_quality (terminal-punctuation line filter off),
--   fineweb_quality (on the text C4 keeps);
--   near_duplicate   among the documents still kept, a MinHash near duplicate (exact word
--                    5-gram Jaccard >= ${near_threshold}) of one with a smaller id
--                    (near_duplicates, verified; see near_dedup.sql).
-- Kept documents are written unchanged. Each document is also tagged with its language
-- (lang_id, whatlang) and site (url_parts(url)['registered_domain']; set url_column=NULL when
-- the corpus has no URL), and the last two reports give the mixture by language and by site,
-- before and after curation.

\set input 'synthetic:20000:42'
\set output 'curated.parquet'
\set id_column id
\set text_column text
\set url_column url
\set min_words 50
\set near_threshold 0.8

CREATE VIEW corpus AS SELECT * FROM read_corpus('${input}');

-- One pass over the corpus: per-document statistics and decisions, without the text.
CREATE TABLE filtered AS
SELECT
  id,
  bytes,
  words,
  lang,
  site,
  CASE
    WHEN words IS NULL OR words = 0 THEN 'empty'
    WHEN words < ${min_words} THEN 'too_short'
    WHEN copy_rank > 1 THEN 'exact_duplicate'
    WHEN NOT gr['pass'] THEN 'gopher_repetition:' || gr['reason']
    WHEN NOT gq['pass'] THEN 'gopher_quality:' || gq['reason']
    WHEN NOT c4['pass'] THEN 'c4_quality:' || c4['reason']
    WHEN NOT fineweb_quality(c4['text'])['pass'] THEN 'fineweb_quality:' || fineweb_quality(c4['text'])['reason']
  END AS drop_reason
FROM (
  SELECT
    ${id_column} AS id,
    text_stats(${text_column})['bytes'] AS bytes,
    text_stats(${text_column})['words'] AS words,
    lang_id(${text_column})['lang'] AS lang,
    url_parts(${url_column})['registered_domain'] AS site,
    row_number() OVER (PARTITION BY text_hash(${text_column}) ORDER BY ${id_column}) AS copy_rank,
    gopher_repetition(${text_column}) AS gr,
    gopher_quality(${text_column}) AS gq,
    c4_quality(${text_column}, 'filter_no_terminal_punct=false') AS c4
  FROM corpus
);

-- Near-duplicate stage over the documents the earlier stages keep.
CREATE VIEW filtered_docs AS
SELECT c.${id_column} AS id, c.${text_column} AS text
FROM corpus c JOIN filtered f ON c.${id_column} = f.id
WHERE f.drop_reason IS NULL;

CREATE TABLE near AS
SELECT id, keep FROM near_duplicates('filtered_docs', 'id', 'text', ${near_threshold}, 128, 5, 'exact');

CREATE TABLE decisions AS
SELECT f.id, f.bytes, f.words, f.lang, f.site,
       coalesce(f.drop_reason, CASE WHEN NOT n.keep THEN 'near_duplicate' END) AS drop_reason
FROM filtered f LEFT JOIN near n ON f.id = n.id;

-- Profile: size and length distribution of the input.
SELECT
  count(*) AS documents,
  sum(bytes) AS bytes,
  round(avg(words), 1) AS mean_words,
  min(words) AS min_words,
  round(approx_percentile_cont(0.1) WITHIN GROUP (ORDER BY words)) AS p10_words,
  median(words) AS median_words,
  round(approx_percentile_cont(0.9) WITHIN GROUP (ORDER BY words)) AS p90_words,
  max(words) AS max_words
FROM decisions;

SELECT words, count(*) AS documents, sum(bytes) AS bytes
FROM (
  SELECT
    bytes,
    CASE
      WHEN words IS NULL OR words = 0 THEN '0 (empty)'
      WHEN words < 50 THEN '1-49'
      WHEN words < 200 THEN '50-199'
      WHEN words < 1000 THEN '200-999'
      WHEN words < 5000 THEN '1000-4999'
      ELSE '5000+'
    END AS words,
    CASE
      WHEN words IS NULL OR words = 0 THEN 0
      WHEN words < 50 THEN 1
      WHEN words < 200 THEN 2
      WHEN words < 1000 THEN 3
      WHEN words < 5000 THEN 4
      ELSE 5
    END AS bucket
  FROM decisions
)
GROUP BY words, bucket
ORDER BY bucket;

-- The kept documents, every input column, in id order.
COPY (
  SELECT c.*
  FROM corpus c JOIN decisions d ON c.${id_column} = d.id
  WHERE d.drop_reason IS NULL
  ORDER BY c.${id_column}
) TO '${output}';

-- What was dropped and why.
SELECT
  coalesce(drop_reason, 'kept') AS outcome,
  count(*) AS documents,
  sum(bytes) AS bytes,
  round(100.0 * count(*) / sum(count(*)) OVER (), 2) AS pct_documents
FROM decisions
GROUP BY 1
ORDER BY documents DESC;

-- The mixture by language (ISO 639-3; NULL: no letters), before and after curation.
SELECT
  coalesce(lang, '(none)') AS lang,
  count(*) AS documents,
  count(*) FILTER (WHERE drop_reason IS NULL) AS kept,
  round(100.0 * count(*) FILTER (WHERE drop_reason IS NULL) / count(*), 2) AS pct_kept
FROM decisions
GROUP BY 1
ORDER BY documents DESC, lang
LIMIT 20;

-- The largest sites (registered domains), before and after curation.
SELECT
  coalesce(site, '(none)') AS site,
  count(*) AS documents,
  count(*) FILTER (WHERE drop_reason IS NULL) AS kept
FROM decisions
GROUP BY 1
ORDER BY documents DESC, site
LIMIT 10;
