-- Segmenter model (method kmeans, 2 segments) as SQL for postgres.
-- Nearest centroid after the model's preparation, in 32-bit float steps like the core.
-- Returns one row per input row: id, segment (1..2) and segment_name, as `segmenter apply` would.
WITH
seg_in AS MATERIALIZED (
  SELECT seg_t."customer_id" AS seg_id,
    CASE WHEN btrim(CAST(seg_t."Umsatz ""MRR"" (€)" AS TEXT), ' 	') ~ '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$' THEN CAST(btrim(CAST(seg_t."Umsatz ""MRR"" (€)" AS TEXT), ' 	') AS DOUBLE PRECISION) ELSE CASE lower(btrim(CAST(seg_t."Umsatz ""MRR"" (€)" AS TEXT), ' 	')) WHEN 'true' THEN 1.0::float8 WHEN 'yes' THEN 1.0::float8 WHEN 'ja' THEN 1.0::float8 WHEN 'y' THEN 1.0::float8 WHEN 'wahr' THEN 1.0::float8 WHEN 't' THEN 1.0::float8 WHEN 'j' THEN 1.0::float8 WHEN 'false' THEN 0.0::float8 WHEN 'no' THEN 0.0::float8 WHEN 'nein' THEN 0.0::float8 WHEN 'n' THEN 0.0::float8 WHEN 'falsch' THEN 0.0::float8 WHEN 'f' THEN 0.0::float8 END END AS c1,
    seg_t."owner" AS c2
  FROM "shop"."customers" AS seg_t
),
seg_clip AS MATERIALIZED (
  SELECT seg_id,
    CASE WHEN COALESCE(c1, 950.5::float8) < 10.0::float8 THEN 10.0::float8 WHEN 30000.0::float8 < COALESCE(c1, 950.5::float8) THEN 30000.0::float8 ELSE COALESCE(c1, 950.5::float8) END AS v1,
    CASE WHEN COALESCE(c2, 'O''Brien') IN ('O''Brien') THEN 1.0::float8 ELSE 0.0::float8 END AS v2,
    CASE WHEN COALESCE(c2, 'O''Brien') IN ('back\slash') THEN 1.0::float8 WHEN COALESCE(c2, 'O''Brien') IN ('O''Brien') THEN 0.0::float8 ELSE 1.0::float8 END AS v3
  FROM seg_in
),
seg_pos AS MATERIALIZED (
  SELECT seg_id,
    CASE WHEN v1 < 0.0::float8 THEN 0.0::float8 ELSE v1 END AS v1,
    v2,
    v3
  FROM seg_clip
),
seg_prep AS MATERIALIZED (
  SELECT seg_id,
    (((CASE WHEN (1.0::float8 + v1) = 1.0::float8 THEN v1 ELSE LN(1.0::float8 + v1) * v1 / ((1.0::float8 + v1) - 1.0::float8) END) - 6.5::float8) / 1.25::float8) * 2.0::float8 AS t1,
    ((v2) - 0.40000000000000002::float8) / 0.69999999999999996::float8 AS t2,
    ((v3) - 0.40000000000000002::float8) / 0.69999999999999996::float8 AS t3
  FROM seg_pos
),
seg_x AS MATERIALIZED (
  SELECT seg_id,
    ((t1) * 536870913.0::float8 - ((t1) * 536870913.0::float8 - (t1))) AS x1,
    ((t2) * 536870913.0::float8 - ((t2) * 536870913.0::float8 - (t2))) AS x2,
    ((t3) * 536870913.0::float8 - ((t3) * 536870913.0::float8 - (t3))) AS x3
  FROM seg_prep
),
seg_diff AS MATERIALIZED (
  SELECT seg_id,
    ((x1 - (-1.0::float8)) * 536870913.0::float8 - ((x1 - (-1.0::float8)) * 536870913.0::float8 - (x1 - (-1.0::float8)))) AS a1_1,
    ((x2 - 0.5::float8) * 536870913.0::float8 - ((x2 - 0.5::float8) * 536870913.0::float8 - (x2 - 0.5::float8))) AS a1_2,
    ((x3 - 0.25::float8) * 536870913.0::float8 - ((x3 - 0.25::float8) * 536870913.0::float8 - (x3 - 0.25::float8))) AS a1_3,
    ((x1 - 1.0::float8) * 536870913.0::float8 - ((x1 - 1.0::float8) * 536870913.0::float8 - (x1 - 1.0::float8))) AS a2_1,
    ((x2 - (-0.5::float8)) * 536870913.0::float8 - ((x2 - (-0.5::float8)) * 536870913.0::float8 - (x2 - (-0.5::float8)))) AS a2_2,
    ((x3 - 0.125::float8) * 536870913.0::float8 - ((x3 - 0.125::float8) * 536870913.0::float8 - (x3 - 0.125::float8))) AS a2_3
  FROM seg_x
),
seg_sq AS MATERIALIZED (
  SELECT seg_id,
    ((a1_1 * a1_1) * 536870913.0::float8 - ((a1_1 * a1_1) * 536870913.0::float8 - (a1_1 * a1_1))) AS s1,
    ((a1_2 * a1_2) * 536870913.0::float8 - ((a1_2 * a1_2) * 536870913.0::float8 - (a1_2 * a1_2))) AS q1_2,
    ((a1_3 * a1_3) * 536870913.0::float8 - ((a1_3 * a1_3) * 536870913.0::float8 - (a1_3 * a1_3))) AS q1_3,
    ((a2_1 * a2_1) * 536870913.0::float8 - ((a2_1 * a2_1) * 536870913.0::float8 - (a2_1 * a2_1))) AS s2,
    ((a2_2 * a2_2) * 536870913.0::float8 - ((a2_2 * a2_2) * 536870913.0::float8 - (a2_2 * a2_2))) AS q2_2,
    ((a2_3 * a2_3) * 536870913.0::float8 - ((a2_3 * a2_3) * 536870913.0::float8 - (a2_3 * a2_3))) AS q2_3
  FROM seg_diff
),
seg_sum2 AS MATERIALIZED (
  SELECT seg_id,
    ((s1 + q1_2) * 536870913.0::float8 - ((s1 + q1_2) * 536870913.0::float8 - (s1 + q1_2))) AS s1,
    q1_3,
    ((s2 + q2_2) * 536870913.0::float8 - ((s2 + q2_2) * 536870913.0::float8 - (s2 + q2_2))) AS s2,
    q2_3
  FROM seg_sq
),
seg_sum3 AS MATERIALIZED (
  SELECT seg_id,
    ((s1 + q1_3) * 536870913.0::float8 - ((s1 + q1_3) * 536870913.0::float8 - (s1 + q1_3))) AS s1,
    ((s2 + q2_3) * 536870913.0::float8 - ((s2 + q2_3) * 536870913.0::float8 - (s2 + q2_3))) AS s2
  FROM seg_sum2
)
SELECT seg_id AS "customer_id", segment, CASE segment WHEN 1 THEN 'Small "accounts"' WHEN 2 THEN 'Big accounts' END AS segment_name
FROM (
  SELECT seg_id, CASE
    WHEN s1 <= s2 THEN 1
    ELSE 2 END AS segment
  FROM seg_sum3
) seg_labels;
