// src/core/analysis/method.cpp — a result's method identity from its saved method name.
#include "seg/analysis/segmentation.hpp"

namespace seg::analysis {

std::optional<Method> ResultMethod(const SegmentResult& result) {
  const std::string& m = result.method;
  if (m == "kmeans" || m == "kmeans-minibatch") return Method::kKMeans;
  if (m == "gmm") return Method::kGmm;
  if (m == "mixed") return Method::kMixed;
  return std::nullopt;
}

}  // namespace seg::analysis
