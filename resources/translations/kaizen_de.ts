<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>charts.before_after</name>
    <message>
        <source>{metric}: before and after</source>
        <translation>{metric}: vorher und nachher</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
    <message>
        <source>no measurements yet</source>
        <translation>noch keine Messungen</translation>
    </message>
    <message>
        <source>mean {value}</source>
        <translation>Mittelwert {value}</translation>
    </message>
    <message>
        <source>↓ lower is better</source>
        <translation>↓ niedriger ist besser</translation>
    </message>
    <message>
        <source>↑ higher is better</source>
        <translation>↑ höher ist besser</translation>
    </message>
    <message>
        <source>{metric}: no clear change</source>
        <translation>{metric}: keine klare Veränderung</translation>
    </message>
    <message>
        <source>{metric}: no change</source>
        <translation>{metric}: keine Veränderung</translation>
    </message>
    <message>
        <source>{metric}: {percent}% better</source>
        <translation>{metric}: {percent}&#xa0;% besser</translation>
    </message>
    <message>
        <source>{metric}: {percent}% worse</source>
        <translation>{metric}: {percent}&#xa0;% schlechter</translation>
    </message>
    <message>
        <source>Measure both before and after the change to compare them</source>
        <translation>Messen Sie vor und nach der Änderung, um zu vergleichen</translation>
    </message>
    <message>
        <source>mean {before} → {after}</source>
        <translation>Mittelwert {before} → {after}</translation>
    </message>
</context>
<context>
    <name>charts.capability</name>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
    <message>
        <source>{phase} ({count} values)</source>
        <translation>{phase} ({count} Werte)</translation>
    </message>
    <message>
        <source>Capability of {metric}</source>
        <translation>Prozessfähigkeit von {metric}</translation>
    </message>
</context>
<context>
    <name>charts.case_durations</name>
    <message>
        <source>How long cases take</source>
        <translation>Wie lange Fälle dauern</translation>
    </message>
    <message>
        <source>median</source>
        <translation>Median</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>Case duration (days)</source>
        <translation>Falldauer (Tage)</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Fälle</translation>
    </message>
    <message>
        <source>{count} cases · median {median} days · mean {mean} days</source>
        <translation>{count} Fälle · Median {median} Tage · Mittelwert {mean} Tage</translation>
    </message>
</context>
<context>
    <name>charts.control_chart</name>
    <message>
        <source>{metric}: control chart (XmR)</source>
        <translation>{metric}: Regelkarte (XmR)</translation>
    </message>
    <message>
        <source>A control chart needs at least 2 measurements</source>
        <translation>Eine Regelkarte braucht mindestens 2 Messungen</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
    <message>
        <source>change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Moving range</source>
        <translation>Gleitende Spannweite</translation>
    </message>
    <message>
        <source>Measurement, in order</source>
        <translation>Messung, in Reihenfolge</translation>
    </message>
    <message>
        <source>Limits computed separately before and after the change</source>
        <translation>Grenzen vor und nach der Änderung getrennt berechnet</translation>
    </message>
    <message>
        <source>Natural process limits from the moving ranges</source>
        <translation>Natürliche Prozessgrenzen aus den gleitenden Spannweiten</translation>
    </message>
    <message>
        <source>{count} signal (circled)</source>
        <translation>{count} Signal (eingekreist)</translation>
    </message>
    <message>
        <source>{count} signals (circled)</source>
        <translation>{count} Signale (eingekreist)</translation>
    </message>
    <message>
        <source>{count} signals</source>
        <translation>{count} Signale</translation>
    </message>
    <message>
        <source>limits</source>
        <translation>Grenzen</translation>
    </message>
    <message>
        <source>signal</source>
        <translation>Signal</translation>
    </message>
</context>
<context>
    <name>charts.kpi</name>
    <message>
        <source>{name} over time</source>
        <translation>{name} im Zeitverlauf</translation>
    </message>
    <message>
        <source>A KPI chart needs at least 2 points</source>
        <translation>Ein KPI-Diagramm braucht mindestens 2 Punkte</translation>
    </message>
    <message>
        <source>before any change</source>
        <translation>vor jeder Änderung</translation>
    </message>
    <message>
        <source>points</source>
        <translation>Punkte</translation>
    </message>
    <message>
        <source>limits</source>
        <translation>Grenzen</translation>
    </message>
    <message>
        <source>after a change</source>
        <translation>nach einer Änderung</translation>
    </message>
    <message>
        <source>signal</source>
        <translation>Signal</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>{first} to {last} · XmR limits per phase · {changes} change · {signals} signal</source>
        <translation>{first} bis {last} · XmR-Grenzen je Phase · {changes} Änderung · {signals} Signal</translation>
    </message>
    <message>
        <source>{first} to {last} · XmR limits per phase · {changes} change · {signals} signals</source>
        <translation>{first} bis {last} · XmR-Grenzen je Phase · {changes} Änderung · {signals} Signale</translation>
    </message>
    <message>
        <source>{first} to {last} · XmR limits per phase · {changes} changes · {signals} signal</source>
        <translation>{first} bis {last} · XmR-Grenzen je Phase · {changes} Änderungen · {signals} Signal</translation>
    </message>
    <message>
        <source>{first} to {last} · XmR limits per phase · {changes} changes · {signals} signals</source>
        <translation>{first} bis {last} · XmR-Grenzen je Phase · {changes} Änderungen · {signals} Signale</translation>
    </message>
    <message>
        <source> ({count} worse)</source>
        <translation> ({count} schlechter)</translation>
    </message>
</context>
<context>
    <name>charts.metric_chart</name>
    <message>
        <source>MR</source>
        <translation>MR</translation>
    </message>
    <message>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <source>S</source>
        <translation>s</translation>
    </message>
    <message>
        <source>Moving range</source>
        <translation>Gleitende Spannweite</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>Spannweite</translation>
    </message>
    <message>
        <source>Std. deviation</source>
        <translation>Standardabw.</translation>
    </message>
    <message>
        <source>{metric}: control chart ({kind})</source>
        <translation>{metric}: Regelkarte ({kind})</translation>
    </message>
    <message>
        <source>Subgroup, in order</source>
        <translation>Untergruppe, in Reihenfolge</translation>
    </message>
    <message>
        <source>Measurement, in order</source>
        <translation>Messung, in Reihenfolge</translation>
    </message>
    <message>
        <source>change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>subgroups of {size}</source>
        <translation>Untergruppen von {size}</translation>
    </message>
    <message>
        <source>before limits carried forward</source>
        <translation>Grenzen von vorher fortgeführt</translation>
    </message>
    <message>
        <source>limits per phase</source>
        <translation>Grenzen je Phase</translation>
    </message>
    <message>
        <source>{rule_set} rules</source>
        <translation>Regeln nach {rule_set}</translation>
    </message>
    <message>
        <source>{count} signal (circled)</source>
        <translation>{count} Signal (eingekreist)</translation>
    </message>
    <message>
        <source>{count} signals (circled)</source>
        <translation>{count} Signale (eingekreist)</translation>
    </message>
    <message>
        <source>{count} signals</source>
        <translation>{count} Signale</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
</context>
<context>
    <name>charts.pareto</name>
    <message>
        <source>Where waste costs most</source>
        <translation>Wo Verschwendung am meisten kostet</translation>
    </message>
    <message>
        <source>Yearly cost</source>
        <translation>Jährliche Kosten</translation>
    </message>
    <message>
        <source>cumulative share</source>
        <translation>kumulierter Anteil</translation>
    </message>
    <message>
        <source>Cumulative share of cost</source>
        <translation>Kumulierter Kostenanteil</translation>
    </message>
    <message>
        <source>Cum. %</source>
        <translation>Kum. %</translation>
    </message>
    <message>
        <source>Total {total} a year · the top category makes up {share}% of it</source>
        <translation>Gesamt {total} pro Jahr · die Top-Kategorie macht {share}&#xa0;% aus</translation>
    </message>
    <message>
        <source>Total {total} a year · the top {count} categories make up {share}% of it</source>
        <translation>Gesamt {total} pro Jahr · die Top {count} machen {share}&#xa0;% aus</translation>
    </message>
</context>
<context>
    <name>charts.savings</name>
    <message>
        <source>Savings so far</source>
        <translation>Einsparungen bisher</translation>
    </message>
    <message>
        <source>{kind}: one amount per month is needed.</source>
        <translation>{kind}: Ein Betrag pro Monat ist nötig.</translation>
    </message>
    <message>
        <source>The forecast needs one amount per month.</source>
        <translation>Die Prognose braucht einen Betrag pro Monat.</translation>
    </message>
    <message>
        <source>Actual, total</source>
        <translation>Ist, gesamt</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>Prognose</translation>
    </message>
    <message>
        <source>Cumulative savings</source>
        <translation>Kumulierte Einsparungen</translation>
    </message>
    <message>
        <source>Actual {actual} vs forecast {forecast}</source>
        <translation>Ist {actual} ggü. Prognose {forecast}</translation>
    </message>
    <message>
        <source>Actual {actual}</source>
        <translation>Ist {actual}</translation>
    </message>
    <message>
        <source>forecast {forecast}</source>
        <translation>Prognose {forecast}</translation>
    </message>
</context>
<context>
    <name>charts.scenario</name>
    <message>
        <source>real</source>
        <translation>echt</translation>
    </message>
    <message>
        <source>not shown</source>
        <translation>nicht belegt</translation>
    </message>
    <message>
        <source>{figure}
{unit}, ↑&#xa0;better</source>
        <translation>{figure}
{unit}, ↑&#xa0;besser</translation>
    </message>
    <message>
        <source>{figure}
{unit}, ↓&#xa0;better</source>
        <translation>{figure}
{unit}, ↓&#xa0;besser</translation>
    </message>
</context>
<context>
    <name>charts.style</name>
    <message>
        <source>No data yet</source>
        <translation>Noch keine Daten</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <source>{text!r} is not a whole number</source>
        <translation>{text!r} ist keine ganze Zahl</translation>
    </message>
    <message>
        <source>{value} is not between {low} and {high}</source>
        <translation>{value} liegt nicht zwischen {low} und {high}</translation>
    </message>
    <message>
        <source>Kaizen: continuous improvement on the shop floor.</source>
        <translation>Kaizen: kontinuierliche Verbesserung in der Produktion.</translation>
    </message>
    <message>
        <source>SQLAlchemy database URL (default: the SQLite file in the data folder; env KAIZEN_DB_URL)</source>
        <translation>SQLAlchemy-Datenbank-URL (Standard: die SQLite-Datei im Datenordner; Umgebungsvariable KAIZEN_DB_URL)</translation>
    </message>
    <message>
        <source>data folder (env KAIZEN_DATA_DIR)</source>
        <translation>Datenordner (Umgebungsvariable KAIZEN_DATA_DIR)</translation>
    </message>
    <message>
        <source>open the app with demo data when the database is empty</source>
        <translation>die App mit Demodaten öffnen, wenn die Datenbank leer ist</translation>
    </message>
    <message>
        <source>open the shop-floor kiosk: quick capture only (new idea, log waste, my ideas), full screen</source>
        <translation>den Kiosk für die Produktion öffnen: nur schnelle Erfassung (neue Idee, Verschwendung erfassen, meine Ideen), Vollbild</translation>
    </message>
    <message>
        <source>make this PC open the kiosk whenever Kaizen starts (on), or the full app again (off); kept in this PC&apos;s local config</source>
        <translation>diesen PC bei jedem Start von Kaizen den Kiosk öffnen lassen (on) oder wieder die vollständige App (off); in der lokalen Konfiguration dieses PCs gespeichert</translation>
    </message>
    <message>
        <source>add Kaizen to the desktop&apos;s menu (a freedesktop .desktop entry and its icon under $XDG_DATA_HOME), then exit</source>
        <translation>Kaizen zum Menü des Desktops hinzufügen (ein freedesktop-.desktop-Eintrag und sein Symbol unter $XDG_DATA_HOME), dann beenden</translation>
    </message>
    <message>
        <source>open the app (the default)</source>
        <translation>die App öffnen (Standard)</translation>
    </message>
    <message>
        <source>fill the database with a believable demo plant</source>
        <translation>die Datenbank mit einem glaubwürdigen Demowerk füllen</translation>
    </message>
    <message>
        <source>random seed (same seed, same data)</source>
        <translation>Zufallsstartwert (gleicher Startwert, gleiche Daten)</translation>
    </message>
    <message>
        <source>how many months of history up to today, 1 to 120 (default 18)</source>
        <translation>wie viele Monate Verlauf bis heute, 1 bis 120 (Standard 18)</translation>
    </message>
    <message>
        <source>also bulk-insert N extra ideas (with observations, cycles, measurements and savings in proportion) for benchmarks</source>
        <translation>zusätzlich N weitere Ideen in großen Mengen einfügen (mit Beobachtungen, Zyklen, Messungen und Einsparungen im Verhältnis), für Benchmarks</translation>
    </message>
    <message>
        <source>database maintenance</source>
        <translation>Datenbankwartung</translation>
    </message>
    <message>
        <source>back up, then migrate the schema to the newest version</source>
        <translation>sichern, dann das Schema auf die neueste Version migrieren</translation>
    </message>
    <message>
        <source>report the schema version and the database&apos;s health</source>
        <translation>die Schemaversion und den Zustand der Datenbank melden</translation>
    </message>
    <message>
        <source>copy a whole database (ids, audit trail, photos) into an empty one, e.g. a line&apos;s SQLite file into the site&apos;s PostgreSQL server</source>
        <translation>eine ganze Datenbank (IDs, Prüfprotokoll, Fotos) in eine leere kopieren, z. B. die SQLite-Datei einer Linie auf den PostgreSQL-Server des Standorts</translation>
    </message>
    <message>
        <source>the database to copy (default: --db, else this PC&apos;s SQLite file)</source>
        <translation>die zu kopierende Datenbank (Standard: --db, sonst die SQLite-Datei dieses PCs)</translation>
    </message>
    <message>
        <source>the empty database to fill (its schema is created if it has none)</source>
        <translation>die leere Datenbank, die gefüllt wird (ihr Schema wird angelegt, wenn sie keines hat)</translation>
    </message>
    <message>
        <source>the source&apos;s photo folder (default: beside a SQLite file)</source>
        <translation>der Fotoordner der Quelle (Standard: neben einer SQLite-Datei)</translation>
    </message>
    <message>
        <source>where the target&apos;s photos go (default: beside a SQLite file; a server needs this folder, shared by every PC)</source>
        <translation>wohin die Fotos des Ziels kommen (Standard: neben einer SQLite-Datei; ein Server braucht diesen Ordner, von jedem PC gemeinsam genutzt)</translation>
    </message>
    <message>
        <source>take a verified backup of the database now</source>
        <translation>jetzt eine geprüfte Sicherung der Datenbank erstellen</translation>
    </message>
    <message>
        <source>write the monthly improvement report (PDF, XLSX or CSV) to a file</source>
        <translation>den monatlichen Verbesserungsbericht (PDF, XLSX oder CSV) in eine Datei schreiben</translation>
    </message>
    <message>
        <source>the month to report on (default: last month)</source>
        <translation>der Monat des Berichts (Standard: letzter Monat)</translation>
    </message>
    <message>
        <source>one area and the areas below it, by name or by its place in the tree (&apos;Plant / Assembly&apos;); default: the whole site</source>
        <translation>ein Bereich und die Bereiche darunter, nach Name oder nach seiner Stelle im Baum (&apos;Plant / Assembly&apos;); Standard: der ganze Standort</translation>
    </message>
    <message>
        <source>pdf, xlsx, or csv (a .zip of the savings ledger and the completed changes; a .csv file holds the ledger alone); default: from the file name, else pdf</source>
        <translation>pdf, xlsx oder csv (ein .zip aus Einsparungsbuch und abgeschlossenen Änderungen; eine .csv-Datei enthält nur das Buch); Standard: aus dem Dateinamen, sonst pdf</translation>
    </message>
    <message>
        <source>where to write it (default: kaizen-report-YYYY-MM.&lt;format&gt; here)</source>
        <translation>wohin er geschrieben wird (Standard: kaizen-report-YYYY-MM.&lt;format&gt; hier)</translation>
    </message>
    <message>
        <source>the language to write it in (default: the site&apos;s, from Site settings)</source>
        <translation>die Sprache, in der er geschrieben wird (Standard: die des Standorts, aus den Standorteinstellungen)</translation>
    </message>
    <message>
        <source>put a backup back in place of the database (the current file is kept)</source>
        <translation>eine Sicherung anstelle der Datenbank zurückspielen (die aktuelle Datei bleibt erhalten)</translation>
    </message>
    <message>
        <source>list the backups with what each holds, and restore nothing</source>
        <translation>die Sicherungen mit ihrem Inhalt auflisten und nichts wiederherstellen</translation>
    </message>
    <message>
        <source>the backup file to restore (default: the newest good backup)</source>
        <translation>die wiederherzustellende Sicherungsdatei (Standard: die neueste gute Sicherung)</translation>
    </message>
    <message>
        <source>restore without asking (for scripts)</source>
        <translation>ohne Rückfrage wiederherstellen (für Skripte)</translation>
    </message>
    <message>
        <source>This PC now opens the kiosk when Kaizen starts.</source>
        <translation>Dieser PC öffnet jetzt beim Start von Kaizen den Kiosk.</translation>
    </message>
    <message>
        <source>This PC now opens the full app when Kaizen starts.</source>
        <translation>Dieser PC öffnet jetzt beim Start von Kaizen die vollständige App.</translation>
    </message>
    <message>
        <source>{why}. Nothing was written to it; point --db or --data-dir at Kaizen&apos;s own database.</source>
        <translation>{why}. Es wurde nichts hineingeschrieben; richten Sie --db oder --data-dir auf die eigene Datenbank von Kaizen.</translation>
    </message>
    <message>
        <source>the daily backup was not taken: {error}</source>
        <translation>die tägliche Sicherung wurde nicht erstellt: {error}</translation>
    </message>
    <message>
        <source>Daily backup taken and verified: {file}</source>
        <translation>Tägliche Sicherung erstellt und geprüft: {file}</translation>
    </message>
    <message>
        <source>The database is already at the newest schema ({revision}).</source>
        <translation>Die Datenbank hat bereits das neueste Schema ({revision}).</translation>
    </message>
    <message>
        <source>Upgraded the schema from {before} to {after}.</source>
        <translation>Schema von {before} auf {after} aktualisiert.</translation>
    </message>
    <message>
        <source>Upgraded the schema from empty to {after}.</source>
        <translation>Schema von leer auf {after} aktualisiert.</translation>
    </message>
    <message>
        <source>Backup taken first: {file}</source>
        <translation>Vorher erstellte Sicherung: {file}</translation>
    </message>
    <message>
        <source>Copying {table}: {done} of {total} rows</source>
        <translation>Kopiere {table}: {done} von {total} Zeilen</translation>
    </message>
    <message>
        <source>the copy failed and nothing was written to the target: {error}</source>
        <translation>das Kopieren ist fehlgeschlagen, in das Ziel wurde nichts geschrieben: {error}</translation>
    </message>
    <message>
        <source>Copied {source} into {target} (schema revision {revision}, {seconds} s).</source>
        <translation>{source} nach {target} kopiert (Schemarevision {revision}, {seconds} s).</translation>
    </message>
    <message>
        <source>The target had no schema; it was created first.</source>
        <translation>Das Ziel hatte kein Schema; es wurde zuerst angelegt.</translation>
    </message>
    <message>
        <source>Row counts, id sums and the sums shown are equal on both sides.</source>
        <translation>Zeilenzahlen, ID-Summen und die gezeigten Summen sind auf beiden Seiten gleich.</translation>
    </message>
    <message>
        <source>Photos: {copied} copied, {present} already there.</source>
        <translation>Fotos: {copied} kopiert, {present} bereits vorhanden.</translation>
    </message>
    <message>
        <source>{count} photo files named in the source were missing from its folder.</source>
        <translation>{count} in der Quelle genannte Fotodateien fehlten in ihrem Ordner.</translation>
    </message>
    <message>
        <source>Database: none yet at {path}</source>
        <translation>Datenbank: noch keine unter {path}</translation>
    </message>
    <message>
        <source>Nothing to check: no database exists there yet. Kaizen creates it when it first starts (or `kaizen db upgrade`).</source>
        <translation>Nichts zu prüfen: dort gibt es noch keine Datenbank. Kaizen legt sie beim ersten Start an (oder `kaizen db upgrade`).</translation>
    </message>
    <message>
        <source>Database: {url}</source>
        <translation>Datenbank: {url}</translation>
    </message>
    <message>
        <source>Health: ok</source>
        <translation>Zustand: ok</translation>
    </message>
    <message>
        <source>Health: PROBLEMS FOUND</source>
        <translation>Zustand: PROBLEME GEFUNDEN</translation>
    </message>
    <message>
        <source>Health: pages and integrity are the server&apos;s to check (no file checks here)</source>
        <translation>Zustand: Seiten und Integrität prüft der Server (hier keine Dateiprüfungen)</translation>
    </message>
    <message>
        <source>Schema: cannot be read ({error})</source>
        <translation>Schema: nicht lesbar ({error})</translation>
    </message>
    <message>
        <source>Schema: {state}</source>
        <translation>Schema: {state}</translation>
    </message>
    <message>
        <source>Audit trail: protected (the database refuses edits and deletions of it)</source>
        <translation>Prüfprotokoll: geschützt (die Datenbank verweigert Änderungen und Löschungen daran)</translation>
    </message>
    <message>
        <source>Audit trail: NOT PROTECTED (its append-only triggers are missing; `kaizen db upgrade` cannot restore them, restore a backup)</source>
        <translation>Prüfprotokoll: NICHT GESCHÜTZT (seine Trigger für reines Anfügen fehlen; `kaizen db upgrade` kann sie nicht wiederherstellen, spielen Sie eine Sicherung zurück)</translation>
    </message>
    <message>
        <source>Hash chain: {state}</source>
        <translation>Hash-Kette: {state}</translation>
    </message>
    <message>
        <source>Schema: not checked (the file cannot be read)</source>
        <translation>Schema: nicht geprüft (die Datei ist nicht lesbar)</translation>
    </message>
    <message>
        <source>Audit trail: not checked (the schema cannot be read)</source>
        <translation>Prüfprotokoll: nicht geprüft (das Schema ist nicht lesbar)</translation>
    </message>
    <message>
        <source>Photos: not checked (the schema cannot be read)</source>
        <translation>Fotos: nicht geprüft (das Schema ist nicht lesbar)</translation>
    </message>
    <message>
        <source>Backups: taken with the server&apos;s own tools (pg_dump), not by Kaizen</source>
        <translation>Sicherungen: mit den eigenen Werkzeugen des Servers (pg_dump), nicht von Kaizen</translation>
    </message>
    <message>
        <source>What to do: the file is damaged. `kaizen restore --list` shows the backups; `kaizen restore` puts the newest good one back (this file is kept aside, never deleted).</source>
        <translation>Was zu tun ist: die Datei ist beschädigt. `kaizen restore --list` zeigt die Sicherungen; `kaizen restore` spielt die neueste gute zurück (diese Datei wird beiseitegelegt, nie gelöscht).</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Integrity: FAILED ({why})</source>
        <translation>Integrität: FEHLGESCHLAGEN ({why})</translation>
    </message>
    <message>
        <source>Foreign keys: not checked (the file cannot be read)</source>
        <translation>Fremdschlüssel: nicht geprüft (die Datei ist nicht lesbar)</translation>
    </message>
    <message>
        <source>Integrity: ok (quick check and full integrity check passed)</source>
        <translation>Integrität: ok (Schnellprüfung und vollständige Integritätsprüfung bestanden)</translation>
    </message>
    <message>
        <source>Foreign keys: {count} broken references (rows pointing at rows that are gone)</source>
        <translation>Fremdschlüssel: {count} defekte Verweise (Zeilen, die auf nicht mehr vorhandene Zeilen zeigen)</translation>
    </message>
    <message>
        <source>Foreign keys: ok (every reference points at an existing row)</source>
        <translation>Fremdschlüssel: ok (jeder Verweis zeigt auf eine vorhandene Zeile)</translation>
    </message>
    <message>
        <source>empty (no schema yet; `kaizen db upgrade` creates it)</source>
        <translation>leer (noch kein Schema; `kaizen db upgrade` legt es an)</translation>
    </message>
    <message>
        <source>up to date (revision {current})</source>
        <translation>aktuell (Revision {current})</translation>
    </message>
    <message>
        <source>older (revision {current}); `kaizen db upgrade` brings it to {head} (after a backup)</source>
        <translation>älter (Revision {current}); `kaizen db upgrade` bringt es auf {head} (nach einer Sicherung)</translation>
    </message>
    <message>
        <source>newer than this app (revision {current}, this app knows {head}); it opens read-only</source>
        <translation>neuer als diese App (Revision {current}, diese App kennt {head}); sie wird schreibgeschützt geöffnet</translation>
    </message>
    <message>
        <source>not a Kaizen database (tables but no version)</source>
        <translation>keine Kaizen-Datenbank (Tabellen, aber keine Version)</translation>
    </message>
    <message>
        <source>Photos: cannot be read ({error})</source>
        <translation>Fotos: nicht lesbar ({error})</translation>
    </message>
    <message>
        <source>Photos: none stored</source>
        <translation>Fotos: keine gespeichert</translation>
    </message>
    <message>
        <source>Photos: {count} files, none missing ({folder})</source>
        <translation>Fotos: {count} Dateien, keine fehlt ({folder})</translation>
    </message>
    <message>
        <source>Photos: {missing} of {count} files MISSING from {folder} (their ideas and observations show them as missing)</source>
        <translation>Fotos: {missing} von {count} Dateien FEHLEN in {folder} (ihre Ideen und Beobachtungen zeigen sie als fehlend)</translation>
    </message>
    <message>
        <source>Backups: none yet (`kaizen backup` takes one)</source>
        <translation>Sicherungen: noch keine (`kaizen backup` erstellt eine)</translation>
    </message>
    <message>
        <source>Backups: {count}, newest {name} (taken {taken}, {age})</source>
        <translation>Sicherungen: {count}, neueste {name} (erstellt {taken}, {age})</translation>
    </message>
    <message>
        <source>The newest backup is over a day old; `kaizen backup` takes one now.</source>
        <translation>Die neueste Sicherung ist älter als einen Tag; `kaizen backup` erstellt jetzt eine.</translation>
    </message>
    <message>
        <source>there is no database at {path} yet: nothing to back up.</source>
        <translation>unter {path} gibt es noch keine Datenbank: nichts zu sichern.</translation>
    </message>
    <message>
        <source>Backup written and verified: {file}</source>
        <translation>Sicherung geschrieben und geprüft: {file}</translation>
    </message>
    <message>
        <source>restore works on the local SQLite database only; restore another kind of database with its own tools.</source>
        <translation>restore funktioniert nur mit der lokalen SQLite-Datenbank; stellen Sie andere Datenbanken mit deren eigenen Werkzeugen wieder her.</translation>
    </message>
    <message>
        <source>No backups in {folder} yet (`kaizen backup` takes one).</source>
        <translation>Noch keine Sicherungen in {folder} (`kaizen backup` erstellt eine).</translation>
    </message>
    <message>
        <source>Backups in {folder}, newest first:</source>
        <translation>Sicherungen in {folder}, neueste zuerst:</translation>
    </message>
    <message>
        <source>{name}: taken {taken}, revision {revision}, {people} people, {ideas} ideas, {observations} observations, {cycles} PDCA cycles, newest idea {newest}</source>
        <translation>{name}: erstellt {taken}, Revision {revision}, {people} Personen, {ideas} Ideen, {observations} Beobachtungen, {cycles} PDCA-Zyklen, neueste Idee {newest}</translation>
    </message>
    <message>
        <source>{name}: taken {taken}, revision {revision}, {people} people, {ideas} ideas, {observations} observations, {cycles} PDCA cycles</source>
        <translation>{name}: erstellt {taken}, Revision {revision}, {people} Personen, {ideas} Ideen, {observations} Beobachtungen, {cycles} PDCA-Zyklen</translation>
    </message>
    <message>
        <source>{name}: UNUSABLE ({problem})</source>
        <translation>{name}: UNBRAUCHBAR ({problem})</translation>
    </message>
    <message>
        <source>no good backup in {folder}.</source>
        <translation>keine gute Sicherung in {folder}.</translation>
    </message>
    <message>
        <source>The backup to restore:</source>
        <translation>Die wiederherzustellende Sicherung:</translation>
    </message>
    <message>
        <source>this file cannot be restored.</source>
        <translation>diese Datei kann nicht wiederhergestellt werden.</translation>
    </message>
    <message>
        <source>It replaces the current database ({ideas} ideas, {people} people).</source>
        <translation>Sie ersetzt die aktuelle Datenbank ({ideas} Ideen, {people} Personen).</translation>
    </message>
    <message>
        <source>It replaces the current database (which is unreadable: {problem}).</source>
        <translation>Sie ersetzt die aktuelle Datenbank (die nicht lesbar ist: {problem}).</translation>
    </message>
    <message>
        <source>The current file is kept beside it, renamed; nothing is deleted.</source>
        <translation>Die aktuelle Datei bleibt umbenannt daneben erhalten; nichts wird gelöscht.</translation>
    </message>
    <message>
        <source>add --yes to restore without being asked.</source>
        <translation>fügen Sie --yes hinzu, um ohne Rückfrage wiederherzustellen.</translation>
    </message>
    <message>
        <source>Restore this backup now? [y/N] </source>
        <translation>Diese Sicherung jetzt wiederherstellen? [y/N] </translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Restored the backup from {taken} and verified it.</source>
        <translation>Die Sicherung vom {taken} wurde wiederhergestellt und geprüft.</translation>
    </message>
    <message>
        <source>The previous database was kept as {file}</source>
        <translation>Die bisherige Datenbank wurde aufbewahrt als {file}</translation>
    </message>
    <message>
        <source>Building demo data: {percent}%</source>
        <translation>Demodaten werden erstellt: {percent}%</translation>
    </message>
    <message>
        <source>there is no database at {path} yet: nothing to report (none was created).</source>
        <translation>unter {path} gibt es noch keine Datenbank: nichts zu berichten (es wurde keine angelegt).</translation>
    </message>
    <message>
        <source>the database file is damaged ({problem}): no report was written. {hint}</source>
        <translation>die Datenbankdatei ist beschädigt ({problem}): es wurde kein Bericht geschrieben. {hint}</translation>
    </message>
    <message>
        <source>the folder {folder} does not exist.</source>
        <translation>der Ordner {folder} existiert nicht.</translation>
    </message>
    <message>
        <source>cannot write the report to {file} ({why}); nothing was written.</source>
        <translation>der Bericht kann nicht nach {file} geschrieben werden ({why}); es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>Report for {month} ({area}) written to {file}</source>
        <translation>Bericht für {month} ({area}) geschrieben nach {file}</translation>
    </message>
    <message>
        <source>More than one area is called {name!r} ({paths}); give its place in the tree, e.g. &apos;Plant / Assembly&apos;.</source>
        <translation>Mehr als ein Bereich heißt {name!r} ({paths}); geben Sie seine Stelle im Baum an, z. B. &apos;Plant / Assembly&apos;.</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>noch keine</translation>
    </message>
    <message>
        <source>No area is called {name!r}. Areas: {known}.</source>
        <translation>Kein Bereich heißt {name!r}. Bereiche: {known}.</translation>
    </message>
</context>
<context>
    <name>cli_a3</name>
    <message>
        <source>write the A3 report of a PDCA cycle (one printable PDF page): background, current condition, 5 whys, countermeasures, plan, results, follow-up</source>
        <translation>den A3-Bericht eines PDCA-Zyklus schreiben (eine druckbare PDF-Seite): Hintergrund, Ist-Zustand, 5 Warum, Gegenmaßnahmen, Plan, Ergebnisse, Nachverfolgung</translation>
    </message>
    <message>
        <source>the PDCA cycle&apos;s number (the card&apos;s id)</source>
        <translation>die Nummer des PDCA-Zyklus (die ID der Karte)</translation>
    </message>
    <message>
        <source>the PDF to write</source>
        <translation>das zu schreibende PDF</translation>
    </message>
    <message>
        <source>no A3 to write</source>
        <translation>kein A3 zu schreiben</translation>
    </message>
    <message>
        <source>A3 report of cycle {cycle} written to {file}</source>
        <translation>A3-Bericht von Zyklus {cycle} geschrieben nach {file}</translation>
    </message>
</context>
<context>
    <name>cli_errors</name>
    <message>
        <source>`kaizen db check` shows what is wrong; `kaizen restore --list` shows the backups and `kaizen restore` puts the newest good one back (the damaged file is kept aside, never deleted).</source>
        <translation>`kaizen db check` zeigt, was nicht stimmt; `kaizen restore --list` zeigt die Sicherungen und `kaizen restore` spielt die neueste gute zurück (die beschädigte Datei wird beiseitegelegt, nie gelöscht).</translation>
    </message>
    <message>
        <source>this database was written by a newer Kaizen (schema revision {current}; this version knows up to {head}). Update Kaizen to use it; nothing was changed.</source>
        <translation>diese Datenbank wurde von einem neueren Kaizen geschrieben (Schemarevision {current}; diese Version kennt bis {head}). Aktualisieren Sie Kaizen, um sie zu nutzen; es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>the database is empty (no Kaizen schema yet): there is nothing to report.</source>
        <translation>die Datenbank ist leer (noch kein Kaizen-Schema): es gibt nichts zu berichten.</translation>
    </message>
    <message>
        <source>this is not a Kaizen database (it has tables but no Kaizen schema version).</source>
        <translation>dies ist keine Kaizen-Datenbank (sie hat Tabellen, aber keine Kaizen-Schemaversion).</translation>
    </message>
    <message>
        <source>the database schema is older than this version reads (revision {current}, this version needs {head}); run `kaizen db upgrade` first (it takes a backup before it changes anything).</source>
        <translation>das Datenbankschema ist älter, als diese Version liest (Revision {current}, diese Version braucht {head}); führen Sie zuerst `kaizen db upgrade` aus (es erstellt eine Sicherung, bevor es etwas ändert).</translation>
    </message>
    <message>
        <source>there is no database at {path} yet: {nothing}.</source>
        <translation>unter {path} gibt es noch keine Datenbank: {nothing}.</translation>
    </message>
    <message>
        <source>--out: the folder {folder} does not exist.</source>
        <translation>--out: der Ordner {folder} existiert nicht.</translation>
    </message>
    <message>
        <source>cannot write {file} ({why}); nothing was written.</source>
        <translation>{file} kann nicht geschrieben werden ({why}); es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>the database file is damaged or is not a database ({problem}). {hint}</source>
        <translation>die Datenbankdatei ist beschädigt oder keine Datenbank ({problem}). {hint}</translation>
    </message>
    <message>
        <source>cannot reach the database server ({problem}).</source>
        <translation>der Datenbankserver ist nicht erreichbar ({problem}).</translation>
    </message>
    <message>
        <source>the database refused the command ({problem}).</source>
        <translation>die Datenbank hat den Befehl abgelehnt ({problem}).</translation>
    </message>
    <message>
        <source>Kaizen stopped on an unexpected problem ({kind}: {problem}). Run again with KAIZEN_DEBUG=1 to see where, and report it.</source>
        <translation>Kaizen wurde durch ein unerwartetes Problem angehalten ({kind}: {problem}). Führen Sie den Befehl mit KAIZEN_DEBUG=1 erneut aus, um die Stelle zu sehen, und melden Sie es.</translation>
    </message>
</context>
<context>
    <name>cli_export</name>
    <message>
        <source>write the ideas or the waste-walk observations, filtered and sorted as in the app&apos;s lists, to a CSV file or an Excel workbook</source>
        <translation>die Ideen oder die Beobachtungen des Verschwendungsrundgangs, gefiltert und sortiert wie in den Listen der App, in eine CSV-Datei oder eine Excel-Arbeitsmappe schreiben</translation>
    </message>
    <message>
        <source>ideas, or observations (the waste walk)</source>
        <translation>ideas oder observations (der Verschwendungsrundgang)</translation>
    </message>
    <message>
        <source>csv or xlsx (default: from the file name, else csv)</source>
        <translation>csv oder xlsx (Standard: aus dem Dateinamen, sonst csv)</translation>
    </message>
    <message>
        <source>the file to write</source>
        <translation>die zu schreibende Datei</translation>
    </message>
    <message>
        <source>only rows holding every word (the list&apos;s search box)</source>
        <translation>nur Zeilen, die jedes Wort enthalten (das Suchfeld der Liste)</translation>
    </message>
    <message>
        <source>one area and the areas below it, by name or &apos;Plant / Assembly&apos;</source>
        <translation>ein Bereich und die Bereiche darunter, nach Name oder &apos;Plant / Assembly&apos;</translation>
    </message>
    <message>
        <source>ideas with this status (repeat for several)</source>
        <translation>Ideen mit diesem Status (für mehrere wiederholen)</translation>
    </message>
    <message>
        <source>observations of this waste (repeat for several)</source>
        <translation>Beobachtungen dieser Verschwendung (für mehrere wiederholen)</translation>
    </message>
    <message>
        <source>ideas submitted or owned by, or observations seen by, this person</source>
        <translation>von dieser Person eingereichte oder verantwortete Ideen bzw. von ihr gemachte Beobachtungen</translation>
    </message>
    <message>
        <source>created (ideas) or seen (observations) on or after this day</source>
        <translation>erstellt (Ideen) oder beobachtet (Beobachtungen) an oder nach diesem Tag</translation>
    </message>
    <message>
        <source>created or seen on or before this day</source>
        <translation>erstellt oder beobachtet an oder vor diesem Tag</translation>
    </message>
    <message>
        <source>the column to sort by (default: created_at for ideas, observed_at for observations)</source>
        <translation>die Spalte, nach der sortiert wird (Standard: created_at für Ideen, observed_at für Beobachtungen)</translation>
    </message>
    <message>
        <source>sort smallest first (default: largest, newest first)</source>
        <translation>kleinste zuerst sortieren (Standard: größte, neueste zuerst)</translation>
    </message>
    <message>
        <source>nothing to export</source>
        <translation>nichts zu exportieren</translation>
    </message>
    <message>
        <source>Exported {count} idea to {file}</source>
        <translation>{count} Idee exportiert nach {file}</translation>
    </message>
    <message>
        <source>Exported {count} ideas to {file}</source>
        <translation>{count} Ideen exportiert nach {file}</translation>
    </message>
    <message>
        <source>Exported {count} observation to {file}</source>
        <translation>{count} Beobachtung exportiert nach {file}</translation>
    </message>
    <message>
        <source>Exported {count} observations to {file}</source>
        <translation>{count} Beobachtungen exportiert nach {file}</translation>
    </message>
    <message>
        <source>--category filters observations; ideas take --status.</source>
        <translation>--category filtert Beobachtungen; Ideen nehmen --status.</translation>
    </message>
    <message>
        <source>--status filters ideas; observations take --category.</source>
        <translation>--status filtert Ideen; Beobachtungen nehmen --category.</translation>
    </message>
    <message>
        <source>{option}: {value!r} is not a day as YYYY-MM-DD.</source>
        <translation>{option}: {value!r} ist kein Tag im Format YYYY-MM-DD.</translation>
    </message>
    <message>
        <source>--sort: the ideas cannot be sorted by {sort!r}; pick one of {columns}.</source>
        <translation>--sort: die Ideen können nicht nach {sort!r} sortiert werden; wählen Sie eine von {columns}.</translation>
    </message>
    <message>
        <source>--sort: the observations cannot be sorted by {sort!r}; pick one of {columns}.</source>
        <translation>--sort: die Beobachtungen können nicht nach {sort!r} sortiert werden; wählen Sie eine von {columns}.</translation>
    </message>
    <message>
        <source>--person: more than one person is called {name!r}.</source>
        <translation>--person: mehr als eine Person heißt {name!r}.</translation>
    </message>
    <message>
        <source>--person: nobody is called {name!r}.</source>
        <translation>--person: niemand heißt {name!r}.</translation>
    </message>
</context>
<context>
    <name>cli_import</name>
    <message>
        <source>ideas: title, problem, proposal, area, submitter [, wastes, expected_savings, implementation_cost, impact, effort]; observations: category, area, observer, description, minutes_per_occurrence, occurrences_per_week [, cost_per_occurrence, observed_at]; measurements: idea, metric, phase, value, recorded_by [, measured_at]. A header line names the columns; &apos;;&apos; or &apos;,&apos; between fields, decimal commas allowed.</source>
        <translation>ideas: title, problem, proposal, area, submitter [, wastes, expected_savings, implementation_cost, impact, effort]; observations: category, area, observer, description, minutes_per_occurrence, occurrences_per_week [, cost_per_occurrence, observed_at]; measurements: idea, metric, phase, value, recorded_by [, measured_at]. Eine Kopfzeile benennt die Spalten; &apos;;&apos; oder &apos;,&apos; zwischen den Feldern, Dezimalkommas erlaubt.</translation>
    </message>
    <message>
        <source>import ideas, observations or measurements from a CSV file, all or nothing</source>
        <translation>Ideen, Beobachtungen oder Messungen aus einer CSV-Datei importieren, alles oder nichts</translation>
    </message>
    <message>
        <source>what the file holds</source>
        <translation>was die Datei enthält</translation>
    </message>
    <message>
        <source>the CSV file</source>
        <translation>die CSV-Datei</translation>
    </message>
    <message>
        <source>{file}: no such file.</source>
        <translation>{file}: Datei nicht gefunden.</translation>
    </message>
    <message>
        <source>nothing was imported (start Kaizen once, or `kaizen db upgrade`, to create it)</source>
        <translation>es wurde nichts importiert (starten Sie Kaizen einmal oder `kaizen db upgrade`, um sie anzulegen)</translation>
    </message>
    <message>
        <source>{file}: {problem} Nothing was imported.</source>
        <translation>{file}: {problem} Es wurde nichts importiert.</translation>
    </message>
    <message>
        <source>Imported {count} measurement from {file} into {metrics} metric.</source>
        <translation>{count} Messung aus {file} in {metrics} Kennzahl importiert.</translation>
    </message>
    <message>
        <source>Imported {count} measurement from {file} into {metrics} metrics.</source>
        <translation>{count} Messung aus {file} in {metrics} Kennzahlen importiert.</translation>
    </message>
    <message>
        <source>Imported {count} measurements from {file} into {metrics} metric.</source>
        <translation>{count} Messungen aus {file} in {metrics} Kennzahl importiert.</translation>
    </message>
    <message>
        <source>Imported {count} measurements from {file} into {metrics} metrics.</source>
        <translation>{count} Messungen aus {file} in {metrics} Kennzahlen importiert.</translation>
    </message>
    <message>
        <source>Imported {count} ideas from {file} (#{first} to #{last}).</source>
        <translation>{count} Ideen aus {file} importiert (#{first} bis #{last}).</translation>
    </message>
    <message>
        <source>Imported {count} observations from {file} (#{first} to #{last}).</source>
        <translation>{count} Beobachtungen aus {file} importiert (#{first} bis #{last}).</translation>
    </message>
    <message>
        <source>Imported {count} idea from {file} (#{first}).</source>
        <translation>{count} Idee aus {file} importiert (#{first}).</translation>
    </message>
    <message>
        <source>Imported {count} observation from {file} (#{first}).</source>
        <translation>{count} Beobachtung aus {file} importiert (#{first}).</translation>
    </message>
</context>
<context>
    <name>cli_log</name>
    <message>
        <source>event logs for process mining: import, list, delete, show</source>
        <translation>Ereignisprotokolle für Process Mining: importieren, auflisten, löschen, anzeigen</translation>
    </message>
    <message>
        <source>import a CSV or XES (.xes, .xes.gz) event log into the database</source>
        <translation>ein CSV- oder XES-Ereignisprotokoll (.xes, .xes.gz) in die Datenbank importieren</translation>
    </message>
    <message>
        <source>the log&apos;s name (default: the file name without its extension)</source>
        <translation>der Name des Protokolls (Standard: der Dateiname ohne Endung)</translation>
    </message>
    <message>
        <source>list the imported event logs</source>
        <translation>die importierten Ereignisprotokolle auflisten</translation>
    </message>
    <message>
        <source>delete an imported event log</source>
        <translation>ein importiertes Ereignisprotokoll löschen</translation>
    </message>
    <message>
        <source>a log&apos;s figures: cases, variants, the directly-follows graph</source>
        <translation>die Kennzahlen eines Protokolls: Fälle, Varianten, der Direkt-Folge-Graph</translation>
    </message>
    <message>
        <source>print the figures as JSON</source>
        <translation>die Kennzahlen als JSON ausgeben</translation>
    </message>
    <message>
        <source>all events (the default), or only the &apos;complete&apos; ones</source>
        <translation>alle Ereignisse (Standard) oder nur die &apos;complete&apos;</translation>
    </message>
    <message>
        <source>add a log&apos;s lead time, throughput, rework rate or case count per week or month to a process&apos;s KPI</source>
        <translation>Durchlaufzeit, Durchsatz, Nacharbeitsquote oder Fallzahl eines Protokolls pro Woche oder Monat zu einem KPI eines Prozesses hinzufügen</translation>
    </message>
    <message>
        <source>the process whose KPI series gets the points</source>
        <translation>der Prozess, dessen KPI-Reihe die Punkte bekommt</translation>
    </message>
    <message>
        <source>what to measure (default: lead_time)</source>
        <translation>was gemessen wird (Standard: lead_time)</translation>
    </message>
    <message>
        <source>one point per week or per month (default: month)</source>
        <translation>ein Punkt pro Woche oder pro Monat (Standard: month)</translation>
    </message>
    <message>
        <source>the KPI series&apos; name (default: the measure&apos;s; created if missing)</source>
        <translation>der Name der KPI-Reihe (Standard: der der Messgröße; wird angelegt, wenn sie fehlt)</translation>
    </message>
    <message>
        <source>the CSV column holding the case (default: guessed)</source>
        <translation>die CSV-Spalte mit dem Fall (Standard: erraten)</translation>
    </message>
    <message>
        <source>the CSV column holding the activity (default: guessed)</source>
        <translation>die CSV-Spalte mit der Aktivität (Standard: erraten)</translation>
    </message>
    <message>
        <source>the CSV column holding the timestamp (default: guessed)</source>
        <translation>die CSV-Spalte mit dem Zeitstempel (Standard: erraten)</translation>
    </message>
    <message>
        <source>the CSV column holding the resource (default: guessed)</source>
        <translation>die CSV-Spalte mit der Ressource (Standard: erraten)</translation>
    </message>
    <message>
        <source>the CSV column holding the lifecycle (default: guessed)</source>
        <translation>die CSV-Spalte mit dem Lebenszyklus (Standard: erraten)</translation>
    </message>
    <message>
        <source>Deleted the event log &apos;{name}&apos;.</source>
        <translation>Ereignisprotokoll &apos;{name}&apos; gelöscht.</translation>
    </message>
    <message>
        <source>Cancelled: nothing was changed.</source>
        <translation>Abgebrochen: es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>the database refused it, nothing was changed: {error}</source>
        <translation>die Datenbank hat es abgelehnt, es wurde nichts geändert: {error}</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Lesen</translation>
    </message>
    <message>
        <source>Storing</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Imported &apos;{name}&apos;: {cases} cases, {events} events, {activities} activities, {resources} resources ({first} to {last}).</source>
        <translation>&apos;{name}&apos; importiert: {cases} Fälle, {events} Ereignisse, {activities} Aktivitäten, {resources} Ressourcen ({first} bis {last}).</translation>
    </message>
    <message>
        <source>Added {points} {kind} points ({unit}) to the KPI &apos;{series}&apos; (a new series) of &apos;{process}&apos; from the log &apos;{log}&apos;.</source>
        <translation>{points} {kind} Punkte ({unit}) zum KPI &apos;{series}&apos; (eine neue Reihe) von &apos;{process}&apos; aus dem Protokoll &apos;{log}&apos; hinzugefügt.</translation>
    </message>
    <message>
        <source>Added {points} {kind} points ({unit}) to the KPI &apos;{series}&apos; of &apos;{process}&apos; from the log &apos;{log}&apos;, replacing {replaced} from before.</source>
        <translation>{points} {kind} Punkte ({unit}) zum KPI &apos;{series}&apos; von &apos;{process}&apos; aus dem Protokoll &apos;{log}&apos; hinzugefügt; {replaced} frühere ersetzt.</translation>
    </message>
    <message>
        <source>Added {points} {kind} points ({unit}) to the KPI &apos;{series}&apos; of &apos;{process}&apos; from the log &apos;{log}&apos;.</source>
        <translation>{points} {kind} Punkte ({unit}) zum KPI &apos;{series}&apos; von &apos;{process}&apos; aus dem Protokoll &apos;{log}&apos; hinzugefügt.</translation>
    </message>
    <message>
        <source>weekly</source>
        <translation>wöchentliche</translation>
    </message>
    <message>
        <source>monthly</source>
        <translation>monatliche</translation>
    </message>
    <message>
        <source>No event logs yet: `kaizen log import FILE` adds one.</source>
        <translation>Noch keine Ereignisprotokolle: `kaizen log import FILE` fügt eines hinzu.</translation>
    </message>
    <message>
        <source>{name}  {cases} cases  {events} events  {activities} activities  imported {at} by {by}</source>
        <translation>{name}  {cases} Fälle  {events} Ereignisse  {activities} Aktivitäten  importiert {at} von {by}</translation>
    </message>
    <message>
        <source>the command line</source>
        <translation>der Befehlszeile</translation>
    </message>
    <message>
        <source>{name}: {cases} cases, {events} events, {activities} activities, {variants} variants</source>
        <translation>{name}: {cases} Fälle, {events} Ereignisse, {activities} Aktivitäten, {variants} Varianten</translation>
    </message>
    <message>
        <source>Case duration: median {median}, mean {mean}</source>
        <translation>Falldauer: Median {median}, Mittelwert {mean}</translation>
    </message>
    <message>
        <source>Most frequent paths:</source>
        <translation>Häufigste Pfade:</translation>
    </message>
    <message>
        <source>  {source} -&gt; {target}: {count} times, median {median}</source>
        <translation>  {source} -&gt; {target}: {count}-mal, Median {median}</translation>
    </message>
    <message>
        <source>{value} days</source>
        <translation>{value} Tage</translation>
    </message>
    <message>
        <source>{value} h</source>
        <translation>{value} h</translation>
    </message>
    <message>
        <source>{value} min</source>
        <translation>{value} min</translation>
    </message>
</context>
<context>
    <name>cli_process</name>
    <message>
        <source>process maps: value-stream figures, import, export</source>
        <translation>Prozesslandkarten: Wertstromkennzahlen, Import, Export</translation>
    </message>
    <message>
        <source>print the value-stream figures of a map file</source>
        <translation>die Wertstromkennzahlen einer Kartendatei ausgeben</translation>
    </message>
    <message>
        <source>print the figures as JSON</source>
        <translation>die Kennzahlen als JSON ausgeben</translation>
    </message>
    <message>
        <source>store a map file as its process&apos;s current state</source>
        <translation>eine Kartendatei als Ist-Zustand ihres Prozesses speichern</translation>
    </message>
    <message>
        <source>the area a new process belongs to (default: the site)</source>
        <translation>der Bereich, zu dem ein neuer Prozess gehört (Standard: der Standort)</translation>
    </message>
    <message>
        <source>who is importing, for the audit trail (default: the first admin)</source>
        <translation>wer importiert, für das Prüfprotokoll (Standard: der erste Administrator)</translation>
    </message>
    <message>
        <source>write a process&apos;s current-state map to a file</source>
        <translation>die Ist-Zustand-Karte eines Prozesses in eine Datei schreiben</translation>
    </message>
    <message>
        <source>the file to write (default: print it)</source>
        <translation>die zu schreibende Datei (Standard: ausgeben)</translation>
    </message>
    <message>
        <source>{file} is larger than {size} MB; it is not a map.</source>
        <translation>{file} ist größer als {size} MB; es ist keine Karte.</translation>
    </message>
    <message>
        <source>{file} could not be read: {why}.</source>
        <translation>{file} konnte nicht gelesen werden: {why}.</translation>
    </message>
    <message>
        <source>{file} is not UTF-8 text.</source>
        <translation>{file} ist kein UTF-8-Text.</translation>
    </message>
    <message>
        <source>{file}: {problem} (at {field})</source>
        <translation>{file}: {problem} (bei {field})</translation>
    </message>
    <message>
        <source>{name}  (times in {unit}s)</source>
        <translation>{name}  (Zeiten in {unit}s)</translation>
    </message>
    <message>
        <source>Lead time</source>
        <translation>Durchlaufzeit</translation>
    </message>
    <message>
        <source>Process time</source>
        <translation>Bearbeitungszeit</translation>
    </message>
    <message>
        <source>Value-added time</source>
        <translation>Wertschöpfende Zeit</translation>
    </message>
    <message>
        <source>Value-added ratio</source>
        <translation>Wertschöpfungsanteil</translation>
    </message>
    <message>
        <source>Rolled % complete and accurate</source>
        <translation>Kumulierter Anteil vollständig und korrekt</translation>
    </message>
    <message>
        <source>Takt</source>
        <translation>Takt</translation>
    </message>
    <message>
        <source>no demand in the map</source>
        <translation>keine Nachfrage in der Karte</translation>
    </message>
    <message>
        <source>Bottleneck</source>
        <translation>Engpass</translation>
    </message>
    <message>
        <source>{step} ({load} per unit)</source>
        <translation>{step} ({load} pro Einheit)</translation>
    </message>
    <message>
        <source>no limit (every step takes no time)</source>
        <translation>keine Grenze (kein Schritt braucht Zeit)</translation>
    </message>
    <message>
        <source>{capacity} units against a demand of {demand} ({ratio}; meets demand)</source>
        <translation>{capacity} Einheiten bei einer Nachfrage von {demand} ({ratio}; deckt die Nachfrage)</translation>
    </message>
    <message>
        <source>{capacity} units against a demand of {demand} ({ratio}; does NOT meet demand)</source>
        <translation>{capacity} Einheiten bei einer Nachfrage von {demand} ({ratio}; deckt die Nachfrage NICHT)</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Kapazität</translation>
    </message>
    <message>
        <source>Main path: {path}</source>
        <translation>Hauptpfad: {path}</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Besuche</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>Wartezeit</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Bearbeitung</translation>
    </message>
    <message>
        <source>Load/unit</source>
        <translation>Last/Einheit</translation>
    </message>
    <message>
        <source>(* the bottleneck; visits along the main path with its rework)</source>
        <translation>(* der Engpass; Besuche entlang des Hauptpfads mit seiner Nacharbeit)</translation>
    </message>
    <message>
        <source>The database has no areas yet; open the app once first.</source>
        <translation>Die Datenbank hat noch keine Bereiche; öffnen Sie zuerst einmal die App.</translation>
    </message>
    <message>
        <source>Imported {process!r} as a new process in {area} (map #{map}, version {version}, {steps} steps), as {person}.</source>
        <translation>{process!r} als neuen Prozess in {area} importiert (Karte #{map}, Version {version}, {steps} Schritte), als {person}.</translation>
    </message>
    <message>
        <source>Updated the current state of {process!r} (map #{map}, now version {version}, {steps} steps), as {person}.</source>
        <translation>Ist-Zustand von {process!r} aktualisiert (Karte #{map}, jetzt Version {version}, {steps} Schritte), als {person}.</translation>
    </message>
    <message>
        <source>No active person is called {name!r}.</source>
        <translation>Keine aktive Person heißt {name!r}.</translation>
    </message>
    <message>
        <source>No active admin to import as; name someone with --as NAME.</source>
        <translation>Kein aktiver Administrator zum Importieren; nennen Sie jemanden mit --as NAME.</translation>
    </message>
    <message>
        <source>the folder {folder} does not exist.</source>
        <translation>der Ordner {folder} existiert nicht.</translation>
    </message>
    <message>
        <source>Map of {name!r} written to {file}</source>
        <translation>Karte von {name!r} geschrieben nach {file}</translation>
    </message>
</context>
<context>
    <name>cli_simulate</name>
    <message>
        <source>run a process model (JSON) as a what-if simulation and print its throughput, lead time, WIP and each step&apos;s wait and utilisation</source>
        <translation>ein Prozessmodell (JSON) als Was-wäre-wenn-Simulation ausführen und Durchsatz, Durchlaufzeit, Bestand in Arbeit sowie Wartezeit und Auslastung jedes Schritts ausgeben</translation>
    </message>
    <message>
        <source>the process model document</source>
        <translation>das Prozessmodell-Dokument</translation>
    </message>
    <message>
        <source>independent runs, spread over the cores (default 10)</source>
        <translation>unabhängige Läufe, auf die Kerne verteilt (Standard 10)</translation>
    </message>
    <message>
        <source>time discarded at the start of each run, in the model&apos;s time unit (default: a tenth of the horizon)</source>
        <translation>am Anfang jedes Laufs verworfene Zeit, in der Zeiteinheit des Modells (Standard: ein Zehntel des Horizonts)</translation>
    </message>
    <message>
        <source>length of each run, in the model&apos;s time unit (default: long enough for 10,000 arrivals, in whole days when there are shifts or a schedule)</source>
        <translation>Länge jedes Laufs, in der Zeiteinheit des Modells (Standard: lang genug für 10.000 Ankünfte, in ganzen Tagen bei Schichten oder einem Zeitplan)</translation>
    </message>
    <message>
        <source>random seed: the same seed gives the same numbers (default 0)</source>
        <translation>Zufallsstartwert: gleicher Startwert, gleiche Zahlen (Standard 0)</translation>
    </message>
    <message>
        <source>print the result as JSON</source>
        <translation>das Ergebnis als JSON ausgeben</translation>
    </message>
    <message>
        <source>cannot read {file}: {why}</source>
        <translation>{file} kann nicht gelesen werden: {why}</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>Simulating: {done}/{total} replications</source>
        <translation>Simulation: {done}/{total} Replikationen</translation>
    </message>
    <message>
        <source>(no interval)</source>
        <translation>(kein Intervall)</translation>
    </message>
    <message>
        <source>{low} to {high}</source>
        <translation>{low} bis {high}</translation>
    </message>
    <message>
        <source>{name}: {replications} replications of {horizon} {unit}s (first {warmup} discarded), seed {seed}</source>
        <translation>{name}: {replications} Replikationen von {horizon} {unit}s (erste {warmup} verworfen), Startwert {seed}</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>95% confidence interval</source>
        <translation>95%-Konfidenzintervall</translation>
    </message>
    <message>
        <source>Throughput (per {unit})</source>
        <translation>Durchsatz (pro {unit})</translation>
    </message>
    <message>
        <source>Lead time ({unit}s)</source>
        <translation>Durchlaufzeit ({unit}s)</translation>
    </message>
    <message>
        <source>Lead time, 90th pct ({unit}s)</source>
        <translation>Durchlaufzeit, 90. Perzentil ({unit}s)</translation>
    </message>
    <message>
        <source>Work in progress (cases)</source>
        <translation>Bestand in Arbeit (Fälle)</translation>
    </message>
    <message>
        <source>95% CI</source>
        <translation>95%-KI</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>Wartezeit</translation>
    </message>
    <message>
        <source>Utilisation</source>
        <translation>Auslastung</translation>
    </message>
    <message>
        <source>Map wait</source>
        <translation>Kartenwartezeit</translation>
    </message>
    <message>
        <source>Wait: mean queue wait per visit, in {unit}s; Map wait: the wait_before the map records, for comparison.</source>
        <translation>Wartezeit: mittlere Wartezeit in der Warteschlange pro Besuch, in {unit}s; Kartenwartezeit: das wait_before der Karte, zum Vergleich.</translation>
    </message>
</context>
<context>
    <name>db.audit_chain</name>
    <message>
        <source>not hash-chained yet (`kaizen db upgrade` adds the chain)</source>
        <translation>noch nicht hash-verkettet (`kaizen db upgrade` fügt die Kette hinzu)</translation>
    </message>
    <message>
        <source>hash chain intact over {events} events (head {head}; note it to notice events cut off the end later)</source>
        <translation>Hash-Kette intakt über {events} Ereignisse (Kopf {head}; notieren Sie ihn, um später am Ende abgeschnittene Ereignisse zu bemerken)</translation>
    </message>
    <message>
        <source>HASH CHAIN BROKEN at event #{event}: {problem}. That event or one before it was changed, inserted or removed outside Kaizen</source>
        <translation>HASH-KETTE GEBROCHEN bei Ereignis #{event}: {problem}. Dieses Ereignis oder eines davor wurde außerhalb von Kaizen geändert, eingefügt oder entfernt</translation>
    </message>
    <message>
        <source>its content cannot be read ({exc})</source>
        <translation>sein Inhalt kann nicht gelesen werden ({exc})</translation>
    </message>
    <message>
        <source>its stored hash does not match its content and the event before</source>
        <translation>sein gespeicherter Hash passt nicht zu seinem Inhalt und dem Ereignis davor</translation>
    </message>
</context>
<context>
    <name>db.backup</name>
    <message>
        <source>the database is open in another Kaizen program: {holders}. Close Kaizen there first (its saves would otherwise go into the file set aside); nothing was restored.</source>
        <translation>die Datenbank ist in einem anderen Kaizen-Programm geöffnet: {holders}. Schließen Sie Kaizen dort zuerst (seine Speicherungen gingen sonst in die beiseitegelegte Datei); nichts wurde wiederhergestellt.</translation>
    </message>
    <message>
        <source>Backups from the app are for local SQLite databases only.</source>
        <translation>Sicherungen aus der App gibt es nur für lokale SQLite-Datenbanken.</translation>
    </message>
    <message>
        <source>cannot open: {exc}</source>
        <translation>kann nicht geöffnet werden: {exc}</translation>
    </message>
    <message>
        <source>{count} broken references</source>
        <translation>{count} fehlerhafte Verweise</translation>
    </message>
    <message>
        <source>not a readable database: {exc}</source>
        <translation>keine lesbare Datenbank: {exc}</translation>
    </message>
    <message>
        <source>the database is damaged ({problems}); not backed up</source>
        <translation>die Datenbank ist beschädigt ({problems}); nicht gesichert</translation>
    </message>
    <message>
        <source>the backup could not be written ({exc})</source>
        <translation>die Sicherung konnte nicht geschrieben werden ({exc})</translation>
    </message>
    <message>
        <source>the backup did not verify</source>
        <translation>die Sicherung hat die Prüfung nicht bestanden</translation>
    </message>
    <message>
        <source>{got} pages instead of {want}</source>
        <translation>{got} Seiten statt {want}</translation>
    </message>
    <message>
        <source>table {table} missing</source>
        <translation>Tabelle {table} fehlt</translation>
    </message>
    <message>
        <source>table {table} not in the source</source>
        <translation>Tabelle {table} nicht in der Quelle</translation>
    </message>
    <message>
        <source>{table}: {got} rows instead of {want}</source>
        <translation>{table}: {got} Zeilen statt {want}</translation>
    </message>
    <message>
        <source>{what} (cannot be read back: {exc})</source>
        <translation>{what} (kann nicht zurückgelesen werden: {exc})</translation>
    </message>
    <message>
        <source>{what}: its content differs from the database&apos;s ({differences})</source>
        <translation>{what}: ihr Inhalt weicht von dem der Datenbank ab ({differences})</translation>
    </message>
    <message>
        <source>Backup taken {at:%Y-%m-%d %H:%M}</source>
        <translation>Sicherung vom {at:%Y-%m-%d %H:%M}</translation>
    </message>
    <message>
        <source>File: {path}</source>
        <translation>Datei: {path}</translation>
    </message>
    <message>
        <source>Size: {size} MB</source>
        <translation>Größe: {size} MB</translation>
    </message>
    <message>
        <source>Unusable: {problem}</source>
        <translation>Unbrauchbar: {problem}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Schema revision: {revision}</source>
        <translation>Schema-Revision: {revision}</translation>
    </message>
    <message>
        <source>none (an empty database)</source>
        <translation>keine (eine leere Datenbank)</translation>
    </message>
    <message>
        <source>People: {count}</source>
        <translation>Personen: {count}</translation>
    </message>
    <message>
        <source>Ideas: {count}</source>
        <translation>Ideen: {count}</translation>
    </message>
    <message>
        <source>Waste observations: {count}</source>
        <translation>Verschwendungsbeobachtungen: {count}</translation>
    </message>
    <message>
        <source>PDCA cycles: {count}</source>
        <translation>PDCA-Zyklen: {count}</translation>
    </message>
    <message>
        <source>Newest idea: {newest}</source>
        <translation>Neueste Idee: {newest}</translation>
    </message>
    <message>
        <source>cannot be read ({reason})</source>
        <translation>kann nicht gelesen werden ({reason})</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>die Datei ist leer</translation>
    </message>
    <message>
        <source>{name} is not a Kaizen database: it holds no tables at all</source>
        <translation>{name} ist keine Kaizen-Datenbank: sie enthält überhaupt keine Tabellen</translation>
    </message>
    <message>
        <source>not a readable Kaizen database ({exc})</source>
        <translation>keine lesbare Kaizen-Datenbank ({exc})</translation>
    </message>
    <message>
        <source>{name} cannot be restored: {problem}</source>
        <translation>{name} kann nicht wiederhergestellt werden: {problem}</translation>
    </message>
    <message>
        <source>the restored copy did not verify</source>
        <translation>die wiederhergestellte Kopie hat die Prüfung nicht bestanden</translation>
    </message>
    <message>
        <source>the backup could not be copied ({exc})</source>
        <translation>die Sicherung konnte nicht kopiert werden ({exc})</translation>
    </message>
    <message>
        <source>the restored database did not verify ({problems})</source>
        <translation>die wiederhergestellte Datenbank hat die Prüfung nicht bestanden ({problems})</translation>
    </message>
    <message>
        <source>in the future (check the computer&apos;s clock)</source>
        <translation>in der Zukunft (prüfen Sie die Uhr des Computers)</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message>
        <source>{amount} day ago</source>
        <translation>vor {amount} Tag</translation>
    </message>
    <message>
        <source>{amount} days ago</source>
        <translation>vor {amount} Tagen</translation>
    </message>
    <message>
        <source>{amount} hour ago</source>
        <translation>vor {amount} Stunde</translation>
    </message>
    <message>
        <source>{amount} hours ago</source>
        <translation>vor {amount} Stunden</translation>
    </message>
    <message>
        <source>{amount} minute ago</source>
        <translation>vor {amount} Minute</translation>
    </message>
    <message>
        <source>{amount} minutes ago</source>
        <translation>vor {amount} Minuten</translation>
    </message>
</context>
<context>
    <name>db.copy</name>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>Sums equal on both sides</source>
        <translation>Summen auf beiden Seiten gleich</translation>
    </message>
    <message>
        <source>total</source>
        <translation>gesamt</translation>
    </message>
    <message>
        <source>The source and the target are the same database.</source>
        <translation>Quelle und Ziel sind dieselbe Datenbank.</translation>
    </message>
    <message>
        <source>The copy did not match the source ({tables}); nothing was written to the target.</source>
        <translation>Die Kopie stimmte nicht mit der Quelle überein ({tables}); nichts wurde ins Ziel geschrieben.</translation>
    </message>
    <message>
        <source>The audit trail does not verify in the copy: {describe}. Nothing was written to the target; `kaizen --db SOURCE db check` shows the source&apos;s trail.</source>
        <translation>Der Prüfpfad lässt sich in der Kopie nicht bestätigen: {describe}. Nichts wurde ins Ziel geschrieben; `kaizen --db SOURCE db check` zeigt den Prüfpfad der Quelle.</translation>
    </message>
    <message>
        <source>The source: {exc}</source>
        <translation>Die Quelle: {exc}</translation>
    </message>
    <message>
        <source>The target: {exc}</source>
        <translation>Das Ziel: {exc}</translation>
    </message>
    <message>
        <source>The source is not a Kaizen database (it has no Kaizen schema).</source>
        <translation>Die Quelle ist keine Kaizen-Datenbank (sie hat kein Kaizen-Schema).</translation>
    </message>
    <message>
        <source>The source and the target were written by a newer Kaizen (source at revision {current}, target at {target}; this version knows up to {head}). Copy with that newer Kaizen; nothing was written.</source>
        <translation>Quelle und Ziel wurden von einem neueren Kaizen geschrieben (Quelle auf Revision {current}, Ziel auf {target}; diese Version kennt bis {head}). Kopieren Sie mit diesem neueren Kaizen; nichts wurde geschrieben.</translation>
    </message>
    <message>
        <source>The source was written by a newer Kaizen (source at revision {current}, target at {target}; this version knows up to {head}). Copy with that newer Kaizen; nothing was written.</source>
        <translation>Die Quelle wurde von einem neueren Kaizen geschrieben (Quelle auf Revision {current}, Ziel auf {target}; diese Version kennt bis {head}). Kopieren Sie mit diesem neueren Kaizen; nichts wurde geschrieben.</translation>
    </message>
    <message>
        <source>The target was written by a newer Kaizen (source at revision {current}, target at {target}; this version knows up to {head}). Copy with that newer Kaizen; nothing was written.</source>
        <translation>Das Ziel wurde von einem neueren Kaizen geschrieben (Quelle auf Revision {current}, Ziel auf {target}; diese Version kennt bis {head}). Kopieren Sie mit diesem neueren Kaizen; nichts wurde geschrieben.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>The source is at schema revision {current}, not this app&apos;s newest ({head}). Upgrade it first (`kaizen --db SOURCE db upgrade`), then copy.</source>
        <translation>Die Quelle steht auf Schema-Revision {current}, nicht auf der neuesten dieser App ({head}). Aktualisieren Sie sie zuerst (`kaizen --db SOURCE db upgrade`), dann kopieren Sie.</translation>
    </message>
    <message>
        <source>The target has tables but no Kaizen schema; copy into an empty database.</source>
        <translation>Das Ziel hat Tabellen, aber kein Kaizen-Schema; kopieren Sie in eine leere Datenbank.</translation>
    </message>
    <message>
        <source>The source is at schema revision {current} and the target at {current2}. Bring both to the same revision with `kaizen --db URL db upgrade`, then copy.</source>
        <translation>Die Quelle steht auf Schema-Revision {current} und das Ziel auf {current2}. Bringen Sie beide mit `kaizen --db URL db upgrade` auf dieselbe Revision, dann kopieren Sie.</translation>
    </message>
    <message>
        <source>The target database is not empty (it holds {tables}). Copy only into a new, empty database; nothing was changed.</source>
        <translation>Die Zieldatenbank ist nicht leer (sie enthält {tables}). Kopieren Sie nur in eine neue, leere Datenbank; nichts wurde geändert.</translation>
    </message>
    <message>
        <source>The source&apos;s photo #{row_id} names its file as {shown}, not as 64 lowercase hex digits ({count} such photo rows); a damaged or crafted database. No file was read and nothing was written to the target.</source>
        <translation>Das Foto #{row_id} der Quelle nennt seine Datei {shown}, nicht 64 kleine Hex-Ziffern ({count} solche Fotozeilen); eine beschädigte oder manipulierte Datenbank. Keine Datei wurde gelesen und nichts ins Ziel geschrieben.</translation>
    </message>
    <message>
        <source>{count} photo files were not copied: give the folder with {option}.</source>
        <translation>{count} Fotodateien wurden nicht kopiert: geben Sie den Ordner mit {option} an.</translation>
    </message>
    <message>
        <source>{message} Nothing was written to the target.</source>
        <translation>{message} Nichts wurde ins Ziel geschrieben.</translation>
    </message>
</context>
<context>
    <name>db.engine</name>
    <message>
        <source>The database file {path} was replaced by another program (a restore, or a copy put in its place) while Kaizen had it open. Nothing was saved, and Kaizen saves nothing more into the old file. Close Kaizen and start it again to work on the database that is there now.</source>
        <translation>Die Datenbankdatei {path} wurde von einem anderen Programm ersetzt (eine Wiederherstellung oder eine an ihre Stelle gelegte Kopie), während Kaizen sie geöffnet hatte. Nichts wurde gespeichert, und Kaizen speichert nichts mehr in die alte Datei. Schließen Sie Kaizen und starten Sie es neu, um mit der jetzt vorhandenen Datenbank zu arbeiten.</translation>
    </message>
    <message>
        <source>Someone else saved this record at the same moment; nothing of yours was saved. Reload it and make your change again.</source>
        <translation>Jemand anderes hat diesen Datensatz im selben Moment gespeichert; nichts von Ihnen wurde gespeichert. Laden Sie ihn neu und nehmen Sie Ihre Änderung erneut vor.</translation>
    </message>
    <message>
        <source>This database was written by a newer version of Kaizen and is open read-only.</source>
        <translation>Diese Datenbank wurde von einer neueren Kaizen-Version geschrieben und ist schreibgeschützt geöffnet.</translation>
    </message>
    <message>
        <source>The database is busy: another Kaizen window or program kept it locked for over {seconds:g} seconds ({write_attempts} tries). Nothing was saved; try again in a moment.</source>
        <translation>Die Datenbank ist belegt: ein anderes Kaizen-Fenster oder Programm hielt sie länger als {seconds:g} Sekunden gesperrt ({write_attempts} Versuche). Nichts wurde gespeichert; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>Cannot reach the database server.</source>
        <translation>Der Datenbankserver ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>The database is closed while {maintenance}; try again in a moment.</source>
        <translation>Die Datenbank ist geschlossen, während {maintenance}; versuchen Sie es gleich noch einmal.</translation>
    </message>
</context>
<context>
    <name>db.marking</name>
    <message>
        <source>{name} is not a Kaizen database: another program marked it as its own (SQLite application id 0x{found:08X}; Kaizen&apos;s is 0x{ours:08X})</source>
        <translation>{name} ist keine Kaizen-Datenbank: ein anderes Programm hat sie als eigene markiert (SQLite-Anwendungs-ID 0x{found:08X}; die von Kaizen ist 0x{ours:08X})</translation>
    </message>
    <message>
        <source>{name} is not a Kaizen database: it holds another program&apos;s tables ({shown}) and neither Kaizen&apos;s mark nor Kaizen&apos;s schema</source>
        <translation>{name} ist keine Kaizen-Datenbank: sie enthält Tabellen eines anderen Programms ({shown}) und weder die Markierung noch das Schema von Kaizen</translation>
    </message>
    <message>
        <source>{name} is not a readable SQLite file ({exc})</source>
        <translation>{name} ist keine lesbare SQLite-Datei ({exc})</translation>
    </message>
</context>
<context>
    <name>db.migrate</name>
    <message>
        <source>The migration would leave {count} broken references; nothing was changed.</source>
        <translation>Die Migration würde {count} fehlerhafte Verweise hinterlassen; nichts wurde geändert.</translation>
    </message>
    <message>
        <source>the database</source>
        <translation>die Datenbank</translation>
    </message>
    <message>
        <source>{why}. Nothing was written to it; give Kaizen its own file (a new one is created when none exists).</source>
        <translation>{why}. Nichts wurde hineingeschrieben; geben Sie Kaizen eine eigene Datei (eine neue wird angelegt, wenn keine existiert).</translation>
    </message>
    <message>
        <source>This database is at revision {current}, newer than this app knows ({head}). Update Kaizen to open it for writing.</source>
        <translation>Diese Datenbank steht auf Revision {current}, neuer als diese App kennt ({head}). Aktualisieren Sie Kaizen, um sie zum Schreiben zu öffnen.</translation>
    </message>
    <message>
        <source>No upgrade without a good backup: {exc}</source>
        <translation>Keine Aktualisierung ohne gute Sicherung: {exc}</translation>
    </message>
    <message>
        <source>This database has tables but no Kaizen schema version; it was not made by Kaizen.</source>
        <translation>Diese Datenbank hat Tabellen, aber keine Kaizen-Schemaversion; sie wurde nicht von Kaizen angelegt.</translation>
    </message>
</context>
<context>
    <name>db.presence</name>
    <message>
        <source>process {pid} of {user} on {host} ({program}), open since {since}</source>
        <translation>Prozess {pid} von {user} auf {host} ({program}), geöffnet seit {since}</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>jemandem</translation>
    </message>
    <message>
        <source>this computer</source>
        <translation>diesem Computer</translation>
    </message>
</context>
<context>
    <name>db.recovery</name>
    <message>
        <source>cannot be read ({reason})</source>
        <translation>kann nicht gelesen werden ({reason})</translation>
    </message>
    <message>
        <source>the file is empty (0 bytes)</source>
        <translation>die Datei ist leer (0 Byte)</translation>
    </message>
    <message>
        <source>the file is only {size} bytes long</source>
        <translation>die Datei ist nur {size} Byte lang</translation>
    </message>
    <message>
        <source>not a readable database ({exc})</source>
        <translation>keine lesbare Datenbank ({exc})</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>The database file {name} is damaged, so Kaizen did not open it.</source>
        <translation>Die Datenbankdatei {name} ist beschädigt, daher hat Kaizen sie nicht geöffnet.</translation>
    </message>
    <message>
        <source>What SQLite found: {found}</source>
        <translation>Was SQLite gefunden hat: {found}</translation>
    </message>
    <message>
        <source>The damaged file was kept, renamed to {name}; nothing was deleted.</source>
        <translation>Die beschädigte Datei wurde behalten und in {name} umbenannt; nichts wurde gelöscht.</translation>
    </message>
    <message>
        <source>The newest good backup is from {date}: {ideas} ideas, {observations} waste observations, {people} people.</source>
        <translation>Die neueste gute Sicherung ist vom {date}: {ideas} Ideen, {observations} Verschwendungsbeobachtungen, {people} Personen.</translation>
    </message>
    <message>
        <source>No good backup was found, so Kaizen can only start with an empty database.</source>
        <translation>Es wurde keine gute Sicherung gefunden, daher kann Kaizen nur mit einer leeren Datenbank starten.</translation>
    </message>
    <message>
        <source>No backup to restore. Running the command again starts an empty database; the damaged file stays at {path}.</source>
        <translation>Keine Sicherung zum Wiederherstellen. Ein erneuter Aufruf des Befehls startet eine leere Datenbank; die beschädigte Datei bleibt unter {path}.</translation>
    </message>
    <message>
        <source>To restore the backup from {date}, run:</source>
        <translation>Um die Sicherung vom {date} wiederherzustellen, führen Sie aus:</translation>
    </message>
    <message>
        <source>This offer has no backup to restore.</source>
        <translation>Dieses Angebot hat keine Sicherung zum Wiederherstellen.</translation>
    </message>
</context>
<context>
    <name>db.url_check</name>
    <message>
        <source>{source}: {shown} is not a database URL. Write {examples}.</source>
        <translation>{source}: {shown} ist keine Datenbank-URL. Schreiben Sie {examples}.</translation>
    </message>
    <message>
        <source>{source}: the SQLite driver {driver!r} is not supported; write sqlite:////path/to/kaizen.db.</source>
        <translation>{source}: der SQLite-Treiber {driver!r} wird nicht unterstützt; schreiben Sie sqlite:////path/to/kaizen.db.</translation>
    </message>
    <message>
        <source>{source}: the PostgreSQL driver {driver!r} is not installed with Kaizen; write postgresql+psycopg://... .</source>
        <translation>{source}: der PostgreSQL-Treiber {driver!r} ist nicht mit Kaizen installiert; schreiben Sie postgresql+psycopg://... .</translation>
    </message>
    <message>
        <source>{source}: the URL names no database; write postgresql+psycopg://USER:PASSWORD@HOST:5432/DATABASE.</source>
        <translation>{source}: die URL nennt keine Datenbank; schreiben Sie postgresql+psycopg://USER:PASSWORD@HOST:5432/DATABASE.</translation>
    </message>
    <message>
        <source>{source}: Kaizen works with SQLite and PostgreSQL, not {backend!r}. Write {examples}.</source>
        <translation>{source}: Kaizen arbeitet mit SQLite und PostgreSQL, nicht mit {backend!r}. Schreiben Sie {examples}.</translation>
    </message>
</context>
<context>
    <name>domain.capability</name>
    <message>
        <source>sigma level includes the conventional 1.5-sigma long-term shift</source>
        <translation>das Sigma-Niveau enthält die übliche langfristige 1,5-Sigma-Verschiebung</translation>
    </message>
    <message>
        <source>at least one spec limit is needed.</source>
        <translation>mindestens eine Spezifikationsgrenze ist nötig.</translation>
    </message>
    <message>
        <source>must be a finite number.</source>
        <translation>muss eine endliche Zahl sein.</translation>
    </message>
    <message>
        <source>the upper spec limit must be above the lower one.</source>
        <translation>die obere Spezifikationsgrenze muss über der unteren liegen.</translation>
    </message>
    <message>
        <source>must lie between the spec limits.</source>
        <translation>muss zwischen den Spezifikationsgrenzen liegen.</translation>
    </message>
    <message>
        <source>The moving range needs at least two values.</source>
        <translation>Die gleitende Spannweite braucht mindestens zwei Werte.</translation>
    </message>
    <message>
        <source>The values must fill at least two whole subgroups.</source>
        <translation>Die Werte müssen mindestens zwei ganze Untergruppen füllen.</translation>
    </message>
    <message>
        <source>at least two finite measurements are needed.</source>
        <translation>mindestens zwei endliche Messwerte sind nötig.</translation>
    </message>
    <message>
        <source>capability needs some variation in the data.</source>
        <translation>die Prozessfähigkeit braucht etwas Streuung in den Daten.</translation>
    </message>
</context>
<context>
    <name>domain.control_chart</name>
    <message>
        <source>An XmR chart needs at least two values.</source>
        <translation>Eine XmR-Karte braucht mindestens zwei Werte.</translation>
    </message>
    <message>
        <source>A run needs at least two points.</source>
        <translation>Ein Verlauf braucht mindestens zwei Punkte.</translation>
    </message>
</context>
<context>
    <name>domain.enums</name>
    <message>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <source>Moving materials, parts or information between places without adding value.</source>
        <translation>Material, Teile oder Informationen zwischen Orten bewegen, ohne Wert zu schaffen.</translation>
    </message>
    <message>
        <source>Inventory</source>
        <translation>Bestände</translation>
    </message>
    <message>
        <source>More material, work in progress or supplies than the next step needs right now.</source>
        <translation>Mehr Material, Umlaufbestand oder Vorräte, als der nächste Schritt gerade braucht.</translation>
    </message>
    <message>
        <source>Motion</source>
        <translation>Bewegung</translation>
    </message>
    <message>
        <source>People walking, reaching, bending or searching more than the work needs.</source>
        <translation>Menschen laufen, greifen, bücken sich oder suchen mehr, als die Arbeit erfordert.</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Warten</translation>
    </message>
    <message>
        <source>People, machines or patients idle while they wait for the previous step.</source>
        <translation>Menschen, Maschinen oder Patienten stehen still, während sie auf den vorherigen Schritt warten.</translation>
    </message>
    <message>
        <source>Overproduction</source>
        <translation>Überproduktion</translation>
    </message>
    <message>
        <source>Making more, or sooner, than the customer or the next step asked for.</source>
        <translation>Mehr oder früher herstellen, als der Kunde oder der nächste Schritt verlangt.</translation>
    </message>
    <message>
        <source>Over-processing</source>
        <translation>Überbearbeitung</translation>
    </message>
    <message>
        <source>Doing more work, checks or approvals than the customer values.</source>
        <translation>Mehr Arbeit, Prüfungen oder Freigaben, als der Kunde schätzt.</translation>
    </message>
    <message>
        <source>Defects</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Errors, scrap and rework: anything done twice because it was not right first time.</source>
        <translation>Fehler, Ausschuss und Nacharbeit: alles, was zweimal gemacht wird, weil es beim ersten Mal nicht stimmte.</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Mitarbeitende</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Eingereicht</translation>
    </message>
    <message>
        <source>Under review</source>
        <translation>In Prüfung</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Standardised</source>
        <translation>Standardisiert</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>Aufgegeben</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Planen</translation>
    </message>
    <message>
        <source>Do</source>
        <translation>Umsetzen</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Act</source>
        <translation>Handeln</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>Adopt</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <source>Adapt</source>
        <translation>Anpassen</translation>
    </message>
    <message>
        <source>Abandon</source>
        <translation>Aufgeben</translation>
    </message>
    <message>
        <source>Hard</source>
        <translation>Hart</translation>
    </message>
    <message>
        <source>Soft</source>
        <translation>Weich</translation>
    </message>
    <message>
        <source>Avoidance</source>
        <translation>Vermieden</translation>
    </message>
</context>
<context>
    <name>domain.errors</name>
    <message>
        <source>Cannot reach the database server: nothing was saved.</source>
        <translation>Der Datenbankserver ist nicht erreichbar: Nichts wurde gespeichert.</translation>
    </message>
    <message>
        <source>The database server went away while saving: the change may or may not have been kept. Reload to check before saving again.</source>
        <translation>Die Verbindung zum Datenbankserver brach beim Speichern ab: Die Änderung wurde möglicherweise gespeichert. Laden Sie neu, um es vor dem erneuten Speichern zu prüfen.</translation>
    </message>
    <message>
        <source>The disk is full: nothing was saved. Free some space, then try again.</source>
        <translation>Der Datenträger ist voll: Nichts wurde gespeichert. Geben Sie Speicherplatz frei und versuchen Sie es erneut.</translation>
    </message>
</context>
<context>
    <name>domain.file_refs</name>
    <message>
        <source>The stored file reference {shown} is damaged (not 64 lowercase hex digits); no file was read for it.</source>
        <translation>Der gespeicherte Dateiverweis {shown} ist beschädigt (nicht 64 kleine Hex-Ziffern); es wurde keine Datei dafür gelesen.</translation>
    </message>
    <message>
        <source>The stored file type {shown} is damaged; no file was read for it.</source>
        <translation>Der gespeicherte Dateityp {shown} ist beschädigt; es wurde keine Datei dafür gelesen.</translation>
    </message>
    <message>
        <source>The file of {sha256}... cannot be looked up ({exc}).</source>
        <translation>Die Datei von {sha256}... kann nicht gesucht werden ({exc}).</translation>
    </message>
    <message>
        <source>The file of {sha256}... leads outside the attachments folder; it was not used.</source>
        <translation>Die Datei von {sha256}... führt aus dem Anhangsordner hinaus; sie wurde nicht verwendet.</translation>
    </message>
</context>
<context>
    <name>domain.input_domains</name>
    <message>
        <source>Pick {label}.</source>
        <translation>Wählen Sie: {label}.</translation>
    </message>
    <message>
        <source>{label} is picked by its number.</source>
        <translation>{label} wird über die Nummer gewählt.</translation>
    </message>
    <message>
        <source>{label} are given as a list of numbers.</source>
        <translation>{label}: als Liste von Nummern anzugeben.</translation>
    </message>
    <message>
        <source>{label} are picked by their numbers.</source>
        <translation>{label}: werden über ihre Nummern gewählt.</translation>
    </message>
    <message>
        <source>between {first} and {last}</source>
        <translation>zwischen {first} und {last}</translation>
    </message>
    <message>
        <source>{label} is required.</source>
        <translation>{label} ist erforderlich.</translation>
    </message>
    <message>
        <source>{label} must be a date.</source>
        <translation>{label} muss ein Datum sein.</translation>
    </message>
    <message>
        <source>{label} must be a date {range_words}.</source>
        <translation>{label} muss ein Datum {range_words} sein.</translation>
    </message>
    <message>
        <source>{label} must be a date and time.</source>
        <translation>{label} muss ein Datum mit Uhrzeit sein.</translation>
    </message>
    <message>
        <source>{label} must be {range_words}.</source>
        <translation>{label} muss {range_words} liegen.</translation>
    </message>
    <message>
        <source>{label} cannot be in the future.</source>
        <translation>{label} darf nicht in der Zukunft liegen.</translation>
    </message>
    <message>
        <source>Give the month as YYYY-MM, e.g. 2026-03 (got {shown}).</source>
        <translation>Geben Sie den Monat als JJJJ-MM an, z. B. 2026-03 (erhalten: {shown}).</translation>
    </message>
    <message>
        <source>The month must be {range_words} (got {text}).</source>
        <translation>Der Monat muss {range_words} liegen (erhalten: {text}).</translation>
    </message>
    <message>
        <source>{label} must be a number.</source>
        <translation>{label} muss eine Zahl sein.</translation>
    </message>
    <message>
        <source>{label} cannot be above {maximum:g}.</source>
        <translation>{label} darf nicht über {maximum:g} liegen.</translation>
    </message>
    <message>
        <source>{label} must be a finite number.</source>
        <translation>{label} muss eine endliche Zahl sein.</translation>
    </message>
    <message>
        <source>{label} cannot be below {minimum:g}.</source>
        <translation>{label} darf nicht unter {minimum:g} liegen.</translation>
    </message>
    <message>
        <source>{label} is a whole number from {minimum} to {maximum}.</source>
        <translation>{label} ist eine ganze Zahl von {minimum} bis {maximum}.</translation>
    </message>
    <message>
        <source>{label} must be text.</source>
        <translation>{label} muss Text sein.</translation>
    </message>
    <message>
        <source>{label} holds characters that cannot be stored.</source>
        <translation>{label} enthält Zeichen, die nicht gespeichert werden können.</translation>
    </message>
    <message>
        <source>{label} is too long ({count} characters; at most {max_len}).</source>
        <translation>{label} ist zu lang ({count} Zeichen; höchstens {max_len}).</translation>
    </message>
</context>
<context>
    <name>domain.kpis</name>
    <message>
        <source>Cycle time</source>
        <translation>Zykluszeit</translation>
    </message>
    <message>
        <source>Lead time</source>
        <translation>Durchlaufzeit</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>Fehlerquote</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>Durchsatz</translation>
    </message>
    <message>
        <source>Customer satisfaction</source>
        <translation>Kundenzufriedenheit</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Benutzerdefiniert</translation>
    </message>
</context>
<context>
    <name>domain.metric_chart</name>
    <message>
        <source>Individuals and moving range (I-MR)</source>
        <translation>Einzelwerte und gleitende Spannweite (I-MR)</translation>
    </message>
    <message>
        <source>X-bar and range (X-bar/R)</source>
        <translation>X-quer und Spannweite (X-bar/R)</translation>
    </message>
    <message>
        <source>X-bar and standard deviation (X-bar/S)</source>
        <translation>X-quer und Standardabweichung (X-bar/S)</translation>
    </message>
    <message>
        <source>Share defective (p chart)</source>
        <translation>Anteil fehlerhaft (p-Karte)</translation>
    </message>
    <message>
        <source>Defects per unit (u chart)</source>
        <translation>Fehler pro Einheit (u-Karte)</translation>
    </message>
    <message>
        <source>p chart</source>
        <translation>p-Karte</translation>
    </message>
    <message>
        <source>u chart</source>
        <translation>u-Karte</translation>
    </message>
    <message>
        <source>Limits per phase</source>
        <translation>Grenzen je Phase</translation>
    </message>
    <message>
        <source>Before limits carried forward</source>
        <translation>Grenzen von vorher fortgeführt</translation>
    </message>
    <message>
        <source>X-bar charts need subgroups of 2 or more values.</source>
        <translation>X-quer-Karten brauchen Untergruppen mit 2 oder mehr Werten.</translation>
    </message>
    <message>
        <source>The last {left} before value does not fill a subgroup of {size} and is left out.</source>
        <translation>Der letzte {left} Vorher-Wert füllt keine Untergruppe von {size} und wird weggelassen.</translation>
    </message>
    <message>
        <source>The last {left} before values do not fill a subgroup of {size} and are left out.</source>
        <translation>Die letzten {left} Vorher-Werte füllen keine Untergruppe von {size} und werden weggelassen.</translation>
    </message>
    <message>
        <source>The last {left} after value does not fill a subgroup of {size} and is left out.</source>
        <translation>Der letzte {left} Nachher-Wert füllt keine Untergruppe von {size} und wird weggelassen.</translation>
    </message>
    <message>
        <source>The last {left} after values do not fill a subgroup of {size} and are left out.</source>
        <translation>Die letzten {left} Nachher-Werte füllen keine Untergruppe von {size} und werden weggelassen.</translation>
    </message>
    <message>
        <source>a p or u chart needs the number of items or units each measurement was counted over.</source>
        <translation>eine p- oder u-Karte braucht die Anzahl der Teile oder Einheiten, über die jede Messung gezählt wurde.</translation>
    </message>
    <message>
        <source>a p chart reads each measurement as a share defective between 0 and {top}.</source>
        <translation>eine p-Karte liest jede Messung als Fehleranteil zwischen 0 und {top}.</translation>
    </message>
    <message>
        <source>a u chart reads each measurement as defects per unit, never below 0.</source>
        <translation>eine u-Karte liest jede Messung als Fehler pro Einheit, nie unter 0.</translation>
    </message>
    <message>
        <source>the chart needs at least {needed} before values ({minimum} subgroups).</source>
        <translation>die Karte braucht mindestens {needed} Vorher-Werte ({minimum} Untergruppen).</translation>
    </message>
    <message>
        <source>the chart needs at least {needed} before values ({minimum} points).</source>
        <translation>die Karte braucht mindestens {needed} Vorher-Werte ({minimum} Punkte).</translation>
    </message>
    <message>
        <source>The after phase has too few points for limits of its own; it is shown against the before limits.</source>
        <translation>Die Nachher-Phase hat zu wenige Punkte für eigene Grenzen; sie wird gegen die Grenzen von vorher gezeigt.</translation>
    </message>
    <message>
        <source>{rule}: {description}, {count} times ({where})</source>
        <translation>{rule}: {description}, {count}-mal ({where})</translation>
    </message>
    <message>
        <source>{rule}: {description} ({where})</source>
        <translation>{rule}: {description} ({where})</translation>
    </message>
    <message>
        <source>{rule} chart: {description} ({where})</source>
        <translation>{rule}-Karte: {description} ({where})</translation>
    </message>
    <message>
        <source>point {number}</source>
        <translation>Punkt {number}</translation>
    </message>
    <message>
        <source>subgroup {number}</source>
        <translation>Untergruppe {number}</translation>
    </message>
    <message>
        <source>points {numbers}</source>
        <translation>Punkte {numbers}</translation>
    </message>
    <message>
        <source>subgroups {numbers}</source>
        <translation>Untergruppen {numbers}</translation>
    </message>
</context>
<context>
    <name>domain.pdca</name>
    <message>
        <source>Write the problem statement.</source>
        <translation>Schreiben Sie die Problembeschreibung.</translation>
    </message>
    <message>
        <source>Name the target metric.</source>
        <translation>Nennen Sie die Zielkennzahl.</translation>
    </message>
    <message>
        <source>Give the target value to reach.</source>
        <translation>Geben Sie den zu erreichenden Zielwert an.</translation>
    </message>
    <message>
        <source>Describe the countermeasure.</source>
        <translation>Beschreiben Sie die Gegenmaßnahme.</translation>
    </message>
    <message>
        <source>This cycle is closed; start a new cycle instead of reopening it.</source>
        <translation>Dieser Zyklus ist abgeschlossen; beginnen Sie einen neuen Zyklus, statt ihn wieder zu öffnen.</translation>
    </message>
    <message>
        <source>The cycle is already in {stage}.</source>
        <translation>Der Zyklus ist bereits in {stage}.</translation>
    </message>
    <message>
        <source>Move one stage at a time: after {current} comes {next}, not {target}.</source>
        <translation>Bewegen Sie eine Phase nach der anderen: Nach {current} kommt {next}, nicht {target}.</translation>
    </message>
    <message>
        <source>Add at least one action to carry out.</source>
        <translation>Fügen Sie mindestens eine umzusetzende Maßnahme hinzu.</translation>
    </message>
    <message>
        <source>Finish the actions: {open} of {total} is not done yet.</source>
        <translation>Schließen Sie die Maßnahmen ab: {open} von {total} ist noch nicht erledigt.</translation>
    </message>
    <message>
        <source>Finish the actions: {open} of {total} are not done yet.</source>
        <translation>Schließen Sie die Maßnahmen ab: {open} von {total} sind noch nicht erledigt.</translation>
    </message>
    <message>
        <source>Record before and after measurements for at least one metric.</source>
        <translation>Erfassen Sie Messungen vorher und nachher für mindestens eine Kennzahl.</translation>
    </message>
    <message>
        <source>Choose a decision: adopt, adapt or abandon.</source>
        <translation>Wählen Sie eine Entscheidung: übernehmen, anpassen oder aufgeben.</translation>
    </message>
</context>
<context>
    <name>domain.permissions</name>
    <message>
        <source>create a suggestion</source>
        <translation>eine Idee einreichen</translation>
    </message>
    <message>
        <source>log a waste observation</source>
        <translation>eine Verschwendung erfassen</translation>
    </message>
    <message>
        <source>comment on a suggestion</source>
        <translation>eine Idee kommentieren</translation>
    </message>
    <message>
        <source>review suggestions</source>
        <translation>Ideen prüfen</translation>
    </message>
    <message>
        <source>move PDCA stages</source>
        <translation>PDCA-Phasen wechseln</translation>
    </message>
    <message>
        <source>record measurements</source>
        <translation>Messungen erfassen</translation>
    </message>
    <message>
        <source>record savings</source>
        <translation>Einsparungen erfassen</translation>
    </message>
    <message>
        <source>validate savings</source>
        <translation>Einsparungen bestätigen</translation>
    </message>
    <message>
        <source>manage people</source>
        <translation>Personen verwalten</translation>
    </message>
    <message>
        <source>manage areas</source>
        <translation>Bereiche verwalten</translation>
    </message>
    <message>
        <source>change settings</source>
        <translation>Einstellungen ändern</translation>
    </message>
    <message>
        <source>map processes</source>
        <translation>Prozesse abbilden</translation>
    </message>
    <message>
        <source>delete processes</source>
        <translation>Prozesse löschen</translation>
    </message>
    <message>
        <source>import and delete event logs</source>
        <translation>Ereignisprotokolle importieren und löschen</translation>
    </message>
    <message>
        <source>A staff may not {action}.</source>
        <translation>Mitarbeitende dürfen nicht {action}.</translation>
    </message>
    <message>
        <source>A supervisor may not {action}.</source>
        <translation>Ein Supervisor darf nicht {action}.</translation>
    </message>
    <message>
        <source>A admin may not {action}.</source>
        <translation>Ein Administrator darf nicht {action}.</translation>
    </message>
    <message>
        <source>This idea is {status} and can no longer be edited.</source>
        <translation>Diese Idee ist {status} und kann nicht mehr bearbeitet werden.</translation>
    </message>
    <message>
        <source>Staff can only edit their own ideas.</source>
        <translation>Mitarbeitende können nur ihre eigenen Ideen bearbeiten.</translation>
    </message>
    <message>
        <source>This idea is already being reviewed; ask a supervisor to change it.</source>
        <translation>Diese Idee wird bereits geprüft; bitten Sie einen Supervisor, sie zu ändern.</translation>
    </message>
</context>
<context>
    <name>domain.pins</name>
    <message>
        <source>A PIN is made of digits only.</source>
        <translation>Eine PIN besteht nur aus Ziffern.</translation>
    </message>
    <message>
        <source>A PIN has 4 to 12 digits.</source>
        <translation>Eine PIN hat 4 bis 12 Ziffern.</translation>
    </message>
</context>
<context>
    <name>domain.process_model</name>
    <message>
        <source>{what} must be a number.</source>
        <translation>{what} muss eine Zahl sein.</translation>
    </message>
    <message>
        <source>{what} must be a finite number.</source>
        <translation>{what} muss eine endliche Zahl sein.</translation>
    </message>
    <message>
        <source>{what} must be at least {minimum:g}.</source>
        <translation>{what} muss mindestens {minimum:g} sein.</translation>
    </message>
    <message>
        <source>{what} must be more than {strictly_above:g}.</source>
        <translation>{what} muss größer als {strictly_above:g} sein.</translation>
    </message>
    <message>
        <source>{what} must be at most {maximum:g}.</source>
        <translation>{what} darf höchstens {maximum:g} sein.</translation>
    </message>
    <message>
        <source>{what} must be a non-empty text.</source>
        <translation>{what} muss ein nicht leerer Text sein.</translation>
    </message>
    <message>
        <source>{what} must be a text.</source>
        <translation>{what} muss ein Text sein.</translation>
    </message>
    <message>
        <source>{what} is longer than {limit} characters.</source>
        <translation>{what} ist länger als {limit} Zeichen.</translation>
    </message>
    <message>
        <source>{what} must be an object ({{...}}).</source>
        <translation>{what} muss ein Objekt sein ({{...}}).</translation>
    </message>
    <message>
        <source>{what}: distribution must be one of {names}.</source>
        <translation>{what}: distribution muss eines von {names} sein.</translation>
    </message>
    <message>
        <source>{what}: a schedule needs per_hour, 24 numbers (arrivals in each hour).</source>
        <translation>{what}: Ein Zeitplan braucht per_hour, 24 Zahlen (Ankünfte je Stunde).</translation>
    </message>
    <message>
        <source>{what}: arrivals in hour {i}</source>
        <translation>{what}: Ankünfte in Stunde {i}</translation>
    </message>
    <message>
        <source>{what}: the schedule has no arrivals at all.</source>
        <translation>{what}: Der Zeitplan hat überhaupt keine Ankünfte.</translation>
    </message>
    <message>
        <source>{what}: a {kind} distribution needs {name!r}.</source>
        <translation>{what}: Eine {kind}-Verteilung braucht {name!r}.</translation>
    </message>
    <message>
        <source>{what}: values must be a non-empty list of numbers.</source>
        <translation>{what}: values muss eine nicht leere Liste von Zahlen sein.</translation>
    </message>
    <message>
        <source>{what}: value {number}</source>
        <translation>{what}: Wert {number}</translation>
    </message>
    <message>
        <source>{what}: the times between arrivals cannot all be 0.</source>
        <translation>{what}: Die Zeiten zwischen Ankünften dürfen nicht alle 0 sein.</translation>
    </message>
    <message>
        <source>{what}: a triangular distribution needs min &lt;= mode &lt;= max (got {low:g}, {mode:g}, {high:g}).</source>
        <translation>{what}: Eine Dreiecksverteilung braucht min &lt;= mode &lt;= max (erhalten: {low:g}, {mode:g}, {high:g}).</translation>
    </message>
    <message>
        <source>Step {number}</source>
        <translation>Schritt {number}</translation>
    </message>
    <message>
        <source>Step {number}: name</source>
        <translation>Schritt {number}: name</translation>
    </message>
    <message>
        <source>Step &quot;{name}&quot;</source>
        <translation>Schritt &quot;{name}&quot;</translation>
    </message>
    <message>
        <source>{what}: &quot;start&quot; and &quot;end&quot; are reserved names.</source>
        <translation>{what}: &quot;start&quot; und &quot;end&quot; sind reservierte Namen.</translation>
    </message>
    <message>
        <source>{what}: value must be one of {names}.</source>
        <translation>{what}: value muss eines von {names} sein.</translation>
    </message>
    <message>
        <source>{what}: a waste step names its Lean category in waste, one of {names}.</source>
        <translation>{what}: Ein Verschwendungsschritt nennt seine Lean-Kategorie in waste, eine von {names}.</translation>
    </message>
    <message>
        <source>{what}: only a waste step names a waste category.</source>
        <translation>{what}: Nur ein Verschwendungsschritt nennt eine Verschwendungskategorie.</translation>
    </message>
    <message>
        <source>{what}: resources must be a whole number from 1 to 10000.</source>
        <translation>{what}: resources muss eine ganze Zahl von 1 bis 10000 sein.</translation>
    </message>
    <message>
        <source>{what} needs a duration.</source>
        <translation>{what} braucht eine Dauer.</translation>
    </message>
    <message>
        <source>{what}: shifts must be a list of {{start, end}} hours.</source>
        <translation>{what}: shifts muss eine Liste von {{start, end}}-Stunden sein.</translation>
    </message>
    <message>
        <source>{what}: shift {number}</source>
        <translation>{what}: Schicht {number}</translation>
    </message>
    <message>
        <source>{what}: shift {number} start</source>
        <translation>{what}: Beginn von Schicht {number}</translation>
    </message>
    <message>
        <source>{what}: shift {number} end</source>
        <translation>{what}: Ende von Schicht {number}</translation>
    </message>
    <message>
        <source>{what}: shift {number} must end after it starts.</source>
        <translation>{what}: Schicht {number} muss nach ihrem Beginn enden.</translation>
    </message>
    <message>
        <source>flows must be a non-empty list of {from, to} links.</source>
        <translation>flows muss eine nicht leere Liste von {from, to}-Verbindungen sein.</translation>
    </message>
    <message>
        <source>Flow {number}</source>
        <translation>Fluss {number}</translation>
    </message>
    <message>
        <source>Flow {number} (&quot;{source}&quot; to &quot;{target}&quot;)</source>
        <translation>Fluss {number} (&quot;{source}&quot; nach &quot;{target}&quot;)</translation>
    </message>
    <message>
        <source>{what}: from must name a step or &quot;start&quot;.</source>
        <translation>{what}: from muss einen Schritt oder &quot;start&quot; nennen.</translation>
    </message>
    <message>
        <source>{what}: to must name a step or &quot;end&quot;.</source>
        <translation>{what}: to muss einen Schritt oder &quot;end&quot; nennen.</translation>
    </message>
    <message>
        <source>{what} is written twice.</source>
        <translation>{what} ist doppelt angegeben.</translation>
    </message>
    <message>
        <source>Step &quot;{source}&quot;</source>
        <translation>Schritt &quot;{source}&quot;</translation>
    </message>
    <message>
        <source>{label} has no flow out of it (every step leads somewhere, in the end to &quot;end&quot;).</source>
        <translation>{label} hat keinen ausgehenden Fluss (jeder Schritt führt irgendwohin, am Ende zu &quot;end&quot;).</translation>
    </message>
    <message>
        <source>{label}: its only flow must have probability 1 (or none).</source>
        <translation>{label}: Sein einziger Fluss muss die Wahrscheinlichkeit 1 haben (oder keine).</translation>
    </message>
    <message>
        <source>{label} has {count} flows out: each needs a probability.</source>
        <translation>{label} hat {count} ausgehende Flüsse: Jeder braucht eine Wahrscheinlichkeit.</translation>
    </message>
    <message>
        <source>{label}: the probabilities of its flows sum to {total:g}, not 1.</source>
        <translation>{label}: Die Wahrscheinlichkeiten seiner Flüsse ergeben {total:g}, nicht 1.</translation>
    </message>
    <message>
        <source>Step &quot;{name}&quot; cannot be reached from start.</source>
        <translation>Schritt &quot;{name}&quot; ist von start aus nicht erreichbar.</translation>
    </message>
    <message>
        <source>Step &quot;{name}&quot; has no way on to end (a loop with no exit).</source>
        <translation>Schritt &quot;{name}&quot; hat keinen Weg zu end (eine Schleife ohne Ausgang).</translation>
    </message>
    <message>
        <source>The process model</source>
        <translation>Das Prozessmodell</translation>
    </message>
    <message>
        <source>The process&apos;s name</source>
        <translation>Der Name des Prozesses</translation>
    </message>
    <message>
        <source>time_unit must be one of {names}.</source>
        <translation>time_unit muss eines von {names} sein.</translation>
    </message>
    <message>
        <source>steps must be a non-empty list.</source>
        <translation>steps muss eine nicht leere Liste sein.</translation>
    </message>
    <message>
        <source>A map holds at most {most} steps.</source>
        <translation>Eine Karte umfasst höchstens {most} Schritte.</translation>
    </message>
    <message>
        <source>Step &quot;{name}&quot; is named twice.</source>
        <translation>Schritt &quot;{name}&quot; ist zweimal benannt.</translation>
    </message>
    <message>
        <source>This is not valid JSON: {msg} at line {lineno}, column {colno}.</source>
        <translation>Dies ist kein gültiges JSON: {msg} in Zeile {lineno}, Spalte {colno}.</translation>
    </message>
</context>
<context>
    <name>domain.savings_math</name>
    <message>
        <source>A month is written YYYY-MM, got {month!r}.</source>
        <translation>Ein Monat wird als JJJJ-MM geschrieben, erhalten: {month!r}.</translation>
    </message>
    <message>
        <source>The yearly volume and the unit cost cannot be negative.</source>
        <translation>Jahresmenge und Stückkosten dürfen nicht negativ sein.</translation>
    </message>
</context>
<context>
    <name>domain.spc</name>
    <message>
        <source>a sample cannot have more defectives than its size.</source>
        <translation>eine Stichprobe kann nicht mehr fehlerhafte Teile haben, als sie groß ist.</translation>
    </message>
    <message>
        <source>at least two subgroups are needed.</source>
        <translation>mindestens zwei Untergruppen sind nötig.</translation>
    </message>
    <message>
        <source>every subgroup must have the same size.</source>
        <translation>jede Untergruppe muss gleich groß sein.</translation>
    </message>
    <message>
        <source>the subgroup size must be between 2 and {largest}.</source>
        <translation>die Untergruppengröße muss zwischen 2 und {largest} liegen.</translation>
    </message>
    <message>
        <source>values must be finite numbers.</source>
        <translation>die Werte müssen endliche Zahlen sein.</translation>
    </message>
    <message>
        <source>give one count per sample, at least two samples.</source>
        <translation>geben Sie eine Anzahl pro Stichprobe an, mindestens zwei Stichproben.</translation>
    </message>
    <message>
        <source>counts cannot be negative.</source>
        <translation>Anzahlen dürfen nicht negativ sein.</translation>
    </message>
    <message>
        <source>every sample size must be positive.</source>
        <translation>jede Stichprobengröße muss positiv sein.</translation>
    </message>
</context>
<context>
    <name>domain.spc_rules</name>
    <message>
        <source>1 point beyond its limits</source>
        <translation>1 Punkt außerhalb seiner Grenzen</translation>
    </message>
    <message>
        <source>Western Electric (4 rules)</source>
        <translation>Western Electric (4 Regeln)</translation>
    </message>
    <message>
        <source>Nelson (8 rules)</source>
        <translation>Nelson (8 Regeln)</translation>
    </message>
    <message>
        <source>1 point beyond the 3-sigma limits</source>
        <translation>1 Punkt außerhalb der 3-Sigma-Grenzen</translation>
    </message>
    <message>
        <source>2 of 3 points beyond 2 sigma on the same side</source>
        <translation>2 von 3 Punkten jenseits von 2 Sigma auf derselben Seite</translation>
    </message>
    <message>
        <source>4 of 5 points beyond 1 sigma on the same side</source>
        <translation>4 von 5 Punkten jenseits von 1 Sigma auf derselben Seite</translation>
    </message>
    <message>
        <source>8 points in a row on the same side of the centre</source>
        <translation>8 Punkte in Folge auf derselben Seite der Mittellinie</translation>
    </message>
    <message>
        <source>9 points in a row on the same side of the centre</source>
        <translation>9 Punkte in Folge auf derselben Seite der Mittellinie</translation>
    </message>
    <message>
        <source>6 points in a row steadily increasing or decreasing</source>
        <translation>6 Punkte in Folge stetig steigend oder fallend</translation>
    </message>
    <message>
        <source>14 points in a row alternating up and down</source>
        <translation>14 Punkte in Folge abwechselnd auf und ab</translation>
    </message>
    <message>
        <source>15 points in a row within 1 sigma of the centre</source>
        <translation>15 Punkte in Folge innerhalb von 1 Sigma um die Mittellinie</translation>
    </message>
    <message>
        <source>8 points in a row beyond 1 sigma, on either side</source>
        <translation>8 Punkte in Folge jenseits von 1 Sigma, auf beiden Seiten</translation>
    </message>
</context>
<context>
    <name>domain.statistics</name>
    <message>
        <source>Welch&apos;s t-test</source>
        <translation>Welchs t-Test</translation>
    </message>
    <message>
        <source>Mann-Whitney U test</source>
        <translation>Mann-Whitney-U-Test</translation>
    </message>
    <message>
        <source>two-proportion z-test</source>
        <translation>z-Test für zwei Anteile</translation>
    </message>
    <message>
        <source>Fisher&apos;s exact test</source>
        <translation>Exakter Test nach Fisher</translation>
    </message>
    <message>
        <source>Not enough data: at least {count} measurements before and after are needed</source>
        <translation>Nicht genug Daten: Es werden mindestens {count} Messungen vorher und nachher benötigt</translation>
    </message>
    <message>
        <source>A rate is measured as 0/1 outcomes (1 = the event happened).</source>
        <translation>Eine Quote wird als 0/1-Ergebnisse gemessen (1 = das Ereignis trat ein).</translation>
    </message>
    <message>
        <source>from {before}% to {after}%</source>
        <translation>von {before}&#xa0;% auf {after}&#xa0;%</translation>
    </message>
    <message>
        <source>No clear change ({p}): the difference may be chance</source>
        <translation>Keine klare Veränderung ({p}): Der Unterschied kann Zufall sein</translation>
    </message>
    <message>
        <source>Real improvement: {subject} fell{amount} ({evidence})</source>
        <translation>Echte Verbesserung: {subject} sank{amount} ({evidence})</translation>
    </message>
    <message>
        <source>Real improvement: {subject} rose{amount} ({evidence})</source>
        <translation>Echte Verbesserung: {subject} stieg{amount} ({evidence})</translation>
    </message>
    <message>
        <source>Got worse: {subject} fell{amount} ({evidence})</source>
        <translation>Verschlechtert: {subject} sank{amount} ({evidence})</translation>
    </message>
    <message>
        <source>Got worse: {subject} rose{amount} ({evidence})</source>
        <translation>Verschlechtert: {subject} stieg{amount} ({evidence})</translation>
    </message>
    <message>
        <source>the mean</source>
        <translation>der Mittelwert</translation>
    </message>
    <message>
        <source>the median</source>
        <translation>der Median</translation>
    </message>
    <message>
        <source>the rate</source>
        <translation>die Quote</translation>
    </message>
    <message>
        <source>median {name}</source>
        <translation>Median {name}</translation>
    </message>
</context>
<context>
    <name>domain.two_sample</name>
    <message>
        <source>Welch&apos;s t-test needs at least two values in each sample.</source>
        <translation>Welchs t-Test braucht mindestens zwei Werte in jeder Stichprobe.</translation>
    </message>
    <message>
        <source>Welch&apos;s t-test needs some spread in at least one sample.</source>
        <translation>Welchs t-Test braucht etwas Streuung in mindestens einer Stichprobe.</translation>
    </message>
    <message>
        <source>Hedges&apos; g needs at least two values in each sample.</source>
        <translation>Hedges&apos; g braucht mindestens zwei Werte in jeder Stichprobe.</translation>
    </message>
    <message>
        <source>Hedges&apos; g needs some spread in the samples.</source>
        <translation>Hedges&apos; g braucht etwas Streuung in den Stichproben.</translation>
    </message>
    <message>
        <source>The Mann-Whitney test needs at least one value in each sample.</source>
        <translation>Der Mann-Whitney-Test braucht mindestens einen Wert in jeder Stichprobe.</translation>
    </message>
</context>
<context>
    <name>domain.verdict</name>
    <message>
        <source>Welch&apos;s t-test</source>
        <translation>Welchs t-Test</translation>
    </message>
    <message>
        <source>Mann-Whitney test</source>
        <translation>Mann-Whitney-Test</translation>
    </message>
    <message>
        <source>p not available</source>
        <translation>p nicht verfügbar</translation>
    </message>
    <message>
        <source>, one-sided</source>
        <translation>, einseitig</translation>
    </message>
    <message>
        <source>No clear change in {subject}: the difference is within what chance gives ({test}{sided}, {p}{check}).</source>
        <translation>Keine klare Veränderung bei {subject}: Der Unterschied liegt im Rahmen des Zufalls ({test}{sided}, {p}{check}).</translation>
    </message>
    <message>
        <source>Too few samples to tell: {before} before and {after} after. {test}{one_sided} gives {p}, but with so few values the rank test cannot confirm it (it cannot go below p = {floor}). About {needed} per phase are needed (80% power, 5% significance).</source>
        <translation>Zu wenige Stichproben für eine Aussage: {before} vorher und {after} nachher. {test}{one_sided} ergibt {p}, aber mit so wenigen Werten kann der Rangtest es nicht bestätigen (er kommt nicht unter p = {floor}). Etwa {needed} pro Phase sind nötig (80&#xa0;% Teststärke, 5&#xa0;% Signifikanz).</translation>
    </message>
    <message>
        <source> (one-sided)</source>
        <translation> (einseitig)</translation>
    </message>
    <message>
        <source>Not proven: the two tests disagree, so no real improvement is claimed. Likely reason: {reason}. {test} (the primary test{sided}) gives {p}; the {other} gives {other_p}.</source>
        <translation>Nicht belegt: Die beiden Tests widersprechen sich, daher wird keine echte Verbesserung behauptet. Wahrscheinlicher Grund: {reason}. {test} (der Haupttest{sided}) ergibt {p}; der {other} ergibt {other_p}.</translation>
    </message>
    <message>
        <source>Real improvement: {subject} fell{amount}{by}. {test}{sided}: {p}; {ci}{check}.</source>
        <translation>Echte Verbesserung: {subject} sank{amount}{by}. {test}{sided}: {p}; {ci}{check}.</translation>
    </message>
    <message>
        <source>Real improvement: {subject} rose{amount}{by}. {test}{sided}: {p}; {ci}{check}.</source>
        <translation>Echte Verbesserung: {subject} stieg{amount}{by}. {test}{sided}: {p}; {ci}{check}.</translation>
    </message>
    <message>
        <source>Got worse: {subject} fell{amount}{by}. {test}{sided}: {p}; {ci}{check}.</source>
        <translation>Verschlechtert: {subject} sank{amount}{by}. {test}{sided}: {p}; {ci}{check}.</translation>
    </message>
    <message>
        <source>Got worse: {subject} rose{amount}{by}. {test}{sided}: {p}; {ci}{check}.</source>
        <translation>Verschlechtert: {subject} stieg{amount}{by}. {test}{sided}: {p}; {ci}{check}.</translation>
    </message>
    <message>
        <source>one extreme value lies far from the rest; it pulls the mean the t-test uses, while the rank test barely feels it</source>
        <translation>ein Extremwert liegt weit vom Rest entfernt; er zieht den Mittelwert, den der t-Test nutzt, während der Rangtest ihn kaum spürt</translation>
    </message>
    <message>
        <source>a few extreme values ({count}) lie far from the rest; they pull the mean the t-test uses, while the rank test barely feels them</source>
        <translation>einige Extremwerte ({count}) liegen weit vom Rest entfernt; sie ziehen den Mittelwert, den der t-Test nutzt, während der Rangtest sie kaum spürt</translation>
    </message>
    <message>
        <source>the spread changed a lot between before and after, not only the level</source>
        <translation>die Streuung hat sich zwischen vorher und nachher stark verändert, nicht nur das Niveau</translation>
    </message>
    <message>
        <source>the result sits close to the significance line; more samples will settle it</source>
        <translation>das Ergebnis liegt nahe an der Signifikanzgrenze; mehr Stichproben werden es klären</translation>
    </message>
    <message>
        <source>the shapes of the two samples differ (skew or ties)</source>
        <translation>die Formen der beiden Stichproben unterscheiden sich (Schiefe oder Bindungen)</translation>
    </message>
    <message>
        <source>Too few samples to tell: {before} before and {after} after.</source>
        <translation>Zu wenige Stichproben für eine Aussage: {before} vorher und {after} nachher.</translation>
    </message>
    <message>
        <source>{head} Record at least 2 measurements in the before phase.</source>
        <translation>{head} Erfassen Sie mindestens 2 Messungen in der Vorher-Phase.</translation>
    </message>
    <message>
        <source>{head} Record at least 2 measurements in the after phase.</source>
        <translation>{head} Erfassen Sie mindestens 2 Messungen in der Nachher-Phase.</translation>
    </message>
    <message>
        <source>{head} Record at least 2 measurements in each phase.</source>
        <translation>{head} Erfassen Sie mindestens 2 Messungen in jeder Phase.</translation>
    </message>
    <message>
        <source>the hoped-for change of {size}</source>
        <translation>die erhoffte Veränderung von {size}</translation>
    </message>
    <message>
        <source>a change of the size seen</source>
        <translation>eine Veränderung der beobachteten Größe</translation>
    </message>
    <message>
        <source>{head} About {needed} per phase are needed to detect {change} (80% power, 5% significance).</source>
        <translation>{head} Etwa {needed} pro Phase sind nötig, um {change} zu erkennen (80&#xa0;% Teststärke, 5&#xa0;% Signifikanz).</translation>
    </message>
    <message>
        <source> (by {size})</source>
        <translation> (um {size})</translation>
    </message>
    <message>
        <source> (a typical shift of {size})</source>
        <translation> (eine typische Verschiebung um {size})</translation>
    </message>
    <message>
        <source>difference</source>
        <translation>Differenz</translation>
    </message>
    <message>
        <source>Hodges-Lehmann shift</source>
        <translation>Hodges-Lehmann-Verschiebung</translation>
    </message>
    <message>
        <source>95% upper bound {high}</source>
        <translation>95-%-Obergrenze {high}</translation>
    </message>
    <message>
        <source>95% lower bound {low}</source>
        <translation>95-%-Untergrenze {low}</translation>
    </message>
    <message>
        <source>95% CI {low} to {high}</source>
        <translation>95-%-KI {low} bis {high}</translation>
    </message>
    <message>
        <source>; {test} agrees, {p}</source>
        <translation>; {test} bestätigt, {p}</translation>
    </message>
    <message>
        <source>; {test} as a robustness check, {p}</source>
        <translation>; {test} als Robustheitsprüfung, {p}</translation>
    </message>
    <message>
        <source>the metric</source>
        <translation>die Kennzahl</translation>
    </message>
</context>
<context>
    <name>mining.builder</name>
    <message>
        <source>More than 128 different lifecycle transitions: is the lifecycle column the right one?</source>
        <translation>Mehr als 128 verschiedene Lebenszyklus-Übergänge: Ist die Lebenszyklus-Spalte die richtige?</translation>
    </message>
    <message>
        <source>The file holds no events.</source>
        <translation>Die Datei enthält keine Ereignisse.</translation>
    </message>
    <message>
        <source>{count} duplicate event(s): {what} {line} repeats {what} {first} (same case, activity, timestamp, resource and lifecycle). Remove the duplicates, then import again.</source>
        <translation>{count} doppelte(s) Ereignis(se): {what} {line} wiederholt {what} {first} (gleicher Fall, Aktivität, Zeitstempel, Ressource und Lebenszyklus). Entfernen Sie die Duplikate und importieren Sie erneut.</translation>
    </message>
    <message>
        <source>line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>event</source>
        <translation>Ereignis</translation>
    </message>
</context>
<context>
    <name>mining.conformance</name>
    <message>
        <source>skipped {steps} between {source} and {target}</source>
        <translation>{steps} zwischen {source} und {target} übersprungen</translation>
    </message>
    <message>
        <source>{step} is not a step of the map</source>
        <translation>{step} ist kein Schritt der Karte</translation>
    </message>
    <message>
        <source>{target} after {source}: out of the map&apos;s order</source>
        <translation>{target} nach {source}: außerhalb der Reihenfolge der Karte</translation>
    </message>
    <message>
        <source>{source} → {target} is not a flow of the map</source>
        <translation>{source} → {target} ist kein Fluss der Karte</translation>
    </message>
</context>
<context>
    <name>mining.csv_reader</name>
    <message>
        <source>The file is empty: no header row.</source>
        <translation>Die Datei ist leer: keine Kopfzeile.</translation>
    </message>
    <message>
        <source>Unknown column role &apos;{role}&apos;.</source>
        <translation>Unbekannte Spaltenrolle &apos;{role}&apos;.</translation>
    </message>
    <message>
        <source>The file has no column &apos;{name}&apos; for the {role}; its columns are: {columns}.</source>
        <translation>Die Datei hat keine Spalte &apos;{name}&apos; für {role}; ihre Spalten sind: {columns}.</translation>
    </message>
    <message>
        <source>Missing column: no column for the {role} (looked for {names}, ...). Name it with --{role} COL; the file&apos;s columns are: {columns}.</source>
        <translation>Fehlende Spalte: keine Spalte für {role} (gesucht: {names}, ...). Benennen Sie sie mit --{role} SPALTE; die Spalten der Datei sind: {columns}.</translation>
    </message>
    <message>
        <source>One column was given two roles.</source>
        <translation>Einer Spalte wurden zwei Rollen zugewiesen.</translation>
    </message>
    <message>
        <source>The file is not UTF-8 text (byte {start} of a line cannot be read); save it as CSV UTF-8.</source>
        <translation>Die Datei ist kein UTF-8-Text (Byte {start} einer Zeile ist nicht lesbar); speichern Sie sie als CSV UTF-8.</translation>
    </message>
    <message>
        <source>The file cannot be read as CSV: {error}.</source>
        <translation>Die Datei kann nicht als CSV gelesen werden: {error}.</translation>
    </message>
    <message>
        <source>Line {line} has {count} fields; the header has {header_width}.</source>
        <translation>Zeile {line} hat {count} Felder; die Kopfzeile hat {header_width}.</translation>
    </message>
    <message>
        <source>Line {line}: the {role} ({column}) is empty.</source>
        <translation>Zeile {line}: {role} ({column}) ist leer.</translation>
    </message>
    <message>
        <source>Line {line}: the timestamp &apos;{text}&apos; cannot be read; write it as 2011-10-11 13:45:40 or 2011-10-11T13:45:40+02:00.</source>
        <translation>Zeile {line}: Der Zeitstempel &apos;{text}&apos; kann nicht gelesen werden; schreiben Sie ihn als 2011-10-11 13:45:40 oder 2011-10-11T13:45:40+02:00.</translation>
    </message>
    <message>
        <source>No such file: {path}</source>
        <translation>Datei nicht gefunden: {path}</translation>
    </message>
</context>
<context>
    <name>mining.filters</name>
    <message>
        <source>Give a percentage from 0 to 100 (got {percent!r}).</source>
        <translation>Geben Sie einen Prozentsatz von 0 bis 100 an (erhalten: {percent!r}).</translation>
    </message>
    <message>
        <source>The window ends before it starts.</source>
        <translation>Das Zeitfenster endet, bevor es beginnt.</translation>
    </message>
    <message>
        <source>Unknown window mode &apos;{mode}&apos;.</source>
        <translation>Unbekannter Zeitfenster-Modus &apos;{mode}&apos;.</translation>
    </message>
    <message>
        <source>Unknown attribute &apos;{attribute}&apos;: use resource, activity or lifecycle.</source>
        <translation>Unbekanntes Attribut &apos;{attribute}&apos;: Verwenden Sie resource, activity oder lifecycle.</translation>
    </message>
    <message>
        <source>Unknown attribute filter mode &apos;{mode}&apos;.</source>
        <translation>Unbekannter Attributfilter-Modus &apos;{mode}&apos;.</translation>
    </message>
</context>
<context>
    <name>mining.kpi_series</name>
    <message>
        <source>Pick a measure: {measures} (not {measure!r}).</source>
        <translation>Wählen Sie eine Messgröße: {measures} (nicht {measure!r}).</translation>
    </message>
    <message>
        <source>Pick a period: week or month (not {period!r}).</source>
        <translation>Wählen Sie einen Zeitraum: week oder month (nicht {period!r}).</translation>
    </message>
</context>
<context>
    <name>mining.log</name>
    <message>
        <source>Import cancelled: nothing was imported.</source>
        <translation>Import abgebrochen: Nichts wurde importiert.</translation>
    </message>
</context>
<context>
    <name>mining.xes_reader</name>
    <message>
        <source>No such file: {path}</source>
        <translation>Datei nicht gefunden: {path}</translation>
    </message>
    <message>
        <source>The file is not well-formed XES (line {line}): {error}.</source>
        <translation>Die Datei ist kein wohlgeformtes XES (Zeile {line}): {error}.</translation>
    </message>
    <message>
        <source>The file cannot be read: {error}.</source>
        <translation>Die Datei kann nicht gelesen werden: {error}.</translation>
    </message>
    <message>
        <source>Trace {traces} has no case name (concept:name).</source>
        <translation>Trace {traces} hat keinen Fallnamen (concept:name).</translation>
    </message>
    <message>
        <source>Empty case: trace {traces} (&apos;{case_name}&apos;) has no events.</source>
        <translation>Leerer Fall: Trace {traces} (&apos;{case_name}&apos;) hat keine Ereignisse.</translation>
    </message>
    <message>
        <source>This is not an XES log: it has no &lt;log&gt; element.</source>
        <translation>Dies ist kein XES-Protokoll: Es hat kein &lt;log&gt;-Element.</translation>
    </message>
    <message>
        <source>Event {number} (trace {trace}) has no activity (concept:name).</source>
        <translation>Ereignis {number} (Trace {trace}) hat keine Aktivität (concept:name).</translation>
    </message>
    <message>
        <source>Event {number} (trace {trace}) has no timestamp (time:timestamp).</source>
        <translation>Ereignis {number} (Trace {trace}) hat keinen Zeitstempel (time:timestamp).</translation>
    </message>
    <message>
        <source>Event {number}: the timestamp &apos;{text}&apos; cannot be read.</source>
        <translation>Ereignis {number}: Der Zeitstempel &apos;{text}&apos; kann nicht gelesen werden.</translation>
    </message>
</context>
<context>
    <name>reports</name>
    <message>
        <source>Unknown report format {fmt!r}; pick one of {names}.</source>
        <translation>Unbekanntes Berichtsformat {fmt!r}; wählen Sie eines von {names}.</translation>
    </message>
</context>
<context>
    <name>reports.a3</name>
    <message>
        <source>Not filled in yet.</source>
        <translation>Noch nicht ausgefüllt.</translation>
    </message>
    <message>
        <source>none named</source>
        <translation>keine genannt</translation>
    </message>
    <message>
        <source>Area: {area}. Wastes attacked: {wastes}. Suggested by {person} on {day}.</source>
        <translation>Bereich: {area}. Angegangene Verschwendung: {wastes}. Vorgeschlagen von {person} am {day}.</translation>
    </message>
    <message>
        <source>Expected savings: {amount} a year.</source>
        <translation>Erwartete Einsparungen: {amount} pro Jahr.</translation>
    </message>
    <message>
        <source>{metric}: {mean} {unit} on average before the change (n = {n}).</source>
        <translation>{metric}: im Mittel {mean} {unit} vor der Änderung (n = {n}).</translation>
    </message>
    <message>
        <source>As first suggested: {proposal}</source>
        <translation>Ursprünglicher Vorschlag: {proposal}</translation>
    </message>
    <message>
        <source>Stage: {stage}. Idea status: {status}.</source>
        <translation>Phase: {stage}. Status der Idee: {status}.</translation>
    </message>
    <message>
        <source>Decision: {decision}.</source>
        <translation>Entscheidung: {decision}.</translation>
    </message>
    <message>
        <source>Standard changed: {change}</source>
        <translation>Standard geändert: {change}</translation>
    </message>
    <message>
        <source>Shared with: {note}</source>
        <translation>Geteilt mit: {note}</translation>
    </message>
    <message>
        <source>Next: check the results, then adopt, adapt or abandon the change.</source>
        <translation>Als Nächstes: Ergebnisse prüfen, dann die Änderung übernehmen, anpassen oder aufgeben.</translation>
    </message>
    <message>
        <source>no owner yet</source>
        <translation>noch niemand verantwortlich</translation>
    </message>
    <message>
        <source>No target set yet.</source>
        <translation>Noch kein Ziel festgelegt.</translation>
    </message>
    <message>
        <source>Target: {metric} from {start} to {end} by {day}.</source>
        <translation>Ziel: {metric} von {start} auf {end} bis {day}.</translation>
    </message>
    <message>
        <source>Target: {metric} from {start} to {end}.</source>
        <translation>Ziel: {metric} von {start} auf {end}.</translation>
    </message>
    <message>
        <source>Target: {metric} to {end} by {day}.</source>
        <translation>Ziel: {metric} auf {end} bis {day}.</translation>
    </message>
    <message>
        <source>Target: {metric} to {end}.</source>
        <translation>Ziel: {metric} auf {end}.</translation>
    </message>
    <message>
        <source>Target: {metric} by {day}.</source>
        <translation>Ziel: {metric} bis {day}.</translation>
    </message>
    <message>
        <source>Target: {metric}.</source>
        <translation>Ziel: {metric}.</translation>
    </message>
</context>
<context>
    <name>reports.a3_pdf</name>
    <message>
        <source>1  Background</source>
        <translation>1  Hintergrund</translation>
    </message>
    <message>
        <source>2  Current condition</source>
        <translation>2  Ist-Zustand</translation>
    </message>
    <message>
        <source>3  Root cause: 5 whys</source>
        <translation>3  Ursache: 5 Warum</translation>
    </message>
    <message>
        <source>4  Countermeasures</source>
        <translation>4  Gegenmaßnahmen</translation>
    </message>
    <message>
        <source>5  Plan</source>
        <translation>5  Plan</translation>
    </message>
    <message>
        <source>6  Results</source>
        <translation>6  Ergebnisse</translation>
    </message>
    <message>
        <source>7  Follow-up</source>
        <translation>7  Nachverfolgung</translation>
    </message>
    <message>
        <source>A3 report · PDCA cycle {cycle} ({stage}) · Area: {area} · Owner: {owner} · Suggested by {person} · Printed {day}</source>
        <translation>A3-Bericht · PDCA-Zyklus {cycle} ({stage}) · Bereich: {area} · Verantwortlich: {owner} · Vorgeschlagen von {person} · Gedruckt am {day}</translation>
    </message>
    <message>
        <source>No whys asked yet.</source>
        <translation>Noch keine Warum-Fragen gestellt.</translation>
    </message>
    <message>
        <source>Root cause: {cause}</source>
        <translation>Ursache: {cause}</translation>
    </message>
    <message>
        <source>, due {day}</source>
        <translation>, fällig am {day}</translation>
    </message>
    <message>
        <source>No actions planned yet.</source>
        <translation>Noch keine Maßnahmen geplant.</translation>
    </message>
    <message>
        <source>No measurements recorded yet: record before and after samples in Measurements.</source>
        <translation>Noch keine Messungen erfasst: Erfassen Sie Stichproben vorher und nachher unter Messungen.</translation>
    </message>
    <message>
        <source>Check: {result}</source>
        <translation>Prüfung: {result}</translation>
    </message>
</context>
<context>
    <name>reports.capability_data</name>
    <message>
        <source>Sigma level: the expected DPMO read as a short-term sigma with the usual 1.5-sigma shift (a DPMO of 3.4 is 6 sigma).</source>
        <translation>Sigma-Niveau: die erwarteten DPMO als Kurzzeit-Sigma mit der üblichen 1,5-Sigma-Verschiebung gelesen (ein DPMO von 3,4 entspricht 6 Sigma).</translation>
    </message>
    <message>
        <source>Cp and Cpk use the within-subgroup sigma (R-bar/d2 for subgroups, the moving range for single values); Pp and Ppk the overall standard deviation.</source>
        <translation>Cp und Cpk verwenden das Sigma innerhalb der Untergruppen (R-quer/d2 für Untergruppen, die gleitende Spannweite für Einzelwerte); Pp und Ppk die Gesamtstandardabweichung.</translation>
    </message>
    <message>
        <source>target {value}</source>
        <translation>Ziel {value}</translation>
    </message>
</context>
<context>
    <name>reports.csv_export</name>
    <message>
        <source>Unknown table {table!r}: pick ledger, changes, capability or thanks.</source>
        <translation>Unbekannte Tabelle {table!r}: Wählen Sie ledger, changes, capability oder thanks.</translation>
    </message>
</context>
<context>
    <name>reports.data</name>
    <message>
        <source>All areas</source>
        <translation>Alle Bereiche</translation>
    </message>
    <message>
        <source>{name} · cycle {cycle}</source>
        <translation>{name} · Zyklus {cycle}</translation>
    </message>
    <message>
        <source>Improvement report {month}</source>
        <translation>Verbesserungsbericht {month}</translation>
    </message>
    <message>
        <source>Area #{number} does not exist.</source>
        <translation>Bereich #{number} existiert nicht.</translation>
    </message>
    <message>
        <source>Ideas submitted</source>
        <translation>Eingereichte Ideen</translation>
    </message>
    <message>
        <source>Active people</source>
        <translation>Aktive Personen</translation>
    </message>
    <message>
        <source>Ideas per person per year</source>
        <translation>Ideen pro Person und Jahr</translation>
    </message>
    <message>
        <source>Participation</source>
        <translation>Beteiligung</translation>
    </message>
    <message>
        <source>Implementation rate</source>
        <translation>Umsetzungsquote</translation>
    </message>
    <message>
        <source>Median days to done</source>
        <translation>Median Tage bis erledigt</translation>
    </message>
    <message>
        <source>Validated savings</source>
        <translation>Bestätigte Einsparungen</translation>
    </message>
    <message>
        <source>Overdue actions at month end</source>
        <translation>Überfällige Maßnahmen</translation>
    </message>
    <message>
        <source>Stalled cards at month end</source>
        <translation>Festgefahrene Karten</translation>
    </message>
</context>
<context>
    <name>reports.list_export</name>
    <message>
        <source>The ideas are filtered with an idea filter.</source>
        <translation>Ideen werden mit einem Ideenfilter gefiltert.</translation>
    </message>
    <message>
        <source>Ideas</source>
        <translation>Ideen</translation>
    </message>
    <message>
        <source>The observations are filtered with an observation filter.</source>
        <translation>Beobachtungen werden mit einem Beobachtungsfilter gefiltert.</translation>
    </message>
    <message>
        <source>Waste walk</source>
        <translation>Verschwendungsrundgang</translation>
    </message>
    <message>
        <source>There is no list called {which!r}: ideas or observations.</source>
        <translation>Es gibt keine Liste namens {which!r}: ideas oder observations.</translation>
    </message>
    <message>
        <source>Export as csv or xlsx, not {fmt!r}.</source>
        <translation>Exportieren Sie als csv oder xlsx, nicht {fmt!r}.</translation>
    </message>
</context>
<context>
    <name>reports.pdf</name>
    <message>
        <source>{change} pts</source>
        <translation>{change} Pkt.</translation>
    </message>
    <message>
        <source>{site} · Improvement report</source>
        <translation>{site} · Verbesserungsbericht</translation>
    </message>
    <message>
        <source>Generated {moment} with Kaizen</source>
        <translation>Erstellt am {moment} mit Kaizen</translation>
    </message>
    <message>
        <source>Page {number} of {total}</source>
        <translation>Seite {number} von {total}</translation>
    </message>
    <message>
        <source>Improvement report</source>
        <translation>Verbesserungsbericht</translation>
    </message>
    <message>
        <source>{change} vs {month}</source>
        <translation>{change} ggü. {month}</translation>
    </message>
    <message>
        <source>at month end</source>
        <translation>am Monatsende</translation>
    </message>
    <message>
        <source>Year to date {value}</source>
        <translation>Seit Jahresbeginn {value}</translation>
    </message>
    <message>
        <source>The month in figures</source>
        <translation>Der Monat in Zahlen</translation>
    </message>
    <message>
        <source>{month} against {previous} and the year to date; money in {currency}.</source>
        <translation>{month} im Vergleich zu {previous} und seit Jahresbeginn; Beträge in {currency}.</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Veränderung</translation>
    </message>
    <message>
        <source>Year to date</source>
        <translation>Lfd. Jahr</translation>
    </message>
    <message>
        <source>Participation: active people who submitted an idea ÷ active people. Implementation rate: standardised ÷ decided (standardised, abandoned or rejected).</source>
        <translation>Beteiligung: aktive Personen mit eingereichter Idee ÷ aktive Personen. Umsetzungsquote: standardisiert ÷ entschieden (standardisiert, aufgegeben oder abgelehnt).</translation>
    </message>
    <message>
        <source>{changes} change completed ({standardised} standardised, {abandoned} abandoned); {real} of {tested} measured result a real improvement.</source>
        <translation>{changes} Änderung abgeschlossen ({standardised} standardisiert, {abandoned} aufgegeben); {real} von {tested} gemessenem Ergebnis eine echte Verbesserung.</translation>
    </message>
    <message>
        <source>{changes} change completed ({standardised} standardised, {abandoned} abandoned); {real} of {tested} measured results a real improvement.</source>
        <translation>{changes} Änderung abgeschlossen ({standardised} standardisiert, {abandoned} aufgegeben); {real} von {tested} gemessenen Ergebnissen eine echte Verbesserung.</translation>
    </message>
    <message>
        <source>{changes} changes completed ({standardised} standardised, {abandoned} abandoned); {real} of {tested} measured result a real improvement.</source>
        <translation>{changes} Änderungen abgeschlossen ({standardised} standardisiert, {abandoned} aufgegeben); {real} von {tested} gemessenem Ergebnis eine echte Verbesserung.</translation>
    </message>
    <message>
        <source>{changes} changes completed ({standardised} standardised, {abandoned} abandoned); {real} of {tested} measured results a real improvement.</source>
        <translation>{changes} Änderungen abgeschlossen ({standardised} standardisiert, {abandoned} aufgegeben); {real} von {tested} gemessenen Ergebnissen eine echte Verbesserung.</translation>
    </message>
    <message>
        <source>{open} cards open on the board at month end, {stalled} stalled ({days} days or more in one stage).</source>
        <translation>{open} Karten am Monatsende offen auf dem Board, {stalled} festgefahren ({days} Tage oder länger in einer Phase).</translation>
    </message>
    <message>
        <source>Costliest waste seen this month: {waste}, {cost} a year ({share}% of {total}).</source>
        <translation>Teuerste Verschwendung in diesem Monat: {waste}, {cost} pro Jahr ({share}&#xa0;% von {total}).</translation>
    </message>
    <message>
        <source>In brief</source>
        <translation>Kurz gefasst</translation>
    </message>
    <message>
        <source>Savings so far this year</source>
        <translation>Einsparungen in diesem Jahr bisher</translation>
    </message>
    <message>
        <source>Validated actual savings, stacked by kind, against the forecast; running totals from January, in {currency}.</source>
        <translation>Bestätigte Ist-Einsparungen, gestapelt nach Art, gegenüber der Prognose; laufende Summen ab Januar, in {currency}.</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Monat</translation>
    </message>
    <message>
        <source>Month total</source>
        <translation>Im Monat</translation>
    </message>
    <message>
        <source>Total so far</source>
        <translation>Kumuliert</translation>
    </message>
    <message>
        <source>Forecast so far</source>
        <translation>Prognose bisher</translation>
    </message>
    <message>
        <source>Only validated entries count as actual savings; corrections net into the month they correct. Forecasts are shown as planned.</source>
        <translation>Nur bestätigte Einträge zählen als Ist-Einsparungen; Korrekturen werden mit dem korrigierten Monat verrechnet. Prognosen werden wie geplant gezeigt.</translation>
    </message>
    <message>
        <source>Where waste cost most</source>
        <translation>Wo Verschwendung am meisten kostete</translation>
    </message>
    <message>
        <source>Waste observed in {month}, priced per year: (minutes lost × hourly rate + cost) × occurrences a week × 52.</source>
        <translation>Im {month} beobachtete Verschwendung, pro Jahr bewertet: (verlorene Minuten × Stundensatz + Kosten) × Vorkommen pro Woche × 52.</translation>
    </message>
    <message>
        <source>Waste</source>
        <translation>Verschwendung</translation>
    </message>
    <message>
        <source>Observations</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>Yearly cost ({currency})</source>
        <translation>Kosten/Jahr ({currency})</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Anteil</translation>
    </message>
    <message>
        <source>Cumulative share</source>
        <translation>Kumulierter Anteil</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>No waste was observed in this month.</source>
        <translation>In diesem Monat wurde keine Verschwendung beobachtet.</translation>
    </message>
</context>
<context>
    <name>reports.pdf_capability</name>
    <message>
        <source>Spread against the spec width, if centred</source>
        <translation>Streuung gegenüber der Toleranzbreite, falls zentriert</translation>
    </message>
    <message>
        <source>Spread and centring: the worse side</source>
        <translation>Streuung und Lage: die schlechtere Seite</translation>
    </message>
    <message>
        <source>As Cp, from the overall spread</source>
        <translation>Wie Cp, aus der Gesamtstreuung</translation>
    </message>
    <message>
        <source>As Cpk, from the overall spread</source>
        <translation>Wie Cpk, aus der Gesamtstreuung</translation>
    </message>
    <message>
        <source>Expected defects per million</source>
        <translation>Erwartete Fehler pro Million</translation>
    </message>
    <message>
        <source>Short-term sigma, 1.5-sigma shift</source>
        <translation>Kurzzeit-Sigma, 1,5-Sigma-Verschiebung</translation>
    </message>
    <message>
        <source>Sigma level</source>
        <translation>Sigma-Level</translation>
    </message>
    <message>
        <source>Idea and metric</source>
        <translation>Idee und Kennzahl</translation>
    </message>
    <message>
        <source>Specs</source>
        <translation>Spezifikation</translation>
    </message>
    <message>
        <source>Process capability (continued)</source>
        <translation>Prozessfähigkeit (Fortsetzung)</translation>
    </message>
    <message>
        <source>Process capability</source>
        <translation>Prozessfähigkeit</translation>
    </message>
    <message>
        <source>Metrics with spec limits of the changes completed in {month}. Each figure: before → after the change, green when better.</source>
        <translation>Kennzahlen mit Spezifikationsgrenzen der im {month} abgeschlossenen Änderungen. Jeder Wert: vorher → nach der Änderung, grün bei Verbesserung.</translation>
    </message>
    <message>
        <source>Capability: {metric}</source>
        <translation>Prozessfähigkeit: {metric}</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
    <message>
        <source>What it says</source>
        <translation>Bedeutung</translation>
    </message>
    <message>
        <source>Subgroups of {size}.</source>
        <translation>Untergruppen von {size}.</translation>
    </message>
</context>
<context>
    <name>reports.pdf_kpi</name>
    <message>
        <source>Process</source>
        <translation>Prozess</translation>
    </message>
    <message>
        <source>KPI</source>
        <translation>KPI</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Jetzt</translation>
    </message>
    <message>
        <source>Better by</source>
        <translation>Besser</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Process KPIs (continued)</source>
        <translation>Prozess-KPIs (Fortsetzung)</translation>
    </message>
    <message>
        <source>Process KPIs</source>
        <translation>Prozess-KPIs</translation>
    </message>
    <message>
        <source>Up to the end of {month}. Chart: {process}, {series}.</source>
        <translation>Bis Ende {month}. Diagramm: {process}, {series}.</translation>
    </message>
    <message>
        <source>Before and now: the centre line of the phase before the last completed change and of the newest phase (XmR, limits from each phase&apos;s first 20 points). Better by: the change in % of before, positive when better. Not holding: points signal on the worse side of the new level.</source>
        <translation>Vorher und jetzt: die Mittellinie der Phase vor der letzten abgeschlossenen Änderung und der neuesten Phase (XmR, Grenzen aus den ersten 20 Punkten jeder Phase). Besser: die Veränderung in % von vorher, positiv bei Verbesserung. Hält nicht: Punkte signalisieren auf der schlechteren Seite des neuen Niveaus.</translation>
    </message>
    <message>
        <source>{points} points, {changes} change(s)</source>
        <translation>{points} Punkte, {changes} Änderung(en)</translation>
    </message>
    <message>
        <source>Holding</source>
        <translation>Hält</translation>
    </message>
    <message>
        <source>Improvement not holding</source>
        <translation>Verbesserung hält nicht</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>Signal</translation>
    </message>
    <message>
        <source>No change yet</source>
        <translation>Noch keine Änderung</translation>
    </message>
    <message>
        <source>Too few points</source>
        <translation>Zu wenige Punkte</translation>
    </message>
</context>
<context>
    <name>reports.pdf_sections</name>
    <message>
        <source>Standardised {day}, {cycles} cycles · {area}</source>
        <translation>Standardisiert am {day}, {cycles} Zyklen · {area}</translation>
    </message>
    <message>
        <source>Abandoned {day}, {cycles} cycles · {area}</source>
        <translation>Aufgegeben am {day}, {cycles} Zyklen · {area}</translation>
    </message>
    <message>
        <source>Standardised {day} · {area}</source>
        <translation>Standardisiert am {day} · {area}</translation>
    </message>
    <message>
        <source>Abandoned {day} · {area}</source>
        <translation>Aufgegeben am {day} · {area}</translation>
    </message>
    <message>
        <source>No metric recorded</source>
        <translation>Keine Kennzahl erfasst</translation>
    </message>
    <message>
        <source>cycle {number}</source>
        <translation>Zyklus {number}</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Veränderung</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
    <message>
        <source>Better by</source>
        <translation>Besser</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <source>Changes completed (continued)</source>
        <translation>Abgeschlossene Änderungen (Fortsetzung)</translation>
    </message>
    <message>
        <source>Changes completed</source>
        <translation>Abgeschlossene Änderungen</translation>
    </message>
    <message>
        <source>Ideas closed in {month} as standardised or abandoned: each metric&apos;s mean before and after, and whether the difference is real (two-sided test at the 5% level).</source>
        <translation>Im {month} als standardisiert oder aufgegeben abgeschlossene Ideen: der Mittelwert jeder Kennzahl vorher und nachher und ob der Unterschied echt ist (zweiseitiger Test auf dem 5-%-Niveau).</translation>
    </message>
    <message>
        <source>No change was completed in this month.</source>
        <translation>In diesem Monat wurde keine Änderung abgeschlossen.</translation>
    </message>
    <message>
        <source>… and {extra} more: the first {limit} changes closed in the month are listed; the spreadsheet (XLSX) and the CSV list them all.</source>
        <translation>… und {extra} weitere: Die ersten {limit} im Monat abgeschlossenen Änderungen sind aufgeführt; die Tabelle (XLSX) und die CSV-Datei enthalten alle.</translation>
    </message>
    <message>
        <source>Before and after: the means. Better by: the change in % of before, positive when better; of the means for Welch&apos;s t-test, of the medians for the Mann-Whitney U test (chosen when the data are skewed or few). Real: p below 0.05.</source>
        <translation>Vorher und nachher: die Mittelwerte. Besser: die Veränderung in % von vorher, positiv bei Verbesserung; bei Welchs t-Test die der Mittelwerte, beim Mann-Whitney-U-Test die der Mediane (gewählt bei schiefen oder wenigen Daten). Echt: p unter 0,05.</translation>
    </message>
    <message>
        <source>Stalled item</source>
        <translation>Festgefahrener Eintrag</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Verantwortlich</translation>
    </message>
    <message>
        <source>In stage since</source>
        <translation>In Phase seit</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>Tage</translation>
    </message>
    <message>
        <source>the end of {month}</source>
        <translation>Ende {month}</translation>
    </message>
    <message>
        <source>The board at month end</source>
        <translation>Das Board am Monatsende</translation>
    </message>
    <message>
        <source>Cards open at {when}, by stage; Done counts the changes closed in the month.</source>
        <translation>Offene Karten am {when}, nach Phase; Erledigt zählt die im Monat abgeschlossenen Änderungen.</translation>
    </message>
    <message>
        <source>this month</source>
        <translation>diesen Monat</translation>
    </message>
    <message>
        <source>{count} stalled</source>
        <translation>{count} festgefahren</translation>
    </message>
    <message>
        <source>none stalled</source>
        <translation>keine festgefahren</translation>
    </message>
    <message>
        <source>Stalled: {count} card {days} days or more in one stage</source>
        <translation>Festgefahren: {count} Karte seit {days} Tagen oder länger in einer Phase</translation>
    </message>
    <message>
        <source>Stalled: {count} cards {days} days or more in one stage</source>
        <translation>Festgefahren: {count} Karten seit {days} Tagen oder länger in einer Phase</translation>
    </message>
    <message>
        <source>Nothing stalled: every open card moved within {days} days.</source>
        <translation>Nichts steckt fest: Jede offene Karte hat sich innerhalb von {days} Tagen bewegt.</translation>
    </message>
    <message>
        <source>The {count} longest waiting are listed; {extra} more are in the spreadsheet.</source>
        <translation>Die {count} am längsten wartenden sind aufgeführt; {extra} weitere stehen in der Tabelle.</translation>
    </message>
    <message>
        <source>Stalled items (continued)</source>
        <translation>Festgefahrene Einträge (Fortsetzung)</translation>
    </message>
    <message>
        <source>{days} days or more in one stage, longest waiting first.</source>
        <translation>{days} Tage oder länger in einer Phase, die am längsten wartenden zuerst.</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>Who suggested most in {month}, and how many took part in each area (an area counts the areas below it).</source>
        <translation>Wer im {month} am meisten vorgeschlagen hat und wie viele in jedem Bereich mitgemacht haben (ein Bereich zählt die Bereiche darunter mit).</translation>
    </message>
    <message>
        <source>Top contributors</source>
        <translation>Die aktivsten Personen</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Home area</source>
        <translation>Heimatbereich</translation>
    </message>
    <message>
        <source>Ideas this month</source>
        <translation>Ideen (Monat)</translation>
    </message>
    <message>
        <source>Implemented</source>
        <translation>Umgesetzt</translation>
    </message>
    <message>
        <source>Ideas this year</source>
        <translation>Ideen (Jahr)</translation>
    </message>
    <message>
        <source>Nobody submitted an idea in this month.</source>
        <translation>In diesem Monat hat niemand eine Idee eingereicht.</translation>
    </message>
    <message>
        <source>Participation by area</source>
        <translation>Beteiligung nach Bereich</translation>
    </message>
    <message>
        <source>Active people, who of them took part, and the ideas submitted.</source>
        <translation>Aktive Personen, wer von ihnen mitgemacht hat, und die eingereichten Ideen.</translation>
    </message>
    <message>
        <source>Active people</source>
        <translation>Aktive</translation>
    </message>
    <message>
        <source>Took part</source>
        <translation>Mitgemacht</translation>
    </message>
    <message>
        <source>Participation</source>
        <translation>Beteiligung</translation>
    </message>
    <message>
        <source>Ideas submitted</source>
        <translation>Eingereichte Ideen</translation>
    </message>
    <message>
        <source>… and {extra} more area: the spreadsheet lists every area.</source>
        <translation>… und {extra} weiterer Bereich: Die Tabelle listet alle Bereiche auf.</translation>
    </message>
    <message>
        <source>… and {extra} more areas: the spreadsheet lists every area.</source>
        <translation>… und {extra} weitere Bereiche: Die Tabelle listet alle Bereiche auf.</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idee</translation>
    </message>
    <message>
        <source>Thanks to</source>
        <translation>Dank an</translation>
    </message>
    <message>
        <source>Savings ({currency})</source>
        <translation>Gespart ({currency})</translation>
    </message>
    <message>
        <source>Thank you (continued)</source>
        <translation>Danke (Fortsetzung)</translation>
    </message>
    <message>
        <source>Thank you</source>
        <translation>Danke</translation>
    </message>
    <message>
        <source>The people behind the ideas standardised in {month}: who suggested them and who carried them through.</source>
        <translation>Die Menschen hinter den im {month} standardisierten Ideen: wer sie vorgeschlagen und wer sie umgesetzt hat.</translation>
    </message>
    <message>
        <source>No idea was standardised in this month.</source>
        <translation>In diesem Monat wurde keine Idee standardisiert.</translation>
    </message>
</context>
<context>
    <name>reports.xlsx</name>
    <message>
        <source>Process</source>
        <translation>Prozess</translation>
    </message>
    <message>
        <source>KPI</source>
        <translation>KPI</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <source>Better when</source>
        <translation>Besser, wenn</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Punkte</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
    <message>
        <source>Level before</source>
        <translation>Niveau vorher</translation>
    </message>
    <message>
        <source>Level now</source>
        <translation>Niveau jetzt</translation>
    </message>
    <message>
        <source>Better by</source>
        <translation>Besser um</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Last point</source>
        <translation>Letzter Punkt</translation>
    </message>
    <message>
        <source>Process KPIs</source>
        <translation>Prozess-KPIs</translation>
    </message>
    <message>
        <source>Capability</source>
        <translation>Prozessfähigkeit</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idee</translation>
    </message>
    <message>
        <source>sigma level (1.5-sigma shift)</source>
        <translation>Sigma-Niveau (1,5-Sigma-Verschiebung)</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Subgroup size</source>
        <translation>Untergruppengröße</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>Before {figure}</source>
        <translation>{figure} vorher</translation>
    </message>
    <message>
        <source>After {figure}</source>
        <translation>{figure} nachher</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Veränderung</translation>
    </message>
    <message>
        <source>Year to date</source>
        <translation>Seit Jahresbeginn</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>share</source>
        <translation>Anteil</translation>
    </message>
    <message>
        <source>money</source>
        <translation>Geld</translation>
    </message>
    <message>
        <source>days</source>
        <translation>Tage</translation>
    </message>
    <message>
        <source>ideas a year</source>
        <translation>Ideen pro Jahr</translation>
    </message>
    <message>
        <source>{kind}, at month end</source>
        <translation>{kind}, am Monatsende</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Monat</translation>
    </message>
    <message>
        <source>Month total</source>
        <translation>Monatssumme</translation>
    </message>
    <message>
        <source>Total so far</source>
        <translation>Gesamt bisher</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>Prognose</translation>
    </message>
    <message>
        <source>Forecast so far</source>
        <translation>Prognose bisher</translation>
    </message>
    <message>
        <source>Savings</source>
        <translation>Einsparungen</translation>
    </message>
    <message>
        <source>Waste</source>
        <translation>Verschwendung</translation>
    </message>
    <message>
        <source>Observations</source>
        <translation>Beobachtungen</translation>
    </message>
    <message>
        <source>Yearly cost</source>
        <translation>Jährliche Kosten</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Anteil</translation>
    </message>
    <message>
        <source>Cumulative share</source>
        <translation>Kumulierter Anteil</translation>
    </message>
    <message>
        <source>Waste Pareto</source>
        <translation>Verschwendung Pareto</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Verantwortlich</translation>
    </message>
    <message>
        <source>Submitted by</source>
        <translation>Eingereicht von</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Eingereicht</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Days to done</source>
        <translation>Tage bis erledigt</translation>
    </message>
    <message>
        <source>Cycles</source>
        <translation>Zyklen</translation>
    </message>
    <message>
        <source>Implementation cost</source>
        <translation>Umsetzungskosten</translation>
    </message>
    <message>
        <source>Validated savings to date</source>
        <translation>Bestätigte Einsparungen bis heute</translation>
    </message>
    <message>
        <source>Metric cycle</source>
        <translation>Zyklus der Kennzahl</translation>
    </message>
    <message>
        <source>Before n</source>
        <translation>n vorher</translation>
    </message>
    <message>
        <source>Before mean</source>
        <translation>Mittelwert vorher</translation>
    </message>
    <message>
        <source>Before median</source>
        <translation>Median vorher</translation>
    </message>
    <message>
        <source>After n</source>
        <translation>n nachher</translation>
    </message>
    <message>
        <source>After mean</source>
        <translation>Mittelwert nachher</translation>
    </message>
    <message>
        <source>After median</source>
        <translation>Median nachher</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>p-value</source>
        <translation>p-Wert</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <source>No metric recorded</source>
        <translation>Keine Kennzahl erfasst</translation>
    </message>
    <message>
        <source>Completed changes</source>
        <translation>Abgeschlossene Änderungen</translation>
    </message>
    <message>
        <source>Suggested by</source>
        <translation>Vorgeschlagen von</translation>
    </message>
    <message>
        <source>Implemented by</source>
        <translation>Umgesetzt von</translation>
    </message>
    <message>
        <source>Validated savings in the month</source>
        <translation>Bestätigte Einsparungen im Monat</translation>
    </message>
    <message>
        <source>Thank you</source>
        <translation>Danke</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>Karten</translation>
    </message>
    <message>
        <source>Stalled</source>
        <translation>Festgefahren</translation>
    </message>
    <message>
        <source>closed in the month</source>
        <translation>im Monat abgeschlossen</translation>
    </message>
    <message>
        <source>open at {moment}</source>
        <translation>offen am {moment}</translation>
    </message>
    <message>
        <source>Board</source>
        <translation>Board</translation>
    </message>
    <message>
        <source>Cycle</source>
        <translation>Zyklus</translation>
    </message>
    <message>
        <source>In stage since</source>
        <translation>In Phase seit</translation>
    </message>
    <message>
        <source>Days in stage</source>
        <translation>Tage in der Phase</translation>
    </message>
    <message>
        <source>Stalled items</source>
        <translation>Festgefahrene Einträge</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Home area</source>
        <translation>Heimatbereich</translation>
    </message>
    <message>
        <source>Ideas this month</source>
        <translation>Ideen diesen Monat</translation>
    </message>
    <message>
        <source>Implemented this month</source>
        <translation>Umgesetzt diesen Monat</translation>
    </message>
    <message>
        <source>Ideas this year</source>
        <translation>Ideen dieses Jahr</translation>
    </message>
    <message>
        <source>Top contributors</source>
        <translation>Die aktivsten Personen</translation>
    </message>
    <message>
        <source>Place in the tree</source>
        <translation>Ort im Baum</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Ebene</translation>
    </message>
    <message>
        <source>Active people</source>
        <translation>Aktive Personen</translation>
    </message>
    <message>
        <source>Took part</source>
        <translation>Haben mitgemacht</translation>
    </message>
    <message>
        <source>Participation</source>
        <translation>Beteiligung</translation>
    </message>
    <message>
        <source>Ideas submitted</source>
        <translation>Eingereichte Ideen</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Validated</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Validated by</source>
        <translation>Bestätigt von</translation>
    </message>
    <message>
        <source>Validated on</source>
        <translation>Bestätigt am</translation>
    </message>
    <message>
        <source>Corrects entry</source>
        <translation>Korrigiert Eintrag</translation>
    </message>
    <message>
        <source>Savings ledger</source>
        <translation>Einsparungsbuch</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Standort</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Währung</translation>
    </message>
    <message>
        <source>Stalled after (days)</source>
        <translation>Festgefahren nach (Tagen)</translation>
    </message>
    <message>
        <source>Generated</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Angabe</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>About</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>lower</source>
        <translation>niedriger</translation>
    </message>
    <message>
        <source>higher</source>
        <translation>höher</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
</context>
<context>
    <name>services.analytics</name>
    <message>
        <source>The dashboard filter is not a DashboardFilter.</source>
        <translation>Der Übersichtsfilter ist kein DashboardFilter.</translation>
    </message>
    <message>
        <source>The start of the period</source>
        <translation>Der Beginn des Zeitraums</translation>
    </message>
    <message>
        <source>The end of the period</source>
        <translation>Das Ende des Zeitraums</translation>
    </message>
    <message>
        <source>The period ends before it starts.</source>
        <translation>Der Zeitraum endet, bevor er beginnt.</translation>
    </message>
    <message>
        <source>An area</source>
        <translation>Ein Bereich</translation>
    </message>
    <message>
        <source>Area #{area_id} does not exist.</source>
        <translation>Bereich #{area_id} existiert nicht.</translation>
    </message>
    <message>
        <source>Pick a date.</source>
        <translation>Wählen Sie ein Datum.</translation>
    </message>
    <message>
        <source>Show between 1 and {max_months_back} months.</source>
        <translation>Zeigen Sie zwischen 1 und {max_months_back} Monaten.</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idee</translation>
    </message>
</context>
<context>
    <name>services.attachments</name>
    <message>
        <source>This is not a file.</source>
        <translation>Das ist keine Datei.</translation>
    </message>
    <message>
        <source>photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>Photos are given as a list of files.</source>
        <translation>Fotos werden als Liste von Dateien übergeben.</translation>
    </message>
    <message>
        <source>At most {max_photos} photos per record ({count} given).</source>
        <translation>Höchstens {max_photos} Fotos pro Datensatz ({count} angegeben).</translation>
    </message>
    <message>
        <source>the file does not exist.</source>
        <translation>die Datei existiert nicht.</translation>
    </message>
    <message>
        <source>this is not a file.</source>
        <translation>das ist keine Datei.</translation>
    </message>
    <message>
        <source>the file cannot be read ({reason}).</source>
        <translation>die Datei kann nicht gelesen werden ({reason}).</translation>
    </message>
    <message>
        <source>the file is empty.</source>
        <translation>die Datei ist leer.</translation>
    </message>
    <message>
        <source>the file is {size} MB; a photo can be at most {most} MB.</source>
        <translation>die Datei ist {size} MB groß; ein Foto darf höchstens {most} MB groß sein.</translation>
    </message>
    <message>
        <source>the picture is too large in pixels (more than {pixels}); it may be a decompression bomb.</source>
        <translation>das Bild hat zu viele Pixel (mehr als {pixels}); es könnte eine Dekompressionsbombe sein.</translation>
    </message>
    <message>
        <source>this is not a photo Kaizen can read (JPEG, PNG, WebP or GIF).</source>
        <translation>das ist kein Foto, das Kaizen lesen kann (JPEG, PNG, WebP oder GIF).</translation>
    </message>
    <message>
        <source>the photo is damaged and cannot be read.</source>
        <translation>das Foto ist beschädigt und kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>This photo&apos;s record is damaged (unknown file type); its file cannot be found.</source>
        <translation>Der Datensatz dieses Fotos ist beschädigt (unbekannter Dateityp); seine Datei kann nicht gefunden werden.</translation>
    </message>
    <message>
        <source>{display_name}: the file changed while it was being saved; add it again.</source>
        <translation>{display_name}: die Datei hat sich beim Speichern geändert; fügen Sie sie erneut hinzu.</translation>
    </message>
    <message>
        <source>At most {max_photos} photos per record ({count} already attached, {count2} more given).</source>
        <translation>Höchstens {max_photos} Fotos pro Datensatz ({count} bereits angehängt, {count2} weitere angegeben).</translation>
    </message>
    <message>
        <source>The file of photo {name} cannot be read: {reason}</source>
        <translation>Die Datei von Foto {name} kann nicht gelesen werden: {reason}</translation>
    </message>
    <message>
        <source>The file of photo {name} is missing: {file} is not in the data folder.</source>
        <translation>Die Datei von Foto {name} fehlt: {file} ist nicht im Datenordner.</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idee</translation>
    </message>
    <message>
        <source>Observation</source>
        <translation>Beobachtung</translation>
    </message>
    <message>
        <source>Staff can only change their own observations.</source>
        <translation>Mitarbeitende können nur ihre eigenen Beobachtungen ändern.</translation>
    </message>
    <message>
        <source>This observation already led to an idea; ask a supervisor to change it.</source>
        <translation>Diese Beobachtung hat bereits zu einer Idee geführt; bitten Sie einen Supervisor, sie zu ändern.</translation>
    </message>
    <message>
        <source>A photo belongs to one idea or one observation.</source>
        <translation>Ein Foto gehört zu einer Idee oder einer Beobachtung.</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>An observation</source>
        <translation>Eine Beobachtung</translation>
    </message>
    <message>
        <source>Photo {name}: {message}</source>
        <translation>Foto {name}: {message}</translation>
    </message>
    <message>
        <source>The file of photo {name} ({path}) cannot be read: {reason}.</source>
        <translation>Die Datei von Foto {name} ({path}) kann nicht gelesen werden: {reason}.</translation>
    </message>
    <message>
        <source>The file of photo {name} is missing: {path} is not in the data folder.</source>
        <translation>Die Datei von Foto {name} fehlt: {path} ist nicht im Datenordner.</translation>
    </message>
</context>
<context>
    <name>services.audit_trail</name>
    <message>
        <source>Name the kind of record.</source>
        <translation>Nennen Sie die Art des Datensatzes.</translation>
    </message>
    <message>
        <source>A record is picked by its number.</source>
        <translation>Ein Datensatz wird über seine Nummer gewählt.</translation>
    </message>
</context>
<context>
    <name>services.base</name>
    <message>
        <source>Pick an active person as who is working before making changes.</source>
        <translation>Wählen Sie eine aktive Person als die arbeitende Person, bevor Sie Änderungen vornehmen.</translation>
    </message>
    <message>
        <source>An idea</source>
        <translation>Eine Idee</translation>
    </message>
    <message>
        <source>{what} #{shown} does not exist (it may have been removed).</source>
        <translation>{what} #{shown} existiert nicht (möglicherweise wurde sie entfernt).</translation>
    </message>
</context>
<context>
    <name>services.board</name>
    <message>
        <source>Name the kind of record.</source>
        <translation>Nennen Sie die Art des Datensatzes.</translation>
    </message>
    <message>
        <source>A record</source>
        <translation>Ein Datensatz</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idee</translation>
    </message>
    <message>
        <source>An area</source>
        <translation>Ein Bereich</translation>
    </message>
    <message>
        <source>An owner</source>
        <translation>Ein Verantwortlicher</translation>
    </message>
    <message>
        <source>The person working</source>
        <translation>Die arbeitende Person</translation>
    </message>
    <message>
        <source>PDCA cycle</source>
        <translation>PDCA-Zyklus</translation>
    </message>
</context>
<context>
    <name>services.bulk_import</name>
    <message>
        <source>line {line}: {reason}</source>
        <translation>Zeile {line}: {reason}</translation>
    </message>
    <message>
        <source>Nothing was imported: {count} line refused.</source>
        <translation>Nichts wurde importiert: {count} Zeile abgelehnt.</translation>
    </message>
    <message>
        <source>Nothing was imported: {count} lines refused.</source>
        <translation>Nichts wurde importiert: {count} Zeilen abgelehnt.</translation>
    </message>
    <message>
        <source>column {column}: name the person</source>
        <translation>Spalte {column}: nennen Sie die Person</translation>
    </message>
    <message>
        <source>column {column}: nobody is called {text!r}</source>
        <translation>Spalte {column}: niemand heißt {text!r}</translation>
    </message>
    <message>
        <source>column {column}: {count} people are called {text!r}; use their badge number</source>
        <translation>Spalte {column}: {count} Personen heißen {text!r}; verwenden Sie ihre Ausweisnummer</translation>
    </message>
    <message>
        <source>column area: name the area</source>
        <translation>Spalte area: nennen Sie den Bereich</translation>
    </message>
    <message>
        <source>column area: no area is called {text!r}</source>
        <translation>Spalte area: kein Bereich heißt {text!r}</translation>
    </message>
    <message>
        <source>column area: more than one area is called {text!r}; give its place in the tree, e.g. &apos;Plant / Assembly&apos;</source>
        <translation>Spalte area: mehr als ein Bereich heißt {text!r}; geben Sie seinen Platz im Baum an, z. B. &apos;Werk / Montage&apos;</translation>
    </message>
    <message>
        <source>column {column}: {text!r} is not one of the seven wastes ({names})</source>
        <translation>Spalte {column}: {text!r} ist keine der sieben Verschwendungsarten ({names})</translation>
    </message>
    <message>
        <source>column {column}: {text!r} is not a whole number</source>
        <translation>Spalte {column}: {text!r} ist keine ganze Zahl</translation>
    </message>
    <message>
        <source>column {column}: {name} is no longer active</source>
        <translation>Spalte {column}: {name} ist nicht mehr aktiv</translation>
    </message>
    <message>
        <source>column {column}: {reason}</source>
        <translation>Spalte {column}: {reason}</translation>
    </message>
    <message>
        <source>column idea: {text!r} is not an idea number</source>
        <translation>Spalte idea: {text!r} ist keine Ideennummer</translation>
    </message>
    <message>
        <source>column phase: {text!r} is not before or after</source>
        <translation>Spalte phase: {text!r} ist weder before noch after</translation>
    </message>
    <message>
        <source>column value: the value is missing</source>
        <translation>Spalte value: der Wert fehlt</translation>
    </message>
    <message>
        <source>The measurement time</source>
        <translation>Der Messzeitpunkt</translation>
    </message>
    <message>
        <source>column idea: idea #{idea_id} does not exist</source>
        <translation>Spalte idea: Idee #{idea_id} existiert nicht</translation>
    </message>
    <message>
        <source>column metric: idea #{idea_id} has no metric called {name!r}</source>
        <translation>Spalte metric: Idee #{idea_id} hat keine Kennzahl namens {name!r}</translation>
    </message>
</context>
<context>
    <name>services.conflicts</name>
    <message>
        <source>changed by {name} at {at:%Y-%m-%d %H:%M}; </source>
        <translation>geändert von {name} am {at:%Y-%m-%d %H:%M}; </translation>
    </message>
    <message>
        <source>someone</source>
        <translation>jemandem</translation>
    </message>
</context>
<context>
    <name>services.csv_table</name>
    <message>
        <source>The file is empty.</source>
        <translation>Die Datei ist leer.</translation>
    </message>
    <message>
        <source>This is not a CSV text file (it holds binary data).</source>
        <translation>Das ist keine CSV-Textdatei (sie enthält Binärdaten).</translation>
    </message>
    <message>
        <source>At most {max_rows} lines at a time; split the file.</source>
        <translation>Höchstens {max_rows} Zeilen auf einmal; teilen Sie die Datei.</translation>
    </message>
    <message>
        <source>Line {line_num}: the file is not valid CSV ({exc}).</source>
        <translation>Zeile {line_num}: die Datei ist kein gültiges CSV ({exc}).</translation>
    </message>
    <message>
        <source>The file could not be read: {reason}.</source>
        <translation>Die Datei konnte nicht gelesen werden: {reason}.</translation>
    </message>
    <message>
        <source>Pick a CSV file.</source>
        <translation>Wählen Sie eine CSV-Datei.</translation>
    </message>
    <message>
        <source>The file is not valid UTF-16 text; save it as &apos;CSV UTF-8&apos;.</source>
        <translation>Die Datei ist kein gültiger UTF-16-Text; speichern Sie sie als &apos;CSV UTF-8&apos;.</translation>
    </message>
    <message>
        <source>Line {line}: the file is not UTF-8 text; save it as &apos;CSV UTF-8&apos;.</source>
        <translation>Zeile {line}: die Datei ist kein UTF-8-Text; speichern Sie sie als &apos;CSV UTF-8&apos;.</translation>
    </message>
    <message>
        <source>The file is {size} MB; at most {most} MB can be imported at a time.</source>
        <translation>Die Datei ist {size} MB groß; höchstens {most} MB können auf einmal importiert werden.</translation>
    </message>
    <message>
        <source>Line {header_line}, column {position}: unknown column {header!r}. The first line names the columns: {required} and optionally {optional}.</source>
        <translation>Zeile {header_line}, Spalte {position}: unbekannte Spalte {header!r}. Die erste Zeile nennt die Spalten: {required} und optional {optional}.</translation>
    </message>
    <message>
        <source>nothing else</source>
        <translation>sonst nichts</translation>
    </message>
    <message>
        <source>Line {header_line}: a column is named twice.</source>
        <translation>Zeile {header_line}: eine Spalte ist doppelt benannt.</translation>
    </message>
    <message>
        <source>Line {header_line}: the header has no {missing} column; it needs {required}.</source>
        <translation>Zeile {header_line}: der Kopfzeile fehlt die Spalte {missing}; sie braucht {required}.</translation>
    </message>
    <message>
        <source>Line {header_line}: the header has no {missing} columns; it needs {required}.</source>
        <translation>Zeile {header_line}: der Kopfzeile fehlen die Spalten {missing}; sie braucht {required}.</translation>
    </message>
    <message>
        <source>{fields} fields, but the header names {columns} columns</source>
        <translation>{fields} Felder, aber die Kopfzeile nennt {columns} Spalten</translation>
    </message>
    <message>
        <source>The file has a header but no data lines.</source>
        <translation>Die Datei hat eine Kopfzeile, aber keine Datenzeilen.</translation>
    </message>
    <message>
        <source>column {column}: {text!r} is not a number (e.g. {example})</source>
        <translation>Spalte {column}: {text!r} ist keine Zahl (z. B. {example})</translation>
    </message>
    <message>
        <source>column {column}: {text!r} is not a date (2026-03-31, 2026-03-31 14:05 or 31.03.2026 14:05)</source>
        <translation>Spalte {column}: {text!r} ist kein Datum (2026-03-31, 2026-03-31 14:05 oder 31.03.2026 14:05)</translation>
    </message>
</context>
<context>
    <name>services.event_logs</name>
    <message>
        <source>No such file: {path}</source>
        <translation>Datei nicht gefunden: {path}</translation>
    </message>
    <message>
        <source>Column names apply to CSV files only; an XES file names its attributes itself.</source>
        <translation>Spaltennamen gelten nur für CSV-Dateien; eine XES-Datei benennt ihre Attribute selbst.</translation>
    </message>
    <message>
        <source>The log holds no events.</source>
        <translation>Das Protokoll enthält keine Ereignisse.</translation>
    </message>
    <message>
        <source>Pick all or complete events.</source>
        <translation>Wählen Sie alle oder abgeschlossene Ereignisse.</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Prozess</translation>
    </message>
    <message>
        <source>The process {name!r} has no current-state map.</source>
        <translation>Der Prozess {name!r} hat keine Ist-Zustands-Landkarte.</translation>
    </message>
    <message>
        <source>The log&apos;s name</source>
        <translation>Der Name des Protokolls</translation>
    </message>
    <message>
        <source>An event log named &apos;{name}&apos; already exists: give another name, or delete that log first.</source>
        <translation>Ein Ereignisprotokoll namens &apos;{name}&apos; existiert bereits: geben Sie einen anderen Namen an oder löschen Sie zuerst dieses Protokoll.</translation>
    </message>
    <message>
        <source>There is no event log named &apos;{name}&apos;.</source>
        <translation>Es gibt kein Ereignisprotokoll namens &apos;{name}&apos;.</translation>
    </message>
</context>
<context>
    <name>services.inbox</name>
    <message>
        <source>Ideas to review</source>
        <translation>Zu prüfende Ideen</translation>
    </message>
    <message>
        <source>My overdue actions</source>
        <translation>Meine überfälligen Maßnahmen</translation>
    </message>
    <message>
        <source>Cards waiting on me</source>
        <translation>Karten, die auf mich warten</translation>
    </message>
    <message>
        <source>Savings to validate</source>
        <translation>Zu bestätigende Einsparungen</translation>
    </message>
    <message>
        <source>KPI signals on my processes</source>
        <translation>KPI-Signale meiner Prozesse</translation>
    </message>
    <message>
        <source>{status} since {created:%Y-%m-%d} · {area}</source>
        <translation>{status} seit {created:%Y-%m-%d} · {area}</translation>
    </message>
    <message>
        <source>Due {due:%Y-%m-%d}, {late} day late · #{idea_id} {title}</source>
        <translation>Fällig {due:%Y-%m-%d}, {late} Tag überfällig · #{idea_id} {title}</translation>
    </message>
    <message>
        <source>Due {due:%Y-%m-%d}, {late} days late · #{idea_id} {title}</source>
        <translation>Fällig {due:%Y-%m-%d}, {late} Tage überfällig · #{idea_id} {title}</translation>
    </message>
    <message>
        <source>In {stage} for {days} days (cycle {number})</source>
        <translation>Seit {days} Tagen in {stage} (Zyklus {number})</translation>
    </message>
    <message>
        <source>{month}: {amount} {kind} savings, not yet validated</source>
        <translation>{month}: {amount} Einsparungen ({kind}), noch nicht bestätigt</translation>
    </message>
</context>
<context>
    <name>services.kiosk</name>
    <message>
        <source>Enter the number on the badge.</source>
        <translation>Geben Sie die Nummer auf dem Ausweis ein.</translation>
    </message>
    <message>
        <source>A badge number is letters and digits, at most {max_badge} characters.</source>
        <translation>Eine Ausweisnummer besteht aus Buchstaben und Ziffern, höchstens {max_badge} Zeichen.</translation>
    </message>
    <message>
        <source>No one working here has the badge {badge}. Pick your name from the list, or ask an admin to add your badge number.</source>
        <translation>Niemand, der hier arbeitet, hat den Ausweis {badge}. Wählen Sie Ihren Namen aus der Liste oder bitten Sie einen Administrator, Ihre Ausweisnummer hinzuzufügen.</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>The badge {badge} already belongs to {name}.</source>
        <translation>Der Ausweis {badge} gehört bereits {name}.</translation>
    </message>
</context>
<context>
    <name>services.kpi_from_log</name>
    <message>
        <source>The KPI&apos;s name</source>
        <translation>Der Name des KPI</translation>
    </message>
    <message>
        <source>Pick the process the KPI belongs to.</source>
        <translation>Wählen Sie den Prozess, zu dem der KPI gehört.</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Prozess</translation>
    </message>
    <message>
        <source>The log &apos;{log_name}&apos; holds no case.</source>
        <translation>Das Protokoll &apos;{log_name}&apos; enthält keinen Fall.</translation>
    </message>
    <message>
        <source>The KPI {name!r} is kept in {kept}; the log gives {unit}: pick another series name.</source>
        <translation>Der KPI {name!r} wird in {kept} geführt; das Protokoll liefert {unit}: wählen Sie einen anderen Reihennamen.</translation>
    </message>
    <message>
        <source>no unit</source>
        <translation>keiner Einheit</translation>
    </message>
</context>
<context>
    <name>services.kpi_import</name>
    <message>
        <source>There are no KPI points in it.</source>
        <translation>Sie enthält keine KPI-Punkte.</translation>
    </message>
    <message>
        <source>This is not a CSV text file (it holds binary data).</source>
        <translation>Das ist keine CSV-Textdatei (sie enthält Binärdaten).</translation>
    </message>
    <message>
        <source>At most {max_rows} points at a time; split the file.</source>
        <translation>Höchstens {max_rows} Punkte auf einmal; teilen Sie die Datei.</translation>
    </message>
    <message>
        <source>Line {line_num}: not valid CSV ({exc}).</source>
        <translation>Zeile {line_num}: kein gültiges CSV ({exc}).</translation>
    </message>
    <message>
        <source>Line {records}: the columns are the time (at) and the value, e.g. &apos;2026-03-31,12.5&apos;.</source>
        <translation>Zeile {records}: die Spalten sind der Zeitpunkt (at) und der Wert, z. B. &apos;2026-03-31,12.5&apos;.</translation>
    </message>
    <message>
        <source>There is a header but no KPI points.</source>
        <translation>Es gibt eine Kopfzeile, aber keine KPI-Punkte.</translation>
    </message>
    <message>
        <source>Line {line}: expected 2 columns (at, value), found {count}.</source>
        <translation>Zeile {line}: 2 Spalten erwartet (at, value), {count} gefunden.</translation>
    </message>
    <message>
        <source>Line {line}: {text!r} is not an ISO date (2026-03-31 or 2026-03-31 14:05).</source>
        <translation>Zeile {line}: {text!r} ist kein ISO-Datum (2026-03-31 oder 2026-03-31 14:05).</translation>
    </message>
    <message>
        <source>Line {line}: {text!r} is not a number.</source>
        <translation>Zeile {line}: {text!r} ist keine Zahl.</translation>
    </message>
    <message>
        <source>(and maybe more)</source>
        <translation>(und vielleicht weitere)</translation>
    </message>
    <message>
        <source>Nothing was imported:</source>
        <translation>Nichts wurde importiert:</translation>
    </message>
</context>
<context>
    <name>services.kpis</name>
    <message>
        <source>Process</source>
        <translation>Prozess</translation>
    </message>
    <message>
        <source>A custom KPI needs a name, a unit and which direction is better.</source>
        <translation>Ein eigener KPI braucht einen Namen, eine Einheit und die Angabe, welche Richtung besser ist.</translation>
    </message>
    <message>
        <source>The KPI&apos;s name</source>
        <translation>Der Name des KPI</translation>
    </message>
    <message>
        <source>This process already has a KPI called {label!r}.</source>
        <translation>Dieser Prozess hat bereits einen KPI namens {label!r}.</translation>
    </message>
    <message>
        <source>The unit</source>
        <translation>Die Einheit</translation>
    </message>
    <message>
        <source>KPI</source>
        <translation>KPI</translation>
    </message>
    <message>
        <source>The KPI {name!r}</source>
        <translation>Der KPI {name!r}</translation>
    </message>
    <message>
        <source>Paste the points as text: a time and a value per line.</source>
        <translation>Fügen Sie die Punkte als Text ein: ein Zeitpunkt und ein Wert pro Zeile.</translation>
    </message>
    <message>
        <source>Holding</source>
        <translation>Hält</translation>
    </message>
    <message>
        <source>Improvement not holding</source>
        <translation>Verbesserung hält nicht</translation>
    </message>
    <message>
        <source>New bottleneck</source>
        <translation>Neuer Engpass</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>Signal</translation>
    </message>
    <message>
        <source>No change yet</source>
        <translation>Noch keine Änderung</translation>
    </message>
    <message>
        <source>Too few points</source>
        <translation>Zu wenige Punkte</translation>
    </message>
    <message>
        <source>{process}: {series} is drifting back since {since:%Y-%m-%d} after {change!r} ({count} point(s) on the worse side of the new level).</source>
        <translation>{process}: {series} fällt seit {since:%Y-%m-%d} zurück, nach {change!r} ({count} Punkt(e) auf der schlechteren Seite des neuen Niveaus).</translation>
    </message>
    <message>
        <source>{process}: the bottleneck is now {now!r}; it was {was!r} when {change!r} was completed on {completed:%Y-%m-%d}.</source>
        <translation>{process}: der Engpass ist jetzt {now!r}; er war {was!r}, als {change!r} am {completed:%Y-%m-%d} abgeschlossen wurde.</translation>
    </message>
    <message>
        <source>The KPI kind must be one of {kinds}.</source>
        <translation>Die KPI-Art muss eine von {kinds} sein.</translation>
    </message>
    <message>
        <source>Say whether lower or higher is better.</source>
        <translation>Geben Sie an, ob niedriger oder höher besser ist.</translation>
    </message>
    <message>
        <source>Unknown source of KPI points.</source>
        <translation>Unbekannte Quelle der KPI-Punkte.</translation>
    </message>
    <message>
        <source>Enter at least one KPI point (a time and a value).</source>
        <translation>Geben Sie mindestens einen KPI-Punkt ein (einen Zeitpunkt und einen Wert).</translation>
    </message>
    <message>
        <source>At most {max_points} points at a time ({count} given).</source>
        <translation>Höchstens {max_points} Punkte auf einmal ({count} angegeben).</translation>
    </message>
    <message>
        <source>Point {n} is not a time and a value.</source>
        <translation>Punkt {n} ist kein Zeitpunkt mit Wert.</translation>
    </message>
    <message>
        <source>Point {n}: the time must be a date and time.</source>
        <translation>Punkt {n}: der Zeitpunkt muss ein Datum mit Uhrzeit sein.</translation>
    </message>
    <message>
        <source>Point {n}: the value must be a finite number.</source>
        <translation>Punkt {n}: der Wert muss eine endliche Zahl sein.</translation>
    </message>
</context>
<context>
    <name>services.listing</name>
    <message>
        <source>The list filter is not an idea filter.</source>
        <translation>Der Listenfilter ist kein Ideenfilter.</translation>
    </message>
    <message>
        <source>A person</source>
        <translation>Eine Person</translation>
    </message>
    <message>
        <source>The list filter is not an observation filter.</source>
        <translation>Der Listenfilter ist kein Beobachtungsfilter.</translation>
    </message>
    <message>
        <source>An area</source>
        <translation>Ein Bereich</translation>
    </message>
    <message>
        <source>The start date</source>
        <translation>Das Startdatum</translation>
    </message>
    <message>
        <source>The end date</source>
        <translation>Das Enddatum</translation>
    </message>
    <message>
        <source>The end date is before the start date.</source>
        <translation>Das Enddatum liegt vor dem Startdatum.</translation>
    </message>
    <message>
        <source>Unknown value in the {field} filter.</source>
        <translation>Unbekannter Wert im Filter {field}.</translation>
    </message>
    <message>
        <source>The search is text.</source>
        <translation>Die Suche ist Text.</translation>
    </message>
    <message>
        <source>The list cannot be sorted by {value!r}.</source>
        <translation>Die Liste kann nicht nach {value!r} sortiert werden.</translation>
    </message>
</context>
<context>
    <name>services.measurement_import</name>
    <message>
        <source>Paste the measurements as text, one number per line.</source>
        <translation>Fügen Sie die Messwerte als Text ein, eine Zahl pro Zeile.</translation>
    </message>
    <message>
        <source>That is too much text to paste; import it as a CSV file.</source>
        <translation>Das ist zu viel Text zum Einfügen; importieren Sie ihn als CSV-Datei.</translation>
    </message>
    <message>
        <source>Paste at least one number.</source>
        <translation>Fügen Sie mindestens eine Zahl ein.</translation>
    </message>
    <message>
        <source>No number found in the pasted text.</source>
        <translation>Im eingefügten Text wurde keine Zahl gefunden.</translation>
    </message>
    <message>
        <source>more than one value on the line; paste a single column</source>
        <translation>mehr als ein Wert in der Zeile; fügen Sie eine einzelne Spalte ein</translation>
    </message>
    <message>
        <source>not a number as the rest of the column writes them (e.g. {example})</source>
        <translation>keine Zahl in der Schreibweise der übrigen Spalte (z. B. {example})</translation>
    </message>
    <message>
        <source>not a number</source>
        <translation>keine Zahl</translation>
    </message>
    <message>
        <source>The file has a header but no measurements.</source>
        <translation>Die Datei hat eine Kopfzeile, aber keine Messungen.</translation>
    </message>
    <message>
        <source>Line {line}: expected {expected} columns ({columns}), found {count}.</source>
        <translation>Zeile {line}: {expected} Spalten erwartet ({columns}), {count} gefunden.</translation>
    </message>
    <message>
        <source>(and maybe more)</source>
        <translation>(und vielleicht weitere)</translation>
    </message>
    <message>
        <source>The file was not imported:</source>
        <translation>Die Datei wurde nicht importiert:</translation>
    </message>
    <message>
        <source>At most {max_values} measurements at a time ({count} given).</source>
        <translation>Höchstens {max_values} Messungen auf einmal ({count} angegeben).</translation>
    </message>
    <message>
        <source>Line {line}, column {position}: unknown column {first!r}; the columns are phase, value and optionally measured_at: name them so in the first line, or leave the header out and keep that order.</source>
        <translation>Zeile {line}, Spalte {position}: unbekannte Spalte {first!r}; die Spalten sind phase, value und optional measured_at: benennen Sie sie so in der ersten Zeile, oder lassen Sie die Kopfzeile weg und behalten Sie diese Reihenfolge.</translation>
    </message>
    <message>
        <source>Line {line}: a column is named twice.</source>
        <translation>Zeile {line}: eine Spalte ist doppelt benannt.</translation>
    </message>
    <message>
        <source>Line {line}: the header has no {needed} column.</source>
        <translation>Zeile {line}: der Kopfzeile fehlt die Spalte {needed}.</translation>
    </message>
    <message>
        <source>Line {line}, column phase: {text!r} is not before or after.</source>
        <translation>Zeile {line}, Spalte phase: {text!r} ist weder before noch after.</translation>
    </message>
    <message>
        <source>Line {line}, column value: {text!r} is not a number.</source>
        <translation>Zeile {line}, Spalte value: {text!r} ist keine Zahl.</translation>
    </message>
    <message>
        <source>Line {line}, column measured_at: {text!r} is not a date (2026-03-31, 2026-03-31 14:05 or 31.03.2026 14:05).</source>
        <translation>Zeile {line}, Spalte measured_at: {text!r} ist kein Datum (2026-03-31, 2026-03-31 14:05 oder 31.03.2026 14:05).</translation>
    </message>
</context>
<context>
    <name>services.measurements</name>
    <message>
        <source>Idea</source>
        <translation>Idee</translation>
    </message>
    <message>
        <source>The metric name</source>
        <translation>Der Name der Kennzahl</translation>
    </message>
    <message>
        <source>The unit</source>
        <translation>Die Einheit</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>The measurement time</source>
        <translation>Der Messzeitpunkt</translation>
    </message>
    <message>
        <source>Say whether lower or higher is better.</source>
        <translation>Geben Sie an, ob niedriger oder höher besser ist.</translation>
    </message>
    <message>
        <source>Pick before or after.</source>
        <translation>Wählen Sie vorher oder nachher.</translation>
    </message>
    <message>
        <source>Give the measurements as a list of numbers.</source>
        <translation>Geben Sie die Messwerte als Liste von Zahlen an.</translation>
    </message>
    <message>
        <source>Enter at least one measurement.</source>
        <translation>Geben Sie mindestens eine Messung ein.</translation>
    </message>
    <message>
        <source>Value {position} is not a number.</source>
        <translation>Wert {position} ist keine Zahl.</translation>
    </message>
    <message>
        <source>Value {position} is not a finite number.</source>
        <translation>Wert {position} ist keine endliche Zahl.</translation>
    </message>
    <message>
        <source>Give the imported rows as a list.</source>
        <translation>Geben Sie die importierten Zeilen als Liste an.</translation>
    </message>
    <message>
        <source>The file holds no measurements.</source>
        <translation>Die Datei enthält keine Messungen.</translation>
    </message>
    <message>
        <source>Row {position}: pick before or after.</source>
        <translation>Zeile {position}: wählen Sie vorher oder nachher.</translation>
    </message>
    <message>
        <source>Row {position}: the value is not a finite number.</source>
        <translation>Zeile {position}: der Wert ist keine endliche Zahl.</translation>
    </message>
    <message>
        <source>Row {position}: the time is not a date and time.</source>
        <translation>Zeile {position}: der Zeitpunkt ist kein Datum mit Uhrzeit.</translation>
    </message>
    <message>
        <source>Row {position}: the time</source>
        <translation>Zeile {position}: der Zeitpunkt</translation>
    </message>
    <message>
        <source>{label} is out of range.</source>
        <translation>{label} liegt außerhalb des Bereichs.</translation>
    </message>
</context>
<context>
    <name>services.metric_statistics</name>
    <message>
        <source>Metric</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>There is no plan field called {name!r}.</source>
        <translation>Es gibt kein Planfeld namens {name!r}.</translation>
    </message>
    <message>
        <source>Pick Welch&apos;s t-test or the Mann-Whitney test.</source>
        <translation>Wählen Sie Welchs t-Test oder den Mann-Whitney-Test.</translation>
    </message>
    <message>
        <source>Say whether the test is one-sided.</source>
        <translation>Geben Sie an, ob der Test einseitig ist.</translation>
    </message>
    <message>
        <source>The subgroup size is a whole number from 1 to {max_subgroup}.</source>
        <translation>Die Untergruppengröße ist eine ganze Zahl von 1 bis {max_subgroup}.</translation>
    </message>
    <message>
        <source>Pick Western Electric or Nelson rules.</source>
        <translation>Wählen Sie die Western-Electric- oder die Nelson-Regeln.</translation>
    </message>
    <message>
        <source>Pick I-MR, X-bar/R, X-bar/S, a p or a u chart, or automatic.</source>
        <translation>Wählen Sie I-MR, X-quer/R, X-quer/S, eine p- oder u-Karte oder automatisch.</translation>
    </message>
    <message>
        <source>The items or units counted per measurement must be above 0.</source>
        <translation>Die pro Messung gezählten Einheiten müssen über 0 liegen.</translation>
    </message>
    <message>
        <source>A p or u chart needs how many items or units each measurement counted.</source>
        <translation>Eine p- oder u-Karte braucht die Anzahl der Einheiten, die jede Messung gezählt hat.</translation>
    </message>
    <message>
        <source>X-bar charts need subgroups of 2 or more values.</source>
        <translation>X-quer-Karten brauchen Untergruppen aus 2 oder mehr Werten.</translation>
    </message>
    <message>
        <source>The hoped-for change cannot be 0.</source>
        <translation>Die erhoffte Änderung darf nicht 0 sein.</translation>
    </message>
    <message>
        <source>The primary test and whether it is one-sided are fixed before the after-data exist; this metric already has {after_n} after-measurement.</source>
        <translation>Der primäre Test und ob er einseitig ist, stehen fest, bevor es Nachher-Daten gibt; diese Kennzahl hat bereits {after_n} Nachher-Messung.</translation>
    </message>
    <message>
        <source>The primary test and whether it is one-sided are fixed before the after-data exist; this metric already has {after_n} after-measurements.</source>
        <translation>Der primäre Test und ob er einseitig ist, stehen fest, bevor es Nachher-Daten gibt; diese Kennzahl hat bereits {after_n} Nachher-Messungen.</translation>
    </message>
    <message>
        <source>The idea has no metric with before and after measurements.</source>
        <translation>Die Idee hat keine Kennzahl mit Vorher- und Nachher-Messungen.</translation>
    </message>
    <message>
        <source>the primary test shows a significant improvement.</source>
        <translation>der primäre Test zeigt eine signifikante Verbesserung.</translation>
    </message>
    <message>
        <source>the control chart shows a sustained shift in the better direction after the change.</source>
        <translation>die Regelkarte zeigt nach der Änderung eine anhaltende Verschiebung in die bessere Richtung.</translation>
    </message>
    <message>
        <source>no proof yet: the primary test is not significant in the better direction and the chart shows no sustained shift.</source>
        <translation>noch kein Nachweis: der primäre Test ist in der besseren Richtung nicht signifikant, und die Karte zeigt keine anhaltende Verschiebung.</translation>
    </message>
    <message>
        <source>Capability needs at least {needed} values per phase.</source>
        <translation>Die Prozessfähigkeit braucht mindestens {needed} Werte pro Phase.</translation>
    </message>
    <message>
        <source>Enter a number, or leave it empty.</source>
        <translation>Geben Sie eine Zahl ein oder lassen Sie das Feld leer.</translation>
    </message>
</context>
<context>
    <name>services.observations</name>
    <message>
        <source>Unknown waste {category!r}.</source>
        <translation>Unbekannte Verschwendung {category!r}.</translation>
    </message>
    <message>
        <source>What was seen</source>
        <translation>Was beobachtet wurde</translation>
    </message>
    <message>
        <source>Minutes lost each time</source>
        <translation>Verlorene Minuten pro Mal</translation>
    </message>
    <message>
        <source>Times a week</source>
        <translation>Mal pro Woche</translation>
    </message>
    <message>
        <source>Cost each time</source>
        <translation>Kosten pro Mal</translation>
    </message>
    <message>
        <source>When it was seen</source>
        <translation>Wann es beobachtet wurde</translation>
    </message>
    <message>
        <source>Someone else changed observation #{id} while you were editing it ({changed_by_of}your copy is version {expected}, the saved one is version {version}). Reload it and make your change again.</source>
        <translation>Jemand anderes hat Beobachtung #{id} geändert, während Sie sie bearbeitet haben ({changed_by_of}Ihre Kopie ist Version {expected}, die gespeicherte ist Version {version}). Laden Sie sie neu und nehmen Sie Ihre Änderung erneut vor.</translation>
    </message>
    <message>
        <source>Staff can only change their own observations.</source>
        <translation>Mitarbeitende können nur ihre eigenen Beobachtungen ändern.</translation>
    </message>
    <message>
        <source>This observation already led to an idea; ask a supervisor to change it.</source>
        <translation>Diese Beobachtung hat bereits zu einer Idee geführt; bitten Sie einen Supervisor, sie zu ändern.</translation>
    </message>
    <message>
        <source>How many</source>
        <translation>Wie viele</translation>
    </message>
    <message>
        <source>The observations</source>
        <translation>Die Beobachtungen</translation>
    </message>
    <message>
        <source>Idea #{suggestion_id} does not exist.</source>
        <translation>Idee #{suggestion_id} existiert nicht.</translation>
    </message>
    <message>
        <source>This observation already led to idea #{suggestion_id}.</source>
        <translation>Diese Beobachtung hat bereits zu Idee #{suggestion_id} geführt.</translation>
    </message>
    <message>
        <source>Observation</source>
        <translation>Beobachtung</translation>
    </message>
    <message>
        <source>Seen {observed_at:%Y-%m-%d} in {area} ({category}): {minutes:g} min lost each time, {times:g} times a week</source>
        <translation>Beobachtet am {observed_at:%Y-%m-%d} in {area} ({category}): {minutes:g} Min. Verlust pro Mal, {times:g} Mal pro Woche</translation>
    </message>
    <message>
        <source>, plus {cost} {currency} each time</source>
        <translation>, zuzüglich {cost} {currency} pro Mal</translation>
    </message>
    <message>
        <source>. About {hours} hours and {cost} {currency} a year (at {rate} {currency}/h).</source>
        <translation>. Etwa {hours} Stunden und {cost} {currency} pro Jahr (bei {rate} {currency}/h).</translation>
    </message>
</context>
<context>
    <name>services.own_process_log</name>
    <message>
        <source>Kaizen&apos;s own improvement process</source>
        <translation>Kaizens eigener Verbesserungsprozess</translation>
    </message>
    <message>
        <source>Idea {status}</source>
        <translation>Idee {status}</translation>
    </message>
    <message>
        <source>Cycle {number}: {stage}</source>
        <translation>Zyklus {number}: {stage}</translation>
    </message>
    <message>
        <source>No idea has been submitted yet: Kaizen&apos;s own improvement process has no events to mine.</source>
        <translation>Noch wurde keine Idee eingereicht: Kaizens eigener Verbesserungsprozess hat keine Ereignisse für Process Mining.</translation>
    </message>
</context>
<context>
    <name>services.pdca</name>
    <message>
        <source>PDCA cycle</source>
        <translation>PDCA-Zyklus</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idee</translation>
    </message>
    <message>
        <source>The problem statement</source>
        <translation>Die Problembeschreibung</translation>
    </message>
    <message>
        <source>The root cause</source>
        <translation>Die Grundursache</translation>
    </message>
    <message>
        <source>The target metric</source>
        <translation>Die Zielkennzahl</translation>
    </message>
    <message>
        <source>The starting value</source>
        <translation>Der Ausgangswert</translation>
    </message>
    <message>
        <source>The target value</source>
        <translation>Der Zielwert</translation>
    </message>
    <message>
        <source>The target date</source>
        <translation>Das Zieldatum</translation>
    </message>
    <message>
        <source>The countermeasure</source>
        <translation>Die Gegenmaßnahme</translation>
    </message>
    <message>
        <source>The cycle is past Plan, so the plan must stay complete. {sentence}</source>
        <translation>Der Zyklus ist über Planen hinaus, daher muss der Plan vollständig bleiben. {sentence}</translation>
    </message>
    <message>
        <source>The action</source>
        <translation>Die Maßnahme</translation>
    </message>
    <message>
        <source>Pick an active person as the owner.</source>
        <translation>Wählen Sie eine aktive Person als Verantwortliche(n).</translation>
    </message>
    <message>
        <source>The due date</source>
        <translation>Das Fälligkeitsdatum</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Maßnahme</translation>
    </message>
    <message>
        <source>Staff can only tick the actions they own.</source>
        <translation>Mitarbeitende können nur ihre eigenen Maßnahmen abhaken.</translation>
    </message>
    <message>
        <source>The check result is written in Check or Act; this cycle is in {label}.</source>
        <translation>Das Prüfergebnis wird in Prüfen oder Handeln geschrieben; dieser Zyklus ist in {label}.</translation>
    </message>
    <message>
        <source>The check result</source>
        <translation>Das Prüfergebnis</translation>
    </message>
    <message>
        <source>The decision is taken in Act; this cycle is in {label}.</source>
        <translation>Die Entscheidung fällt in Handeln; dieser Zyklus ist in {label}.</translation>
    </message>
    <message>
        <source>Choose adopt, adapt or abandon.</source>
        <translation>Wählen Sie übernehmen, anpassen oder aufgeben.</translation>
    </message>
    <message>
        <source>The standard change</source>
        <translation>Die Standardänderung</translation>
    </message>
    <message>
        <source>The note to share</source>
        <translation>Die Notiz zum Teilen</translation>
    </message>
    <message>
        <source>To adopt, describe the standard that changed (work instruction, layout, checklist...).</source>
        <translation>Zum Übernehmen beschreiben Sie den geänderten Standard (Arbeitsanweisung, Layout, Checkliste...).</translation>
    </message>
    <message>
        <source>To abandon, say why and what others can learn from it.</source>
        <translation>Zum Aufgeben sagen Sie, warum, und was andere daraus lernen können.</translation>
    </message>
    <message>
        <source>Pick a PDCA stage.</source>
        <translation>Wählen Sie eine PDCA-Phase.</translation>
    </message>
    <message>
        <source>Cycle {number} cannot move from {current} to {target}:</source>
        <translation>Zyklus {number} kann nicht von {current} nach {target} wechseln:</translation>
    </message>
    <message>
        <source>The note</source>
        <translation>Die Notiz</translation>
    </message>
    <message>
        <source>Say why the cycle goes back from {current} to {target}.</source>
        <translation>Sagen Sie, warum der Zyklus von {current} zurück nach {target} geht.</translation>
    </message>
    <message>
        <source>Adapted from cycle {number}.</source>
        <translation>Angepasst aus Zyklus {number}.</translation>
    </message>
    <message>
        <source> Learning: {learning}</source>
        <translation> Erkenntnis: {learning}</translation>
    </message>
    <message>
        <source>This idea is {status}; its PDCA cycles can no longer change.</source>
        <translation>Diese Idee ist {status}; ihre PDCA-Zyklen können sich nicht mehr ändern.</translation>
    </message>
    <message>
        <source>Cycle {number} is closed and can no longer change.</source>
        <translation>Zyklus {number} ist abgeschlossen und kann sich nicht mehr ändern.</translation>
    </message>
    <message>
        <source>Cycle {number} was changed by someone else; reload it and try again.</source>
        <translation>Zyklus {number} wurde von jemand anderem geändert; laden Sie ihn neu und versuchen Sie es noch einmal.</translation>
    </message>
    <message>
        <source>Cycle {number} was changed by {name} at {at:%Y-%m-%d %H:%M}; reload it and try again.</source>
        <translation>Zyklus {number} wurde von {name} am {at:%Y-%m-%d %H:%M} geändert; laden Sie ihn neu und versuchen Sie es noch einmal.</translation>
    </message>
    <message>
        <source>someone else</source>
        <translation>jemand anderem</translation>
    </message>
    <message>
        <source>The whys are a list of short texts.</source>
        <translation>Die Warum-Fragen sind eine Liste kurzer Texte.</translation>
    </message>
    <message>
        <source>Each why</source>
        <translation>Jedes Warum</translation>
    </message>
    <message>
        <source>Ask at most {max_whys} whys ({count} given).</source>
        <translation>Fragen Sie höchstens {max_whys} Mal warum ({count} angegeben).</translation>
    </message>
    <message>
        <source>Actions change in Plan or Do; this cycle is in {label}. Move it back to Do to change its actions.</source>
        <translation>Maßnahmen ändern sich in Planen oder Umsetzen; dieser Zyklus ist in {label}. Schieben Sie ihn zurück nach Umsetzen, um seine Maßnahmen zu ändern.</translation>
    </message>
</context>
<context>
    <name>services.people</name>
    <message>
        <source>The badge {badge} already belongs to {name}.</source>
        <translation>Der Ausweis {badge} gehört bereits {name}.</translation>
    </message>
    <message>
        <source>Someone else changed {name} while you were editing it ({changed_by_of}your copy is version {expected}, the saved one is version {version}). Reload it and make your change again.</source>
        <translation>Jemand anderes hat {name} geändert, während Sie bearbeitet haben ({changed_by_of}Ihre Kopie ist Version {expected}, die gespeicherte ist Version {version}). Laden Sie neu und nehmen Sie Ihre Änderung erneut vor.</translation>
    </message>
    <message>
        <source>Someone else changed the area {name} while you were editing it ({changed_by_of}your copy is version {expected}, the saved one is version {version}). Reload it and make your change again.</source>
        <translation>Jemand anderes hat den Bereich {name} geändert, während Sie ihn bearbeitet haben ({changed_by_of}Ihre Kopie ist Version {expected}, die gespeicherte ist Version {version}). Laden Sie ihn neu und nehmen Sie Ihre Änderung erneut vor.</translation>
    </message>
    <message>
        <source>Someone else changed the site settings while you were editing them ({changed_by}your copy is version {expected}, the saved one is version {version}). Reload them and make your change again.</source>
        <translation>Jemand anderes hat die Standorteinstellungen geändert, während Sie sie bearbeitet haben ({changed_by}Ihre Kopie ist Version {expected}, die gespeicherte ist Version {version}). Laden Sie sie neu und nehmen Sie Ihre Änderung erneut vor.</translation>
    </message>
    <message>
        <source>Enter a PIN.</source>
        <translation>Geben Sie eine PIN ein.</translation>
    </message>
    <message>
        <source>A PIN is made of digits only.</source>
        <translation>Eine PIN besteht nur aus Ziffern.</translation>
    </message>
    <message>
        <source>Unknown role {role!r}.</source>
        <translation>Unbekannte Rolle {role!r}.</translation>
    </message>
    <message>
        <source>Pick an active area as home area.</source>
        <translation>Wählen Sie einen aktiven Bereich als Heimatbereich.</translation>
    </message>
    <message>
        <source>Kaizen is already set up; an admin adds people from now on.</source>
        <translation>Kaizen ist bereits eingerichtet; ab jetzt fügt ein Administrator Personen hinzu.</translation>
    </message>
    <message>
        <source>Site name</source>
        <translation>Standortname</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>A {role} signs in with a PIN; set one for {name} first.</source>
        <translation>Ein(e) {role} meldet sich mit einer PIN an; legen Sie zuerst eine für {name} fest.</translation>
    </message>
    <message>
        <source>{name} is the last active admin; make someone else an admin first.</source>
        <translation>{name} ist der letzte aktive Administrator; machen Sie zuerst jemand anderen zum Administrator.</translation>
    </message>
    <message>
        <source>You cannot deactivate yourself; ask another admin.</source>
        <translation>Sie können sich nicht selbst deaktivieren; bitten Sie einen anderen Administrator.</translation>
    </message>
    <message>
        <source>{name} is the last active admin and must stay active.</source>
        <translation>{name} ist der letzte aktive Administrator und muss aktiv bleiben.</translation>
    </message>
    <message>
        <source>This person is not active; pick someone else.</source>
        <translation>Diese Person ist nicht aktiv; wählen Sie jemand anderen.</translation>
    </message>
    <message>
        <source>Too many wrong PINs for {name}. Try again in {wait} seconds.</source>
        <translation>Zu viele falsche PINs für {name}. Versuchen Sie es in {wait} Sekunden erneut.</translation>
    </message>
    <message>
        <source>{name} has no PIN yet; ask an admin to set one.</source>
        <translation>{name} hat noch keine PIN; bitten Sie einen Administrator, eine festzulegen.</translation>
    </message>
    <message>
        <source>Enter the PIN of {name}.</source>
        <translation>Geben Sie die PIN von {name} ein.</translation>
    </message>
    <message>
        <source>Wrong PIN. After {failures} wrong PINs in a row {name} is locked out; try again in {seconds} seconds.</source>
        <translation>Falsche PIN. Nach {failures} falschen PINs in Folge ist {name} gesperrt; versuchen Sie es in {seconds} Sekunden erneut.</translation>
    </message>
    <message>
        <source>Wrong PIN. {left} more wrong try and {name} is locked out for a minute.</source>
        <translation>Falsche PIN. Noch {left} falscher Versuch, dann ist {name} für eine Minute gesperrt.</translation>
    </message>
    <message>
        <source>Wrong PIN. {left} more wrong tries and {name} is locked out for a minute.</source>
        <translation>Falsche PIN. Noch {left} falsche Versuche, dann ist {name} für eine Minute gesperrt.</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Unknown kind of area {kind!r}.</source>
        <translation>Unbekannte Bereichsart {kind!r}.</translation>
    </message>
    <message>
        <source>Hourly rate</source>
        <translation>Stundensatz</translation>
    </message>
    <message>
        <source>{name} still has active areas under it; retire those first.</source>
        <translation>{name} hat noch aktive untergeordnete Bereiche; stellen Sie diese zuerst still.</translation>
    </message>
    <message>
        <source>{name} is retired; bring it back first.</source>
        <translation>{name} ist stillgelegt; reaktivieren Sie ihn zuerst.</translation>
    </message>
    <message>
        <source>Pick the area this one belongs to.</source>
        <translation>Wählen Sie den Bereich, zu dem dieser gehört.</translation>
    </message>
    <message>
        <source>A site is the top of the tree and has no parent.</source>
        <translation>Ein Standort ist die Spitze des Baums und hat kein übergeordnetes Element.</translation>
    </message>
    <message>
        <source>Area #{parent_id} does not exist.</source>
        <translation>Bereich #{parent_id} existiert nicht.</translation>
    </message>
    <message>
        <source>{name} is retired; pick an active area.</source>
        <translation>{name} ist stillgelegt; wählen Sie einen aktiven Bereich.</translation>
    </message>
    <message>
        <source>An area cannot be moved under itself or one of its own areas.</source>
        <translation>Ein Bereich kann nicht unter sich selbst oder einen seiner eigenen Bereiche verschoben werden.</translation>
    </message>
    <message>
        <source>There is already an area called {name} here.</source>
        <translation>Hier gibt es bereits einen Bereich namens {name}.</translation>
    </message>
    <message>
        <source>{label} must be a whole number of days.</source>
        <translation>{label} muss eine ganze Zahl von Tagen sein.</translation>
    </message>
    <message>
        <source>{label} must be between 1 and 3,650 days.</source>
        <translation>{label} muss zwischen 1 und 3.650 Tagen liegen.</translation>
    </message>
    <message>
        <source>The idle time is a whole number of minutes.</source>
        <translation>Die Leerlaufzeit ist eine ganze Zahl von Minuten.</translation>
    </message>
    <message>
        <source>Sign out after 1 to {max_idle_minutes} idle minutes, or 0 for never.</source>
        <translation>Abmelden nach 1 bis {max_idle_minutes} Minuten Leerlauf, oder 0 für nie.</translation>
    </message>
    <message>
        <source>A currency is a three-letter code such as EUR.</source>
        <translation>Eine Währung ist ein Code aus drei Buchstaben wie EUR.</translation>
    </message>
    <message>
        <source>Default hourly rate</source>
        <translation>Standard-Stundensatz</translation>
    </message>
    <message>
        <source>Stale after</source>
        <translation>Veraltet nach</translation>
    </message>
    <message>
        <source>Ageing after</source>
        <translation>Alternd nach</translation>
    </message>
    <message>
        <source>Pick Western Electric or Nelson rules.</source>
        <translation>Wählen Sie die Western-Electric- oder die Nelson-Regeln.</translation>
    </message>
    <message>
        <source>Pick one of the languages in the list.</source>
        <translation>Wählen Sie eine der Sprachen aus der Liste.</translation>
    </message>
    <message>
        <source>Tick the box or leave it clear (yes or no).</source>
        <translation>Setzen Sie das Häkchen oder lassen Sie es leer (ja oder nein).</translation>
    </message>
    <message>
        <source>There is no setting called {key!r}.</source>
        <translation>Es gibt keine Einstellung namens {key!r}.</translation>
    </message>
    <message>
        <source>Work turns stale after {stale} days, so it must start ageing no later than that.</source>
        <translation>Arbeit veraltet nach {stale} Tagen, daher muss sie spätestens dann zu altern beginnen.</translation>
    </message>
</context>
<context>
    <name>services.processes</name>
    <message>
        <source>The map is larger than {max_document_chars} characters.</source>
        <translation>Die Landkarte ist größer als {max_document_chars} Zeichen.</translation>
    </message>
    <message>
        <source>The process&apos;s name</source>
        <translation>Der Name des Prozesses</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Prozess</translation>
    </message>
    <message>
        <source>Process {name!r}</source>
        <translation>Prozess {name!r}</translation>
    </message>
    <message>
        <source>The description</source>
        <translation>Die Beschreibung</translation>
    </message>
    <message>
        <source>No process is called {name!r}. Processes: {known}.</source>
        <translation>Kein Prozess heißt {name!r}. Prozesse: {known}.</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>noch keine</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Landkarte</translation>
    </message>
    <message>
        <source>The map {name!r}</source>
        <translation>Die Landkarte {name!r}</translation>
    </message>
    <message>
        <source>The map&apos;s name</source>
        <translation>Der Name der Landkarte</translation>
    </message>
    <message>
        <source>Only a future-state map can be carried by an idea.</source>
        <translation>Nur eine Soll-Zustands-Landkarte kann von einer Idee getragen werden.</translation>
    </message>
    <message>
        <source>The current state cannot be removed on its own; remove the process to remove it.</source>
        <translation>Der Ist-Zustand kann nicht allein entfernt werden; entfernen Sie den Prozess, um ihn zu entfernen.</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Observation</source>
        <translation>Beobachtung</translation>
    </message>
    <message>
        <source>observations</source>
        <translation>Beobachtungen</translation>
    </message>
    <message>
        <source>ideas</source>
        <translation>Ideen</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Verknüpfung</translation>
    </message>
    <message>
        <source>links</source>
        <translation>Verknüpfungen</translation>
    </message>
    <message>
        <source>A process is already called {text!r}; pick another name.</source>
        <translation>Ein Prozess heißt bereits {text!r}; wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>Renames must map old step names to new ones.</source>
        <translation>Umbenennungen müssen alte Schrittnamen auf neue abbilden.</translation>
    </message>
    <message>
        <source>The map has no step {old!r} to rename.</source>
        <translation>Die Landkarte hat keinen Schritt {old!r} zum Umbenennen.</translation>
    </message>
    <message>
        <source>The renamed step {new!r} is not in the map.</source>
        <translation>Der umbenannte Schritt {new!r} ist nicht in der Landkarte.</translation>
    </message>
    <message>
        <source>Two steps are renamed to {new!r}.</source>
        <translation>Zwei Schritte werden in {new!r} umbenannt.</translation>
    </message>
    <message>
        <source>Pick the area the process belongs to.</source>
        <translation>Wählen Sie den Bereich, zu dem der Prozess gehört.</translation>
    </message>
    <message>
        <source>Pick an idea.</source>
        <translation>Wählen Sie eine Idee.</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idee</translation>
    </message>
    <message>
        <source>Staff can only link their own {what} to a step.</source>
        <translation>Mitarbeitende können nur ihre eigenen {what} mit einem Schritt verknüpfen.</translation>
    </message>
    <message>
        <source>{label} was changed while you were working on it ({changed_by_of}your copy is version {expected}, the saved one is version {version}). Reload it and make your change again.</source>
        <translation>{label} wurde geändert, während Sie daran gearbeitet haben ({changed_by_of}Ihre Kopie ist Version {expected}, die gespeicherte ist Version {version}). Laden Sie neu und nehmen Sie Ihre Änderung erneut vor.</translation>
    </message>
</context>
<context>
    <name>services.recognition</name>
    <message>
        <source>{submitter} (suggested) and {owner} (implemented)</source>
        <translation>{submitter} (vorgeschlagen) und {owner} (umgesetzt)</translation>
    </message>
</context>
<context>
    <name>services.savings</name>
    <message>
        <source>Idea</source>
        <translation>Idee</translation>
    </message>
    <message>
        <source>The note</source>
        <translation>Die Notiz</translation>
    </message>
    <message>
        <source>Savings entry</source>
        <translation>Einsparungseintrag</translation>
    </message>
    <message>
        <source>Someone else changed this savings entry while you were editing it ({changed_by_of}nothing of yours was saved). Reload it and make your change again.</source>
        <translation>Jemand anderes hat diesen Einsparungseintrag geändert, während Sie ihn bearbeitet haben ({changed_by_of}nichts von Ihnen wurde gespeichert). Laden Sie ihn neu und nehmen Sie Ihre Änderung erneut vor.</translation>
    </message>
    <message>
        <source>A correction is an actual, not a forecast.</source>
        <translation>Eine Korrektur ist ein Istwert, keine Prognose.</translation>
    </message>
    <message>
        <source>A forecast cannot be validated; record the actual amount once the month is over and validate that.</source>
        <translation>Eine Prognose kann nicht bestätigt werden; erfassen Sie nach Monatsende den tatsächlichen Betrag und bestätigen Sie diesen.</translation>
    </message>
    <message>
        <source>This entry is already {validated_by}.</source>
        <translation>Dieser Eintrag ist bereits {validated_by}.</translation>
    </message>
    <message>
        <source>The reason</source>
        <translation>Die Begründung</translation>
    </message>
    <message>
        <source>Savings follow proof, and there is none yet: {proof} Write why these savings should be validated anyway (the reason is recorded).</source>
        <translation>Einsparungen folgen dem Nachweis, und es gibt noch keinen: {proof} Schreiben Sie, warum diese Einsparungen trotzdem bestätigt werden sollen (die Begründung wird protokolliert).</translation>
    </message>
    <message>
        <source>This entry is not validated yet; edit it instead of adding a correction.</source>
        <translation>Dieser Eintrag ist noch nicht bestätigt; bearbeiten Sie ihn, statt eine Korrektur hinzuzufügen.</translation>
    </message>
    <message>
        <source>A correction changes the amount; it cannot be 0.</source>
        <translation>Eine Korrektur ändert den Betrag; sie darf nicht 0 sein.</translation>
    </message>
    <message>
        <source>The reason for the correction</source>
        <translation>Die Begründung der Korrektur</translation>
    </message>
    <message>
        <source>The last month comes before the first.</source>
        <translation>Der letzte Monat liegt vor dem ersten.</translation>
    </message>
    <message>
        <source>You entered or changed this entry, so a second person must validate it. (A one-person site can allow this in Site settings.)</source>
        <translation>Sie haben diesen Eintrag erfasst oder geändert, daher muss eine zweite Person ihn bestätigen. (Ein Standort mit nur einer Person kann dies in den Standorteinstellungen erlauben.)</translation>
    </message>
    <message>
        <source>Savings are validated once the change has reached Check; this idea has no PDCA cycle yet.</source>
        <translation>Einsparungen werden bestätigt, sobald die Änderung Prüfen erreicht hat; diese Idee hat noch keinen PDCA-Zyklus.</translation>
    </message>
    <message>
        <source>Savings are validated once the change has reached Check; cycle {number} is still in {stage}.</source>
        <translation>Einsparungen werden bestätigt, sobald die Änderung Prüfen erreicht hat; Zyklus {number} ist noch in {stage}.</translation>
    </message>
    <message>
        <source>The amount must be a number.</source>
        <translation>Der Betrag muss eine Zahl sein.</translation>
    </message>
    <message>
        <source>The amount cannot be larger than {max_amount:g}.</source>
        <translation>Der Betrag darf nicht größer als {max_amount:g} sein.</translation>
    </message>
    <message>
        <source>The amount must be a finite number.</source>
        <translation>Der Betrag muss eine endliche Zahl sein.</translation>
    </message>
    <message>
        <source>Savings cannot be negative; to reduce a validated amount, add a correction.</source>
        <translation>Einsparungen können nicht negativ sein; um einen bestätigten Betrag zu verringern, fügen Sie eine Korrektur hinzu.</translation>
    </message>
    <message>
        <source>Pick hard, soft or avoidance.</source>
        <translation>Wählen Sie hart, weich oder vermieden.</translation>
    </message>
    <message>
        <source>a supervisor</source>
        <translation>einem Supervisor</translation>
    </message>
    <message>
        <source>validated by {name} on {at:%Y-%m-%d}</source>
        <translation>bestätigt von {name} am {at:%Y-%m-%d}</translation>
    </message>
    <message>
        <source>validated by {name}</source>
        <translation>bestätigt von {name}</translation>
    </message>
    <message>
        <source>This entry was {validated} and is locked; add a correction instead.</source>
        <translation>Dieser Eintrag wurde {validated} und ist gesperrt; fügen Sie stattdessen eine Korrektur hinzu.</translation>
    </message>
</context>
<context>
    <name>services.scenarios</name>
    <message>
        <source>The scenario does not shorten the lead time, so it forecasts no savings.</source>
        <translation>Das Szenario verkürzt die Durchlaufzeit nicht und prognostiziert daher keine Einsparungen.</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Landkarte</translation>
    </message>
    <message>
        <source>The scenario&apos;s name</source>
        <translation>Der Name des Szenarios</translation>
    </message>
    <message>
        <source>The map already has a scenario called {label!r}.</source>
        <translation>Die Landkarte hat bereits ein Szenario namens {label!r}.</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Szenario</translation>
    </message>
    <message>
        <source>The scenario {name!r}</source>
        <translation>Das Szenario {name!r}</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idee</translation>
    </message>
    <message>
        <source>Run the scenario before attaching it as a forecast.</source>
        <translation>Führen Sie das Szenario aus, bevor Sie es als Prognose anhängen.</translation>
    </message>
    <message>
        <source>The process has no lead-time KPI to check.</source>
        <translation>Der Prozess hat keinen Durchlaufzeit-KPI zum Prüfen.</translation>
    </message>
    <message>
        <source>Attach the scenario to an idea first.</source>
        <translation>Hängen Sie das Szenario zuerst an eine Idee.</translation>
    </message>
    <message>
        <source>The change is not made yet (its idea is not standardised).</source>
        <translation>Die Änderung ist noch nicht umgesetzt (ihre Idee ist nicht standardisiert).</translation>
    </message>
    <message>
        <source>The KPI needs points before and after the change.</source>
        <translation>Der KPI braucht Punkte vor und nach der Änderung.</translation>
    </message>
    <message>
        <source>The changes are a list.</source>
        <translation>Die Änderungen sind eine Liste.</translation>
    </message>
</context>
<context>
    <name>services.suggestions</name>
    <message>
        <source>Pick the wastes from the list.</source>
        <translation>Wählen Sie die Verschwendungsarten aus der Liste.</translation>
    </message>
    <message>
        <source>Unknown waste {value!r}.</source>
        <translation>Unbekannte Verschwendung {value!r}.</translation>
    </message>
    <message>
        <source>Pick an active area.</source>
        <translation>Wählen Sie einen aktiven Bereich.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>Vorschlag</translation>
    </message>
    <message>
        <source>Expected savings</source>
        <translation>Erwartete Einsparungen</translation>
    </message>
    <message>
        <source>Implementation cost</source>
        <translation>Umsetzungskosten</translation>
    </message>
    <message>
        <source>Someone else changed idea #{id} while you were looking at it ({changed_by_of}your copy is version {expected}, the saved one is version {version}). Reload it and make your change again.</source>
        <translation>Jemand anderes hat Idee #{id} geändert, während Sie sie angesehen haben ({changed_by_of}Ihre Kopie ist Version {expected}, die gespeicherte ist Version {version}). Laden Sie sie neu und nehmen Sie Ihre Änderung erneut vor.</translation>
    </message>
    <message>
        <source>Idea #{id} is {status}; only an idea that is {names} can be {past}.</source>
        <translation>Idee #{id} ist {status}; nur eine Idee, die {names} ist, kann {past} werden.</translation>
    </message>
    <message>
        <source>Idea #{id} accepted.</source>
        <translation>Idee #{id} angenommen.</translation>
    </message>
    <message>
        <source>Idea #{id} rejected.</source>
        <translation>Idee #{id} abgelehnt.</translation>
    </message>
    <message>
        <source>Idea #{id} sent back.</source>
        <translation>Idee #{id} zurückgeschickt.</translation>
    </message>
    <message>
        <source>Idea #{id} taken into review.</source>
        <translation>Idee #{id} in Prüfung genommen.</translation>
    </message>
    <message>
        <source>taken into review</source>
        <translation>in Prüfung genommen</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>sent back</source>
        <translation>zurückgeschickt</translation>
    </message>
    <message>
        <source>How many</source>
        <translation>Wie viele</translation>
    </message>
    <message>
        <source>The ideas</source>
        <translation>Die Ideen</translation>
    </message>
    <message>
        <source>The title is text.</source>
        <translation>Der Titel ist Text.</translation>
    </message>
    <message>
        <source>Ask for 1 to 50 similar ideas.</source>
        <translation>Fragen Sie nach 1 bis 50 ähnlichen Ideen.</translation>
    </message>
    <message>
        <source>Unknown review action {action!r}.</source>
        <translation>Unbekannte Prüfaktion {action!r}.</translation>
    </message>
    <message>
        <source>Pick the ideas to review.</source>
        <translation>Wählen Sie die zu prüfenden Ideen.</translation>
    </message>
    <message>
        <source>A reason</source>
        <translation>Eine Begründung</translation>
    </message>
    <message>
        <source>A note</source>
        <translation>Eine Notiz</translation>
    </message>
    <message>
        <source>Idea #{id} is {status}; it can no longer be assigned.</source>
        <translation>Idee #{id} ist {status}; sie kann nicht mehr zugewiesen werden.</translation>
    </message>
    <message>
        <source>A comment</source>
        <translation>Ein Kommentar</translation>
    </message>
    <message>
        <source>The comment replied to is not on this idea.</source>
        <translation>Der beantwortete Kommentar gehört nicht zu dieser Idee.</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idee</translation>
    </message>
    <message>
        <source>Pick an active person as owner.</source>
        <translation>Wählen Sie eine aktive Person als Verantwortliche(n).</translation>
    </message>
    <message>
        <source>A due date</source>
        <translation>Ein Fälligkeitsdatum</translation>
    </message>
    <message>
        <source>A due date must be a date.</source>
        <translation>Ein Fälligkeitsdatum muss ein Datum sein.</translation>
    </message>
    <message>
        <source>A due date cannot be in the past.</source>
        <translation>Ein Fälligkeitsdatum darf nicht in der Vergangenheit liegen.</translation>
    </message>
</context>
<context>
    <name>services.undo</name>
    <message>
        <source>starting the review</source>
        <translation>der Beginn der Prüfung</translation>
    </message>
    <message>
        <source>the accept</source>
        <translation>die Annahme</translation>
    </message>
    <message>
        <source>the rejection</source>
        <translation>die Ablehnung</translation>
    </message>
    <message>
        <source>the send-back</source>
        <translation>die Rücksendung</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idee</translation>
    </message>
    <message>
        <source>idea #{id}</source>
        <translation>Idee #{id}</translation>
    </message>
    <message>
        <source>Idea #{suggestion_id}</source>
        <translation>Idee #{suggestion_id}</translation>
    </message>
    <message>
        <source>Undone {action}: idea #{id} is {status} again.</source>
        <translation>Rückgängig gemacht: {action}. Idee #{id} ist wieder {status}.</translation>
    </message>
    <message>
        <source>PDCA cycle</source>
        <translation>PDCA-Zyklus</translation>
    </message>
    <message>
        <source>cycle {number}</source>
        <translation>Zyklus {number}</translation>
    </message>
    <message>
        <source>Cycle {number}</source>
        <translation>Zyklus {number}</translation>
    </message>
    <message>
        <source>Cycle {number} is closed and its decision applied: a closed cycle is never reopened. Start a new cycle instead.</source>
        <translation>Zyklus {number} ist abgeschlossen und seine Entscheidung angewendet: ein abgeschlossener Zyklus wird nie wieder geöffnet. Beginnen Sie stattdessen einen neuen Zyklus.</translation>
    </message>
    <message>
        <source>There is no move of cycle {number} to undo.</source>
        <translation>Es gibt keinen Wechsel von Zyklus {number}, der rückgängig gemacht werden kann.</translation>
    </message>
    <message>
        <source>Undo of the move to {stage}.</source>
        <translation>Rücknahme des Wechsels nach {stage}.</translation>
    </message>
    <message>
        <source>Undone: cycle {number} of idea #{id} is back in {stage}.</source>
        <translation>Rückgängig gemacht: Zyklus {number} von Idee #{id} ist wieder in {stage}.</translation>
    </message>
    <message>
        <source>There is nothing of yours to undo on {what}: the last change there was not your decision or move.</source>
        <translation>Bei {what} gibt es nichts von Ihnen rückgängig zu machen: die letzte Änderung dort war nicht Ihre Entscheidung oder Ihr Wechsel.</translation>
    </message>
    <message>
        <source>Too late to undo on {what}: an undo is possible for {undo_seconds} seconds. Change it back by hand instead.</source>
        <translation>Zu spät zum Rückgängigmachen bei {what}: Rückgängig ist {undo_seconds} Sekunden lang möglich. Ändern Sie es stattdessen von Hand zurück.</translation>
    </message>
    <message>
        <source>{what} changed since (version {version}, not {expected}): nothing was undone. Reload it and change it back by hand.</source>
        <translation>{what} hat sich seitdem geändert (Version {version}, nicht {expected}): nichts wurde rückgängig gemacht. Laden Sie neu und ändern Sie es von Hand zurück.</translation>
    </message>
    <message>
        <source>Idea #{id} already has more than one PDCA cycle: nothing was undone.</source>
        <translation>Idee #{id} hat bereits mehr als einen PDCA-Zyklus: nichts wurde rückgängig gemacht.</translation>
    </message>
    <message>
        <source>Cycle {number} of idea #{id} was already worked on: undoing the accept would lose that work, so nothing was undone.</source>
        <translation>Zyklus {number} von Idee #{id} wurde bereits bearbeitet: die Annahme rückgängig zu machen, würde diese Arbeit verlieren, daher wurde nichts rückgängig gemacht.</translation>
    </message>
</context>
<context>
    <name>simulation.calibrate</name>
    <message>
        <source>Calibrated from the event log</source>
        <translation>Aus dem Ereignisprotokoll kalibriert</translation>
    </message>
    <message>
        <source>time_unit must be one of {names}.</source>
        <translation>time_unit muss eines von {names} sein.</translation>
    </message>
    <message>
        <source>The log has no events to calibrate from.</source>
        <translation>Das Protokoll hat keine Ereignisse zum Kalibrieren.</translation>
    </message>
    <message>
        <source>No activity instance could be read from the log (a log with start events needs their complete events).</source>
        <translation>Aus dem Protokoll konnte keine Aktivitätsinstanz gelesen werden (ein Protokoll mit Start-Ereignissen braucht deren Abschluss-Ereignisse).</translation>
    </message>
    <message>
        <source>The log needs at least two cases at different times to estimate the arrivals.</source>
        <translation>Das Protokoll braucht mindestens zwei Fälle zu verschiedenen Zeiten, um die Ankünfte zu schätzen.</translation>
    </message>
</context>
<context>
    <name>simulation.change_doc</name>
    <message>
        <source>A change is an object with a &quot;change&quot; kind.</source>
        <translation>Eine Änderung ist ein Objekt mit der Art &quot;change&quot;.</translation>
    </message>
    <message>
        <source>A change&apos;s kind is one of {kinds}.</source>
        <translation>Die Art einer Änderung ist eine von {kinds}.</translation>
    </message>
    <message>
        <source>The change {change} needs {fields}.</source>
        <translation>Die Änderung {change} braucht {fields}.</translation>
    </message>
    <message>
        <source>The changes are a list.</source>
        <translation>Die Änderungen sind eine Liste.</translation>
    </message>
    <message>
        <source>Remove step {step}</source>
        <translation>Schritt {step} entfernen</translation>
    </message>
    <message>
        <source>Add step {name}</source>
        <translation>Schritt {name} hinzufügen</translation>
    </message>
    <message>
        <source>Take {count} resource from {step}</source>
        <translation>{count} Ressource von {step} abziehen</translation>
    </message>
    <message>
        <source>Take {count} resources from {step}</source>
        <translation>{count} Ressourcen von {step} abziehen</translation>
    </message>
    <message>
        <source>Add {count} resource to {step}</source>
        <translation>{count} Ressource zu {step} hinzufügen</translation>
    </message>
    <message>
        <source>Add {count} resources to {step}</source>
        <translation>{count} Ressourcen zu {step} hinzufügen</translation>
    </message>
    <message>
        <source>{step}: duration x {factor:.3g}</source>
        <translation>{step}: Dauer x {factor:.3g}</translation>
    </message>
    <message>
        <source>{step}: duration set to {distribution}</source>
        <translation>{step}: Dauer auf {distribution} gesetzt</translation>
    </message>
    <message>
        <source>Reroute {source} to {targets}</source>
        <translation>{source} umleiten nach {targets}</translation>
    </message>
    <message>
        <source>Demand x {factor:.3g}</source>
        <translation>Nachfrage x {factor:.3g}</translation>
    </message>
</context>
<context>
    <name>simulation.runner</name>
    <message>
        <source>replications must be a whole number from 1 to {most}.</source>
        <translation>replications muss eine ganze Zahl von 1 bis {most} sein.</translation>
    </message>
    <message>
        <source>seed must be a whole number of 0 or more.</source>
        <translation>seed muss eine ganze Zahl ab 0 sein.</translation>
    </message>
    <message>
        <source>arrivals: the time between arrivals averages 0, so endless cases would arrive at once; give it a mean above 0.</source>
        <translation>arrivals: Die Zeit zwischen Ankünften beträgt im Mittel 0, es kämen also endlos viele Fälle auf einmal; geben Sie einen Mittelwert über 0 an.</translation>
    </message>
    <message>
        <source>horizon: {horizon} {units} bring about {cases} cases per replication; at most {most} are simulated. Shorten the horizon.</source>
        <translation>horizon: {horizon} {units} ergeben etwa {cases} Fälle pro Replikation; höchstens {most} werden simuliert. Verkürzen Sie den Horizont.</translation>
    </message>
    <message>
        <source>warmup must be a time of 0 or more, below the horizon ({horizon} {units}).</source>
        <translation>warmup muss eine Zeit ab 0 sein, unterhalb des Horizonts ({horizon} {units}).</translation>
    </message>
    <message>
        <source>{name} must be a time above 0 (in {units}).</source>
        <translation>{name} muss eine Zeit über 0 sein (in {units}).</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>Minuten</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>Stunden</translation>
    </message>
    <message>
        <source>days</source>
        <translation>Tage</translation>
    </message>
</context>
<context>
    <name>simulation.scenario</name>
    <message>
        <source>The scenario changes step &quot;{name}&quot;, which the model does not have.</source>
        <translation>Das Szenario ändert den Schritt &quot;{name}&quot;, den das Modell nicht hat.</translation>
    </message>
    <message>
        <source>{what} must be a number above 0.</source>
        <translation>{what} muss eine Zahl über 0 sein.</translation>
    </message>
    <message>
        <source>Step &quot;{name}&quot; only leads back to itself.</source>
        <translation>Schritt &quot;{name}&quot; führt nur zu sich selbst zurück.</translation>
    </message>
    <message>
        <source>The resources to add must be a whole number.</source>
        <translation>Die hinzuzufügenden Ressourcen müssen eine ganze Zahl sein.</translation>
    </message>
    <message>
        <source>The duration factor</source>
        <translation>Der Dauerfaktor</translation>
    </message>
    <message>
        <source>Rerouting &quot;{source}&quot; needs at least one target.</source>
        <translation>Das Umleiten von &quot;{source}&quot; braucht mindestens ein Ziel.</translation>
    </message>
    <message>
        <source>The demand factor</source>
        <translation>Der Nachfragefaktor</translation>
    </message>
    <message>
        <source>The model has no arrivals or demand to change.</source>
        <translation>Das Modell hat keine Ankünfte oder Nachfrage, die sich ändern ließen.</translation>
    </message>
</context>
<context>
    <name>simulation.stability</name>
    <message>
        <source>The model has no arrivals (and no demand) to simulate: add &quot;arrivals&quot;.</source>
        <translation>Das Modell hat keine Ankünfte (und keine Nachfrage) zum Simulieren: Fügen Sie &quot;arrivals&quot; hinzu.</translation>
    </message>
    <message>
        <source>Step &quot;{name}&quot; is loaded at {load:.0%} (arrivals x visits x mean duration / resources): its queue will grow for as long as the run lasts, so its waits and the lead time depend on the horizon. Add resources, shorten it or lower the demand.</source>
        <translation>Schritt &quot;{name}&quot; ist zu {load:.0%} ausgelastet (Ankünfte x Besuche x mittlere Dauer / Ressourcen): Seine Warteschlange wächst, solange der Lauf dauert, daher hängen seine Wartezeiten und die Durchlaufzeit vom Horizont ab. Fügen Sie Ressourcen hinzu, verkürzen Sie ihn oder senken Sie die Nachfrage.</translation>
    </message>
</context>
<context>
    <name>ui.admin</name>
    <message>
        <source>Only admins can change people and areas</source>
        <translation>Nur Administratoren können Personen und Bereiche ändern</translation>
    </message>
    <message>
        <source>Pick who is working first</source>
        <translation>Wählen Sie zuerst, wer arbeitet</translation>
    </message>
</context>
<context>
    <name>ui.admin.area_dialog</name>
    <message>
        <source>None: top of the tree</source>
        <translation>Keiner: oberste Ebene</translation>
    </message>
    <message>
        <source>Edit area</source>
        <translation>Bereich bearbeiten</translation>
    </message>
    <message>
        <source>Add area</source>
        <translation>Bereich hinzufügen</translation>
    </message>
    <message>
        <source>Add an area</source>
        <translation>Einen Bereich hinzufügen</translation>
    </message>
    <message>
        <source>Under {path}.</source>
        <translation>Unter {path}.</translation>
    </message>
    <message>
        <source>A new site, at the top of the tree.</source>
        <translation>Ein neuer Standort, auf oberster Ebene.</translation>
    </message>
    <message>
        <source>e.g. Line C, Paint shop</source>
        <translation>z. B. Linie C, Lackiererei</translation>
    </message>
    <message>
        <source>{currency} per hour</source>
        <translation>{currency} pro Stunde</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Belongs to</source>
        <translation>Gehört zu</translation>
    </message>
    <message>
        <source>Hourly rate</source>
        <translation>Stundensatz</translation>
    </message>
    <message>
        <source>The kind of an area is fixed once it exists</source>
        <translation>Die Art eines Bereichs ist nach dem Anlegen fest</translation>
    </message>
    <message>
        <source>the site default</source>
        <translation>Standardwert des Standorts</translation>
    </message>
    <message>
        <source>A site is the top of the tree</source>
        <translation>Ein Standort ist die oberste Ebene</translation>
    </message>
    <message>
        <source>Leave empty to inherit {money} from {source}.</source>
        <translation>Leer lassen: übernimmt {money} ({source}).</translation>
    </message>
    <message>
        <source>{path}, hourly rate inherited</source>
        <translation>{path}, Stundensatz geerbt</translation>
    </message>
    <message>
        <source>{path}, hourly rate {rate} per hour</source>
        <translation>{path}, Stundensatz {rate} pro Stunde</translation>
    </message>
</context>
<context>
    <name>ui.admin.dialog</name>
    <message>
        <source>Type the {label} as a number, e.g. 38.50.</source>
        <translation>{label}: bitte als Zahl eingeben, z. B. 38,50.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>{action} (Enter)</source>
        <translation>{action} (Eingabetaste)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Close without saving (Esc)</source>
        <translation>Ohne Speichern schließen (Esc)</translation>
    </message>
    <message>
        <source>Reloaded. Saved now: {now}. Your changes are still in the form: check them and save again.</source>
        <translation>Neu geladen. Jetzt gespeichert: {now}. Ihre Änderungen stehen noch im Formular: prüfen Sie sie und speichern Sie erneut.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
</context>
<context>
    <name>ui.admin.person_dialog</name>
    <message>
        <source>The two PINs differ; type the same PIN in both fields.</source>
        <translation>Die beiden PINs unterscheiden sich; geben Sie in beiden Feldern dieselbe PIN ein.</translation>
    </message>
    <message>
        <source>4 to 12 digits. Kaizen keeps only a salted hash of it, never the PIN itself.</source>
        <translation>4 bis 12 Ziffern. Kaizen speichert nur einen gesalzenen Hash davon, nie die PIN selbst.</translation>
    </message>
    <message>
        <source>Someone else changed {name} while you were editing (your copy is version {yours}, the saved one is version {saved}). Close this dialog, and edit again.</source>
        <translation>Jemand anderes hat {name} geändert, während Sie bearbeitet haben (Ihre Kopie ist Version {yours}, die gespeicherte ist Version {saved}). Schließen Sie diesen Dialog und bearbeiten Sie erneut.</translation>
    </message>
    <message>
        <source>{name} (retired)</source>
        <translation>{name} (stillgelegt)</translation>
    </message>
    <message>
        <source>Edit person</source>
        <translation>Person bearbeiten</translation>
    </message>
    <message>
        <source>Change the name, role or home area. Leave the PIN empty to keep it.</source>
        <translation>Name, Rolle oder Heimatbereich ändern. Lassen Sie die PIN leer, um sie zu behalten.</translation>
    </message>
    <message>
        <source>Add person</source>
        <translation>Person hinzufügen</translation>
    </message>
    <message>
        <source>Add a person</source>
        <translation>Eine Person hinzufügen</translation>
    </message>
    <message>
        <source>Staff pick themselves as who is working; supervisors and admins confirm with a PIN.</source>
        <translation>Mitarbeitende wählen sich selbst als arbeitende Person; Supervisoren und Administratoren bestätigen mit einer PIN.</translation>
    </message>
    <message>
        <source>First and last name</source>
        <translation>Vor- und Nachname</translation>
    </message>
    <message>
        <source>No home area</source>
        <translation>Kein Heimatbereich</translation>
    </message>
    <message>
        <source>e.g. 10482</source>
        <translation>z. B. 10482</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Same PIN again</source>
        <translation>Dieselbe PIN noch einmal</translation>
    </message>
    <message>
        <source>Active: can be picked as who is working</source>
        <translation>Aktiv: kann als arbeitende Person gewählt werden</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Home area</source>
        <translation>Heimatbereich</translation>
    </message>
    <message>
        <source>Optional: the number on their badge, for the kiosk. Empty: none.</source>
        <translation>Optional: die Nummer auf dem Ausweis, für den Kiosk. Leer: keine.</translation>
    </message>
    <message>
        <source>Badge number</source>
        <translation>Ausweisnummer</translation>
    </message>
    <message>
        <source>Confirm PIN</source>
        <translation>PIN bestätigen</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Empty: keep the current PIN</source>
        <translation>Leer: aktuelle PIN behalten</translation>
    </message>
    <message>
        <source>Required for an admin</source>
        <translation>Für Administratoren erforderlich</translation>
    </message>
    <message>
        <source>Required for a supervisor</source>
        <translation>Für Supervisoren erforderlich</translation>
    </message>
    <message>
        <source>Optional for staff</source>
        <translation>Für Mitarbeitende optional</translation>
    </message>
    <message>
        <source>The new PIN replaces their current PIN; they use it to confirm who is working.</source>
        <translation>Die neue PIN ersetzt die aktuelle PIN; damit bestätigt die Person, wer arbeitet.</translation>
    </message>
    <message>
        <source>The new PIN is their first PIN; they use it to confirm who is working.</source>
        <translation>Die neue PIN ist die erste PIN der Person; damit bestätigt sie, wer arbeitet.</translation>
    </message>
    <message>
        <source>Set PIN</source>
        <translation>PIN festlegen</translation>
    </message>
    <message>
        <source>Set a PIN for {name}</source>
        <translation>PIN für {name} festlegen</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>Neue PIN</translation>
    </message>
</context>
<context>
    <name>ui.admin.settings_dialog</name>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>{currency} per hour</source>
        <translation>{currency} pro Stunde</translation>
    </message>
    <message>
        <source>Site settings</source>
        <translation>Standorteinstellungen</translation>
    </message>
    <message>
        <source>Used everywhere amounts, rates and the board&apos;s colours are shown.</source>
        <translation>Gilt überall, wo Beträge, Sätze und die Farben des Boards erscheinen.</translation>
    </message>
    <message>
        <source>e.g. Riverside Plant</source>
        <translation>z. B. Werk Flussufer</translation>
    </message>
    <message>
        <source> minutes</source>
        <translation> Minuten</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>One person may enter and validate savings</source>
        <translation>Ohne zweite Person bestätigen</translation>
    </message>
    <message>
        <source>Thank people in the monthly report</source>
        <translation>Im Monatsbericht Danke sagen</translation>
    </message>
    <message>
        <source>Site name</source>
        <translation>Standortname</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Währung</translation>
    </message>
    <message>
        <source>A three-letter code such as EUR, USD or GBP.</source>
        <translation>Drei Buchstaben, z. B. EUR, USD, GBP.</translation>
    </message>
    <message>
        <source>Default hourly rate</source>
        <translation>Standard-Stundensatz</translation>
    </message>
    <message>
        <source>For areas without a rate of their own.</source>
        <translation>Für Bereiche ohne eigenen Satz.</translation>
    </message>
    <message>
        <source>Ageing after</source>
        <translation>Alternd nach</translation>
    </message>
    <message>
        <source>Board cards turn amber after this long in one stage.</source>
        <translation>Karten werden danach in einer Phase gelb.</translation>
    </message>
    <message>
        <source>Stale after</source>
        <translation>Veraltet nach</translation>
    </message>
    <message>
        <source>… and red after this long.</source>
        <translation>… und nach so langer Zeit rot.</translation>
    </message>
    <message>
        <source>Control-chart rules</source>
        <translation>Regelkarten-Regeln</translation>
    </message>
    <message>
        <source>For metrics without rules of their own.</source>
        <translation>Für Kennzahlen ohne eigene Regeln.</translation>
    </message>
    <message>
        <source>Sign out idle</source>
        <translation>Abmelden bei Leerlauf</translation>
    </message>
    <message>
        <source>For shared PCs; 0: never.</source>
        <translation>Für gemeinsam genutzte PCs; 0: nie.</translation>
    </message>
    <message>
        <source>Savings</source>
        <translation>Einsparungen</translation>
    </message>
    <message>
        <source>Only for a one-person site; audited.</source>
        <translation>Nur für Standorte mit einer Person; protokolliert.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Of the app, its messages and the monthly report, from the next start.</source>
        <translation>Der App, ihrer Meldungen und des Monatsberichts, ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>Recognition</source>
        <translation>Anerkennung</translation>
    </message>
    <message>
        <source>Who implemented what, by name.</source>
        <translation>Wer was umgesetzt hat, mit Namen.</translation>
    </message>
    <message>
        <source>one person</source>
        <translation>eine Person</translation>
    </message>
    <message>
        <source>a second person</source>
        <translation>eine zweite Person</translation>
    </message>
    <message>
        <source>site name {site}, currency {currency}, default hourly rate {rate}, ageing after {ageing} days, stale after {stale} days, sign out idle after {idle} minutes, savings validated by {validator}, recognition {recognition}, language {language}</source>
        <translation>Standortname {site}, Währung {currency}, Standard-Stundensatz {rate}, alternd nach {ageing} Tagen, veraltet nach {stale} Tagen, Abmelden nach {idle} Minuten Leerlauf, Einsparungen bestätigt von {validator}, Anerkennung {recognition}, Sprache {language}</translation>
    </message>
    <message>
        <source>on</source>
        <translation>an</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
</context>
<context>
    <name>ui.app</name>
    <message>
        <source>Opened read-only: written by a newer Kaizen. You can look around; update Kaizen to make changes.</source>
        <translation>Schreibgeschützt geöffnet: von einem neueren Kaizen geschrieben. Sie können sich umsehen; aktualisieren Sie Kaizen, um Änderungen vorzunehmen.</translation>
    </message>
    <message>
        <source>Kaizen cannot create its data folder {folder}:

{error}</source>
        <translation>Kaizen kann seinen Datenordner {folder} nicht anlegen:

{error}</translation>
    </message>
    <message>
        <source>Kaizen could not open the database.

{error}</source>
        <translation>Kaizen konnte die Datenbank nicht öffnen.

{error}</translation>
    </message>
    <message>
        <source>Kaizen could not open the database at {location}.

{error}</source>
        <translation>Kaizen konnte die Datenbank unter {location} nicht öffnen.

{error}</translation>
    </message>
    <message>
        <source>Kaizen could not check or set aside the database file {file}:

{error}</source>
        <translation>Kaizen konnte die Datenbankdatei {file} nicht prüfen oder beiseitelegen:

{error}</translation>
    </message>
    <message>
        <source>Daily backup taken and verified: {name}</source>
        <translation>Tägliche Sicherung erstellt und geprüft: {name}</translation>
    </message>
    <message>
        <source>The daily backup failed: {error}</source>
        <translation>Die tägliche Sicherung ist fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <source>Could not read the database</source>
        <translation>Die Datenbank konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>This database already holds data, so the demo plant was not added.</source>
        <translation>Diese Datenbank enthält bereits Daten, daher wurde das Demowerk nicht hinzugefügt.</translation>
    </message>
    <message>
        <source>Welcome, {name}. Your site is ready.</source>
        <translation>Willkommen, {name}. Ihr Standort ist bereit.</translation>
    </message>
    <message>
        <source>Loading demo data</source>
        <translation>Demodaten werden geladen</translation>
    </message>
    <message>
        <source>The database file is damaged: nothing was written to it.</source>
        <translation>Die Datenbankdatei ist beschädigt: Es wurde nichts in sie geschrieben.</translation>
    </message>
    <message>
        <source>Demo data loaded.</source>
        <translation>Demodaten geladen.</translation>
    </message>
    <message>
        <source>The demo plant is ready</source>
        <translation>Das Demowerk ist bereit</translation>
    </message>
    <message>
        <source>The demo data could not be loaded</source>
        <translation>Die Demodaten konnten nicht geladen werden</translation>
    </message>
    <message>
        <source>Welcome to Kaizen</source>
        <translation>Willkommen bei Kaizen</translation>
    </message>
    <message>
        <source>This database is empty. How would you like to start?</source>
        <translation>Diese Datenbank ist leer. Wie möchten Sie beginnen?</translation>
    </message>
    <message>
        <source>Load demo data</source>
        <translation>Demodaten laden</translation>
    </message>
    <message>
        <source>A sample plant to explore: ideas, waste walks, PDCA cycles, a mapped process with its KPIs, an event log and a what-if scenario.</source>
        <translation>Ein Beispielwerk zum Erkunden: Ideen, Verschwendungsrundgänge, PDCA-Zyklen, ein erfasster Prozess mit seinen KPIs, ein Ereignisprotokoll und ein Was-wäre-wenn-Szenario.</translation>
    </message>
    <message>
        <source>Start empty</source>
        <translation>Leer beginnen</translation>
    </message>
    <message>
        <source>Set up your own site: its name, your name and your admin PIN.</source>
        <translation>Richten Sie Ihren eigenen Standort ein: seinen Namen, Ihren Namen und Ihre Administrator-PIN.</translation>
    </message>
    <message>
        <source>The demo fills this database. To start for real later, open Kaizen on a new database file.</source>
        <translation>Die Demo füllt diese Datenbank. Um später richtig zu beginnen, öffnen Sie Kaizen mit einer neuen Datenbankdatei.</translation>
    </message>
    <message>
        <source>Set up your site</source>
        <translation>Standort einrichten</translation>
    </message>
    <message>
        <source>You become its first admin. Admins add people and areas, and confirm who they are with the PIN.</source>
        <translation>Sie werden sein erster Administrator. Administratoren fügen Personen und Bereiche hinzu und bestätigen mit der PIN, wer sie sind.</translation>
    </message>
    <message>
        <source>e.g. Riverside Plant</source>
        <translation>z. B. Werk Flussufer</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Ihr Name</translation>
    </message>
    <message>
        <source>4 to 12 digits</source>
        <translation>4 bis 12 Ziffern</translation>
    </message>
    <message>
        <source>The same PIN again</source>
        <translation>Dieselbe PIN noch einmal</translation>
    </message>
    <message>
        <source>Site name</source>
        <translation>Standortname</translation>
    </message>
    <message>
        <source>Admin PIN</source>
        <translation>Administrator-PIN</translation>
    </message>
    <message>
        <source>Confirm PIN</source>
        <translation>PIN bestätigen</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Create site</source>
        <translation>Standort anlegen</translation>
    </message>
    <message>
        <source>The two PINs differ; type the same PIN twice.</source>
        <translation>Die beiden PINs unterscheiden sich; geben Sie zweimal dieselbe PIN ein.</translation>
    </message>
    <message>
        <source>Creating…</source>
        <translation>Wird angelegt…</translation>
    </message>
</context>
<context>
    <name>ui.board.a3_export</name>
    <message>
        <source>A3 report…</source>
        <translation>A3-Bericht…</translation>
    </message>
    <message>
        <source>The whole change on one printable page (PDF): background, current condition, 5 whys, countermeasures, plan, results, follow-up</source>
        <translation>Die ganze Änderung auf einer druckbaren Seite (PDF): Hintergrund, Ausgangslage, 5 Warum, Gegenmaßnahmen, Plan, Ergebnisse, Nachverfolgung</translation>
    </message>
    <message>
        <source>Save the A3 report</source>
        <translation>A3-Bericht speichern</translation>
    </message>
    <message>
        <source>Writing the A3 report…</source>
        <translation>A3-Bericht wird geschrieben…</translation>
    </message>
    <message>
        <source>A3 report written to {path}</source>
        <translation>A3-Bericht gespeichert unter {path}</translation>
    </message>
    <message>
        <source>Cannot write the A3 report: {reason}. Nothing was written.</source>
        <translation>Der A3-Bericht kann nicht geschrieben werden: {reason}. Es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>The A3 report could not be written: {reason}</source>
        <translation>Der A3-Bericht konnte nicht geschrieben werden: {reason}</translation>
    </message>
</context>
<context>
    <name>ui.board.column</name>
    <message>
        <source>Needs a complete plan</source>
        <translation>Vollständiger Plan nötig</translation>
    </message>
    <message>
        <source>Needs every action done</source>
        <translation>Alle Maßnahmen erledigt</translation>
    </message>
    <message>
        <source>Needs before &amp; after data</source>
        <translation>Vorher-/Nachher-Daten</translation>
    </message>
    <message>
        <source>Needs a decision</source>
        <translation>Entscheidung nötig</translation>
    </message>
    <message>
        <source>Closed this month</source>
        <translation>Diesen Monat beendet</translation>
    </message>
    <message>
        <source>To move to Do: a problem statement, a target metric and value, and a countermeasure.</source>
        <translation>Für Umsetzen: eine Problembeschreibung, eine Zielkennzahl mit Zielwert und eine Gegenmaßnahme.</translation>
    </message>
    <message>
        <source>To move to Check: at least one action, and every action done.</source>
        <translation>Für Prüfen: mindestens eine Maßnahme, und alle Maßnahmen erledigt.</translation>
    </message>
    <message>
        <source>To move to Act: a metric with before and after measurements.</source>
        <translation>Für Handeln: eine Kennzahl mit Messungen vorher und nachher.</translation>
    </message>
    <message>
        <source>To move to Done: adopt, adapt or abandon. Moving to Done applies it.</source>
        <translation>Für Erledigt: übernehmen, anpassen oder aufgeben. Der Wechsel nach Erledigt setzt es um.</translation>
    </message>
    <message>
        <source>Changes standardised or abandoned this month.</source>
        <translation>Diesen Monat standardisierte oder aufgegebene Änderungen.</translation>
    </message>
    <message>
        <source>{stage} cards</source>
        <translation>Karten in {stage}</translation>
    </message>
    <message>
        <source>No cards</source>
        <translation>Keine Karten</translation>
    </message>
    <message>
        <source>Drop the card here</source>
        <translation>Karte hier ablegen</translation>
    </message>
    <message>
        <source>{stage}: {count} cards</source>
        <translation>{stage}: {count} Karten</translation>
    </message>
</context>
<context>
    <name>ui.board.cycle.act_tab</name>
    <message>
        <source>Adopt</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <source>It worked: it becomes the new standard.</source>
        <translation>Es hat funktioniert: es wird der neue Standard.</translation>
    </message>
    <message>
        <source>Adapt</source>
        <translation>Anpassen</translation>
    </message>
    <message>
        <source>Partly: a new cycle starts in Plan, carrying what was learned.</source>
        <translation>Teilweise: ein neuer Zyklus beginnt in Planen, mit dem Gelernten.</translation>
    </message>
    <message>
        <source>Abandon</source>
        <translation>Aufgeben</translation>
    </message>
    <message>
        <source>It did not work: say why, so others learn.</source>
        <translation>Es hat nicht funktioniert: sagen Sie warum, damit andere lernen.</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>Which work instruction, layout or checklist changed</source>
        <translation>Welche Arbeitsanweisung, welches Layout oder welche Checkliste sich geändert hat</translation>
    </message>
    <message>
        <source>Standard change</source>
        <translation>Geänderter Standard</translation>
    </message>
    <message>
        <source>Needed to adopt.</source>
        <translation>Nötig zum Übernehmen.</translation>
    </message>
    <message>
        <source>What other areas can learn or copy from this change</source>
        <translation>Was andere Bereiche aus dieser Änderung lernen oder übernehmen können</translation>
    </message>
    <message>
        <source>Share with other areas</source>
        <translation>Mit anderen Bereichen teilen</translation>
    </message>
    <message>
        <source>Needed to abandon; with adapt it is the learning carried into the next cycle.</source>
        <translation>Nötig zum Aufgeben; bei Anpassen ist es das Gelernte für den nächsten Zyklus.</translation>
    </message>
    <message>
        <source>Save decision</source>
        <translation>Entscheidung speichern</translation>
    </message>
    <message>
        <source>Save the decision (Ctrl+S); it applies when the card moves to Done</source>
        <translation>Entscheidung speichern (Ctrl+S); sie gilt, wenn die Karte nach Erledigt wechselt</translation>
    </message>
    <message>
        <source>Save and close the cycle</source>
        <translation>Speichern und Zyklus abschließen</translation>
    </message>
    <message>
        <source>Save the decision and move the card from Act to Done, which applies it</source>
        <translation>Entscheidung speichern und die Karte von Handeln nach Erledigt verschieben, was sie umsetzt</translation>
    </message>
    <message>
        <source>Choose adopt, adapt or abandon.</source>
        <translation>Wählen Sie Übernehmen, Anpassen oder Aufgeben.</translation>
    </message>
    <message>
        <source>Moving the card from Act to Done applies the decision: adopt standardises the idea, adapt starts the next cycle in Plan, abandon closes the idea.</source>
        <translation>Der Wechsel von Handeln nach Erledigt setzt die Entscheidung um: Übernehmen standardisiert die Idee, Anpassen startet den nächsten Zyklus in Planen, Aufgeben schließt die Idee.</translation>
    </message>
    <message>
        <source>The decision is taken in Act.</source>
        <translation>Die Entscheidung fällt in Handeln.</translation>
    </message>
</context>
<context>
    <name>ui.board.cycle.check_tab</name>
    <message>
        <source>Metrics</source>
        <translation>Kennzahlen</translation>
    </message>
    <message>
        <source>Before and after samples of the idea&apos;s metrics; the move to Act needs at least one metric with both.</source>
        <translation>Stichproben vorher und nachher zu den Kennzahlen der Idee; für Handeln braucht mindestens eine Kennzahl beides.</translation>
    </message>
    <message>
        <source>Record them in Measurements</source>
        <translation>In Messungen erfassen</translation>
    </message>
    <message>
        <source>Open the Measurements view on this cycle&apos;s metric</source>
        <translation>Die Ansicht Messungen mit der Kennzahl dieses Zyklus öffnen</translation>
    </message>
    <message>
        <source>No metrics yet: add one in Measurements with before data, then after data once the change is in place.</source>
        <translation>Noch keine Kennzahlen: legen Sie in Messungen eine mit Vorher-Daten an, dann Nachher-Daten, sobald die Änderung umgesetzt ist.</translation>
    </message>
    <message>
        <source>What the data shows: did the change reach the target?</source>
        <translation>Was die Daten zeigen: Hat die Änderung das Ziel erreicht?</translation>
    </message>
    <message>
        <source>Check result</source>
        <translation>Prüfergebnis</translation>
    </message>
    <message>
        <source>Save check result</source>
        <translation>Prüfergebnis speichern</translation>
    </message>
    <message>
        <source>Save the check result (Ctrl+S)</source>
        <translation>Prüfergebnis speichern (Ctrl+S)</translation>
    </message>
    <message>
        <source>The check result is written in Check or Act.</source>
        <translation>Das Prüfergebnis wird in Prüfen oder Handeln geschrieben.</translation>
    </message>
</context>
<context>
    <name>ui.board.cycle.do_tab</name>
    <message>
        <source>No actions yet. Add what has to be done to carry out the countermeasure; the cycle moves on to Check when every action is done.</source>
        <translation>Noch keine Maßnahmen. Fügen Sie hinzu, was für die Gegenmaßnahme zu tun ist; der Zyklus geht nach Prüfen, wenn alle Maßnahmen erledigt sind.</translation>
    </message>
    <message>
        <source>Add an action</source>
        <translation>Maßnahme hinzufügen</translation>
    </message>
    <message>
        <source>What has to be done</source>
        <translation>Was zu tun ist</translation>
    </message>
    <message>
        <source>No owner</source>
        <translation>Niemand verantwortlich</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>Add action</source>
        <translation>Maßnahme hinzufügen</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Maßnahme</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Verantwortlich</translation>
    </message>
    <message>
        <source>{done} of {count} actions done.</source>
        <translation>{done} von {count} Maßnahmen erledigt.</translation>
    </message>
    <message>
        <source>{count} overdue (in red).</source>
        <translation>{count} überfällig (rot).</translation>
    </message>
    <message>
        <source>Actions change in Plan or Do; move the card back to Do to change them.</source>
        <translation>Maßnahmen ändern sich in Planen oder Umsetzen; schieben Sie die Karte nach Umsetzen zurück, um sie zu ändern.</translation>
    </message>
</context>
<context>
    <name>ui.board.cycle.history_tab</name>
    <message>
        <source>&lt; 1 d</source>
        <translation>&lt; 1 T</translation>
    </message>
    <message>
        <source>{days} d</source>
        <translation>{days} T</translation>
    </message>
    <message>
        <source>Stage changes</source>
        <translation>Phasenwechsel</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Änderungsprotokoll</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>noch keine</translation>
    </message>
    <message>
        <source>Time in each stage: {times}.</source>
        <translation>Zeit je Phase: {times}.</translation>
    </message>
    <message>
        <source>Lead time from Plan to Done: {days}.</source>
        <translation>Durchlaufzeit von Planen bis Erledigt: {days}.</translation>
    </message>
</context>
<context>
    <name>ui.board.cycle.plan_tab</name>
    <message>
        <source>What goes wrong, where, how often, how much it costs</source>
        <translation>Was schiefgeht, wo, wie oft, was es kostet</translation>
    </message>
    <message>
        <source>Problem statement</source>
        <translation>Problembeschreibung</translation>
    </message>
    <message>
        <source>Five whys</source>
        <translation>Fünf Warum</translation>
    </message>
    <message>
        <source>Ask why the problem happens, then why that answer happens, up to five times.</source>
        <translation>Fragen Sie, warum das Problem auftritt, dann warum diese Antwort zutrifft, bis zu fünfmal.</translation>
    </message>
    <message>
        <source>The cause that, removed, stops the problem</source>
        <translation>Die Ursache, deren Beseitigung das Problem beendet</translation>
    </message>
    <message>
        <source>Root cause</source>
        <translation>Grundursache</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Metric, e.g. Changeover time (min)</source>
        <translation>Kennzahl, z. B. Rüstzeit (min)</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Auf</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Bis</translation>
    </message>
    <message>
        <source>By when the target should be reached</source>
        <translation>Bis wann das Ziel erreicht sein soll</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>What will be changed to remove the root cause</source>
        <translation>Was geändert wird, um die Grundursache zu beseitigen</translation>
    </message>
    <message>
        <source>Countermeasure</source>
        <translation>Gegenmaßnahme</translation>
    </message>
    <message>
        <source>Save plan</source>
        <translation>Plan speichern</translation>
    </message>
    <message>
        <source>Save the plan (Ctrl+Enter or Ctrl+S)</source>
        <translation>Plan speichern (Ctrl+Enter oder Ctrl+S)</translation>
    </message>
    <message>
        <source>The starting value</source>
        <translation>Der Ausgangswert</translation>
    </message>
    <message>
        <source>The target value</source>
        <translation>Der Zielwert</translation>
    </message>
    <message>
        <source>{label} must be a number.</source>
        <translation>{label} muss eine Zahl sein.</translation>
    </message>
</context>
<context>
    <name>ui.board.delegate</name>
    <message>
        <source>Fresh</source>
        <translation>Frisch</translation>
    </message>
    <message>
        <source>Ageing</source>
        <translation>Alternd</translation>
    </message>
    <message>
        <source>Stale</source>
        <translation>Veraltet</translation>
    </message>
    <message>
        <source>No owner</source>
        <translation>Niemand verantwortlich</translation>
    </message>
    <message>
        <source>Cycle {number}</source>
        <translation>Zyklus {number}</translation>
    </message>
    <message>
        <source>{days} d in stage</source>
        <translation>{days} T in Phase</translation>
    </message>
    <message>
        <source>{days} d</source>
        <translation>{days} T</translation>
    </message>
    <message>
        <source>{count} overdue</source>
        <translation>{count} überfällig</translation>
    </message>
</context>
<context>
    <name>ui.board.detail</name>
    <message>
        <source>Standardised</source>
        <translation>Standardisiert</translation>
    </message>
    <message>
        <source>Adapted</source>
        <translation>Angepasst</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>Aufgegeben</translation>
    </message>
    <message>
        <source>PDCA cycle</source>
        <translation>PDCA-Zyklus</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Read the cycle again (F5); what you typed is replaced</source>
        <translation>Zyklus neu lesen (F5); Ihre Eingaben werden ersetzt</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Close the panel (Esc)</source>
        <translation>Bereich schließen (Esc)</translation>
    </message>
    <message>
        <source>The cycle could not be read: {reason}</source>
        <translation>Der Zyklus konnte nicht gelesen werden: {reason}</translation>
    </message>
    <message>
        <source>{title} — cycle {number}</source>
        <translation>{title} — Zyklus {number}</translation>
    </message>
    <message>
        <source>no owner</source>
        <translation>niemand</translation>
    </message>
    <message>
        <source>Cycle {number}  ·  Owner: {owner}  ·  Area: {area}  ·  Started {day}</source>
        <translation>Zyklus {number}  ·  Verantwortlich: {owner}  ·  Bereich: {area}  ·  Begonnen {day}</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Done · {outcome}</source>
        <translation>Erledigt · {outcome}</translation>
    </message>
    <message>
        <source>{stage} · {days} d</source>
        <translation>{stage} · {days} T</translation>
    </message>
    <message>
        <source>Pick who is working first to change this cycle.</source>
        <translation>Wählen Sie zuerst, wer arbeitet, um diesen Zyklus zu ändern.</translation>
    </message>
    <message>
        <source>Cycle {number} is closed: it is kept as it was.</source>
        <translation>Zyklus {number} ist abgeschlossen: er bleibt, wie er war.</translation>
    </message>
    <message>
        <source>{name} is {role}: you can tick the actions you own; supervisors and admins edit the cycle.</source>
        <translation>{name} hat die Rolle {role}: Sie können Ihre eigenen Maßnahmen abhaken; Supervisoren und Administratoren bearbeiten den Zyklus.</translation>
    </message>
    <message>
        <source>Pick who is working first.</source>
        <translation>Wählen Sie zuerst, wer arbeitet.</translation>
    </message>
    <message>
        <source>The plan is saved.</source>
        <translation>Der Plan ist gespeichert.</translation>
    </message>
    <message>
        <source>The action is added.</source>
        <translation>Die Maßnahme ist hinzugefügt.</translation>
    </message>
    <message>
        <source>The check result is saved.</source>
        <translation>Das Prüfergebnis ist gespeichert.</translation>
    </message>
    <message>
        <source>The decision is saved; it applies when the card moves to Done.</source>
        <translation>Die Entscheidung ist gespeichert; sie gilt, wenn die Karte nach Erledigt wechselt.</translation>
    </message>
    <message>
        <source>Cycle {number} is closed. Cycle {next} starts in Plan on the board, carrying the learning.</source>
        <translation>Zyklus {number} ist abgeschlossen. Zyklus {next} beginnt auf dem Board in Planen, mit dem Gelernten.</translation>
    </message>
    <message>
        <source>The cycle is closed and the idea is standardised.</source>
        <translation>Der Zyklus ist abgeschlossen und die Idee ist standardisiert.</translation>
    </message>
    <message>
        <source>The cycle is closed and the idea is abandoned.</source>
        <translation>Der Zyklus ist abgeschlossen und die Idee ist aufgegeben.</translation>
    </message>
</context>
<context>
    <name>ui.board.models</name>
    <message>
        <source>Standardised</source>
        <translation>Standardisiert</translation>
    </message>
    <message>
        <source>Adapted</source>
        <translation>Angepasst</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>Aufgegeben</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>niemand</translation>
    </message>
    <message>
        <source>cycle {number}</source>
        <translation>Zyklus {number}</translation>
    </message>
    <message>
        <source>owner {name}</source>
        <translation>verantwortlich {name}</translation>
    </message>
    <message>
        <source>{outcome} on {day}</source>
        <translation>{outcome} am {day}</translation>
    </message>
    <message>
        <source>{days} days in {stage}</source>
        <translation>{days} Tage in {stage}</translation>
    </message>
    <message>
        <source>{count} open actions</source>
        <translation>{count} offene Maßnahmen</translation>
    </message>
    <message>
        <source>{count} overdue</source>
        <translation>{count} überfällig</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Maßnahme</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Verantwortlich</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>{day} · overdue</source>
        <translation>{day} · überfällig</translation>
    </message>
    <message>
        <source>Done on {day}</source>
        <translation>Erledigt am {day}</translation>
    </message>
    <message>
        <source>Overdue: past its due date and not done</source>
        <translation>Überfällig: Fälligkeit überschritten und nicht erledigt</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>Before n</source>
        <translation>Vorher n</translation>
    </message>
    <message>
        <source>Before mean</source>
        <translation>Vorher Mittel</translation>
    </message>
    <message>
        <source>After n</source>
        <translation>Nachher n</translation>
    </message>
    <message>
        <source>After mean</source>
        <translation>Nachher Mittel</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>no unit</source>
        <translation>ohne Einheit</translation>
    </message>
    <message>
        <source>{name} ({unit}, lower is better)</source>
        <translation>{name} ({unit}, niedriger ist besser)</translation>
    </message>
    <message>
        <source>{name} ({unit}, higher is better)</source>
        <translation>{name} ({unit}, höher ist besser)</translation>
    </message>
    <message>
        <source>Change of the mean from before to after; whether it is statistically real is shown in Measurements.</source>
        <translation>Änderung des Mittelwerts von vorher zu nachher; ob sie statistisch belegt ist, zeigt die Ansicht Messungen.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Wechsel</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Opened in {stage}</source>
        <translation>Eröffnet in {stage}</translation>
    </message>
    <message>
        <source>{move} (back)</source>
        <translation>{move} (zurück)</translation>
    </message>
    <message>
        <source>Cycle</source>
        <translation>Zyklus</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idee</translation>
    </message>
    <message>
        <source>open</source>
        <translation>eröffnet</translation>
    </message>
    <message>
        <source>add</source>
        <translation>hinzugefügt</translation>
    </message>
    <message>
        <source>update plan</source>
        <translation>Plan geändert</translation>
    </message>
    <message>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>undone</source>
        <translation>wieder offen</translation>
    </message>
    <message>
        <source>record check</source>
        <translation>Prüfergebnis erfasst</translation>
    </message>
    <message>
        <source>decide</source>
        <translation>entschieden</translation>
    </message>
    <message>
        <source>move</source>
        <translation>verschoben</translation>
    </message>
    <message>
        <source>standardise</source>
        <translation>standardisiert</translation>
    </message>
    <message>
        <source>abandon</source>
        <translation>aufgegeben</translation>
    </message>
    <message>
        <source>add measurements</source>
        <translation>Messungen hinzugefügt</translation>
    </message>
    <message>
        <source>import measurements</source>
        <translation>Messungen importiert</translation>
    </message>
    <message>
        <source>stage</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>stage entered at</source>
        <translation>in Phase seit</translation>
    </message>
    <message>
        <source>number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>problem statement</source>
        <translation>Problembeschreibung</translation>
    </message>
    <message>
        <source>why chain</source>
        <translation>Warum-Kette</translation>
    </message>
    <message>
        <source>root cause</source>
        <translation>Grundursache</translation>
    </message>
    <message>
        <source>target metric</source>
        <translation>Zielkennzahl</translation>
    </message>
    <message>
        <source>target from</source>
        <translation>Ziel von</translation>
    </message>
    <message>
        <source>target to</source>
        <translation>Ziel auf</translation>
    </message>
    <message>
        <source>target by</source>
        <translation>Ziel bis</translation>
    </message>
    <message>
        <source>countermeasure</source>
        <translation>Gegenmaßnahme</translation>
    </message>
    <message>
        <source>check result</source>
        <translation>Prüfergebnis</translation>
    </message>
    <message>
        <source>act decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>standard change</source>
        <translation>geänderter Standard</translation>
    </message>
    <message>
        <source>share note</source>
        <translation>Notiz zum Teilen</translation>
    </message>
    <message>
        <source>closed at</source>
        <translation>abgeschlossen am</translation>
    </message>
    <message>
        <source>text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>due date</source>
        <translation>Fälligkeit</translation>
    </message>
    <message>
        <source>done at</source>
        <translation>erledigt am</translation>
    </message>
    <message>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <source>direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>proposal</source>
        <translation>Vorschlag</translation>
    </message>
    <message>
        <source>wastes</source>
        <translation>Verschwendungen</translation>
    </message>
    <message>
        <source>expected savings</source>
        <translation>erwartete Einsparungen</translation>
    </message>
    <message>
        <source>implementation cost</source>
        <translation>Umsetzungskosten</translation>
    </message>
    <message>
        <source>impact</source>
        <translation>Wirkung</translation>
    </message>
    <message>
        <source>effort</source>
        <translation>Aufwand</translation>
    </message>
    <message>
        <source>review note</source>
        <translation>Prüfnotiz</translation>
    </message>
    <message>
        <source>category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>minutes per occurrence</source>
        <translation>Minuten je Auftreten</translation>
    </message>
    <message>
        <source>occurrences per week</source>
        <translation>Auftreten pro Woche</translation>
    </message>
    <message>
        <source>cost per occurrence</source>
        <translation>Kosten je Auftreten</translation>
    </message>
    <message>
        <source>observed at</source>
        <translation>beobachtet am</translation>
    </message>
    <message>
        <source>body</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>file name</source>
        <translation>Dateiname</translation>
    </message>
    <message>
        <source>from stage</source>
        <translation>von Phase</translation>
    </message>
    <message>
        <source>to stage</source>
        <translation>nach Phase</translation>
    </message>
    <message>
        <source>note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>{kind}: {action}</source>
        <translation>{kind}: {action}</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>leer</translation>
    </message>
</context>
<context>
    <name>ui.board.move_note</name>
    <message>
        <source>Move back to {stage}</source>
        <translation>Zurück nach {stage}</translation>
    </message>
    <message>
        <source>Move back from {old} to {new}</source>
        <translation>Von {old} zurück nach {new}</translation>
    </message>
    <message>
        <source>“{title}”, cycle {number}. Say why it goes back: the note is kept in the card&apos;s history for everyone who looks at it later.</source>
        <translation>„{title}“, Zyklus {number}. Sagen Sie, warum sie zurückgeht: Die Notiz bleibt im Verlauf der Karte für alle, die später nachsehen.</translation>
    </message>
    <message>
        <source>Why does it go back? (required)</source>
        <translation>Warum geht sie zurück? (Pflicht)</translation>
    </message>
    <message>
        <source>Move back</source>
        <translation>Zurückschieben</translation>
    </message>
    <message>
        <source>Move the card back (Ctrl+Enter)</source>
        <translation>Karte zurückschieben (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Say why the cycle goes back from {old} to {new}.</source>
        <translation>Sagen Sie, warum der Zyklus von {old} nach {new} zurückgeht.</translation>
    </message>
</context>
<context>
    <name>ui.board.whys</name>
    <message>
        <source>Ask why again</source>
        <translation>Erneut warum fragen</translation>
    </message>
    <message>
        <source>Use last answer as root cause</source>
        <translation>Letzte Antwort als Grundursache</translation>
    </message>
    <message>
        <source>Why {number}?</source>
        <translation>Warum {number}?</translation>
    </message>
    <message>
        <source>Remove this why (or empty its text)</source>
        <translation>Dieses Warum entfernen (oder den Text leeren)</translation>
    </message>
    <message>
        <source>Why does the problem happen?</source>
        <translation>Warum tritt das Problem auf?</translation>
    </message>
    <message>
        <source>Why does “{answer}” happen?</source>
        <translation>Warum tritt „{answer}“ auf?</translation>
    </message>
    <message>
        <source>Why does that happen?</source>
        <translation>Warum tritt das auf?</translation>
    </message>
    <message>
        <source>Ask why the last answer happens</source>
        <translation>Fragen, warum die letzte Antwort zutrifft</translation>
    </message>
    <message>
        <source>Five whys at most: the fifth answer is usually the root cause.</source>
        <translation>Höchstens fünf Warum: Die fünfte Antwort ist meist die Grundursache.</translation>
    </message>
</context>
<context>
    <name>ui.capture</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Close without saving (Esc)</source>
        <translation>Ohne Speichern schließen (Esc)</translation>
    </message>
    <message>
        <source>Save and new</source>
        <translation>Speichern und neu</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Save and close (Ctrl+Enter)</source>
        <translation>Speichern und schließen (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Save, then clear the form for the next one (Ctrl+Shift+Enter)</source>
        <translation>Speichern, dann das Formular für den nächsten Eintrag leeren (Ctrl+Shift+Enter)</translation>
    </message>
    <message>
        <source>Discard what you typed?</source>
        <translation>Eingaben verwerfen?</translation>
    </message>
    <message>
        <source>#{id} saved</source>
        <translation>#{id} gespeichert</translation>
    </message>
    <message>
        <source>By {name}</source>
        <translation>Von {name}</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>The areas could not be loaded: {error}</source>
        <translation>Die Bereiche konnten nicht geladen werden: {error}</translation>
    </message>
    <message>
        <source>Waiting for photos…</source>
        <translation>Warten auf Fotos…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>✓ {saved}. Ready for the next one.</source>
        <translation>✓ {saved}. Bereit für den nächsten Eintrag.</translation>
    </message>
    <message>
        <source>Discard?</source>
        <translation>Verwerfen?</translation>
    </message>
    <message>
        <source>What you typed has not been saved and will be lost.</source>
        <translation>Ihre Eingaben wurden nicht gespeichert und gehen verloren.</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Weiter bearbeiten</translation>
    </message>
</context>
<context>
    <name>ui.capture.idea_form</name>
    <message>
        <source>New idea</source>
        <translation>Neue Idee</translation>
    </message>
    <message>
        <source>Save the idea and close (Ctrl+Enter)</source>
        <translation>Idee speichern und schließen (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Save, then clear the form for the next idea (Ctrl+Shift+Enter)</source>
        <translation>Speichern, dann das Formular für die nächste Idee leeren (Ctrl+Shift+Enter)</translation>
    </message>
    <message>
        <source>Discard this idea?</source>
        <translation>Diese Idee verwerfen?</translation>
    </message>
    <message>
        <source>By {name} · a supervisor reviews it next</source>
        <translation>Von {name} · als Nächstes prüft sie ein Supervisor</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>What is wrong now</source>
        <translation>Problem heute</translation>
    </message>
    <message>
        <source>What to change</source>
        <translation>Was ändern</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>A short name for the idea</source>
        <translation>Ein kurzer Name für die Idee</translation>
    </message>
    <message>
        <source>What goes wrong today, where and how often?</source>
        <translation>Was läuft heute schief, wo und wie oft?</translation>
    </message>
    <message>
        <source>What would you change, and how?</source>
        <translation>Was würden Sie ändern, und wie?</translation>
    </message>
    <message>
        <source>Expected savings a year</source>
        <translation>Erwartete Einsparungen pro Jahr</translation>
    </message>
    <message>
        <source>a year</source>
        <translation>pro Jahr</translation>
    </message>
    <message>
        <source>Impact</source>
        <translation>Wirkung</translation>
    </message>
    <message>
        <source>small</source>
        <translation>klein</translation>
    </message>
    <message>
        <source>large</source>
        <translation>groß</translation>
    </message>
    <message>
        <source>Effort</source>
        <translation>Aufwand</translation>
    </message>
    <message>
        <source>easy</source>
        <translation>leicht</translation>
    </message>
    <message>
        <source>hard</source>
        <translation>schwer</translation>
    </message>
    <message>
        <source>Wastes it attacks</source>
        <translation>Verschwendung</translation>
    </message>
    <message>
        <source>Expected savings</source>
        <translation>Einsparungen</translation>
    </message>
    <message>
        <source>Idea #{id} saved</source>
        <translation>Idee #{id} gespeichert</translation>
    </message>
</context>
<context>
    <name>ui.capture.observation_form</name>
    <message>
        <source>Type the minutes and the times a week to see the yearly cost.</source>
        <translation>Geben Sie Minuten und Häufigkeit pro Woche ein, um die Jahreskosten zu sehen.</translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation>{hours} Std.</translation>
    </message>
    <message>
        <source>≈ {money} a year · {hours}</source>
        <translation>≈ {money} pro Jahr · {hours}</translation>
    </message>
    <message>
        <source>Log waste</source>
        <translation>Verschwendung erfassen</translation>
    </message>
    <message>
        <source>Save the observation and close (Ctrl+Enter)</source>
        <translation>Beobachtung speichern und schließen (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Save, then clear the form for the next observation (Ctrl+Shift+Enter)</source>
        <translation>Speichern, dann das Formular für die nächste Beobachtung leeren (Ctrl+Shift+Enter)</translation>
    </message>
    <message>
        <source>Discard this observation?</source>
        <translation>Diese Beobachtung verwerfen?</translation>
    </message>
    <message>
        <source>Seen by {name} · priced at the area&apos;s hourly rate</source>
        <translation>Gesehen von {name} · bewertet mit dem Stundensatz des Bereichs</translation>
    </message>
    <message>
        <source>Which waste did you see?</source>
        <translation>Welche Verschwendung haben Sie gesehen?</translation>
    </message>
    <message>
        <source>keys 1–7 pick one, arrows move</source>
        <translation>Tasten 1–7 wählen, Pfeile bewegen</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>What was seen</source>
        <translation>Gesehen</translation>
    </message>
    <message>
        <source>What did you see? Where, doing what?</source>
        <translation>Was haben Sie gesehen? Wo, bei welcher Tätigkeit?</translation>
    </message>
    <message>
        <source>Minutes lost each time</source>
        <translation>Verlorene Minuten pro Mal</translation>
    </message>
    <message>
        <source>Times a week</source>
        <translation>Mal pro Woche</translation>
    </message>
    <message>
        <source>Cost each time</source>
        <translation>Kosten pro Mal</translation>
    </message>
    <message>
        <source>each time (material, scrap; optional)</source>
        <translation>pro Mal (Material, Ausschuss)</translation>
    </message>
    <message>
        <source>Yearly cost</source>
        <translation>Jahreskosten</translation>
    </message>
    <message>
        <source>Time lost</source>
        <translation>Zeitverlust</translation>
    </message>
    <message>
        <source>min each time</source>
        <translation>Min./Mal</translation>
    </message>
    <message>
        <source>times a week</source>
        <translation>pro Woche</translation>
    </message>
    <message>
        <source>Direct cost</source>
        <translation>Direkte Kosten</translation>
    </message>
    <message>
        <source>In a year</source>
        <translation>Pro Jahr</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>{per_week} times a week, 52 weeks; time at {rate} an hour ({area})</source>
        <translation>{per_week}×/Woche, 52 Wochen; {rate}/Std. ({area})</translation>
    </message>
    <message>
        <source>Pick the waste you saw (keys 1–7).</source>
        <translation>Wählen Sie die gesehene Verschwendung (Tasten 1–7).</translation>
    </message>
    <message>
        <source>Observation #{id} saved</source>
        <translation>Beobachtung #{id} gespeichert</translation>
    </message>
</context>
<context>
    <name>ui.capture.similar_ideas</name>
    <message>
        <source>Similar ideas already exist:</source>
        <translation>Es gibt bereits ähnliche Ideen:</translation>
    </message>
</context>
<context>
    <name>ui.capture.waste_picker</name>
    <message>
        <source>{label}: {help} (key {number})</source>
        <translation>{label}: {help} (Taste {number})</translation>
    </message>
    <message>
        <source>Waste</source>
        <translation>Verschwendung</translation>
    </message>
    <message>
        <source>Wastes it attacks</source>
        <translation>Bekämpfte Verschwendung</translation>
    </message>
    <message>
        <source>{help} (key {number})</source>
        <translation>{help} (Taste {number})</translation>
    </message>
</context>
<context>
    <name>ui.charts.chart_widget</name>
    <message>
        <source>Drawing the chart…</source>
        <translation>Diagramm wird gezeichnet…</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Speichern…</translation>
    </message>
    <message>
        <source>Save this chart as a PNG image or an SVG drawing</source>
        <translation>Dieses Diagramm als PNG-Bild oder SVG-Zeichnung speichern</translation>
    </message>
    <message>
        <source>The chart could not be drawn: {error}</source>
        <translation>Das Diagramm konnte nicht gezeichnet werden: {error}</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG-Zeichnung (*.svg)</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>Diagramm speichern</translation>
    </message>
    <message>
        <source>The chart could not be saved: {error}</source>
        <translation>Das Diagramm konnte nicht gespeichert werden: {error}</translation>
    </message>
    <message>
        <source>Chart not saved</source>
        <translation>Diagramm nicht gespeichert</translation>
    </message>
</context>
<context>
    <name>ui.database_dialog</name>
    <message>
        <source>Daily (automatic)</source>
        <translation>Täglich (automatisch)</translation>
    </message>
    <message>
        <source>Taken by hand</source>
        <translation>Von Hand erstellt</translation>
    </message>
    <message>
        <source>Before upgrading from {revision}</source>
        <translation>Vor dem Update von {revision}</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>Sicherung</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>{size} MB</source>
        <translation>{size} MB</translation>
    </message>
    <message>
        <source>Database and backups</source>
        <translation>Datenbank und Sicherungen</translation>
    </message>
    <message>
        <source>Database: {file}</source>
        <translation>Datenbank: {file}</translation>
    </message>
    <message>
        <source>Kaizen takes a verified backup on start when the newest is over a day old, and keeps the recent ones plus one a week and one a month.</source>
        <translation>Kaizen erstellt beim Start eine geprüfte Sicherung, wenn die neueste älter als ein Tag ist, und behält die letzten sowie je eine pro Woche und pro Monat.</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Sicherungen</translation>
    </message>
    <message>
        <source>No backups yet. “Back up now” takes the first one.</source>
        <translation>Noch keine Sicherungen. „Jetzt sichern“ erstellt die erste.</translation>
    </message>
    <message>
        <source>What the backup holds</source>
        <translation>Inhalt der Sicherung</translation>
    </message>
    <message>
        <source>Pick a backup to see what it holds.</source>
        <translation>Wählen Sie eine Sicherung, um ihren Inhalt zu sehen.</translation>
    </message>
    <message>
        <source>The backup could not be taken: {error}</source>
        <translation>Die Sicherung konnte nicht erstellt werden: {error}</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Jetzt sichern</translation>
    </message>
    <message>
        <source>Restore from backup…</source>
        <translation>Aus Sicherung wiederherstellen…</translation>
    </message>
    <message>
        <source>Pick a backup first</source>
        <translation>Wählen Sie zuerst eine Sicherung</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Newest backup: {moment} ({age}), {count} in all.</source>
        <translation>Neueste Sicherung: {moment} ({age}), insgesamt {count}.</translation>
    </message>
    <message>
        <source>No backup yet.</source>
        <translation>Noch keine Sicherung.</translation>
    </message>
    <message>
        <source>Reading the backup…</source>
        <translation>Sicherung wird gelesen…</translation>
    </message>
    <message>
        <source>Backup of {moment}</source>
        <translation>Sicherung vom {moment}</translation>
    </message>
    <message>
        <source>Pick a usable backup first</source>
        <translation>Wählen Sie zuerst eine brauchbare Sicherung</translation>
    </message>
    <message>
        <source>Taking a backup…</source>
        <translation>Sicherung wird erstellt…</translation>
    </message>
    <message>
        <source>Backup written and verified: {file}</source>
        <translation>Sicherung geschrieben und geprüft: {file}</translation>
    </message>
    <message>
        <source>Restore the backup from {moment}?

{contents}

Everything saved since then is replaced by the backup. The current database is kept beside it, renamed, not deleted.</source>
        <translation>Die Sicherung vom {moment} wiederherstellen?

{contents}

Alles, was seitdem gespeichert wurde, wird durch die Sicherung ersetzt. Die aktuelle Datenbank bleibt umbenannt daneben erhalten, sie wird nicht gelöscht.</translation>
    </message>
    <message>
        <source>Restore from backup</source>
        <translation>Aus Sicherung wiederherstellen</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>a backup is being restored</source>
        <translation>eine Sicherung wird wiederhergestellt</translation>
    </message>
    <message>
        <source>Restoring the backup…</source>
        <translation>Sicherung wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>Restored the backup from {moment}. The previous database was kept as {file}.</source>
        <translation>Sicherung vom {moment} wiederhergestellt. Die bisherige Datenbank wurde als {file} aufbewahrt.</translation>
    </message>
    <message>
        <source>Restored the backup from {moment}.</source>
        <translation>Sicherung vom {moment} wiederhergestellt.</translation>
    </message>
    <message>
        <source>Backups…</source>
        <translation>Sicherungen…</translation>
    </message>
    <message>
        <source>Database and backups: back up now, restore from a backup (Ctrl+Shift+B)</source>
        <translation>Datenbank und Sicherungen: jetzt sichern, aus einer Sicherung wiederherstellen (Ctrl+Shift+B)</translation>
    </message>
    <message>
        <source>The backup was restored.</source>
        <translation>Die Sicherung wurde wiederhergestellt.</translation>
    </message>
    <message>
        <source>Restore this backup</source>
        <translation>Diese Sicherung wiederherstellen</translation>
    </message>
    <message>
        <source>The database is damaged</source>
        <translation>Die Datenbank ist beschädigt</translation>
    </message>
    <message>
        <source>unknown problem</source>
        <translation>unbekanntes Problem</translation>
    </message>
    <message>
        <source>SQLite found a problem in {file}, so Kaizen did not open it: {problem}</source>
        <translation>SQLite hat in {file} ein Problem gefunden, daher hat Kaizen die Datei nicht geöffnet: {problem}</translation>
    </message>
    <message>
        <source>The damaged file was kept, renamed to {file}, in {folder}. Nothing was deleted.</source>
        <translation>Die beschädigte Datei wurde als {file} in {folder} aufbewahrt. Nichts wurde gelöscht.</translation>
    </message>
    <message>
        <source>Start with an empty database</source>
        <translation>Mit leerer Datenbank starten</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Newest good backup: {moment}</source>
        <translation>Neueste gute Sicherung: {moment}</translation>
    </message>
    <message>
        <source>Restore the backup from {moment}</source>
        <translation>Die Sicherung vom {moment} wiederherstellen</translation>
    </message>
    <message>
        <source>No good backup was found. Kaizen can start with an empty database; the damaged file stays where it is, for anyone who can rescue rows from it.</source>
        <translation>Es wurde keine gute Sicherung gefunden. Kaizen kann mit einer leeren Datenbank starten; die beschädigte Datei bleibt, wo sie ist, für alle, die Zeilen daraus retten können.</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>Wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>The backup could not be restored: {error}</source>
        <translation>Die Sicherung konnte nicht wiederhergestellt werden: {error}</translation>
    </message>
</context>
<context>
    <name>ui.detail.base</name>
    <message>
        <source>Pick who is working first</source>
        <translation>Wählen Sie zuerst, wer arbeitet</translation>
    </message>
    <message>
        <source>Remove the photo “{name}” from this idea?</source>
        <translation>Das Foto „{name}“ aus dieser Idee entfernen?</translation>
    </message>
    <message>
        <source>Remove the photo “{name}” from this observation?</source>
        <translation>Das Foto „{name}“ aus dieser Beobachtung entfernen?</translation>
    </message>
    <message>
        <source>Remove the photo “{name}” from this record?</source>
        <translation>Das Foto „{name}“ aus diesem Eintrag entfernen?</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Read it again (F5); what you typed and did not save is kept</source>
        <translation>Neu lesen (F5); ungespeicherte Eingaben bleiben erhalten</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Save the changes (Ctrl+S)</source>
        <translation>Änderungen speichern (Ctrl+S)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Schließen (Esc)</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Reloaded the saved version. Your changes are still in the form: check them and save again.</source>
        <translation>Die gespeicherte Fassung wurde neu geladen. Ihre Änderungen stehen noch im Formular: Prüfen Sie sie und speichern Sie erneut.</translation>
    </message>
    <message>
        <source>Pick who is working first.</source>
        <translation>Wählen Sie zuerst, wer arbeitet.</translation>
    </message>
    <message>
        <source>Remove photo</source>
        <translation>Foto entfernen</translation>
    </message>
    <message>
        <source>The photo “{name}” is removed.</source>
        <translation>Das Foto „{name}“ ist entfernt.</translation>
    </message>
    <message>
        <source>The new photos are still being checked; save again in a moment.</source>
        <translation>Die neuen Fotos werden noch geprüft; speichern Sie gleich noch einmal.</translation>
    </message>
</context>
<context>
    <name>ui.detail.comments</name>
    <message>
        <source>Pick who is working first</source>
        <translation>Wählen Sie zuerst, wer arbeitet</translation>
    </message>
    <message>
        <source>No comments yet. Ask a question or add a detail below; everyone who opens the idea sees the thread.</source>
        <translation>Noch keine Kommentare. Stellen Sie unten eine Frage oder ergänzen Sie ein Detail; alle, die die Idee öffnen, sehen die Unterhaltung.</translation>
    </message>
    <message>
        <source>Write a new comment instead of a reply</source>
        <translation>Einen neuen Kommentar statt einer Antwort schreiben</translation>
    </message>
    <message>
        <source>Write a comment… (Ctrl+Enter posts)</source>
        <translation>Kommentar schreiben… (Ctrl+Enter sendet)</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Antworten</translation>
    </message>
    <message>
        <source>Answer the selected comment (R)</source>
        <translation>Auf den gewählten Kommentar antworten (R)</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Post the comment (Ctrl+Enter)</source>
        <translation>Kommentar senden (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Pick who is working first to write a comment.</source>
        <translation>Wählen Sie zuerst, wer arbeitet, um einen Kommentar zu schreiben.</translation>
    </message>
    <message>
        <source>Replying to {name}: “{excerpt}”</source>
        <translation>Antwort an {name}: „{excerpt}“</translation>
    </message>
    <message>
        <source>Reply to {name}… (Ctrl+Enter posts)</source>
        <translation>Antwort an {name}… (Ctrl+Enter sendet)</translation>
    </message>
    <message>
        <source>Pick who is working first.</source>
        <translation>Wählen Sie zuerst, wer arbeitet.</translation>
    </message>
</context>
<context>
    <name>ui.detail.history</name>
    <message>
        <source>Idea</source>
        <translation>Idee</translation>
    </message>
    <message>
        <source>Observation</source>
        <translation>Beobachtung</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>created</source>
        <translation>angelegt</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>bearbeitet</translation>
    </message>
    <message>
        <source>review started</source>
        <translation>Prüfung begonnen</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>sent back</source>
        <translation>zurückgeschickt</translation>
    </message>
    <message>
        <source>owner or due date set</source>
        <translation>Verantwortliche(r) oder Fälligkeit gesetzt</translation>
    </message>
    <message>
        <source>linked</source>
        <translation>verknüpft</translation>
    </message>
    <message>
        <source>unlinked</source>
        <translation>Verknüpfung gelöst</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <source>linked to idea #{number}</source>
        <translation>mit Idee #{number} verknüpft</translation>
    </message>
    <message>
        <source>{kind}: {action}</source>
        <translation>{kind}: {action}</translation>
    </message>
</context>
<context>
    <name>ui.detail.idea_detail</name>
    <message>
        <source>Pick who is working first to edit this idea.</source>
        <translation>Wählen Sie zuerst, wer arbeitet, um diese Idee zu bearbeiten.</translation>
    </message>
    <message>
        <source>This idea is {status}; it can no longer be edited.</source>
        <translation>Diese Idee ist {status}; sie kann nicht mehr bearbeitet werden.</translation>
    </message>
    <message>
        <source>Read only: only {name}, who submitted it, or a supervisor can edit this idea.</source>
        <translation>Nur lesen: Nur die einreichende Person ({name}) oder ein Supervisor kann diese Idee bearbeiten.</translation>
    </message>
    <message>
        <source>Read only: the idea is {status}; ask a supervisor to change it.</source>
        <translation>Nur lesen: Die Idee ist {status}; bitten Sie einen Supervisor, sie zu ändern.</translation>
    </message>
    <message>
        <source>Idea #{number}</source>
        <translation>Idee #{number}</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>Kommentare</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>A short name for the idea</source>
        <translation>Ein kurzer Name für die Idee</translation>
    </message>
    <message>
        <source>What goes wrong today, where, how often</source>
        <translation>Was heute schiefgeht, wo, wie oft</translation>
    </message>
    <message>
        <source>What should change, and how</source>
        <translation>Was sich ändern soll, und wie</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>What is wrong now</source>
        <translation>Was jetzt nicht stimmt</translation>
    </message>
    <message>
        <source>What to change</source>
        <translation>Was zu ändern ist</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Wastes it attacks</source>
        <translation>Bekämpfte Verschwendung</translation>
    </message>
    <message>
        <source>Expected savings a year</source>
        <translation>Erwartete Einsparungen pro Jahr</translation>
    </message>
    <message>
        <source>One-off cost to put the change in place</source>
        <translation>Einmalige Kosten für die Umsetzung der Änderung</translation>
    </message>
    <message>
        <source>Implementation cost</source>
        <translation>Umsetzungskosten</translation>
    </message>
    <message>
        <source>Impact</source>
        <translation>Wirkung</translation>
    </message>
    <message>
        <source>helps a little</source>
        <translation>hilft wenig</translation>
    </message>
    <message>
        <source>helps a lot</source>
        <translation>hilft viel</translation>
    </message>
    <message>
        <source>Effort</source>
        <translation>Aufwand</translation>
    </message>
    <message>
        <source>little work</source>
        <translation>wenig Arbeit</translation>
    </message>
    <message>
        <source>a lot of work</source>
        <translation>viel Arbeit</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>Idea #{number}: {title}</source>
        <translation>Idee #{number}: {title}</translation>
    </message>
    <message>
        <source>Idea #{number} · submitted by {name} · {area} · {day}</source>
        <translation>Idee #{number} · eingereicht von {name} · {area} · {day}</translation>
    </message>
    <message>
        <source>In PDCA: cycle {number}, {stage}</source>
        <translation>In PDCA: Zyklus {number}, {stage}</translation>
    </message>
    <message>
        <source>PDCA: {count} cycle, {status}</source>
        <translation>PDCA: {count} Zyklus, {status}</translation>
    </message>
    <message>
        <source>PDCA: {count} cycles, {status}</source>
        <translation>PDCA: {count} Zyklen, {status}</translation>
    </message>
    <message>
        <source>Owner: {name} · due {day}</source>
        <translation>Verantwortlich: {name} · fällig {day}</translation>
    </message>
    <message>
        <source>Owner: {name}</source>
        <translation>Verantwortlich: {name}</translation>
    </message>
    <message>
        <source>Sent back for more detail: {note}</source>
        <translation>Für mehr Details zurückgeschickt: {note}</translation>
    </message>
    <message>
        <source>Rejected: {note}</source>
        <translation>Abgelehnt: {note}</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <source>Comments ({count})</source>
        <translation>Kommentare ({count})</translation>
    </message>
</context>
<context>
    <name>ui.detail.observation_detail</name>
    <message>
        <source>Pick who is working first to edit this observation.</source>
        <translation>Wählen Sie zuerst, wer arbeitet, um diese Beobachtung zu bearbeiten.</translation>
    </message>
    <message>
        <source>Read only: only {name}, who logged it, or a supervisor can change this observation.</source>
        <translation>Nur lesen: Nur die erfassende Person ({name}) oder ein Supervisor kann diese Beobachtung ändern.</translation>
    </message>
    <message>
        <source>Read only: this observation already led to an idea; ask a supervisor to change it.</source>
        <translation>Nur lesen: Aus dieser Beobachtung ist schon eine Idee entstanden; bitten Sie einen Supervisor, sie zu ändern.</translation>
    </message>
    <message>
        <source>Waste observation #{number}</source>
        <translation>Beobachtung #{number}</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Waste</source>
        <translation>Verschwendung</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>When it was seen</source>
        <translation>Wann sie gesehen wurde</translation>
    </message>
    <message>
        <source>What was seen: where, what happened, who waited</source>
        <translation>Was gesehen wurde: wo, was geschah, wer gewartet hat</translation>
    </message>
    <message>
        <source>What was seen</source>
        <translation>Was gesehen wurde</translation>
    </message>
    <message>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <source>a week</source>
        <translation>pro Woche</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>Cost each time</source>
        <translation>Kosten je Mal</translation>
    </message>
    <message>
        <source>Minutes lost each time it happens</source>
        <translation>Verlorene Minuten bei jedem Auftreten</translation>
    </message>
    <message>
        <source>How many times it happens in a week</source>
        <translation>Wie oft es pro Woche auftritt</translation>
    </message>
    <message>
        <source>A direct cost each time it happens (scrap, material); leave empty if none</source>
        <translation>Direkte Kosten bei jedem Auftreten (Ausschuss, Material); leer lassen, wenn keine</translation>
    </message>
    <message>
        <source>Minutes lost</source>
        <translation>Verlorene Minuten</translation>
    </message>
    <message>
        <source>Times a week</source>
        <translation>Mal pro Woche</translation>
    </message>
    <message>
        <source>Not turned into an idea yet.</source>
        <translation>Noch keine Idee daraus gemacht.</translation>
    </message>
    <message>
        <source>Turn into idea</source>
        <translation>Zur Idee machen</translation>
    </message>
    <message>
        <source>Make an idea from this observation, with its text, area, waste and yearly cost, and link the two</source>
        <translation>Aus dieser Beobachtung eine Idee machen, mit Text, Bereich, Verschwendung und Jahreskosten, und beide verknüpfen</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idee</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>{waste} in {area}</source>
        <translation>{waste} in {area}</translation>
    </message>
    <message>
        <source>Led to an idea</source>
        <translation>Zur Idee gemacht</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Observation #{number} · seen by {name} · {moment}</source>
        <translation>Beobachtung #{number} · gesehen von {name} · {moment}</translation>
    </message>
    <message>
        <source>Idea #{number}: {title}</source>
        <translation>Idee #{number}: {title}</translation>
    </message>
    <message>
        <source>≈ {amount} a year</source>
        <translation>≈ {amount} pro Jahr</translation>
    </message>
    <message>
        <source>{hours} hours a year, at {rate}/h for the time lost plus the cost each time</source>
        <translation>{hours} Stunden pro Jahr, zu {rate}/h für die verlorene Zeit plus die Kosten je Mal</translation>
    </message>
    <message>
        <source>{hours} hours a year, at {rate}/h for the time lost</source>
        <translation>{hours} Stunden pro Jahr, zu {rate}/h für die verlorene Zeit</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <source>Pick who is working first.</source>
        <translation>Wählen Sie zuerst, wer arbeitet.</translation>
    </message>
    <message>
        <source>Idea #{number} is made from this observation and linked to it.</source>
        <translation>Idee #{number} ist aus dieser Beobachtung entstanden und mit ihr verknüpft.</translation>
    </message>
    <message>
        <source>Open idea</source>
        <translation>Idee öffnen</translation>
    </message>
</context>
<context>
    <name>ui.detail.photos</name>
    <message>
        <source>No photos.</source>
        <translation>Keine Fotos.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Remove photo</source>
        <translation>Foto entfernen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>This photo cannot be read.</source>
        <translation>Dieses Foto kann nicht gelesen werden.</translation>
    </message>
</context>
<context>
    <name>ui.detail.review_panel</name>
    <message>
        <source>Pick who is working first</source>
        <translation>Wählen Sie zuerst, wer arbeitet</translation>
    </message>
    <message>
        <source>Accepting starts PDCA cycle 1 in Plan: the idea goes on the PDCA board, owned by the owner above.</source>
        <translation>Annehmen startet PDCA-Zyklus 1 in Planen: Die Idee kommt auf das PDCA-Board, verantwortet von der oben gewählten Person.</translation>
    </message>
    <message>
        <source>Owner and due date</source>
        <translation>Verantwortung und Fälligkeit</translation>
    </message>
    <message>
        <source>No owner</source>
        <translation>Niemand verantwortlich</translation>
    </message>
    <message>
        <source>Who carries the idea through PDCA</source>
        <translation>Wer die Idee durch PDCA führt</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>When the change should be in place</source>
        <translation>Wann die Änderung umgesetzt sein soll</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Verantwortlich</translation>
    </message>
    <message>
        <source>Start review</source>
        <translation>Prüfung beginnen</translation>
    </message>
    <message>
        <source>Save owner and date</source>
        <translation>Verantwortung und Datum speichern</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Why the idea is not taken up (the submitter sees this)</source>
        <translation>Warum die Idee nicht aufgegriffen wird (die einreichende Person sieht das)</translation>
    </message>
    <message>
        <source>Send back for more detail</source>
        <translation>Für mehr Details zurückschicken</translation>
    </message>
    <message>
        <source>What the submitter should add or clarify (it also goes into the comments)</source>
        <translation>Was die einreichende Person ergänzen oder klären soll (steht auch in den Kommentaren)</translation>
    </message>
    <message>
        <source>Send back</source>
        <translation>Zurückschicken</translation>
    </message>
    <message>
        <source>Pick who is working first to review this idea.</source>
        <translation>Wählen Sie zuerst, wer arbeitet, um diese Idee zu prüfen.</translation>
    </message>
    <message>
        <source>{name} is {role}: only supervisors and admins review ideas.</source>
        <translation>{name} hat die Rolle {role}: Nur Supervisoren und Administratoren prüfen Ideen.</translation>
    </message>
    <message>
        <source>Submitted and waiting for review. Start the review to tell the submitter someone is on it, or decide straight away.</source>
        <translation>Eingereicht und wartet auf Prüfung. Beginnen Sie die Prüfung, damit die einreichende Person weiß, dass sich jemand kümmert, oder entscheiden Sie sofort.</translation>
    </message>
    <message>
        <source>Under review: accept it, reject it with a reason, or send it back.</source>
        <translation>In Prüfung: annehmen, mit Begründung ablehnen oder zurückschicken.</translation>
    </message>
    <message>
        <source>Accepted and in PDCA. The owner and the due date can still be changed here; the cycle itself is worked on the PDCA board.</source>
        <translation>Angenommen und in PDCA. Verantwortung und Fälligkeit lassen sich hier noch ändern; am Zyklus selbst wird auf dem PDCA-Board gearbeitet.</translation>
    </message>
    <message>
        <source>This idea is {status}: there is nothing more to review.</source>
        <translation>Diese Idee ist {status}: Es gibt nichts mehr zu prüfen.</translation>
    </message>
    <message>
        <source>Pick who is working first.</source>
        <translation>Wählen Sie zuerst, wer arbeitet.</translation>
    </message>
    <message>
        <source>The review has started; the submitter sees the idea is under review.</source>
        <translation>Die Prüfung hat begonnen; die einreichende Person sieht, dass die Idee in Prüfung ist.</translation>
    </message>
    <message>
        <source>Accepted. PDCA cycle 1 has started in Plan, owned by {name}.</source>
        <translation>Angenommen. PDCA-Zyklus 1 hat in Planen begonnen, verantwortet von {name}.</translation>
    </message>
    <message>
        <source>Accepted. PDCA cycle 1 has started in Plan.</source>
        <translation>Angenommen. PDCA-Zyklus 1 hat in Planen begonnen.</translation>
    </message>
    <message>
        <source>Rejected; the reason is kept with the idea.</source>
        <translation>Abgelehnt; die Begründung bleibt bei der Idee.</translation>
    </message>
    <message>
        <source>Sent back to the submitter; the note is in the comments.</source>
        <translation>An die einreichende Person zurückgeschickt; die Notiz steht in den Kommentaren.</translation>
    </message>
    <message>
        <source>The idea has no owner now.</source>
        <translation>Die Idee hat jetzt niemanden als Verantwortliche(n).</translation>
    </message>
    <message>
        <source>{name} owns the idea, due {day}.</source>
        <translation>{name} ist für die Idee verantwortlich, fällig {day}.</translation>
    </message>
    <message>
        <source>{name} owns the idea.</source>
        <translation>{name} ist für die Idee verantwortlich.</translation>
    </message>
</context>
<context>
    <name>ui.form_op</name>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>The change could not be saved: {error}</source>
        <translation>Die Änderung konnte nicht gespeichert werden: {error}</translation>
    </message>
</context>
<context>
    <name>ui.help_dialog</name>
    <message>
        <source>Kaizen help</source>
        <translation>Kaizen-Hilfe</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Vorwärts</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>ui.inbox.badge</name>
    <message>
        <source>{count} waiting for you</source>
        <translation>{count} warten auf Sie</translation>
    </message>
</context>
<context>
    <name>ui.inbox.view</name>
    <message>
        <source>Inbox</source>
        <translation>Eingang</translation>
    </message>
    <message>
        <source>What waits for you: reviews, overdue actions, cards, savings and KPI signals.</source>
        <translation>Was auf Sie wartet: Prüfungen, überfällige Maßnahmen, Karten, Einsparungen und KPI-Signale.</translation>
    </message>
    <message>
        <source>What waits</source>
        <translation>Was wartet</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Warum</translation>
    </message>
    <message>
        <source>What waits for you</source>
        <translation>Was auf Sie wartet</translation>
    </message>
    <message>
        <source>Nothing waits for you</source>
        <translation>Nichts wartet auf Sie</translation>
    </message>
    <message>
        <source>No idea to review, no overdue action, no card waiting on you, no savings to validate and no KPI signal on your processes.</source>
        <translation>Keine Idee zu prüfen, keine überfällige Maßnahme, keine Karte, die auf Sie wartet, keine Einsparungen zu bestätigen und kein KPI-Signal in Ihren Prozessen.</translation>
    </message>
    <message>
        <source>Pick who is working</source>
        <translation>Wählen Sie, wer arbeitet</translation>
    </message>
    <message>
        <source>The inbox shows what waits for the person working: pick yourself in the toolbar.</source>
        <translation>Der Eingang zeigt, was auf die arbeitende Person wartet: wählen Sie sich in der Symbolleiste aus.</translation>
    </message>
    <message>
        <source>Reading your inbox…</source>
        <translation>Ihr Eingang wird gelesen…</translation>
    </message>
    <message>
        <source>The inbox could not be read: {error}</source>
        <translation>Der Eingang konnte nicht gelesen werden: {error}</translation>
    </message>
    <message>
        <source>… and over {count} more (the oldest are shown)</source>
        <translation>… und über {count} weitere (die ältesten werden gezeigt)</translation>
    </message>
    <message>
        <source>… and {count} more (the oldest are shown)</source>
        <translation>… und {count} weitere (die ältesten werden gezeigt)</translation>
    </message>
</context>
<context>
    <name>ui.kiosk.app</name>
    <message>
        <source>The kiosk cannot create its data folder {folder}:

{error}</source>
        <translation>Der Kiosk kann seinen Datenordner {folder} nicht anlegen:

{error}</translation>
    </message>
    <message>
        <source>The kiosk could not open the database at {location}.

{error}</source>
        <translation>Der Kiosk konnte die Datenbank unter {location} nicht öffnen.

{error}</translation>
    </message>
    <message>
        <source>The Kaizen database is damaged, so the kiosk cannot start.

Please fetch a supervisor. Nothing was changed: on an office PC Kaizen offers them the newest good backup.

What was found: {problem}
Database file: {file}</source>
        <translation>Die Kaizen-Datenbank ist beschädigt, daher kann der Kiosk nicht starten.

Bitte holen Sie einen Supervisor. Es wurde nichts geändert: an einem Büro-PC bietet Kaizen ihm die neueste gute Sicherung an.

Gefunden: {problem}
Datenbankdatei: {file}</translation>
    </message>
</context>
<context>
    <name>ui.kiosk.window</name>
    <message>
        <source>Kaizen kiosk</source>
        <translation>Kaizen-Kiosk</translation>
    </message>
    <message>
        <source>Who are you?</source>
        <translation>Wer sind Sie?</translation>
    </message>
    <message>
        <source>Scan your badge, type its number, or tap your name.</source>
        <translation>Scannen Sie Ihren Ausweis, geben Sie seine Nummer ein oder tippen Sie auf Ihren Namen.</translation>
    </message>
    <message>
        <source>Badge number</source>
        <translation>Ausweisnummer</translation>
    </message>
    <message>
        <source>Go</source>
        <translation>Los</translation>
    </message>
    <message>
        <source>You could not be signed in: {error}</source>
        <translation>Sie konnten nicht angemeldet werden: {error}</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Finish: the kiosk goes back to its start for the next person</source>
        <translation>Fertig: der Kiosk kehrt für die nächste Person zum Start zurück</translation>
    </message>
    <message>
        <source>New idea</source>
        <translation>Neue Idee</translation>
    </message>
    <message>
        <source>Log waste</source>
        <translation>Verschwendung erfassen</translation>
    </message>
    <message>
        <source>My ideas</source>
        <translation>Meine Ideen</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Hello, {name}</source>
        <translation>Hallo, {name}</translation>
    </message>
    <message>
        <source>What would you like to do?</source>
        <translation>Was möchten Sie tun?</translation>
    </message>
    <message>
        <source>Thank you: your idea #{number} is saved.</source>
        <translation>Vielen Dank: Ihre Idee #{number} ist gespeichert.</translation>
    </message>
    <message>
        <source>Thank you: your waste observation #{number} is saved.</source>
        <translation>Vielen Dank: Ihre Beobachtung #{number} ist gespeichert.</translation>
    </message>
    <message>
        <source>You have no ideas yet: tap Back, then New idea.</source>
        <translation>Sie haben noch keine Ideen: tippen Sie auf Zurück, dann auf Neue Idee.</translation>
    </message>
    <message>
        <source>My ideas ({count})</source>
        <translation>Meine Ideen ({count})</translation>
    </message>
</context>
<context>
    <name>ui.main_window</name>
    <message>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Ideas</source>
        <translation>Ideen</translation>
    </message>
    <message>
        <source>Waste walk</source>
        <translation>Gemba-Rundgang</translation>
    </message>
    <message>
        <source>PDCA board</source>
        <translation>PDCA-Board</translation>
    </message>
    <message>
        <source>Measurements</source>
        <translation>Messungen</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Berichte</translation>
    </message>
    <message>
        <source>Process maps</source>
        <translation>Prozesslandkarten</translation>
    </message>
    <message>
        <source>Process mining</source>
        <translation>Process Mining</translation>
    </message>
    <message>
        <source>What-if</source>
        <translation>Was-wäre-wenn</translation>
    </message>
    <message>
        <source>People &amp; areas</source>
        <translation>Personen &amp; Bereiche</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Eingang</translation>
    </message>
    <message>
        <source>This database is open read-only</source>
        <translation>Diese Datenbank ist schreibgeschützt geöffnet</translation>
    </message>
    <message>
        <source>Pick who is working first</source>
        <translation>Wählen Sie zuerst, wer arbeitet</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Hilfe</translation>
    </message>
    <message>
        <source>Database: {location}</source>
        <translation>Datenbank: {location}</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>Datenbank wird geöffnet…</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Ansichten</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>New idea</source>
        <translation>Neue Idee</translation>
    </message>
    <message>
        <source>Log waste</source>
        <translation>Verschwendung erfassen</translation>
    </message>
    <message>
        <source>Nobody picked as working</source>
        <translation>Niemand als arbeitend gewählt</translation>
    </message>
    <message>
        <source>Working: {name} ({role})</source>
        <translation>Arbeitet: {name} ({role})</translation>
    </message>
    <message>
        <source>{name} was signed out after {minutes} idle minute (a site setting). Pick who is working to go on.</source>
        <translation>{name} wurde nach {minutes} Minute ohne Aktivität abgemeldet (eine Standorteinstellung). Wählen Sie, wer arbeitet, um fortzufahren.</translation>
    </message>
    <message>
        <source>{name} was signed out after {minutes} idle minutes (a site setting). Pick who is working to go on.</source>
        <translation>{name} wurde nach {minutes} Minuten ohne Aktivität abgemeldet (eine Standorteinstellung). Wählen Sie, wer arbeitet, um fortzufahren.</translation>
    </message>
</context>
<context>
    <name>ui.measure.action_bar</name>
    <message>
        <source>More actions</source>
        <translation>Weitere Aktionen</translation>
    </message>
</context>
<context>
    <name>ui.measure.common</name>
    <message>
        <source>Pick who is working first</source>
        <translation>Wählen Sie zuerst, wer gerade arbeitet</translation>
    </message>
</context>
<context>
    <name>ui.measure.control_panel</name>
    <message>
        <source>No signal: every point is within its limits under the chosen rules.</source>
        <translation>Kein Signal: Jeder Punkt liegt nach den gewählten Regeln innerhalb seiner Grenzen.</translation>
    </message>
    <message>
        <source>Control limits</source>
        <translation>Eingriffsgrenzen</translation>
    </message>
    <message>
        <source>Limits per phase: the after phase gets limits of its own. Before limits carried forward: the after points are judged against the old process, so a lasting change shows as signals.</source>
        <translation>Grenzen je Phase: Die Nachher-Phase erhält eigene Grenzen. Vorher-Grenzen fortgeschrieben: Die Nachher-Punkte werden am alten Prozess gemessen, sodass sich eine dauerhafte Änderung als Signale zeigt.</translation>
    </message>
    <message>
        <source>Limits:</source>
        <translation>Grenzen:</translation>
    </message>
    <message>
        <source>Signals</source>
        <translation>Signale</translation>
    </message>
    <message>
        <source>Control chart signals</source>
        <translation>Signale der Regelkarte</translation>
    </message>
    <message>
        <source>No control chart yet.</source>
        <translation>Noch keine Regelkarte.</translation>
    </message>
    <message>
        <source>Signals ({count})</source>
        <translation>Signale ({count})</translation>
    </message>
    <message>
        <source>{name} control chart</source>
        <translation>Regelkarte {name}</translation>
    </message>
</context>
<context>
    <name>ui.measure.correction_dialog</name>
    <message>
        <source>Correct a validated entry</source>
        <translation>Bestätigten Eintrag korrigieren</translation>
    </message>
    <message>
        <source>{kind} savings, {month}: {amount}, validated by {name} on {day}.</source>
        <translation>Einsparungen ({kind}), {month}: {amount}, bestätigt von {name} am {day}.</translation>
    </message>
    <message>
        <source>{kind} savings, {month}: {amount}, validated by {name}.</source>
        <translation>Einsparungen ({kind}), {month}: {amount}, bestätigt von {name}.</translation>
    </message>
    <message>
        <source>With its corrections so far: {amount}.</source>
        <translation>Mit den bisherigen Korrekturen: {amount}.</translation>
    </message>
    <message>
        <source>The entry stays as validated. The correction is a new entry of the same month and kind that adds (or, negative, takes away) the difference; it can be validated in turn.</source>
        <translation>Der Eintrag bleibt wie bestätigt. Die Korrektur ist ein neuer Eintrag desselben Monats und derselben Art, der die Differenz hinzufügt (oder, negativ, abzieht); er kann seinerseits bestätigt werden.</translation>
    </message>
    <message>
        <source>Change by</source>
        <translation>Ändern um</translation>
    </message>
    <message>
        <source>Negative to take away, positive to add</source>
        <translation>Negativ zum Abziehen, positiv zum Hinzufügen</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>Why the amount was wrong (required)</source>
        <translation>Warum der Betrag falsch war (erforderlich)</translation>
    </message>
    <message>
        <source>Add correction</source>
        <translation>Korrektur hinzufügen</translation>
    </message>
    <message>
        <source>This entry will then count {amount}.</source>
        <translation>Dieser Eintrag zählt dann {amount}.</translation>
    </message>
</context>
<context>
    <name>ui.measure.entry_dialog</name>
    <message>
        <source>Edit savings entry</source>
        <translation>Einsparungseintrag bearbeiten</translation>
    </message>
    <message>
        <source>Add a savings entry</source>
        <translation>Einsparungseintrag hinzufügen</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Monat</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Forecast: expected, not yet realised</source>
        <translation>Prognose: erwartet, noch nicht erzielt</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>How it was counted, where the figure comes from</source>
        <translation>Wie gezählt wurde, woher die Zahl stammt</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Änderungen speichern</translation>
    </message>
    <message>
        <source>Add entry</source>
        <translation>Eintrag hinzufügen</translation>
    </message>
</context>
<context>
    <name>ui.measure.metric_dialog</name>
    <message>
        <source>Cycle time</source>
        <translation>Zykluszeit</translation>
    </message>
    <message>
        <source>Lead time</source>
        <translation>Durchlaufzeit</translation>
    </message>
    <message>
        <source>days</source>
        <translation>Tage</translation>
    </message>
    <message>
        <source>Defect rate</source>
        <translation>Fehlerquote</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>Durchsatz</translation>
    </message>
    <message>
        <source>units/h</source>
        <translation>Stück/h</translation>
    </message>
    <message>
        <source>Changeover time</source>
        <translation>Rüstzeit</translation>
    </message>
    <message>
        <source>Cost per unit</source>
        <translation>Kosten pro Stück</translation>
    </message>
    <message>
        <source>Statistics plan: {name}</source>
        <translation>Statistikplan: {name}</translation>
    </message>
    <message>
        <source>Add a metric</source>
        <translation>Kennzahl hinzufügen</translation>
    </message>
    <message>
        <source>Set before the after-data exist: the test is then fixed, as a defensible verdict needs.</source>
        <translation>Festlegen, bevor es Nachher-Daten gibt: Der Test steht dann fest, wie es ein belastbares Urteil braucht.</translation>
    </message>
    <message>
        <source>What you will measure before and after the change. Pick a common one or type your own; the statistics plan below is optional.</source>
        <translation>Was Sie vor und nach der Änderung messen. Wählen Sie eine gängige Kennzahl oder geben Sie eine eigene ein; der Statistikplan unten ist optional.</translation>
    </message>
    <message>
        <source>e.g. Cycle time</source>
        <translation>z. B. Zykluszeit</translation>
    </message>
    <message>
        <source>Metric name</source>
        <translation>Name der Kennzahl</translation>
    </message>
    <message>
        <source>e.g. min, %, parts, {currency}</source>
        <translation>z. B. min, %, Teile, {currency}</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <source>&amp;Lower is better</source>
        <translation>&amp;Niedriger ist besser</translation>
    </message>
    <message>
        <source>&amp;Higher is better</source>
        <translation>&amp;Höher ist besser</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Better when</source>
        <translation>Besser, wenn</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Save plan</source>
        <translation>Plan speichern</translation>
    </message>
    <message>
        <source>Add metric</source>
        <translation>Kennzahl hinzufügen</translation>
    </message>
</context>
<context>
    <name>ui.measure.plan_fields</name>
    <message>
        <source>Welch&apos;s t-test (measured values)</source>
        <translation>Welch-t-Test (Messwerte)</translation>
    </message>
    <message>
        <source>Mann-Whitney test</source>
        <translation>Mann-Whitney-Test</translation>
    </message>
    <message>
        <source>Automatic (I-MR, or X-bar/R for subgroups)</source>
        <translation>Automatisch (I-MR; X-quer/R bei Untergruppen)</translation>
    </message>
    <message>
        <source>I-MR: one value at a time</source>
        <translation>I-MR: ein Wert nach dem anderen</translation>
    </message>
    <message>
        <source>X-bar/R: subgroups, ranges</source>
        <translation>X-quer/R: Untergruppen, Spannweiten</translation>
    </message>
    <message>
        <source>X-bar/S: subgroups, standard deviations</source>
        <translation>X-quer/S: Untergruppen, Standardabweichungen</translation>
    </message>
    <message>
        <source>p chart: share of defective items</source>
        <translation>p-Karte: Anteil fehlerhafter Teile</translation>
    </message>
    <message>
        <source>u chart: defects per unit</source>
        <translation>u-Karte: Fehler pro Einheit</translation>
    </message>
    <message>
        <source>Enter a number, or leave it empty.</source>
        <translation>Geben Sie eine Zahl ein oder lassen Sie das Feld leer.</translation>
    </message>
    <message>
        <source>Lower</source>
        <translation>Untere</translation>
    </message>
    <message>
        <source>Lower spec limit</source>
        <translation>Untere Spezifikationsgrenze</translation>
    </message>
    <message>
        <source>Upper</source>
        <translation>Obere</translation>
    </message>
    <message>
        <source>Upper spec limit</source>
        <translation>Obere Spezifikationsgrenze</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Zielwert</translation>
    </message>
    <message>
        <source>Spec limits</source>
        <translation>Spezifikationsgrenzen</translation>
    </message>
    <message>
        <source>Lower, upper (one is enough) and target, for capability. Optional.</source>
        <translation>Untere, obere (eine genügt) und Zielwert, für die Prozessfähigkeit. Optional.</translation>
    </message>
    <message>
        <source>e.g. 2</source>
        <translation>z. B. 2</translation>
    </message>
    <message>
        <source>Change hoped for</source>
        <translation>Erhoffte Änderung</translation>
    </message>
    <message>
        <source>The smallest change worth finding, in the metric&apos;s unit: it sets how many samples are needed. Optional.</source>
        <translation>Die kleinste Änderung, die sich zu finden lohnt, in der Einheit der Kennzahl: Sie bestimmt, wie viele Stichproben nötig sind. Optional.</translation>
    </message>
    <message>
        <source>Primary test</source>
        <translation>Haupttest</translation>
    </message>
    <message>
        <source>One-sided: only a change in the better direction counts</source>
        <translation>Einseitig: Nur eine Änderung zum Besseren zählt</translation>
    </message>
    <message>
        <source>Control chart</source>
        <translation>Regelkarte</translation>
    </message>
    <message>
        <source>Subgroup size</source>
        <translation>Untergruppengröße</translation>
    </message>
    <message>
        <source>e.g. 50</source>
        <translation>z. B. 50</translation>
    </message>
    <message>
        <source>Counted per measurement</source>
        <translation>Gezählt pro Messung</translation>
    </message>
    <message>
        <source>Rule set</source>
        <translation>Regelsatz</translation>
    </message>
    <message>
        <source>Site default: {rules}</source>
        <translation>Standortvorgabe: {rules}</translation>
    </message>
    <message>
        <source>Chart rules</source>
        <translation>Kartenregeln</translation>
    </message>
    <message>
        <source>Fixed: the metric already has {count} after-measurement, and the test is chosen before the data.</source>
        <translation>Festgelegt: Die Kennzahl hat bereits {count} Nachher-Messung, und der Test wird vor den Daten gewählt.</translation>
    </message>
    <message>
        <source>Fixed: the metric already has {count} after-measurements, and the test is chosen before the data.</source>
        <translation>Festgelegt: Die Kennzahl hat bereits {count} Nachher-Messungen, und der Test wird vor den Daten gewählt.</translation>
    </message>
    <message>
        <source>items inspected per measurement</source>
        <translation>geprüfte Teile pro Messung</translation>
    </message>
    <message>
        <source>units inspected per measurement</source>
        <translation>geprüfte Einheiten pro Messung</translation>
    </message>
    <message>
        <source>only for p and u charts</source>
        <translation>nur für p- und u-Karten</translation>
    </message>
    <message>
        <source>not used by p and u charts</source>
        <translation>von p- und u-Karten nicht genutzt</translation>
    </message>
    <message>
        <source>{chart} needs 2 or more</source>
        <translation>{chart} braucht 2 oder mehr</translation>
    </message>
    <message>
        <source>consecutive values form subgroups of {size}</source>
        <translation>aufeinanderfolgende Werte bilden Untergruppen zu {size}</translation>
    </message>
    <message>
        <source>1: each value on its own</source>
        <translation>1: jeder Wert für sich</translation>
    </message>
</context>
<context>
    <name>ui.measure.proof_override</name>
    <message>
        <source>No statistical proof yet</source>
        <translation>Noch kein statistischer Nachweis</translation>
    </message>
    <message>
        <source>Validate with this reason</source>
        <translation>Mit dieser Begründung bestätigen</translation>
    </message>
</context>
<context>
    <name>ui.measure.propose_dialog</name>
    <message>
        <source>Propose savings</source>
        <translation>Einsparungen vorschlagen</translation>
    </message>
    <message>
        <source>Propose savings from the measurements</source>
        <translation>Einsparungen aus den Messungen vorschlagen</translation>
    </message>
    <message>
        <source>{name}: mean {before} before, {after} after, {gain} better per unit.</source>
        <translation>{name}: Mittelwert {before} vorher, {after} nachher, {gain} besser pro Stück.</translation>
    </message>
    <message>
        <source>{name}: mean {before} before, {after} after, {gain} worse per unit.</source>
        <translation>{name}: Mittelwert {before} vorher, {after} nachher, {gain} schlechter pro Stück.</translation>
    </message>
    <message>
        <source>{name}: mean {before} before, {after} after, {gain} unchanged per unit.</source>
        <translation>{name}: Mittelwert {before} vorher, {after} nachher, {gain} unverändert pro Stück.</translation>
    </message>
    <message>
        <source>a year</source>
        <translation>pro Jahr</translation>
    </message>
    <message>
        <source>Yearly volume</source>
        <translation>Jahresmenge</translation>
    </message>
    <message>
        <source>How many times a year the measured thing happens: parts made, orders picked, changeovers done…</source>
        <translation>Wie oft pro Jahr das Gemessene vorkommt: gefertigte Teile, kommissionierte Aufträge, durchgeführte Rüstvorgänge…</translation>
    </message>
    <message>
        <source>Cost of one unit</source>
        <translation>Kosten pro Stück</translation>
    </message>
    <message>
        <source>Cost of one {unit}</source>
        <translation>Kosten pro {unit}</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Use as forecast…</source>
        <translation>Als Prognose übernehmen…</translation>
    </message>
    <message>
        <source>{amount} a year</source>
        <translation>{amount} pro Jahr</translation>
    </message>
    <message>
        <source>{name} did not get better, so there is nothing to propose.</source>
        <translation>{name} hat sich nicht verbessert, daher gibt es nichts vorzuschlagen.</translation>
    </message>
    <message>
        <source>{gain} better × {volume} a year × {cost}; {month} a month.</source>
        <translation>{gain} besser × {volume} pro Jahr × {cost}; {month} pro Monat.</translation>
    </message>
    <message>
        <source>Estimate from {name}: {gain} better × {volume} a year × {cost} ÷ 12</source>
        <translation>Schätzung aus {name}: {gain} besser × {volume} pro Jahr × {cost} ÷ 12</translation>
    </message>
</context>
<context>
    <name>ui.measure.samples_editor</name>
    <message>
        <source>Supervisors and admins record measurements; staff see them read-only.</source>
        <translation>Supervisoren und Administratoren erfassen Messungen; Mitarbeitende sehen sie schreibgeschützt.</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>Gemessen</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
    <message>
        <source>Line {line} (“{text}”): {reason}.</source>
        <translation>Zeile {line} („{text}“): {reason}.</translation>
    </message>
    <message>
        <source>And 1 more line.</source>
        <translation>Und 1 weitere Zeile.</translation>
    </message>
    <message>
        <source>And {count} more lines.</source>
        <translation>Und {count} weitere Zeilen.</translation>
    </message>
    <message>
        <source>before</source>
        <translation>vorher</translation>
    </message>
    <message>
        <source>after</source>
        <translation>nachher</translation>
    </message>
    <message>
        <source>Added {count} {phase} value to {metric}.</source>
        <translation>{count} Wert ({phase}) zu {metric} hinzugefügt.</translation>
    </message>
    <message>
        <source>Added {count} {phase} values to {metric}.</source>
        <translation>{count} Werte ({phase}) zu {metric} hinzugefügt.</translation>
    </message>
    <message>
        <source>Added {count} {phase} value.</source>
        <translation>{count} Wert ({phase}) hinzugefügt.</translation>
    </message>
    <message>
        <source>Added {count} {phase} values.</source>
        <translation>{count} Werte ({phase}) hinzugefügt.</translation>
    </message>
    <message>
        <source>Type or paste values, one per line.
A column copied from a spreadsheet works: 12,5 or 12.5, with or without a header.</source>
        <translation>Werte eingeben oder einfügen, einer pro Zeile.
Eine aus einer Tabelle kopierte Spalte geht: 12,5 oder 12.5, mit oder ohne Kopfzeile.</translation>
    </message>
    <message>
        <source>Add samples</source>
        <translation>Neue Werte</translation>
    </message>
    <message>
        <source>&amp;Before</source>
        <translation>&amp;Vorher</translation>
    </message>
    <message>
        <source>&amp;After</source>
        <translation>&amp;Nachher</translation>
    </message>
    <message>
        <source>Samples measured before the change (Alt+B)</source>
        <translation>Vor der Änderung gemessene Stichproben (Alt+V)</translation>
    </message>
    <message>
        <source>Samples measured after the change (Alt+A)</source>
        <translation>Nach der Änderung gemessene Stichproben (Alt+N)</translation>
    </message>
    <message>
        <source>At another time</source>
        <translation>Zu einer anderen Zeit</translation>
    </message>
    <message>
        <source>Measured earlier than now: give the day and time</source>
        <translation>Früher gemessen: Tag und Uhrzeit angeben</translation>
    </message>
    <message>
        <source>The measurement time</source>
        <translation>Der Messzeitpunkt</translation>
    </message>
    <message>
        <source>Values, one per line</source>
        <translation>Werte, einer pro Zeile</translation>
    </message>
    <message>
        <source>Add values</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Store the numbers in the box (Ctrl+Enter)</source>
        <translation>Die Zahlen im Feld speichern (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>Einfügen</translation>
    </message>
    <message>
        <source>Put the column copied from a spreadsheet into the box</source>
        <translation>Die aus einer Tabelle kopierte Spalte in das Feld einfügen</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>CSV-Import…</translation>
    </message>
    <message>
        <source>Import a CSV file with the columns phase (before or after), value and optionally measured_at (2026-03-31 or 2026-03-31 14:05)</source>
        <translation>Eine CSV-Datei mit den Spalten phase (before oder after), value und optional measured_at (2026-03-31 oder 2026-03-31 14:05) importieren</translation>
    </message>
    <message>
        <source>Pick who is working first: supervisors and admins record measurements.</source>
        <translation>Wählen Sie zuerst, wer gerade arbeitet: Supervisoren und Administratoren erfassen Messungen.</translation>
    </message>
    <message>
        <source>Add a metric first.</source>
        <translation>Fügen Sie zuerst eine Kennzahl hinzu.</translation>
    </message>
    <message>
        <source>Import a CSV file with the columns phase, value and optionally measured_at</source>
        <translation>Eine CSV-Datei mit den Spalten phase, value und optional measured_at importieren</translation>
    </message>
    <message>
        <source>The clipboard holds no text; copy a column in your spreadsheet first.</source>
        <translation>Die Zwischenablage enthält keinen Text; kopieren Sie zuerst eine Spalte in Ihrer Tabelle.</translation>
    </message>
    <message>
        <source>Type or paste at least one number.</source>
        <translation>Geben Sie mindestens eine Zahl ein oder fügen Sie sie ein.</translation>
    </message>
    <message>
        <source>Import measurements</source>
        <translation>Messungen importieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV-Dateien (*.csv *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>The first line (“{text}”) was taken as a header.</source>
        <translation>Die erste Zeile („{text}“) wurde als Kopfzeile genommen.</translation>
    </message>
    <message>
        <source>Not added (1 line, left in the box to fix):</source>
        <translation>Nicht hinzugefügt (1 Zeile, zum Korrigieren im Feld gelassen):</translation>
    </message>
    <message>
        <source>Not added ({count} lines, left in the box to fix):</source>
        <translation>Nicht hinzugefügt ({count} Zeilen, zum Korrigieren im Feld gelassen):</translation>
    </message>
    <message>
        <source>Imported {total} value from {file}: {before} before, {after} after.</source>
        <translation>{total} Wert aus {file} importiert: {before} vorher, {after} nachher.</translation>
    </message>
    <message>
        <source>Imported {total} values from {file}: {before} before, {after} after.</source>
        <translation>{total} Werte aus {file} importiert: {before} vorher, {after} nachher.</translation>
    </message>
</context>
<context>
    <name>ui.measure.savings_common</name>
    <message>
        <source>Supervisors and admins record savings; staff see the ledger read-only.</source>
        <translation>Supervisoren und Administratoren erfassen Einsparungen; Mitarbeitende sehen das Einsparungsbuch schreibgeschützt.</translation>
    </message>
    <message>
        <source>You entered or changed this entry: a second person validates it (Site settings can allow one person for a one-person site).</source>
        <translation>Sie haben diesen Eintrag erfasst oder geändert: Eine zweite Person bestätigt ihn (die Standorteinstellungen können für einen Ein-Personen-Standort eine Person erlauben).</translation>
    </message>
    <message>
        <source>Validated entries are locked: use Correct… to fix one with a correction entry.</source>
        <translation>Bestätigte Einträge sind gesperrt: Mit Korrigieren… berichtigen Sie einen durch einen Korrektureintrag.</translation>
    </message>
    <message>
        <source>A forecast is a promise, not money: it is never validated. Record the actual amount once the month is over and validate that.</source>
        <translation>Eine Prognose ist ein Versprechen, kein Geld: Sie wird nie bestätigt. Erfassen Sie nach Monatsende den Ist-Betrag und bestätigen Sie diesen.</translation>
    </message>
    <message>
        <source>Money that no longer leaves the business: less scrap, overtime, material, energy.</source>
        <translation>Geld, das das Unternehmen nicht mehr verlässt: weniger Ausschuss, Überstunden, Material, Energie.</translation>
    </message>
    <message>
        <source>Time or capacity freed and used for other work.</source>
        <translation>Frei gewordene Zeit oder Kapazität, die für andere Arbeit genutzt wird.</translation>
    </message>
    <message>
        <source>A cost that would have come and now will not (a hire, a machine, a penalty).</source>
        <translation>Kosten, die gekommen wären und nun ausbleiben (eine Einstellung, eine Maschine, eine Vertragsstrafe).</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
</context>
<context>
    <name>ui.measure.savings_ledger</name>
    <message>
        <source>Validated</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Actual savings a supervisor validated; ROI and payback count these.</source>
        <translation>Ist-Einsparungen, die ein Supervisor bestätigt hat; ROI und Amortisation zählen diese.</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>Ist</translation>
    </message>
    <message>
        <source>Every actual entry, validated or not, corrections included.</source>
        <translation>Jeder Ist-Eintrag, bestätigt oder nicht, einschließlich Korrekturen.</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>Prognose</translation>
    </message>
    <message>
        <source>What the forecasts promise.</source>
        <translation>Was die Prognosen versprechen.</translation>
    </message>
    <message>
        <source>One-off cost</source>
        <translation>Einmalkosten</translation>
    </message>
    <message>
        <source>The implementation cost on the idea.</source>
        <translation>Die Umsetzungskosten der Idee.</translation>
    </message>
    <message>
        <source>ROI</source>
        <translation>ROI</translation>
    </message>
    <message>
        <source>(Validated savings − one-off cost) ÷ one-off cost.</source>
        <translation>(Bestätigte Einsparungen − Einmalkosten) ÷ Einmalkosten.</translation>
    </message>
    <message>
        <source>Payback</source>
        <translation>Amortisation</translation>
    </message>
    <message>
        <source>The first month in which validated savings add up to the one-off cost.</source>
        <translation>Der erste Monat, in dem die bestätigten Einsparungen die Einmalkosten erreichen.</translation>
    </message>
    <message>
        <source>Add entry…</source>
        <translation>Eintrag hinzufügen…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <source>Validate</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <source>Correct…</source>
        <translation>Korrigieren…</translation>
    </message>
    <message>
        <source>Savings entries</source>
        <translation>Einsparungseinträge</translation>
    </message>
    <message>
        <source>No savings recorded yet. Add a forecast when the change is planned, and the actual amount each month once it runs.</source>
        <translation>Noch keine Einsparungen erfasst. Fügen Sie eine Prognose hinzu, wenn die Änderung geplant ist, und den Ist-Betrag jeden Monat, sobald sie läuft.</translation>
    </message>
    <message>
        <source>Pick who is working first: supervisors and admins record and validate savings.</source>
        <translation>Wählen Sie zuerst, wer gerade arbeitet: Supervisoren und Administratoren erfassen und bestätigen Einsparungen.</translation>
    </message>
    <message>
        <source>Pick an idea first.</source>
        <translation>Wählen Sie zuerst eine Idee.</translation>
    </message>
    <message>
        <source>Select an entry first.</source>
        <translation>Wählen Sie zuerst einen Eintrag aus.</translation>
    </message>
    <message>
        <source>Only validated entries are corrected; this one can still be edited.</source>
        <translation>Nur bestätigte Einträge werden korrigiert; dieser kann noch bearbeitet werden.</translation>
    </message>
    <message>
        <source>Already validated.</source>
        <translation>Bereits bestätigt.</translation>
    </message>
    <message>
        <source>Add a forecast or an actual amount (Ctrl+N)</source>
        <translation>Eine Prognose oder einen Ist-Betrag hinzufügen (Ctrl+N)</translation>
    </message>
    <message>
        <source>Change this entry (Enter)</source>
        <translation>Diesen Eintrag ändern (Enter)</translation>
    </message>
    <message>
        <source>Confirm this actual amount; it is then locked</source>
        <translation>Diesen Ist-Betrag bestätigen; danach ist er gesperrt</translation>
    </message>
    <message>
        <source>Add a correction entry to this validated amount</source>
        <translation>Einen Korrektureintrag zu diesem bestätigten Betrag hinzufügen</translation>
    </message>
    <message>
        <source>Validated, so locked: use Correct… to fix it.</source>
        <translation>Bestätigt, daher gesperrt: Mit Korrigieren… berichtigen.</translation>
    </message>
    <message>
        <source>{amount} to validate</source>
        <translation>{amount} zu bestätigen</translation>
    </message>
    <message>
        <source>all validated</source>
        <translation>alles bestätigt</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>on the idea</source>
        <translation>an der Idee</translation>
    </message>
    <message>
        <source>no one-off cost</source>
        <translation>keine Einmalkosten</translation>
    </message>
    <message>
        <source>nothing validated yet</source>
        <translation>noch nichts bestätigt</translation>
    </message>
    <message>
        <source>{percent}%</source>
        <translation>{percent}&#xa0;%</translation>
    </message>
    <message>
        <source>on validated savings</source>
        <translation>auf bestätigte Einsparungen</translation>
    </message>
    <message>
        <source>paid back</source>
        <translation>amortisiert</translation>
    </message>
    <message>
        <source>forecast: {month}</source>
        <translation>Prognose: {month}</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>noch nicht</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>Noch nicht</translation>
    </message>
    <message>
        <source>The ledger could not be read: {message}</source>
        <translation>Das Einsparungsbuch konnte nicht gelesen werden: {message}</translation>
    </message>
    <message>
        <source>Validate savings</source>
        <translation>Einsparungen bestätigen</translation>
    </message>
    <message>
        <source>Validate {amount} of {kind} savings for {month}?</source>
        <translation>{amount} Einsparungen ({kind}) für {month} bestätigen?</translation>
    </message>
    <message>
        <source>A validated entry is locked: a mistake is then fixed with a correction entry, never by editing it.</source>
        <translation>Ein bestätigter Eintrag ist gesperrt: Ein Fehler wird dann mit einem Korrektureintrag behoben, nie durch Bearbeiten.</translation>
    </message>
</context>
<context>
    <name>ui.measure.savings_model</name>
    <message>
        <source>Month</source>
        <translation>Monat</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Validated</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Correction of #{id}, {kind}</source>
        <translation>Korrektur von #{id}, {kind}</translation>
    </message>
    <message>
        <source>Forecast, {kind}</source>
        <translation>Prognose, {kind}</translation>
    </message>
    <message>
        <source>Actual, {kind}</source>
        <translation>Ist, {kind}</translation>
    </message>
    <message>
        <source>a supervisor</source>
        <translation>ein Supervisor</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>Noch nicht</translation>
    </message>
    <message>
        <source>Validated by {name} on {when}.</source>
        <translation>Bestätigt von {name} am {when}.</translation>
    </message>
    <message>
        <source>Not validated yet: a supervisor confirms actual amounts.</source>
        <translation>Noch nicht bestätigt: Ein Supervisor bestätigt Ist-Beträge.</translation>
    </message>
</context>
<context>
    <name>ui.measure.stats_details</name>
    <message>
        <source>Primary: {test}</source>
        <translation>Haupttest: {test}</translation>
    </message>
    <message>
        <source>; Hedges&apos; g {g}</source>
        <translation>; Hedges&apos; g {g}</translation>
    </message>
    <message>
        <source>Robustness check: {test}</source>
        <translation>Robustheitsprüfung: {test}</translation>
    </message>
    <message>
        <source>, subgroups of {size}</source>
        <translation>, Untergruppen zu {size}</translation>
    </message>
    <message>
        <source>one-sided</source>
        <translation>einseitig</translation>
    </message>
    <message>
        <source>two-sided</source>
        <translation>zweiseitig</translation>
    </message>
    <message>
        <source>Plan: {test}, {sided}, fixed before the after-data; chart {chart}{groups}; {rules}{default}</source>
        <translation>Plan: {test}, {sided}, vor den Nachher-Daten festgelegt; Karte {chart}{groups}; {rules}{default}</translation>
    </message>
    <message>
        <source>, the site default</source>
        <translation>, die Standortvorgabe</translation>
    </message>
    <message>
        <source>Samples per phase to detect a change of {change}: {n} (80% power)</source>
        <translation>Stichproben pro Phase, um eine Änderung von {change} zu erkennen: {n} (80&#xa0;% Teststärke)</translation>
    </message>
    <message>
        <source>Capability before: {figures}</source>
        <translation>Prozessfähigkeit vorher: {figures}</translation>
    </message>
    <message>
        <source>Capability after: {figures}</source>
        <translation>Prozessfähigkeit nachher: {figures}</translation>
    </message>
    <message>
        <source>DPMO from the overall sigma; {note}.</source>
        <translation>DPMO aus dem Gesamt-Sigma; {note}.</translation>
    </message>
    <message>
        <source>{rule} at {points}</source>
        <translation>{rule} bei {points}</translation>
    </message>
    <message>
        <source>Signals on the before-limits ({chart}): </source>
        <translation>Signale an den Vorher-Grenzen ({chart}): </translation>
    </message>
    <message>
        <source>; {count} more</source>
        <translation>; {count} weitere</translation>
    </message>
    <message>
        <source>No control-chart signal on the before-phase limits ({chart}).</source>
        <translation>Kein Regelkartensignal an den Grenzen der Vorher-Phase ({chart}).</translation>
    </message>
    <message>
        <source>Control chart ({chart}): {note}</source>
        <translation>Regelkarte ({chart}): {note}</translation>
    </message>
    <message>
        <source>{name} {symbol} = {statistic}{df}, {p}; difference {estimate} ({interval})</source>
        <translation>{name} {symbol} = {statistic}{df}, {p}; Differenz {estimate} ({interval})</translation>
    </message>
    <message>
        <source>{name} {symbol} = {statistic}{df}, {p}; Hodges-Lehmann shift {estimate} ({interval})</source>
        <translation>{name} {symbol} = {statistic}{df}, {p}; Hodges-Lehmann-Verschiebung {estimate} ({interval})</translation>
    </message>
    <message>
        <source>95% upper bound {value}</source>
        <translation>95-%-Obergrenze {value}</translation>
    </message>
    <message>
        <source>95% lower bound {value}</source>
        <translation>95-%-Untergrenze {value}</translation>
    </message>
    <message>
        <source>95% CI {low} to {high}</source>
        <translation>95-%-KI {low} bis {high}</translation>
    </message>
    <message>
        <source>outside {expected}% expected, {seen}% seen</source>
        <translation>außerhalb {expected}&#xa0;% erwartet, {seen}&#xa0;% beobachtet</translation>
    </message>
    <message>
        <source>sigma level {level}</source>
        <translation>Sigma-Niveau {level}</translation>
    </message>
    <message>
        <source>sigma level above 6</source>
        <translation>Sigma-Niveau über 6</translation>
    </message>
</context>
<context>
    <name>ui.measure.stats_panel</name>
    <message>
        <source>Mean</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>Median</translation>
    </message>
    <message>
        <source>Std dev</source>
        <translation>Std.-Abw.</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
    <message>
        <source>No test yet: it needs at least 2 measurements before and 2 after.</source>
        <translation>Noch kein Test: Er braucht mindestens 2 Messungen vorher und 2 nachher.</translation>
    </message>
    <message>
        <source>odds ratio</source>
        <translation>Odds Ratio</translation>
    </message>
    <message>
        <source>0/1 outcomes compared as rates</source>
        <translation>0/1-Ergebnisse als Quoten verglichen</translation>
    </message>
    <message>
        <source>improvement</source>
        <translation>Verbesserung</translation>
    </message>
    <message>
        <source>Pick a metric to see whether it changed.</source>
        <translation>Wählen Sie eine Kennzahl, um zu sehen, ob sie sich verändert hat.</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Wird berechnet…</translation>
    </message>
    <message>
        <source>In {unit}; lower is better</source>
        <translation>In {unit}; niedriger ist besser</translation>
    </message>
    <message>
        <source>In {unit}; higher is better</source>
        <translation>In {unit}; höher ist besser</translation>
    </message>
    <message>
        <source>lower is better</source>
        <translation>niedriger ist besser</translation>
    </message>
    <message>
        <source>higher is better</source>
        <translation>höher ist besser</translation>
    </message>
    <message>
        <source>{percent}% better</source>
        <translation>{percent}&#xa0;% besser</translation>
    </message>
    <message>
        <source>{percent}% worse</source>
        <translation>{percent}&#xa0;% schlechter</translation>
    </message>
    <message>
        <source>The change from before to after, in % of before, counted in the better direction (of the means for Welch&apos;s t-test, of the medians for Mann-Whitney, of the rates for 0/1 outcomes).</source>
        <translation>Die Änderung von vorher zu nachher, in % von vorher, in die bessere Richtung gezählt (der Mittelwerte beim Welch-t-Test, der Mediane bei Mann-Whitney, der Quoten bei 0/1-Ergebnissen).</translation>
    </message>
</context>
<context>
    <name>ui.mining.conformance_panel</name>
    <message>
        <source>Deviation</source>
        <translation>Abweichung</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Fälle</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Fall</translation>
    </message>
    <message>
        <source>Replay fitness</source>
        <translation>Replay-Fitness</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>What deviates</source>
        <translation>Was abweicht</translation>
    </message>
    <message>
        <source>Skipped step</source>
        <translation>Übersprungener Schritt</translation>
    </message>
    <message>
        <source>Step not in the map</source>
        <translation>Schritt nicht in der Karte</translation>
    </message>
    <message>
        <source>Wrong order</source>
        <translation>Falsche Reihenfolge</translation>
    </message>
    <message>
        <source>{target} after {source}</source>
        <translation>{target} nach {source}</translation>
    </message>
    <message>
        <source>Not a flow of the map</source>
        <translation>Kein Fluss der Karte</translation>
    </message>
    <message>
        <source>Never done</source>
        <translation>Nie ausgeführt</translation>
    </message>
    <message>
        <source>Process map</source>
        <translation>Prozesslandkarte</translation>
    </message>
    <message>
        <source>Check the log against the map</source>
        <translation>Protokoll gegen die Karte prüfen</translation>
    </message>
    <message>
        <source>Pick the process whose current-state map this log should follow; its steps are matched to the log&apos;s activities by name. The whole stored log is checked, whatever the filters.</source>
        <translation>Wählen Sie den Prozess, dessen Ist-Zustand-Karte dieses Protokoll befolgen soll; seine Schritte werden den Aktivitäten des Protokolls über den Namen zugeordnet. Geprüft wird das ganze gespeicherte Protokoll, unabhängig von den Filtern.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Deviations&lt;/b&gt;</source>
        <translation>&lt;b&gt;Abweichungen&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Deviating cases&lt;/b&gt;</source>
        <translation>&lt;b&gt;Abweichende Fälle&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No process is mapped yet</source>
        <translation>Noch kein Prozess kartiert</translation>
    </message>
    <message>
        <source>Replaying the log on the map…</source>
        <translation>Protokoll wird auf der Karte nachgespielt…</translation>
    </message>
    <message>
        <source>Against &apos;{process}&apos;: {fitting} of {cases} cases ({share}) follow the map in every step. Token-replay fitness {fitness} (mean per case {mean}). {deviating} cases deviate (the first {listed} listed).</source>
        <translation>Gegen „{process}“: {fitting} von {cases} Fällen ({share}) folgen der Karte in jedem Schritt. Token-Replay-Fitness {fitness} (Mittel je Fall {mean}). {deviating} Fälle weichen ab (die ersten {listed} aufgeführt).</translation>
    </message>
    <message>
        <source>Against &apos;{process}&apos;: {fitting} of {cases} cases ({share}) follow the map in every step. Token-replay fitness {fitness} (mean per case {mean}). {deviating} cases deviate.</source>
        <translation>Gegen „{process}“: {fitting} von {cases} Fällen ({share}) folgen der Karte in jedem Schritt. Token-Replay-Fitness {fitness} (Mittel je Fall {mean}). {deviating} Fälle weichen ab.</translation>
    </message>
</context>
<context>
    <name>ui.mining.details_panel</name>
    <message>
        <source>Click an activity or a path</source>
        <translation>Klicken Sie auf eine Aktivität oder einen Pfad</translation>
    </message>
    <message>
        <source>Its figures and cases show here.</source>
        <translation>Hier erscheinen ihre Kennzahlen und Fälle.</translation>
    </message>
    <message>
        <source>Frequency: {count}
Median time: {median}
Mean time: {mean}
Total time: {total}</source>
        <translation>Häufigkeit: {count}
Median-Zeit: {median}
Mittlere Zeit: {mean}
Gesamtzeit: {total}</translation>
    </message>
    <message>
        <source>Events: {count}</source>
        <translation>Ereignisse: {count}</translation>
    </message>
    <message>
        <source>Cases: {count} ({share})</source>
        <translation>Fälle: {count} ({share})</translation>
    </message>
    <message>
        <source>Starts {starts} cases, ends {ends}</source>
        <translation>Beginnt {starts} Fälle, beendet {ends}</translation>
    </message>
    <message>
        <source>Processing median {processing}, waiting median {waiting}</source>
        <translation>Bearbeitung Median {processing}, Wartezeit Median {waiting}</translation>
    </message>
    <message>
        <source>Repeats in {count} cases (rework)</source>
        <translation>Wiederholt in {count} Fällen (Nacharbeit)</translation>
    </message>
    <message>
        <source>{count} cases (first {shown}):</source>
        <translation>{count} Fälle (die ersten {shown}):</translation>
    </message>
    <message>
        <source>{count} case:</source>
        <translation>{count} Fall:</translation>
    </message>
    <message>
        <source>{count} cases:</source>
        <translation>{count} Fälle:</translation>
    </message>
</context>
<context>
    <name>ui.mining.filters_panel</name>
    <message>
        <source>Only cases within a time window</source>
        <translation>Nur Fälle in einem Zeitfenster</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <source>Variant</source>
        <translation>Variante</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Reset filters</source>
        <translation>Filter zurücksetzen</translation>
    </message>
    <message>
        <source>Activities: the most frequent {percent}%</source>
        <translation>Aktivitäten: die häufigsten {percent}&#xa0;%</translation>
    </message>
    <message>
        <source>Paths: the most frequent {percent}%</source>
        <translation>Pfade: die häufigsten {percent}&#xa0;%</translation>
    </message>
    <message>
        <source>All variants</source>
        <translation>Alle Varianten</translation>
    </message>
    <message>
        <source>Variant {number}: {cases} cases ({share}), {steps} steps</source>
        <translation>Variante {number}: {cases} Fälle ({share}), {steps} Schritte</translation>
    </message>
    <message>
        <source>All resources</source>
        <translation>Alle Ressourcen</translation>
    </message>
</context>
<context>
    <name>ui.mining.findings_panel</name>
    <message>
        <source>&lt;b&gt;Bottlenecks&lt;/b&gt;, by waiting hours a year (the log&apos;s span scaled to 365 days)</source>
        <translation>&lt;b&gt;Engpässe&lt;/b&gt;, nach Wartestunden pro Jahr (Zeitraum des Protokolls auf 365 Tage hochgerechnet)</translation>
    </message>
    <message>
        <source>Log as waiting waste…</source>
        <translation>Als Verschwendung „Warten“ erfassen…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Rework&lt;/b&gt;: activities repeated within a case</source>
        <translation>&lt;b&gt;Nacharbeit&lt;/b&gt;: Aktivitäten, die sich in einem Fall wiederholen</translation>
    </message>
    <message>
        <source>Log as defects waste…</source>
        <translation>Als Verschwendung „Fehler“ erfassen…</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Minutes lost per repeat</source>
        <translation>Verlorene Minuten je Wiederholung</translation>
    </message>
    <message>
        <source>Log waste</source>
        <translation>Verschwendung erfassen</translation>
    </message>
    <message>
        <source>There is no area to log it in: add one first.</source>
        <translation>Es gibt keinen Bereich, in dem sie erfasst werden kann: legen Sie zuerst einen an.</translation>
    </message>
    <message>
        <source>{hours} hours a year × {rate} an hour in {area} = {cost} a year.</source>
        <translation>{hours} Stunden pro Jahr × {rate} pro Stunde in {area} = {cost} pro Jahr.</translation>
    </message>
</context>
<context>
    <name>ui.mining.graph_view</name>
    <message>
        <source>{name}: {count} events</source>
        <translation>{name}: {count} Ereignisse</translation>
    </message>
    <message>
        <source>{source} → {target}: {count} times</source>
        <translation>{source} → {target}: {count}-mal</translation>
    </message>
    <message>
        <source>There is no graph to export.</source>
        <translation>Es gibt keinen Graphen zum Exportieren.</translation>
    </message>
    <message>
        <source>Could not write {path}.</source>
        <translation>{path} konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Directly-follows graph</source>
        <translation>Directly-Follows-Graph</translation>
    </message>
    <message>
        <source>Export to a .png, .svg or .pdf file.</source>
        <translation>Exportieren Sie in eine .png-, .svg- oder .pdf-Datei.</translation>
    </message>
</context>
<context>
    <name>ui.mining.import_dialog</name>
    <message>
        <source>Case</source>
        <translation>Fall</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Aktivität</translation>
    </message>
    <message>
        <source>Timestamp</source>
        <translation>Zeitstempel</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Lifecycle</source>
        <translation>Lebenszyklus</translation>
    </message>
    <message>
        <source>case</source>
        <translation>Fall</translation>
    </message>
    <message>
        <source>activity</source>
        <translation>Aktivität</translation>
    </message>
    <message>
        <source>timestamp</source>
        <translation>Zeitstempel</translation>
    </message>
    <message>
        <source>resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>lifecycle</source>
        <translation>Lebenszyklus</translation>
    </message>
    <message>
        <source>Import event log: columns</source>
        <translation>Ereignisprotokoll importieren: Spalten</translation>
    </message>
    <message>
        <source>{file}: check which column holds each part of an event. Case, activity and timestamp are needed; timestamps with an offset (+01:00) are read as instants.</source>
        <translation>{file}: Prüfen Sie, welche Spalte welchen Teil eines Ereignisses enthält. Fall, Aktivität und Zeitstempel sind nötig; Zeitstempel mit Versatz (+01:00) werden als Zeitpunkte gelesen.</translation>
    </message>
    <message>
        <source>Name of the log</source>
        <translation>Name des Protokolls</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>(unnamed column)</source>
        <translation>(unbenannte Spalte)</translation>
    </message>
    <message>
        <source>The first {count} rows:</source>
        <translation>Die ersten {count} Zeilen:</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>Pick the {role} column.</source>
        <translation>Wählen Sie die Spalte für: {role}.</translation>
    </message>
    <message>
        <source>One column cannot have two roles.</source>
        <translation>Eine Spalte kann nicht zwei Rollen haben.</translation>
    </message>
    <message>
        <source>Give the log a name.</source>
        <translation>Geben Sie dem Protokoll einen Namen.</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(unbenannt)</translation>
    </message>
</context>
<context>
    <name>ui.mining.importer</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>An import is already running: wait for it or cancel it.</source>
        <translation>Es läuft bereits ein Import: warten Sie darauf oder brechen Sie ihn ab.</translation>
    </message>
    <message>
        <source>Cannot read {file}: {error}</source>
        <translation>{file} kann nicht gelesen werden: {error}</translation>
    </message>
    <message>
        <source>Importing {file} as &apos;{name}&apos;…</source>
        <translation>{file} wird als „{name}“ importiert…</translation>
    </message>
    <message>
        <source>The import failed: {error}</source>
        <translation>Der Import ist fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
</context>
<context>
    <name>ui.mining.kpi_dialog</name>
    <message>
        <source>Lead time (median, hours)</source>
        <translation>Durchlaufzeit (Median, Stunden)</translation>
    </message>
    <message>
        <source>Throughput (cases a day)</source>
        <translation>Durchsatz (Fälle pro Tag)</translation>
    </message>
    <message>
        <source>Rework rate (% of cases)</source>
        <translation>Nacharbeitsquote (% der Fälle)</translation>
    </message>
    <message>
        <source>Cases completed</source>
        <translation>Abgeschlossene Fälle</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>Pro Monat</translation>
    </message>
    <message>
        <source>Per week</source>
        <translation>Pro Woche</translation>
    </message>
    <message>
        <source>Lead time</source>
        <translation>Durchlaufzeit</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>Durchsatz</translation>
    </message>
    <message>
        <source>Rework rate</source>
        <translation>Nacharbeitsquote</translation>
    </message>
    <message>
        <source>Make a KPI series</source>
        <translation>KPI-Reihe erstellen</translation>
    </message>
    <message>
        <source>KPI points from the log &apos;{log}&apos;</source>
        <translation>KPI-Punkte aus dem Protokoll „{log}“</translation>
    </message>
    <message>
        <source>A case counts in the week or month it ends. Deriving again replaces the points this log gave before for the same periods.</source>
        <translation>Ein Fall zählt in der Woche oder dem Monat, in dem er endet. Erneutes Ableiten ersetzt die Punkte, die dieses Protokoll zuvor für dieselben Zeiträume geliefert hat.</translation>
    </message>
    <message>
        <source>Add the points</source>
        <translation>Punkte hinzufügen</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Prozess</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Messgröße</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>KPI series</source>
        <translation>KPI-Reihe</translation>
    </message>
    <message>
        <source>Map a process first: the KPI belongs to one.</source>
        <translation>Kartieren Sie zuerst einen Prozess: der KPI gehört zu einem.</translation>
    </message>
</context>
<context>
    <name>ui.mining.layout</name>
    <message>
        <source>▶ start</source>
        <translation>▶ Start</translation>
    </message>
    <message>
        <source>■ end</source>
        <translation>■ Ende</translation>
    </message>
    <message>
        <source>Graphviz is not installed: the graph needs its &apos;dot&apos; program (apt-get install graphviz, or graphviz.org).</source>
        <translation>Graphviz ist nicht installiert: der Graph braucht dessen Programm „dot“ (apt-get install graphviz oder graphviz.org).</translation>
    </message>
    <message>
        <source>Graphviz took over {seconds} s to lay the graph out: keep fewer activities or paths.</source>
        <translation>Graphviz brauchte über {seconds} s für das Layout des Graphen: behalten Sie weniger Aktivitäten oder Pfade.</translation>
    </message>
    <message>
        <source>Graphviz could not lay the graph out: {error}</source>
        <translation>Graphviz konnte den Graphen nicht anordnen: {error}</translation>
    </message>
</context>
<context>
    <name>ui.mining.legend</name>
    <message>
        <source>Colour: the median time between the two activities (log scale). Thickness: how often the path is taken. Drag to pan, wheel to zoom.</source>
        <translation>Farbe: die Median-Zeit zwischen den beiden Aktivitäten (logarithmisch). Dicke: wie oft der Pfad genommen wird. Ziehen zum Verschieben, Mausrad zum Zoomen.</translation>
    </message>
    <message>
        <source>median {time}</source>
        <translation>Median {time}</translation>
    </message>
    <message>
        <source>thicker = more often</source>
        <translation>dicker = häufiger</translation>
    </message>
</context>
<context>
    <name>ui.mining.tables</name>
    <message>
        <source>Cases</source>
        <translation>Fälle</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Anteil</translation>
    </message>
    <message>
        <source>Median duration</source>
        <translation>Median-Dauer</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>Aktivitäten</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Aktivität</translation>
    </message>
    <message>
        <source>Executions</source>
        <translation>Ausführungen</translation>
    </message>
    <message>
        <source>Processing median</source>
        <translation>Bearbeitung Median</translation>
    </message>
    <message>
        <source>Processing mean</source>
        <translation>Bearbeitung Mittel</translation>
    </message>
    <message>
        <source>Waiting median</source>
        <translation>Wartezeit Median</translation>
    </message>
    <message>
        <source>Waiting mean</source>
        <translation>Wartezeit Mittel</translation>
    </message>
    <message>
        <source>Edge</source>
        <translation>Kante</translation>
    </message>
    <message>
        <source>Waiting hours a year</source>
        <translation>Wartestunden pro Jahr</translation>
    </message>
    <message>
        <source>Passages</source>
        <translation>Durchgänge</translation>
    </message>
    <message>
        <source>Mean wait</source>
        <translation>Mittlere Wartezeit</translation>
    </message>
    <message>
        <source>Median wait</source>
        <translation>Median-Wartezeit</translation>
    </message>
    <message>
        <source>Activity repeated</source>
        <translation>Wiederholte Aktivität</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>Of the cases doing it</source>
        <translation>Der Fälle, die sie ausführen</translation>
    </message>
</context>
<context>
    <name>ui.mining.text</name>
    <message>
        <source>{value} s</source>
        <translation>{value} s</translation>
    </message>
    <message>
        <source>{value} min</source>
        <translation>{value} min</translation>
    </message>
    <message>
        <source>{value} h</source>
        <translation>{value} h</translation>
    </message>
    <message>
        <source>{value} d</source>
        <translation>{value} d</translation>
    </message>
    <message>
        <source>{percent}%</source>
        <translation>{percent}&#xa0;%</translation>
    </message>
</context>
<context>
    <name>ui.mining.view</name>
    <message>
        <source>Process mining</source>
        <translation>Process Mining</translation>
    </message>
    <message>
        <source>See how the process really runs, from any system&apos;s event log</source>
        <translation>Sehen Sie, wie der Prozess wirklich läuft – aus dem Ereignisprotokoll jedes Systems</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>Ereignisprotokoll</translation>
    </message>
    <message>
        <source>Where ideas stall</source>
        <translation>Wo Ideen hängen</translation>
    </message>
    <message>
        <source>Mine Kaizen&apos;s own improvement process: each idea a case, each status and PDCA stage it entered an event</source>
        <translation>Kaizens eigenen Verbesserungsprozess analysieren: jede Idee ein Fall, jeder Status und jede PDCA-Phase, die sie erreicht hat, ein Ereignis</translation>
    </message>
    <message>
        <source>Import event log…</source>
        <translation>Ereignisprotokoll importieren…</translation>
    </message>
    <message>
        <source>Make a KPI series…</source>
        <translation>KPI-Reihe erstellen…</translation>
    </message>
    <message>
        <source>The log&apos;s lead time, throughput or rework rate per week or month, as a KPI series of a process</source>
        <translation>Durchlaufzeit, Durchsatz oder Nacharbeitsquote des Protokolls pro Woche oder Monat, als KPI-Reihe eines Prozesses</translation>
    </message>
    <message>
        <source>Delete log…</source>
        <translation>Protokoll löschen…</translation>
    </message>
    <message>
        <source>Remove this event log from the database, for everyone</source>
        <translation>Dieses Ereignisprotokoll für alle aus der Datenbank entfernen</translation>
    </message>
    <message>
        <source>Fit the graph to the window</source>
        <translation>Graph in das Fenster einpassen</translation>
    </message>
    <message>
        <source>Export graph</source>
        <translation>Graph exportieren</translation>
    </message>
    <message>
        <source>As {kind}…</source>
        <translation>Als {kind}…</translation>
    </message>
    <message>
        <source>Drop an event log here</source>
        <translation>Ereignisprotokoll hier ablegen</translation>
    </message>
    <message>
        <source>A CSV, XES or XES.gz export from the ERP, the ticket tool or the hospital system: one row an event, with a case, an activity and a timestamp. Kaizen draws how the process really runs and finds its bottlenecks.</source>
        <translation>Ein CSV-, XES- oder XES.gz-Export aus dem ERP, dem Ticketsystem oder dem Krankenhaussystem: eine Zeile pro Ereignis, mit Fall, Aktivität und Zeitstempel. Kaizen zeichnet, wie der Prozess wirklich läuft, und findet seine Engpässe.</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>Variants</source>
        <translation>Varianten</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>Zeiten</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <source>Conformance</source>
        <translation>Konformität</translation>
    </message>
    <message>
        <source>Pick who is working first</source>
        <translation>Wählen Sie zuerst, wer arbeitet</translation>
    </message>
    <message>
        <source>Pick who is working first: imports are recorded under their name.</source>
        <translation>Wählen Sie zuerst, wer arbeitet: Importe werden unter diesem Namen erfasst.</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can import event logs.</source>
        <translation>Nur Supervisor oder Administrator können Ereignisprotokolle importieren.</translation>
    </message>
    <message>
        <source>{name}  ({cases} cases, {events} events)</source>
        <translation>{name}  ({cases} Fälle, {events} Ereignisse)</translation>
    </message>
    <message>
        <source>{name} (ideas and PDCA cycles)</source>
        <translation>{name} (Ideen und PDCA-Zyklen)</translation>
    </message>
    <message>
        <source>Loading &apos;{name}&apos;…</source>
        <translation>„{name}“ wird geladen…</translation>
    </message>
    <message>
        <source>Applying the filters…</source>
        <translation>Filter werden angewendet…</translation>
    </message>
    <message>
        <source>{cases} cases · {events} events · {activities} activities · {variants} variants · median case {median}</source>
        <translation>{cases} Fälle · {events} Ereignisse · {activities} Aktivitäten · {variants} Varianten · Median je Fall {median}</translation>
    </message>
    <message>
        <source>{cases} cases · {events} events · {activities} activities · {variants} variants · median case {median} (filtered)</source>
        <translation>{cases} Fälle · {events} Ereignisse · {activities} Aktivitäten · {variants} Varianten · Median je Fall {median} (gefiltert)</translation>
    </message>
    <message>
        <source>Showing the {shown} most frequent of {total} paths.</source>
        <translation>Die {shown} häufigsten von {total} Pfaden werden gezeigt.</translation>
    </message>
    <message>
        <source>No case is left by these filters: loosen them.</source>
        <translation>Diese Filter lassen keinen Fall übrig: lockern Sie sie.</translation>
    </message>
    <message>
        <source>Case durations: median {median}, mean {mean} over {cases} cases, from {first} to {last}.</source>
        <translation>Falldauern: Median {median}, Mittel {mean} über {cases} Fälle, von {first} bis {last}.</translation>
    </message>
    <message>
        <source>The log has start and complete events: processing (start to complete) and waiting (previous completion to start) per activity.</source>
        <translation>Das Protokoll hat Start- und Abschlussereignisse: Bearbeitung (Start bis Abschluss) und Warten (vorheriger Abschluss bis Start) je Aktivität.</translation>
    </message>
    <message>
        <source>The log has no start and complete events, so processing and waiting time cannot be told apart.</source>
        <translation>Das Protokoll hat keine Start- und Abschlussereignisse, daher lassen sich Bearbeitungs- und Wartezeit nicht trennen.</translation>
    </message>
    <message>
        <source>Pick who is working first: KPI points are recorded under their name.</source>
        <translation>Wählen Sie zuerst, wer arbeitet: KPI-Punkte werden unter diesem Namen erfasst.</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can add KPI points.</source>
        <translation>Nur Supervisor oder Administrator können KPI-Punkte hinzufügen.</translation>
    </message>
    <message>
        <source>Map a process first (Processes page): a KPI series belongs to one.</source>
        <translation>Kartieren Sie zuerst einen Prozess (Seite Prozesse): eine KPI-Reihe gehört zu einem.</translation>
    </message>
    <message>
        <source>Added {points} points ({unit}) to the KPI &apos;{series}&apos; (a new series), replacing {replaced} from before: its chart is on the process&apos;s KPI tab.</source>
        <translation>{points} Punkte ({unit}) zum KPI „{series}“ hinzugefügt (eine neue Reihe), {replaced} frühere ersetzt: das Diagramm ist auf dem KPI-Reiter des Prozesses.</translation>
    </message>
    <message>
        <source>Added {points} points ({unit}) to the KPI &apos;{series}&apos; (a new series): its chart is on the process&apos;s KPI tab.</source>
        <translation>{points} Punkte ({unit}) zum KPI „{series}“ hinzugefügt (eine neue Reihe): das Diagramm ist auf dem KPI-Reiter des Prozesses.</translation>
    </message>
    <message>
        <source>Added {points} points ({unit}) to the KPI &apos;{series}&apos;, replacing {replaced} from before: its chart is on the process&apos;s KPI tab.</source>
        <translation>{points} Punkte ({unit}) zum KPI „{series}“ hinzugefügt, {replaced} frühere ersetzt: das Diagramm ist auf dem KPI-Reiter des Prozesses.</translation>
    </message>
    <message>
        <source>Added {points} points ({unit}) to the KPI &apos;{series}&apos;: its chart is on the process&apos;s KPI tab.</source>
        <translation>{points} Punkte ({unit}) zum KPI „{series}“ hinzugefügt: das Diagramm ist auf dem KPI-Reiter des Prozesses.</translation>
    </message>
    <message>
        <source>Pick who is working first: a deletion is recorded under their name.</source>
        <translation>Wählen Sie zuerst, wer arbeitet: eine Löschung wird unter diesem Namen erfasst.</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can delete event logs.</source>
        <translation>Nur Supervisor oder Administrator können Ereignisprotokolle löschen.</translation>
    </message>
    <message>
        <source>Delete event log</source>
        <translation>Ereignisprotokoll löschen</translation>
    </message>
    <message>
        <source>Delete the event log &apos;{name}&apos;?</source>
        <translation>Das Ereignisprotokoll „{name}“ löschen?</translation>
    </message>
    <message>
        <source>Its {cases} cases and {events} events are removed from the database, for everyone. This cannot be undone: to see it again, import the file again. Waste observations and KPI points made from it are kept.</source>
        <translation>Seine {cases} Fälle und {events} Ereignisse werden für alle aus der Datenbank entfernt. Das lässt sich nicht rückgängig machen: um es wieder zu sehen, importieren Sie die Datei erneut. Daraus erstellte Beobachtungen und KPI-Punkte bleiben erhalten.</translation>
    </message>
    <message>
        <source>Delete the log</source>
        <translation>Protokoll löschen</translation>
    </message>
    <message>
        <source>Deleted the event log &apos;{name}&apos;.</source>
        <translation>Ereignisprotokoll „{name}“ gelöscht.</translation>
    </message>
    <message>
        <source>Conformance needs an imported event log and a process map; Kaizen&apos;s own process has no map.</source>
        <translation>Konformität braucht ein importiertes Ereignisprotokoll und eine Prozesslandkarte; Kaizens eigener Prozess hat keine Karte.</translation>
    </message>
    <message>
        <source>Import event log</source>
        <translation>Ereignisprotokoll importieren</translation>
    </message>
    <message>
        <source>Event logs (*.csv *.xes *.xes.gz *.gz);;All files (*)</source>
        <translation>Ereignisprotokolle (*.csv *.xes *.xes.gz *.gz);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Imported &apos;{name}&apos;: {cases} cases, {events} events.</source>
        <translation>„{name}“ importiert: {cases} Fälle, {events} Ereignisse.</translation>
    </message>
    <message>
        <source>Export the graph as {kind}</source>
        <translation>Graph als {kind} exportieren</translation>
    </message>
    <message>
        <source>Exported the graph to {path}.</source>
        <translation>Graph nach {path} exportiert.</translation>
    </message>
    <message>
        <source>Waiting between &apos;{source}&apos; and &apos;{target}&apos;: {hours} hours a year. Which area does it cost?</source>
        <translation>Warten zwischen „{source}“ und „{target}“: {hours} Stunden pro Jahr. Welchen Bereich kostet es?</translation>
    </message>
    <message>
        <source>Log as waiting waste</source>
        <translation>Als Verschwendung „Warten“ erfassen</translation>
    </message>
    <message>
        <source>&apos;{activity}&apos; is repeated {repeats} times a year. How long does a repeat take, and which area does it cost?</source>
        <translation>„{activity}“ wird {repeats}-mal pro Jahr wiederholt. Wie lange dauert eine Wiederholung, und welchen Bereich kostet sie?</translation>
    </message>
    <message>
        <source>Log as defects waste</source>
        <translation>Als Verschwendung „Fehler“ erfassen</translation>
    </message>
    <message>
        <source>Pick who is working first.</source>
        <translation>Wählen Sie zuerst, wer arbeitet.</translation>
    </message>
    <message>
        <source>Logged {category} waste #{number} in {area}: {hours} hours, {cost} a year.</source>
        <translation>Verschwendung ({category}) #{number} in {area} erfasst: {hours} Stunden, {cost} pro Jahr.</translation>
    </message>
    <message>
        <source>Something went wrong: {error}</source>
        <translation>Etwas ist schiefgelaufen: {error}</translation>
    </message>
    <message>
        <source>Kaizen&apos;s own improvement process</source>
        <translation>Kaizens eigener Verbesserungsprozess</translation>
    </message>
</context>
<context>
    <name>ui.mining.waste</name>
    <message>
        <source>Waiting between &apos;{source}&apos; and &apos;{target}&apos; in event log &apos;{log}&apos; (edge {source} -&gt; {target}): {count} passages, mean wait {mean}, median {median}, {hours} waiting hours a year.</source>
        <translation>Warten zwischen „{source}“ und „{target}“ im Ereignisprotokoll „{log}“ (Kante {source} -&gt; {target}): {count} Durchgänge, mittlere Wartezeit {mean}, Median {median}, {hours} Wartestunden pro Jahr.</translation>
    </message>
    <message>
        <source>Rework: &apos;{activity}&apos; repeats in {cases} cases of event log &apos;{log}&apos; ({repeats} repeats, {percent}% of the cases that do it).</source>
        <translation>Nacharbeit: „{activity}“ wiederholt sich in {cases} Fällen des Ereignisprotokolls „{log}“ ({repeats} Wiederholungen, {percent}&#xa0;% der Fälle, die sie ausführen).</translation>
    </message>
</context>
<context>
    <name>ui.models.area_tree</name>
    <message>
        <source>Area</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Own hourly rate</source>
        <translation>Eigener Stundensatz</translation>
    </message>
    <message>
        <source>Effective rate</source>
        <translation>Gültiger Satz</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Standort</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Abteilung</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Linie</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>Stillgelegt</translation>
    </message>
    <message>
        <source>{name}&apos;s own rate: {rate} per hour</source>
        <translation>Eigener Satz von {name}: {rate} pro Stunde</translation>
    </message>
    <message>
        <source>No own rate: uses the site default, {rate} per hour</source>
        <translation>Kein eigener Satz: Standardwert des Standorts, {rate} pro Stunde</translation>
    </message>
    <message>
        <source>No own rate: inherits {rate} per hour from {source}</source>
        <translation>Kein eigener Satz: übernimmt {rate} pro Stunde von {source}</translation>
    </message>
</context>
<context>
    <name>ui.models.ideas_table</name>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Submitted by</source>
        <translation>Eingereicht von</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Verantwortlich</translation>
    </message>
    <message>
        <source>Impact</source>
        <translation>Wirkung</translation>
    </message>
    <message>
        <source>Effort</source>
        <translation>Aufwand</translation>
    </message>
    <message>
        <source>Savings / yr</source>
        <translation>Einsp./Jahr</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>The idea&apos;s number</source>
        <translation>Die Nummer der Idee</translation>
    </message>
    <message>
        <source>Who logged the idea</source>
        <translation>Wer die Idee erfasst hat</translation>
    </message>
    <message>
        <source>Who carries the idea out, once accepted</source>
        <translation>Wer die Idee nach der Annahme umsetzt</translation>
    </message>
    <message>
        <source>Expected impact, 1 (small) to 5 (large)</source>
        <translation>Erwartete Wirkung, 1 (klein) bis 5 (groß)</translation>
    </message>
    <message>
        <source>Expected effort, 1 (small) to 5 (large)</source>
        <translation>Erwarteter Aufwand, 1 (klein) bis 5 (groß)</translation>
    </message>
    <message>
        <source>Expected savings a year</source>
        <translation>Erwartete Einsparungen pro Jahr</translation>
    </message>
    <message>
        <source>When the owner plans to be done</source>
        <translation>Wann die/der Verantwortliche fertig sein will</translation>
    </message>
    <message>
        <source>Attacks: {wastes}</source>
        <translation>Bekämpft: {wastes}</translation>
    </message>
    <message>
        <source>{count} comment</source>
        <translation>{count} Kommentar</translation>
    </message>
    <message>
        <source>{count} comments</source>
        <translation>{count} Kommentare</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Überfällig</translation>
    </message>
    <message>
        <source>Expected savings: {savings} a year</source>
        <translation>Erwartete Einsparungen: {savings} pro Jahr</translation>
    </message>
    <message>
        <source>Waiting for a supervisor to look at it</source>
        <translation>Wartet auf die Prüfung durch einen Supervisor</translation>
    </message>
    <message>
        <source>A supervisor is looking at it</source>
        <translation>Ein Supervisor prüft sie</translation>
    </message>
    <message>
        <source>Accepted: running through Plan, Do, Check and Act</source>
        <translation>Angenommen: durchläuft Planen, Umsetzen, Prüfen und Handeln</translation>
    </message>
    <message>
        <source>Rejected, with a reason</source>
        <translation>Abgelehnt, mit Begründung</translation>
    </message>
    <message>
        <source>Done: the change is the new standard</source>
        <translation>Erledigt: die Änderung ist der neue Standard</translation>
    </message>
    <message>
        <source>Stopped after trying it</source>
        <translation>Nach dem Versuch aufgegeben</translation>
    </message>
</context>
<context>
    <name>ui.models.lazy_table</name>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>(no longer there)</source>
        <translation>(nicht mehr vorhanden)</translation>
    </message>
    <message>
        <source>Click to sort; right-click to choose the columns</source>
        <translation>Klicken zum Sortieren; Rechtsklick zur Auswahl der Spalten</translation>
    </message>
</context>
<context>
    <name>ui.models.observations_table</name>
    <message>
        <source>Waste</source>
        <translation>Verschwendung</translation>
    </message>
    <message>
        <source>What was seen</source>
        <translation>Gesehen</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Seen by</source>
        <translation>Gesehen von</translation>
    </message>
    <message>
        <source>Seen on</source>
        <translation>Gesehen am</translation>
    </message>
    <message>
        <source>Min lost</source>
        <translation>Min. verloren</translation>
    </message>
    <message>
        <source>Per week</source>
        <translation>Pro Woche</translation>
    </message>
    <message>
        <source>Cost / yr</source>
        <translation>Kosten/Jahr</translation>
    </message>
    <message>
        <source>Idea</source>
        <translation>Idee</translation>
    </message>
    <message>
        <source>The observation&apos;s number</source>
        <translation>Die Nummer der Beobachtung</translation>
    </message>
    <message>
        <source>The first line of what was seen (not sortable: search it instead)</source>
        <translation>Die erste Zeile des Gesehenen (nicht sortierbar: durchsuchen Sie sie stattdessen)</translation>
    </message>
    <message>
        <source>Minutes lost each time it happens</source>
        <translation>Verlorene Minuten bei jedem Auftreten</translation>
    </message>
    <message>
        <source>How many times a week it happens</source>
        <translation>Wie oft es pro Woche auftritt</translation>
    </message>
    <message>
        <source>What it costs in a year: the minutes priced at the area&apos;s hourly rate, plus any cost per occurrence</source>
        <translation>Was es pro Jahr kostet: die Minuten zum Stundensatz des Bereichs, plus etwaige Kosten pro Auftreten</translation>
    </message>
    <message>
        <source>The idea this observation led to</source>
        <translation>Die Idee, zu der diese Beobachtung geführt hat</translation>
    </message>
    <message>
        <source>{minutes} min lost each time, {per_week} times a week: about {cost} a year</source>
        <translation>{minutes} Min. Verlust pro Mal, {per_week} Mal pro Woche: etwa {cost} pro Jahr</translation>
    </message>
    <message>
        <source>Led to idea #{id}</source>
        <translation>Führte zu Idee #{id}</translation>
    </message>
    <message>
        <source>Not turned into an idea yet</source>
        <translation>Noch nicht zu einer Idee gemacht</translation>
    </message>
</context>
<context>
    <name>ui.models.people_table</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Home area</source>
        <translation>Stammbereich</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Confirms with a PIN when picked as who is working</source>
        <translation>Bestätigt mit PIN, wenn als arbeitende Person gewählt</translation>
    </message>
    <message>
        <source>Picks themselves without a PIN</source>
        <translation>Wählt sich ohne PIN aus</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>Inaktiv</translation>
    </message>
</context>
<context>
    <name>ui.process_map.commands</name>
    <message>
        <source>Add step &quot;{name}&quot;</source>
        <translation>Schritt „{name}“ hinzufügen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Connect &quot;{source}&quot; to &quot;{target}&quot;</source>
        <translation>„{source}“ mit „{target}“ verbinden</translation>
    </message>
    <message>
        <source>Edit step &quot;{name}&quot;</source>
        <translation>Schritt „{name}“ bearbeiten</translation>
    </message>
    <message>
        <source>Edit flow &quot;{source}&quot; to &quot;{target}&quot;</source>
        <translation>Fluss „{source}“ nach „{target}“ bearbeiten</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Verschieben</translation>
    </message>
</context>
<context>
    <name>ui.process_map.compare</name>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Lead time {before} → {after} {unit} ({change} {unit})</source>
        <translation>Durchlaufzeit {before} → {after} {unit} ({change} {unit})</translation>
    </message>
    <message>
        <source>Value-added ratio {before} % → {after} % ({change} points)</source>
        <translation>Wertschöpfungsanteil {before}&#xa0;% → {after}&#xa0;% ({change} Punkte)</translation>
    </message>
    <message>
        <source>Process time {before} → {after} {unit} ({change} {unit})</source>
        <translation>Prozesszeit {before} → {after} {unit} ({change} {unit})</translation>
    </message>
    <message>
        <source>Steps removed: {steps}</source>
        <translation>Entfernte Schritte: {steps}</translation>
    </message>
    <message>
        <source>Steps added: {steps}</source>
        <translation>Hinzugefügte Schritte: {steps}</translation>
    </message>
    <message>
        <source>Steps changed: {steps}</source>
        <translation>Geänderte Schritte: {steps}</translation>
    </message>
    <message>
        <source>The bottleneck moved: {before} → {after}</source>
        <translation>Der Engpass hat sich verschoben: {before} → {after}</translation>
    </message>
    <message>
        <source>The bottleneck stays at {step}</source>
        <translation>Der Engpass bleibt bei {step}</translation>
    </message>
    <message>
        <source>{name} (version {version})</source>
        <translation>{name} (Version {version})</translation>
    </message>
    <message>
        <source>Current state</source>
        <translation>Ist-Zustand</translation>
    </message>
    <message>
        <source>Future state</source>
        <translation>Soll-Zustand</translation>
    </message>
    <message>
        <source>Could not compare: {reason}</source>
        <translation>Vergleich nicht möglich: {reason}</translation>
    </message>
</context>
<context>
    <name>ui.process_map.draft</name>
    <message>
        <source>New step</source>
        <translation>Neuer Schritt</translation>
    </message>
</context>
<context>
    <name>ui.process_map.editor</name>
    <message>
        <source>New map</source>
        <translation>Neue Karte</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Add step</source>
        <translation>Neuer Schritt</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Drag from one step to another to connect them</source>
        <translation>Von einem Schritt zu einem anderen ziehen, um sie zu verbinden</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-, or Ctrl+wheel)</source>
        <translation>Verkleinern (Strg+-, oder Strg+Mausrad)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl+=, or Ctrl+wheel)</source>
        <translation>Vergrößern (Strg+=, oder Strg+Mausrad)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Fit the map in view (Ctrl+0)</source>
        <translation>Karte in die Ansicht einpassen (Strg+0)</translation>
    </message>
    <message>
        <source>Auto-layout</source>
        <translation>Anordnen</translation>
    </message>
    <message>
        <source>Lay the map out with Graphviz&apos;s dot</source>
        <translation>Karte mit dot von Graphviz anordnen</translation>
    </message>
    <message>
        <source>Future state</source>
        <translation>Soll-Zustand</translation>
    </message>
    <message>
        <source>Make a future state: a copy of this map to change</source>
        <translation>Soll-Zustand erstellen: eine Kopie dieser Karte zum Ändern</translation>
    </message>
    <message>
        <source>Idea…</source>
        <translation>Idee…</translation>
    </message>
    <message>
        <source>Let an idea carry this future-state map (its number), or none</source>
        <translation>Eine Idee diese Soll-Zustand-Karte tragen lassen (ihre Nummer) oder keine</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>This map and a future state side by side, with the deltas</source>
        <translation>Diese Karte und ein Soll-Zustand nebeneinander, mit den Differenzen</translation>
    </message>
    <message>
        <source>Import JSON…</source>
        <translation>JSON importieren…</translation>
    </message>
    <message>
        <source>Open a process map file</source>
        <translation>Eine Prozesslandkarten-Datei öffnen</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Export to PNG, SVG, PDF or JSON</source>
        <translation>Als PNG, SVG, PDF oder JSON exportieren</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Drucken…</translation>
    </message>
    <message>
        <source>Print the map</source>
        <translation>Karte drucken</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>{name} · version {version}</source>
        <translation>{name} · Version {version}</translation>
    </message>
    <message>
        <source>Something went wrong: {error}</source>
        <translation>Etwas ist schiefgelaufen: {error}</translation>
    </message>
    <message>
        <source>The layout failed, the positions were kept: {error}</source>
        <translation>Das Layout ist fehlgeschlagen, die Positionen wurden beibehalten: {error}</translation>
    </message>
    <message>
        <source>Flows leave start or a step, and arrive at a step or end.</source>
        <translation>Flüsse gehen von Start oder einem Schritt aus und kommen an einem Schritt oder Ende an.</translation>
    </message>
    <message>
        <source>&quot;{source}&quot; already flows to &quot;{target}&quot;.</source>
        <translation>„{source}“ fließt bereits zu „{target}“.</translation>
    </message>
    <message>
        <source>Step &quot;{name}&quot; is named twice.</source>
        <translation>Schritt „{name}“ kommt zweimal vor.</translation>
    </message>
    <message>
        <source>Waste: {category}: {description}</source>
        <translation>Verschwendung: {category}: {description}</translation>
    </message>
    <message>
        <source>Idea: {title} ({status})</source>
        <translation>Idee: {title} ({status})</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>Nicht gespeichert: {reason}</translation>
    </message>
    <message>
        <source>Pick who is working and open a map from the database to save it.</source>
        <translation>Wählen Sie, wer arbeitet, und öffnen Sie eine Karte aus der Datenbank, um sie zu speichern.</translation>
    </message>
    <message>
        <source>Saved: {name} · version {version}</source>
        <translation>Gespeichert: {name} · Version {version}</translation>
    </message>
    <message>
        <source>Open a saved map and pick who is working first.</source>
        <translation>Öffnen Sie eine gespeicherte Karte und wählen Sie zuerst, wer arbeitet.</translation>
    </message>
    <message>
        <source>Made {name}: change it, then compare it with the current state.</source>
        <translation>{name} erstellt: ändern Sie sie und vergleichen Sie sie dann mit dem Ist-Zustand.</translation>
    </message>
    <message>
        <source>Only a future-state map can be carried by an idea.</source>
        <translation>Nur eine Soll-Zustand-Karte kann von einer Idee getragen werden.</translation>
    </message>
    <message>
        <source>Carried by an idea</source>
        <translation>Von einer Idee getragen</translation>
    </message>
    <message>
        <source>Idea number (0: no idea carries this map):</source>
        <translation>Ideennummer (0: keine Idee trägt diese Karte):</translation>
    </message>
    <message>
        <source>Idea {number} carries this map.</source>
        <translation>Idee {number} trägt diese Karte.</translation>
    </message>
    <message>
        <source>No idea carries this map now.</source>
        <translation>Keine Idee trägt diese Karte jetzt.</translation>
    </message>
    <message>
        <source>Open a saved map first.</source>
        <translation>Öffnen Sie zuerst eine gespeicherte Karte.</translation>
    </message>
    <message>
        <source>This process has no future state yet: make one first.</source>
        <translation>Dieser Prozess hat noch keinen Soll-Zustand: erstellen Sie zuerst einen.</translation>
    </message>
    <message>
        <source>Could not read {path}: {reason}</source>
        <translation>{path} konnte nicht gelesen werden: {reason}</translation>
    </message>
    <message>
        <source>Not imported: {reason}</source>
        <translation>Nicht importiert: {reason}</translation>
    </message>
    <message>
        <source>Imported {file}: Save puts it in the database.</source>
        <translation>{file} importiert: Speichern legt sie in der Datenbank ab.</translation>
    </message>
    <message>
        <source>Import a process map</source>
        <translation>Prozesslandkarte importieren</translation>
    </message>
    <message>
        <source>Process map (*.json)</source>
        <translation>Prozesslandkarte (*.json)</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf);;Process map (*.json)</source>
        <translation>PNG-Bild (*.png);;SVG-Zeichnung (*.svg);;PDF-Dokument (*.pdf);;Prozesslandkarte (*.json)</translation>
    </message>
    <message>
        <source>Export the map</source>
        <translation>Karte exportieren</translation>
    </message>
    <message>
        <source>Process map</source>
        <translation>Prozesslandkarte</translation>
    </message>
    <message>
        <source>Could not write {path}: {error}</source>
        <translation>{path} konnte nicht geschrieben werden: {error}</translation>
    </message>
    <message>
        <source>Exported {file}.</source>
        <translation>{file} exportiert.</translation>
    </message>
</context>
<context>
    <name>ui.process_map.export</name>
    <message>
        <source>Could not write {path}.</source>
        <translation>{path} konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Process map</source>
        <translation>Prozesslandkarte</translation>
    </message>
</context>
<context>
    <name>ui.process_map.items</name>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>The bottleneck: the most work per unit for its resources.</source>
        <translation>Der Engpass: die meiste Arbeit je Einheit für seine Ressourcen.</translation>
    </message>
    <message>
        <source>{count} linked observation(s) and idea(s)</source>
        <translation>{count} verknüpfte Beobachtung(en) und Idee(n)</translation>
    </message>
    <message>
        <source>t ?</source>
        <translation>t ?</translation>
    </message>
    <message>
        <source>t {time} {unit}</source>
        <translation>t {time} {unit}</translation>
    </message>
    <message>
        <source>BOTTLENECK</source>
        <translation>ENGPASS</translation>
    </message>
    <message>
        <source>{percent} %</source>
        <translation>{percent}&#xa0;%</translation>
    </message>
</context>
<context>
    <name>ui.process_map.kpi_tab</name>
    <message>
        <source>Add series</source>
        <translation>Reihe hinzufügen</translation>
    </message>
    <message>
        <source>Paste two columns from a spreadsheet: time, value</source>
        <translation>Zwei Spalten aus einer Tabelle einfügen: Zeit, Wert</translation>
    </message>
    <message>
        <source>Add pasted points</source>
        <translation>Eingefügte Punkte hinzufügen</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>CSV importieren…</translation>
    </message>
    <message>
        <source>Points from a CSV file: a time and a value per row (at,value; a header is optional)</source>
        <translation>Punkte aus einer CSV-Datei: eine Zeit und ein Wert pro Zeile (at,value; eine Kopfzeile ist optional)</translation>
    </message>
    <message>
        <source>KPI over time</source>
        <translation>KPI im Zeitverlauf</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Reihen</translation>
    </message>
    <message>
        <source>{name} ({unit}) · {count} points</source>
        <translation>{name} ({unit}) · {count} Punkte</translation>
    </message>
    <message>
        <source>No KPI series yet: add one, then paste or import points.</source>
        <translation>Noch keine KPI-Reihe: legen Sie eine an, dann fügen Sie Punkte ein oder importieren sie.</translation>
    </message>
    <message>
        <source>Pick who is working and a process first.</source>
        <translation>Wählen Sie zuerst, wer arbeitet, und einen Prozess.</translation>
    </message>
    <message>
        <source>Pick who is working and a series first.</source>
        <translation>Wählen Sie zuerst, wer arbeitet, und eine Reihe.</translation>
    </message>
    <message>
        <source>Added {count} points.</source>
        <translation>{count} Punkte hinzugefügt.</translation>
    </message>
    <message>
        <source>Import KPI points</source>
        <translation>KPI-Punkte importieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV-Dateien (*.csv *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Imported {count} points from {file}.</source>
        <translation>{count} Punkte aus {file} importiert.</translation>
    </message>
    <message>
        <source>Importing {file}…</source>
        <translation>{file} wird importiert…</translation>
    </message>
    <message>
        <source>Something went wrong: {error}</source>
        <translation>Etwas ist schiefgelaufen: {error}</translation>
    </message>
</context>
<context>
    <name>ui.process_map.layout</name>
    <message>
        <source>Graphviz&apos;s dot is not installed: the positions were kept.</source>
        <translation>dot von Graphviz ist nicht installiert: die Positionen wurden beibehalten.</translation>
    </message>
</context>
<context>
    <name>ui.process_map.scene</name>
    <message>
        <source>Value-adding</source>
        <translation>Wertschöpfend</translation>
    </message>
    <message>
        <source>Necessary, non-value-adding</source>
        <translation>Notwendig, nicht wertschöpfend</translation>
    </message>
    <message>
        <source>Waste (hatched)</source>
        <translation>Verschwendung (schraffiert)</translation>
    </message>
    <message>
        <source>Bottleneck</source>
        <translation>Engpass</translation>
    </message>
    <message>
        <source>Timeline along the main path (waits above, process times below)</source>
        <translation>Zeitstrahl entlang des Hauptpfads (Wartezeiten oben, Prozesszeiten unten)</translation>
    </message>
    <message>
        <source>No figures until the map is valid: {why}</source>
        <translation>Keine Kennzahlen, solange die Karte ungültig ist: {why}</translation>
    </message>
    <message>
        <source>{time} {unit}</source>
        <translation>{time} {unit}</translation>
    </message>
    <message>
        <source>Lead time {time} {unit}</source>
        <translation>Durchlaufzeit {time} {unit}</translation>
    </message>
    <message>
        <source>Process time {time} {unit}</source>
        <translation>Prozesszeit {time} {unit}</translation>
    </message>
    <message>
        <source>Value-added ratio {percent} %</source>
        <translation>Wertschöpfungsanteil {percent}&#xa0;%</translation>
    </message>
    <message>
        <source>Takt {time} {unit}</source>
        <translation>Takt {time} {unit}</translation>
    </message>
</context>
<context>
    <name>ui.process_map.step_panel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Value type</source>
        <translation>Wertart</translation>
    </message>
    <message>
        <source>Waste category</source>
        <translation>Verschwendungsart</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>Std. deviation</source>
        <translation>Standardabweichung</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>Minimum</translation>
    </message>
    <message>
        <source>Most likely</source>
        <translation>Wahrscheinlichster</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>Maximum</translation>
    </message>
    <message>
        <source>Observed times</source>
        <translation>Beobachtete Zeiten</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>Ressourcen</translation>
    </message>
    <message>
        <source>Wait before</source>
        <translation>Wartezeit davor</translation>
    </message>
    <message>
        <source>% complete &amp;&amp; accurate</source>
        <translation>% vollständig &amp;&amp; korrekt</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>Eingaben</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>Ausgaben</translation>
    </message>
    <message>
        <source>Select a step or a flow</source>
        <translation>Wählen Sie einen Schritt oder einen Fluss</translation>
    </message>
    <message>
        <source>e.g. 3, 4.5, 6</source>
        <translation>z. B. 3, 4.5, 6</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <source>blank: the step&apos;s only flow</source>
        <translation>leer: der einzige Fluss des Schritts</translation>
    </message>
    <message>
        <source>Probability (0 to 1)</source>
        <translation>Wahrscheinlichkeit (0 bis 1)</translation>
    </message>
    <message>
        <source>Observations and ideas at this step</source>
        <translation>Beobachtungen und Ideen bei diesem Schritt</translation>
    </message>
    <message>
        <source>Log waste here</source>
        <translation>Verschwendung hier erfassen</translation>
    </message>
    <message>
        <source>Suggest an idea here</source>
        <translation>Idee hier vorschlagen</translation>
    </message>
    <message>
        <source>Select a step or a flow to see its properties</source>
        <translation>Wählen Sie einen Schritt oder einen Fluss, um seine Eigenschaften zu sehen</translation>
    </message>
    <message>
        <source>Step &quot;{name}&quot;</source>
        <translation>Schritt „{name}“</translation>
    </message>
    <message>
        <source>Nothing linked yet</source>
        <translation>Noch nichts verknüpft</translation>
    </message>
    <message>
        <source>Save the map first: the step needs its row to link to</source>
        <translation>Speichern Sie zuerst die Karte: der Schritt braucht seine Zeile, um verknüpft zu werden</translation>
    </message>
    <message>
        <source>Flow &quot;{source}&quot; to &quot;{target}&quot;</source>
        <translation>Fluss „{source}“ nach „{target}“</translation>
    </message>
    <message>
        <source>The probability must be a number above 0 and at most 1 (blank: the step&apos;s only flow).</source>
        <translation>Die Wahrscheinlichkeit muss eine Zahl über 0 und höchstens 1 sein (leer: der einzige Fluss des Schritts).</translation>
    </message>
</context>
<context>
    <name>ui.process_map.style</name>
    <message>
        <source>Value-adding</source>
        <translation>Wertschöpfend</translation>
    </message>
    <message>
        <source>Necessary (non-value-adding)</source>
        <translation>Notwendig (nicht wertschöpfend)</translation>
    </message>
    <message>
        <source>Waste</source>
        <translation>Verschwendung</translation>
    </message>
    <message>
        <source>VALUE-ADDING</source>
        <translation>WERTSCHÖPFEND</translation>
    </message>
    <message>
        <source>NECESSARY</source>
        <translation>NOTWENDIG</translation>
    </message>
    <message>
        <source>WASTE</source>
        <translation>VERSCHWENDUNG</translation>
    </message>
    <message>
        <source>transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <source>inventory</source>
        <translation>Bestände</translation>
    </message>
    <message>
        <source>motion</source>
        <translation>Bewegung</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>Warten</translation>
    </message>
    <message>
        <source>overproduction</source>
        <translation>Überproduktion</translation>
    </message>
    <message>
        <source>over-processing</source>
        <translation>Überbearbeitung</translation>
    </message>
    <message>
        <source>defects</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>fixed</source>
        <translation>fest</translation>
    </message>
    <message>
        <source>exponential</source>
        <translation>exponentiell</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>normal</translation>
    </message>
    <message>
        <source>lognormal</source>
        <translation>lognormal</translation>
    </message>
    <message>
        <source>triangular</source>
        <translation>dreieckig</translation>
    </message>
    <message>
        <source>empirical</source>
        <translation>empirisch</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>eingereicht</translation>
    </message>
    <message>
        <source>under_review</source>
        <translation>in Prüfung</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>standardised</source>
        <translation>standardisiert</translation>
    </message>
    <message>
        <source>abandoned</source>
        <translation>aufgegeben</translation>
    </message>
    <message>
        <source>s</source>
        <translation>s</translation>
    </message>
    <message>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <source>h</source>
        <translation>h</translation>
    </message>
    <message>
        <source>d</source>
        <translation>d</translation>
    </message>
</context>
<context>
    <name>ui.review.batch_review</name>
    <message>
        <source>&amp;Accept</source>
        <translation>&amp;Annehmen</translation>
    </message>
    <message>
        <source>Accepting starts each idea&apos;s first PDCA cycle in Plan. Give them an owner and a due date, or leave them as they are.</source>
        <translation>Das Annehmen startet den ersten PDCA-Zyklus jeder Idee in Planen. Geben Sie ihnen eine verantwortliche Person und ein Fälligkeitsdatum, oder lassen Sie sie, wie sie sind.</translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation>A&amp;blehnen</translation>
    </message>
    <message>
        <source>Rejecting closes the ideas. The reason is shown to each submitter, so say why kindly.</source>
        <translation>Das Ablehnen schließt die Ideen. Die Begründung wird jeder einreichenden Person gezeigt, also begründen Sie freundlich.</translation>
    </message>
    <message>
        <source>Send &amp;back</source>
        <translation>&amp;Zurückgeben</translation>
    </message>
    <message>
        <source>Sending back returns the ideas to their submitters as submitted, with your note (also added to each idea&apos;s comments) saying what is missing.</source>
        <translation>Das Zurückgeben schickt die Ideen als eingereicht an ihre einreichenden Personen zurück, mit Ihrer Notiz (auch den Kommentaren jeder Idee hinzugefügt), die sagt, was fehlt.</translation>
    </message>
    <message>
        <source>&amp;Start review</source>
        <translation>In &amp;Prüfung</translation>
    </message>
    <message>
        <source>Marks the ideas as under review, so the team sees someone is looking at them.</source>
        <translation>Markiert die Ideen als in Prüfung, damit das Team sieht, dass sich jemand darum kümmert.</translation>
    </message>
    <message>
        <source>Accept {count} idea</source>
        <translation>{count} Idee annehmen</translation>
    </message>
    <message>
        <source>Accept {count} ideas</source>
        <translation>{count} Ideen annehmen</translation>
    </message>
    <message>
        <source>Reject {count} idea</source>
        <translation>{count} Idee ablehnen</translation>
    </message>
    <message>
        <source>Reject {count} ideas</source>
        <translation>{count} Ideen ablehnen</translation>
    </message>
    <message>
        <source>Send back {count} idea</source>
        <translation>{count} Idee zurückgeben</translation>
    </message>
    <message>
        <source>Send back {count} ideas</source>
        <translation>{count} Ideen zurückgeben</translation>
    </message>
    <message>
        <source>Start review of {count} idea</source>
        <translation>Prüfung von {count} Idee beginnen</translation>
    </message>
    <message>
        <source>Start review of {count} ideas</source>
        <translation>Prüfung von {count} Ideen beginnen</translation>
    </message>
    <message>
        <source>Accept the ideas listed above (Enter or Ctrl+Enter)</source>
        <translation>Die oben aufgeführten Ideen annehmen (Enter oder Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Reject the ideas listed above (Enter or Ctrl+Enter)</source>
        <translation>Die oben aufgeführten Ideen ablehnen (Enter oder Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Send back the ideas listed above (Enter or Ctrl+Enter)</source>
        <translation>Die oben aufgeführten Ideen zurückgeben (Enter oder Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Start review of the ideas listed above (Enter or Ctrl+Enter)</source>
        <translation>Prüfung der oben aufgeführten Ideen beginnen (Enter oder Ctrl+Enter)</translation>
    </message>
    <message>
        <source>{count} idea accepted</source>
        <translation>{count} Idee angenommen</translation>
    </message>
    <message>
        <source>{count} ideas accepted</source>
        <translation>{count} Ideen angenommen</translation>
    </message>
    <message>
        <source>{count} idea rejected</source>
        <translation>{count} Idee abgelehnt</translation>
    </message>
    <message>
        <source>{count} ideas rejected</source>
        <translation>{count} Ideen abgelehnt</translation>
    </message>
    <message>
        <source>{count} idea sent back</source>
        <translation>{count} Idee zurückgegeben</translation>
    </message>
    <message>
        <source>{count} ideas sent back</source>
        <translation>{count} Ideen zurückgegeben</translation>
    </message>
    <message>
        <source>{count} idea put under review</source>
        <translation>{count} Idee in Prüfung genommen</translation>
    </message>
    <message>
        <source>{count} ideas put under review</source>
        <translation>{count} Ideen in Prüfung genommen</translation>
    </message>
    <message>
        <source>Review {count} idea</source>
        <translation>{count} Idee prüfen</translation>
    </message>
    <message>
        <source>Review {count} ideas</source>
        <translation>{count} Ideen prüfen</translation>
    </message>
    <message>
        <source>As {name} ({role})</source>
        <translation>Als {name} ({role})</translation>
    </message>
    <message>
        <source>Nobody is picked as working</source>
        <translation>Niemand ist als arbeitend gewählt</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>Keep the current owner</source>
        <translation>Aktuelle verantwortliche Person behalten</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Verantwortliche(r)</translation>
    </message>
    <message>
        <source>Keep the due date</source>
        <translation>Fälligkeitsdatum behalten</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Fälligkeitsdatum</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Close without reviewing (Esc)</source>
        <translation>Ohne Prüfung schließen (Esc)</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Why are these ideas rejected? (required)</source>
        <translation>Warum werden diese Ideen abgelehnt? (erforderlich)</translation>
    </message>
    <message>
        <source>What should the submitters add or change? (required)</source>
        <translation>Was sollen die einreichenden Personen ergänzen oder ändern? (erforderlich)</translation>
    </message>
    <message>
        <source>Pick who is working first.</source>
        <translation>Wählen Sie zuerst, wer gerade arbeitet.</translation>
    </message>
    <message>
        <source>{name} is {role}: only supervisors and admins review ideas.</source>
        <translation>{name} ist {role}: Nur Supervisoren und Administratoren prüfen Ideen.</translation>
    </message>
    <message>
        <source>Select one or more ideas in the list first.</source>
        <translation>Wählen Sie zuerst eine oder mehrere Ideen in der Liste aus.</translation>
    </message>
    <message>
        <source> and {count} more</source>
        <translation> und {count} weitere</translation>
    </message>
    <message>
        <source>Only submitted ideas and ideas under review can be reviewed: {which}{more} will be left as they are.</source>
        <translation>Nur eingereichte Ideen und Ideen in Prüfung können geprüft werden: {which}{more} bleiben, wie sie sind.</translation>
    </message>
    <message>
        <source>#{id}  (no longer there)</source>
        <translation>#{id}  (nicht mehr vorhanden)</translation>
    </message>
    <message>
        <source>{title}
{area}, from {submitter}; {status}</source>
        <translation>{title}
{area}, von {submitter}; {status}</translation>
    </message>
    <message>
        <source>The ideas could not be read: {message}</source>
        <translation>Die Ideen konnten nicht gelesen werden: {message}</translation>
    </message>
    <message>
        <source>Nothing was changed</source>
        <translation>Nichts wurde geändert</translation>
    </message>
    <message>
        <source>{count} refused</source>
        <translation>{count} verweigert</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Close (Enter)</source>
        <translation>Schließen (Enter)</translation>
    </message>
</context>
<context>
    <name>ui.simulation.attach_dialog</name>
    <message>
        <source>Attach to idea as forecast</source>
        <translation>Als Prognose an Idee anhängen</translation>
    </message>
    <message>
        <source>The lead time &quot;{scenario}&quot; saves becomes hours a year and, at the area&apos;s hourly rate, the idea&apos;s expected savings.</source>
        <translation>Die Durchlaufzeit, die „{scenario}“ einspart, wird zu Stunden pro Jahr und, zum Stundensatz des Bereichs, zu den erwarteten Einsparungen der Idee.</translation>
    </message>
    <message>
        <source>Attach</source>
        <translation>Anhängen</translation>
    </message>
</context>
<context>
    <name>ui.simulation.calibration_panel</name>
    <message>
        <source>Calibrated from {log}</source>
        <translation>Kalibriert aus {log}</translation>
    </message>
    <message>
        <source>The model is {percent}% above reality: credible.</source>
        <translation>Das Modell liegt {percent}&#xa0;% über der Realität: glaubwürdig.</translation>
    </message>
    <message>
        <source>The model is {percent}% above reality: check it before trusting a forecast.</source>
        <translation>Das Modell liegt {percent}&#xa0;% über der Realität: prüfen Sie es, bevor Sie einer Prognose trauen.</translation>
    </message>
    <message>
        <source>The model is {percent}% below reality: credible.</source>
        <translation>Das Modell liegt {percent}&#xa0;% unter der Realität: glaubwürdig.</translation>
    </message>
    <message>
        <source>The model is {percent}% below reality: check it before trusting a forecast.</source>
        <translation>Das Modell liegt {percent}&#xa0;% unter der Realität: prüfen Sie es, bevor Sie einer Prognose trauen.</translation>
    </message>
    <message>
        <source>start/complete</source>
        <translation>Start/Abschluss</translation>
    </message>
    <message>
        <source>gaps</source>
        <translation>Lücken</translation>
    </message>
    <message>
        <source>{mean} [{low}, {high}]</source>
        <translation>{mean} [{low}, {high}]</translation>
    </message>
    <message>
        <source>Simulated lead time {simulated} {units} against the log&apos;s real {real} {units} (mean; 90th percentile {p90}), from {cases} cases, durations from {source}.</source>
        <translation>Simulierte Durchlaufzeit {simulated} {units} gegenüber der realen des Protokolls von {real} {units} (Mittel; 90. Perzentil {p90}), aus {cases} Fällen, Dauern aus {source}.</translation>
    </message>
    <message>
        <source>Calibrate</source>
        <translation>Kalibrieren</translation>
    </message>
    <message>
        <source>Use calibrated model</source>
        <translation>Kalibriertes Modell verwenden</translation>
    </message>
    <message>
        <source>Store the calibrated model as a process map and simulate scenarios on it</source>
        <translation>Das kalibrierte Modell als Prozesslandkarte speichern und Szenarien darauf simulieren</translation>
    </message>
    <message>
        <source>No event log imported yet: import one (kaizen log import) to calibrate from it.</source>
        <translation>Noch kein Ereignisprotokoll importiert: importieren Sie eines (kaizen log import), um daraus zu kalibrieren.</translation>
    </message>
    <message>
        <source>Calibrating from {log} and simulating it…</source>
        <translation>Kalibrierung aus {log} und Simulation…</translation>
    </message>
    <message>
        <source>Could not calibrate: {error}</source>
        <translation>Kalibrierung nicht möglich: {error}</translation>
    </message>
</context>
<context>
    <name>ui.simulation.changes_editor</name>
    <message>
        <source>Remove a step</source>
        <translation>Schritt entfernen</translation>
    </message>
    <message>
        <source>Add resources</source>
        <translation>Ressourcen hinzufügen</translation>
    </message>
    <message>
        <source>Shorten a duration</source>
        <translation>Dauer verkürzen</translation>
    </message>
    <message>
        <source>Reroute</source>
        <translation>Umleiten</translation>
    </message>
    <message>
        <source>Change the demand</source>
        <translation>Nachfrage ändern</translation>
    </message>
    <message>
        <source>Resources to add</source>
        <translation>Hinzuzufügende Ressourcen</translation>
    </message>
    <message>
        <source>Shorter by</source>
        <translation>Kürzer um</translation>
    </message>
    <message>
        <source>Share sent there</source>
        <translation>Dorthin gesendeter Anteil</translation>
    </message>
    <message>
        <source>Demand change</source>
        <translation>Nachfrageänderung</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Nach</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Add change</source>
        <translation>Änderung hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>end</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>{label} must be a whole number from {low} to {high}.</source>
        <translation>{label}: bitte eine ganze Zahl von {low} bis {high} eingeben.</translation>
    </message>
</context>
<context>
    <name>ui.simulation.options_form</name>
    <message>
        <source>Auto (10,000 cases)</source>
        <translation>Auto (10.000 Fälle)</translation>
    </message>
    <message>
        <source>Auto (a tenth)</source>
        <translation>Auto (ein Zehntel)</translation>
    </message>
    <message>
        <source>Replications</source>
        <translation>Replikationen</translation>
    </message>
    <message>
        <source>Horizon</source>
        <translation>Horizont</translation>
    </message>
    <message>
        <source>Warm-up</source>
        <translation>Einschwingphase</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Startwert</translation>
    </message>
</context>
<context>
    <name>ui.simulation.results_data</name>
    <message>
        <source>Throughput</source>
        <translation>Durchsatz</translation>
    </message>
    <message>
        <source>Lead time</source>
        <translation>Durchlaufzeit</translation>
    </message>
    <message>
        <source>Lead time, 90th percentile</source>
        <translation>Durchlaufzeit, 90. Perzentil</translation>
    </message>
    <message>
        <source>Work in progress</source>
        <translation>Umlaufbestand</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>Minuten</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>Stunden</translation>
    </message>
    <message>
        <source>days</source>
        <translation>Tage</translation>
    </message>
    <message>
        <source>per second</source>
        <translation>pro Sekunde</translation>
    </message>
    <message>
        <source>per minute</source>
        <translation>pro Minute</translation>
    </message>
    <message>
        <source>per hour</source>
        <translation>pro Stunde</translation>
    </message>
    <message>
        <source>per day</source>
        <translation>pro Tag</translation>
    </message>
    <message>
        <source>cases/second</source>
        <translation>Fälle/Sekunde</translation>
    </message>
    <message>
        <source>cases/minute</source>
        <translation>Fälle/Minute</translation>
    </message>
    <message>
        <source>cases/hour</source>
        <translation>Fälle/Stunde</translation>
    </message>
    <message>
        <source>cases/day</source>
        <translation>Fälle/Tag</translation>
    </message>
    <message>
        <source>{value}%</source>
        <translation>{value}&#xa0;%</translation>
    </message>
    <message>
        <source>{difference} pts</source>
        <translation>{difference} Pkt.</translation>
    </message>
    <message>
        <source>real</source>
        <translation>echt</translation>
    </message>
    <message>
        <source>not shown</source>
        <translation>nicht belegt</translation>
    </message>
    <message>
        <source>cases</source>
        <translation>Fälle</translation>
    </message>
    <message>
        <source>{step}: queue wait</source>
        <translation>{step}: Wartezeit in der Warteschlange</translation>
    </message>
    <message>
        <source>{step}: utilisation</source>
        <translation>{step}: Auslastung</translation>
    </message>
    <message>
        <source>Current state</source>
        <translation>Ist-Zustand</translation>
    </message>
    <message>
        <source>Wait at {step}</source>
        <translation>Wartezeit bei {step}</translation>
    </message>
</context>
<context>
    <name>ui.simulation.results_panel</name>
    <message>
        <source>Figure</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Szenario</translation>
    </message>
    <message>
        <source>Difference (95% CI)</source>
        <translation>Differenz (95-%-KI)</translation>
    </message>
    <message>
        <source>Real?</source>
        <translation>Echt?</translation>
    </message>
    <message>
        <source>The map against the scenario</source>
        <translation>Die Karte gegen das Szenario</translation>
    </message>
    <message>
        <source>Run a scenario to compare it with the current state.</source>
        <translation>Führen Sie ein Szenario aus, um es mit dem Ist-Zustand zu vergleichen.</translation>
    </message>
    <message>
        <source>{figure} ({unit})</source>
        <translation>{figure} ({unit})</translation>
    </message>
    <message>
        <source>Mean with its 95% interval: {interval}</source>
        <translation>Mittelwert mit 95-%-Intervall: {interval}</translation>
    </message>
    <message>
        <source>{replications} replications of {horizon} {units} each (the first {warmup} discarded), seed {seed}, paired on common random numbers. A difference is real when its 95% interval excludes 0.</source>
        <translation>{replications} Replikationen zu je {horizon} {units} (die ersten {warmup} verworfen), Startwert {seed}, gepaart über gemeinsame Zufallszahlen. Eine Differenz ist echt, wenn ihr 95-%-Intervall 0 ausschließt.</translation>
    </message>
    <message>
        <source>What-if: {scenario}</source>
        <translation>Was-wäre-wenn: {scenario}</translation>
    </message>
</context>
<context>
    <name>ui.simulation.view</name>
    <message>
        <source>What-if</source>
        <translation>Was-wäre-wenn</translation>
    </message>
    <message>
        <source>Simulate a change before making it: the current state against a scenario, with 95% intervals, and its forecast on an idea.</source>
        <translation>Eine Änderung simulieren, bevor Sie sie umsetzen: der Ist-Zustand gegen ein Szenario, mit 95-%-Intervallen, und seine Prognose für eine Idee.</translation>
    </message>
    <message>
        <source>No process map to simulate yet</source>
        <translation>Noch keine Prozesslandkarte zum Simulieren</translation>
    </message>
    <message>
        <source>Map a process first (or start one from a template such as the patient flow, kaizen process new), then come back to try a change on it before making it.</source>
        <translation>Kartieren Sie zuerst einen Prozess (oder beginnen Sie mit einer Vorlage wie dem Patientenfluss, kaizen process new) und probieren Sie dann hier eine Änderung aus, bevor Sie sie umsetzen.</translation>
    </message>
    <message>
        <source>Process map</source>
        <translation>Prozesslandkarte</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Szenario</translation>
    </message>
    <message>
        <source>A name for this scenario</source>
        <translation>Ein Name für dieses Szenario</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>Prognose</translation>
    </message>
    <message>
        <source>Attach to idea as forecast…</source>
        <translation>Als Prognose an Idee anhängen…</translation>
    </message>
    <message>
        <source>Calibrate from an event log</source>
        <translation>Aus einem Ereignisprotokoll kalibrieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>The map: {warning}</source>
        <translation>Die Karte: {warning}</translation>
    </message>
    <message>
        <source>The scenario cannot be built: {reason}</source>
        <translation>Das Szenario lässt sich nicht bilden: {reason}</translation>
    </message>
    <message>
        <source>Scenario: {warning}</source>
        <translation>Szenario: {warning}</translation>
    </message>
    <message>
        <source>Pick who is working (top right) to run a scenario.</source>
        <translation>Wählen Sie, wer arbeitet (oben rechts), um ein Szenario auszuführen.</translation>
    </message>
    <message>
        <source>Supervisors and admins run scenarios (they are saved with the map).</source>
        <translation>Supervisor und Administrator führen Szenarien aus (sie werden mit der Karte gespeichert).</translation>
    </message>
    <message>
        <source>Simulating the current state and the scenario…</source>
        <translation>Ist-Zustand und Szenario werden simuliert…</translation>
    </message>
    <message>
        <source>{done} of {total} replications</source>
        <translation>{done} von {total} Replikationen</translation>
    </message>
    <message>
        <source>Saved and simulated &quot;{name}&quot;.</source>
        <translation>„{name}“ gespeichert und simuliert.</translation>
    </message>
    <message>
        <source>Cancelled: no results were recorded.</source>
        <translation>Abgebrochen: es wurden keine Ergebnisse erfasst.</translation>
    </message>
    <message>
        <source>Could not run the scenario: {error}</source>
        <translation>Das Szenario konnte nicht ausgeführt werden: {error}</translation>
    </message>
    <message>
        <source>Forecast on idea #{number}: {hours} hours and {amount} a year.</source>
        <translation>Prognose für Idee #{number}: {hours} Stunden und {amount} pro Jahr.</translation>
    </message>
    <message>
        <source>Supervisors and admins store a calibrated model as a map.</source>
        <translation>Supervisor und Administrator speichern ein kalibriertes Modell als Karte.</translation>
    </message>
    <message>
        <source>{name} has no home area to keep the calibrated process in: set one on the People page.</source>
        <translation>{name} hat keinen Heimatbereich für den kalibrierten Prozess: legen Sie einen auf der Seite Personen fest.</translation>
    </message>
    <message>
        <source>Storing the calibrated model as a map…</source>
        <translation>Kalibriertes Modell wird als Karte gespeichert…</translation>
    </message>
    <message>
        <source>The calibrated model is a new process &apos;{name}&apos;: scenarios now change it.</source>
        <translation>Das kalibrierte Modell ist ein neuer Prozess „{name}“: Szenarien ändern jetzt ihn.</translation>
    </message>
    <message>
        <source>The calibrated model replaced the current state of &apos;{name}&apos;: scenarios now change it.</source>
        <translation>Das kalibrierte Modell hat den Ist-Zustand von „{name}“ ersetzt: Szenarien ändern jetzt ihn.</translation>
    </message>
    <message>
        <source>a real difference</source>
        <translation>eine echte Differenz</translation>
    </message>
    <message>
        <source>not shown to be real</source>
        <translation>nicht als echt belegt</translation>
    </message>
    <message>
        <source>not tested</source>
        <translation>nicht geprüft</translation>
    </message>
    <message>
        <source>Idea #{number}: {saved} {units} saved per case ({real}) x {cases} cases a year = {hours} hours, at {rate}/h = {amount} a year, now the idea&apos;s expected savings.</source>
        <translation>Idee #{number}: {saved} {units} Einsparung je Fall ({real}) × {cases} Fälle pro Jahr = {hours} Stunden, zu {rate}/h = {amount} pro Jahr, jetzt die erwarteten Einsparungen der Idee.</translation>
    </message>
    <message>
        <source>Scenario 1</source>
        <translation>Szenario 1</translation>
    </message>
</context>
<context>
    <name>ui.undo_offer</name>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Nothing to undo here: Ctrl+Z takes back your last review decision or card move.</source>
        <translation>Hier gibt es nichts rückgängig zu machen: Ctrl+Z nimmt Ihre letzte Prüfentscheidung oder Kartenverschiebung zurück.</translation>
    </message>
    <message>
        <source>Take it back (Ctrl+Z), for {seconds} seconds</source>
        <translation>Zurücknehmen (Ctrl+Z), {seconds} Sekunden lang</translation>
    </message>
</context>
<context>
    <name>ui.views.dashboard</name>
    <message>
        <source>All areas</source>
        <translation>Alle Bereiche</translation>
    </message>
    <message>
        <source>Year to date (1 January to the end of the period): click to see its list</source>
        <translation>Seit Jahresbeginn (1. Januar bis Ende des Zeitraums): klicken, um die Liste zu sehen</translation>
    </message>
    <message>
        <source>{caption}: {tip}
Click to see the list behind it.</source>
        <translation>{caption}: {tip}
Klicken, um die Liste dahinter zu sehen.</translation>
    </message>
    <message>
        <source>YTD</source>
        <translation>Lfd. Jahr</translation>
    </message>
    <message>
        <source>Could not be read</source>
        <translation>Konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>Could not be read: {error}</source>
        <translation>Konnte nicht gelesen werden: {error}</translation>
    </message>
    <message>
        <source>Top wastes</source>
        <translation>Größte Verschwendungen</translation>
    </message>
    <message>
        <source>Top wastes: the wastes whose observations in the period cost the most a year (minutes lost at the area&apos;s hourly rate plus the cost per occurrence, × occurrences a week × 52). Click one to see its observations.</source>
        <translation>Größte Verschwendungen: die Verschwendungen, deren Beobachtungen im Zeitraum pro Jahr am meisten kosten (verlorene Minuten zum Stundensatz des Bereichs plus Kosten je Vorkommen, × Vorkommen pro Woche × 52). Klicken Sie auf eine, um ihre Beobachtungen zu sehen.</translation>
    </message>
    <message>
        <source>This period</source>
        <translation>Dieser Zeitraum</translation>
    </message>
    <message>
        <source>Year to date</source>
        <translation>Seit Jahresbeginn</translation>
    </message>
    <message>
        <source>No waste observed</source>
        <translation>Keine Verschwendung beobachtet</translation>
    </message>
    <message>
        <source>This period · {currency} a year</source>
        <translation>Zeitraum · {currency}/Jahr</translation>
    </message>
    <message>
        <source>Year to date · {currency} a year</source>
        <translation>Lfd. Jahr · {currency}/Jahr</translation>
    </message>
    <message>
        <source>{waste}: {count} observation, costing {cost} a year. Click to see them.</source>
        <translation>{waste}: {count} Beobachtung, kostet {cost} pro Jahr. Klicken, um sie zu sehen.</translation>
    </message>
    <message>
        <source>{waste}: {count} observations, costing {cost} a year. Click to see them.</source>
        <translation>{waste}: {count} Beobachtungen, kosten {cost} pro Jahr. Klicken, um sie zu sehen.</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Where the site stands today.</source>
        <translation>Wo der Standort heute steht.</translation>
    </message>
    <message>
        <source>Savings by month</source>
        <translation>Einsparungen pro Monat</translation>
    </message>
    <message>
        <source>Waste Pareto</source>
        <translation>Verschwendungs-Pareto</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>The days the figures count</source>
        <translation>Die Tage, die die Kennzahlen zählen</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>First day counted</source>
        <translation>Erster gezählter Tag</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <source>Last day counted</source>
        <translation>Letzter gezählter Tag</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Count this area and the areas below it</source>
        <translation>Diesen Bereich und die Bereiche darunter zählen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Read the figures again (F5)</source>
        <translation>Kennzahlen neu lesen (F5)</translation>
    </message>
    <message>
        <source>Where ideas stall</source>
        <translation>Wo Ideen stocken</translation>
    </message>
    <message>
        <source>Mine the ideas&apos; own status and PDCA stage changes: where they wait longest</source>
        <translation>Die eigenen Status- und PDCA-Phasenwechsel der Ideen analysieren: wo sie am längsten warten</translation>
    </message>
    <message>
        <source>Pick a day</source>
        <translation>Tag wählen</translation>
    </message>
    <message>
        <source>Waste Pareto · seen {period}</source>
        <translation>Verschwendungs-Pareto · gesehen {period}</translation>
    </message>
    <message>
        <source>Validated savings · last {count} months</source>
        <translation>Einsparungen · letzte {count} Monate</translation>
    </message>
    <message>
        <source>the site</source>
        <translation>der Standort</translation>
    </message>
    <message>
        <source>Where {site} stands: ideas, savings and wastes of {period}; open actions and cards as of {day}.</source>
        <translation>Wo {site} steht: Ideen, Einsparungen und Verschwendungen von {period}; offene Maßnahmen und Karten am {day}.</translation>
    </message>
    <message>
        <source>The figures could not be read: {error}</source>
        <translation>Die Kennzahlen konnten nicht gelesen werden: {error}</translation>
    </message>
</context>
<context>
    <name>ui.views.dashboard_cards</name>
    <message>
        <source>This month</source>
        <translation>Dieser Monat</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>Letzter Monat</translation>
    </message>
    <message>
        <source>Year to date</source>
        <translation>Seit Jahresbeginn</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>Letzte 12 Monate</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>Eigener Zeitraum</translation>
    </message>
    <message>
        <source>No active people took part in the period</source>
        <translation>Keine aktiven Personen haben im Zeitraum teilgenommen</translation>
    </message>
    <message>
        <source>{part} of {whole} active person took part</source>
        <translation>{part} von {whole} aktiven Person hat teilgenommen</translation>
    </message>
    <message>
        <source>{part} of {whole} active people took part</source>
        <translation>{part} von {whole} aktiven Personen haben teilgenommen</translation>
    </message>
    <message>
        <source>{count} active person</source>
        <translation>{count} aktive Person</translation>
    </message>
    <message>
        <source>{count} active people</source>
        <translation>{count} aktive Personen</translation>
    </message>
    <message>
        <source>No active people in the area</source>
        <translation>Keine aktiven Personen im Bereich</translation>
    </message>
    <message>
        <source>a year, at this period&apos;s pace</source>
        <translation>pro Jahr, im Tempo dieses Zeitraums</translation>
    </message>
    <message>
        <source>No idea decided in the period</source>
        <translation>Keine Idee im Zeitraum entschieden</translation>
    </message>
    <message>
        <source>{part} of {whole} decided were standardised</source>
        <translation>{part} von {whole} entschiedenen wurden standardisiert</translation>
    </message>
    <message>
        <source>No idea standardised in the period</source>
        <translation>Keine Idee im Zeitraum standardisiert</translation>
    </message>
    <message>
        <source>{count} day</source>
        <translation>{count} Tag</translation>
    </message>
    <message>
        <source>{count} days</source>
        <translation>{count} Tage</translation>
    </message>
    <message>
        <source>from submission to standardised</source>
        <translation>von der Einreichung bis standardisiert</translation>
    </message>
    <message>
        <source>{amount}, validated actuals</source>
        <translation>{amount}, bestätigte Ist-Werte</translation>
    </message>
    <message>
        <source>validated actuals</source>
        <translation>bestätigte Ist-Werte</translation>
    </message>
    <message>
        <source>Do actions past due on {day}</source>
        <translation>Umsetzen-Maßnahmen überfällig am {day}</translation>
    </message>
    <message>
        <source>{days}+ days in one stage</source>
        <translation>{days}+ Tage in einer Phase</translation>
    </message>
    <message>
        <source>Ideas submitted</source>
        <translation>Eingereichte Ideen</translation>
    </message>
    <message>
        <source>Ideas created in the period, in the area and the areas below it.</source>
        <translation>Im Zeitraum erstellte Ideen, im Bereich und den Bereichen darunter.</translation>
    </message>
    <message>
        <source>Ideas per person</source>
        <translation>Ideen pro Person</translation>
    </message>
    <message>
        <source>Ideas submitted ÷ active people, scaled to a year (× 365 ÷ days in the period).</source>
        <translation>Eingereichte Ideen ÷ aktive Personen, auf ein Jahr hochgerechnet (× 365 ÷ Tage im Zeitraum).</translation>
    </message>
    <message>
        <source>Participation</source>
        <translation>Beteiligung</translation>
    </message>
    <message>
        <source>Share of the active people who submitted at least one idea in the period.</source>
        <translation>Anteil der aktiven Personen, die im Zeitraum mindestens eine Idee eingereicht haben.</translation>
    </message>
    <message>
        <source>Implementation rate</source>
        <translation>Umsetzungsquote</translation>
    </message>
    <message>
        <source>Ideas standardised ÷ ideas decided (standardised, abandoned or rejected) in the period. Ideas still running are not counted.</source>
        <translation>Standardisierte Ideen ÷ entschiedene Ideen (standardisiert, aufgegeben oder abgelehnt) im Zeitraum. Noch laufende Ideen zählen nicht.</translation>
    </message>
    <message>
        <source>Median days to done</source>
        <translation>Median-Dauer</translation>
    </message>
    <message>
        <source>The median time from submission to standardised, of the ideas standardised in the period.</source>
        <translation>Die mittlere Zeit (Median) von der Einreichung bis standardisiert, für die im Zeitraum standardisierten Ideen.</translation>
    </message>
    <message>
        <source>Validated savings</source>
        <translation>Einsparungen</translation>
    </message>
    <message>
        <source>Validated actual savings of the months the period touches; forecasts and unvalidated amounts never count.</source>
        <translation>Bestätigte tatsächliche Einsparungen der Monate, die der Zeitraum berührt; Prognosen und unbestätigte Beträge zählen nie.</translation>
    </message>
    <message>
        <source>Overdue actions</source>
        <translation>Überfällig</translation>
    </message>
    <message>
        <source>Do actions not done whose due date has passed, on open PDCA cycles.</source>
        <translation>Nicht erledigte Umsetzen-Maßnahmen, deren Fälligkeit überschritten ist, in offenen PDCA-Zyklen.</translation>
    </message>
    <message>
        <source>Stalled cards</source>
        <translation>Stockende Karten</translation>
    </message>
    <message>
        <source>Open PDCA cycles that have sat in the same stage for the site&apos;s stale threshold or longer.</source>
        <translation>Offene PDCA-Zyklen, die so lange wie die Stillstandsschwelle des Standorts oder länger in derselben Phase stehen.</translation>
    </message>
</context>
<context>
    <name>ui.views.ideas</name>
    <message>
        <source>Ideas logged with Quick capture (Ctrl+N) appear here, newest first: what is wrong now and what to change. Supervisors select them here to review them.</source>
        <translation>Mit Schnellerfassung (Ctrl+N) erfasste Ideen erscheinen hier, die neuesten zuerst: was jetzt falsch ist und was sich ändern soll. Supervisoren wählen sie hier zur Prüfung aus.</translation>
    </message>
    <message>
        <source>New, waiting for review</source>
        <translation>Neu, wartet auf Prüfung</translation>
    </message>
    <message>
        <source>A supervisor is looking at it</source>
        <translation>Ein Supervisor sieht sie sich an</translation>
    </message>
    <message>
        <source>Running through PDCA</source>
        <translation>Läuft durch PDCA</translation>
    </message>
    <message>
        <source>Closed with a reason</source>
        <translation>Mit Begründung geschlossen</translation>
    </message>
    <message>
        <source>Done: the new standard</source>
        <translation>Erledigt: der neue Standard</translation>
    </message>
    <message>
        <source>Stopped after trying</source>
        <translation>Nach dem Versuch aufgegeben</translation>
    </message>
    <message>
        <source>ideas</source>
        <translation>Ideen</translation>
    </message>
    <message>
        <source>idea</source>
        <translation>Idee</translation>
    </message>
    <message>
        <source>No ideas yet</source>
        <translation>Noch keine Ideen</translation>
    </message>
    <message>
        <source>No ideas match these filters</source>
        <translation>Keine Ideen passen zu diesen Filtern</translation>
    </message>
    <message>
        <source>Try other words or a wider date range, or clear the filters to see every idea.</source>
        <translation>Versuchen Sie andere Wörter oder einen größeren Datumsbereich, oder löschen Sie die Filter, um alle Ideen zu sehen.</translation>
    </message>
    <message>
        <source>Ideas</source>
        <translation>Ideen</translation>
    </message>
    <message>
        <source>Suggestions from the floor, from a first note to a new standard.</source>
        <translation>Vorschläge aus der Praxis, von der ersten Notiz bis zum neuen Standard.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Submitted or owned by</source>
        <translation>Eingereicht von oder verantwortlich</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Ideas created</source>
        <translation>Ideen erstellt</translation>
    </message>
    <message>
        <source>Review…</source>
        <translation>Prüfen…</translation>
    </message>
    <message>
        <source>Pick who is working first: supervisors and admins review ideas.</source>
        <translation>Wählen Sie zuerst, wer arbeitet: Supervisoren und Administratoren prüfen Ideen.</translation>
    </message>
    <message>
        <source>{name} is {role}: only supervisors and admins review ideas.</source>
        <translation>{name} ist {role}: nur Supervisoren und Administratoren prüfen Ideen.</translation>
    </message>
    <message>
        <source>Select one or more ideas first (Shift or Ctrl to pick several, Ctrl+A all).</source>
        <translation>Wählen Sie zuerst eine oder mehrere Ideen aus (Umschalt oder Strg für mehrere, Ctrl+A für alle).</translation>
    </message>
    <message>
        <source>Review at most {limit} ideas at once ({selected} are selected).</source>
        <translation>Prüfen Sie höchstens {limit} Ideen auf einmal ({selected} sind ausgewählt).</translation>
    </message>
    <message>
        <source>Accept, reject, send back or start the review of the selected ideas (Ctrl+R)</source>
        <translation>Die ausgewählten Ideen annehmen, ablehnen, zurückgeben oder ihre Prüfung beginnen (Ctrl+R)</translation>
    </message>
    <message>
        <source>{count} selected</source>
        <translation>{count} ausgewählt</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <source>{count} idea</source>
        <translation>{count} Idee</translation>
    </message>
    <message>
        <source>{count} ideas</source>
        <translation>{count} Ideen</translation>
    </message>
    <message>
        <source>{count} {status}</source>
        <translation>{count} {status}</translation>
    </message>
    <message>
        <source>No ideas</source>
        <translation>Keine Ideen</translation>
    </message>
    <message>
        <source>Idea #{id}: the detail view is not available in this version.</source>
        <translation>Idee #{id}: Die Detailansicht ist in dieser Version nicht verfügbar.</translation>
    </message>
    <message>
        <source>{count} idea reviewed.</source>
        <translation>{count} Idee geprüft.</translation>
    </message>
    <message>
        <source>{count} ideas reviewed.</source>
        <translation>{count} Ideen geprüft.</translation>
    </message>
    <message>
        <source>{count} refused: see the review window for why.</source>
        <translation>{count} abgelehnt: den Grund sehen Sie im Prüffenster.</translation>
    </message>
</context>
<context>
    <name>ui.views.last_dashboard</name>
    <message>
        <source>The dashboard as of {time} today; refreshing…</source>
        <translation>Die Übersicht von heute {time}; wird aktualisiert…</translation>
    </message>
    <message>
        <source>The dashboard as of {time} {day}; refreshing…</source>
        <translation>Die Übersicht vom {day}, {time}; wird aktualisiert…</translation>
    </message>
</context>
<context>
    <name>ui.views.list_export</name>
    <message>
        <source>CSV for other programs (*.csv)</source>
        <translation>CSV für andere Programme (*.csv)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel-Arbeitsmappe (*.xlsx)</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Write the {items} listed, as filtered and sorted, to a CSV file or an Excel workbook</source>
        <translation>Die aufgelisteten {items}, gefiltert und sortiert wie angezeigt, in eine CSV-Datei oder eine Excel-Arbeitsmappe schreiben</translation>
    </message>
    <message>
        <source>Export the {items}</source>
        <translation>{items} exportieren</translation>
    </message>
    <message>
        <source>Exporting the {items}…</source>
        <translation>{items} werden exportiert…</translation>
    </message>
    <message>
        <source>Exporting the {items}… {percent}%</source>
        <translation>{items} werden exportiert… {percent}%</translation>
    </message>
    <message>
        <source>Exported {count} {items} to {path}</source>
        <translation>{count} {items} nach {path} exportiert</translation>
    </message>
    <message>
        <source>Cannot write the file: {reason}. Nothing was written.</source>
        <translation>Die Datei kann nicht geschrieben werden: {reason}. Es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>The {items} could not be exported</source>
        <translation>Die {items} konnten nicht exportiert werden</translation>
    </message>
</context>
<context>
    <name>ui.views.list_filters</name>
    <message>
        <source>Any</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Space ticks · Enter closes</source>
        <translation>Leertaste hakt an · Enter schließt</translation>
    </message>
    <message>
        <source>{caption}: {count} of {total}</source>
        <translation>{caption}: {count} von {total}</translation>
    </message>
    <message>
        <source>{caption}: {chosen} (click to choose)</source>
        <translation>{caption}: {chosen} (klicken zum Auswählen)</translation>
    </message>
    <message>
        <source>any</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>Search {items}  (Ctrl+F)</source>
        <translation>{items} durchsuchen  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search {items}</source>
        <translation>{items} durchsuchen</translation>
    </message>
    <message>
        <source>Every word must appear in the text; the last one may be the start of a word</source>
        <translation>Jedes Wort muss im Text vorkommen; das letzte darf ein Wortanfang sein</translation>
    </message>
    <message>
        <source>All areas</source>
        <translation>Alle Bereiche</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>This area and every area below it</source>
        <translation>Dieser Bereich und jeder Bereich darunter</translation>
    </message>
    <message>
        <source>any day</source>
        <translation>beliebiger Tag</translation>
    </message>
    <message>
        <source>{caption} from</source>
        <translation>{caption} ab</translation>
    </message>
    <message>
        <source>{caption} until</source>
        <translation>{caption} bis</translation>
    </message>
    <message>
        <source>{what} on or after this day (empty: any day)</source>
        <translation>{what} an oder nach diesem Tag (leer: beliebiger Tag)</translation>
    </message>
    <message>
        <source>{what} on or before this day (empty: any day)</source>
        <translation>{what} an oder vor diesem Tag (leer: beliebiger Tag)</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Filter löschen</translation>
    </message>
    <message>
        <source>Show everything again</source>
        <translation>Wieder alles anzeigen</translation>
    </message>
    <message>
        <source>{caption} on or after {day}</source>
        <translation>{caption} am oder nach dem {day}</translation>
    </message>
    <message>
        <source>{caption} on or before {day}</source>
        <translation>{caption} am oder vor dem {day}</translation>
    </message>
    <message>
        <source>Remove this filter</source>
        <translation>Diesen Filter entfernen</translation>
    </message>
</context>
<context>
    <name>ui.views.list_page</name>
    <message>
        <source>Pick who is working first</source>
        <translation>Wählen Sie zuerst, wer arbeitet</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Filter löschen</translation>
    </message>
    <message>
        <source>The areas and people could not be read</source>
        <translation>Die Bereiche und Personen konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>The counts could not be read</source>
        <translation>Die Zählungen konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>The {items} could not be read</source>
        <translation>Die {items} konnten nicht gelesen werden</translation>
    </message>
</context>
<context>
    <name>ui.views.loading_page</name>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Opening the database and reading the figures…</source>
        <translation>Die Datenbank wird geöffnet und die Kennzahlen werden gelesen…</translation>
    </message>
</context>
<context>
    <name>ui.views.measurements</name>
    <message>
        <source>Pick an idea</source>
        <translation>Idee wählen</translation>
    </message>
    <message>
        <source>Accepted and closed ideas are listed on the left. Pick one to see its metrics, whether the change made a real difference, and what it saved.</source>
        <translation>Angenommene und geschlossene Ideen stehen links. Wählen Sie eine, um ihre Kennzahlen zu sehen, ob die Änderung einen echten Unterschied gemacht hat und was sie eingespart hat.</translation>
    </message>
    <message>
        <source>Measurements</source>
        <translation>Messungen</translation>
    </message>
    <message>
        <source>Before and after data, and whether the change made a real difference.</source>
        <translation>Daten vorher und nachher, und ob die Änderung einen echten Unterschied gemacht hat.</translation>
    </message>
    <message>
        <source>Find an idea (Ctrl+F)</source>
        <translation>Idee suchen (Ctrl+F)</translation>
    </message>
    <message>
        <source>Find an idea</source>
        <translation>Idee suchen</translation>
    </message>
    <message>
        <source>Accepted and closed ideas</source>
        <translation>Angenommene und geschlossene Ideen</translation>
    </message>
    <message>
        <source>Savings ledger</source>
        <translation>Einsparungsbuch</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>The metric shown: its statistics, charts and samples</source>
        <translation>Die angezeigte Kennzahl: ihre Statistik, Diagramme und Stichproben</translation>
    </message>
    <message>
        <source>Add metric…</source>
        <translation>Kennzahl…</translation>
    </message>
    <message>
        <source>Plan…</source>
        <translation>Plan…</translation>
    </message>
    <message>
        <source>Statistics plan</source>
        <translation>Statistikplan</translation>
    </message>
    <message>
        <source>Add samples</source>
        <translation>Messen</translation>
    </message>
    <message>
        <source>Propose savings…</source>
        <translation>Einsparung…</translation>
    </message>
    <message>
        <source>Before / after</source>
        <translation>Vorher / nachher</translation>
    </message>
    <message>
        <source>Control chart</source>
        <translation>Regelkarte</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Werte</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Statistik</translation>
    </message>
    <message>
        <source>Capability</source>
        <translation>Fähigkeit</translation>
    </message>
    <message>
        <source>Save chart…</source>
        <translation>Speichern…</translation>
    </message>
    <message>
        <source>Save the chart shown as a PNG image or an SVG drawing</source>
        <translation>Das angezeigte Diagramm als PNG-Bild oder SVG-Zeichnung speichern</translation>
    </message>
    <message>
        <source>No metric yet</source>
        <translation>Noch keine Kennzahl</translation>
    </message>
    <message>
        <source>Add what you will measure before and after the change (cycle time, defect rate, throughput…), then its samples; the statistics and charts appear here.</source>
        <translation>Legen Sie fest, was Sie vor und nach der Änderung messen (Zykluszeit, Fehlerquote, Durchsatz…), dann ihre Stichproben; Statistik und Diagramme erscheinen hier.</translation>
    </message>
    <message>
        <source>Pick who is working first: supervisors and admins record measurements and savings.</source>
        <translation>Wählen Sie zuerst, wer arbeitet: Supervisoren und Administratoren erfassen Messungen und Einsparungen.</translation>
    </message>
    <message>
        <source>Supervisors and admins record measurements and savings; staff see them read-only.</source>
        <translation>Supervisoren und Administratoren erfassen Messungen und Einsparungen; Mitarbeitende sehen sie nur lesend.</translation>
    </message>
    <message>
        <source>Pick an idea first.</source>
        <translation>Wählen Sie zuerst eine Idee.</translation>
    </message>
    <message>
        <source>Add a metric to measure before and after the change</source>
        <translation>Eine Kennzahl hinzufügen, um vor und nach der Änderung zu messen</translation>
    </message>
    <message>
        <source>Pick a metric first.</source>
        <translation>Wählen Sie zuerst eine Kennzahl.</translation>
    </message>
    <message>
        <source>The statistics plan: spec limits, the primary test, the control chart and its rules for this metric</source>
        <translation>Der Statistikplan: Spezifikationsgrenzen, der Haupttest, die Regelkarte und ihre Regeln für diese Kennzahl</translation>
    </message>
    <message>
        <source>Type, paste or import samples of this metric</source>
        <translation>Stichproben dieser Kennzahl eingeben, einfügen oder importieren</translation>
    </message>
    <message>
        <source>See the samples of this metric</source>
        <translation>Die Stichproben dieser Kennzahl ansehen</translation>
    </message>
    <message>
        <source>Measure before and after first: the estimate starts from the difference of the means.</source>
        <translation>Messen Sie zuerst vorher und nachher: Die Schätzung geht von der Differenz der Mittelwerte aus.</translation>
    </message>
    <message>
        <source>Estimate yearly savings from this metric and pre-fill a forecast</source>
        <translation>Jährliche Einsparungen aus dieser Kennzahl schätzen und eine Prognose vorausfüllen</translation>
    </message>
    <message>
        <source>The ideas could not be read</source>
        <translation>Die Ideen konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>No accepted idea yet</source>
        <translation>Noch keine angenommene Idee</translation>
    </message>
    <message>
        <source>Ideas appear here once a supervisor accepts them in Ideas. Then measure them before and after the change, and record what they save.</source>
        <translation>Ideen erscheinen hier, sobald ein Supervisor sie unter Ideen annimmt. Messen Sie sie dann vor und nach der Änderung und erfassen Sie, was sie einsparen.</translation>
    </message>
    <message>
        <source>No accepted or closed idea matches.</source>
        <translation>Keine angenommene oder geschlossene Idee passt.</translation>
    </message>
    <message>
        <source>No accepted idea yet: ideas appear here once a supervisor accepts them.</source>
        <translation>Noch keine angenommene Idee: Ideen erscheinen hier, sobald ein Supervisor sie annimmt.</translation>
    </message>
    <message>
        <source>The newest {shown} of {total}; type to find others.</source>
        <translation>Die neuesten {shown} von {total}; tippen Sie, um andere zu finden.</translation>
    </message>
    <message>
        <source>{count} accepted or closed idea.</source>
        <translation>{count} angenommene oder geschlossene Idee.</translation>
    </message>
    <message>
        <source>{count} accepted or closed ideas.</source>
        <translation>{count} angenommene oder geschlossene Ideen.</translation>
    </message>
    <message>
        <source>The idea could not be read</source>
        <translation>Die Idee konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>owner {name}</source>
        <translation>Verantwortlich: {name}</translation>
    </message>
    <message>
        <source>{before} before, {after} after</source>
        <translation>{before} vorher, {after} nachher</translation>
    </message>
    <message>
        <source>Measurements ({count})</source>
        <translation>Messungen ({count})</translation>
    </message>
    <message>
        <source>Savings ledger ({count})</source>
        <translation>Einsparungsbuch ({count})</translation>
    </message>
    <message>
        <source>The metric could not be read</source>
        <translation>Die Kennzahl konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>Samples ({count})</source>
        <translation>Werte ({count})</translation>
    </message>
    <message>
        <source>The latest {before} before and {after} after</source>
        <translation>Die letzten {before} vorher und {after} nachher</translation>
    </message>
    <message>
        <source>{metric} before-after</source>
        <translation>{metric} vorher-nachher</translation>
    </message>
    <message>
        <source>{metric} control chart</source>
        <translation>{metric} Regelkarte</translation>
    </message>
    <message>
        <source>{metric} capability</source>
        <translation>{metric} Prozessfähigkeit</translation>
    </message>
    <message>
        <source>Set the metric&apos;s spec limits to see its capability.</source>
        <translation>Legen Sie die Spezifikationsgrenzen der Kennzahl fest, um ihre Prozessfähigkeit zu sehen.</translation>
    </message>
    <message>
        <source>Control chart ({chart})</source>
        <translation>Regelkarte ({chart})</translation>
    </message>
</context>
<context>
    <name>ui.views.pdca_board</name>
    <message>
        <source>Pick who is working first: cards are moved by a supervisor or an admin.</source>
        <translation>Wählen Sie zuerst, wer arbeitet: Karten werden von einem Supervisor oder Administrator verschoben.</translation>
    </message>
    <message>
        <source>All areas</source>
        <translation>Alle Bereiche</translation>
    </message>
    <message>
        <source>All owners</source>
        <translation>Alle Personen</translation>
    </message>
    <message>
        <source>PDCA board</source>
        <translation>PDCA-Board</translation>
    </message>
    <message>
        <source>Accepted ideas moving through Plan, Do, Check and Act.</source>
        <translation>Angenommene Ideen auf ihrem Weg durch Planen, Umsetzen, Prüfen und Handeln.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>No changes on the board yet</source>
        <translation>Noch keine Änderungen auf dem Board</translation>
    </message>
    <message>
        <source>Accepted ideas appear here in Plan and move through Do, Check and Act to Done. Accept an idea in Ideas to start its first PDCA cycle.</source>
        <translation>Angenommene Ideen erscheinen hier unter Planen und gehen über Umsetzen, Prüfen und Handeln bis Erledigt. Nehmen Sie unter Ideen eine Idee an, um ihren ersten PDCA-Zyklus zu starten.</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Filter löschen</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Show the cards of this area and the areas below it</source>
        <translation>Die Karten dieses Bereichs und der Bereiche darunter zeigen</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Verantwortliche(r)</translation>
    </message>
    <message>
        <source>Show the cards owned by this person</source>
        <translation>Die Karten dieser Person zeigen</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Meine</translation>
    </message>
    <message>
        <source>Only the cards you own</source>
        <translation>Nur Ihre Karten</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Überfällig</translation>
    </message>
    <message>
        <source>Only the cards with overdue actions</source>
        <translation>Nur Karten mit überfälligen Maßnahmen</translation>
    </message>
    <message>
        <source>Stalled</source>
        <translation>Stockend</translation>
    </message>
    <message>
        <source>Only the open cards that have waited in their stage for the site&apos;s “stale after” days</source>
        <translation>Nur offene Karten, die so viele Tage in ihrer Phase warten wie die Standorteinstellung „stockend nach“</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Read the board again (F5); it also refreshes by itself when someone else changes it</source>
        <translation>Das Board neu lesen (F5); es aktualisiert sich auch selbst, wenn jemand anderes es ändert</translation>
    </message>
    <message>
        <source>Pick who is working first</source>
        <translation>Wählen Sie zuerst, wer arbeitet</translation>
    </message>
    <message>
        <source>{name} is {role}: only supervisors and admins move cards on the board. Ask one to move “{title}”.</source>
        <translation>{name} ist {role}: nur Supervisoren und Administratoren verschieben Karten auf dem Board. Bitten Sie eine(n), „{title}“ zu verschieben.</translation>
    </message>
    <message>
        <source>The board could not be read: {error}</source>
        <translation>Das Board konnte nicht gelesen werden: {error}</translation>
    </message>
    <message>
        <source>No cards</source>
        <translation>Keine Karten</translation>
    </message>
    <message>
        <source>Nothing closed this month</source>
        <translation>Diesen Monat nichts abgeschlossen</translation>
    </message>
    <message>
        <source>{count} open</source>
        <translation>{count} offen</translation>
    </message>
    <message>
        <source>{count} overdue</source>
        <translation>{count} überfällig</translation>
    </message>
    <message>
        <source>{count} done</source>
        <translation>{count} erledigt</translation>
    </message>
    <message>
        <source>{open} cards in Plan, Do, Check or Act; {overdue} of them with overdue actions; {done} changes standardised or abandoned this month. Cards turn amber after {ageing} days in a stage and red after {stale} (site settings).</source>
        <translation>{open} Karten in Planen, Umsetzen, Prüfen oder Handeln; {overdue} davon mit überfälligen Maßnahmen; {done} Änderungen diesen Monat standardisiert oder aufgegeben. Karten werden nach {ageing} Tagen in einer Phase gelb und nach {stale} rot (Standorteinstellungen).</translation>
    </message>
    <message>
        <source>No cards match these filters</source>
        <translation>Keine Karten passen zu diesen Filtern</translation>
    </message>
    <message>
        <source>Try another area or owner, or switch off “Mine”, “Overdue” and “Stalled”.</source>
        <translation>Versuchen Sie einen anderen Bereich oder Verantwortlichen, oder schalten Sie „Meine“, „Überfällig“ und „Stockend“ aus.</translation>
    </message>
    <message>
        <source>cycle #{id}</source>
        <translation>Zyklus #{id}</translation>
    </message>
    <message>
        <source>“{title}” stays in {stage}: a move back needs a note.</source>
        <translation>„{title}“ bleibt in {stage}: Ein Zurückschieben braucht eine Notiz.</translation>
    </message>
    <message>
        <source>Cycle {number} of “{title}” is closed and adapted: cycle {next} starts in Plan, carrying the learning.</source>
        <translation>Zyklus {number} von „{title}“ ist abgeschlossen und angepasst: Zyklus {next} beginnt in Planen und nimmt das Gelernte mit.</translation>
    </message>
    <message>
        <source>“{title}” is standardised.</source>
        <translation>„{title}“ ist standardisiert.</translation>
    </message>
    <message>
        <source>“{title}” is abandoned; its note is shared with the other areas.</source>
        <translation>„{title}“ ist aufgegeben; ihre Notiz wird mit den anderen Bereichen geteilt.</translation>
    </message>
    <message>
        <source>Moved “{title}” to {stage}.</source>
        <translation>„{title}“ nach {stage} verschoben.</translation>
    </message>
    <message>
        <source>Pick who is working first.</source>
        <translation>Wählen Sie zuerst, wer arbeitet.</translation>
    </message>
    <message>
        <source>Select a card first, then press Ctrl+Right to move it forward or Ctrl+Left to move it back.</source>
        <translation>Wählen Sie zuerst eine Karte und drücken Sie dann Ctrl+Right, um sie vorwärts, oder Ctrl+Left, um sie zurück zu schieben.</translation>
    </message>
    <message>
        <source>{stage} is the first stage.</source>
        <translation>{stage} ist die erste Phase.</translation>
    </message>
    <message>
        <source>{stage} is the last stage.</source>
        <translation>{stage} ist die letzte Phase.</translation>
    </message>
    <message>
        <source>Open details</source>
        <translation>Details öffnen</translation>
    </message>
    <message>
        <source>Move to {stage}</source>
        <translation>Nach {stage} verschieben</translation>
    </message>
    <message>
        <source>Move back to {stage}…</source>
        <translation>Zurück nach {stage} verschieben…</translation>
    </message>
</context>
<context>
    <name>ui.views.people_areas</name>
    <message>
        <source>People &amp; areas</source>
        <translation>Personen &amp; Bereiche</translation>
    </message>
    <message>
        <source>Who works here, in which role and area; the areas and what an hour costs there.</source>
        <translation>Wer hier arbeitet, in welcher Rolle und welchem Bereich; die Bereiche und was eine Stunde dort kostet.</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>Areas</source>
        <translation>Bereiche</translation>
    </message>
    <message>
        <source>Recognition</source>
        <translation>Anerkennung</translation>
    </message>
    <message>
        <source>Site settings…</source>
        <translation>Standorteinstellungen…</translation>
    </message>
    <message>
        <source>Search by name (Ctrl+F)</source>
        <translation>Nach Name suchen (Ctrl+F)</translation>
    </message>
    <message>
        <source>Show inactive</source>
        <translation>Inaktive zeigen</translation>
    </message>
    <message>
        <source>Add person</source>
        <translation>Person hinzufügen</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>Deaktivieren</translation>
    </message>
    <message>
        <source>Set PIN</source>
        <translation>PIN festlegen</translation>
    </message>
    <message>
        <source>Nobody here yet</source>
        <translation>Noch niemand hier</translation>
    </message>
    <message>
        <source>People appear here once the site is set up; each has a role, a home area and, for supervisors and admins, a PIN.</source>
        <translation>Personen erscheinen hier, sobald der Standort eingerichtet ist; jede hat eine Rolle, einen Stammbereich und, für Supervisoren und Administratoren, eine PIN.</translation>
    </message>
    <message>
        <source>Nobody matches</source>
        <translation>Niemand passt</translation>
    </message>
    <message>
        <source>No one&apos;s name contains what you typed. Clear the search to see everyone.</source>
        <translation>Kein Name enthält, was Sie eingegeben haben. Löschen Sie die Suche, um alle zu sehen.</translation>
    </message>
    <message>
        <source>Show retired</source>
        <translation>Stillgelegte zeigen</translation>
    </message>
    <message>
        <source>Add area</source>
        <translation>Bereich hinzufügen</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>Stilllegen</translation>
    </message>
    <message>
        <source>No areas yet</source>
        <translation>Noch keine Bereiche</translation>
    </message>
    <message>
        <source>Areas are where work happens: a site, its departments and their lines or cells. Add the site first.</source>
        <translation>Bereiche sind dort, wo gearbeitet wird: ein Standort, seine Abteilungen und deren Linien oder Zellen. Legen Sie zuerst den Standort an.</translation>
    </message>
    <message>
        <source>People and areas could not be read: {reason}</source>
        <translation>Personen und Bereiche konnten nicht gelesen werden: {reason}</translation>
    </message>
    <message>
        <source>{count} person</source>
        <translation>{count} Person</translation>
    </message>
    <message>
        <source>{count} people</source>
        <translation>{count} Personen</translation>
    </message>
    <message>
        <source>{count} inactive</source>
        <translation>{count} inaktiv</translation>
    </message>
    <message>
        <source>{count} shown</source>
        <translation>{count} angezeigt</translation>
    </message>
    <message>
        <source>{count} area</source>
        <translation>{count} Bereich</translation>
    </message>
    <message>
        <source>{count} areas</source>
        <translation>{count} Bereiche</translation>
    </message>
    <message>
        <source>{count} retired</source>
        <translation>{count} stillgelegt</translation>
    </message>
    <message>
        <source>{count} retired (hidden)</source>
        <translation>{count} stillgelegt (ausgeblendet)</translation>
    </message>
    <message>
        <source>site default {rate} per hour</source>
        <translation>Standortstandard {rate} pro Stunde</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>Reaktivieren</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Add a person ({shortcut})</source>
        <translation>Eine Person hinzufügen ({shortcut})</translation>
    </message>
    <message>
        <source>Edit the selected person (Enter or double-click)</source>
        <translation>Die ausgewählte Person bearbeiten (Enter oder Doppelklick)</translation>
    </message>
    <message>
        <source>Bring the selected person back</source>
        <translation>Die ausgewählte Person zurückholen</translation>
    </message>
    <message>
        <source>Deactivate the selected person: their history stays, they can no longer be picked as who is working</source>
        <translation>Die ausgewählte Person deaktivieren: Ihr Verlauf bleibt, sie kann nicht mehr als arbeitend gewählt werden</translation>
    </message>
    <message>
        <source>Set or replace the selected person&apos;s PIN</source>
        <translation>Die PIN der ausgewählten Person festlegen oder ersetzen</translation>
    </message>
    <message>
        <source>Add an area under the selected one ({shortcut})</source>
        <translation>Einen Bereich unter dem ausgewählten hinzufügen ({shortcut})</translation>
    </message>
    <message>
        <source>Add the site, the top of the tree ({shortcut})</source>
        <translation>Den Standort hinzufügen, die Spitze des Baums ({shortcut})</translation>
    </message>
    <message>
        <source>Edit the selected area (Enter or double-click)</source>
        <translation>Den ausgewählten Bereich bearbeiten (Enter oder Doppelklick)</translation>
    </message>
    <message>
        <source>Bring the selected area back</source>
        <translation>Den ausgewählten Bereich zurückholen</translation>
    </message>
    <message>
        <source>Retire the selected area: its history stays, it can no longer be picked</source>
        <translation>Den ausgewählten Bereich stilllegen: Sein Verlauf bleibt, er kann nicht mehr gewählt werden</translation>
    </message>
    <message>
        <source>Site name, currency, default hourly rate and board thresholds</source>
        <translation>Standortname, Währung, Standard-Stundensatz und Board-Schwellen</translation>
    </message>
    <message>
        <source>{tip} (select one first)</source>
        <translation>{tip} (zuerst einen Eintrag auswählen)</translation>
    </message>
    <message>
        <source>Pick who is working first: changes are made in their name.</source>
        <translation>Wählen Sie zuerst, wer arbeitet: Änderungen werden in dessen Namen vorgenommen.</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>{name} gespeichert.</translation>
    </message>
    <message>
        <source>{name} has a new PIN.</source>
        <translation>{name} hat eine neue PIN.</translation>
    </message>
    <message>
        <source>{name} is active again and can be picked as who is working.</source>
        <translation>{name} ist wieder aktiv und kann als arbeitend gewählt werden.</translation>
    </message>
    <message>
        <source>{name} is deactivated: their history stays, and they can no longer be picked as who is working. Reactivate to undo.</source>
        <translation>{name} ist deaktiviert: Der Verlauf bleibt, und die Person kann nicht mehr als arbeitend gewählt werden. Reaktivieren macht es rückgängig.</translation>
    </message>
    <message>
        <source>Saved {area}.</source>
        <translation>{area} gespeichert.</translation>
    </message>
    <message>
        <source>{area} is back in use.</source>
        <translation>{area} ist wieder in Gebrauch.</translation>
    </message>
    <message>
        <source>{area} is retired: its history stays, and it can no longer be picked for new work. Restore to undo.</source>
        <translation>{area} ist stillgelegt: Der Verlauf bleibt, und der Bereich kann für neue Arbeit nicht mehr gewählt werden. Wiederherstellen macht es rückgängig.</translation>
    </message>
    <message>
        <source>Site settings saved.</source>
        <translation>Standorteinstellungen gespeichert.</translation>
    </message>
</context>
<context>
    <name>ui.views.process_maps</name>
    <message>
        <source>Blank map</source>
        <translation>Leere Landkarte</translation>
    </message>
    <message>
        <source>Manufacturing line</source>
        <translation>Fertigungslinie</translation>
    </message>
    <message>
        <source>Patient flow (primary care to hospital)</source>
        <translation>Patientenfluss (Hausarzt bis Krankenhaus)</translation>
    </message>
    <message>
        <source>Process maps</source>
        <translation>Prozesslandkarten</translation>
    </message>
    <message>
        <source>Map a process step by step, see its waste and value stream, and compare a future state with the current one.</source>
        <translation>Einen Prozess Schritt für Schritt abbilden, seine Verschwendung und seinen Wertstrom sehen und einen Soll-Zustand mit dem Ist-Zustand vergleichen.</translation>
    </message>
    <message>
        <source>New process name</source>
        <translation>Name des neuen Prozesses</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Erstellen</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Prozess</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Landkarte</translation>
    </message>
    <message>
        <source>New process</source>
        <translation>Neuer Prozess</translation>
    </message>
    <message>
        <source>No process mapped yet</source>
        <translation>Noch kein Prozess abgebildet</translation>
    </message>
    <message>
        <source>Name a process above, pick a template (blank, a manufacturing line or patient flow) and press Create. Then add steps, connect them and save.</source>
        <translation>Benennen Sie oben einen Prozess, wählen Sie eine Vorlage (leer, eine Fertigungslinie oder Patientenfluss) und drücken Sie Erstellen. Fügen Sie dann Schritte hinzu, verbinden Sie sie und speichern Sie.</translation>
    </message>
    <message>
        <source>Current vs future</source>
        <translation>Ist vs. Soll</translation>
    </message>
    <message>
        <source>KPIs</source>
        <translation>KPIs</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>This map has changes that are not saved. Discard them?</source>
        <translation>Diese Landkarte hat ungespeicherte Änderungen. Verwerfen?</translation>
    </message>
    <message>
        <source>Pick who is working first.</source>
        <translation>Wählen Sie zuerst, wer arbeitet.</translation>
    </message>
    <message>
        <source>Created {name}.</source>
        <translation>{name} erstellt.</translation>
    </message>
    <message>
        <source>Something went wrong: {error}</source>
        <translation>Etwas ist schiefgegangen: {error}</translation>
    </message>
</context>
<context>
    <name>ui.views.process_signals</name>
    <message>
        <source>Process signals</source>
        <translation>Prozesssignale</translation>
    </message>
    <message>
        <source>{process}: Improvement not holding</source>
        <translation>{process}: Verbesserung hält nicht</translation>
    </message>
    <message>
        <source>{process}: New bottleneck</source>
        <translation>{process}: Neuer Engpass</translation>
    </message>
    <message>
        <source>Open the process&apos;s KPI series</source>
        <translation>Die KPI-Reihe des Prozesses öffnen</translation>
    </message>
</context>
<context>
    <name>ui.views.recognition_tab</name>
    <message>
        <source>Recognition is turned off in Site settings.</source>
        <translation>Anerkennung ist in den Standorteinstellungen ausgeschaltet.</translation>
    </message>
    <message>
        <source>Ideas implemented</source>
        <translation>Umgesetzt</translation>
    </message>
    <message>
        <source>Validated savings</source>
        <translation>Einsparungen</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Recognition by person</source>
        <translation>Anerkennung nach Person</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Recognition by area</source>
        <translation>Anerkennung nach Bereich</translation>
    </message>
    <message>
        <source>By person</source>
        <translation>Nach Person</translation>
    </message>
    <message>
        <source>By area</source>
        <translation>Nach Bereich</translation>
    </message>
    <message>
        <source>Ideas standardised from {start} to {end}: each counts for the person who suggested it and the one who carried it through, with the savings validated in those months.</source>
        <translation>Standardisierte Ideen vom {start} bis {end}: Jede zählt für die Person, die sie vorgeschlagen hat, und für die, die sie umgesetzt hat, mit den in diesen Monaten bestätigten Einsparungen.</translation>
    </message>
    <message>
        <source>Recognition could not be read: {reason}</source>
        <translation>Anerkennung konnte nicht gelesen werden: {reason}</translation>
    </message>
</context>
<context>
    <name>ui.views.reports</name>
    <message>
        <source>PDF report</source>
        <translation>PDF-Bericht</translation>
    </message>
    <message>
        <source>A4 pages: figures, charts, tables.</source>
        <translation>A4-Seiten: Kennzahlen, Diagramme, Tabellen.</translation>
    </message>
    <message>
        <source>Excel workbook</source>
        <translation>Excel-Arbeitsmappe</translation>
    </message>
    <message>
        <source>A sheet per section, ready to filter.</source>
        <translation>Ein Blatt pro Abschnitt, bereit zum Filtern.</translation>
    </message>
    <message>
        <source>CSV files (zip)</source>
        <translation>CSV-Dateien (zip)</translation>
    </message>
    <message>
        <source>Ledger and changes, for other tools.</source>
        <translation>Buch und Änderungen, für andere Werkzeuge.</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Berichte</translation>
    </message>
    <message>
        <source>The monthly picture of ideas, savings and waste, to print, mail or analyse.</source>
        <translation>Das monatliche Bild von Ideen, Einsparungen und Verschwendung, zum Drucken, Versenden oder Auswerten.</translation>
    </message>
    <message>
        <source>All areas</source>
        <translation>Alle Bereiche</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Monat</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>The folder the report is saved in</source>
        <translation>Der Ordner, in dem der Bericht gespeichert wird</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Save in</source>
        <translation>Speichern in</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Write the report (Ctrl+E)</source>
        <translation>Den Bericht schreiben (Ctrl+E)</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>Preview of the first page</source>
        <translation>Vorschau der ersten Seite</translation>
    </message>
    <message>
        <source>Drawing the preview…</source>
        <translation>Vorschau wird gezeichnet…</translation>
    </message>
    <message>
        <source>Nothing to report yet</source>
        <translation>Noch nichts zu berichten</translation>
    </message>
    <message>
        <source>Nothing has been recorded this year in this area: the report fills in as ideas, waste walks, PDCA cycles and savings are logged. It can still be exported.</source>
        <translation>In diesem Bereich wurde dieses Jahr noch nichts erfasst: Der Bericht füllt sich, sobald Ideen, Gemba-Rundgänge, PDCA-Zyklen und Einsparungen erfasst werden. Exportieren lässt er sich trotzdem.</translation>
    </message>
    <message>
        <source>File: {name}</source>
        <translation>Datei: {name}</translation>
    </message>
    <message>
        <source>The preview could not be drawn: {error}</source>
        <translation>Die Vorschau konnte nicht gezeichnet werden: {error}</translation>
    </message>
    <message>
        <source>Save reports in</source>
        <translation>Berichte speichern in</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist; pick another.</source>
        <translation>Der Ordner {folder} existiert nicht; wählen Sie einen anderen.</translation>
    </message>
    <message>
        <source>Writing {name}…</source>
        <translation>{name} wird geschrieben…</translation>
    </message>
    <message>
        <source>Saved {name} in {folder}</source>
        <translation>{name} in {folder} gespeichert</translation>
    </message>
    <message>
        <source>The report was not written: {error}</source>
        <translation>Der Bericht wurde nicht geschrieben: {error}</translation>
    </message>
    <message>
        <source>No file manager could open the folder. The report is saved as {path}</source>
        <translation>Kein Dateimanager konnte den Ordner öffnen. Der Bericht ist gespeichert als {path}</translation>
    </message>
</context>
<context>
    <name>ui.views.waste_walk</name>
    <message>
        <source>Record the waste you see on a walk with Log waste (Ctrl+W): which of the seven wastes, where and how often. Each one is priced in time and money a year, and can become an idea.</source>
        <translation>Erfassen Sie die Verschwendung, die Sie auf einem Rundgang sehen, mit Verschwendung erfassen (Ctrl+W): welche der sieben Verschwendungsarten, wo und wie oft. Jede wird in Zeit und Geld pro Jahr bewertet und kann zu einer Idee werden.</translation>
    </message>
    <message>
        <source>observations</source>
        <translation>Beobachtungen</translation>
    </message>
    <message>
        <source>observation</source>
        <translation>Beobachtung</translation>
    </message>
    <message>
        <source>No waste observations yet</source>
        <translation>Noch keine Beobachtungen</translation>
    </message>
    <message>
        <source>No observations match these filters</source>
        <translation>Keine Beobachtungen passen zu diesen Filtern</translation>
    </message>
    <message>
        <source>Try other words, another waste or a wider date range, or clear the filters.</source>
        <translation>Versuchen Sie andere Wörter, eine andere Verschwendung oder einen größeren Datumsbereich, oder löschen Sie die Filter.</translation>
    </message>
    <message>
        <source>Waste walk</source>
        <translation>Gemba-Rundgang</translation>
    </message>
    <message>
        <source>What people see on the floor, sorted by the seven Lean wastes.</source>
        <translation>Was Menschen in der Praxis sehen, sortiert nach den sieben Lean-Verschwendungsarten.</translation>
    </message>
    <message>
        <source>Waste</source>
        <translation>Verschwendung</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Seen by</source>
        <translation>Gesehen von</translation>
    </message>
    <message>
        <source>Seen</source>
        <translation>Gesehen</translation>
    </message>
    <message>
        <source>Observations made</source>
        <translation>Beobachtungen gemacht</translation>
    </message>
    <message>
        <source>Waste observations</source>
        <translation>Beobachtungen</translation>
    </message>
    <message>
        <source>Turn into idea</source>
        <translation>In Idee umwandeln</translation>
    </message>
    <message>
        <source>Pick who is working first: the new idea is logged in their name.</source>
        <translation>Wählen Sie zuerst, wer arbeitet: Die neue Idee wird in dessen Namen erfasst.</translation>
    </message>
    <message>
        <source>Select one observation to turn into an idea.</source>
        <translation>Wählen Sie eine Beobachtung aus, um sie in eine Idee umzuwandeln.</translation>
    </message>
    <message>
        <source>The observation is still being read.</source>
        <translation>Die Beobachtung wird noch gelesen.</translation>
    </message>
    <message>
        <source>This observation already led to idea #{id}.</source>
        <translation>Diese Beobachtung hat bereits zu Idee #{id} geführt.</translation>
    </message>
    <message>
        <source>An idea is being made from the observation.</source>
        <translation>Aus der Beobachtung wird gerade eine Idee gemacht.</translation>
    </message>
    <message>
        <source>Make an idea from this observation, carrying its text, area, waste and yearly cost over (Ctrl+I)</source>
        <translation>Aus dieser Beobachtung eine Idee machen und Text, Bereich, Verschwendung und jährliche Kosten übernehmen (Ctrl+I)</translation>
    </message>
    <message>
        <source>No observations</source>
        <translation>Keine Beobachtungen</translation>
    </message>
    <message>
        <source>{count} observation</source>
        <translation>{count} Beobachtung</translation>
    </message>
    <message>
        <source>{count} observations</source>
        <translation>{count} Beobachtungen</translation>
    </message>
    <message>
        <source>{count} {waste}</source>
        <translation>{count} {waste}</translation>
    </message>
    <message>
        <source>{count} turned into ideas</source>
        <translation>{count} in Ideen umgewandelt</translation>
    </message>
    <message>
        <source>Observation #{id}: the detail view is not available in this version.</source>
        <translation>Beobachtung #{id}: Die Detailansicht ist in dieser Version nicht verfügbar.</translation>
    </message>
    <message>
        <source>Idea #{id} “{title}” was made from the observation, with its yearly cost as the expected savings.</source>
        <translation>Idee #{id} „{title}“ wurde aus der Beobachtung erstellt, mit ihren jährlichen Kosten als erwarteten Einsparungen.</translation>
    </message>
</context>
<context>
    <name>ui.who_picker</name>
    <message>
        <source>Nobody yet</source>
        <translation>Noch niemand</translation>
    </message>
    <message>
        <source>Nobody (sign out)</source>
        <translation>Niemand (abmelden)</translation>
    </message>
    <message>
        <source>Admins confirm who they are. Enter your PIN to continue.</source>
        <translation>Administratoren bestätigen, wer sie sind. Geben Sie Ihre PIN ein, um fortzufahren.</translation>
    </message>
    <message>
        <source>Supervisors confirm who they are. Enter your PIN to continue.</source>
        <translation>Supervisoren bestätigen, wer sie sind. Geben Sie Ihre PIN ein, um fortzufahren.</translation>
    </message>
    <message>
        <source>Confirm it is you</source>
        <translation>Bestätigen Sie, dass Sie es sind</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Enter your PIN.</source>
        <translation>Geben Sie Ihre PIN ein.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>The PIN could not be checked: {error}</source>
        <translation>Die PIN konnte nicht geprüft werden: {error}</translation>
    </message>
    <message>
        <source>Who is working</source>
        <translation>Wer arbeitet</translation>
    </message>
    <message>
        <source>Who is working at this computer?</source>
        <translation>Wer arbeitet an diesem Computer?</translation>
    </message>
    <message>
        <source>Type to narrow the list</source>
        <translation>Tippen, um die Liste einzugrenzen</translation>
    </message>
    <message>
        <source>Switch</source>
        <translation>Wechseln</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>Ändern…</translation>
    </message>
    <message>
        <source>Change who is working at this computer ({shortcut}); supervisors and admins confirm with their PIN</source>
        <translation>Ändern, wer an diesem Computer arbeitet ({shortcut}); Supervisoren und Administratoren bestätigen mit ihrer PIN</translation>
    </message>
    <message>
        <source>Change who is working</source>
        <translation>Ändern, wer arbeitet</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
</context>
<context>
    <name>ui.widgets.choices</name>
    <message>
        <source>{area} (retired)</source>
        <translation>{area} (aufgelöst)</translation>
    </message>
</context>
<context>
    <name>ui.widgets.dates</name>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>No date</source>
        <translation>Kein Datum</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Type a date such as 2027-01-31 or 31 Jan 2027, or pick one (Alt+Down); leave it empty for no date</source>
        <translation>Geben Sie ein Datum wie 31.01.2027 oder 2027-01-31 ein oder wählen Sie eines (Alt+Unten); leer lassen für kein Datum</translation>
    </message>
    <message>
        <source>Pick from a calendar (Alt+Down)</source>
        <translation>Aus einem Kalender wählen (Alt+Unten)</translation>
    </message>
    <message>
        <source>{label}: &quot;{text}&quot; is not a date. Type it as 2027-01-31 or 31 Jan 2027, or pick it from the calendar.</source>
        <translation>{label}: „{text}“ ist kein Datum. Geben Sie es als 31.01.2027 oder 2027-01-31 ein oder wählen Sie es im Kalender.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeitpunkt</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Time of day (24-hour)</source>
        <translation>Uhrzeit (24 Stunden)</translation>
    </message>
    <message>
        <source>{label} needs a day.</source>
        <translation>{label} braucht einen Tag.</translation>
    </message>
</context>
<context>
    <name>ui.widgets.form</name>
    <message>
        <source>Cannot reach the database server: nothing was saved. Your entry is kept — Retry?</source>
        <translation>Der Datenbankserver ist nicht erreichbar: nichts wurde gespeichert. Ihre Eingabe bleibt erhalten – erneut versuchen?</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Erneut versuchen</translation>
    </message>
</context>
<context>
    <name>ui.widgets.idea_links</name>
    <message>
        <source>#123 opens idea 123: click it (Ctrl+click while editing), or Alt+Enter on it</source>
        <translation>#123 öffnet Idee 123: anklicken (beim Bearbeiten Ctrl+Klick) oder Alt+Enter darauf</translation>
    </message>
    <message>
        <source>Ideas mentioned:</source>
        <translation>Erwähnte Ideen:</translation>
    </message>
</context>
<context>
    <name>ui.widgets.keyed_buttons</name>
    <message>
        <source>{name}: 1 {low} … 5 {high} (keys 1–5 or arrows)</source>
        <translation>{name}: 1 {low} … 5 {high} (Tasten 1–5 oder Pfeile)</translation>
    </message>
    <message>
        <source>1 {low} to 5 {high}</source>
        <translation>1 {low} bis 5 {high}</translation>
    </message>
</context>
<context>
    <name>ui.widgets.message_bar</name>
    <message>
        <source>Close this message (Esc)</source>
        <translation>Diese Meldung schließen (Esc)</translation>
    </message>
</context>
<context>
    <name>ui.widgets.numbers</name>
    <message>
        <source>{label} must be a number, like 12 or 2.5.</source>
        <translation>{label}: bitte eine Zahl eingeben, z. B. 12 oder 2,5.</translation>
    </message>
</context>
<context>
    <name>ui.widgets.photo_strip</name>
    <message>
        <source>Photos ({patterns})</source>
        <translation>Fotos ({patterns})</translation>
    </message>
    <message>
        <source>Photo {name}</source>
        <translation>Foto {name}</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>Remove {name} (Delete)</source>
        <translation>{name} entfernen (Entf)</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>{name} entfernen</translation>
    </message>
    <message>
        <source>Drop photos here, or</source>
        <translation>Fotos hier ablegen oder</translation>
    </message>
    <message>
        <source>Add photos…</source>
        <translation>Fotos hinzufügen…</translation>
    </message>
    <message>
        <source>Choose photos from this computer (Ctrl+P)</source>
        <translation>Fotos von diesem Computer auswählen (Ctrl+P)</translation>
    </message>
    <message>
        <source>JPEG, PNG, WebP or GIF · up to {megabytes} MB each · {count} at most</source>
        <translation>JPEG, PNG, WebP oder GIF · je bis {megabytes} MB · höchstens {count}</translation>
    </message>
    <message>
        <source>No photos</source>
        <translation>Keine Fotos</translation>
    </message>
    <message>
        <source>At most {count} photos: {names} was not added.</source>
        <translation>Höchstens {count} Fotos: {names} wurde nicht hinzugefügt.</translation>
    </message>
    <message>
        <source>At most {count} photos: {names} were not added.</source>
        <translation>Höchstens {count} Fotos: {names} wurden nicht hinzugefügt.</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>Fotos hinzufügen</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Only files on this computer can be added.</source>
        <translation>Nur Dateien auf diesem Computer können hinzugefügt werden.</translation>
    </message>
    <message>
        <source>{name}: this photo is already added.</source>
        <translation>{name}: dieses Foto ist bereits hinzugefügt.</translation>
    </message>
    <message>
        <source>{name}: the file could not be read ({error}).</source>
        <translation>{name}: die Datei konnte nicht gelesen werden ({error}).</translation>
    </message>
    <message>
        <source>{size} MB</source>
        <translation>{size} MB</translation>
    </message>
    <message>
        <source>{size} KB</source>
        <translation>{size} KB</translation>
    </message>
</context>
</TS>
