#include "app/i18n.hpp"

#include <cmath>
#include <cstdio>
#include <string_view>
#include <unordered_map>

namespace seg::app {
namespace {

Language g_language = Language::kEnglish;

struct Entry {
  std::string_view english;  // with its length: combo item lists hold embedded NULs
  const char* german;
};
#define E(en, de) Entry{std::string_view(en, sizeof(en) - 1), de}

// German UI text. Keys are the English strings exactly as written in src/app (printf formats keep
// their specifiers in the same order).
const Entry kGerman[] = {
    E("\"%s\" (%.0f MB) is too large for the memory this browser tab can use. Use the command-line tool for files this size, or split the file.",
     "„%s“ (%.0f MB) ist zu groß für den Speicher, den dieser Browser-Tab nutzen kann. Verwenden Sie für Dateien dieser Größe das Kommandozeilen-Werkzeug oder teilen Sie die Datei."),
    E("Importing %s…",
     "Importiere %s…"),
    E("Nothing to download yet: load a file and segment it first.",
     "Noch nichts zum Herunterladen: Laden Sie zuerst eine Datei und segmentieren Sie sie."),
    E("Saved %s: %s rows with their segment, written in this browser.",
     "%s gespeichert: %s Zeilen mit ihrem Segment, erstellt in diesem Browser."),
    E("Saved %s (segment sizes, profiles and KPIs).",
     "%s gespeichert (Segmentgrößen, Profile und Kennzahlen)."),
    E("Saved %s (one row per segment).",
     "%s gespeichert (eine Zeile je Segment)."),
    E("A saved model assigns customers to the segments it computed. Undo the merge to save the model, or save the segmented CSV, which has the merged segments.",
     "Ein gespeichertes Modell ordnet Kunden den berechneten Segmenten zu. Machen Sie das Zusammenführen rückgängig, um das Modell zu speichern, oder speichern Sie die segmentierte CSV, die die zusammengeführten Segmente enthält."),
    E("Saved %s. Apply it to next month's export with: segmenter apply %s FILE.csv",
     "%s gespeichert. Auf den Export des nächsten Monats anwenden mit: segmenter apply %s DATEI.csv"),
    E("Saved %s (the current view).",
     "%s gespeichert (die aktuelle Ansicht)."),
    E("Undone.",
     "Rückgängig gemacht."),
    E("Redone.",
     "Wiederhergestellt."),
    E("Could not rename: %s.",
     "Umbenennen nicht möglich: %s."),
    E("Renamed segment %d to \"%s\".",
     "Segment %d in „%s“ umbenannt."),
    E("Could not merge: %s.",
     "Zusammenführen nicht möglich: %s."),
    E("Merged \"%s\" into \"%s\" (Ctrl+Z undoes it).",
     "„%s“ mit „%s“ zusammengeführt (Strg+Z macht es rückgängig)."),
    E("Changed the colour of segment %d.",
     "Farbe von Segment %d geändert."),
    E("Choose at least one column to segment on.",
     "Wählen Sie mindestens eine Spalte für die Segmentierung."),
    E("Could not segment: ",
     "Segmentierung nicht möglich: "),
    E("Segmenting %s rows…",
     "Segmentiere %s Zeilen…"),
    E(" Your previously loaded data (%s) is unchanged.",
     " Ihre zuvor geladenen Daten (%s) sind unverändert."),
    E("Could not import %s: ",
     "%s konnte nicht importiert werden: "),
    E("Imported %s rows × %zu columns from %s in %s.",
     "%s Zeilen × %zu Spalten aus %s in %s importiert."),
    E("Gaussian mixture",
     "Gauß-Mischmodell"),
    E("k-prototypes",
     "k-Prototypes"),
    E("Segmented %zu rows into %d segments (%s on %zu columns, %s s).",
     "%zu Zeilen in %d Segmente eingeteilt (%s auf %zu Spalten, %s s)."),
    E("Segmented %zu rows into %d segments (%s on %zu columns as %zu features, %s s).",
     "%zu Zeilen in %d Segmente eingeteilt (%s auf %zu Spalten als %zu Merkmalen, %s s)."),
    E("%.0f of %.0f MB, %.0f MB/s",
     "%.0f von %.0f MB, %.0f MB/s"),
    E("Importing %s… (%s, %s)",
     "Importiere %s… (%s, %s)"),
    E("Segmenting %s rows… (%s)",
     "Segmentiere %s Zeilen… (%s)"),
    E("Customer segmentation that never leaves your browser",
     "Kundensegmentierung, die Ihren Browser nie verlässt"),
    E("Drop a customer CSV anywhere on this page, or open one. Segmenter detects the format (Excel, CRM and shop exports; comma or semicolon; decimal comma; Windows-1252), finds groups of similar customers with k-means and shows what sets each group apart. Files are read locally; nothing is uploaded.",
     "Ziehen Sie eine Kunden-CSV auf diese Seite oder öffnen Sie eine. Segmenter erkennt das Format (Excel-, CRM- und Shop-Exporte; Komma oder Semikolon; Dezimalkomma; Windows-1252), findet Gruppen ähnlicher Kunden mit k-Means und zeigt, was jede Gruppe ausmacht. Dateien werden lokal gelesen; nichts wird hochgeladen."),
    E("Open CSV…",
     "CSV öffnen…"),
    E("Load demo data",
     "Demodaten laden"),
    E("Shortcuts: Ctrl+O open · Ctrl+Enter run · Ctrl+S save the segmented CSV · Ctrl+Z / Ctrl+Y undo / redo",
     "Tastenkürzel: Strg+O öffnen · Strg+Enter ausführen · Strg+S segmentierte CSV speichern · Strg+Z / Strg+Y rückgängig / wiederholen"),
    E("Data",
     "Daten"),
    E("%s rows × %zu columns",
     "%s Zeilen × %zu Spalten"),
    E("%s malformed rows set aside (hover for details)",
     "%s fehlerhafte Zeilen beiseitegelegt (Details beim Überfahren)"),
    E("line %lld: %s",
     "Zeile %lld: %s"),
    E("set",
     "gesetzt"),
    E("auto",
     "auto"),
    E("Encoding",
     "Kodierung"),
    E("Delimiter",
     "Trennzeichen"),
    E("Decimal",
     "Dezimalzeichen"),
    E("comma",
     "Komma"),
    E("point",
     "Punkt"),
    E("Header",
     "Kopfzeile"),
    E("first row",
     "erste Zeile"),
    E("none",
     "keine"),
    E("Last import failed: ",
     "Letzter Import fehlgeschlagen: "),
    E("Segmentation",
     "Segmentierung"),
    E("Choose the number of segments automatically",
     "Anzahl der Segmente automatisch wählen"),
    E("from k = %d",
     "von k = %d"),
    E("to %d",
     "bis %d"),
    E("k = %d segments",
     "k = %d Segmente"),
    E("Full covariances\0Diagonal covariances\0",
     "Volle Kovarianzen\0Diagonale Kovarianzen\0"),
    E("Preparation",
     "Vorbereitung"),
    E("Scaling",
     "Skalierung"),
    E("z-score\0Robust (median/IQR)\0Min-max\0None\0",
     "z-Wert\0Robust (Median/IQR)\0Min-Max\0Keine\0"),
    E("log1p for skewed columns",
     "log1p für schiefe Spalten"),
    E("Money and counts are usually right-skewed; log1p keeps a few giants from dominating.",
     "Beträge und Zählwerte sind meist rechtsschief; log1p verhindert, dass wenige Große dominieren."),
    E("Seed",
     "Startwert"),
    E("Columns to segment on",
     "Spalten für die Segmentierung"),
    E("No numeric columns: k-means needs numbers.",
     "Keine numerischen Spalten: k-Means braucht Zahlen."),
    E("Cancel",
     "Abbrechen"),
    E("Segmentation cancelled; the previous result is unchanged.",
     "Segmentierung abgebrochen; das vorherige Ergebnis ist unverändert."),
    E("Run segmentation",
     "Segmentierung starten"),
    E("Edit",
     "Bearbeiten"),
    E("Undo",
     "Rückgängig"),
    E("Redo",
     "Wiederholen"),
    E("Right-click a segment to rename, merge or recolour it.",
     "Rechtsklick auf ein Segment: umbenennen, zusammenführen oder umfärben."),
    E("Export",
     "Export"),
    E("Segmented CSV",
     "Segmentierte CSV"),
    E("Every original row and column, byte for byte, plus segment and segment_name (Ctrl+S)",
     "Jede Originalzeile und -spalte, Byte für Byte, plus segment und segment_name (Strg+S)"),
    E("Segment summary (CSV)",
     "Segmentübersicht (CSV)"),
    E("One row per segment: size, share, KPIs, means; in the loaded file's delimiter and decimal separator",
     "Eine Zeile je Segment: Größe, Anteil, Kennzahlen, Mittelwerte; mit Trenn- und Dezimalzeichen der geladenen Datei"),
    E("Summary (JSON)",
     "Übersicht (JSON)"),
    E("Model (JSON)",
     "Modell (JSON)"),
    E("Preparation, centroids and names: apply them to a later export with `segmenter apply`",
     "Vorbereitung, Zentren und Namen: mit `segmenter apply` auf einen späteren Export anwenden"),
    E("Picture (PNG)",
     "Bild (PNG)"),
    E("The current view as an image, e.g. for slides",
     "Die aktuelle Ansicht als Bild, z. B. für Folien"),
    E("Notes",
     "Hinweise"),
    E("Segment %d: %s",
     "Segment %d: %s"),
    E("Row %s of the file",
     "Zeile %s der Datei"),
    E("BIC (higher on the chart = better)",
     "BIC (höher im Diagramm = besser)"),
    E("silhouette (separation)",
     "Silhouette (Trennung)"),
    E("stability on resamples",
     "Stabilität über Stichproben"),
    E("Segmenting… %.0f%%",
     "Segmentiere… %.0f %%"),
    E("Choose columns and press Run segmentation.",
     "Wählen Sie Spalten und klicken Sie auf „Segmentierung starten“."),
    E("Principal components of the %zu segmenting columns",
     "Hauptkomponenten der %zu Segmentierungsspalten"),
    E("(PC1 %.0f%%, PC2 %.0f%% of the variance; wheel zooms, drag pans, double-click resets)",
     "(HK1 %.0f %%, HK2 %.0f %% der Varianz; Mausrad zoomt, Ziehen verschiebt, Doppelklick setzt zurück)"),
    E("Show",
     "Zeigen"),
    E("Segment",
     "Segment"),
    E("Customers",
     "Kunden"),
    E("Share",
     "Anteil"),
    E("Revenue",
     "Umsatz"),
    E("Churn",
     "Abwanderung"),
    E("Conversion",
     "Konversion"),
    E("Compared with all customers",
     "Im Vergleich zu allen Kunden"),
    E("Show this segment (right-click: colour)",
     "Segment zeigen (Rechtsklick: Farbe)"),
    E("Hide this segment (right-click: colour)",
     "Segment ausblenden (Rechtsklick: Farbe)"),
    E("Click to rename; right-click to merge or recolour.",
     "Klicken zum Umbenennen; Rechtsklick zum Zusammenführen oder Umfärben."),
    E("%s (%s): %s, all customers %s",
     "%s (%s): %s, alle Kunden %s"),
    E("all",
     "alle"),
    E("No segmentation yet.",
     "Noch keine Segmentierung."),
    E("How well separated are the segments?",
     "Wie gut sind die Segmente getrennt?"),
    E("Silhouette %s",
     "Silhouette %s"),
    E("(-1..1; above 0.5 is clear, 0.25-0.5 reasonable; on %zu sampled rows)",
     "(-1..1; über 0,5 deutlich, 0,25-0,5 brauchbar; auf %zu Stichprobenzeilen)"),
    E("Calinski-Harabasz %s   Davies-Bouldin %s   smallest segment %s",
     "Calinski-Harabasz %s   Davies-Bouldin %s   kleinstes Segment %s"),
    E("These scores describe the computed segments, before merging.",
     "Diese Werte beschreiben die berechneten Segmente vor dem Zusammenführen."),
    E("Choosing the number of segments",
     "Wahl der Segmentanzahl"),
    E("silhouette",
     "Silhouette"),
    E("stability",
     "Stabilität"),
    E("smallest",
     "kleinstes"),
    E("%d  (chosen)",
     "%d  (gewählt)"),
    E(" (too small)",
     " (zu klein)"),
    E("all %s%s",
     "alle %s%s"),
    E("Showing the first 200 of %zu columns.",
     "Die ersten 200 von %zu Spalten werden gezeigt."),
    E("Column",
     "Spalte"),
    E("Type",
     "Typ"),
    E("Missing",
     "Fehlend"),
    E("Distinct",
     "Verschieden"),
    E("Range / top values",
     "Bereich / häufigste Werte"),
    E("Examples",
     "Beispiele"),
    E(", constant",
     ", konstant"),
    E(", mean ",
     ", Mittel "),
    E("Colour",
     "Farbe"),
    E("Merge into",
     "Zusammenführen mit"),
    E("Use the generated name",
     "Erzeugten Namen verwenden"),
    E("Hide",
     "Ausblenden"),
    E("What sets each segment apart (heatmap)",
     "Was jedes Segment ausmacht (Heatmap)"),
    E("Segment sizes",
     "Segmentgrößen"),
    E("KPIs by segment",
     "Kennzahlen je Segment"),
    E("Distributions by segment",
     "Verteilungen je Segment"),
    E("Ready. Load the demo data or open a customer CSV; it stays in this browser.",
     "Bereit. Laden Sie die Demodaten oder öffnen Sie eine Kunden-CSV; sie bleibt in diesem Browser."),
    E("No KPI columns were recognised (revenue, margin, churn, NPS, conversion, ...).",
     "Keine Kennzahlspalten erkannt (Umsatz, Marge, Abwanderung, NPS, Konversion, …)."),
    E("dashed line: all customers",
     "gestrichelt: alle Kunden"),
    E("Segment mean",
     "Segmentmittel"),
    E("all customers",
     "alle Kunden"),
    E("Standardised difference",
     "Standardisierte Differenz"),
    E("Cells: (segment mean - mean of all customers) / standard deviation. Orange: above, blue: below.",
     "Zellen: (Segmentmittel - Mittel aller Kunden) / Standardabweichung. Orange: darüber, blau: darunter."),
    E("No numeric columns.",
     "Keine numerischen Spalten."),
    E("Share of each segment's customers per range of values (1st to 99th percentile of all customers).",
     "Anteil der Kunden jedes Segments je Wertebereich (1. bis 99. Perzentil aller Kunden)."),
    E("Segments###segments",
     "Segmente###segments"),
    E("Profiles###profiles",
     "Profile###profiles"),
    E("Charts###charts",
     "Diagramme###charts"),
    E("Quality###quality",
     "Qualität###quality"),
    E("Data###data",
     "Daten###data"),
    E("Columns###columns",
     "Spalten###columns"),
    E("identifier",
     "Kennung"),
    E("categorical",
     "kategorial"),
    E("numeric",
     "numerisch"),
    E("date",
     "Datum"),
    E("boolean",
     "ja/nein"),
    E("text",
     "Text"),
    E("decoding",
     "dekodieren"),
    E("sniffing",
     "Format erkennen"),
    E("reading",
     "lesen"),
    E("typing",
     "Typen bestimmen"),
    E("statistics",
     "Statistiken"),
    E("done",
     "fertig"),
    E("(none)",
      "(keine)"),
    E("Choose the recency, frequency and monetary columns.",
      "Wählen Sie die Spalten für Aktualität, Häufigkeit und Umsatz."),
    E("Each customer gets R, F and M scores from 1 to 5 (quintiles) and a named segment from the R x F grid.",
      "Jeder Kunde erhält R-, F- und M-Werte von 1 bis 5 (Quintile) und ein benanntes Segment aus dem R-x-F-Raster."),
    E("Frequency: orders, purchases",
      "Häufigkeit: Bestellungen, Käufe"),
    E("Group by (up to three columns)",
      "Gruppieren nach (bis zu drei Spalten)"),
    E("Monetary: revenue, spend",
      "Umsatz: Umsatz, Ausgaben"),
    E("R: recency score (5 = bought most recently), F: frequency score (5 = buys most often); quintiles of all scored customers.",
      "R: Aktualität (5 = zuletzt gekauft), F: Häufigkeit (5 = kauft am häufigsten); Quintile aller bewerteten Kunden."),
    E("RFM grid (recency x frequency)",
      "RFM-Raster (Aktualität x Häufigkeit)"),
    E("Recency: days since, or last purchase date",
      "Aktualität: Tage seit oder Datum des letzten Kaufs"),
    E("Rules and RFM need no model file: the segmented CSV and the summary hold the result. Use `segmenter segment --method rules|rfm` to repeat them on a later export.",
      "Regeln und RFM brauchen keine Modelldatei: Die segmentierte CSV und die Übersicht enthalten das Ergebnis. Mit `segmenter segment --method rules|rfm` wiederholen Sie sie auf einem späteren Export."),
    E("customers",
      "Kunden"),
    E("k-means: compact, similar-sized groups.\nGaussian mixture: groups of different shapes and spreads, k chosen by BIC.\nMixed (k-prototypes): also uses categorical columns such as industry or plan.\nRules: one group per combination of up to three columns (industry, region, size bands).\nRFM: scores 1-5 for recency, frequency and monetary value and the classic segments (Champions, At Risk, ...).",
      "k-Means: kompakte, ähnlich große Gruppen.\nGauß-Mischmodell: Gruppen unterschiedlicher Form und Streuung, k nach BIC gewählt.\nGemischt (k-Prototypes): nutzt auch kategoriale Spalten wie Branche oder Tarif.\nRegeln: eine Gruppe je Kombination von bis zu drei Spalten (Branche, Region, Größenklassen).\nRFM: Werte 1-5 für Aktualität, Häufigkeit und Umsatz und die klassischen Segmente (Champions, At Risk, …)."),
    E("rules",
      "Regeln"),
    E("k-means\0Gaussian mixture\0Mixed: numbers + categories\0Rules: groups by columns\0RFM: recency, frequency, monetary\0",
      "k-Means\0Gauß-Mischmodell\0Gemischt: Zahlen + Kategorien\0Regeln: Gruppen nach Spalten\0RFM: Aktualität, Häufigkeit, Umsatz\0"),
    E("Company-size bands (1-20, 21-50, ...)\0Quartiles\0Each value\0",
      "Größenklassen (1-20, 21-50, …)\0Quartile\0Jeder Wert\0"),
    E("Segmented %zu rows into %d segments (%s, %s s).",
      "%zu Zeilen in %d Segmente eingeteilt (%s, %s s)."),
    E("SQL export covers k-means models (not merged). For rules and RFM use `segmenter segment --model` and `segmenter sql` on the command line.",
      "Der SQL-Export gilt für k-Means-Modelle (nicht zusammengeführt). Für Regeln und RFM verwenden Sie `segmenter segment --model` und `segmenter sql` auf der Kommandozeile."),
    E("Could not build the SQL query: ", "Die SQL-Abfrage konnte nicht erstellt werden: "),
    E("Saved %s: one %s query that assigns every row of table %s to its segment.",
      "%s gespeichert: eine %s-Abfrage, die jede Zeile der Tabelle %s ihrem Segment zuordnet."),
    E("SQL query", "SQL-Abfrage"),
    E("Segments every customer in your database with the same model: one standard SQL query, no data leaves",
      "Segmentiert jeden Kunden in Ihrer Datenbank mit demselben Modell: eine Standard-SQL-Abfrage, keine Daten verlassen sie"),
    E("%zu columns hold personal data; they are not used for segmenting (hover)",
      "%zu Spalten enthalten personenbezogene Daten; sie werden nicht zum Segmentieren verwendet (Details beim Überfahren)"),
    E("Personal columns: keep\0Personal columns: leave out\0Personal columns: mask (***)\0",
      "Personenbezogene Spalten: behalten\0Personenbezogene Spalten: weglassen\0Personenbezogene Spalten: maskieren (***)\0"),
    E("The segmented CSV will contain these columns:", "Die segmentierte CSV wird diese Spalten enthalten:"),
    E("Personal data", "Personenbezogene Daten"),
    E("Segment a file first; then compare it with a later export of the same customers.",
      "Segmentieren Sie zuerst eine Datei; vergleichen Sie sie dann mit einem späteren Export derselben Kunden."),
    E("Comparing needs a customer id column (unique values, e.g. customer_id) in both files.",
      "Zum Vergleichen braucht es in beiden Dateien eine Kunden-ID-Spalte (eindeutige Werte, z. B. customer_id)."),
    E("Could not compare: ",
      "Vergleich nicht möglich: "),
    E("Compared %s with %s by %s: %zu stayed, %zu moved, %zu churned, %zu new.",
      "%s mit %s über %s verglichen: %zu geblieben, %zu gewechselt, %zu abgewandert, %zu neu."),
    E("Saved %s: every customer of both files with the old and the new segment.",
      "%s gespeichert: jeder Kunde beider Dateien mit altem und neuem Segment."),
    E("Saved %s (matrix, growth, KPI changes).",
      "%s gespeichert (Matrix, Wachstum, Kennzahl-Änderungen)."),
    E("Over time",
      "Im Zeitverlauf"),
    E("Compare with a later export…",
      "Mit einem späteren Export vergleichen…"),
    E("Applies this model to next month's export of the same customers: who moved, who left, who is new",
      "Wendet dieses Modell auf den Export des nächsten Monats an: wer gewechselt hat, wer gegangen ist, wer neu ist"),
    E("new customers",
      "Neukunden"),
    E("churned",
      "abgewandert"),
    E("%s (before) → %s (after), matched by %s: %s stayed, %s moved, %s churned, %s new.",
      "%s (vorher) → %s (nachher), zugeordnet über %s: %s geblieben, %s gewechselt, %s abgewandert, %s neu."),
    E("before",
      "vorher"),
    E("after",
      "nachher"),
    E("%s: %zu ids on more than one row (the first row counts), %zu rows without an id; all listed in the JSON.",
      "%s: %zu IDs in mehr als einer Zeile (die erste zählt), %zu Zeilen ohne ID; alle im JSON aufgeführt."),
    E("Moves (CSV)",
      "Wechsel (CSV)"),
    E("id, old_segment, new_segment, status for every customer of both files",
      "id, old_segment, new_segment, status für jeden Kunden beider Dateien"),
    E("Comparison (JSON)",
      "Vergleich (JSON)"),
    E("Flow between segments",
      "Fluss zwischen Segmenten"),
    E("Migration matrix (click a cell for its customers)",
      "Wechselmatrix (Zelle anklicken für ihre Kunden)"),
    E("before → after",
      "vorher → nachher"),
    E("%s customers in the selected cell (first 200):",
      "%s Kunden in der gewählten Zelle (die ersten 200):"),
    E("Growth by segment",
      "Wachstum je Segment"),
    E("growth",
      "Wachstum"),
    E("Compare###compare",
      "Vergleich###compare"),
    E("Saved %s: what was processed and how, without any data values.",
      "%s gespeichert: was wie verarbeitet wurde, ohne Datenwerte."),
    E("Processing record (GDPR)", "Verarbeitungsnachweis (DSGVO)"),
    E("A printable summary for your data-protection officer: file, counts, columns used, personal columns and their handling, method; no data values",
      "Eine druckbare Übersicht für Ihre Datenschutzbeauftragte oder Ihren Datenschutzbeauftragten: Datei, Anzahlen, verwendete Spalten, personenbezogene Spalten und ihre Behandlung, Verfahren; keine Datenwerte"),
    // Import settings, unreadable rows, Data tab sorting and the scatter selection.
    E(" %s rows could not be read and were skipped (listed under Data).",
      " %s Zeilen konnten nicht gelesen werden und wurden übersprungen (unter Daten aufgelistet)."),
    E("# / segment", "# / Segment"),
    E("%s customers selected (%s)", "%s Kunden ausgewählt (%s)"),
    E("%s of %s records in %s have a different number of fields than the header (%zu columns).",
      "%s von %s Datensätzen in %s haben eine andere Anzahl Felder als die Kopfzeile (%zu Spalten)."),
    E("%s of %s rows; click a column header to sort", "%s von %s Zeilen; zum Sortieren auf eine Spaltenüberschrift klicken"),
    E("%s rows could not be read (skipped)", "%s Zeilen konnten nicht gelesen werden (übersprungen)"),
    E("%s rows of %s could not be read. Skip them, or stop the import and keep your data as it was?",
      "%s Zeilen von %s konnten nicht gelesen werden. Überspringen, oder den Import abbrechen und Ihre Daten unverändert lassen?"),
    E("(Shift+drag: box, Alt+drag: lasso, Ctrl adds; click empty space to clear)",
      "(Umschalt+Ziehen: Rechteck, Alt+Ziehen: Lasso, Strg ergänzt; Klick ins Leere hebt auf)"),
    E(", descending", ", absteigend"),
    E(", sorted by %s", ", sortiert nach %s"),
    E("All rows", "Alle Zeilen"),
    E("Ask me\0Skip and list them\0Stop the import\0", "Nachfragen\0Überspringen und auflisten\0Import abbrechen\0"),
    E("Bad rows", "Fehlerhafte Zeilen"),
    E("Clear selection", "Auswahl aufheben"),
    E("Data: %s of %s rows", "Daten: %s von %s Zeilen"),
    E("Detect automatically", "Automatisch erkennen"),
    E("Download selection (CSV)", "Auswahl herunterladen (CSV)"),
    E("Download the list", "Liste herunterladen"),
    E("Import of %s stopped: %s rows could not be read, the first on line %lld. Fix them and load the file again.",
      "Import von %s abgebrochen: %s Zeilen konnten nicht gelesen werden, die erste in Zeile %lld. Korrigieren Sie sie und laden Sie die Datei erneut."),
    E("Import", "Import"),
    E("Line", "Zeile"),
    E("Missing values", "Fehlende Werte"),
    E("Problem", "Problem"),
    E("Read again with the new import settings. ", "Mit den neuen Import-Einstellungen neu gelesen. "),
    E("Row as written", "Zeile wie in der Datei"),
    E("Rows that could not be read###pending", "Nicht lesbare Zeilen###pending"),
    E("Rows with too many or too few fields. Skipped rows are listed under Data and stay in the segmented export.",
      "Zeilen mit zu vielen oder zu wenigen Feldern. Übersprungene Zeilen werden unter Daten aufgelistet und bleiben im segmentierten Export erhalten."),
    E("Saved %s: the %s selected customers.", "%s gespeichert: die %s ausgewählten Kunden."),
    E("Selected in the scatter (%s)", "Im Streudiagramm ausgewählt (%s)"),
    E("Show in Data", "In Daten zeigen"),
    E("Skip these rows and continue", "Diese Zeilen überspringen und fortfahren"),
    E("Skipped rows are not segmented but stay in the segmented export, unchanged. Often a delimiter inside an unquoted field is the cause.",
      "Übersprungene Zeilen werden nicht segmentiert, bleiben aber unverändert im segmentierten Export. Häufige Ursache: ein Trennzeichen in einem Feld ohne Anführungszeichen."),
    E("Stop the import", "Import abbrechen"),
    E("Stop: keep my previous data", "Abbrechen: meine bisherigen Daten behalten"),
    E("The first %zu are listed; the download has all %s.", "Die ersten %zu sind aufgelistet; der Download enthält alle %s."),
    E("The selected customers' rows exactly as in your file, plus segment and segment_name",
      "Die Zeilen der ausgewählten Kunden genau wie in Ihrer Datei, dazu segment und segment_name"),
    E("Unknown command: ", "Unbekannter Befehl: "),
    E("Values that mean \"missing\" in this file, separated by commas. Empty cells, NA, N/A, null, -, ? and #N/A always count.",
      "Werte, die in dieser Datei „fehlt“ bedeuten, durch Kommas getrennt. Leere Zellen, NA, N/A, null, -, ? und #N/A zählen immer."),
    E("Windows-1252 is what Excel writes in Western Europe (€ is 0x80); UTF-8 what most CRMs and shops export.",
      "Windows-1252 schreibt Excel in Westeuropa (€ ist 0x80); UTF-8 exportieren die meisten CRMs und Shops."),
    E("comma (1.234,56)", "Komma (1.234,56)"),
    E("e.g. unknown, k.A.", "z. B. unbekannt, k.A."),
    E("point (1,234.56)", "Punkt (1,234.56)"),
    E("segment", "Segment"),
    E("Pan", "Verschieben"),
    E("Box select", "Rechteck"),
    E("Lasso", "Lasso"),
    // Project files and models with merged segments.
    E(" These columns of the project are not in this file: %s.", " Diese Spalten des Projekts fehlen in dieser Datei: %s."),
    E("Could not open %s: ", "%s konnte nicht geöffnet werden: "),
    E("Could not save the model: ", "Das Modell konnte nicht gespeichert werden: "),
    E("Opened the project %s. Now open the customer file it belongs to: %s (%s bytes); its settings and segment names will be applied.",
      "Projekt %s geöffnet. Öffnen Sie jetzt die zugehörige Kundendatei: %s (%s Bytes); ihre Einstellungen und Segmentnamen werden übernommen."),
    E("Project file", "Projektdatei"),
    E("Project settings applied.", "Projekteinstellungen übernommen."),
    E("Puts the customer file itself into the project (Base64), so it opens without the CSV. Treat the project like the data then.",
      "Legt die Kundendatei selbst ins Projekt (Base64), damit es ohne die CSV-Datei öffnet. Behandeln Sie das Projekt dann wie die Daten."),
    E("Saved %s with your merged segments. Apply it to next month's export with: segmenter apply %s FILE.csv",
      "%s mit Ihren zusammengelegten Segmenten gespeichert. Auf den Export des nächsten Monats anwenden mit: segmenter apply %s DATEI.csv"),
    E("Saved %s: settings and segment names, no customer data. Open it, then the same CSV, to continue.",
      "%s gespeichert: Einstellungen und Segmentnamen, keine Kundendaten. Zum Weiterarbeiten öffnen, dann dieselbe CSV-Datei."),
    E("Saved %s: settings, segment names and the customer file itself. Keep it as safe as the data.",
      "%s gespeichert: Einstellungen, Segmentnamen und die Kundendatei selbst. Bewahren Sie es so sicher auf wie die Daten."),
    E("Settings, segment names, merges and colours, to continue later: open it, then the same CSV. The customer data is included only if you tick the box.",
      "Einstellungen, Segmentnamen, Zusammenlegungen und Farben, um später weiterzuarbeiten: öffnen, dann dieselbe CSV-Datei. Die Kundendaten sind nur enthalten, wenn Sie das Kästchen ankreuzen."),
    E("with data", "mit Daten"),
    // Preparation: clipping, missing indicators, weights.
    E("Clip outliers (1st/99th percentile)", "Ausreißer kappen (1./99. Perzentil)"),
    E("Values beyond the 1st and 99th percentiles count as those percentiles, so a few extreme customers do not pull a segment.",
      "Werte jenseits des 1. und 99. Perzentils zählen als diese Perzentile, damit wenige extreme Kunden kein Segment verziehen."),
    E("Missing values as a feature", "Fehlende Werte als Merkmal"),
    E("Adds \"<column> missing\" (0/1) for columns with gaps: customers without a value can form their own group.",
      "Fügt „<Spalte> fehlt“ (0/1) für Spalten mit Lücken hinzu: Kunden ohne Wert können eine eigene Gruppe bilden."),
    E("Weight in the distance: 1 = as important as the other columns, 2 = twice, 0 = ignored. Drag or double-click to type.",
      "Gewicht im Abstand: 1 = so wichtig wie die anderen Spalten, 2 = doppelt, 0 = ignoriert. Ziehen oder doppelklicken zum Eintippen."),
    // Delimiter names (from io::DelimiterDisplayName).
    E("semicolon", "Semikolon"),
    E("tab", "Tabulator"),
    E("pipe", "senkrechter Strich"),
    E("whitespace", "Leerraum"),
    // Column roles in Preparation.
    E("(text, %s values)", "(Text, %s Werte)"),
    E("(categories, %s values)", "(Kategorien, %s Werte)"),
    E("Mixed segmentation compares this column's values directly.",
      "Die gemischte Segmentierung vergleicht die Werte dieser Spalte direkt."),
    E("Used as yes/no columns for its most frequent values (each at least 1% of the rows); the rest count as \"other\".",
      "Wird über ihre häufigsten Werte (je mindestens 1 % der Zeilen) als Ja/Nein-Spalten verwendet; die übrigen zählen als „andere“."),
    E("Used as one yes/no column per value; together they weigh as much as one numeric column.",
      "Wird als eine Ja/Nein-Spalte je Wert verwendet; zusammen wiegen sie so viel wie eine numerische Spalte."),
    E("Column \"%s\" cannot be used for segmenting.", "Die Spalte „%s“ kann nicht zum Segmentieren verwendet werden."),
    // Comparison warnings.
    E("KPI \"%s\" is known only in the later file.", "KPI „%s“ gibt es nur in der späteren Datei."),
    E("KPI \"%s\" is known only in the earlier file.", "KPI „%s“ gibt es nur in der früheren Datei."),
    // Phases of a segmentation run (SegmentationJob::Phase).
    E("clustering", "Clustern"),
    E("preparing the data", "Daten vorbereiten"),
    E("profiling", "Profile berechnen"),
    E("scoring", "Qualität bewerten"),
    E("projecting for the chart", "Projektion für das Diagramm"),
    E("choosing k (trying %s)", "k wählen (teste %s)"),
    E("choosing k by BIC (trying %s)", "k per BIC wählen (teste %s)"),
};
#undef E

const std::unordered_map<std::string_view, const char*>& Table() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string_view, const char*>();
    for (const Entry& e : kGerman) t->emplace(e.english, e.german);
    return t;
  }();
  return *table;
}

