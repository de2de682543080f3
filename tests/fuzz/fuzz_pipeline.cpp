// libFuzzer target: the whole segment pipeline on small inputs. The first bytes choose the method
// and parameters, the rest is a CSV. Any input must end in a result or an Error.
#include <cstddef>
#include <cstdint>
#include <string>

#include "seg/analysis/segmentation.hpp"
#include "seg/io/csv_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3 || size > 4096) return 0;
  const uint8_t a = data[0], b = data[1], c = data[2];
  auto d = seg::io::ReadCsv(std::string(reinterpret_cast<const char*>(data + 3), size - 3));
  if (!d.ok()) return 0;
  seg::analysis::SegmentParams p;
  p.method = static_cast<seg::analysis::Method>(a % 3);
  p.k = 1 + b % 8;
  p.auto_k = (a >> 2) & 1;
  p.k_min = 1 + (c & 3);
  p.k_max = p.k_min + ((c >> 2) & 7);
  p.seed = c;
  p.n_init = 1 + ((a >> 3) & 1);
  p.max_iter = 20;
  p.prep.scaling = static_cast<seg::analysis::Scaling>((b >> 3) & 3);
  p.prep.log_auto = (b >> 5) & 1;
  p.prep.clip_quantile = ((b >> 6) & 1) ? 0.05 : 0.0;
  auto r = seg::analysis::RunSegmentation(d->table, p);
  if (r.ok()) {
    const auto& res = r.value();
    if (res.labels.size() != d->table.rows) __builtin_trap();
    for (int32_t l : res.labels)
      if (l < 0 || l >= res.k) __builtin_trap();
    (void)seg::analysis::ReportToJson(res).dump();
    auto model = seg::analysis::ModelFromJson(seg::analysis::ModelToJson(res));
    if (model.ok()) (void)seg::analysis::ApplyModel(model.value(), d->table);
  }
  return 0;
}
