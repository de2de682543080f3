#include "cli_common.hpp"

#include "cli_help.hpp"

#include <fast_float/fast_float.h>

#include <cmath>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace seg::cli {

const std::set<std::string> kImportValueFlags = {"--encoding", "--delimiter", "--decimal", "--missing", "--sheet"};
const std::set<std::string> kImportBoolFlags = {"--no-header", "--header", "--stop-on-bad-rows"};

Result<Args> Args::Parse(const std::vector<std::string>& argv, const std::set<std::string>& value_flags,
                         const std::set<std::string>& bool_flags) {
  Args a;
  for (const auto& arg : argv) {
    if (arg == "--help" || arg == "-h") {
      PrintCommandHelp(value_flags, bool_flags);
      return MakeError("cli.help_shown", "");
    }
  }
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg.size() > 2 && arg.rfind("--", 0) == 0) {
      std::string name = arg, value;
      bool inline_value = false;
      if (size_t eq = arg.find('='); eq != std::string::npos) {
        name = arg.substr(0, eq);
        value = arg.substr(eq + 1);
        inline_value = true;
      }
      if (value_flags.count(name)) {
        if (!inline_value) {
          if (i + 1 >= argv.size()) return MakeError("cli.missing_value", name + " needs a value");
          value = argv[++i];
        }
        a.values_[name] = value;
      } else if (bool_flags.count(name) && !inline_value) {
        a.bools_.insert(name);
      } else {
        return MakeError("cli.unknown_flag", "unknown option " + name,
                         "run `segmenter " + (CurrentCommand().empty() ? std::string("help") : CurrentCommand() + " --help") +
                             "` for the options");
      }
    } else {
      a.positionals_.push_back(arg);
    }
  }
  return a;
}

std::optional<std::string> Args::Get(const std::string& flag) const {
  auto it = values_.find(flag);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

Result<std::string> ReadFileBytes(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return MakeError("io.open", "cannot open " + path + ": " + std::strerror(errno));
  std::string bytes;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) bytes.append(buf, n);
  bool failed = std::ferror(f);
  std::fclose(f);
  if (failed) return MakeError("io.read", "cannot read " + path);
  return bytes;
}

Status WriteFileBytes(const std::string& path, const std::string& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return MakeError("io.write", "cannot write " + path + ": " + std::strerror(errno));
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  ok &= std::fclose(f) == 0;
  if (!ok) return MakeError("io.write", "cannot write " + path);
  return Ok{};
}

Result<long long> ParseInteger(const std::string& flag, const std::string& text, long long min, long long max) {
  long long v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size())
    return MakeError("cli.bad_number", flag + " expects a whole number, got \"" + text + "\"");
  if (v < min || v > max)
    return MakeError("cli.out_of_range",
                     flag + " must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " + text);
  return v;
}

Result<double> ParseFraction(const std::string& flag, const std::string& text, double min, double max) {
  std::string t = text;
  bool percent = false;
  if (!t.empty() && t.back() == '%') {
    percent = true;
    t.pop_back();
  }
  double v = 0;
  auto r = fast_float::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || r.ec != std::errc() || r.ptr != t.data() + t.size() || !std::isfinite(v))
    return MakeError("cli.bad_number", flag + " expects a number such as 0.05, got \"" + text + "\"");
  if (percent) v /= 100.0;
  if (v < min || v > max) {
    char buf[128];
    std::snprintf(buf, sizeof buf, " must be between %g and %g, got ", min, max);
    return MakeError("cli.out_of_range", flag + buf + text);
  }
  return v;
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == ',') { out.push_back(cur); cur.clear(); }
    else cur.push_back(c);
  }
  out.push_back(cur);
  return out;
}

Result<std::vector<analysis::KpiMapping>> ParseKpiMappings(const std::string& text) {
  std::vector<analysis::KpiMapping> out;
  for (const std::string& item : SplitList(text)) {
    const size_t eq = item.find('=');
    const std::string kind = item.substr(0, eq);
    std::optional<analysis::KpiKind> k;
    for (auto kk : {analysis::KpiKind::kRevenue, analysis::KpiKind::kMargin, analysis::KpiKind::kChurn, analysis::KpiKind::kNps,
                    analysis::KpiKind::kConversion, analysis::KpiKind::kRenewal, analysis::KpiKind::kTenure,
                    analysis::KpiKind::kOrders})
      if (analysis::KpiKindName(kk) == kind) k = kk;
    if (eq == std::string::npos || !k)
      return MakeError("cli.bad_kpi", "--kpi takes kind=column pairs; kinds: revenue, margin, churn, nps, conversion, renewal, tenure, orders (an empty column, e.g. revenue=, removes that KPI)");
    out.push_back({*k, item.substr(eq + 1)});
  }
  return out;
}

