// The help tables of every `segmenter` command and the printer behind `segmenter COMMAND --help`.
#include "cli_help.hpp"

#include <cstdio>
#include <map>

namespace seg::cli {
namespace {

// Shared by every command that reads a CSV (kImportValueFlags / kImportBoolFlags).
const std::vector<FlagHelp> kImportFlags = {
    {"--encoding", "utf-8|utf-16le|utf-16be|windows-1252", "the file's encoding (default: detected)"},
    {"--delimiter", "D", ", ; | tab, us (0x1F) or rs (0x1E) (default: detected)"},
    {"--decimal", ". or ,", "the decimal separator (default: detected)"},
    {"--header", "", "the first line of the table is the header (final: no title row is skipped)"},
    {"--no-header", "", "the first line is a customer; columns are called column_1, column_2, ..."},
    {"--missing", "a,b", "more missing-value markers on top of empty, NA, N/A, null, -, ?"},
    {"--stop-on-bad-rows", "", "stop at the first malformed row (default: set it aside and list it)"},
    {"--lang", "en|de", "texts and notes in English (default) or German"},
    {"--sheet", "NAME|N", "Excel workbooks (.xlsx, .xlsm): the sheet to read (default: the first worksheet)"},
};

// Shared by segment, apply and privacy (kPrivacyValueFlags / kPrivacyBoolFlags / kRecordValueFlags).
const std::vector<FlagHelp> kPrivacyFlags = {
    {"--drop-personal", "", "leave detected personal columns out of OUT.csv"},
    {"--mask-personal", "", "write *** for detected personal values"},
    {"--pseudonymise", "COL[,COL2]", "HMAC-SHA-256 pseudonyms (64 hex digits) instead of the values"},
    {"--key-file", "F", "the key for --pseudonymise"},
    {"--keep", "COL[,COL2]", "not personal data (a false positive): kept, usable as a default feature"},
    {"--record", "RECORD.md|RECORD.html", "writes a processing record (no data values)"},
    {"--record-lang", "en|de", "the language of the processing record"},
};

const std::vector<FlagHelp> kSegmentFlags = {
    {"--out", "OUT.csv", "every original row and column unchanged plus segment and segment_name"},
    {"--report", "REPORT.json", "sizes, profiles, KPIs, quality, k scores"},
    {"--model", "MODEL.json", "the fitted model, for `segmenter apply` and `segmenter sql`"},
    {"--method", "kmeans|gmm|mixed|rules|rfm|clv", "the segmentation method (default kmeans)"},
    {"--k", "N|auto", "number of segments, or auto to choose k and explain why"},
    {"--k-min", "N", "smallest k tried by --k auto (default 2)"},
    {"--k-max", "N", "largest k tried by --k auto (default 10)"},
    {"--min-share", "F", "smallest segment share --k auto accepts (default 0.02)"},
    {"--seed", "S", "random seed (same seed, same labels)"},
    {"--features", "a,b,c", "columns to segment on (default: all numeric, no personal data)"},
    {"--scale", "zscore|robust|minmax|none", "scaling of the features"},
    {"--log", "auto|none|a,b", "log1p of skewed columns (auto) or of the named ones"},
    {"--clip", "Q", "quantile clipping, e.g. 0.01"},
    {"--weights", "a=2,b=0.5", "feature weights"},
    {"--kpi", "revenue=col,churn=col,...", "KPI columns (default: recognised by name)"},
    {"--missing-indicators", "", "adds a 0/1 \"<column> missing\" feature per column with gaps"},
    {"--mini-batch", "N|auto|off", "mini-batch k-means before the exact pass"},
    {"--covariance", "full|diagonal", "GMM covariance (--method gmm)"},
    {"--categorical", "a,b", "categorical columns for --method mixed"},
    {"--gamma", "G", "weight of categorical mismatches (--method mixed)"},
    {"--by", "col[:size|:qN|:cuts=a|b],...", "rule columns (--method rules)"},
    {"--customer", "COL", "customer id of a transaction file (--method rfm, clv)"},
    {"--date", "COL", "transaction date (--method rfm, clv)"},
    {"--amount", "COL", "transaction amount (--method rfm, clv)"},
    {"--quantity", "COL", "quantity, with --price instead of --amount (--method rfm, clv)"},
    {"--price", "COL", "unit price (--method rfm, clv)"},
    {"--invoice", "COL", "invoice number; C... invoices are cancellations (--method rfm, clv)"},
    {"--as-of", "yyyy-mm-dd", "the reference date for recency (--method rfm)"},
    {"--recency", "COL|DATE_COL", "recency of a customer file (--method rfm)"},
    {"--frequency", "COL", "frequency of a customer file (--method rfm)"},
    {"--monetary", "COL", "monetary value of a customer file (--method rfm)"},
    {"--rfm-map", "MAP.json", "replaces the R x F segment map (--method rfm)"},
    {"--time-unit", "day|week", "time unit of the CLV models (--method clv; default week)"},
    {"--horizon", "N", "forecast horizon in time units (--method clv; default 52)"},
    {"--discount-rate", "R", "discount rate per time unit (--method clv; default 0)"},
    {"--margin", "F|P%", "profit margin applied to the CLV (--method clv)"},
    {"--observed-until", "yyyy-mm-dd", "last observed day, inclusive (--method clv; default: the last transaction)"},
    {"--calibration-end", "yyyy-mm-dd", "fit up to this day and report the holdout forecast (--method clv)"},
    {"--explain", "", "explains k-means/GMM/mixed segments as threshold rules (REPORT explanation, rule_segment)"},
    {"--explain-leaves", "N", "rules with up to N leaves (default k; ExKMC expansion beyond k)"},
    {"--no-formula-guard", "", "do not neutralise cells starting with = + - @ in the export"},
    {"--project", "P.json", "the settings of a saved project (explicit flags win)"},
    {"--save-project", "P.json", "saves the settings as a project"},
    {"--include-data", "", "with --save-project: embed the data in the project"},
};

const std::vector<CommandHelp> kCommands = {
    {"apply", "segmenter apply MODEL.json FILE --out OUT.csv [options]",
     "Applies a saved model to another file with the same columns (e.g. next month's export).",
     {{"--out", "OUT.csv", "the file with segment and segment_name appended"},
      {"--no-formula-guard", "", "do not neutralise cells starting with = + - @ in the export"},
      {"--observed-until", "yyyy-mm-dd", "CLV models: the last observed day of the later export"},
      {"--report", "REPORT.json", "CLV models: the scoring report"}},
     true, true},
    {"customers",
     "segmenter customers TXNS.csv [--customer COL --date COL (--amount COL | --quantity COL --price COL)] --out CUSTOMERS.csv [options]",
     "Turns an order or invoice export (one row per line) into one row per customer: first and last\n"
     "purchase, recency, purchases, revenue, average order value, tenure, returns, kept columns.",
     {{"--customer", "COL", "the customer id column (default: recognised by name and type)"},
      {"--date", "COL", "the transaction date"},
      {"--amount", "COL", "the line amount"},
      {"--quantity", "COL", "quantity, with --price instead of --amount"},
      {"--price", "COL", "unit price"},
      {"--invoice", "COL", "invoice or order number: purchases = distinct invoices (else distinct days)"},
      {"--status", "COL", "a status column; cancelled/refunded/storniert lines are returns"},
      {"--as-of", "yyyy-mm-dd", "snapshot date for recency (default: the day after the last purchase)"},
      {"--keep", "a,b", "categorical columns kept as each customer's most frequent value"},
      {"--out", "CUSTOMERS.csv", "the customer table"},
      {"--report", "REPORT.json", "what was counted, every unused line by reason"}},
     true, false},
    {"compare", "segmenter compare MODEL.json OLD.csv NEW.csv --id COL --out MOVES.csv [options]",
     "Applies the model to two snapshots and matches customers by the id's text.",
     {{"--id", "COL", "the customer id column"},
      {"--out", "MOVES.csv", "id, old/new segment, status (stayed/moved/new/churned), rows"},
      {"--report", "COMPARE.json", "migration matrix, growth, KPI deltas, duplicate/missing ids"},
      {"--kpi", "revenue=col,...", "KPI columns"},
      {"--no-formula-guard", "", "do not neutralise cells starting with = + - @ in the export"}},
     true, false},
    {"demo", "segmenter demo [--rows N] [--seed S] [--out FILE]",
     "Writes the generated demo customer base (B2B SaaS, DACH) as CSV.",
     {{"--rows", "N", "number of customers"}, {"--seed", "S", "random seed"}, {"--out", "FILE", "output file (default stdout)"}},
     false, false},
    {"export-crm", "segmenter export-crm SEGMENTED.csv --preset hubspot|salesforce|mailing --out OUT [options]",
     "Segments for a CRM import.",
     {{"--preset", "hubspot|salesforce|mailing", "the CRM's column layout"},
      {"--out", "OUT", "output file (a folder with --split)"},
      {"--id", "COL", "the customer id column"},
      {"--email", "COL", "the e-mail column"},
      {"--segment-column", "COL", "the segment column (default segment_name)"},
      {"--split", "", "one file per segment (mailing)"}},
     true, false},
    {"inspect", "segmenter inspect FILE [--json] [--rows N] [import options]",
     "Detected dialect (encoding, delimiter, quote, decimal separator, header and the line it is in)\n"
     "and every column's name, type, missing and distinct count.",
     {{"--json", "", "the same as JSON"}, {"--rows", "N", "adds the first N rows as read"}},
     true, false},
    {"privacy", "segmenter privacy FILE [--json] [--lang en|de] [--keep COL] [import options]",
     "Columns holding personal data, why, and which columns an export would contain.",
     {{"--json", "", "the same as JSON"}},
     true, true},
    {"project", "segmenter project show P.json [--json]",
     "A project file's settings: source file, import overrides, method, parameters, edits.",
     {{"--json", "", "the settings as JSON"}},
     false, false},
    {"segment", "segmenter segment FILE --out OUT.csv [options]",
     "Segments the customers and writes every original row with its segment.",
     kSegmentFlags, true, true},
    {"sql", "segmenter sql MODEL.json --dialect D --table TABLE [--id COL] [--out FILE.sql]",
     "The model as one standard SQL query returning id, segment and segment_name for every row.",
     {{"--dialect", "postgres|sqlite|duckdb|bigquery|spark", "the SQL dialect"},
      {"--table", "TABLE", "the table to label (may be qualified)"},
      {"--id", "COL", "the id column (default: the model's identifier column)"},
      {"--rules", "", "the model's --explain rules as one CASE WHEN query (rule_segment)"},
      {"--lang", "en|de", "warnings in English (default) or German"},
      {"--out", "FILE.sql", "output file (default stdout)"}},
     false, false},
};

std::string& CurrentName() {
  static std::string name;
  return name;
}

}  // namespace

const std::vector<CommandHelp>& AllCommandHelp() { return kCommands; }

const CommandHelp* FindCommandHelp(std::string_view name) {
  for (const auto& c : kCommands) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

void SetCurrentCommand(std::string_view name) { CurrentName() = std::string(name); }
const std::string& CurrentCommand() { return CurrentName(); }

void PrintCommandHelp(const std::set<std::string>& values, const std::set<std::string>& bools) {
  const CommandHelp* help = FindCommandHelp(CurrentCommand());
  std::map<std::string, const FlagHelp*> docs;
  auto add = [&](const std::vector<FlagHelp>& flags) {
    for (const auto& f : flags) docs.emplace(f.flag, &f);
  };
  if (help) {
    add(help->flags);
    if (help->import) add(kImportFlags);
    if (help->privacy) add(kPrivacyFlags);
    std::printf("usage: %s\n\n%s\n\noptions:\n", help->usage, help->summary);
  } else {
    std::printf("usage: segmenter %s [options]\n\noptions:\n", CurrentCommand().c_str());
  }
  auto print = [&](const std::string& flag) {
    auto it = docs.find(flag);
    if (it == docs.end()) {
      std::printf("  %-28s (undocumented)\n", flag.c_str());
      return;
    }
    std::string left = flag;
    if (*it->second->arg) left += std::string(" ") + it->second->arg;
    if (left.size() > 28) std::printf("  %s\n  %-28s %s\n", left.c_str(), "", it->second->text);
    else std::printf("  %-28s %s\n", left.c_str(), it->second->text);
  };
  // In the table's order (the command's own flags first, then the shared groups), then any other.
  std::set<std::string> accepted = values;
  accepted.insert(bools.begin(), bools.end());
  std::set<std::string> printed;
  if (help) {
    for (const auto* group : {&help->flags, help->import ? &kImportFlags : nullptr, help->privacy ? &kPrivacyFlags : nullptr}) {
      if (!group) continue;
      for (const auto& f : *group) {
        if (accepted.count(f.flag) && printed.insert(f.flag).second) print(f.flag);
      }
    }
  }
  for (const auto& flag : accepted) {
    if (printed.insert(flag).second) print(flag);
  }
  std::printf("  %-28s %s\n", "--help, -h", "this text");
}

}  // namespace seg::cli
