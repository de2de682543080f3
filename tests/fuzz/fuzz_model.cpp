// libFuzzer target: the model JSON loader and applying whatever it accepts to a small table.
// Hand-edited or hostile models must give an error, never a crash (a throw aborts the wasm module).
#include <cstddef>
#include <cstdint>
#include <string>

#include "seg/analysis/segmentation.hpp"
#include "seg/demo/customers.hpp"
#include "seg/io/csv_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const seg::io::Dataset demo = std::move(seg::io::ReadCsv(seg::demo::GenerateDemoCustomersCsv({40, 3})).value());
  auto model = seg::analysis::ParseModel(std::string_view(reinterpret_cast<const char*>(data), size));
  if (model.ok()) {
    auto labels = seg::analysis::ApplyModel(model.value(), demo.table);
    if (labels.ok()) {
      for (int32_t l : labels.value())
        // Rules and RFM leave rows they cannot place at -1; saved edits map to shown segments.
        if (l < (model->rules || model->rfm ? -1 : 0) || l >= model->Segments()) __builtin_trap();
    }
  }
  return 0;
}
