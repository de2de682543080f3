// seg/common/result.hpp — errors as values.
//
// The core never throws on bad user input (Emscripten aborts the module on an uncaught throw).
// Functions that can fail on input return Result<T>: either a value or an Error carrying where
// the problem is (row, column, byte offset, all 1-based for people; -1 when not applicable) and
// what the user can do about it (hint).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace seg {

struct Error {
  std::string code;      // stable machine-readable id, e.g. "csv.unterminated_quote"
  std::string message;   // one plain sentence for people
  int64_t row = -1;      // 1-based line number in the file (or data row, as the message says)
  int64_t column = -1;   // 1-based column number
  int64_t byte_offset = -1;
  std::string column_name;
  std::string hint;      // what to do about it

  // "message (line 12, column 3 \"price\", byte 4711). hint"
  std::string ToString() const;
};

Error MakeError(std::string code, std::string message, std::string hint = {});

// Result<T>: a T or an Error. Check ok() before value(); value() on an error is a contract
// violation (asserts in debug builds).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}          // NOLINT(implicit)
  Result(Error error) : data_(std::move(error)) {}      // NOLINT(implicit)

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(data_); }
  const T& value() const& { return std::get<0>(data_); }
  T&& value() && { return std::get<0>(std::move(data_)); }
  T* operator->() { return &std::get<0>(data_); }
  const T* operator->() const { return &std::get<0>(data_); }
  const Error& error() const { return std::get<1>(data_); }

 private:
  std::variant<T, Error> data_;
};

// Result<void> equivalent.
struct Ok {};
using Status = Result<Ok>;

}  // namespace seg
