-- near_dedup.sql: FineWeb-style near-duplicate removal with MinHash LSH.
--
--   siftql -f queries/near_dedup.sql
--   siftql -f queries/near_dedup.sql --set input='crawl/*.parquet' --set output=deduped.parquet
--
-- FineWeb's settings (arXiv 2406.17557 §3.4, datatrove examples/fineweb.py): word 5-gram
-- shingles, 112 hashes in 14 bands of 8 rows (a pair at Jaccard 0.75 becomes a candidate with
-- probability 0.77, at 0.8 with 0.92), every candidate pair linked without verification, and one
-- document kept per connected component. Here the kept document is the smallest id. For
-- precision, set verify to 'exact' (candidates then need exact shingle Jaccard >= threshold).
-- Writes the kept documents (all columns) to ${output}; prints cluster statistics.

\set input 'synthetic:20000:42'
\set output 'near_deduped.parquet'
\set id_column id
\set text_column text
\set threshold 0.75
\set verify 'none'

CREATE VIEW corpus AS SELECT * FROM read_corpus('${input}');

CREATE TABLE clusters AS
SELECT * FROM near_duplicates('corpus', '${id_column}', '${text_column}', ${threshold}, 112, 5, '${verify}', 'min_id', 14, 8);

COPY (
  SELECT c.*
  FROM corpus c JOIN clusters k ON c.${id_column} = k.id
  WHERE k.keep
  ORDER BY c.${id_column}
) TO '${output}';

-- Documents kept and removed, and the clusters they formed.
SELECT
  count(*) AS documents,
  count(*) FILTER (WHERE keep) AS kept,
  count(*) FILTER (WHERE NOT keep) AS removed,
  count(DISTINCT cluster_id) FILTER (WHERE cluster_size > 1) AS clusters,
  max(cluster_size) AS largest_cluster
FROM clusters;

-- Cluster sizes.
SELECT cluster_size, count(DISTINCT cluster_id) AS clusters, count(*) AS documents
FROM clusters
WHERE cluster_size > 1
GROUP BY cluster_size
ORDER BY cluster_size;
