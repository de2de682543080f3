// Rule-based and RFM segmentation for `segmenter segment --method rules|rfm`.
#pragma once

#include <optional>
#include <string>

#include "cli_common.hpp"
#include "seg/analysis/rfm.hpp"
#include "seg/analysis/rules.hpp"
#include "seg/analysis/segmentation.hpp"
#include "seg/analysis/transactions.hpp"
#include "seg/common/lang.hpp"

namespace seg::cli {

int RunRulesSegment(const Args& args, const std::string& out_path);
int RunRfmSegment(const Args& args, const std::string& out_path);
// `apply` of an RFM model trained from transactions: one row per customer (the columns of
// `segment --method rfm` on transactions), scored with the training edges and as-of day.
int RunRfmTransactionsApply(const analysis::Model& model, const io::Dataset& d, const std::string& out_path);
// CUSTOMERS.csv of RFM from transactions: customer, recency_days, frequency, monetary, r/f/m_score,
// segment (1-based from `segment`), segment_name (from `names`).
std::string RfmCustomersCsv(const analysis::RfmResult& rfm, const std::vector<int32_t>& segment,
                            const std::vector<std::string>& names, const std::string& customer_column);
// --by COL[:size|:qN|:cuts=a|b],... -> rule columns. Errors with code "cli.usage" are usage errors.
Result<std::vector<analysis::RuleColumn>> ParseRuleColumns(const std::string& by);
// --lang en|de of `segment` (English when absent); nullopt for any other value.
std::optional<Lang> SegmentLang(const Args& args);
// --customer --date --amount --quantity --price --invoice --status, the roles not given filled from
// DetectTransactions (cli_customers.cpp).
analysis::TransactionColumns ChosenTransactionColumns(const Args& args);  // the flags as given
analysis::CompletedColumns TransactionColumnsFromArgs(const Args& args, const io::Table& table);

}  // namespace seg::cli
