-- Segmenter model (method kmeans, 2 segments) as SQL for spark.
-- Nearest centroid after the model's preparation, in 32-bit float steps like the core.
-- Returns one row per input row: id, segment (1..2) and segment_name, as `segmenter apply` would.
WITH
seg_in AS (
  SELECT seg_t.`customer_id` AS seg_id,
    COALESCE(TRY_CAST(seg_t.`Umsatz "MRR" (€)` AS DOUBLE), CASE lower(trim(BOTH ' 	' FROM CAST(seg_t.`Umsatz "MRR" (€)` AS STRING))) WHEN 'true' THEN 1.0D WHEN 'yes' THEN 1.0D WHEN 'ja' THEN 1.0D WHEN 'y' THEN 1.0D WHEN 'wahr' THEN 1.0D WHEN 't' THEN 1.0D WHEN 'j' THEN 1.0D WHEN 'false' THEN 0.0D WHEN 'no' THEN 0.0D WHEN 'nein' THEN 0.0D WHEN 'n' THEN 0.0D WHEN 'falsch' THEN 0.0D WHEN 'f' THEN 0.0D END) AS c1,
    seg_t.`owner` AS c2
  FROM `shop`.`customers` AS seg_t
),
seg_clip AS (
  SELECT seg_id,
    CASE WHEN COALESCE(c1, 950.5D) < 10.0D THEN 10.0D WHEN 30000.0D < COALESCE(c1, 950.5D) THEN 30000.0D ELSE COALESCE(c1, 950.5D) END AS v1,
    CASE WHEN COALESCE(c2, 'O\'Brien') IN ('O\'Brien') THEN 1.0D ELSE 0.0D END AS v2,
    CASE WHEN COALESCE(c2, 'O\'Brien') IN ('back\\slash') THEN 1.0D WHEN COALESCE(c2, 'O\'Brien') IN ('O\'Brien') THEN 0.0D ELSE 1.0D END AS v3
  FROM seg_in
),
seg_pos AS (
  SELECT seg_id,
    CASE WHEN v1 < 0.0D THEN 0.0D ELSE v1 END AS v1,
    v2,
    v3
  FROM seg_clip
),
seg_prep AS (
  SELECT seg_id,
    (((CASE WHEN (1.0D + v1) = 1.0D THEN v1 ELSE LN(1.0D + v1) * v1 / ((1.0D + v1) - 1.0D) END) - 6.5D) / 1.25D) * 2.0D AS t1,
    ((v2) - 0.40000000000000002D) / 0.69999999999999996D AS t2,
    ((v3) - 0.40000000000000002D) / 0.69999999999999996D AS t3
  FROM seg_pos
),
seg_x AS (
  SELECT seg_id,
    ((t1) * 536870913.0D - ((t1) * 536870913.0D - (t1))) AS x1,
    ((t2) * 536870913.0D - ((t2) * 536870913.0D - (t2))) AS x2,
    ((t3) * 536870913.0D - ((t3) * 536870913.0D - (t3))) AS x3
  FROM seg_prep
),
seg_diff AS (
  SELECT seg_id,
    ((x1 - (-1.0D)) * 536870913.0D - ((x1 - (-1.0D)) * 536870913.0D - (x1 - (-1.0D)))) AS a1_1,
    ((x2 - 0.5D) * 536870913.0D - ((x2 - 0.5D) * 536870913.0D - (x2 - 0.5D))) AS a1_2,
    ((x3 - 0.25D) * 536870913.0D - ((x3 - 0.25D) * 536870913.0D - (x3 - 0.25D))) AS a1_3,
    ((x1 - 1.0D) * 536870913.0D - ((x1 - 1.0D) * 536870913.0D - (x1 - 1.0D))) AS a2_1,
    ((x2 - (-0.5D)) * 536870913.0D - ((x2 - (-0.5D)) * 536870913.0D - (x2 - (-0.5D)))) AS a2_2,
    ((x3 - 0.125D) * 536870913.0D - ((x3 - 0.125D) * 536870913.0D - (x3 - 0.125D))) AS a2_3
  FROM seg_x
),
seg_sq AS (
  SELECT seg_id,
    ((a1_1 * a1_1) * 536870913.0D - ((a1_1 * a1_1) * 536870913.0D - (a1_1 * a1_1))) AS s1,
    ((a1_2 * a1_2) * 536870913.0D - ((a1_2 * a1_2) * 536870913.0D - (a1_2 * a1_2))) AS q1_2,
    ((a1_3 * a1_3) * 536870913.0D - ((a1_3 * a1_3) * 536870913.0D - (a1_3 * a1_3))) AS q1_3,
    ((a2_1 * a2_1) * 536870913.0D - ((a2_1 * a2_1) * 536870913.0D - (a2_1 * a2_1))) AS s2,
    ((a2_2 * a2_2) * 536870913.0D - ((a2_2 * a2_2) * 536870913.0D - (a2_2 * a2_2))) AS q2_2,
    ((a2_3 * a2_3) * 536870913.0D - ((a2_3 * a2_3) * 536870913.0D - (a2_3 * a2_3))) AS q2_3
  FROM seg_diff
),
seg_sum2 AS (
  SELECT seg_id,
    ((s1 + q1_2) * 536870913.0D - ((s1 + q1_2) * 536870913.0D - (s1 + q1_2))) AS s1,
    q1_3,
    ((s2 + q2_2) * 536870913.0D - ((s2 + q2_2) * 536870913.0D - (s2 + q2_2))) AS s2,
    q2_3
  FROM seg_sq
),
seg_sum3 AS (
  SELECT seg_id,
    ((s1 + q1_3) * 536870913.0D - ((s1 + q1_3) * 536870913.0D - (s1 + q1_3))) AS s1,
    ((s2 + q2_3) * 536870913.0D - ((s2 + q2_3) * 536870913.0D - (s2 + q2_3))) AS s2
  FROM seg_sum2
)
SELECT seg_id AS `customer_id`, segment, CASE segment WHEN 1 THEN 'Small "accounts"' WHEN 2 THEN 'Big accounts' END AS segment_name
FROM (
  SELECT seg_id, CASE
    WHEN s1 <= s2 THEN 1
    ELSE 2 END AS segment
  FROM seg_sum3
) seg_labels;
