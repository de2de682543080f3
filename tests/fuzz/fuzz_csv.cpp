// libFuzzer target: the CSV importer (sniffing, decoding, typing), the sliced importer, the
// inspection JSON and the byte-exact export, on arbitrary bytes. Must never crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string>

#include "seg/io/csv_reader.hpp"
#include "seg/io/csv_writer.hpp"
#include "seg/io/inspect.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  seg::io::ReadOptions options;
  if (size > 0 && (data[0] & 1)) options.bad_rows = seg::io::BadRowPolicy::kStop;
  auto d = seg::io::ReadCsv(bytes, options);
  if (d.ok()) {
    const seg::io::Dataset& ds = d.value();
    (void)seg::io::DescribeDataset(ds, 5).dump();
    std::vector<std::string> col(ds.table.rows, "1");
    (void)seg::io::WriteWithExtraColumns(ds, {"segment"}, {col});
    for (size_t r = 0; r < ds.table.rows && r < 5; ++r) (void)ds.RowFields(r);
  }
  // The sliced importer with a tiny budget must agree with the one-shot import.
  seg::io::CsvImporter imp(bytes, options);
  int guard = 0;
  while (!imp.Step(64) && ++guard < 10000000) {
  }
  auto sliced = imp.Take();
  if (sliced.ok() != d.ok()) __builtin_trap();
  if (d.ok() && sliced->table.rows != d->table.rows) __builtin_trap();
  return 0;
}
