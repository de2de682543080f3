#!/usr/bin/python3
"""Writes the test workbooks (Debian's python3-openpyxl) and, next to each, the CSV that Excel's
"Save as CSV UTF-8" gives for it, so a test can compare the workbook route with the CSV route.

Usage: make_workbooks.py OUT_DIR [DATASETS_DIR]
  tricky.xlsx/.csv      umlauts and EUR, 0.1 + 0.2, dates/times, booleans, #N/A, empty cells,
                        a formula with its cached value, long text, a title row, merged cells,
                        three sheets (the third a chart sheet)
  date1904.xlsx/.csv    the same dates in the 1904 system
  leapday.xlsx          serial 60 (Excel's nonexistent 1900-02-29) with a date format
  empty_sheet.xlsx      one empty worksheet;  chart_only.xlsx  only a chart sheet
  ds_<name>.xlsx/.csv   shared datasets (when DATASETS_DIR has them), cells typed as Excel would
  bomb.xlsx             a sheet of 200 MB of zeros deflated to ~200 KB;  corrupt.xlsx  cut off
  odf.ods, other.zip    ZIP archives that are no workbook
Exit status 3 when openpyxl is missing (the caller skips).
"""
import csv, datetime, io, os, re, sys, zipfile

try:
    import openpyxl
    from openpyxl.chart import BarChart, Reference
except ImportError:
    sys.exit(3)

out = sys.argv[1]
datasets = sys.argv[2] if len(sys.argv) > 2 else None
os.makedirs(out, exist_ok=True)
LONG = ("Lange Notiz; mit \"Anführungszeichen\", Kommas und\nZeilenumbruch. " * 80).strip()
DATES = [datetime.date(2024, 3, 15), datetime.date(1999, 12, 31), datetime.date(1900, 3, 1)]
TIMES = [datetime.datetime(2024, 3, 15, 13, 45, 30), datetime.datetime(2000, 1, 1, 0, 0, 0),
         datetime.datetime(1999, 12, 31, 23, 59, 59)]


