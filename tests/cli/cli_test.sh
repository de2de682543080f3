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
# --lang de: the same segments with German names, descriptions and notes; English stays the default.
"$SEG" segment "$DEMO" --out "$TMP/de.csv" --report "$TMP/de.json" --k 4 --seed 7 --lang de 2>/dev/null
check "--lang de: German texts, same segments" node -e '
  const fs = require("fs");
  const en = JSON.parse(fs.readFileSync(process.argv[1])), de = JSON.parse(fs.readFileSync(process.argv[2]));
  if (JSON.stringify(en.segments.map(s => s.size)) !== JSON.stringify(de.segments.map(s => s.size))) throw "sizes";
  for (const s of de.segments) {
    if (/\b(high|low|very|mostly)\b/i.test(s.name)) throw s.name;
    if (!/ Kunden \(\d+ %\)/.test(s.description)) throw s.description;
  }
  if (!de.warnings.every(w => w.startsWith("Spalte"))) throw de.warnings.join("; ");
  const csv = fs.readFileSync(process.argv[3], "utf8");
  for (const s of de.segments) if (!csv.includes(",\"" + s.name + "\"") && !csv.includes("," + s.name + "\n")) throw "segment_name " + s.name;' "$TMP/report.json" "$TMP/de.json" "$TMP/de.csv"
"$SEG" segment "$DEMO" --method rfm --recency last_order_date --frequency orders_12m --monetary total_spend_eur --out "$TMP/rfmde.csv" --report "$TMP/rfmde.json" --lang de 2>/dev/null
check "--lang de: German RFM segment names" node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1])); if (j.segments[0].name!=="Champions" || j.segments[1].name!=="Treue Kunden") throw 1' "$TMP/rfmde.json"
expect_fail 2 "--lang must be en or de" segment "$DEMO" --out "$TMP/x.csv" --lang fr
expect_fail 2 "--method must be" segment "$DEMO" --out "$TMP/x.csv" --method magic
expect_fail 2 "needs either" segment "$DEMO" --out "$TMP/x.csv" --method rfm
expect_fail 2 "--k-max" segment "$DEMO" --out "$TMP/x.csv" --k auto --k-min 6 --k-max 3

# compare: the model on two snapshots; known churn (every 100th customer), one new id, one duplicate.
node -e '
  const fs = require("fs"); const t = fs.readFileSync(process.argv[1], "utf8");
  const records = (t) => { const r = []; let q = false, s = 0; for (let i = 0; i < t.length; i++) {
    if (t[i] === "\"") q = !q; else if (t[i] === "\n" && !q) { r.push(t.slice(s, i)); s = i + 1; } }
    if (s < t.length) r.push(t.slice(s)); return r; };
  const a = records(t), out = [a[0]];
  for (let i = 1; i < a.length; i++) if (i % 100 !== 0) out.push(a[i]);
  out.push(a[1].replace(/^C-100001,/, "C-NEW-1,"), a[5].replace(/^C-100005,/, "C-100002,"));
  fs.writeFileSync(process.argv[2], out.join("\n") + "\n");' "$DEMO" "$TMP/new.csv"
