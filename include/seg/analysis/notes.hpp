// seg/analysis/notes.hpp — notes the core puts in a result ("column 'x' is constant and was left
// out", "k-means stopped after 300 iterations", ...), kept as structured values so the text can be
// written in English or German (NoteText) at any time. SegmentResult::warnings holds the texts,
// SegmentResult::notes the values behind them, one for one.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "seg/common/lang.hpp"

namespace seg::analysis {

enum class NoteKind {
  kText,                // `en` (and `de` if known) as given, e.g. an engine's error message
  kColumnEmpty,         // column: every value missing, left out of the default features
  kColumnConstant,      // column: one value only, left out
  kColumnPersonal,      // column: looks like personal data (reason in `en` / `de`), left out
  kLogNegativeListed,   // column: listed for log1p but has negative values
  kLogNegativeSkewed,   // column: skewed but has negative values, so no log1p
  kConstantAfterFill,   // column: constant once missing values are filled in
  kImputed,             // column: `count` missing values filled with the median
  kKMeansStopped,       // k-means stopped after `count` iterations before settling
  kMiniBatch,           // mini-batch k-means with batches of `count` rows
  kGmmStopped,          // the Gaussian mixture stopped after `count` EM iterations
  kKPrototypesStopped,  // k-prototypes stopped after `count` iterations
  kRulesGroups,         // rule-based groups by `count` columns
  kRfmLeftOut,          // `count` rows without an R, F or M value are in no RFM segment
  kManyLevels,          // column: text or many-valued, used by its most frequent of `count` values
};

struct Note {
  NoteKind kind = NoteKind::kText;
  std::string column;  // the column the note is about, if any
  size_t count = 0;    // iterations, rows or columns, see NoteKind
  std::string en, de;  // kText: the text; kColumnPersonal: the detector's reason
};

// The note as a sentence. English is exactly what the core has always written.
std::string NoteText(const Note& note, Lang lang);
// Appends `note` to `notes` and its English text to `texts` (either may be null).
void AddNote(std::vector<std::string>* texts, std::vector<Note>* notes, Note note);

}  // namespace seg::analysis
