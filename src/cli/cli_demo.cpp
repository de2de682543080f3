// segmenter demo [--rows N] [--seed S] [--out FILE]
#include <climits>
#include <cstdio>

#include "cli_common.hpp"
#include "commands.hpp"
#include "seg/demo/customers.hpp"

namespace seg::cli {

int RunDemo(const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, {"--rows", "--seed", "--out"}, {});
  if (!args.ok()) return Fail(args.error());
  if (!args->positionals().empty()) return Usage("demo takes no positional arguments");
  demo::DemoOptions options;
  if (auto r = args->Get("--rows")) {
    auto n = ParseInteger("--rows", *r, 1, 5000000);
    if (!n.ok()) return Fail(n.error());
    options.rows = static_cast<size_t>(n.value());
  }
  if (auto s = args->Get("--seed")) {
    auto n = ParseInteger("--seed", *s, 0, LLONG_MAX);
    if (!n.ok()) return Fail(n.error());
    options.seed = static_cast<uint64_t>(n.value());
  }
  const std::string bytes = demo::GenerateDemoCustomersCsv(options);
  if (auto out = args->Get("--out")) {
    auto st = WriteFileBytes(*out, bytes);
    if (!st.ok()) return Fail(st.error());
    return 0;
  }
  if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size() || std::fflush(stdout) != 0) {
    return Fail(MakeError("io.write", "cannot write to standard output"));
  }
  return 0;
}

}  // namespace seg::cli
