-- minhash_lsh_quality.sql: LSH candidate quality of minhash vs minhash_fast against exact truth.
--
--   siftql -f benches/minhash_lsh_quality.sql \
--     --set corpus=bench-data/minhash/run_syn20k/corpus.parquet \
--     --set truth=bench-data/minhash/run_syn20k/truth_pairs.parquet
--
-- The corpus and its truth (all pairs a < b with exact word 5-gram Jaccard >= 0.8, a and b being
-- the corpus's id column) come from ../shared/tools/bench_minhash_peers.py, whose shingling is
-- minhash's. For each signature and (bands, rows): candidates are the pairs sharing a band key;
-- "verified" keeps those whose signatures estimate J >= 0.8. Precision and recall are against the
-- truth pairs, as the peer tool scores datasketch and rensa.

\set corpus 'bench-data/minhash/run_syn20k/corpus.parquet'
\set truth 'bench-data/minhash/run_syn20k/truth_pairs.parquet'

CREATE TABLE sigs AS
SELECT id, minhash(text) AS classic, minhash_fast(text) AS fast FROM read_parquet('${corpus}');

CREATE TABLE truth AS SELECT a, b FROM read_parquet('${truth}');

CREATE TABLE keys AS
SELECT 'minhash' AS signature, 9 AS bands, 13 AS rows, id, unnest(minhash_bands(classic, 9, 13)) AS k FROM sigs
UNION ALL SELECT 'minhash', 16, 8, id, unnest(minhash_bands(classic, 16, 8)) FROM sigs
UNION ALL SELECT 'minhash', 13, 7, id, unnest(minhash_bands(classic, 13, 7)) FROM sigs
UNION ALL SELECT 'minhash_fast', 9, 13, id, unnest(minhash_bands(fast, 9, 13)) FROM sigs
UNION ALL SELECT 'minhash_fast', 16, 8, id, unnest(minhash_bands(fast, 16, 8)) FROM sigs
UNION ALL SELECT 'minhash_fast', 13, 7, id, unnest(minhash_bands(fast, 13, 7)) FROM sigs;

CREATE TABLE candidates AS
SELECT DISTINCT x.signature, x.bands, x.rows, x.id AS a, y.id AS b
FROM keys x JOIN keys y
  ON x.signature = y.signature AND x.bands = y.bands AND x.k = y.k AND x.id < y.id;

CREATE TABLE scored AS
SELECT c.signature, c.bands, c.rows, c.a, c.b,
       t.a IS NOT NULL AS true_pair,
       minhash_jaccard(CASE WHEN c.signature = 'minhash' THEN sa.classic ELSE sa.fast END,
                       CASE WHEN c.signature = 'minhash' THEN sb.classic ELSE sb.fast END) >= 0.8 AS verified
FROM candidates c
JOIN sigs sa ON sa.id = c.a
JOIN sigs sb ON sb.id = c.b
LEFT JOIN truth t ON t.a = c.a AND t.b = c.b;

SELECT signature, bands || ' x ' || rows AS lsh,
       count(*) AS candidates,
       round(avg(CAST(true_pair AS DOUBLE)), 3) AS raw_precision,
       round(sum(CAST(true_pair AS DOUBLE)) / (SELECT count(*) FROM truth), 3) AS raw_recall,
       count(*) FILTER (WHERE verified) AS verified,
       round(sum(CAST(true_pair AND verified AS DOUBLE)) / count(*) FILTER (WHERE verified), 3) AS verified_precision,
       round(sum(CAST(true_pair AND verified AS DOUBLE)) / (SELECT count(*) FROM truth), 3) AS verified_recall
FROM scored
GROUP BY signature, bands, rows
ORDER BY bands, rows, signature;

-- near_duplicates with exact verification (its default bands for that: 13 x 7): recall of the
-- truth pairs (both in one cluster) and precision of the pairs it links.
CREATE TABLE clusters AS
SELECT * FROM near_duplicates('SELECT id, text FROM read_parquet(''${corpus}'')', 'id', 'text', 0.8, 128, 5, 'exact');

CREATE TABLE links AS
SELECT * FROM near_duplicate_pairs('SELECT id, text FROM read_parquet(''${corpus}'')', 'id', 'text', 0.8, 128, 5, 'exact');

SELECT
  (SELECT count(*) FROM truth) AS truth_pairs,
  (SELECT count(*) FROM truth t JOIN clusters x ON x.id = t.a JOIN clusters y ON y.id = t.b
   WHERE x.cluster_id = y.cluster_id) AS found,
  (SELECT count(*) FROM links) AS links,
  (SELECT count(*) FROM links l JOIN truth t ON t.a = l.id_a AND t.b = l.id_b) AS true_links,
  (SELECT count(*) FROM clusters WHERE NOT keep) AS removed;
