#include "type_infer.hpp"

#include <cctype>
#include <cstring>

namespace seg::io::detail {

void ColumnInference::AddExample(std::string_view value) {
  for (const auto& e : examples_) {
    if (e == value) return;
  }
  examples_.emplace_back(value);
}

unsigned ColumnInference::Observe(std::string_view value, const std::vector<std::string>& missing_markers) {
  if (!(missing_markers.empty() && infer_detail::CertainlyPresent(value)) && IsMissingValue(value, missing_markers)) {
    ++missing_;
    return kObservedMissing;
  }
  unsigned changed = present_ == 0;
  if (infer_detail::HasSpace(value)) ++spaces_;
  CountPresent(value);
  if (bool_ok_) {
    BoolScan b = ScanBool(value);
    const uint32_t before = bool_pairs_;
    bool_pairs_ &= b.pairs;
    bool_ok_ = bool_pairs_ != 0;
    changed |= before != bool_pairs_;
  }
  if (date_ok_) {
    const uint32_t before = date_formats_;
    date_formats_ &= ScanDate(value);
    date_ok_ = date_formats_ != 0;
    changed |= before != date_formats_;
  }
  if (number_ok_) {
    NumberScan n = ScanNumber(value);
    changed |= MergeNumber(n);
    if (!n.unit.empty()) {
      if (unit_.empty() && !unit_conflict_) unit_ = std::string(n.unit);
      else if (unit_ != n.unit) { unit_conflict_ = true; unit_ = "mixed"; }
    }
  }
  return changed ? kObservedChanged : 0u;
}

namespace {

constexpr uint32_t kDotStyles = 0b11111;          // decimal '.'
constexpr uint32_t kCommaStyles = 0b11111 << 5;   // decimal ','

// Splits "customerID", "customer_id", "Kunden-Nr" into lower-case tokens.
std::vector<std::string> NameTokens(std::string_view name) {
  std::vector<std::string> tokens;
  std::string cur;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (!std::isalnum(c) && c < 0x80) {
      if (!cur.empty()) tokens.push_back(cur);
      cur.clear();
      continue;
    }
    bool upper = std::isupper(c);
    if (upper && !cur.empty() && i > 0 && std::islower(static_cast<unsigned char>(name[i - 1]))) {
      tokens.push_back(cur);
      cur.clear();
    }
    cur.push_back(static_cast<char>(std::tolower(c)));
  }
  if (!cur.empty()) tokens.push_back(cur);
  return tokens;
}

bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

}  // namespace

// Column names are short; a longer "name" (a note pasted into the header row, up to megabytes) is
// neither an id nor a date name, and is not worth tokenizing on every call.
constexpr size_t kMaxNameForHints = 256;

bool LooksLikeIdName(std::string_view name) {
  if (name.size() > kMaxNameForHints) return false;
  auto tokens = NameTokens(name);
  if (tokens.empty()) return false;
  const std::string& last = tokens.back();
  for (std::string_view t : {"id", "nr", "no", "number", "nummer", "key", "code", "plz", "zip", "postcode",
                             "postleitzahl", "uuid", "guid", "ean", "sku", "iban"}) {
    if (last == t) return true;
  }
  if (EndsWith(last, "nummer") || EndsWith(last, "number")) return true;
  // "Kundennr.", "KdNr", "Rechnungsnr": a German abbreviation glued to its noun.
  if (last.size() >= 4 && EndsWith(last, "nr")) return true;
  // "customerid", "kunden_id" written as one word, "ID_Kunde": the key of someone or something.
  static constexpr std::string_view kOwners[] = {"customer", "kunden", "kunde", "user", "client", "account",
                                                 "member", "order", "invoice", "transaction", "person", "contact",
                                                 "kontakt", "auftrag", "rechnung", "vertrag", "contract",
                                                 "household", "haushalt", "cust", "kd", "row", "record"};
  for (std::string_view o : kOwners)
    if (last.size() == o.size() + 2 && last.compare(0, o.size(), o) == 0 && EndsWith(last, "id")) return true;
  return tokens.size() <= 3 && (tokens.front() == "id" || tokens.front() == "nr");
}

bool LooksLikeDateName(std::string_view name) {
  if (name.size() > kMaxNameForHints) return false;
  for (const auto& t : NameTokens(name)) {
    for (std::string_view w : {"date", "datum", "day", "tag", "dt", "created", "updated", "since"}) {
      if (t == w) return true;
    }
    if (EndsWith(t, "datum") || EndsWith(t, "date")) return true;
  }
  return false;
}

char DecideFileDecimal(const std::vector<ColumnInference>& columns, char hint) {
  size_t dot = 0, comma = 0;
  for (const auto& c : columns) {
    uint32_t s = c.number_styles();
    if (s == 0 || c.leading_zero()) continue;
    bool has_dot = s & kDotStyles, has_comma = s & kCommaStyles;
    if (has_dot && !has_comma) ++dot;
    if (has_comma && !has_dot) ++comma;
  }
  if (comma > dot) return ',';
  if (dot > comma) return '.';
  return hint;
}

ColumnPlan PlanColumn(const ColumnInference& inf, std::string_view name, char file_decimal,
                      bool prefer_day_first, std::optional<char> forced_decimal) {
  ColumnPlan plan;
  if (inf.present() == 0) return plan;  // all missing: text, flagged constant later
  if (uint32_t pairs = inf.bool_pairs()) {
    plan.type = ColumnType::kBoolean;
    plan.string_family = false;
    for (int i = 0; i < kBoolPairCount; ++i) {
      if (pairs & (1u << i)) { plan.bool_pair = i; break; }
    }
    return plan;
  }
  if (uint32_t dates = inf.date_formats()) {
    // 8-digit numbers that are all valid yyyymmdd dates (CDNOW-style) count as dates too: an
    // order number would fail the month/day check on its first value.
    {
      plan.type = ColumnType::kDate;
      plan.string_family = false;
      plan.date_format = ChooseDateFormat(dates, prefer_day_first);
      return plan;
    }
  }
  uint32_t styles = inf.number_styles();
  if (forced_decimal) styles &= *forced_decimal == ',' ? kCommaStyles : kDotStyles;
  if (styles != 0 && !inf.leading_zero() && !(inf.all_integer() && LooksLikeIdName(name))) {
    uint32_t preferred = styles & (file_decimal == ',' ? kCommaStyles : kDotStyles);
    if (preferred) styles = preferred;
    // Thousands separators in order of preference per decimal separator.
    static constexpr int kOrderDot[] = {0, 1, 3, 4};
    static constexpr int kOrderComma[] = {5, 7, 9, 8};
    int chosen = -1;
    for (int idx : kOrderDot) if (chosen < 0 && (styles & (1u << idx))) chosen = idx;
    for (int idx : kOrderComma) if (chosen < 0 && (styles & (1u << idx))) chosen = idx;
    // With decimal '.' preferred but only comma styles left, take the first comma style.
    if (chosen < 0) return plan;
    // A column valid under both decimals (integers, or "1.234"): follow the file.
    plan.type = ColumnType::kNumeric;
    plan.string_family = false;
    plan.number_style = NumberStyleFromIndex(chosen);
    plan.number_style.percent = inf.percent();
    return plan;
  }
  plan.type = ColumnType::kCategorical;  // refined to identifier/categorical/text after reading
  plan.string_family = true;
  return plan;
}

}  // namespace seg::io::detail
