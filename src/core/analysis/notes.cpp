#include "seg/analysis/notes.hpp"

namespace seg::analysis {
namespace {

std::string English(const Note& n) {
  const std::string col = "column '" + n.column + "'";
  const std::string count = std::to_string(n.count);
  switch (n.kind) {
    case NoteKind::kText: return n.en;
    case NoteKind::kColumnEmpty: return col + " is empty and was left out";
    case NoteKind::kColumnConstant: return col + " is constant and was left out";
    case NoteKind::kColumnPersonal:
      return col + " looks like personal data (" + n.en + ") and was left out; name it in --features to use it";
    case NoteKind::kLogNegativeListed: return col + " is listed for log1p but has negative values, so log1p was not applied";
    case NoteKind::kLogNegativeSkewed: return col + " is skewed but has negative values, so log1p was not applied";
    case NoteKind::kConstantAfterFill: return col + " is constant once missing values are filled in";
    case NoteKind::kManyLevels:
      return col + " has " + count + " different values; its most frequent values are used, the rest count as \"other\"";
    case NoteKind::kImputed: return col + ": " + count + " missing values filled with the median";
    case NoteKind::kKMeansStopped: return "k-means stopped after " + count + " iterations before fully settling";
    case NoteKind::kMiniBatch:
      return "mini-batch k-means (batches of " + count + " rows) found the centres; every row's label comes from a final full pass";
    case NoteKind::kGmmStopped: return "the Gaussian mixture stopped after " + count + " EM iterations before fully settling";
    case NoteKind::kKPrototypesStopped: return "k-prototypes stopped after " + count + " iterations";
    case NoteKind::kRulesGroups:
      return "Groups by " + count + " column(s); profiles compare each group with all customers on the numeric columns.";
    case NoteKind::kRfmLeftOut: return count + " rows have no recency, frequency or monetary value and are in no RFM segment.";
  }
  return n.en;
}

std::string German(const Note& n) {
  const std::string col = "Spalte \xE2\x80\x9E" + n.column + "\xE2\x80\x9C";  // „…“
  const std::string count = FormatCount(n.count, Lang::kDe);
  switch (n.kind) {
    case NoteKind::kText: return n.de.empty() ? n.en : n.de;
    case NoteKind::kColumnEmpty: return col + " ist leer und wurde weggelassen";
    case NoteKind::kColumnConstant: return col + " hat nur einen Wert und wurde weggelassen";
    case NoteKind::kColumnPersonal:
      return col + " enth\xC3\xA4lt wohl personenbezogene Daten (" + (n.de.empty() ? n.en : n.de) +
             ") und wurde weggelassen; nennen Sie sie in --features, um sie trotzdem zu verwenden";
    case NoteKind::kLogNegativeListed:
      return col + " ist f\xC3\xBCr log1p vorgesehen, hat aber negative Werte; log1p wurde nicht angewendet";
    case NoteKind::kLogNegativeSkewed:
      return col + " ist schief verteilt, hat aber negative Werte; log1p wurde nicht angewendet";
    case NoteKind::kConstantAfterFill: return col + " hat nach dem Auff\xC3\xBCllen fehlender Werte nur noch einen Wert";
    case NoteKind::kManyLevels:
      return col + " hat " + count + " verschiedene Werte; die h\xC3\xA4ufigsten werden verwendet, die \xC3\xBC" "brigen z\xC3\xA4hlen als \"andere\"";
    case NoteKind::kImputed:
      return col + ": " + count + (n.count == 1 ? " fehlender Wert" : " fehlende Werte") + " mit dem Median aufgef\xC3\xBCllt";
    case NoteKind::kKMeansStopped:
      return "k-Means hat nach " + count + " Iterationen angehalten, bevor sich die Segmente ganz stabilisiert hatten";
    case NoteKind::kMiniBatch:
      return "Mini-Batch-k-Means (Stapel zu je " + count +
             " Zeilen) hat die Zentren gefunden; jede Zeile wurde in einem abschlie\xC3\x9F" "enden vollst\xC3\xA4ndigen Durchlauf zugeordnet";
    case NoteKind::kGmmStopped:
      return "Das Gau\xC3\x9F" "sche Mischmodell hat nach " + count + " EM-Iterationen angehalten, bevor es ganz konvergiert war";
    case NoteKind::kKPrototypesStopped: return "k-Prototypes hat nach " + count + " Iterationen angehalten";
    case NoteKind::kRulesGroups:
      return "Gruppen nach " + count + (n.count == 1 ? " Spalte" : " Spalten") +
             "; die Profile vergleichen jede Gruppe auf den numerischen Spalten mit allen Kunden.";
    case NoteKind::kRfmLeftOut:
      return count + (n.count == 1 ? " Zeile hat" : " Zeilen haben") +
             " keinen Wert f\xC3\xBCr Aktualit\xC3\xA4t, H\xC3\xA4ufigkeit oder Umsatz und " + (n.count == 1 ? "geh\xC3\xB6rt" : "geh\xC3\xB6ren") +
             " zu keinem RFM-Segment.";
  }
  return n.en;
}

}  // namespace

std::string NoteText(const Note& note, Lang lang) { return lang == Lang::kDe ? German(note) : English(note); }

void AddNote(std::vector<std::string>* texts, std::vector<Note>* notes, Note note) {
  if (texts) texts->push_back(NoteText(note, Lang::kEn));
  if (notes) notes->push_back(std::move(note));
}

}  // namespace seg::analysis
