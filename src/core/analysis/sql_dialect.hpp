// sql_dialect.hpp (private to src/core/analysis) — free-function shorthands over SqlText
// (include/seg/analysis/sql_dialect.hpp) for the other SQL writers (sql_rules.cpp), so every
// writer quotes, qualifies and reads numbers the same way. Defined in sql_dialect.cpp.
#pragma once

#include <string>
#include <string_view>

#include "seg/analysis/sql_dialect.hpp"

namespace seg::analysis::sqldialect {

std::string Ident(SqlDialect d, std::string_view name);        // "name" / `name`
std::string Str(SqlDialect d, std::string_view text);          // 'text'
std::string Table(SqlDialect d, std::string_view qualified);   // "schema"."table"
std::string Num(SqlDialect d, double v);                       // a double literal that parses back to v
std::string From(SqlDialect d, std::string_view qualified);    // "schema"."table" AS seg_t
std::string Column(SqlDialect d, std::string_view name);       // seg_t."name" (missing column = error)
std::string Number(SqlDialect d, const std::string& column);   // the importer's number, NULL if none

}  // namespace seg::analysis::sqldialect
