// Rule-based and RFM segmentation for `segmenter segment --method rules|rfm`.
#pragma once

#include <optional>
#include <string>

#include "cli_common.hpp"
#include "seg/analysis/rules.hpp"
#include "seg/analysis/transactions.hpp"
#include "seg/common/lang.hpp"

namespace seg::cli {

int RunRulesSegment(const Args& args, const std::string& out_path);
int RunRfmSegment(const Args& args, const std::string& out_path);
// --by COL[:size|:qN|:cuts=a|b],... -> rule columns. Errors with code "cli.usage" are usage errors.
Result<std::vector<analysis::RuleColumn>> ParseRuleColumns(const std::string& by);
// --lang en|de of `segment` (English when absent); nullopt for any other value.
std::optional<Lang> SegmentLang(const Args& args);
// --customer --date --amount --quantity --price --invoice --status, the roles not given filled from
// DetectTransactions (cli_customers.cpp).
analysis::TransactionColumns ChosenTransactionColumns(const Args& args);  // the flags as given
analysis::CompletedColumns TransactionColumnsFromArgs(const Args& args, const io::Table& table);

}  // namespace seg::cli
