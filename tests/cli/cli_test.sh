#!/usr/bin/env bash
# The CLI contract, end to end: `segmenter inspect` and `segmenter segment` on the shipped demo data
# and on bad input. Usage: cli_test.sh PATH/TO/segmenter REPO_DIR
set -uo pipefail
SEG=$1
REPO=$2
DEMO="$REPO/assets/demo_customers.csv"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }

# inspect --json: the documented keys, 21 columns, types from the contract.
"$SEG" inspect "$DEMO" --json --rows 3 > "$TMP/inspect.json"
check "inspect exits 0" test $? -eq 0
check "inspect JSON has the contract keys" node -e '
  const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const k of ["encoding","delimiter","quote","decimal","header","columns","rows"]) if (!(k in j)) throw k;
  if (j.columns.length !== 21) throw "columns " + j.columns.length;
  const types = new Set(["identifier","categorical","numeric","date","boolean","text"]);
  for (const c of j.columns) { for (const k of ["name","type","missing","distinct"]) if (!(k in c)) throw k; if (!types.has(c.type)) throw c.type; }
  const by = Object.fromEntries(j.columns.map(c => [c.name, c.type]));
  if (by.customer_id !== "identifier" || by.industry !== "categorical" || by.mrr_eur !== "numeric" ||
      by.contract_start !== "date" || by.churned !== "boolean") throw JSON.stringify(by);
  if (j.rows.length !== 3 || j.rows[0].length !== 21) throw "rows";
' "$TMP/inspect.json"
check "inspect text output names the delimiter" bash -c "'$SEG' inspect '$DEMO' | grep -q '^delimiter   comma'"

# segment: every row and column kept byte for byte, plus segment and segment_name.
"$SEG" segment "$DEMO" --out "$TMP/out.csv" --report "$TMP/report.json" --k 4 --seed 7 2> "$TMP/err.txt"
check "segment exits 0" test $? -eq 0
check "segment keeps every original row byte for byte" node -e '
  const fs = require("fs");
  const src = fs.readFileSync(process.argv[1], "utf8"), out = fs.readFileSync(process.argv[2], "utf8");
  const rep = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
  // Split into records (quotes may hold newlines): a record ends at a newline outside quotes.
  const records = (t) => { const r = []; let q = false, s = 0; for (let i = 0; i < t.length; i++) {
    if (t[i] === "\"") q = !q; else if (t[i] === "\n" && !q) { r.push(t.slice(s, i)); s = i + 1; } }
    if (s < t.length) r.push(t.slice(s)); return r; };
  const a = records(src), b = records(out);
  if (a.length !== b.length) throw `records ${a.length} vs ${b.length}`;
  if (b[0] !== a[0] + ",segment,segment_name") throw "header: " + b[0];
  const sizes = {};
  for (let i = 1; i < a.length; i++) {
    if (!b[i].startsWith(a[i] + ",")) throw "row " + i + " changed";
    const rest = b[i].slice(a[i].length + 1); const seg = rest.split(",")[0];
    sizes[seg] = (sizes[seg] || 0) + 1;
  }
  if (rep.k !== 4 || rep.segments.length !== 4) throw "k";
  let total = 0;
  for (const s of rep.segments) { total += s.size; if (!(s.size > 0 && s.share > 0 && s.name)) throw "segment " + JSON.stringify(s); if (!s.feature_means) throw "means"; }
  if (total !== a.length - 1) throw "sizes sum " + total;
' "$DEMO" "$TMP/out.csv" "$TMP/report.json"
check "segment prints a summary" grep -q "Segmented 5000 rows into 4 segments" "$TMP/err.txt"

# Same seed, same labels.
"$SEG" segment "$DEMO" --out "$TMP/out2.csv" --k 4 --seed 7 2>/dev/null
check "same seed gives the same labels" cmp -s "$TMP/out.csv" "$TMP/out2.csv"

# Bad input and bad arguments: non-zero exit and a one-line message naming the problem.
expect_fail() {  # expect_fail CODE PATTERN args...
  local code=$1 pattern=$2; shift 2
  "$SEG" "$@" > "$TMP/o.txt" 2> "$TMP/e.txt"
  local rc=$?
  if [ $rc -ne "$code" ]; then bad "exit $rc (want $code) for: $*"; return; fi
  if ! grep -q -- "$pattern" "$TMP/e.txt"; then bad "message for '$*' lacks '$pattern': $(cat "$TMP/e.txt")"; return; fi
  if [ "$(wc -l < "$TMP/e.txt")" -ne 1 ]; then bad "message for '$*' is not one line"; return; fi
  ok
}
expect_fail 2 "unknown command" frobnicate
expect_fail 2 "needs --out" segment "$DEMO"
expect_fail 2 "--k must be between" segment "$DEMO" --out "$TMP/x.csv" --k 0
expect_fail 2 "whole number" segment "$DEMO" --out "$TMP/x.csv" --k five
expect_fail 2 "unknown option --bogus" inspect "$DEMO" --bogus
expect_fail 1 "cannot open" inspect "$TMP/does-not-exist.csv"
printf 'PK\003\004\024\000\006\000[Content_Types].xml' > "$TMP/book.xlsx"
expect_fail 1 "Excel workbook" inspect "$TMP/book.xlsx"
: > "$TMP/empty.csv"
expect_fail 1 "empty" segment "$TMP/empty.csv" --out "$TMP/x.csv"
expect_fail 1 "no_such_column" segment "$DEMO" --out "$TMP/x.csv" --features mrr_eur,no_such_column
printf 'a,b\n1,2\n' > "$TMP/tiny.csv"
expect_fail 1 "rows" segment "$TMP/tiny.csv" --out "$TMP/x.csv" --k 5
printf 'name,city\nA,Berlin\n"B,Hamburg\nC,Koeln\n' > "$TMP/quote.csv"
expect_fail 1 "line 3" inspect "$TMP/quote.csv" --stop-on-bad-rows

