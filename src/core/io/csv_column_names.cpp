// Column names from the header row: shortening of long cells, unique names for empty and repeated ones.
#include "csv_column_names.hpp"

#include <unordered_map>
#include <unordered_set>

namespace seg::io::detail {

std::string ColumnNameFromCell(std::string_view v, size_t c, std::vector<std::string>& notes) {
  if (v.size() <= kMaxNameBytes) return std::string(v);
  // Not a name but text in the header row (a note, a pasted cell): keep its start as the name.
  size_t cut = kShortNameBytes;
  while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
  std::string name = std::string(v.substr(0, cut)) + "\xE2\x80\xA6";  // "…"
  notes.push_back("The header of column " + std::to_string(c + 1) + " is " + std::to_string(v.size()) +
                  " bytes long; called the column \"" + name + "\"");
  return name;
}

void MakeColumnNamesUnique(std::vector<std::string>& names, bool from_header, std::vector<std::string>& notes) {
  for (size_t c = 0; c < names.size(); ++c) {
    if (names[c].empty()) {
      names[c] = "column_" + std::to_string(c + 1);
      if (from_header) notes.push_back("Column " + std::to_string(c + 1) + " has no name; called it \"" + names[c] + "\"");
    }
  }
  // A repeated name becomes name_k with the smallest k that no column is called. Hash sets keep
  // this linear: 20,000 columns all called "c" once took O(n^3) string compares.
  std::unordered_map<std::string, size_t> in_use;  // every current name -> how many columns have it
  for (const auto& n : names) ++in_use[n];
  std::unordered_set<std::string> earlier;
  std::unordered_map<std::string, int> next_k;  // per repeated name: no smaller k is free
  for (size_t c = 0; c < names.size(); ++c) {
    if (earlier.insert(names[c]).second) continue;
    const std::string base = names[c];
    int& k = next_k.try_emplace(base, 2).first->second;
    std::string candidate;
    for (;; ++k) {  // names only ever get taken, so the search resumes where it stopped
      candidate = base + "_" + std::to_string(k);
      if (in_use.find(candidate) == in_use.end()) break;
    }
    --in_use[base];
    ++in_use[candidate];
    earlier.insert(candidate);
    names[c] = candidate;
    notes.push_back("Column " + std::to_string(c + 1) + " repeats the name \"" + base + "\"; renamed it \"" + names[c] + "\"");
  }
}

}  // namespace seg::io::detail