const char* Lookup(std::string_view key, const char* english) {
  if (g_language == Language::kEnglish) return english;
  const auto& t = Table();
  const auto it = t.find(key);
  return it == t.end() ? english : it->second;
}

// Inserts a grouping character every three digits of the integer part of `digits` (which may
// start with '-' and contain '.' as the decimal point), and swaps in the locale's decimal mark.
std::string Localise(const std::string& digits) {
  const bool de = g_language == Language::kGerman;
  const char group = de ? '.' : ',';
  const char decimal = de ? ',' : '.';
  size_t start = (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) ? 1 : 0;
  size_t end = digits.find('.');
  if (end == std::string::npos) end = digits.size();
  std::string out = digits.substr(0, start);
  const size_t n = end - start;
  for (size_t i = 0; i < n; ++i) {
    out += digits[start + i];
    const size_t left = n - i - 1;
    if (left > 0 && left % 3 == 0 && n > 4) out += group;  // 1234 stays 1234; 12345 -> 12,345
  }
  if (end < digits.size()) {
    out += decimal;
    out += digits.substr(end + 1);
  }
  return out;
}

}  // namespace

void SetLanguage(Language language) { g_language = language; }
Language CurrentLanguage() { return g_language; }

Language ParseLanguage(std::string_view code) {
  if (code.size() >= 2 && (code[0] == 'd' || code[0] == 'D') && (code[1] == 'e' || code[1] == 'E')) return Language::kGerman;
  return Language::kEnglish;
}

