// Transactions -> customers: recognising a transaction file and guessing its columns.
//
// Names are compared after folding (lower case, ä -> ae, ö -> oe, ü -> ue, ß -> ss, everything but
// letters and digits dropped): "Kundennr." == "kundennr", "Customer ID" == "customerid". A known
// name wins over a name that only hints at the role; a role's column must have the right type
// (dates, numbers, ids). Each column takes at most one role.
#include <algorithm>
#include <cstdio>

#include "seg/analysis/transactions.hpp"
#include "seg/io/value_parse.hpp"

namespace seg::analysis {

namespace {

std::string Fold(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xC3 && i + 1 < s.size()) {  // UTF-8 umlauts and sharp s
      const unsigned char d = static_cast<unsigned char>(s[i + 1]);
      const char* rep = d == 0xA4 || d == 0x84 ? "ae" : d == 0xB6 || d == 0x96 ? "oe" : d == 0xBC || d == 0x9C ? "ue" : d == 0x9F ? "ss" : "";
      out += rep;
      ++i;
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out.push_back(static_cast<char>(c));
    } else if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    }
  }
  return out;
}

struct RoleNames {
  TransactionRole role;
  std::vector<const char*> exact;  // folded
  std::vector<const char*> hints;  // folded substrings
};

const std::vector<RoleNames>& Names() {
  static const std::vector<RoleNames> kNames = {
      {TransactionRole::kDate,
       {"invoicedate", "orderdate", "date", "datum", "rechnungsdatum", "bestelldatum", "belegdatum", "kaufdatum",
        "buchungsdatum", "lieferdatum", "purchasedate", "transactiondate", "createdat", "created", "timestamp",
        "zeitpunkt", "orderdatetime", "saledate", "paidat"},
       {"date", "datum", "time", "zeit"}},
      {TransactionRole::kCustomer,
       {"customerid", "customer", "customerno", "customernumber", "customercode", "custid", "clientid", "client",
        "kunde", "kundennr", "kundennummer", "kundenid", "kdnr", "kundenkennung", "debitor", "debitornr",
        "debitorennummer", "userid", "buyerid", "memberid", "accountid", "contactid"},
       {"customer", "kunde", "client", "debitor"}},
      {TransactionRole::kInvoice,
       {"invoiceno", "invoice", "invoiceid", "invoicenumber", "orderid", "order", "orderno", "ordernumber", "bestellnummer",
        "bestellnr", "bestellung", "bestellid", "rechnungsnr", "rechnungsnummer", "rechnung", "belegnr", "belegnummer",
        "auftragsnr", "auftragsnummer", "auftrag", "transactionid", "receiptno", "receiptid"},
       {"invoice", "order", "rechnung", "bestell", "beleg", "auftrag", "receipt"}},
      {TransactionRole::kQuantity,
       {"quantity", "qty", "menge", "anzahl", "units", "stueck", "stk", "stueckzahl", "lineitemquantity"},
       {"qty", "quantit", "menge", "anzahl"}},
      {TransactionRole::kPrice,
       {"unitprice", "price", "preis", "stueckpreis", "einzelpreis", "unitcost", "itemprice", "vkpreis",
        "lineitemprice", "preisjestueck"},
       {"price", "preis"}},
      {TransactionRole::kAmount,
       {"amount", "total", "totalprice", "linetotal", "revenue", "sales", "umsatz", "betrag", "gesamtbetrag",
        "gesamtpreis", "summe", "netto", "brutto", "value", "wert", "positionswert", "totalamount", "ordertotal",
        "subtotal"},
       {"amount", "total", "umsatz", "betrag", "summe"}},
      {TransactionRole::kStatus,
       {"status", "orderstatus", "bestellstatus", "state", "financialstatus", "zahlungsstatus"},
       {"status"}},
  };
  return kNames;
}

bool DateLike(const io::Column& c) {
  if (c.type == io::ColumnType::kDate) return true;
  if (c.IsNumericLike() || c.levels.empty()) return false;
  size_t dates = 0, seen = 0;
  for (size_t i = 0; i < c.levels.size() && seen < 50; ++i, ++seen) dates += io::ScanDate(io::TrimValue(c.levels[i])) != 0;
  return dates * 10 >= seen * 9;  // a few unparseable values keep it a date column (counted later)
}