"$SEG" compare "$TMP/model.json" "$DEMO" "$TMP/new.csv" --id customer_id --out "$TMP/moves.csv" --report "$TMP/compare.json" 2> "$TMP/compare.err"
check "compare exits 0" test $? -eq 0
check "compare summarises the changes" grep -q "4950 stayed, 0 moved, 50 churned, 1 new" "$TMP/compare.err"
check "compare reports the duplicate id" grep -q 'ids on more than one row: 1.*"C-100002" on data rows 2, 4952' "$TMP/compare.err"
check "MOVES.csv: every customer once, statuses, named columns first" node -e '
  const fs = require("fs");
  const lines = fs.readFileSync(process.argv[1], "utf8").trim().split("\n");
  if (!lines[0].startsWith("id,old_segment,new_segment,old_segment_id,new_segment_id,status")) throw lines[0];
  if (lines.length !== 1 + 5001) throw "rows " + lines.length;
  const count = (s) => lines.filter(l => l.includes("," + s + ",")).length;
  if (count("churned") !== 50 || count("new") !== 1 || count("stayed") !== 4950 || count("moved") !== 0) throw "statuses";
  if (!lines.some(l => l.startsWith("C-100100,") && l.includes(",churned,"))) throw "C-100100 churned";
  if (!lines.some(l => l.startsWith("C-NEW-1,") && l.includes(",new,"))) throw "C-NEW-1 new";
  const j = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  if (j.k !== 5 || j.matrix.counts.length !== 5 || j.growth.length !== 5) throw "shape";
  let diag = 0; j.matrix.counts.forEach((r, i) => diag += r[i]);
  if (diag !== 4950) throw "diagonal " + diag;
  if (j.summary.churned !== 50 || j.summary.new !== 1) throw "summary";
  if (j.new.duplicates.length !== 1 || j.new.duplicates[0].id !== "C-100002") throw "duplicates";
  for (const g of j.growth) for (const k of ["old_count", "new_count", "absolute", "relative", "old_revenue", "new_revenue", "churned", "new_customers"]) if (!(k in g)) throw k;
  if (!("revenue_sum" in j.kpis[0].kpis) || !("delta" in j.kpis[0].kpis.revenue_sum)) throw "kpi deltas";
' "$TMP/moves.csv" "$TMP/compare.json"
expect_fail 2 "needs --id" compare "$TMP/model.json" "$DEMO" "$TMP/new.csv" --out "$TMP/x.csv"
expect_fail 1 "old snapshot: There is no column named" compare "$TMP/model.json" "$DEMO" "$TMP/new.csv" --id kundennummer --out "$TMP/x.csv"

# export-crm: HubSpot / Salesforce / mailing presets from a segmented file.
"$SEG" export-crm "$TMP/auto.csv" --preset hubspot --id customer_id --out "$TMP/hubspot.csv" 2>/dev/null
check "export-crm hubspot: id + segmenter_segment, every row" bash -c "head -1 '$TMP/hubspot.csv' | grep -qx 'customer_id,segmenter_segment' && test \$(wc -l < '$TMP/hubspot.csv') -eq 5001"
"$SEG" export-crm "$TMP/auto.csv" --preset salesforce --id customer_id --out "$TMP/sf.csv" 2> "$TMP/sf.err"
check "export-crm salesforce: Id,Segment__c and a note on non-Salesforce ids" bash -c "head -1 '$TMP/sf.csv' | grep -qx 'Id,Segment__c' && grep -q 'External ID' '$TMP/sf.err'"
printf 'customer_id,email,segment,segment_name\n1,a@example.de,1,Große Kunden\n2,,2,=Kleine\n3,b@example.ch,2,=Kleine\n' > "$TMP/seg_mail.csv"
"$SEG" export-crm "$TMP/seg_mail.csv" --preset mailing --email email --split --out "$TMP/mail" 2> "$TMP/mail.err"
check "export-crm mailing --split: one safe-named file per segment, formulas neutralised" bash -c "
  test \"\$(cat '$TMP/mail/grosse-kunden.csv')\" = \"\$(printf 'email,segment\na@example.de,Große Kunden')\" &&
  test \"\$(cat '$TMP/mail/kleine.csv')\" = \"\$(printf \"email,segment\nb@example.ch,'=Kleine\")\""
check "export-crm reports rows without an e-mail" grep -q "rows without an e-mail address: 1 (data rows 2)" "$TMP/mail.err"
expect_fail 2 "needs --email" export-crm "$TMP/seg_mail.csv" --preset mailing --out "$TMP/x.csv"
expect_fail 2 "--preset must be" export-crm "$TMP/seg_mail.csv" --preset marketo --out "$TMP/x.csv"
expect_fail 1 "segment column" export-crm "$DEMO" --preset hubspot --id customer_id --out "$TMP/x.csv"

