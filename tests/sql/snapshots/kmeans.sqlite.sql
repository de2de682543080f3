-- Segmenter model (method kmeans, 2 segments) as SQL for sqlite.
-- Nearest centroid after the model's preparation, in 32-bit float steps like the core.
-- Returns one row per input row: id, segment (1..2) and segment_name, as `segmenter apply` would.
WITH
seg_in AS MATERIALIZED (
  SELECT seg_t."customer_id" AS seg_id,
    CASE WHEN typeof(seg_t."Umsatz ""MRR"" (€)") IN ('integer', 'real') THEN CAST(seg_t."Umsatz ""MRR"" (€)" AS REAL) WHEN CAST(trim(seg_t."Umsatz ""MRR"" (€)", ' 	') AS REAL) = trim(seg_t."Umsatz ""MRR"" (€)", ' 	') THEN CAST(trim(seg_t."Umsatz ""MRR"" (€)", ' 	') AS REAL) ELSE CASE lower(trim(seg_t."Umsatz ""MRR"" (€)", ' 	')) WHEN 'true' THEN 1.0 WHEN 'yes' THEN 1.0 WHEN 'ja' THEN 1.0 WHEN 'y' THEN 1.0 WHEN 'wahr' THEN 1.0 WHEN 't' THEN 1.0 WHEN 'j' THEN 1.0 WHEN 'false' THEN 0.0 WHEN 'no' THEN 0.0 WHEN 'nein' THEN 0.0 WHEN 'n' THEN 0.0 WHEN 'falsch' THEN 0.0 WHEN 'f' THEN 0.0 END END AS c1,
    seg_t."owner" AS c2
  FROM "shop"."customers" AS seg_t
),
seg_clip AS MATERIALIZED (
  SELECT seg_id,
    CASE WHEN COALESCE(c1, 950.5) < 10.0 THEN 10.0 WHEN 30000.0 < COALESCE(c1, 950.5) THEN 30000.0 ELSE COALESCE(c1, 950.5) END AS v1,
    CASE WHEN COALESCE(c2, 'O''Brien') IN ('O''Brien') THEN 1.0 ELSE 0.0 END AS v2,
    CASE WHEN COALESCE(c2, 'O''Brien') IN ('back\slash') THEN 1.0 WHEN COALESCE(c2, 'O''Brien') IN ('O''Brien') THEN 0.0 ELSE 1.0 END AS v3
  FROM seg_in
),
seg_pos AS MATERIALIZED (
  SELECT seg_id,
    CASE WHEN v1 < 0.0 THEN 0.0 ELSE v1 END AS v1,
    v2,
    v3
  FROM seg_clip
),
seg_prep AS MATERIALIZED (
  SELECT seg_id,
    (((CASE WHEN (1.0 + v1) = 1.0 THEN v1 ELSE LN(1.0 + v1) * v1 / ((1.0 + v1) - 1.0) END) - 6.5) / 1.25) * 2.0 AS t1,
    ((v2) - 0.40000000000000002) / 0.69999999999999996 AS t2,
    ((v3) - 0.40000000000000002) / 0.69999999999999996 AS t3
  FROM seg_pos
),
seg_x AS MATERIALIZED (
  SELECT seg_id,
    ((t1) * 536870913.0 - ((t1) * 536870913.0 - (t1))) AS x1,
    ((t2) * 536870913.0 - ((t2) * 536870913.0 - (t2))) AS x2,
    ((t3) * 536870913.0 - ((t3) * 536870913.0 - (t3))) AS x3
  FROM seg_prep
),
seg_diff AS MATERIALIZED (
  SELECT seg_id,
    ((x1 - (-1.0)) * 536870913.0 - ((x1 - (-1.0)) * 536870913.0 - (x1 - (-1.0)))) AS a1_1,
    ((x2 - 0.5) * 536870913.0 - ((x2 - 0.5) * 536870913.0 - (x2 - 0.5))) AS a1_2,
    ((x3 - 0.25) * 536870913.0 - ((x3 - 0.25) * 536870913.0 - (x3 - 0.25))) AS a1_3,
    ((x1 - 1.0) * 536870913.0 - ((x1 - 1.0) * 536870913.0 - (x1 - 1.0))) AS a2_1,
    ((x2 - (-0.5)) * 536870913.0 - ((x2 - (-0.5)) * 536870913.0 - (x2 - (-0.5)))) AS a2_2,
    ((x3 - 0.125) * 536870913.0 - ((x3 - 0.125) * 536870913.0 - (x3 - 0.125))) AS a2_3
  FROM seg_x
),
seg_sq AS MATERIALIZED (
  SELECT seg_id,
    ((a1_1 * a1_1) * 536870913.0 - ((a1_1 * a1_1) * 536870913.0 - (a1_1 * a1_1))) AS s1,
    ((a1_2 * a1_2) * 536870913.0 - ((a1_2 * a1_2) * 536870913.0 - (a1_2 * a1_2))) AS q1_2,
    ((a1_3 * a1_3) * 536870913.0 - ((a1_3 * a1_3) * 536870913.0 - (a1_3 * a1_3))) AS q1_3,
    ((a2_1 * a2_1) * 536870913.0 - ((a2_1 * a2_1) * 536870913.0 - (a2_1 * a2_1))) AS s2,
    ((a2_2 * a2_2) * 536870913.0 - ((a2_2 * a2_2) * 536870913.0 - (a2_2 * a2_2))) AS q2_2,
    ((a2_3 * a2_3) * 536870913.0 - ((a2_3 * a2_3) * 536870913.0 - (a2_3 * a2_3))) AS q2_3
  FROM seg_diff
),
seg_sum2 AS MATERIALIZED (
  SELECT seg_id,
    ((s1 + q1_2) * 536870913.0 - ((s1 + q1_2) * 536870913.0 - (s1 + q1_2))) AS s1,
    q1_3,
    ((s2 + q2_2) * 536870913.0 - ((s2 + q2_2) * 536870913.0 - (s2 + q2_2))) AS s2,
    q2_3
  FROM seg_sq
),
seg_sum3 AS MATERIALIZED (
  SELECT seg_id,
    ((s1 + q1_3) * 536870913.0 - ((s1 + q1_3) * 536870913.0 - (s1 + q1_3))) AS s1,
    ((s2 + q2_3) * 536870913.0 - ((s2 + q2_3) * 536870913.0 - (s2 + q2_3))) AS s2
  FROM seg_sum2
)
SELECT seg_id AS "customer_id", segment, CASE segment WHEN 1 THEN 'Small "accounts"' WHEN 2 THEN 'Big accounts' END AS segment_name
FROM (
  SELECT seg_id, CASE
    WHEN s1 <= s2 THEN 1
    ELSE 2 END AS segment
  FROM seg_sum3
) seg_labels;
