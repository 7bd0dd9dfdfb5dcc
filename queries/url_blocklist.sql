-- url_blocklist.sql: block-list tagging of documents by URL host, as a join.
--
--   siftql -f queries/url_blocklist.sql --set input=docs.parquet --set lists=/data/ut1/blacklists
--   siftql -f queries/url_blocklist.sql --set lists=/data/ut1/blacklists --set categories=adult,gambling
--
-- lists is a directory in the layout of the UT1 blacklists (Université Toulouse Capitole,
-- CC BY-SA 4.0; not shipped with siftql): <lists>/<category>/domains, one domain or IP address
-- per line. A document is tagged with a category when its URL's host is a listed domain or a
-- sub-domain of one (ads.example.com matches a listing of example.com, not the other way
-- round). The join is an equality join on the registered domain (url_parts' public-suffix
-- rules; the host itself for IP addresses and public suffixes), then the host-suffix test,
-- so it stays a hash join however long the lists are. A listed public suffix (co.uk) blocks
-- nothing. The default lists are a tiny test fixture.
-- Leaves the tags in table url_tags (id, categories); prints documents per combination of
-- categories and the number of tagged documents.

\set input 'synthetic:2000:42'
\set lists 'tests/data/ut1_mini'
\set categories ''
\set id_column id
\set url_column url

CREATE VIEW corpus AS SELECT * FROM read_corpus('${input}');

CREATE TABLE blocklist AS
SELECT category, domain, coalesce(p['registered_domain'], p['host']) AS join_key
FROM (SELECT category, domain, url_parts(domain) AS p FROM read_domain_lists('${lists}', '${categories}'));

CREATE TABLE url_tags AS
SELECT d.id, array_sort(array_agg(DISTINCT b.category)) AS categories
FROM (
  SELECT ${id_column} AS id, p['host'] AS host, coalesce(p['registered_domain'], p['host']) AS join_key
  FROM (SELECT ${id_column}, url_parts(${url_column}) AS p FROM corpus)
) d
JOIN blocklist b ON b.join_key = d.join_key
WHERE d.host = b.domain OR ends_with(d.host, '.' || b.domain)
GROUP BY d.id;

SELECT array_to_string(categories, '+') AS categories, count(*) AS documents
FROM url_tags GROUP BY 1 ORDER BY documents DESC, 1;

SELECT (SELECT count(*) FROM corpus) AS documents, (SELECT count(*) FROM url_tags) AS tagged;