def tricky(path, epoch1904=False):
    wb = openpyxl.Workbook()
    if epoch1904:
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Kunden"
    # The 1904 system cannot hold days before 1904-01-01 (Excel shows ####).
    dates = DATES[:2] + [datetime.date(1904, 1, 2)] if epoch1904 else DATES
    ws["A1"] = "Kundenliste März 2024"
    ws.merge_cells("A1:F1")
    header = ["Kunde", "Stadt", "Umsatz €", "Datum", "Zeitpunkt", "Aktiv", "Doppelt", "Notiz", "Status"]
    ws.append([])
    ws.append(header)
    rows = [
        ["Müller GmbH", "Köln", 0.1 + 0.2, dates[0], TIMES[0], True, None, LONG, "#N/A"],
        ["Größe & Söhne", "Zürich", 1234.5, dates[1], TIMES[1], False, None, None, "ok"],
        ["Ça va €", None, -0.000123, dates[2], TIMES[2], True, None, "kurz", None],
    ]
    for i, r in enumerate(rows):
        ws.append(r)
        n = ws.max_row
        ws.cell(n, 4).number_format = "dd.mm.yyyy"
        ws.cell(n, 5).number_format = "yyyy-mm-dd hh:mm:ss"
        ws.cell(n, 7).value = "=C%d*2" % n
    ws2 = wb.create_sheet("Notizen")
    ws2.append(["a", "b"])
    ws2.append([1, 2])
    cs = wb.create_chartsheet("Diagramm")
    chart = BarChart()
    chart.add_data(Reference(ws2, min_col=1, min_row=1, max_row=2), titles_from_data=True)
    cs.add_chart(chart)
    wb.save(path)
    # openpyxl writes formulas without a cached value; Excel stores one: add it.
    cached = {i: repr((r[2]) * 2) for i, r in enumerate(rows)}
    # openpyxl also writes floats with 16 significant digits ("0.3"); Excel writes the 17 that
    # give back the exact double ("0.30000000000000004"): write those.
    exact = {i: repr(r[2]) for i, r in enumerate(rows)}
    rewrite(path, "xl/worksheets/sheet1.xml",
            lambda xml: re.sub(r'<c r="C(\d+)"([^>]*)><v>[^<]*</v>',
                               lambda m: '<c r="C%s"%s><v>%s</v>' % (m.group(1), m.group(2), exact[int(m.group(1)) - 4])
                               if int(m.group(1)) >= 4 else m.group(0), xml))
    rewrite(path, "xl/worksheets/sheet1.xml",
            lambda xml: re.sub(r'<c r="G(\d+)"([^>]*)><f>(C\d+\*2)</f><v\s*/?>(</v>)?',
                               lambda m: '<c r="G%s"%s><f>%s</f><v>%s</v>' % (m.group(1), m.group(2), m.group(3), cached[int(m.group(1)) - 4]),
                               xml))
    # The CSV Excel would save: title row, blank row, header, rows (ISO dates: the display we write).
    with open(path[:-5] + ".csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["Kundenliste März 2024"])
        w.writerow([])
        w.writerow(header)
        for r in rows:
            w.writerow([r[0], r[1] or "", repr(r[2]), r[3].isoformat(), r[4].strftime("%Y-%m-%d %H:%M:%S"),
                        "TRUE" if r[5] else "FALSE", repr(r[2] * 2), r[7] or "", "" if r[8] in (None, "#N/A") else r[8]])


def rewrite(path, member, change):
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == member:
                data = change(data.decode("utf-8")).encode("utf-8")
            z.writestr(info, data)


def typed(text):
    """A CSV field as the cell Excel makes of it when the CSV is opened and saved as .xlsx."""
    if re.fullmatch(r"-?(0|[1-9]\d{0,14})", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text) and len(text) < 17:
        return float(text)
    return text if text != "" else None


def dataset(name, src):
    with open(src, newline="", encoding="utf-8-sig") as f:
        sample = f.read(65536)
        f.seek(0)
        delim = max(",;\t", key=lambda d: sample.splitlines()[0].count(d))
        records = list(csv.reader(f, delimiter=delim))
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(name[:31])
    ws.append(records[0])
    for r in records[1:]:
        ws.append([typed(v) for v in r])
    wb.save(os.path.join(out, "ds_%s.xlsx" % name))
    with open(os.path.join(out, "ds_%s.csv" % name), "w", newline="", encoding="utf-8") as f:
        csv.writer(f, delimiter=delim, lineterminator="\n").writerows(records)


tricky(os.path.join(out, "tricky.xlsx"))
tricky(os.path.join(out, "date1904.xlsx"), epoch1904=True)

wb = openpyxl.Workbook()
wb.active.append(["id", "datum"])
for i in range(3):
    wb.active.append([i + 1, 59 + i])
    wb.active.cell(i + 2, 2).number_format = "yyyy-mm-dd"
wb.save(os.path.join(out, "leapday.xlsx"))

wb = openpyxl.Workbook()
wb.active.title = "Leer"
wb.save(os.path.join(out, "empty_sheet.xlsx"))

wb = openpyxl.Workbook()
data = wb.active
data.append([1])
cs = wb.create_chartsheet("Nur Diagramm")
ch = BarChart()
ch.add_data(Reference(data, min_col=1, min_row=1, max_row=1))
cs.add_chart(ch)
wb.remove(data)
wb.save(os.path.join(out, "chart_only.xlsx"))

# A zip bomb: a sheet part of 200 MB (mostly spaces inside the XML) deflated to ~200 KB.
with zipfile.ZipFile(os.path.join(out, "tricky.xlsx")) as z:
    parts = {i.filename: z.read(i.filename) for i in z.infolist()}
with zipfile.ZipFile(os.path.join(out, "bomb.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in parts.items():
        if name == "xl/worksheets/sheet1.xml":
            data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (200 << 20), 1)
        z.writestr(name, data)
whole = open(os.path.join(out, "tricky.xlsx"), "rb").read()
open(os.path.join(out, "corrupt.xlsx"), "wb").write(whole[: len(whole) // 2])
with zipfile.ZipFile(os.path.join(out, "odf.ods"), "w") as z:
    z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    z.writestr("content.xml", "<office:document-content/>")
with zipfile.ZipFile(os.path.join(out, "other.zip"), "w") as z:
    z.writestr("readme.txt", "hello")
# A legacy .xls and an encrypted workbook are CFB containers ([MS-CFB]): the signature and the
# UTF-16 stream names are what tells them apart.
cfb = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 504
open(os.path.join(out, "legacy.xls"), "wb").write(cfb + "Workbook".encode("utf-16-le") + b"\0" * 512)
open(os.path.join(out, "encrypted.xlsx"), "wb").write(cfb + "EncryptionInfo".encode("utf-16-le") + b"\0" * 64 +
                                                        "EncryptedPackage".encode("utf-16-le") + b"\0" * 512)

if datasets:
    for name, rel in [("iris", "iris/iris_named.csv"), ("mall", "mall_customers/Mall_Customers.csv"),
                      ("wholesale", "wholesale/Wholesale customers data.csv"),
                      ("telco", "telco_churn/WA_Fn-UseC_-Telco-Customer-Churn.csv"),
                      ("bank", "bank_marketing/bank-additional.csv"),
                      ("campaign", "marketing_campaign/marketing_campaign.csv")]:
        src = os.path.join(datasets, rel)
        if os.path.exists(src):
            dataset(name, src)