# Privacy: detection, dropped/masked/pseudonymised exports, processing record without data values.
{
  echo "customer_id,Vorname,Nachname,E-Mail,Telefon,PLZ,revenue,employees,industry"
  for i in $(seq 1 40); do
    echo "K-$((1000 + i)),Anna$i,Muster$i,kunde$i@example.de,+49 89 $((1000000 + i * 37)),$((10000 + i * 11)),$((100 + i * i % 97)).50,$((i * 7 % 50 + 1)),$([ $((i % 2)) -eq 0 ] && echo Retail || echo Energy)"
  done
} > "$TMP/people.csv"
printf 'first secret\n' > "$TMP/key1.txt"
printf 'second secret' > "$TMP/key2.txt"
: > "$TMP/empty.key"
"$SEG" privacy "$TMP/people.csv" --json > "$TMP/privacy.json"
check "privacy lists the personal columns" node -e '
  const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const kinds = Object.fromEntries(j.personal_columns.map(c => [c.column, c.kind]));
  if (kinds["E-Mail"] !== "email" || kinds.Telefon !== "phone" || kinds.PLZ !== "postcode" || kinds.Vorname !== "name") throw JSON.stringify(kinds);
  if ("revenue" in kinds || "customer_id" in kinds || "industry" in kinds) throw JSON.stringify(kinds);
  if (!j.personal_columns.every(c => c.reason && c.reason_de)) throw "reasons";
  if (j.export_columns.length !== 9) throw "export columns";' "$TMP/privacy.json"
check "privacy text output names the reason" bash -c "'$SEG' privacy '$TMP/people.csv' --lang de | grep -q 'der Werte sind E-Mail-Adressen'"
for run in 1 2; do
  "$SEG" segment "$TMP/people.csv" --out "$TMP/p$run.csv" --k 2 --seed 3 --drop-personal --pseudonymise customer_id \
    --key-file "$TMP/key1.txt" --record "$TMP/record$run.md" 2>/dev/null
  check "segment --drop-personal --pseudonymise exits 0 (run $run)" test $? -eq 0
done
check "dropped columns are absent from the export" bash -c "head -1 '$TMP/p1.csv' | grep -qx 'customer_id,revenue,employees,industry,segment,segment_name'"
check "no e-mail address or raw id in the export" bash -c "! grep -q -e '@example.de' -e 'K-10' '$TMP/p1.csv'"
check "pseudonyms are stable across runs with the same key" cmp -s "$TMP/p1.csv" "$TMP/p2.csv"
check "pseudonyms are 64 hex digits" bash -c "sed -n 2p '$TMP/p1.csv' | grep -qE '^[0-9a-f]{64},'"
"$SEG" segment "$TMP/people.csv" --out "$TMP/p3.csv" --k 2 --seed 3 --drop-personal --pseudonymise customer_id --key-file "$TMP/key2.txt" 2>/dev/null
check "another key gives other pseudonyms" bash -c "[ \"\$(cut -d, -f1 '$TMP/p1.csv' | sed -n 2p)\" != \"\$(cut -d, -f1 '$TMP/p3.csv' | sed -n 2p)\" ]"
check "the record names file, method, k and handling" bash -c "grep -q 'people.csv' '$TMP/record1.md' && grep -q '| kmeans |' '$TMP/record1.md' && grep -q 'dropped' '$TMP/record1.md' && grep -q 'pseudonymised' '$TMP/record1.md'"
check "the record contains no data value" node -e '
  const fs = require("fs");
  const rec = fs.readFileSync(process.argv[1], "utf8");
  const lines = fs.readFileSync(process.argv[2], "utf8").trim().split("\n").slice(1);
  for (const line of lines) for (const v of line.split(",")) if (v.length >= 4 && rec.includes(v)) throw "value in record: " + v;' "$TMP/record1.md" "$TMP/people.csv"