bool TypeFits(TransactionRole role, const io::Column& c) {
  switch (role) {
    case TransactionRole::kDate: return DateLike(c);
    case TransactionRole::kCustomer:
    case TransactionRole::kInvoice:
      return c.type != io::ColumnType::kDate && c.type != io::ColumnType::kBoolean && !DateLike(c);
    case TransactionRole::kQuantity:
    case TransactionRole::kPrice:
    case TransactionRole::kAmount: return c.type == io::ColumnType::kNumeric;
    case TransactionRole::kStatus: return !c.IsNumericLike();
  }
  return false;
}

std::string* Slot(TransactionColumns& cols, TransactionRole role) {
  switch (role) {
    case TransactionRole::kCustomer: return &cols.customer;
    case TransactionRole::kDate: return &cols.date;
    case TransactionRole::kAmount: return &cols.amount;
    case TransactionRole::kQuantity: return &cols.quantity;
    case TransactionRole::kPrice: return &cols.price;
    case TransactionRole::kInvoice: return &cols.invoice;
    case TransactionRole::kStatus: return &cols.status;
  }
  return &cols.status;
}

}  // namespace

std::string_view TransactionRoleName(TransactionRole role) {
  switch (role) {
    case TransactionRole::kCustomer: return "customer";
    case TransactionRole::kDate: return "date";
    case TransactionRole::kAmount: return "amount";
    case TransactionRole::kQuantity: return "quantity";
    case TransactionRole::kPrice: return "price";
    case TransactionRole::kInvoice: return "invoice";
    case TransactionRole::kStatus: return "status";
  }
  return "";
}

TransactionGuess DetectTransactions(const io::Table& t) {
  TransactionGuess g;
  g.rows = t.rows;
  std::vector<std::string> folded;
  for (const io::Column& c : t.columns) folded.push_back(Fold(c.name));
  std::vector<bool> taken(t.columns.size(), false);
  auto assign = [&](TransactionRole role, size_t col, GuessReason reason) {
    taken[col] = true;
    *Slot(g.columns, role) = t.columns[col].name;
    g.guesses.push_back({role, t.columns[col].name, reason});
  };
  // Pass 1: known names; pass 2: hints. Roles in the order of Names() (date first: "Bestelldatum"
  // is a date, not an order number).
  for (int pass = 0; pass < 2; ++pass) {
    for (const RoleNames& rn : Names()) {
      if (!Slot(g.columns, rn.role)->empty()) continue;
      for (size_t j = 0; j < t.columns.size(); ++j) {
        if (taken[j] || !TypeFits(rn.role, t.columns[j])) continue;
        const std::string& f = folded[j];
        bool match = false;
        if (pass == 0) {
          match = std::any_of(rn.exact.begin(), rn.exact.end(), [&](const char* e) { return f == e; });
        } else {
          match = std::any_of(rn.hints.begin(), rn.hints.end(), [&](const char* h) { return f.find(h) != std::string::npos; });
        }
        if (match) {
          assign(rn.role, j, pass == 0 ? GuessReason::kName : GuessReason::kNameAndType);
          break;
        }
      }
    }
  }
  // Fallbacks by type: the only date column; the id-like column whose values repeat most.
  if (g.columns.date.empty()) {
    std::vector<size_t> dates;
    for (size_t j = 0; j < t.columns.size(); ++j)
      if (!taken[j] && t.columns[j].type == io::ColumnType::kDate) dates.push_back(j);
    if (dates.size() == 1) assign(TransactionRole::kDate, dates[0], GuessReason::kOnlyDate);
  }
  if (g.columns.customer.empty()) {
    size_t best = t.columns.size();
    for (size_t j = 0; j < t.columns.size(); ++j) {
      const io::Column& c = t.columns[j];
      const bool id_like = c.type == io::ColumnType::kIdentifier ||
                           (c.type == io::ColumnType::kNumeric && c.number_style.decimal == '.' && c.distinct > 1 &&
                            folded[j].find("id") != std::string::npos);
      if (taken[j] || !id_like || c.distinct < 2 || c.distinct * 10 > t.rows * 9) continue;
      if (best == t.columns.size() || c.distinct < t.columns[best].distinct) best = j;
    }
    if (best < t.columns.size()) assign(TransactionRole::kCustomer, best, GuessReason::kRepeatingId);
  }
  std::sort(g.guesses.begin(), g.guesses.end(), [](const ColumnGuess& a, const ColumnGuess& b) { return a.role < b.role; });
  // An amount column next to quantity and price is usually their product per line; the standard
  // recipe multiplies, so the amount is kept only as the guess when the pair is missing.
  if (!g.columns.quantity.empty() && !g.columns.price.empty() && !g.columns.amount.empty()) {
    g.columns.amount.clear();
    g.guesses.erase(std::remove_if(g.guesses.begin(), g.guesses.end(),
                                   [](const ColumnGuess& x) { return x.role == TransactionRole::kAmount; }),
                    g.guesses.end());
  }
  if (!g.columns.customer.empty()) {
    const io::Column& c = t.columns[static_cast<size_t>(t.FindColumn(g.columns.customer))];
    g.customers = c.distinct;
  }
  const bool money = !g.columns.amount.empty() || (!g.columns.quantity.empty() && !g.columns.price.empty());
  g.looks_like_transactions = !g.columns.customer.empty() && !g.columns.date.empty() && money && g.customers > 0 &&
                              g.customers * 10 <= t.rows * 9;
  return g;
}

