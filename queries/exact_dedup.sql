-- exact_dedup.sql: exact document dedup and CCNet-style line dedup.
--
--   siftql -f queries/exact_dedup.sql
--   siftql -f queries/exact_dedup.sql --set input='crawl/*.jsonl.zst' --set max_line_copies=1
--
-- 1. Documents: text_hash(text) (xxh3-64 of the lower-cased words) groups documents whose
--    words are identical; the smallest id of each group is kept.
-- 2. Lines (CCNet, Wenzek et al. 2020): line_hashes(text) hashes every line (lower-cased,
--    digits as 0, punctuation removed); a line whose hash occurs more than ${max_line_copies}
--    times across the remaining documents is boilerplate and is dropped from every document
--    (lines without words, such as blank lines, are kept). Documents left without a non-blank line are dropped.
-- Writes (id, text) of the kept documents, with the duplicated lines removed, to ${output};
-- prints what each stage removed.

\set input 'synthetic:20000:42'
\set output 'exact_deduped.parquet'
\set id_column id
\set text_column text
\set max_line_copies 1

CREATE VIEW corpus AS SELECT * FROM read_corpus('${input}');

-- Stage 1: one document per normalized text.
CREATE TABLE unique_docs AS
SELECT id, text FROM (
  SELECT ${id_column} AS id, ${text_column} AS text,
         row_number() OVER (PARTITION BY text_hash(${text_column}) ORDER BY ${id_column}) AS copy_rank
  FROM corpus
  WHERE ${text_column} IS NOT NULL
)
WHERE copy_rank = 1;

-- Stage 2: every line with its position and hash.
CREATE TABLE lines AS
SELECT id, i AS line_no, lines[i] AS line, hashes[i] AS hash
FROM (
  SELECT id, lines, hashes, unnest(generate_series(1, array_length(hashes))) AS i
  FROM (SELECT id, string_to_array(text, chr(10)) AS lines, line_hashes(text) AS hashes FROM unique_docs WHERE text <> '')
);

CREATE TABLE line_copies AS SELECT hash, count(*) AS copies FROM lines WHERE hash <> line_hashes('')[1] GROUP BY hash;

CREATE TABLE kept_docs AS
SELECT l.id, string_agg(l.line, chr(10) ORDER BY l.line_no) AS text
FROM lines l LEFT JOIN line_copies c ON l.hash = c.hash
WHERE l.hash = line_hashes('')[1] OR c.copies <= ${max_line_copies}
GROUP BY l.id
HAVING max(length(trim(l.line))) > 0;

COPY (SELECT id, text FROM kept_docs ORDER BY id) TO '${output}';

SELECT
  (SELECT count(*) FROM corpus) AS documents,
  (SELECT count(*) FROM corpus) - (SELECT count(*) FROM unique_docs) AS exact_duplicates,
  (SELECT count(*) FROM unique_docs) - (SELECT count(*) FROM kept_docs) AS emptied_by_line_dedup,
  (SELECT count(*) FROM kept_docs) AS kept,
  (SELECT count(*) FROM lines) AS lines,
  (SELECT count(*) FROM lines l JOIN line_copies c ON l.hash = c.hash WHERE c.copies > ${max_line_copies}) AS duplicate_lines_removed;

-- The most repeated lines.
SELECT any_value(l.line) AS example, c.copies
FROM line_copies c JOIN lines l ON l.hash = c.hash
WHERE c.copies > ${max_line_copies}
GROUP BY c.hash, c.copies
ORDER BY c.copies DESC, example
LIMIT 10;
