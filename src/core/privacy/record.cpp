// The processing record is built once as sections of label/value rows and tables, then rendered
// as Markdown or as HTML, so both formats always say the same.
#include "seg/privacy/record.hpp"

namespace seg::privacy {
namespace {

struct Section {
  std::string title;
  std::vector<std::string> header;               // table header; empty = a plain list
  std::vector<std::vector<std::string>> rows;   // table rows or list items (one cell each)
  std::string empty_text;                       // shown when rows is empty
};

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::vector<Section> BuildSections(const ProcessingRecord& r, Lang lang) {
  const bool de = lang == Lang::kDe;
  std::vector<Section> out;
  Section facts{de ? "Verarbeitung" : "Processing", {de ? "Angabe" : "Item", de ? "Wert" : "Value"}, {}, {}};
  std::string rows = std::to_string(r.rows);
  if (r.rejected_rows) rows += de ? " (" + std::to_string(r.rejected_rows) + " abgelehnte Zeilen nicht verarbeitet)"
                                  : " (" + std::to_string(r.rejected_rows) + " rejected rows not processed)";
  std::vector<std::string> params;
  for (const auto& [key, value] : r.parameters) params.push_back(key + " = " + value);
  facts.rows = {{de ? "Datei" : "File", r.file_name},
                {de ? "Datum" : "Date", r.date},
                {de ? "Zeilen" : "Rows", rows},
                {de ? "Spalten" : "Columns", std::to_string(r.columns)},
                {de ? "Verfahren" : "Method", r.method},
                {de ? "Anzahl Segmente (k)" : "Number of segments (k)", std::to_string(r.k)},
                {de ? "Parameter" : "Parameters", params.empty() ? "–" : Join(params, "; ")},
                {"Software", r.software_version}};
  if (!r.output_file.empty()) facts.rows.push_back({de ? "Exportdatei" : "Export file", r.output_file});
  out.push_back(std::move(facts));

  Section used{de ? "Für die Segmentierung verwendete Spalten" : "Columns used for segmentation", {}, {}, "–"};
  for (const auto& f : r.features) used.rows.push_back({f});
  out.push_back(std::move(used));

  Section personal{de ? "Personenbezogene Daten" : "Personal data",
                   {de ? "Spalte" : "Column", de ? "Art" : "Kind", de ? "Erkannt, weil" : "Detected because",
                    de ? "Behandlung im Export" : "Handling in the export"},
                   {},
                   de ? "Keine Spalte wurde als personenbezogen erkannt." : "No column was detected as personal data."};
  for (const auto& d : r.plan.columns) {
    if (!d.personal && !d.identifier && d.handling == Handling::kKept) continue;
    // A customer number is a pseudonymous identifier, which is personal data (GDPR Art. 4(1), 4(5)).
    std::string kind = d.personal     ? std::string(PersonalKindLabel(d.personal->kind, lang))
                       : d.identifier ? (de ? "pseudonyme Kennung" : "pseudonymous identifier")
                                      : "–";
    std::string why = d.personal ? d.personal->Reason(lang)
                      : d.identifier
                          ? (de ? d.identifier->reason_de + "; sie bezieht sich auf eine Person und ist damit "
                                                            "personenbezogen (DSGVO Art. 4 Nr. 1 und 5)"
                                : d.identifier->reason_en + "; it relates to a person and is therefore personal data "
                                                            "(GDPR Art. 4(1), 4(5))")
                          : (de ? "als Kennung zur Pseudonymisierung angegeben" : "named as an identifier to pseudonymise");
    std::string handling(HandlingLabel(d.handling, lang));
    if (d.exempted && d.handling == Handling::kKept)
      handling += de ? " (als nicht personenbezogen markiert)" : " (marked as not personal)";
    personal.rows.push_back({d.name, kind, why, handling});
  }
  out.push_back(std::move(personal));

  if (!r.output_file.empty()) {
    Section exported{de ? "Spalten im Export" : "Columns in the export", {}, {}, "–"};
    for (const auto& name : r.plan.ExportedColumns()) exported.rows.push_back({name});
    out.push_back(std::move(exported));
  }
  return out;
}

std::string MarkdownCell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|' || c == '\\' || c == '*' || c == '`' || c == '<') out.push_back('\\');
    out.push_back(c == '\n' || c == '\r' ? ' ' : c);
  }
  return out;
}

std::string HtmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string Title(Lang lang) {
  return lang == Lang::kDe ? "Verarbeitungsprotokoll: Kundensegmentierung" : "Processing record: customer segmentation";
}
std::string Footer(Lang lang) {
  return lang == Lang::kDe
             ? "Dieses Protokoll enthält keine Datenwerte aus der Datei, nur ihren Namen, Spaltennamen, Anzahlen und Einstellungen."
             : "This record contains no data values from the file: only its name, column names, counts and settings.";
}

// Appended piece by piece: GCC 12 warns falsely (-Wrestrict) about `"x" + s + "y"` chains here.
std::string RenderMarkdown(const std::vector<Section>& sections, Lang lang) {
  std::string out = "# " + Title(lang) + "\n";
  for (const auto& s : sections) {
    out += "\n## ";
    out += s.title;
    out += "\n\n";
    if (s.rows.empty()) {
      out += s.empty_text;
      out += '\n';
    } else if (s.header.empty()) {
      for (const auto& row : s.rows) {
        out += "- ";
        out += MarkdownCell(row[0]);
        out += '\n';
      }
    } else {
      auto write_row = [&](const std::vector<std::string>& cells) {
        out += '|';
        for (const auto& cell : cells) {
          out += ' ';
          out += MarkdownCell(cell);
          out += " |";
        }
        out += '\n';
      };
      write_row(s.header);
      for (size_t i = 0; i < s.header.size(); ++i) out += i ? " --- |" : "| --- |";
      out += '\n';
      for (const auto& row : s.rows) write_row(row);
    }
  }
  out += '\n';
  out += Footer(lang);
  out += '\n';
  return out;
}

std::string RenderHtml(const std::vector<Section>& sections, Lang lang) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"";
  out += lang == Lang::kDe ? "de" : "en";
  out += "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + HtmlEscape(Title(lang)) + "</title>\n"
         "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#111}"
         "table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3em .5em;text-align:left;"
         "vertical-align:top}th{background:#eee}@media print{body{margin:0}}</style>\n</head>\n<body>\n<h1>" +
         HtmlEscape(Title(lang)) + "</h1>\n";
  for (const auto& s : sections) {
    out += "<h2>" + HtmlEscape(s.title) + "</h2>\n";
    if (s.rows.empty()) {
      out += "<p>" + HtmlEscape(s.empty_text) + "</p>\n";
    } else if (s.header.empty()) {
      out += "<ul>\n";
      for (const auto& row : s.rows) out += "<li>" + HtmlEscape(row[0]) + "</li>\n";
      out += "</ul>\n";
    } else {
      out += "<table>\n<tr>";
      for (const auto& h : s.header) out += "<th>" + HtmlEscape(h) + "</th>";
      out += "</tr>\n";
      for (const auto& row : s.rows) {
        out += "<tr>";
        for (const auto& cell : row) out += "<td>" + HtmlEscape(cell) + "</td>";
        out += "</tr>\n";
      }
      out += "</table>\n";
    }
  }
  out += "<p><small>" + HtmlEscape(Footer(lang)) + "</small></p>\n</body>\n</html>\n";
  return out;
}

}  // namespace

std::string WriteProcessingRecord(const ProcessingRecord& record, Lang lang, RecordFormat format) {
  const auto sections = BuildSections(record, lang);
  return format == RecordFormat::kHtml ? RenderHtml(sections, lang) : RenderMarkdown(sections, lang);
}

}  // namespace seg::privacy
