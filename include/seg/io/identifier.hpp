// seg/io/identifier.hpp — which columns are keys (customer numbers, order numbers, row numbers)
// rather than properties of a customer. A key is never a default segmentation feature nor a
// profile line ("Kundennr. hoch" means nothing), and it is a pseudonymous identifier, i.e.
// personal data (GDPR Art. 4(1), 4(5)). A key that repeats across rows says the file holds
// transactions or events rather than one row per customer.
//
// Evidence, per column:
//   type      the importer typed it `identifier` (unique short strings);
//   name      English or German key names: id, nr, no, nummer, Kundennr., KdNr, customer_id,
//             CustomerID, kunden_id, ID_Kunde, ... with at least 20 distinct values;
//   sequence  unique non-negative integers spanning at most twice the row count (1..n, a row
//             number or a running customer number);
//   zeros     digit strings kept as text because of leading zeros ("000123"), mostly distinct.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "seg/io/table.hpp"

namespace seg::io {

struct IdentifierColumn {
  int column = -1;
  std::string name;
  bool repeated = false;  // some value occurs in more than one row: rows are transactions/events
  std::string reason_en;  // "customer number by its name (445 values, repeated)"
  std::string reason_de;  // "Kundennummer laut Spaltenname (445 Werte, wiederholt)"
};

std::optional<IdentifierColumn> DetectIdentifier(const Table& table, size_t column);
std::vector<IdentifierColumn> DetectIdentifiers(const Table& table);

}  // namespace seg::io