# Automatic k, saved model, apply: the model gives the training labels back.
"$SEG" segment "$DEMO" --k auto --out "$TMP/auto.csv" --report "$TMP/auto.json" --model "$TMP/model.json" 2> "$TMP/auto.err"
check "segment --k auto exits 0" test $? -eq 0
check "auto k explains its choice" grep -q "^k = 5 " "$TMP/auto.err"
check "auto report has k_scores, recommendation, quality, kpis" node -e '
  const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  if (j.k !== 5 || j.recommendation.k !== 5 || !j.recommendation.explanation) throw "recommendation";
  if (j.k_scores.length !== 9) throw "k_scores";
  for (const s of j.k_scores) for (const key of ["k", "silhouette", "calinski_harabasz", "davies_bouldin", "inertia", "stability"]) if (!(key in s)) throw key;
  for (const key of ["silhouette", "calinski_harabasz", "davies_bouldin", "inertia"]) if (typeof j.quality[key] !== "number") throw key;
  for (const s of j.segments) { if (!s.description || !s.kpis.churn_rate || !s.kpis.revenue_share) throw "segment kpis"; }
' "$TMP/auto.json"
"$SEG" apply "$TMP/model.json" "$DEMO" --out "$TMP/applied.csv" 2>/dev/null
check "apply on the training file gives the training labels" cmp -s "$TMP/auto.csv" "$TMP/applied.csv"
node -e 'const fs=require("fs"); const m=JSON.parse(fs.readFileSync(process.argv[1])); m.version=99; fs.writeFileSync(process.argv[2], JSON.stringify(m));' "$TMP/model.json" "$TMP/future.json"
expect_fail 1 "newer Segmenter" apply "$TMP/future.json" "$DEMO" --out "$TMP/x.csv"
printf '{"format":"segmenter-model","version":1,"method":"kmeans","k":"two"}' > "$TMP/nonsense.json"
expect_fail 1 "not a valid Segmenter model" apply "$TMP/nonsense.json" "$DEMO" --out "$TMP/x.csv"
expect_fail 1 "not valid JSON" apply "$DEMO" "$DEMO" --out "$TMP/x.csv"

# Other methods.
"$SEG" segment "$DEMO" --method gmm --k 4 --covariance diagonal --out "$TMP/gmm.csv" --report "$TMP/gmm.json" 2>/dev/null
check "gmm segments into 4" node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1])); if (j.method!=="gmm"||j.k!==4) throw 1' "$TMP/gmm.json"
"$SEG" segment "$DEMO" --method rules --by country,employees:size --out "$TMP/rules.csv" --report "$TMP/rules.json" 2>/dev/null
check "rules: country x size bands" node -e '
  const j=JSON.parse(require("fs").readFileSync(process.argv[1]));
  if (j.method!=="rules") throw 1;
  if (!j.segments.some(s => s.name === "Germany · 51–200")) throw JSON.stringify(j.segments.map(s=>s.name));
  if (j.segments.reduce((a,s)=>a+s.size,0) !== 5000) throw "sizes";' "$TMP/rules.json"
"$SEG" segment "$DEMO" --method rfm --recency last_order_date --frequency orders_12m --monetary total_spend_eur --out "$TMP/rfm.csv" --report "$TMP/rfm.json" 2>/dev/null
check "rfm: 11 named segments, scores appended" bash -c "head -1 '$TMP/rfm.csv' | grep -q ',r_score,f_score,m_score,segment,segment_name\$' && node -e 'const j=JSON.parse(require(\"fs\").readFileSync(process.argv[1])); if (j.segments.length!==11 || j.segments[0].name!==\"Champions\") throw 1' '$TMP/rfm.json'"
expect_fail 2 "--method must be" segment "$DEMO" --out "$TMP/x.csv" --method magic
expect_fail 2 "needs either" segment "$DEMO" --out "$TMP/x.csv" --method rfm
expect_fail 2 "--k-max" segment "$DEMO" --out "$TMP/x.csv" --k auto --k-min 6 --k-max 3

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