"$SEG" segment "$TMP/people.csv" --out "$TMP/p4.csv" --k 2 --mask-personal --keep PLZ --record "$TMP/record.html" --record-lang de 2>/dev/null
check "--mask-personal masks, --keep exempts" bash -c "sed -n 2p '$TMP/p4.csv' | grep -q '^K-1001,\*\*\*,\*\*\*,\*\*\*,\*\*\*,10011,'"
check "HTML record in German, no external resources" bash -c "grep -q 'Verarbeitungsprotokoll' '$TMP/record.html' && ! grep -qi -e 'http' -e '<script' '$TMP/record.html'"
"$SEG" apply "$TMP/model.json" "$DEMO" --out "$TMP/applied_p.csv" --pseudonymise customer_id --key-file "$TMP/key1.txt" 2>/dev/null
check "apply --pseudonymise replaces the id column" bash -c "sed -n 2p '$TMP/applied_p.csv' | grep -qE '^[0-9a-f]{64},Nordlicht'"
expect_fail 1 "key file .* is empty" segment "$TMP/people.csv" --out "$TMP/x.csv" --pseudonymise customer_id --key-file "$TMP/empty.key"
expect_fail 2 "needs --key-file" segment "$TMP/people.csv" --out "$TMP/x.csv" --pseudonymise customer_id
expect_fail 1 "no column named" segment "$TMP/people.csv" --out "$TMP/x.csv" --pseudonymise kundennr --key-file "$TMP/key1.txt"
expect_fail 2 "exclude each other" segment "$TMP/people.csv" --out "$TMP/x.csv" --drop-personal --mask-personal

# Project files: save the settings, re-run from them (explicit flags win), embedded data, edits.
"$SEG" segment "$DEMO" --out "$TMP/pj1.csv" --k 4 --seed 7 --scale robust --save-project "$TMP/p.json" 2>/dev/null
check "segment --save-project exits 0" test $? -eq 0
check "project show summarises the settings" bash -c "'$SEG' project show '$TMP/p.json' | grep -q '^scaling     robust' && '$SEG' project show '$TMP/p.json' | grep -q '^k           4'"
"$SEG" project show "$TMP/p.json" --json > "$TMP/pshow.json"
check "project show --json has the format, the source hash and no data" node -e '
  const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  if (j.format !== "segmenter-project" || j.version !== 1) throw "format";
  if (j.source.file_name !== "demo_customers.csv" || !/^[0-9a-f]{64}$/.test(j.source.sha256)) throw JSON.stringify(j.source);
  if (j.segmentation.k !== 4 || j.segmentation.seed !== 7 || j.data.included !== false) throw "settings";
  if ("encoding" in j.import) throw "auto import settings must stay auto";' "$TMP/pshow.json"
