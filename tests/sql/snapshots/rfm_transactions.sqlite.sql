-- Segmenter model (method rfm, 11 segments) as SQL for sqlite.
-- RFM from transaction lines: used lines summed per customer (the rows below are customers), then R and F scores from the training data's score edges and the R x F segment map.
-- Returns one row per input row: id, segment (1..11) and segment_name, as `segmenter apply` would.
WITH
seg_lines AS MATERIALIZED (
  SELECT NULLIF(TRIM(CAST(seg_t."Customer ID" AS TEXT)), '') AS seg_id,
    CAST((julianday('2024-10-04') - julianday(date(seg_t."InvoiceDate"))) AS REAL) AS ago,
    NULLIF(TRIM(CAST(seg_t."Invoice" AS TEXT)), '') AS inv,
    CASE WHEN typeof(seg_t."Quantity") IN ('integer', 'real') THEN CAST(seg_t."Quantity" AS REAL) WHEN CAST(trim(seg_t."Quantity", ' 	') AS REAL) = trim(seg_t."Quantity", ' 	') THEN CAST(trim(seg_t."Quantity", ' 	') AS REAL) ELSE CASE lower(trim(seg_t."Quantity", ' 	')) WHEN 'true' THEN 1.0 WHEN 'yes' THEN 1.0 WHEN 'ja' THEN 1.0 WHEN 'y' THEN 1.0 WHEN 'wahr' THEN 1.0 WHEN 't' THEN 1.0 WHEN 'j' THEN 1.0 WHEN 'false' THEN 0.0 WHEN 'no' THEN 0.0 WHEN 'nein' THEN 0.0 WHEN 'n' THEN 0.0 WHEN 'falsch' THEN 0.0 WHEN 'f' THEN 0.0 END END AS qty,
    CASE WHEN typeof(seg_t."Price") IN ('integer', 'real') THEN CAST(seg_t."Price" AS REAL) WHEN CAST(trim(seg_t."Price", ' 	') AS REAL) = trim(seg_t."Price", ' 	') THEN CAST(trim(seg_t."Price", ' 	') AS REAL) ELSE CASE lower(trim(seg_t."Price", ' 	')) WHEN 'true' THEN 1.0 WHEN 'yes' THEN 1.0 WHEN 'ja' THEN 1.0 WHEN 'y' THEN 1.0 WHEN 'wahr' THEN 1.0 WHEN 't' THEN 1.0 WHEN 'j' THEN 1.0 WHEN 'false' THEN 0.0 WHEN 'no' THEN 0.0 WHEN 'nein' THEN 0.0 WHEN 'n' THEN 0.0 WHEN 'falsch' THEN 0.0 WHEN 'f' THEN 0.0 END END AS price
  FROM "shop"."customers" AS seg_t
),
seg_used AS MATERIALIZED (
  SELECT seg_id,
    ago,
    inv AS occasion,
    CAST(ROUND(qty * price * 1000000.0) AS BIGINT) AS micros
  FROM seg_lines
  WHERE seg_id IS NOT NULL AND ago IS NOT NULL AND qty > 0 AND price > 0 AND (inv IS NULL OR SUBSTR(inv, 1, 1) <> 'C')
),
seg_in AS MATERIALIZED (
  SELECT seg_id,
    MIN(ago) AS r,
    CAST(COUNT(DISTINCT occasion) + SUM(CASE WHEN occasion IS NULL THEN 1 ELSE 0 END) AS REAL) AS f,
    CAST(SUM(micros) AS REAL) / 1000000.0 AS m
  FROM seg_used
  GROUP BY seg_id
),
seg_scores AS MATERIALIZED (
  SELECT seg_id,
    CASE WHEN r IS NULL OR f IS NULL OR m IS NULL THEN NULL ELSE 6 - (CASE WHEN r >= 180.0 THEN 5 WHEN r >= 90.0 THEN 4 WHEN r >= 30.0 THEN 3 WHEN r >= 10.0 THEN 2 ELSE 1 END) END AS r_score,
    CASE WHEN r IS NULL OR f IS NULL OR m IS NULL THEN NULL ELSE CASE WHEN f >= 5.0 THEN 4 WHEN f >= 3.0 THEN 3 WHEN f >= 2.0 THEN 2 ELSE 1 END END AS f_score
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
