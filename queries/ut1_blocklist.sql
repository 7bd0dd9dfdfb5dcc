-- ut1_blocklist.sql: RedPajama-V2's rps_doc_ut1_blacklist as a join. The official code
-- looks each document's domain up, exactly (no sub-domain walk), in a map from domain to
-- the UT1 blacklist categories that list it (Université Toulouse Capitole, CC BY-SA 4.0;
-- RedPajama-V2 uses adult, agressif, arjel, chat, dating, ddos, filehosting, gambling,
-- mixed_adult, phishing, violence, ...). Here the map is a table you load, one row per
-- (domain, category); the result lists each listed document's categories, sorted (the
-- reference stores an integer id of that combination).
--
--   siftql -f queries/ut1_blocklist.sql --set input=docs.parquet --set ut1=ut1_domains.csv
--
-- A UT1 download is a folder per category with a `domains` file; turn it into the CSV
-- with:  for c in */; do sed "s/\$/,${c%/}/" "$c/domains"; done | sed '1i domain,category'

\set input 'synthetic:2000:42'
\set ut1 'queries/data/ut1_sample.csv'
\set id_column id
\set url_column url

CREATE EXTERNAL TABLE ut1 STORED AS CSV LOCATION '${ut1}' OPTIONS ('format.has_header' 'true');

CREATE VIEW corpus AS SELECT * FROM read_corpus('${input}');

CREATE TABLE ut1_tags AS
SELECT d.id, array_sort(array_agg(ut1.category)) AS ut1_categories
FROM (
  SELECT ${id_column} AS id, lower(regexp_replace(${url_column}, '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#:@]*@)?([^/?#:]+).*$', '${2}')) AS domain
  FROM corpus
) d
JOIN ut1 ON ut1.domain = d.domain
GROUP BY d.id;

SELECT array_to_string(ut1_categories, '+') AS ut1_categories, count(*) AS documents
FROM ut1_tags GROUP BY 1 ORDER BY documents DESC, 1;