"$SEG" segment "$DEMO" --project "$TMP/p.json" --out "$TMP/pj2.csv" 2>/dev/null
check "segment --project repeats the run" cmp -s "$TMP/pj1.csv" "$TMP/pj2.csv"
"$SEG" segment "$DEMO" --project "$TMP/p.json" --k 3 --out "$TMP/pj3.csv" 2> "$TMP/pj3.err"
check "explicit flags win over the project" grep -q "into 3 segments" "$TMP/pj3.err"
"$SEG" segment "$DEMO" --out "$TMP/x.csv" --k 4 --seed 7 --scale robust --save-project "$TMP/pd.json" --include-data 2>/dev/null
"$SEG" segment --project "$TMP/pd.json" --out "$TMP/pj4.csv" 2>/dev/null
check "a project with embedded data runs without FILE" cmp -s "$TMP/pj1.csv" "$TMP/pj4.csv"
node -e 'const fs=require("fs"); const p=JSON.parse(fs.readFileSync(process.argv[1])); p.edits={group:[1,2,1,3],names:["Merged VIP","",""],colors:[]}; fs.writeFileSync(process.argv[2], JSON.stringify(p));' "$TMP/p.json" "$TMP/pe.json"
"$SEG" segment "$DEMO" --project "$TMP/pe.json" --out "$TMP/pj5.csv" --model "$TMP/pm5.json" 2>/dev/null
"$SEG" apply "$TMP/pm5.json" "$DEMO" --out "$TMP/pa5.csv" 2>/dev/null
check "project edits merge and rename; the model applies them row for row" node -e '
  const fs = require("fs");
  const records = (t) => { const r = []; let q = false, s = 0; for (let i = 0; i < t.length; i++) {
    if (t[i] === "\"") q = !q; else if (t[i] === "\n" && !q) { r.push(t.slice(s, i).replace(/\r$/, "")); s = i + 1; } }
    if (s < t.length) r.push(t.slice(s)); return r; };
  const seg = (f) => records(fs.readFileSync(f, "utf8")).slice(1).map(l => l.match(/,(\d+),("[^"]*"|[^,]*)$/).slice(1).join(","));
  const a = seg(process.argv[1]), b = seg(process.argv[2]);
  if (a.length !== 5000 || a.length !== b.length) throw "rows";
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) throw "row " + (i + 1) + ": " + a[i] + " vs " + b[i];
  const ids = new Set(a.map(x => x.split(",")[0]));
  if (ids.size !== 3 || !a.some(x => x === "1,Merged VIP")) throw [...ids].join(" ");' "$TMP/pj5.csv" "$TMP/pa5.csv"
"$SEG" segment "$DEMO" --method rules --by industry,employees:size --out "$TMP/x.csv" --save-project "$TMP/pr.json" 2>/dev/null
check "rules settings are saved in the project" bash -c "'$SEG' project show '$TMP/pr.json' | grep -q '^rules       industry, employees:size'"
expect_fail 1 "model file, not a project" project show "$TMP/model.json"
node -e 'const fs=require("fs"); const p=JSON.parse(fs.readFileSync(process.argv[1])); p.version=7; fs.writeFileSync(process.argv[2], JSON.stringify(p));' "$TMP/p.json" "$TMP/pf.json"
expect_fail 1 "saved by a newer Segmenter (format version 7)" segment "$DEMO" --project "$TMP/pf.json" --out "$TMP/x.csv"
node -e 'const fs=require("fs"); const p=JSON.parse(fs.readFileSync(process.argv[1])); p.segmentation.k=5000; fs.writeFileSync(process.argv[2], JSON.stringify(p));' "$TMP/p.json" "$TMP/pk.json"
expect_fail 1 "segmentation.k\" must be from 1 to 1000" project show "$TMP/pk.json"

# Predicted customer value (issue 22): a deterministic transaction log (400 customers, 2024-2025).
node -e '
  let s = 12345; const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const day0 = Date.UTC(2024, 0, 1), rows = ["order_id,customer,order_date,qty,unit_price"];
  let n = 0;
  for (let c = 1; c <= 400; c++) {
    const rate = 0.02 + 0.2 * rnd(), life = 60 + 600 * rnd();
    for (let t = Math.floor(80 * rnd()); t < Math.min(life, 729); t += 1 + Math.floor(-Math.log(1 - rnd()) / rate)) {
      const d = new Date(day0 + t * 86400000).toISOString().slice(0, 10);
      rows.push(["A" + (++n), "C" + c, d, 1 + Math.floor(3 * rnd()), (5 + 30 * rnd()).toFixed(2)].join(","));
    }
  }
  require("fs").writeFileSync(process.argv[1], rows.join("\n") + "\n");' "$TMP/txns.csv"
"$SEG" segment "$TMP/txns.csv" --method clv --customer customer --date order_date --quantity qty --price unit_price --invoice order_id \
  --calibration-end 2025-06-30 --horizon 26 --discount-rate 0.002 --out "$TMP/clv.csv" --report "$TMP/clv.json" --model "$TMP/clvm.json" 2>/dev/null
check "clv: exits 0" test $? -eq 0
check "clv: OUT.csv columns and REPORT.json keys of the contract, no NaN" node -e '
  const fs = require("fs");
  const lines = fs.readFileSync(process.argv[1], "utf8").trim().split("\n");
  const want = "customer,frequency,recency,T,monetary,p_alive,expected_purchases,expected_value,clv,segment,segment_name,holdout_actual,holdout_expected";
  if (lines[0] !== want) throw lines[0];
  if (lines.length !== 401) throw "rows " + lines.length;
  if (/nan|inf/i.test(lines.slice(1).join("\n"))) throw "NaN in output";
  const j = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  for (const k of ["method","time_unit","observed_until","horizon","bgnbd","gamma_gamma","validation","segments","warnings"]) if (!(k in j)) throw k;
  if (j.method !== "clv" || j.time_unit !== "week" || j.horizon !== 26) throw "header";
  for (const k of ["r","alpha","a","b","log_likelihood","converged"]) if (!(k in j.bgnbd)) throw "bgnbd." + k;
  for (const k of ["p","q","v","customers","log_likelihood"]) if (!(k in j.gamma_gamma)) throw "gamma_gamma." + k;
  const v = j.validation;
  for (const k of ["calibration_end","holdout_periods","bgnbd","gamma_gamma","actual_total","predicted_total","by_frequency"]) if (!(k in v)) throw "validation." + k;
  if (v.calibration_end !== "2025-06-30" || v.by_frequency.length !== 8) throw "validation";
  for (const r of v.by_frequency) for (const k of ["frequency","customers","actual_mean","predicted_mean"]) if (!(k in r)) throw "by_frequency." + k;
  if (!(v.predicted_total > 0.5 * v.actual_total && v.predicted_total < 2 * v.actual_total)) throw "forecast " + v.predicted_total + " vs " + v.actual_total;
  if (j.segments.length !== 9 || j.segments[0].name !== "High value, active") throw "segments";
  const share = j.segments.reduce((a, s) => a + s.share_of_predicted_revenue, 0);
  if (Math.abs(share - 1) > 1e-9) throw "shares " + share;' "$TMP/clv.csv" "$TMP/clv.json"
check "clv: apply scores a later export without refitting" bash -c "
  '$SEG' apply '$TMP/clvm.json' '$TMP/txns.csv' --out '$TMP/clva.csv' 2>/dev/null &&
  head -1 '$TMP/clva.csv' | grep -q '^customer,frequency,recency,T,monetary,p_alive,expected_purchases,expected_value,clv,segment,segment_name\$' &&
  test \$(wc -l < '$TMP/clva.csv') -eq 401 &&
  cut -d, -f1-9 '$TMP/clv.csv' | sed 1d > '$TMP/c1' && cut -d, -f1-9 '$TMP/clva.csv' | sed 1d > '$TMP/c2' && cmp -s '$TMP/c1' '$TMP/c2'"
"$SEG" segment "$TMP/txns.csv" --method clv --customer customer --date order_date --quantity qty --price unit_price \
  --out "$TMP/clvde.csv" --report "$TMP/clvde.json" --lang de 2>/dev/null
check "clv --lang de: German segment names" node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1])); if (j.segments[1].name!=="Hoher Wert, droht abzuwandern") throw j.segments[1].name' "$TMP/clvde.json"
CLV=(segment "$TMP/txns.csv" --method clv --customer customer --date order_date --quantity qty --price unit_price --out "$TMP/x.csv" --report "$TMP/x.json")
expect_fail 1 "after the observed-until date 2025-01-31" "${CLV[@]}" --observed-until 2025-01-31
expect_fail 1 "nach dem Beobachtungsende 2025-01-31" "${CLV[@]}" --observed-until 2025-01-31 --lang de
expect_fail 1 "calibration end 2030-01-01 is outside the data" "${CLV[@]}" --calibration-end 2030-01-01
expect_fail 1 "Kalibrierungsende 2023-01-01 liegt außerhalb" "${CLV[@]}" --calibration-end 2023-01-01 --lang de
expect_fail 1 "discount rate per time unit" "${CLV[@]}" --discount-rate 2
expect_fail 2 "--time-unit must be day or week" "${CLV[@]}" --time-unit month
expect_fail 2 "needs --report" segment "$TMP/txns.csv" --method clv --customer customer --date order_date --amount qty --out "$TMP/x.csv"
printf 'customer,order_date,amount\nC1,2024-01-05,10\nC2,2024-02-05,12\nC3,2024-03-01,9\n' > "$TMP/once.csv"
expect_fail 1 "No customer bought more than once" segment "$TMP/once.csv" --method clv --customer customer --date order_date --amount amount --out "$TMP/x.csv" --report "$TMP/x.json"
printf 'customer,order_date,amount\nC1,2024-01-05,10\nC1,2024-02-05,12\nC1,2024-03-01,9\n' > "$TMP/one.csv"
expect_fail 1 "only one customer" segment "$TMP/one.csv" --method clv --customer customer --date order_date --amount amount --out "$TMP/x.csv" --report "$TMP/x.json"
printf 'customer,order_date,amount\nC1,2024-01-05,10\nC2,2024-01-05,12\nC1,2024-01-05,9\n' > "$TMP/day.csv"
expect_fail 1 "Alle Käufe liegen an einem Tag" segment "$TMP/day.csv" --method clv --customer customer --date order_date --amount amount --out "$TMP/x.csv" --report "$TMP/x.json" --lang de
# segment --explain: REPORT "explanation" (contract keys), OUT.csv rule_segment, and the rules applied
# by hand to the original values (empty cell = missing, goes where "missing" says) give rule_segment.
"$SEG" segment "$DEMO" --out "$TMP/ex.csv" --report "$TMP/ex.json" --model "$TMP/exm.json" --k 4 --seed 7 --explain \
  --explain-leaves 6 --features mrr_eur,employees,nps,seats,industry,plan 2> "$TMP/ex.err"
