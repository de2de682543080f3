// sql_dialect.hpp (private to src/core/analysis) — sql.cpp's dialect helpers for the other SQL
// writers (sql_rules.cpp): identifier and string quoting, qualified table names, exact double
// literals. Defined in sql.cpp over its Dialect class, so every writer quotes the same way.
#pragma once

#include <string>
#include <string_view>

#include "seg/analysis/sql.hpp"

namespace seg::analysis::sqldialect {

std::string Ident(SqlDialect d, std::string_view name);        // "name" / `name`
std::string Str(SqlDialect d, std::string_view text);          // 'text'
std::string Table(SqlDialect d, std::string_view qualified);   // "schema"."table"
std::string Num(SqlDialect d, double v);                       // a double literal that parses back to v

}  // namespace seg::analysis::sqldialect
