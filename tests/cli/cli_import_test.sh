# Issue 20 through the CLI (sourced by cli_test.sh: uses its SEG, REPO, TMP, check, ok, bad,
# expect_fail): the issue's exact bytes, plus German Excel variants generated here (semicolon,
# decimal comma, Windows-1252 or UTF-8 with BOM, CRLF), and `COMMAND --help` for every command.
I="$TMP/import20"
mkdir -p "$I"
# german FILE: the comma/LF/UTF-8 file as German Excel writes it -> FILE.de1252.csv and FILE.debom.csv
german() {
  node -e '
    const fs = require("fs"); const src = fs.readFileSync(process.argv[1], "utf8");
    const t = src.split("\n").filter((l, i, a) => i < a.length - 1 || l !== "").map(l => l.split(",").map(c =>
      /^-?\d+\.\d+$/.test(c) ? c.replace(".", ",") : c).join(";")).join("\r\n") + "\r\n";
    const cp = Buffer.from([...t].map(ch => ch.charCodeAt(0) < 256 ? ch.charCodeAt(0) : 63));
    fs.writeFileSync(process.argv[1].replace(/\.csv$/, ".de1252.csv"), cp);
    fs.writeFileSync(process.argv[1].replace(/\.csv$/, ".debom.csv"), Buffer.concat([Buffer.from([0xef,0xbb,0xbf]), Buffer.from(t, "utf8")]));
  ' "$1"
}
jq_() { node -e 'const j = JSON.parse(require("fs").readFileSync(0, "utf8")); const f = new Function("j", "return " + process.argv[1]); const v = f(j); if (v !== true) { console.error(JSON.stringify(j.header_detection), JSON.stringify(j.report)); process.exit(1); }' "$1"; }

# 1. A padded title row is skipped, with a note naming the line; round trip keeps it.
printf 'Kundenliste Q3 2026;;;\nName;Stadt;Umsatz;Datum\nMueller;Berlin;12,5;01.02.2026\nSchmidt;Hamburg;7,25;03.02.2026\n' > "$I/title.csv"
"$SEG" inspect "$I/title.csv" --json > "$I/title.json"
check "padded title: header line 2, title line 1, Umsatz numeric" jq_ 'j.header_detection.line === 2 && j.header_detection.title_lines[0] === 1 && j.columns[2].type === "numeric" && j.row_count === 2' < "$I/title.json"
check "padded title: inspect says which line is the header" bash -c "'$SEG' inspect '$I/title.csv' | grep -q '^header      yes, line 2 (auto); --no-header'"
check "padded title: inspect names the skipped line" bash -c "'$SEG' inspect '$I/title.csv' | grep -q '^title       line 1 skipped'"
printf 'Kundenliste Q3 2026,,,\nName,Stadt,Umsatz,Kunde seit\nMüller,Berlin,12.5,2024-01-02\nWeiß,Köln,7.25,2023-05-06\nBauer,Bonn,3.5,2022-07-08\n' > "$I/title_us.csv"
german "$I/title_us.csv"
for f in title_us title_us.de1252 title_us.debom; do
  check "padded title ($f): header line 2, 3 rows" bash -c "'$SEG' inspect '$I/$f.csv' --json | node -e 'const j=JSON.parse(require(\"fs\").readFileSync(0,\"utf8\")); if (j.header_detection.line!==2||j.row_count!==3||j.columns[2].type!==\"numeric\") process.exit(1)'"
  "$SEG" segment "$I/$f.csv" --out "$I/$f.out.csv" --k 2 --features Umsatz 2>/dev/null
  check "padded title ($f): the export starts with the title line, byte for byte" bash -c "head -c 20 '$I/$f.out.csv' | cmp -s - <(head -c 20 '$I/$f.csv')"
done
check "German note with --lang de" bash -c "'$SEG' inspect '$I/title.csv' --lang de | grep -q 'Über der Kopfzeile übersprungen: Zeile 1'"