const char* Tr(const char* english) { return english ? Lookup(std::string_view(english), english) : ""; }

const char* TrItems(const char* items) {
  size_t n = 0;
  while (items[n] != '\0' || items[n + 1] != '\0') ++n;
  return Lookup(std::string_view(items, n + 1), items);
}

bool HasGerman(const char* english) { return Table().count(std::string_view(english)) > 0; }
bool HasGermanItems(const char* items) {
  size_t n = 0;
  while (items[n] != '\0' || items[n + 1] != '\0') ++n;
  return Table().count(std::string_view(items, n + 1)) > 0;
}

std::string FormatCount(size_t n) {
  std::string s = std::to_string(n);
  const char group = g_language == Language::kGerman ? '.' : ',';
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), 1, group);
  return s;
}

std::string FormatFixed(double v, int decimals) {
  if (!std::isfinite(v)) return "–";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s == "-0" || s.rfind("-0.", 0) == 0) {  // no "-0" / "-0.0" for tiny negatives
    bool zero = true;
    for (char c : s) zero = zero && (c == '-' || c == '0' || c == '.');
    if (zero) s.erase(0, 1);
  }
  return Localise(s);
}

std::string FormatNumber(double v) {
  if (!std::isfinite(v)) return "–";
  const bool de = g_language == Language::kGerman;
  const double a = std::fabs(v);
  if (a >= 1e9) return FormatFixed(v / 1e9, 2) + (de ? " Mrd." : " bn");
  if (a >= 1e6) return FormatFixed(v / 1e6, 2) + (de ? " Mio." : " m");
  if (a >= 1e4) return FormatFixed(v, 0);
  if (a >= 100) return FormatFixed(v, 1);
  return FormatFixed(v, 2);
}

std::string FormatPercent(double fraction, int decimals) {
  if (!std::isfinite(fraction)) return "–";
  return FormatFixed(fraction * 100.0, decimals) + (g_language == Language::kGerman ? " %" : "%");
}

}  // namespace seg::app