CompletedColumns CompleteTransactionColumns(const TransactionGuess& guess, const TransactionColumns& chosen) {
  CompletedColumns out;
  out.columns = chosen;
  const bool chose_amount = !chosen.amount.empty();
  const bool chose_pair = !chosen.quantity.empty() || !chosen.price.empty();
  for (const ColumnGuess& g : guess.guesses) {
    if (g.role == TransactionRole::kAmount && chose_pair) continue;
    if ((g.role == TransactionRole::kQuantity || g.role == TransactionRole::kPrice) && chose_amount) continue;
    std::string* slot = Slot(out.columns, g.role);
    const TransactionColumns& c = chosen;
    const bool used = g.column == c.customer || g.column == c.date || g.column == c.amount || g.column == c.quantity ||
                      g.column == c.price || g.column == c.invoice || g.column == c.status;
    if (!slot->empty() || used) continue;
    *slot = g.column;
    out.guessed.push_back(g);
  }
  return out;
}

std::string ColumnGuessText(const ColumnGuess& g, Lang lang) {
  static const char* kRoleDe[] = {"Kunde", "Datum", "Betrag", "Menge", "Stückpreis", "Rechnung", "Status"};
  const bool de = lang == Lang::kDe;
  std::string role = de ? kRoleDe[static_cast<int>(g.role)] : std::string(TransactionRoleName(g.role));
  std::string why;
  switch (g.reason) {
    case GuessReason::kName: why = de ? "ein üblicher Name für diese Spalte" : "a usual name for this column"; break;
    case GuessReason::kNameAndType: why = de ? "der Name deutet darauf hin, der Typ passt" : "the name hints at it and the type fits"; break;
    case GuessReason::kOnlyDate: why = de ? "die einzige Datumsspalte" : "the only date column"; break;
    case GuessReason::kRepeatingId: why = de ? "eine Kennung, deren Werte sich wiederholen" : "an id whose values repeat"; break;
  }
  return role + ": \"" + g.column + "\" — " + why;
}

std::string TransactionOfferText(const TransactionGuess& g, Lang lang) {
  if (lang == Lang::kDe) {
    return "Das sieht nach Transaktionen aus: " + FormatCount(g.rows, lang) + " Zeilen, " + FormatCount(g.customers, lang) +
           " Kunden — Kundentabelle erstellen.";
  }
  // English counts with a thousands comma here: the offer is a sentence on a button, not a figure in a note.
  auto grouped = [](size_t n) {
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
    return s;
  };
  return "This looks like transactions: " + grouped(g.rows) + " rows, " + grouped(g.customers) +
         " customers — build the customer table.";
}

}  // namespace seg::analysis
