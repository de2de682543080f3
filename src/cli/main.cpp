// segmenter — customer segmentation on the command line. Thin shell over the seg core.
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"

namespace {

constexpr const char* kUsage = R"(segmenter — customer segmentation (the same core as the browser app)

usage:
  segmenter inspect FILE [--json] [--rows N] [import options]
      Detected dialect (encoding, delimiter, quote, decimal separator, header) and every column's
      name, type, missing and distinct count. --rows N adds the first N rows as read.
  segmenter segment FILE --out OUT.csv [--report REPORT.json] [--model MODEL.json] [--k N|auto]
                    [--seed S] [--features a,b,c]
      k-means over the chosen (default: all numeric) columns after imputation, log1p of skewed
      columns and z-scaling. OUT.csv holds every original row and column unchanged plus
      `segment` and `segment_name`. REPORT.json: sizes, profiles, KPIs, quality, k scores.
      --k auto [--k-min 2 --k-max 10 --min-share 0.02]  choose k and explain why
      --scale zscore|robust|minmax|none   --log auto|none|a,b   --clip 0.01 (quantile clipping)
      --weights a=2,b=0.5   --kpi revenue=col,churn=col,nps=col,margin=col,conversion=col,...
      --no-formula-guard  do not neutralise cells starting with = + - @ in the export
      --lang en|de  segment names, descriptions, the k explanation and notes in English (default)
                    or German (OUT.csv's segment_name, REPORT.json, MODEL.json names)
      --explain [--explain-leaves N]  segments as threshold rules (IMM; ExKMC up to N leaves):
                    REPORT.json "explanation", OUT.csv `rule_segment`, MODEL.json keeps the tree
      --project P.json   the settings of a saved project (explicit flags win); with embedded data
                         FILE may be left out. --save-project P.json [--include-data] saves them.
  segmenter project show P.json [--json]
      A project file's settings: source file (name, size, SHA-256), import overrides, method,
      parameters, segment edits, and whether the data is included.
  segmenter apply MODEL.json FILE --out OUT.csv
      Applies a saved model to another file with the same columns (e.g. next month's export).
  segmenter sql MODEL.json --dialect postgres|sqlite|duckdb|bigquery|spark --table TABLE
                [--id COL] [--out FILE.sql] [--rules] [--lang en|de]
      The model (kmeans, rules, rfm from customer columns) as one standard SQL query returning
      id, segment and segment_name for every row of TABLE, as `apply` would (--id: the model's
      identifier column; customer_id for older models). Numbers stored as text are read as the
      importer reads them (blank or not a number: missing).
      --rules: the model's --explain rules as one CASE WHEN query (id, rule_segment, segment_name).
  segmenter compare MODEL.json OLD.csv NEW.csv --id COL --out MOVES.csv [--report COMPARE.json]
                    [--kpi revenue=col,...]
      Applies the model to two snapshots and matches customers by the id's text. MOVES.csv: id,
      old_segment, new_segment, old_segment_id, new_segment_id, status (stayed/moved/new/churned),
      old_row, new_row. COMPARE.json: migration matrix, growth, KPI deltas, duplicate/missing ids.
  segmenter export-crm SEGMENTED.csv --preset hubspot|salesforce|mailing --out OUT
                    [--id COL] [--email COL] [--segment-column segment_name] [--split]
      Segments for a CRM import: hubspot (id[,Email],segmenter_segment), salesforce
      (Id[,Email],Segment__c), mailing (email,segment; --split: one file per segment in OUT/).
  segmenter customers TXNS.csv --customer COL --date COL (--amount COL | --quantity COL --price COL)
                    [--invoice COL] [--status COL] [--as-of yyyy-mm-dd] [--keep country,...]
                    --out CUSTOMERS.csv [--report REPORT.json] [--lang en|de]
      One row per customer from a transaction file: the customer column, first_purchase,
      last_purchase, recency_days, purchases (distinct invoices, else distinct days), revenue,
      average_order_value, tenure_days, returns, the kept columns (most frequent value),
      returned_value. Roles not given are detected by name and said on stderr; cancelled,
      non-positive, id-less and undated lines are counted and listed in REPORT.json.
  segmenter demo [--rows N] [--seed S] [--out FILE]
      Writes the generated demo customer base (B2B SaaS, DACH) as CSV.

  segmenter privacy FILE [--json] [--lang en|de] [--keep COL] [import options]
      Columns holding personal data (e-mail, phone, IBAN, address, postcode, name, birth date,
      IP, notes), why, and which columns an export would contain.

privacy options (segment, apply; privacy shows their effect):
  --drop-personal | --mask-personal   leave detected personal columns out of OUT.csv, or write ***
  --pseudonymise COL[,COL2] --key-file F   HMAC-SHA-256 pseudonyms (64 hex digits) instead of values
  --keep COL[,COL2]   not personal data (a false positive): kept, and usable as a default feature
  --record RECORD.md|RECORD.html [--record-lang en|de]   processing record, no data values (segment)
  Detected personal columns are never default clustering features; name them in --features.

import options:
  --encoding utf-8|utf-16le|utf-16be|windows-1252   --delimiter , ; tab |   --decimal . ,
  --no-header   --missing a,b (extra missing-value markers)   --stop-on-bad-rows

Exit status: 0 on success, 1 for bad input, 2 for bad arguments; the message names the problem.
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version" || args[0] == "version") {
    std::cout << "segmenter " << seg::cli::kSegmenterVersion << "\n";
    return 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "inspect") return seg::cli::RunInspect(args);
  if (command == "segment") return seg::cli::RunSegment(args);
  if (command == "demo") return seg::cli::RunDemo(args);
  if (command == "apply") return seg::cli::RunApply(args);
  if (command == "sql") return seg::cli::RunSql(args);
  if (command == "privacy") return seg::cli::RunPrivacy(args);
  if (command == "compare") return seg::cli::RunCompare(args);
  if (command == "export-crm") return seg::cli::RunExportCrm(args);
  if (command == "project") return seg::cli::RunProject(args);
  if (command == "customers") return seg::cli::RunCustomers(args);
  std::cerr << "segmenter: unknown command \"" << command << "\" (run `segmenter help`)\n";
  return 2;
}