check "segment --explain exits 0" test $? -eq 0
check "rules applied to the original file reproduce rule_segment" node -e '
  const fs = require("fs");
  const rows = (t) => { const out = []; let row = [], f = "", q = false;
    for (let i = 0; i < t.length; i++) { const c = t[i];
      if (q) { if (c === "\"") { if (t[i + 1] === "\"") { f += c; i++; } else q = false; } else f += c; }
      else if (c === "\"") q = true; else if (c === ",") { row.push(f); f = ""; }
      else if (c === "\n") { row.push(f.replace(/\r$/, "")); out.push(row); row = []; f = ""; } else f += c; }
    if (f !== "" || row.length) { row.push(f); out.push(row); } return out; };
  const csv = rows(fs.readFileSync(process.argv[1], "utf8"));
  const ex = JSON.parse(fs.readFileSync(process.argv[2], "utf8")).explanation;
  for (const k of ["method", "leaves", "agreement", "cost_ratio", "rules"]) if (!(k in ex)) throw "key " + k;
  if (ex.method !== "exkmc" || ex.leaves > 6 || ex.leaves < 4 || ex.rules.length !== ex.leaves) throw "leaves " + ex.leaves;
  if (!(ex.agreement > 0.5 && ex.agreement <= 1 && ex.cost_ratio >= 1 - 1e-9)) throw "figures";
  const head = csv[0], col = (n) => head.indexOf(n), rs = col("rule_segment");
  if (rs !== head.length - 1) throw "rule_segment is not the last column";
  let levels = 0;
  for (const row of csv.slice(1)) {
    const hits = ex.rules.filter(r => r.conditions.every(c => {
      const v = row[col(c.column)];
      if (v === "") return c.missing;
      if (c.op === "<=") return Number(v) <= c.value;
      if (c.op === ">") return Number(v) > c.value;
      levels++;
      return c.op === "==" ? v === c.value : v !== c.value; }));
    if (hits.length !== 1) throw "row meets " + hits.length + " rules";
    if (String(hits[0].segment) !== row[rs]) throw "rule says " + hits[0].segment + ", rule_segment " + row[rs];
    if (!(hits[0].customers > 0)) throw "customers";
    for (const c of hits[0].conditions) if (!["<=", ">", "==", "!="].includes(c.op)) throw c.op;
  }
  if (csv.length !== 5001) throw "rows " + csv.length;' "$TMP/ex.csv" "$TMP/ex.json"
