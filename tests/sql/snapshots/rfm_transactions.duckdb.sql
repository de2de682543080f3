-- Segmenter model (method rfm, 11 segments) as SQL for duckdb.
-- RFM from transaction lines: used lines summed per customer (the rows below are customers), then R and F scores from the training data's score edges and the R x F segment map.
-- Returns one row per input row: id, segment (1..11) and segment_name, as `segmenter apply` would.
WITH
seg_lines AS MATERIALIZED (
  SELECT NULLIF(TRIM(CAST(seg_t."Customer ID" AS TEXT)), '') AS seg_id,
    CAST(date_diff('day', TRY_CAST(seg_t."InvoiceDate" AS DATE), DATE '2024-10-04') AS DOUBLE) AS ago,
    NULLIF(TRIM(CAST(seg_t."Invoice" AS TEXT)), '') AS inv,
    COALESCE(TRY_CAST(seg_t."Quantity" AS DOUBLE), TRY_CAST(trim(CAST(seg_t."Quantity" AS VARCHAR), ' 	') AS DOUBLE), CASE lower(trim(CAST(seg_t."Quantity" AS VARCHAR), ' 	')) WHEN 'true' THEN CAST('1.0' AS DOUBLE) WHEN 'yes' THEN CAST('1.0' AS DOUBLE) WHEN 'ja' THEN CAST('1.0' AS DOUBLE) WHEN 'y' THEN CAST('1.0' AS DOUBLE) WHEN 'wahr' THEN CAST('1.0' AS DOUBLE) WHEN 't' THEN CAST('1.0' AS DOUBLE) WHEN 'j' THEN CAST('1.0' AS DOUBLE) WHEN 'false' THEN CAST('0.0' AS DOUBLE) WHEN 'no' THEN CAST('0.0' AS DOUBLE) WHEN 'nein' THEN CAST('0.0' AS DOUBLE) WHEN 'n' THEN CAST('0.0' AS DOUBLE) WHEN 'falsch' THEN CAST('0.0' AS DOUBLE) WHEN 'f' THEN CAST('0.0' AS DOUBLE) END) AS qty,
    COALESCE(TRY_CAST(seg_t."Price" AS DOUBLE), TRY_CAST(trim(CAST(seg_t."Price" AS VARCHAR), ' 	') AS DOUBLE), CASE lower(trim(CAST(seg_t."Price" AS VARCHAR), ' 	')) WHEN 'true' THEN CAST('1.0' AS DOUBLE) WHEN 'yes' THEN CAST('1.0' AS DOUBLE) WHEN 'ja' THEN CAST('1.0' AS DOUBLE) WHEN 'y' THEN CAST('1.0' AS DOUBLE) WHEN 'wahr' THEN CAST('1.0' AS DOUBLE) WHEN 't' THEN CAST('1.0' AS DOUBLE) WHEN 'j' THEN CAST('1.0' AS DOUBLE) WHEN 'false' THEN CAST('0.0' AS DOUBLE) WHEN 'no' THEN CAST('0.0' AS DOUBLE) WHEN 'nein' THEN CAST('0.0' AS DOUBLE) WHEN 'n' THEN CAST('0.0' AS DOUBLE) WHEN 'falsch' THEN CAST('0.0' AS DOUBLE) WHEN 'f' THEN CAST('0.0' AS DOUBLE) END) AS price
  FROM "shop"."customers" AS seg_t
),
seg_used AS MATERIALIZED (
  SELECT seg_id,
    ago,
    inv AS occasion,
    CAST(ROUND(qty * price * CAST('1000000.0' AS DOUBLE)) AS BIGINT) AS micros
  FROM seg_lines
  WHERE seg_id IS NOT NULL AND ago IS NOT NULL AND qty > 0 AND price > 0 AND (inv IS NULL OR SUBSTR(inv, 1, 1) <> 'C')
),
seg_in AS MATERIALIZED (
  SELECT seg_id,
    MIN(ago) AS r,
    CAST(COUNT(DISTINCT occasion) + SUM(CASE WHEN occasion IS NULL THEN 1 ELSE 0 END) AS DOUBLE) AS f,
    CAST(SUM(micros) AS DOUBLE) / CAST('1000000.0' AS DOUBLE) AS m
  FROM seg_used
  GROUP BY seg_id
),
seg_scores AS MATERIALIZED (
  SELECT seg_id,
    CASE WHEN r IS NULL OR f IS NULL OR m IS NULL THEN NULL ELSE 6 - (CASE WHEN r >= CAST('180.0' AS DOUBLE) THEN 5 WHEN r >= CAST('90.0' AS DOUBLE) THEN 4 WHEN r >= CAST('30.0' AS DOUBLE) THEN 3 WHEN r >= CAST('10.0' AS DOUBLE) THEN 2 ELSE 1 END) END AS r_score,
    CASE WHEN r IS NULL OR f IS NULL OR m IS NULL THEN NULL ELSE CASE WHEN f >= CAST('5.0' AS DOUBLE) THEN 4 WHEN f >= CAST('3.0' AS DOUBLE) THEN 3 WHEN f >= CAST('2.0' AS DOUBLE) THEN 2 ELSE 1 END END AS f_score
  FROM seg_in
)
SELECT seg_id AS "Customer ID", segment, CASE segment WHEN 1 THEN 'Champions' WHEN 2 THEN 'Loyal' WHEN 3 THEN 'Potential Loyalist' WHEN 4 THEN 'New Customers' WHEN 5 THEN 'Promising' WHEN 6 THEN 'Need Attention' WHEN 7 THEN 'About to Sleep' WHEN 8 THEN 'At Risk' WHEN 9 THEN 'Can''t Lose Them' WHEN 10 THEN 'Hibernating' WHEN 11 THEN 'Lost' END AS segment_name
FROM (
  SELECT seg_id, CASE
    WHEN r_score = 1 AND f_score = 1 THEN 11
    WHEN r_score = 1 AND f_score = 2 THEN 10
    WHEN r_score = 1 AND f_score = 3 THEN 8
    WHEN r_score = 1 AND f_score = 4 THEN 8
    WHEN r_score = 1 AND f_score = 5 THEN 9
    WHEN r_score = 2 AND f_score = 1 THEN 10
    WHEN r_score = 2 AND f_score = 2 THEN 10
    WHEN r_score = 2 AND f_score = 3 THEN 8
    WHEN r_score = 2 AND f_score = 4 THEN 8
    WHEN r_score = 2 AND f_score = 5 THEN 9
    WHEN r_score = 3 AND f_score = 1 THEN 7
    WHEN r_score = 3 AND f_score = 2 THEN 7
    WHEN r_score = 3 AND f_score = 3 THEN 6
    WHEN r_score = 3 AND f_score = 4 THEN 2
    WHEN r_score = 3 AND f_score = 5 THEN 2
    WHEN r_score = 4 AND f_score = 1 THEN 5
    WHEN r_score = 4 AND f_score = 2 THEN 3
    WHEN r_score = 4 AND f_score = 3 THEN 3
    WHEN r_score = 4 AND f_score = 4 THEN 2
    WHEN r_score = 4 AND f_score = 5 THEN 2
    WHEN r_score = 5 AND f_score = 1 THEN 4
    WHEN r_score = 5 AND f_score = 2 THEN 3
    WHEN r_score = 5 AND f_score = 3 THEN 3
    WHEN r_score = 5 AND f_score = 4 THEN 1
    WHEN r_score = 5 AND f_score = 5 THEN 1
    END AS segment
  FROM seg_scores
) seg_labels;
