-- train_domain_classifier.sql: train a fastText topic (or format, or quality) classifier from a
-- labelled table, measure it on held-out rows, save it, and tag a corpus with it.
--
--   siftql -f queries/train_domain_classifier.sql
--   siftql -f queries/train_domain_classifier.sql --set labelled='labels/*.parquet' \
--       --set label_column=topic --set corpus='crawl/*.parquet' --set model=topic.ftz
--
-- The labelled rows are split 80/20 by a hash of the text (deterministic, and a text never lands
-- in both parts). The default input is siftql's synthetic corpus, labelled by its document kind
-- (prose, code, spam, …), so the recipe runs as is; for topics use e.g. WebOrganizer's 24 topic
-- names (SELECT * FROM domain_labels('weborganizer_topics')) on LLM-annotated pages. The options
-- are fastText's (supervised defaults, thread=1): bigrams and 25 epochs suit short labelled pages,
-- quantize=true writes a small .ftz. Writes the model to ${model} and the tagged corpus to
-- ${output}; prints held-out accuracy per label and the corpus's label mixture.

\set labelled 'synthetic:3000:11'
\set label_column kind
\set text_column text
\set corpus 'synthetic:2000:12'
\set options 'epoch=25, lr=0.5, dim=50, wordNgrams=2, quantize=true, cutoff=50000, qnorm=true'
\set model 'domain_classifier.ftz'
\set output 'tagged.parquet'

CREATE VIEW labelled AS
SELECT CAST(${label_column} AS VARCHAR) AS label, ${text_column} AS text,
       text_hash(${text_column}, false) % 5 = 0 AS held_out
FROM read_corpus('${labelled}')
WHERE ${label_column} IS NOT NULL AND ${text_column} IS NOT NULL;

CREATE TABLE classifier AS SELECT ft_train(label, text, '${options}') AS model FROM labelled WHERE NOT held_out;

-- Held-out accuracy per label (precision of the predicted label would be a GROUP BY predicted).
SELECT label, count(*) AS documents,
       round(avg(CASE WHEN ft_label((SELECT model FROM classifier), text) = label THEN 1.0 ELSE 0.0 END), 3) AS accuracy
FROM labelled WHERE held_out
GROUP BY label ORDER BY label;

SELECT ft_save(model, '${model}') AS model_bytes FROM classifier;

COPY (
  SELECT c.*, p[1]['label'] AS domain, p[1]['prob'] AS domain_prob
  FROM (SELECT *, ft_predict('${model}', ${text_column}, 1) AS p FROM read_corpus('${corpus}')) c
) TO '${output}';

-- The corpus's mixture by predicted label.
SELECT domain, count(*) AS documents, round(avg(domain_prob), 3) AS mean_prob
FROM read_parquet('${output}') GROUP BY domain ORDER BY documents DESC, domain;