check "segment --explain prints the rules" grep -q "^  Segment 1 ≈ .* — fits" "$TMP/ex.err"
"$SEG" apply "$TMP/exm.json" "$DEMO" --out "$TMP/exa.csv" 2>/dev/null
check "apply writes the same rule_segment" cmp -s <(awk -F, '{ print $NF }' "$TMP/ex.csv") <(awk -F, '{ print $NF }' "$TMP/exa.csv")
check "sql --rules writes one CASE WHEN query" bash -c "'$SEG' sql '$TMP/exm.json' --rules --dialect bigquery --table crm.customers | grep -q '^  CASE$'"
expect_fail 1 "holds no rules" sql "$TMP/pm5.json" --rules --dialect postgres --table t
expect_fail 2 "explains kmeans, gmm and mixed" segment "$DEMO" --method rules --by industry --explain --out "$TMP/x.csv"
expect_fail 1 "between k = 4 and 1024 leaves" segment "$DEMO" --k 4 --explain-leaves 2 --out "$TMP/x.csv"
"$SEG" segment "$DEMO" --out "$TMP/exde.csv" --k 3 --explain --lang de 2> "$TMP/exde.err"
check "German rule texts" grep -q "seiner Kunden zu" "$TMP/exde.err"
# customers: transactions -> one row per customer (a log whose answers are worked out by hand).
printf 'Rechnungsnr.;Kundennr.;Rechnungsdatum;Menge;St\xc3\xbcckpreis;Land\n1001;A;01.01.2024;2;5,10;DE\n1001;A;01.01.2024;1;0,15;DE\nC1002;A;03.01.2024;-1;5,10;DE\n1003;B;05.01.2024;1;3,00;AT\n1004;;06.01.2024;1;1,00;DE\n1005;A;20.01.2024;3;0,10;CH\n' > "$TMP/txns.csv"
"$SEG" customers "$TMP/txns.csv" --keep Land --out "$TMP/cust.csv" --report "$TMP/cust.json" 2> "$TMP/cust.err"
check "customers exits 0" test $? -eq 0
check "customers: the contract columns and exact values" bash -c "diff <(printf 'Kundennr.,first_purchase,last_purchase,recency_days,purchases,revenue,average_order_value,tenure_days,returns,Land,returned_value\nA,2024-01-01,2024-01-20,1,2,10.65,5.33,20,1,DE,5.10\nB,2024-01-05,2024-01-05,16,1,3.00,3.00,16,0,AT,0.00\n') '$TMP/cust.csv'"
check "customers: guessed columns said on stderr" grep -q 'detected: customer: "Kundennr."' "$TMP/cust.err"
check "customers: report counts and purchase basis" node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1])); const t=j.transactions; if (t.lines!==6||t.used!==4||t.cancelled!==1||t.missing_customer!==1||t.purchases_basis!=="distinct_invoices"||t.skipped_listed[0].line!==4||j.columns.invoice!=="Rechnungsnr.") throw JSON.stringify(t)' "$TMP/cust.json"
"$SEG" customers "$TMP/txns.csv" --customer Kundennr. --date Rechnungsdatum --quantity Menge --price Stückpreis --as-of 2024-02-01 --lang de --out "$TMP/cust2.csv" 2> "$TMP/cust2.err"
check "customers --as-of, German notes" bash -c "grep -q '^A,2024-01-01,2024-01-20,12,2,' '$TMP/cust2.csv' && grep -q 'Käufe = verschiedene Rechnungen' '$TMP/cust2.err'"
expect_fail 2 "customers needs --out" customers "$TMP/txns.csv"
expect_fail 1 "no column named \"Kunde\"" customers "$TMP/txns.csv" --customer Kunde --out "$TMP/x.csv"
# rfm from transactions without --invoice: the invoice column found by name, said on stderr and in the report.
"$SEG" segment "$TMP/txns.csv" --method rfm --customer Kundennr. --date Rechnungsdatum --quantity Menge --price Stückpreis --out "$TMP/rfmt.csv" --report "$TMP/rfmt.json" 2> "$TMP/rfmt.err"
check "rfm from transactions counts invoices found by name" bash -c "grep -q 'distinct invoices of the column \"Rechnungsnr.\"' '$TMP/rfmt.err' && grep -q '^A,1,2,10.65' '$TMP/rfmt.csv' && node -e 'const j=JSON.parse(require(\"fs\").readFileSync(process.argv[1])); if (j.rfm.purchases_basis!==\"distinct_invoices\"||j.rfm.invoice_column!==\"Rechnungsnr.\") throw 1' '$TMP/rfmt.json'"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