Result<io::ReadOptions> ImportOptionsFromArgs(const Args& args) {
  io::ReadOptions o;
  if (auto e = args.Get("--encoding")) {
    auto enc = io::ParseEncodingName(*e);
    if (!enc) return MakeError("cli.bad_encoding", "unknown encoding \"" + *e + "\"", "use utf-8, utf-16le, utf-16be or windows-1252");
    o.encoding = *enc;
  }
  if (auto d = args.Get("--delimiter")) {
    std::string v = *d;
    if (v == "\\t" || v == "tab" || v == "TAB") v = "\t";
    else if (v == "semicolon") v = ";";
    else if (v == "comma") v = ",";
    else if (v == "pipe") v = "|";
    else if (v == "space" || v == "whitespace") v = " ";
    else if (v == "us" || v == "US" || v == "0x1f" || v == "0x1F" || v == "\\x1f" || v == "\\x1F") v = "\x1F";  // unit separator
    else if (v == "rs" || v == "RS" || v == "0x1e" || v == "0x1E" || v == "\\x1e" || v == "\\x1E") v = "\x1E";  // record separator
    if (v.size() != 1 || v[0] == '"' || v[0] == '\n' || v[0] == '\r')
      return MakeError("cli.bad_delimiter", "--delimiter expects one character such as , ; | tab us (0x1F) or rs (0x1E), got \"" + *d + "\"");
    o.delimiter = v[0];
  }
  if (auto d = args.Get("--decimal")) {
    std::string v = *d;
    if (v == "comma") v = ",";
    if (v == "point" || v == "dot") v = ".";
    if (v != "," && v != ".") return MakeError("cli.bad_decimal", "--decimal expects . or , (got \"" + *d + "\")");
    o.decimal = v[0];
  }
  if (args.Has("--no-header")) o.header = false;
  if (args.Has("--header")) o.header = true;
  if (auto m = args.Get("--missing")) o.missing_markers = SplitList(*m);
  if (args.Has("--stop-on-bad-rows")) o.bad_rows = io::BadRowPolicy::kStop;
  // Excel workbooks: which sheet. Commands with --lang get the import's notes and messages
  // (workbook messages included) in that language too.
  if (auto sheet = args.Get("--sheet")) o.sheet = *sheet;
  if (auto l = args.Get("--lang")) {
    if (auto lang = ParseLang(*l)) o.lang = *lang;
  }
  return o;
}

Result<io::Dataset> LoadCsv(const std::string& path, const Args& args) {
  auto options = ImportOptionsFromArgs(args);
  if (!options.ok()) return options.error();
  auto bytes = ReadFileBytes(path);
  if (!bytes.ok()) return bytes.error();
  auto data = io::ReadCsv(std::move(bytes.value()), options.value());
  if (!data.ok()) {
    Error e = data.error();
    e.message = path + ": " + e.message;
    return e;
  }
  const io::Dataset& d = data.value();
  if (d.header_guess.unsure && !d.header.set_by_user) {
    const std::string line = std::to_string(d.header_guess.line);
    const bool de = options->lang == Lang::kDe;
    if (d.dialect.header) {
      std::cerr << "segmenter: " << path << ": "
                << (de ? "Zeile " + line + " als Kopfzeile gelesen (nicht sicher); falls sie ein Kunde ist, erneut mit --no-header ausführen\n"
                       : "read line " + line + " as the header (not sure); if it is a customer, run again with --no-header\n");
    } else {
      std::cerr << "segmenter: " << path << ": "
                << (de ? "Zeile " + line + " als Kunde gelesen (nicht sicher); falls sie die Kopfzeile ist, erneut mit --header ausführen\n"
                       : "read line " + line + " as a customer (not sure); if it is the header, run again with --header\n");
    }
  }
  return data;
}

int Fail(const Error& error) {
  if (error.code == "cli.help_shown") return 0;  // `COMMAND --help` printed the command's options
  std::cerr << "segmenter: " << error.ToString() << "\n";
  return error.code.rfind("cli.", 0) == 0 ? 2 : 1;
}

int Usage(const std::string& message) {
  std::cerr << "segmenter: " << message << " (run `segmenter help`)\n";
  return 2;
}

}  // namespace seg::cli
