-- Segmenter model (method rules, 3 segments) as SQL for postgres.
-- Rule groups: each column's level or band, then the group of the combination (NULL if unseen in training).
-- Returns one row per input row: id, segment (1..3) and segment_name, as `segmenter apply` would.
WITH
seg_in AS MATERIALIZED (
  SELECT seg_t."account" AS seg_id,
    seg_t."plan" AS c1,
    CASE WHEN btrim(CAST(seg_t."churned" AS TEXT), ' 	') ~ '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$' THEN CAST(btrim(CAST(seg_t."churned" AS TEXT), ' 	') AS DOUBLE PRECISION) ELSE CASE lower(btrim(CAST(seg_t."churned" AS TEXT), ' 	')) WHEN 'true' THEN 1.0::float8 WHEN 'yes' THEN 1.0::float8 WHEN 'ja' THEN 1.0::float8 WHEN 'y' THEN 1.0::float8 WHEN 'wahr' THEN 1.0::float8 WHEN 't' THEN 1.0::float8 WHEN 'j' THEN 1.0::float8 WHEN 'false' THEN 0.0::float8 WHEN 'no' THEN 0.0::float8 WHEN 'nein' THEN 0.0::float8 WHEN 'n' THEN 0.0::float8 WHEN 'falsch' THEN 0.0::float8 WHEN 'f' THEN 0.0::float8 END END AS c2,
    CASE WHEN btrim(CAST(seg_t."mrr" AS TEXT), ' 	') ~ '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$' THEN CAST(btrim(CAST(seg_t."mrr" AS TEXT), ' 	') AS DOUBLE PRECISION) ELSE CASE lower(btrim(CAST(seg_t."mrr" AS TEXT), ' 	')) WHEN 'true' THEN 1.0::float8 WHEN 'yes' THEN 1.0::float8 WHEN 'ja' THEN 1.0::float8 WHEN 'y' THEN 1.0::float8 WHEN 'wahr' THEN 1.0::float8 WHEN 't' THEN 1.0::float8 WHEN 'j' THEN 1.0::float8 WHEN 'false' THEN 0.0::float8 WHEN 'no' THEN 0.0::float8 WHEN 'nein' THEN 0.0::float8 WHEN 'n' THEN 0.0::float8 WHEN 'falsch' THEN 0.0::float8 WHEN 'f' THEN 0.0::float8 END END AS c3,
    CASE WHEN btrim(CAST(seg_t."seats" AS TEXT), ' 	') ~ '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$' THEN CAST(btrim(CAST(seg_t."seats" AS TEXT), ' 	') AS DOUBLE PRECISION) ELSE CASE lower(btrim(CAST(seg_t."seats" AS TEXT), ' 	')) WHEN 'true' THEN 1.0::float8 WHEN 'yes' THEN 1.0::float8 WHEN 'ja' THEN 1.0::float8 WHEN 'y' THEN 1.0::float8 WHEN 'wahr' THEN 1.0::float8 WHEN 't' THEN 1.0::float8 WHEN 'j' THEN 1.0::float8 WHEN 'false' THEN 0.0::float8 WHEN 'no' THEN 0.0::float8 WHEN 'nein' THEN 0.0::float8 WHEN 'n' THEN 0.0::float8 WHEN 'falsch' THEN 0.0::float8 WHEN 'f' THEN 0.0::float8 END END AS c4
  FROM "shop"."customers" AS seg_t
),
seg_levels AS MATERIALIZED (
  SELECT seg_id,
    CASE WHEN c1 IS NULL THEN -1 WHEN c1 = 'Basic' THEN 0 WHEN c1 = 'Pro''s' THEN 1 ELSE -2 END AS l1,
    CASE WHEN c2 IS NULL THEN -1 WHEN c2 <> 0.0::float8 THEN 1 ELSE 0 END AS l2,
    CASE WHEN c3 IS NULL THEN -1 WHEN c3 < 100.0::float8 THEN 0 WHEN c3 >= 100.0::float8 THEN 1 ELSE -2 END AS l3,
    CASE WHEN c4 IS NULL THEN -1 WHEN c4 = 1.0::float8 THEN 0 WHEN c4 = 2.5::float8 THEN 1 ELSE -2 END AS l4
  FROM seg_in
)
SELECT seg_id AS "account", segment, CASE segment WHEN 1 THEN 'Basic · no' WHEN 2 THEN 'Pro''s · yes' WHEN 3 THEN 'other' END AS segment_name
FROM (
  SELECT seg_id, CASE
    WHEN l1 = 0 AND l2 = 0 AND l3 = 0 AND l4 = 0 THEN 1
    WHEN l1 = 1 AND l2 = 1 AND l3 = 1 AND l4 = 1 THEN 2
    WHEN l1 = (-1) AND l2 = 0 AND l3 = 1 AND l4 = 0 THEN 3
    END AS segment
  FROM seg_levels
) seg_labels;