# 2. A header-less file keeps its first customer.
printf 'Mueller,Berlin,yes\nSchmidt,Hamburg,no\nMeier,Berlin,yes\nBauer,Hamburg,no\n' > "$I/noheader.csv"
check "header-less: 4 rows, no header" bash -c "'$SEG' inspect '$I/noheader.csv' --json | node -e 'const j=JSON.parse(require(\"fs\").readFileSync(0,\"utf8\")); if (j.header!==false||j.row_count!==4||j.header_detection.unsure) process.exit(1)'"
check "header-less: inspect says how to change it" bash -c "'$SEG' inspect '$I/noheader.csv' | grep -q '^header      no, data from line 1 (auto); --header reads that line as the header'"
printf 'Müller,Berlin,ja,12.5\nSchmidt,Hamburg,nein,7.25\nWeiß,Berlin,ja,3.5\nBauer,München,nein,8.75\n' > "$I/noheader_us.csv"
german "$I/noheader_us.csv"
for f in noheader_us noheader_us.de1252 noheader_us.debom; do
  check "header-less ($f): 4 rows" bash -c "'$SEG' inspect '$I/$f.csv' --json | node -e 'const j=JSON.parse(require(\"fs\").readFileSync(0,\"utf8\")); if (j.header!==false||j.row_count!==4) process.exit(1)'"
done
printf 'Anna,Berlin\nBert,Hamburg\nCarla,Bremen\n' > "$I/unsure.csv"
"$SEG" inspect "$I/unsure.csv" > "$I/unsure.txt" 2> "$I/unsure.err"
check "unsure: inspect marks it" grep -q '^header      yes, line 1 (auto, not sure); --no-header reads it as a customer' "$I/unsure.txt"
check "unsure: stderr says which line and how to change it" grep -q 'read line 1 as the header (not sure); if it is a customer, run again with --no-header' "$I/unsure.err"
check "unsure: the JSON carries the flag" bash -c "'$SEG' inspect '$I/unsure.csv' --json 2>/dev/null | node -e 'const j=JSON.parse(require(\"fs\").readFileSync(0,\"utf8\")); if (j.header_detection.unsure!==true) process.exit(1)'"
check "unsure: --no-header is final and quiet" bash -c "'$SEG' inspect '$I/unsure.csv' --no-header 2>&1 >/dev/null | grep -c . | grep -q '^0$'"

# 3. An explicit choice is final.
printf 'Kundenliste\nMueller,Berlin,yes\nSchmidt,Hamburg,no\n' > "$I/short_first.csv"
"$SEG" inspect "$I/short_first.csv" --no-header > "$I/sf.txt"
check "--no-header: a short first record is a rejected row with its line" grep -q '^rejected line 1:' "$I/sf.txt"
check "--no-header: nothing is skipped above the header" bash -c "! grep -q 'above the header' '$I/sf.txt'"
check "--no-header: 2 rows" grep -q '^rows        2 (rejected: 1)' "$I/sf.txt"
printf 'a,b,c,d\n1,2,3\n4,5,6\n7,8,9\n' > "$I/long_first.csv"
check "--no-header: a long first record is a rejected row" bash -c "'$SEG' inspect '$I/long_first.csv' --no-header | grep -q '^rejected line 1: 4 fields, expected 3'"
printf 'Name,Stadt\nMueller,Berlin,yes\nSchmidt,Hamburg,no\nMeier,Bremen\n' > "$I/wide.csv"
check "--header: a wide data row never replaces the header" bash -c "'$SEG' inspect '$I/wide.csv' --header --json | node -e 'const j=JSON.parse(require(\"fs\").readFileSync(0,\"utf8\")); if (j.columns[0].name!==\"Name\"||j.header_detection.line!==1||j.report.rejected.length!==2) process.exit(1)'"
german "$I/short_first.csv"
for f in short_first.de1252 short_first.debom; do
  check "--no-header ($f): rejected line 1" bash -c "'$SEG' inspect '$I/$f.csv' --no-header | grep -q '^rejected line 1:'"
done

