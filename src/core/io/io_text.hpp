// Internal to seg::io: the importer's texts for people in the reader's language (ReadOptions::lang).
#pragma once

#include <string>
#include <string_view>

#include "seg/common/lang.hpp"

namespace seg::io::detail {

// The English or German form of one message (both written out at the call, so a reader of the
// code sees the two side by side).
inline std::string Say(Lang lang, std::string_view en, std::string_view de) {
  return std::string(lang == Lang::kDe ? de : en);
}

}  // namespace seg::io::detail
