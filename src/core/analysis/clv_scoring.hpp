// Internal to the CLV files: scoring and segmenting customers with fixed parameters, shared by
// RunClv (clv.cpp) and ApplyClv (clv_model.cpp).
#pragma once

#include <string>
#include <vector>

#include "seg/analysis/clv.hpp"

namespace seg::analysis::clv_scoring {

// margin x discounted revenue over the horizon; NaN where a formula has no finite answer.
double ExpectedRevenue(const BgNbdParams& bg, double horizon, double discount_rate, double x, double tx, double T, double spend);
ClvCustomers Score(const PurchaseOccasions& occ, const CustomerSummary& s, const BgNbdParams& bg, const GammaGammaParams& gg,
                   double horizon, double discount_rate, double margin);
// Fills c->segment and returns the nine segments' KPIs.
std::vector<ClvSegmentKpis> Segment(ClvCustomers* c, const ClvSegmentRule& rule, Lang lang);
// Warnings about cells left empty.
void Warn(const ClvCustomers& c, std::vector<std::string>* warnings, Lang lang);

}  // namespace seg::analysis::clv_scoring
