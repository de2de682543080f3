// Helpers shared by unit tests: importing CSV bytes and reading ../shared/datasets (present only
// in the dev setup; tests skip with a message without it). New tests should use these instead of
// their own copies.
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "seg/io/csv_reader.hpp"

namespace seg::test {

// Imports `bytes` or fails the current test with the import error.
inline io::Dataset LoadOrFail(std::string bytes, const io::ReadOptions& options = {}) {
  auto r = io::ReadCsv(std::move(bytes), options);
  if (!r.ok()) FAIL("import failed: " << r.error().ToString());
  return std::move(r.value());
}

// The bytes of SEG_DATASETS_DIR/<rel>, or nullopt when the shared datasets are absent.
inline std::optional<std::string> SharedDatasetBytes(const std::string& rel) {
  std::ifstream f(std::string(SEG_DATASETS_DIR) + "/" + rel, std::ios::binary);
  if (!f) return std::nullopt;
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace seg::test
