#!/usr/bin/env bash
# `segmenter sql` end to end: models trained on the demo data, exported as SQL, run in SQLite and
# in a throwaway PostgreSQL cluster over the same CSV loaded as a typed table; every row must get
# exactly the segment `segmenter apply` gives it; `sql --rules` (the --explain rules) must give
# exactly rule_segment.
# Usage: tests/sql/sql_test.sh path/to/segmenter
# Needs the Debian packages sqlite3 and postgresql (scripts/install_deps.sh test).
set -euo pipefail
SEG=$(realpath "$1")

fail() { echo "FAIL: $*" >&2; exit 1; }
command -v sqlite3 >/dev/null 2>&1 || fail "sqlite3 is not installed (apt-get install sqlite3, or scripts/install_deps.sh test)"
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] ||
  fail "PostgreSQL server binaries are not installed (apt-get install postgresql, or scripts/install_deps.sh test)"
command -v psql >/dev/null 2>&1 || fail "psql is not installed (apt-get install postgresql-client)"

TMP=$(mktemp -d)
PGDIR="$TMP/pg"
AS_PG=()
cleanup() {
  if [ -f "$PGDIR/data/postmaster.pid" ]; then "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
cd "$TMP"

# ---- PostgreSQL: own cluster, Unix socket in $PGDIR only, no TCP ------------------------------
mkdir -p "$PGDIR"
if [ "$(id -u)" = 0 ]; then  # initdb refuses root: run the server as the postgres user
  id postgres >/dev/null 2>&1 || fail "running as root, but there is no postgres user to run the server"
  chown postgres "$PGDIR"
  chmod 755 "$TMP"
  AS_PG=(runuser -u postgres --)
fi
"${AS_PG[@]}" "$PG_BIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 --no-locale >"$TMP/initdb.log" 2>&1 ||
  { cat "$TMP/initdb.log" >&2; fail "initdb failed"; }
PORT=54329
"${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
  -o "-k $PGDIR -c listen_addresses='' -p $PORT -c fsync=off" start >/dev/null ||
  { cat "$PGDIR/server.log" >&2; fail "could not start PostgreSQL"; }
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h "$PGDIR" -p "$PORT" -U postgres -d postgres)

# ---- Data: the demo CSV, one column renamed to exercise identifier quoting --------------------
"$SEG" demo --rows 3000 --out raw.csv 2>/dev/null
WEIRD='Umsatz "MRR" (€)'
sed '1s/,mrr_eur,/,"Umsatz ""MRR"" (€)",/' raw.csv > demo.csv
# Column types as the importer sees them: name<TAB>type.
"$SEG" inspect demo.csv | awk '
  f && match($0, / (identifier|categorical|numeric|date|boolean|text) +[0-9]+ +[0-9]+ /) {
    name = substr($0, 1, RSTART - 1); sub(/ +$/, "", name)
    type = substr($0, RSTART + 1); sub(/ .*/, "", type); print name "\t" type }
  /^column +type/ { f = 1 }' > types.tsv
grep -q "^$WEIRD	numeric$" types.tsv || fail "renamed column not found in: $(cat types.tsv)"

# SQLite: import as text, then a typed table (numbers REAL, empty cells NULL).
{
  echo ".import --csv demo.csv raw"
  printf 'CREATE TABLE customers AS SELECT '
  awk -F'\t' '{ q = $1; gsub(/"/, "\"\"", q); q = "\"" q "\""
    e = ($2 == "numeric" || $2 == "boolean") ? "CAST(NULLIF(" q ", '\'''\'') AS REAL)" : "NULLIF(" q ", '\'''\'')"
    printf "%s%s AS %s", (NR > 1 ? ", " : ""), e, q } END { print " FROM raw;" }' types.tsv
} | sqlite3 demo.db
# PostgreSQL: numbers NUMERIC (as a warehouse would store them), the rest text; CSV empty = NULL.
{
  printf 'CREATE TABLE customers ('
  awk -F'\t' '{ q = $1; gsub(/"/, "\"\"", q)
    printf "%s\"%s\" %s", (NR > 1 ? ", " : ""), q, ($2 == "numeric" || $2 == "boolean") ? "NUMERIC" : "TEXT" } END { print ");" }' types.tsv
  echo "\\copy customers FROM 'demo.csv' WITH (FORMAT csv, HEADER true)"
} | "${PSQL[@]}"
[ "$(sqlite3 demo.db 'SELECT count(*), count(nps) FROM customers')" = "$("${PSQL[@]}" -At -F '|' -c 'SELECT count(*), count(nps) FROM customers')" ] ||
  fail "SQLite and PostgreSQL tables differ in rows or missing values"

