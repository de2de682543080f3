// Internal to the CLV files: a text in the reader's language, and numbers inside it.
#pragma once

#include <string>

#include "seg/common/lang.hpp"

namespace seg::analysis::clv_text {

inline std::string Tr(Lang lang, std::string en, std::string de) { return lang == Lang::kDe ? std::move(de) : std::move(en); }
inline std::string Num(double v, int decimals, Lang lang) { return FormatDecimal(v, decimals, lang); }
inline std::string Count(size_t n, Lang lang) { return FormatCount(n, lang); }

}  // namespace seg::analysis::clv_text
