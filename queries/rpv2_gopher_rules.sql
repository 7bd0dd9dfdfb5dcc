-- rpv2_gopher_rules.sql: the Gopher rules RedPajama-V2 publishes for its quality signals,
-- applied to rps_signals (same values as the official code's quality_signals).
--
--   siftql -f queries/rpv2_gopher_rules.sql
--   siftql -f queries/rpv2_gopher_rules.sql --set input='docs.parquet' --set lang=de
--
-- Rules 1-5 are the `gopher_rules_pass` example of the RedPajama-V2 dataset card
-- (huggingface.co/datasets/togethercomputer/RedPajama-Data-V2); the number of lines, which
-- the card takes from ccnet_nlines, is the number of line spans here. Rules 6-9 are the
-- remaining Gopher thresholds (Rae et al. 2021, appendix A) on the matching RedPajama-V2
-- signals. A document gets the first rule it breaks.
--    1 word_count         50 <= rps_doc_word_count <= 100000
--    2 mean_word_length   3 <= rps_doc_mean_word_length <= 10
--    3 symbol_word_ratio  rps_doc_symbol_to_word_ratio <= 0.1
--    4 bullet_lines       lines starting with a bullet / lines <= 0.9
--    5 top_2gram          rps_doc_frac_chars_top_2gram <= 0.2
--    6 ellipsis_lines     rps_doc_frac_lines_end_with_ellipsis <= 0.3
--    7 no_alpha_words     rps_doc_frac_no_alph_words <= 0.2
--    8 top_ngrams         top 3-gram <= 0.18, top 4-gram <= 0.16
--    9 dupe_ngrams        duplicate 5..10-grams <= 0.15, 0.14, 0.13, 0.12, 0.11, 0.10
--
-- rps_doc_ut1_blacklist is not a built-in: see queries/ut1_blocklist.sql for the join.

\set input 'synthetic:20000:42'
\set id_column id
\set text_column text
\set lang en

CREATE VIEW corpus AS SELECT * FROM read_corpus('${input}');

CREATE TABLE rpv2_gopher AS
SELECT
  id,
  CASE
    WHEN s['rps_doc_word_count'] < 50 OR s['rps_doc_word_count'] > 100000 THEN 'word_count'
    WHEN s['rps_doc_mean_word_length'] < 3 OR s['rps_doc_mean_word_length'] > 10 THEN 'mean_word_length'
    WHEN s['rps_doc_symbol_to_word_ratio'] > 0.1 THEN 'symbol_word_ratio'
    WHEN array_sum(s['rps_lines_start_with_bulletpoint']) / cardinality(s['line_spans']) > 0.9 THEN 'bullet_lines'
    WHEN s['rps_doc_frac_chars_top_2gram'] > 0.2 THEN 'top_2gram'
    WHEN s['rps_doc_frac_lines_end_with_ellipsis'] > 0.3 THEN 'ellipsis_lines'
    WHEN s['rps_doc_frac_no_alph_words'] > 0.2 THEN 'no_alpha_words'
    WHEN s['rps_doc_frac_chars_top_3gram'] > 0.18 OR s['rps_doc_frac_chars_top_4gram'] > 0.16 THEN 'top_ngrams'
    WHEN s['rps_doc_frac_chars_dupe_5grams'] > 0.15 OR s['rps_doc_frac_chars_dupe_6grams'] > 0.14
      OR s['rps_doc_frac_chars_dupe_7grams'] > 0.13 OR s['rps_doc_frac_chars_dupe_8grams'] > 0.12
      OR s['rps_doc_frac_chars_dupe_9grams'] > 0.11 OR s['rps_doc_frac_chars_dupe_10grams'] > 0.10 THEN 'dupe_ngrams'
  END AS failed_rule
FROM (SELECT ${id_column} AS id, rps_signals(${text_column}, '${lang}') AS s FROM corpus WHERE ${text_column} IS NOT NULL);

SELECT
  coalesce(failed_rule, 'pass') AS outcome,
  count(*) AS documents,
  round(100.0 * count(*) / sum(count(*)) OVER (), 2) AS pct_documents
FROM rpv2_gopher
GROUP BY 1
ORDER BY documents DESC;