# ---- Models -> SQL -> both engines == segmenter apply -----------------------------------------
checked=0
# engines NAME WHAT [sql flags...]: the query in SQLite and PostgreSQL == NAME.expected (id,segment).
engines() {
  local name=$1 what=$2; shift 2
  for dialect in sqlite postgres; do
    "$SEG" sql "$name.json" "$@" --dialect $dialect --table customers --id customer_id --out "$name.$dialect.sql" 2>>"$name.log" ||
      { cat "$name.log" >&2; fail "$name: sql $* --dialect $dialect failed"; }
    if [ $dialect = sqlite ]; then
      sqlite3 -bail -csv demo.db < "$name.$dialect.sql" > "$name.$dialect.out" || fail "$name: SQLite rejected the query"
    else
      "${PSQL[@]}" -At -F ',' -f "$name.$dialect.sql" > "$name.$dialect.out" || fail "$name: PostgreSQL rejected the query"
    fi
    cut -d, -f1,2 "$name.$dialect.out" | sort > "$name.$dialect.got"
    if ! cmp -s "$name.expected" "$name.$dialect.got"; then
      echo "$name ($dialect): $(diff "$name.expected" "$name.$dialect.got" | grep -c '^<') of $(wc -l < "$name.expected") rows differ from $what:" >&2
      diff "$name.expected" "$name.$dialect.got" | head -n 10 >&2
      fail "$name: $dialect labels differ"
    fi
    [ "$(wc -l < "$name.expected")" = 3000 ] || fail "$name: expected 3000 rows"
  done
  echo "ok: $name (sqlite, postgres: $(wc -l < "$name.expected") rows identical to $what)"
  checked=$((checked + 1))
}
check() {  # check NAME [segment options...]
  local name=$1; shift
  "$SEG" segment demo.csv --out "$name.seg.csv" --model "$name.json" "$@" 2>"$name.log" || { cat "$name.log" >&2; fail "$name: segment failed"; }
  "$SEG" apply "$name.json" demo.csv --out "$name.apply.csv" 2>>"$name.log" || { cat "$name.log" >&2; fail "$name: apply failed"; }
  sqlite3 -csv :memory: ".import --csv $name.apply.csv a" "SELECT customer_id, NULLIF(segment, '') FROM a" | sort > "$name.expected"
  engines "$name" "segmenter apply"
}
# `segment --explain` rules as one CASE WHEN query (sql --rules) == rule_segment, row for row.
check_rules() {  # check_rules NAME [segment options...]
  local name=$1; shift
  "$SEG" segment demo.csv --out "$name.seg.csv" --model "$name.json" --explain "$@" 2>"$name.log" || { cat "$name.log" >&2; fail "$name: segment failed"; }
  "$SEG" apply "$name.json" demo.csv --out "$name.apply.csv" 2>>"$name.log" || { cat "$name.log" >&2; fail "$name: apply failed"; }
  sqlite3 -csv :memory: ".import --csv $name.apply.csv a" "SELECT customer_id, rule_segment FROM a" | sort > "$name.expected"
  sqlite3 -csv :memory: ".import --csv $name.seg.csv a" "SELECT customer_id, rule_segment FROM a" | sort > "$name.seg.expected"
  cmp -s "$name.expected" "$name.seg.expected" || fail "$name: apply's rule_segment differs from segment's"
  engines "$name" "rule_segment" --rules
}

check kmeans_auto --k auto --seed 7
check kmeans_k5 --k 5 --scale robust --clip 0.01 --weights "$WEIRD=2,seats=0.5" --missing-indicators \
  --features "$WEIRD,employees,seats,nps,logins_30d,annual_revenue_eur,industry,plan,region"
check kmeans_minmax --k 4 --scale minmax --log none --features "support_tickets_90d,orders_12m,gross_margin_pct,country"
check rules_bands --method rules --by "industry,employees:size,nps:cuts=7|9"
check rules_values --method rules --by "plan,churned,orders_12m"
check rules_quantiles --method rules --by "country,$WEIRD:q4,logins_30d:q5"
check rfm_dates --method rfm --recency last_order_date --frequency orders_12m --monetary total_spend_eur
check rfm_days --method rfm --recency support_tickets_90d --frequency logins_30d --monetary "$WEIRD"
check_rules rules_imm --k 5 --seed 3
check_rules rules_exkmc --k 4 --explain-leaves 8 --clip 0.01 --features "$WEIRD,employees,nps,seats,industry,plan,region"
check_rules rules_gmm --method gmm --k 3 --features "$WEIRD,employees,logins_30d,country"
echo "sql_test: $checked models, every row identical in SQLite and PostgreSQL"
