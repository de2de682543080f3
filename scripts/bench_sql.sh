#!/usr/bin/env bash
# Benchmark (not a test): the k-means query of `segmenter sql` on 1,000,000 rows x 12 numeric
# features in DuckDB (npm @duckdb/node-api, tests/sql/duckdb_run.mjs), beside `segmenter apply` on
# the same rows. The model is trained on the first 100,000 demo rows; both label all rows, and the
# labels are compared. Figures go into README's `segmenter sql` section.
# Usage: scripts/bench_sql.sh [build/segmenter]   (ROWS=... to change the size)
# Needs `npm ci` in tests/sql (scripts/install_deps.sh test).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SEG=$(realpath "${1:-$REPO/build/segmenter}")
ROWS=${ROWS:-1000000}
[ -d "$REPO/tests/sql/node_modules/@duckdb/node-api" ] || { echo "bench_sql: run npm ci in tests/sql first" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
secs() { local t0=$1; echo "scale=2; ($(date +%s%N) - $t0) / 1000000000" | bc; }

"$SEG" demo --rows "$ROWS" --out demo.csv 2>/dev/null
# The demo data has 11 numeric columns; a 12th, discount_pct, is appended (deterministic).
awk 'NR == 1 { sub(/\r$/, ""); print $0 ",discount_pct"; next } { sub(/\r$/, ""); printf "%s,%.1f\n", $0, (NR * 37) % 300 / 10 }' demo.csv > big.csv
rm demo.csv
head -n 100001 big.csv > train.csv
# The first 12 numeric columns as the importer types them.
features=$("$SEG" inspect train.csv | awk '
  f && match($0, / numeric +[0-9]+ +[0-9]+ /) { name = substr($0, 1, RSTART - 1); sub(/ +$/, "", name); print name }
  /^column +type/ { f = 1 }' | head -n 12 | paste -sd, -)
[ "$(echo "$features" | tr ',' '\n' | wc -l)" = 12 ] || { echo "bench_sql: the demo data has fewer than 12 numeric columns: $features" >&2; exit 1; }
"$SEG" segment train.csv --k 6 --seed 1 --features "$features" --model model.json --out train.seg.csv 2>/dev/null

t0=$(date +%s%N)
"$SEG" apply model.json big.csv --out applied.csv 2>/dev/null
apply_s=$(secs "$t0")

"$SEG" sql model.json --dialect duckdb --table customers --out query.sql
echo "CREATE TABLE customers AS SELECT * FROM read_csv('big.csv');" > load.sql
t0=$(date +%s%N)
node "$REPO/tests/sql/duckdb_run.mjs" bench.duckdb load.sql > /dev/null
load_s=$(secs "$t0")
# The engine's own time: the query's result stored as a table (no rows sent to node), then read.
{ printf 'CREATE TABLE seg_out AS\n'; grep -v '^--' query.sql; } > ctas.sql
echo "SELECT * FROM seg_out;" > fetch.sql
SEG_DUCKDB_TIME=1 node "$REPO/tests/sql/duckdb_run.mjs" bench.duckdb ctas.sql > /dev/null 2> query.time
query_s=$(sed -n 's/.*: \([0-9.]*\) s.*/\1/p' query.time)
node "$REPO/tests/sql/duckdb_run.mjs" bench.duckdb fetch.sql > query.out

sqlite3 -csv :memory: ".import --csv applied.csv a" "SELECT customer_id, segment FROM a" | sort > expected
cut -d, -f1,2 query.out | sort > got
same=$(comm -12 expected got | wc -l)
echo "bench_sql: $ROWS rows x 12 features ($features), k = 6, $(nproc) cores"
echo "  segmenter apply (read CSV + prepare + label + write CSV): ${apply_s} s"
echo "  DuckDB read_csv into a table:                            ${load_s} s"
echo "  DuckDB k-means query (CREATE TABLE AS the query):        ${query_s} s"
echo "  rows with the same segment: $same of $ROWS"