# 4. Control bytes do not make a text file binary; 0x1F / 0x1E delimiters.
printf 'id,note\n1,"a\bb"\n2,"x\vy"\n3,plain\n' > "$I/copy.csv"
check "PostgreSQL COPY backspace and a vertical tab: read" bash -c "'$SEG' inspect '$I/copy.csv' | grep -q '^rows        3 (rejected: 0)'"
printf 'id,revenue\r\n1,12.5\r\n2,7\r\n\x1a' > "$I/dos.csv"
check "final Ctrl-Z: dropped with a note" bash -c "'$SEG' inspect '$I/dos.csv' | grep -q 'Ctrl-Z'"
check "final Ctrl-Z: 2 rows, none rejected" bash -c "'$SEG' inspect '$I/dos.csv' | grep -q '^rows        2 (rejected: 0)'"
"$SEG" segment "$I/dos.csv" --out "$I/dos.out.csv" --k 1 --features revenue 2>/dev/null
check "final Ctrl-Z: kept at the end of the export" bash -c "tail -c 1 '$I/dos.out.csv' | od -An -tx1 | grep -q 1a"
printf 'id\x1fname\x1frevenue\n1\x1fMueller\x1f12.5\n2\x1fSchmidt\x1f7\n' > "$I/us.csv"
check "0x1F found by the sniffer" bash -c "'$SEG' inspect '$I/us.csv' | grep -q '^delimiter   unit separator (0x1F) (auto)'"
tr '\037' '\036' < "$I/us.csv" > "$I/rs.csv"
check "0x1E named with --delimiter rs" bash -c "'$SEG' inspect '$I/rs.csv' --delimiter rs | grep -q '^delimiter   record separator (0x1E) (set)'"
check "0x1F named with --delimiter 0x1f" bash -c "'$SEG' inspect '$I/us.csv' --delimiter 0x1f --json | node -e 'const j=JSON.parse(require(\"fs\").readFileSync(0,\"utf8\")); if (j.column_count!==3) process.exit(1)'"
printf 'PK\003\004\024\000\006\000[Content_Types].xml xl/workbook.xml' > "$I/book.xlsx"
expect_fail 1 "The workbook is damaged" inspect "$I/book.xlsx"  # a zip: the workbook reader says what is wrong
printf '%%PDF-1.7\n1 0 obj\n' > "$I/doc.pdf"
expect_fail 1 "a PDF document" inspect "$I/doc.pdf"

# 5. Messages say the truth.
printf 'x,"unclosed\n1,2\n' > "$I/q0.csv"
check "quote fallback note says line 1" bash -c "'$SEG' inspect '$I/q0.csv' | grep -q 'A quote opened in line 1 is never closed'"
printf 'a,b\n1,"x\n' > "$I/only.csv"
expect_fail 1 "The only data row has a quote that is never closed" inspect "$I/only.csv"
check "unclosed quote in the only data row: line 2" bash -c "'$SEG' inspect '$I/only.csv' 2>&1 | grep -q 'line 2'"
check "unclosed quote, German" bash -c "'$SEG' inspect '$I/only.csv' --lang de 2>&1 | grep -q 'einzige Datenzeile'"
printf 'h1,h2,h3\na,"b"c,d\n' > "$I/stray.csv"
check "stray quote: note with line and column" bash -c "'$SEG' inspect '$I/stray.csv' | grep -q 'Text after a closing quote in line 2, column 2'"
check "stray quote: read like Python (bc)" bash -c "'$SEG' inspect '$I/stray.csv' --json --rows 1 | node -e 'const j=JSON.parse(require(\"fs\").readFileSync(0,\"utf8\")); if (j.rows[0][1]!==\"bc\") process.exit(1)'"
printf 'id,name,city\n1,"B" ,Berlin\n2,C,Hamburg\n' > "$I/space.csv"
check "spaces after a closing quote: note" bash -c "'$SEG' inspect '$I/space.csv' | grep -q 'Spaces after a closing quote in line 2, column 2'"
printf 'Kunde,Ort,Umsatz\nMüller,"Köln"er,12.5\nWeiß,Bonn,7.25\n' > "$I/stray_us.csv"
german "$I/stray_us.csv"
for f in stray_us.de1252 stray_us.debom; do
  check "stray quote ($f): note" bash -c "'$SEG' inspect '$I/$f.csv' | grep -q 'line 2, column 2'"
done

# 6. COMMAND --help for every command; every accepted flag documented.
for c in inspect segment apply sql compare export-crm demo privacy project customers; do
  "$SEG" "$c" --help > "$I/help_$c.txt" 2>&1
  check "$c --help exits 0" test $? -eq 0
  check "$c --help prints its usage" grep -q "^usage: segmenter $c" "$I/help_$c.txt"
  check "$c --help documents every flag it accepts" bash -c "! grep -q '(undocumented)' '$I/help_$c.txt'"
done
check "inspect --help lists --header" grep -q -- '--header ' "$I/help_inspect.txt"
check "segment --help lists --k" grep -q -- '--k N|auto' "$I/help_segment.txt"
"$SEG" help > "$I/help_main.txt"
check "every flag in src/cli is in some --help" bash -c "for f in \$(grep -ho '\"--[a-z0-9-]*\"' '$REPO'/src/cli/*.cpp | tr -d '\"' | sort -u | grep -v '^--\$' | grep -v '^--help\$'); do grep -q -- \"\$f\" '$I'/help_*.txt || { echo \"missing \$f\" >&2; exit 1; }; done"
check "an unknown option points to the command's --help" bash -c "'$SEG' inspect x.csv --bogus 2>&1 | grep -q 'segmenter inspect --help'"
