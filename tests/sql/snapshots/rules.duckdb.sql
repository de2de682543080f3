-- Segmenter model (method rules, 3 segments) as SQL for duckdb.
-- Rule groups: each column's level or band, then the group of the combination (NULL if unseen in training).
-- Returns one row per input row: id, segment (1..3) and segment_name, as `segmenter apply` would.
WITH
seg_in AS MATERIALIZED (
  SELECT seg_t."account" AS seg_id,
    seg_t."plan" AS c1,
    COALESCE(TRY_CAST(seg_t."churned" AS DOUBLE), TRY_CAST(trim(CAST(seg_t."churned" AS VARCHAR), ' 	') AS DOUBLE), CASE lower(trim(CAST(seg_t."churned" AS VARCHAR), ' 	')) WHEN 'true' THEN CAST('1.0' AS DOUBLE) WHEN 'yes' THEN CAST('1.0' AS DOUBLE) WHEN 'ja' THEN CAST('1.0' AS DOUBLE) WHEN 'y' THEN CAST('1.0' AS DOUBLE) WHEN 'wahr' THEN CAST('1.0' AS DOUBLE) WHEN 't' THEN CAST('1.0' AS DOUBLE) WHEN 'j' THEN CAST('1.0' AS DOUBLE) WHEN 'false' THEN CAST('0.0' AS DOUBLE) WHEN 'no' THEN CAST('0.0' AS DOUBLE) WHEN 'nein' THEN CAST('0.0' AS DOUBLE) WHEN 'n' THEN CAST('0.0' AS DOUBLE) WHEN 'falsch' THEN CAST('0.0' AS DOUBLE) WHEN 'f' THEN CAST('0.0' AS DOUBLE) END) AS c2,
    COALESCE(TRY_CAST(seg_t."mrr" AS DOUBLE), TRY_CAST(trim(CAST(seg_t."mrr" AS VARCHAR), ' 	') AS DOUBLE), CASE lower(trim(CAST(seg_t."mrr" AS VARCHAR), ' 	')) WHEN 'true' THEN CAST('1.0' AS DOUBLE) WHEN 'yes' THEN CAST('1.0' AS DOUBLE) WHEN 'ja' THEN CAST('1.0' AS DOUBLE) WHEN 'y' THEN CAST('1.0' AS DOUBLE) WHEN 'wahr' THEN CAST('1.0' AS DOUBLE) WHEN 't' THEN CAST('1.0' AS DOUBLE) WHEN 'j' THEN CAST('1.0' AS DOUBLE) WHEN 'false' THEN CAST('0.0' AS DOUBLE) WHEN 'no' THEN CAST('0.0' AS DOUBLE) WHEN 'nein' THEN CAST('0.0' AS DOUBLE) WHEN 'n' THEN CAST('0.0' AS DOUBLE) WHEN 'falsch' THEN CAST('0.0' AS DOUBLE) WHEN 'f' THEN CAST('0.0' AS DOUBLE) END) AS c3,
    COALESCE(TRY_CAST(seg_t."seats" AS DOUBLE), TRY_CAST(trim(CAST(seg_t."seats" AS VARCHAR), ' 	') AS DOUBLE), CASE lower(trim(CAST(seg_t."seats" AS VARCHAR), ' 	')) WHEN 'true' THEN CAST('1.0' AS DOUBLE) WHEN 'yes' THEN CAST('1.0' AS DOUBLE) WHEN 'ja' THEN CAST('1.0' AS DOUBLE) WHEN 'y' THEN CAST('1.0' AS DOUBLE) WHEN 'wahr' THEN CAST('1.0' AS DOUBLE) WHEN 't' THEN CAST('1.0' AS DOUBLE) WHEN 'j' THEN CAST('1.0' AS DOUBLE) WHEN 'false' THEN CAST('0.0' AS DOUBLE) WHEN 'no' THEN CAST('0.0' AS DOUBLE) WHEN 'nein' THEN CAST('0.0' AS DOUBLE) WHEN 'n' THEN CAST('0.0' AS DOUBLE) WHEN 'falsch' THEN CAST('0.0' AS DOUBLE) WHEN 'f' THEN CAST('0.0' AS DOUBLE) END) AS c4
  FROM "shop"."customers" AS seg_t
),
seg_levels AS MATERIALIZED (
  SELECT seg_id,
    CASE WHEN c1 IS NULL THEN -1 WHEN c1 = 'Basic' THEN 0 WHEN c1 = 'Pro''s' THEN 1 ELSE -2 END AS l1,
    CASE WHEN c2 IS NULL THEN -1 WHEN c2 <> CAST('0.0' AS DOUBLE) THEN 1 ELSE 0 END AS l2,
    CASE WHEN c3 IS NULL THEN -1 WHEN c3 < CAST('100.0' AS DOUBLE) THEN 0 WHEN c3 >= CAST('100.0' AS DOUBLE) THEN 1 ELSE -2 END AS l3,
    CASE WHEN c4 IS NULL THEN -1 WHEN c4 = CAST('1.0' AS DOUBLE) THEN 0 WHEN c4 = CAST('2.5' AS DOUBLE) THEN 1 ELSE -2 END AS l4
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
