// seg/demo/customers.hpp — the deterministic demo customer base.
//
// A synthetic B2B SaaS customer base in Germany, Austria and Switzerland, drawn from five latent
// segments so that clustering finds real structure. The output is bit-identical on every platform
// (native and WebAssembly): the generator uses its own RNG (splitmix64 + xoshiro256**), its own
// log/exp/cos built from + - * / and sqrt, and prints only integers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace seg::demo {

struct DemoOptions {
  size_t rows = 5000;
  uint64_t seed = 20261031;
};

// The demo file as UTF-8 CSV bytes (comma delimiter, '.' decimal, LF line ends, header row,
// RFC 4180 quoting). 21 columns:
//   customer_id, company, industry, plan, employees, country, region, annual_revenue_eur, mrr_eur,
//   seats, monthly_active_users, logins_30d, support_tickets_90d, nps, contract_start,
//   last_order_date, orders_12m, total_spend_eur, gross_margin_pct, churned, renewed
// Reference date of the data: 2026-10-31.
std::string GenerateDemoCustomersCsv(const DemoOptions& options = {});

}  // namespace seg::demo
