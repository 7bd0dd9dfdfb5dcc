-- fineweb_filters.sql: FineWeb's heuristic filtering stage, as datatrove's examples/fineweb.py
-- runs it (datatrove 0.10.1 filters with their defaults, in this order):
--   1. gopher_repetition    GopherRepetitionFilter()
--   2. gopher_quality       GopherQualityFilter()
--   3. c4_quality           C4QualityFilter(filter_no_terminal_punct=False): also rewrites the
--                           text (drops javascript/policy/short lines, removes citations)
--   4. fineweb_quality      FineWebQualityFilter(), on the text C4 left
-- (FineWeb's URL and language filters come earlier and are not part of this stage.)
--
--   siftql -f queries/fineweb_filters.sql
--   siftql -f queries/fineweb_filters.sql --set input='crawl/*.parquet' --set output=fineweb.parquet
--
-- Writes the kept documents (the id and the rewritten text) to ${output} and prints the
-- documents each filter removed, by datatrove's reason string.

\set input 'synthetic:20000:42'
\set output 'fineweb_kept.parquet'
\set id_column id
\set text_column text

CREATE VIEW corpus AS SELECT * FROM read_corpus('${input}');

-- Each document's first failing filter (NULL: kept) and the text C4 left.
CREATE TABLE fineweb AS
SELECT
  id,
  bytes,
  CASE
    WHEN NOT gr['pass'] THEN 'gopher_repetition'
    WHEN NOT gq['pass'] THEN 'gopher_quality'
    WHEN NOT c4['pass'] THEN 'c4_quality'
    WHEN NOT fw['pass'] THEN 'fineweb_quality'
  END AS filter,
  CASE
    WHEN NOT gr['pass'] THEN gr['reason']
    WHEN NOT gq['pass'] THEN gq['reason']
    WHEN NOT c4['pass'] THEN c4['reason']
    WHEN NOT fw['pass'] THEN fw['reason']
  END AS reason,
  c4['text'] AS text
FROM (
  SELECT *, fineweb_quality(c4['text']) AS fw
  FROM (
    SELECT
      ${id_column} AS id,
      octet_length(${text_column}) AS bytes,
      gopher_repetition(${text_column}) AS gr,
      gopher_quality(${text_column}) AS gq,
      c4_quality(${text_column}, 'filter_no_terminal_punct=false') AS c4
    FROM corpus
    WHERE ${text_column} IS NOT NULL
  )
);

COPY (SELECT id, text FROM fineweb WHERE filter IS NULL ORDER BY id) TO '${output}';

-- Removed documents per filter and reason, in pipeline order.
SELECT
  coalesce(filter, 'kept') AS filter,
  coalesce(reason, '') AS reason,
  count(*) AS documents,
  sum(bytes) AS bytes,
  round(100.0 * count(*) / sum(count(*)) OVER (), 2) AS pct_documents
FROM fineweb
GROUP BY 1, 2
ORDER BY
  CASE coalesce(filter, 'kept')
    WHEN 'gopher_repetition' THEN 1 WHEN 'gopher_quality' THEN 2 WHEN 'c4_quality' THEN 3
    WHEN 'fineweb_quality' THEN 4 ELSE 5
  END,
  documents DESC;
