-- Segmenter model (method kmeans, 2 segments) as SQL for duckdb.
-- Nearest centroid after the model's preparation, in 32-bit float steps like the core.
-- Returns one row per input row: id, segment (1..2) and segment_name, as `segmenter apply` would.
WITH
seg_in AS MATERIALIZED (
  SELECT seg_t."customer_id" AS seg_id,
    COALESCE(TRY_CAST(seg_t."Umsatz ""MRR"" (€)" AS DOUBLE), TRY_CAST(trim(CAST(seg_t."Umsatz ""MRR"" (€)" AS VARCHAR), ' 	') AS DOUBLE), CASE lower(trim(CAST(seg_t."Umsatz ""MRR"" (€)" AS VARCHAR), ' 	')) WHEN 'true' THEN CAST('1.0' AS DOUBLE) WHEN 'yes' THEN CAST('1.0' AS DOUBLE) WHEN 'ja' THEN CAST('1.0' AS DOUBLE) WHEN 'y' THEN CAST('1.0' AS DOUBLE) WHEN 'wahr' THEN CAST('1.0' AS DOUBLE) WHEN 't' THEN CAST('1.0' AS DOUBLE) WHEN 'j' THEN CAST('1.0' AS DOUBLE) WHEN 'false' THEN CAST('0.0' AS DOUBLE) WHEN 'no' THEN CAST('0.0' AS DOUBLE) WHEN 'nein' THEN CAST('0.0' AS DOUBLE) WHEN 'n' THEN CAST('0.0' AS DOUBLE) WHEN 'falsch' THEN CAST('0.0' AS DOUBLE) WHEN 'f' THEN CAST('0.0' AS DOUBLE) END) AS c1,
    seg_t."owner" AS c2
  FROM "shop"."customers" AS seg_t
),
seg_clip AS MATERIALIZED (
  SELECT seg_id,
    CASE WHEN COALESCE(c1, CAST('950.5' AS DOUBLE)) < CAST('10.0' AS DOUBLE) THEN CAST('10.0' AS DOUBLE) WHEN CAST('30000.0' AS DOUBLE) < COALESCE(c1, CAST('950.5' AS DOUBLE)) THEN CAST('30000.0' AS DOUBLE) ELSE COALESCE(c1, CAST('950.5' AS DOUBLE)) END AS v1,
    CASE WHEN COALESCE(c2, 'O''Brien') IN ('O''Brien') THEN CAST('1.0' AS DOUBLE) ELSE CAST('0.0' AS DOUBLE) END AS v2,
    CASE WHEN COALESCE(c2, 'O''Brien') IN ('back\slash') THEN CAST('1.0' AS DOUBLE) WHEN COALESCE(c2, 'O''Brien') IN ('O''Brien') THEN CAST('0.0' AS DOUBLE) ELSE CAST('1.0' AS DOUBLE) END AS v3
  FROM seg_in
),
seg_pos AS MATERIALIZED (
  SELECT seg_id,
    CASE WHEN v1 < CAST('0.0' AS DOUBLE) THEN CAST('0.0' AS DOUBLE) ELSE v1 END AS v1,
    v2,
    v3
  FROM seg_clip
),
seg_prep AS MATERIALIZED (
  SELECT seg_id,
    (((CASE WHEN (CAST('1.0' AS DOUBLE) + v1) = CAST('1.0' AS DOUBLE) THEN v1 ELSE LN(CAST('1.0' AS DOUBLE) + v1) * v1 / ((CAST('1.0' AS DOUBLE) + v1) - CAST('1.0' AS DOUBLE)) END) - CAST('6.5' AS DOUBLE)) / CAST('1.25' AS DOUBLE)) * CAST('2.0' AS DOUBLE) AS t1,
    ((v2) - CAST('0.40000000000000002' AS DOUBLE)) / CAST('0.69999999999999996' AS DOUBLE) AS t2,
    ((v3) - CAST('0.40000000000000002' AS DOUBLE)) / CAST('0.69999999999999996' AS DOUBLE) AS t3
  FROM seg_pos
),
seg_x AS MATERIALIZED (
  SELECT seg_id,
    ((t1) * CAST('536870913.0' AS DOUBLE) - ((t1) * CAST('536870913.0' AS DOUBLE) - (t1))) AS x1,
    ((t2) * CAST('536870913.0' AS DOUBLE) - ((t2) * CAST('536870913.0' AS DOUBLE) - (t2))) AS x2,
    ((t3) * CAST('536870913.0' AS DOUBLE) - ((t3) * CAST('536870913.0' AS DOUBLE) - (t3))) AS x3
  FROM seg_prep
),
seg_diff AS MATERIALIZED (
  SELECT seg_id,
    ((x1 - (CAST('-1.0' AS DOUBLE))) * CAST('536870913.0' AS DOUBLE) - ((x1 - (CAST('-1.0' AS DOUBLE))) * CAST('536870913.0' AS DOUBLE) - (x1 - (CAST('-1.0' AS DOUBLE))))) AS a1_1,
    ((x2 - CAST('0.5' AS DOUBLE)) * CAST('536870913.0' AS DOUBLE) - ((x2 - CAST('0.5' AS DOUBLE)) * CAST('536870913.0' AS DOUBLE) - (x2 - CAST('0.5' AS DOUBLE)))) AS a1_2,
    ((x3 - CAST('0.25' AS DOUBLE)) * CAST('536870913.0' AS DOUBLE) - ((x3 - CAST('0.25' AS DOUBLE)) * CAST('536870913.0' AS DOUBLE) - (x3 - CAST('0.25' AS DOUBLE)))) AS a1_3,
    ((x1 - CAST('1.0' AS DOUBLE)) * CAST('536870913.0' AS DOUBLE) - ((x1 - CAST('1.0' AS DOUBLE)) * CAST('536870913.0' AS DOUBLE) - (x1 - CAST('1.0' AS DOUBLE)))) AS a2_1,
    ((x2 - (CAST('-0.5' AS DOUBLE))) * CAST('536870913.0' AS DOUBLE) - ((x2 - (CAST('-0.5' AS DOUBLE))) * CAST('536870913.0' AS DOUBLE) - (x2 - (CAST('-0.5' AS DOUBLE))))) AS a2_2,
    ((x3 - CAST('0.125' AS DOUBLE)) * CAST('536870913.0' AS DOUBLE) - ((x3 - CAST('0.125' AS DOUBLE)) * CAST('536870913.0' AS DOUBLE) - (x3 - CAST('0.125' AS DOUBLE)))) AS a2_3
  FROM seg_x
),
seg_sq AS MATERIALIZED (
  SELECT seg_id,
    ((a1_1 * a1_1) * CAST('536870913.0' AS DOUBLE) - ((a1_1 * a1_1) * CAST('536870913.0' AS DOUBLE) - (a1_1 * a1_1))) AS s1,
    ((a1_2 * a1_2) * CAST('536870913.0' AS DOUBLE) - ((a1_2 * a1_2) * CAST('536870913.0' AS DOUBLE) - (a1_2 * a1_2))) AS q1_2,
    ((a1_3 * a1_3) * CAST('536870913.0' AS DOUBLE) - ((a1_3 * a1_3) * CAST('536870913.0' AS DOUBLE) - (a1_3 * a1_3))) AS q1_3,
    ((a2_1 * a2_1) * CAST('536870913.0' AS DOUBLE) - ((a2_1 * a2_1) * CAST('536870913.0' AS DOUBLE) - (a2_1 * a2_1))) AS s2,
    ((a2_2 * a2_2) * CAST('536870913.0' AS DOUBLE) - ((a2_2 * a2_2) * CAST('536870913.0' AS DOUBLE) - (a2_2 * a2_2))) AS q2_2,
    ((a2_3 * a2_3) * CAST('536870913.0' AS DOUBLE) - ((a2_3 * a2_3) * CAST('536870913.0' AS DOUBLE) - (a2_3 * a2_3))) AS q2_3
  FROM seg_diff
),
seg_sum2 AS MATERIALIZED (
  SELECT seg_id,
    ((s1 + q1_2) * CAST('536870913.0' AS DOUBLE) - ((s1 + q1_2) * CAST('536870913.0' AS DOUBLE) - (s1 + q1_2))) AS s1,
    q1_3,
    ((s2 + q2_2) * CAST('536870913.0' AS DOUBLE) - ((s2 + q2_2) * CAST('536870913.0' AS DOUBLE) - (s2 + q2_2))) AS s2,
    q2_3
  FROM seg_sq
),
seg_sum3 AS MATERIALIZED (
  SELECT seg_id,
    ((s1 + q1_3) * CAST('536870913.0' AS DOUBLE) - ((s1 + q1_3) * CAST('536870913.0' AS DOUBLE) - (s1 + q1_3))) AS s1,
    ((s2 + q2_3) * CAST('536870913.0' AS DOUBLE) - ((s2 + q2_3) * CAST('536870913.0' AS DOUBLE) - (s2 + q2_3))) AS s2
  FROM seg_sum2
)
SELECT seg_id AS "customer_id", segment, CASE segment WHEN 1 THEN 'Small "accounts"' WHEN 2 THEN 'Big accounts' END AS segment_name
FROM (
  SELECT seg_id, CASE
    WHEN s1 <= s2 THEN 1
    ELSE 2 END AS segment
  FROM seg_sum3
) seg_labels;
