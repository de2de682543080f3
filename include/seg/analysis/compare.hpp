// seg/analysis/compare.hpp — two snapshots of the same customer base under one saved model:
// who moved between segments, who left, who is new, and how each segment's size and KPIs changed.
//
//   auto r = CompareSnapshots(model, old_data, new_data, {.id_column = "customer_id"});
//   r->matrix[i][j]               customers in old segment i and new segment j
//   CustomersInCell(*r, i, j)     the customers behind that cell (-1 = absent: churned / new)
//
// Matching rule: customers are matched by the text of the id column exactly as written in the
// file, after trimming surrounding white space (so "C-1" and "c-1" are different customers).
// Rows whose id is empty or a missing-value marker are not matched; they are listed in
// `missing_id_rows`. When an id occurs more than once in a snapshot, its FIRST row is the
// customer (matched, counted, in the KPIs); every occurrence is listed in `duplicates` so that
// nothing is dropped silently. Counts, shares and KPIs are over customers (first occurrences
// with an id), so for every segment: old count = stayed + moved out + churned, and
// new count = stayed + moved in + new.
//
// Pure functions on tables and a model; no files, no progress (well under a second on 1M rows).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "seg/analysis/kpi.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/common/result.hpp"
#include "seg/io/csv_reader.hpp"
#include "seg/io/table.hpp"

namespace seg::analysis {

struct CompareParams {
  std::string id_column;          // the customer id, present in both snapshots
  std::vector<KpiMapping> kpis;   // KPI columns in addition to / instead of the detected ones
};

enum class MoveStatus { kStayed, kMoved, kNew, kChurned };
std::string_view MoveStatusName(MoveStatus s);  // "stayed", "moved", "new", "churned"

struct CustomerMove {
  std::string id;
  MoveStatus status = MoveStatus::kStayed;
  int32_t old_segment = -1;  // 0-based segment in the old snapshot; -1 when new
  int32_t new_segment = -1;  // 0-based segment in the new snapshot; -1 when churned
  int64_t old_row = -1;      // 1-based data row (the first row below the header is 1); -1 when absent
  int64_t new_row = -1;
};

struct DuplicateId {
  std::string id;
  std::vector<int64_t> rows;  // 1-based data rows, in file order; rows[0] is the one matched
};

struct SnapshotReport {
  size_t rows = 0;                        // data rows in the snapshot
  size_t customers = 0;                   // distinct non-empty ids (= rows counted below)
  std::vector<int64_t> missing_id_rows;   // 1-based data rows without an id
  std::vector<DuplicateId> duplicates;    // ids on more than one row
  std::vector<int32_t> labels;            // segment of every row (0-based), as the model assigns it
  std::vector<size_t> sizes;              // customers per segment
  std::vector<std::vector<KpiValue>> kpis;  // per segment, over the customers counted
};

struct SegmentGrowth {
  size_t old_count = 0, new_count = 0;
  long long absolute = 0;      // new - old
  double relative = 0.0;       // (new - old) / old; NaN when old is 0
  double old_revenue = NAN;    // revenue_sum when a revenue KPI column is known, else NaN
  double new_revenue = NAN;
  double revenue_relative = NAN;
  size_t churned = 0;          // customers of this old segment missing from the new snapshot
  size_t new_customers = 0;    // customers of this new segment missing from the old snapshot
  size_t stayed = 0;           // in this segment on both dates
  size_t moved_out = 0, moved_in = 0;
};

struct KpiDelta {
  std::string key, label, unit, column;
  double old_value = NAN, new_value = NAN, delta = NAN;  // delta = new - old
};

struct CompareResult {
  int k = 0;
  std::vector<std::string> segment_names;  // the model's names, by 0-based segment
  std::string id_column;
  SnapshotReport old_snapshot, new_snapshot;
  // matrix[i][j]: customers in old segment i and new segment j (k x k); row_shares[i][j] =
  // matrix[i][j] / old count of i (NaN for an empty segment); churned share is growth[i].churned
  // over the same count, so a row's shares plus its churn share add up to 1.
  std::vector<std::vector<size_t>> matrix;
  std::vector<std::vector<double>> row_shares;
  std::vector<SegmentGrowth> growth;               // per segment
  std::vector<std::vector<KpiDelta>> kpi_deltas;   // per segment; keys of either snapshot
  std::vector<KpiDelta> overall_kpi_deltas;        // the whole base
  // Every customer of either snapshot once: old customers in old-file order (stayed, moved,
  // churned), then new customers in new-file order.
  std::vector<CustomerMove> moves;
  size_t stayed = 0, moved = 0, churned = 0, new_customers = 0;
  std::vector<std::string> warnings;  // e.g. a KPI column found in only one snapshot
};

// Applies `model` to both snapshots and compares them (see the matching rule above); the ids
// are io::ColumnTexts of the id column.
Result<CompareResult> CompareSnapshots(const Model& model, const io::Dataset& old_data, const io::Dataset& new_data,
                                       const CompareParams& params);
// The same on tables whose ids the caller already has (one per row, "" = missing).
Result<CompareResult> CompareTables(const Model& model, const io::Table& old_table, const std::vector<std::string>& old_ids,
                                    const io::Table& new_table, const std::vector<std::string>& new_ids,
                                    const CompareParams& params);

// Indices into result.moves of the customers in old segment `old_segment` and new segment
// `new_segment`; -1 stands for "not in that snapshot" (old -1: new customers of `new_segment`;
// new -1: churned customers of `old_segment`). Stayed customers are the diagonal.
std::vector<size_t> CustomersInCell(const CompareResult& result, int old_segment, int new_segment);

// COMPARE.json: {"k", "id_column", "segments": [names], "summary": {stayed, moved, churned, new,
// old_rows, new_rows, old_customers, new_customers}, "matrix": {"counts", "row_shares"},
// "growth": [...], "kpis": [...], "overall_kpis", "old": {"missing_id_rows", "duplicates"},
// "new": {...}, "warnings"}. Segment ids in JSON are 1-based, as in the exports.
nlohmann::json CompareToJson(const CompareResult& result);

// MOVES.csv rows: id, old_segment, new_segment (names), old_segment_id, new_segment_id (1-based,
// empty when absent), status, old_row, new_row. One row per entry of result.moves.
std::vector<std::string> MovesHeader();
std::vector<std::vector<std::string>> MovesRows(const CompareResult& result);

}  // namespace seg::analysis
