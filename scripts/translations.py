"""Keep the translations (resources/translations/kaizen_<lang>.ts) in step with the code (issue 22).

    python3 scripts/translations.py update            # every marked string into the .ts files
    python3 scripts/translations.py missing de [PATH…] # what is not translated yet, as TSV
    python3 scripts/translations.py fill FILE.tsv…     # translations from TSV into the .ts files
    python3 scripts/translations.py unmarked [PATH…]   # visible strings not marked, file:line

``update`` runs Qt's own extractor (``pyside6-lupdate``, shipped with PySide6) over the package:
it finds ``translate("ctx", "text")`` and ``QT_TRANSLATE_NOOP("ctx", "text")`` (see kaizen.i18n),
keeps the translations already made and drops strings the code no longer has. The .ts files are
Qt Linguist's format; a translator may use Linguist or the TSV route below.

A TSV file has a header ``context, source, de, es`` (tab-separated, quoted the csv module's way
when a text holds a tab, quote or line break): ``missing`` writes one with the source filled,
``fill`` reads it back. ``fill`` refuses a translation that drops or invents a ``{placeholder}``.
"""

from __future__ import annotations

import argparse
import ast
import csv
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kaizen.i18n import LANGUAGES, SOURCE_LANGUAGE, placeholders  # noqa: E402

TRANSLATIONS = ROOT / "resources" / "translations"
TARGETS = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
# The demo plant's texts are sample data (people type their own ideas in their own language).
SKIPPED = ("kaizen/demo/",)


def lupdate_binary() -> str:
    found = shutil.which("pyside6-lupdate") or str(Path(sys.executable).parent / "pyside6-lupdate")
    if not Path(found).exists():
        raise SystemExit("pyside6-lupdate not found: run scripts/setup.sh (it comes with PySide6)")
    return found


def sources(paths: list[str] | None = None) -> list[str]:
    roots = [ROOT / p for p in paths] if paths else [ROOT / "kaizen"]
    files: list[str] = []
    for root in roots:
        candidates = [root] if root.is_file() else sorted(root.rglob("*.py"))
        for path in candidates:
            relative = path.relative_to(ROOT).as_posix()
            if not relative.startswith(SKIPPED) and "__pycache__" not in relative:
                files.append(relative)
    return files


def lupdate(files: list[str], ts: Path) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".lst", delete=False) as listing:
        listing.write("\n".join(files))
    command = [lupdate_binary(), "-silent", "-no-obsolete", "-locations", "none",
               "-source-language", "en", "-target-language", ts.stem.split("_")[-1],
               f"@{listing.name}", "-ts", str(ts)]
    subprocess.run(command, cwd=ROOT, check=True)
    Path(listing.name).unlink()


def update(_: argparse.Namespace) -> None:
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    files = sources()
    for code in TARGETS:
        lupdate(files, TRANSLATIONS / f"kaizen_{code}.ts")
    for code in TARGETS:
        print(f"{code}: {count(TRANSLATIONS / f'kaizen_{code}.ts')}")


def count(ts: Path) -> str:
    total = done = 0
    for message in ElementTree.parse(ts).getroot().iter("message"):
        total += 1
        translation = message.find("translation")
        if translation is not None and translation.text and translation.get("type") is None:
            done += 1
    return f"{done} of {total} translated"


def unfinished(ts: Path) -> list[tuple[str, str]]:
    rows = []
    for context in ElementTree.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or not translation.text or translation.get("type"):
                rows.append((name, message.findtext("source") or ""))
    return rows


def missing(args: argparse.Namespace) -> None:
    """The strings of PATHS (default: all) with no finished translation in ``args.lang``, nor in
    a TSV file waiting in resources/translations/incoming/."""
    waiting: set[tuple[str, str]] = set()
    for name in sorted((TRANSLATIONS / "incoming").glob("*.tsv")):
        waiting.update(read_tsv(name)[args.lang])
    with tempfile.TemporaryDirectory() as folder:
        ts = Path(folder) / f"kaizen_{args.lang}.ts"
        current = TRANSLATIONS / f"kaizen_{args.lang}.ts"
        if current.is_file():
            shutil.copy(current, ts)
        lupdate(sources(args.paths or None), ts)
        rows = [row for row in unfinished(ts) if row not in waiting]
    writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    writer.writerow(["context", "source", *TARGETS])
    for context, source in rows:
        writer.writerow([context, source, *([""] * len(TARGETS))])
    print(f"{len(rows)} untranslated", file=sys.stderr)


def read_tsv(path: Path) -> dict[str, dict[tuple[str, str], str]]:
    by_language: dict[str, dict[tuple[str, str], str]] = {code: {} for code in TARGETS}
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle, delimiter="\t"), start=2):
            key = (row["context"], row["source"])
            for code in TARGETS:
                text = (row.get(code) or "").strip("\r")
                if not text:
                    continue
                if placeholders(text) != placeholders(key[1]):
                    raise SystemExit(f"{path}:{line}: {code} placeholders differ from the source "
                                     f"{key[1]!r}: {text!r}")
                by_language[code][key] = text
    return by_language


def fill(args: argparse.Namespace) -> None:
    wanted: dict[str, dict[tuple[str, str], str]] = {code: {} for code in TARGETS}
    for name in args.files:
        for code, rows in read_tsv(Path(name)).items():
            wanted[code].update(rows)
    for code in TARGETS:
        ts = TRANSLATIONS / f"kaizen_{code}.ts"
        tree = ElementTree.parse(ts)
        used = 0
        for context in tree.getroot().iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                text = wanted[code].get((name, message.findtext("source") or ""))
                translation = message.find("translation")
                if text is None or translation is None:
                    continue
                translation.text = text
                translation.attrib.pop("type", None)
                used += 1
        tree.write(ts, encoding="utf-8", xml_declaration=True)
        print(f"{code}: {used} filled of {len(wanted[code])} given; {count(ts)}")
    update(args)  # back into lupdate's own layout (ElementTree drops its DOCTYPE and spacing)


# Calls whose string arguments people read: Qt's text setters and widgets, Kaizen's form and
# message helpers, and the errors whose words reach a person (a service refusal, a CLI refusal).
TEXT_CALLS = frozenset({
    "setText", "setWindowTitle", "setToolTip", "setPlaceholderText", "setStatusTip", "setTitle",
    "setWhatsThis", "addTab", "insertTab", "setTabText", "setTabToolTip", "addAction", "addMenu",
    "addItem", "insertItem", "setHeaderLabels", "setHorizontalHeaderLabels",
    "setVerticalHeaderLabels", "setSpecialValueText", "setSuffix", "setPrefix", "showMessage",
    "setLabelText", "setInformativeText", "setDetailedText", "setAccessibleName",
    "setAccessibleDescription", "setCancelButtonText", "information", "warning", "critical",
    "question", "getText", "getItem", "addRow", "add_field", "show_message", "show_error",
    "show_info", "hint_label", "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox",
    "QAction", "QToolButton", "QMenu", "QProgressDialog", "QMessageBox", "QCommandLinkButton",
    "ValidationError", "Conflict", "NotFound", "PermissionDenied", "Unavailable",
    "CommandRefused",
})
TEXT_KEYWORDS = frozenset({"text", "title", "label", "message", "tooltip", "heading",
                           "placeholder", "hint", "caption"})
OPT_OUT = "# i18n: no"  # on the line: a string that is not words for people (a format, a key)


# Where the words are when they are not the first text argument: QMessageBox.information(parent,
# title, text), QInputDialog.getText(parent, title, label), FieldForm.add_field(key, label, widget).
TEXT_POSITIONS = {"information": (1, 2), "warning": (1, 2), "critical": (1, 2),
                  "question": (1, 2), "getText": (1, 2), "getItem": (1, 2), "add_field": (1,)}


# Calls whose first argument is the message whatever it is (a variable included): what follows
# is a field key or a kind, never words.
MESSAGE_FIRST = frozenset({"ValidationError", "Conflict", "NotFound", "PermissionDenied",
                           "Unavailable", "CommandRefused", "show_message", "show_error",
                           "show_info", "showMessage"})


def _translated(node: ast.expr) -> bool:
    """``translate(...)`` or ``translate(...).format(...)``."""
    if not isinstance(node, ast.Call):
        return False
    if isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _translated(node.func.value)
    return _call_name(node) in ("translate", "QT_TRANSLATE_NOOP")


def _literal_text(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values
                       if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def _texts(node: ast.expr) -> list[ast.expr]:
    """The literal texts an argument can be: itself, both arms of ``a if c else b``, the items of
    a list or tuple (header labels)."""
    if isinstance(node, ast.IfExp):
        return _texts(node.body) + _texts(node.orelse)
    if isinstance(node, (ast.List, ast.Tuple)):
        return [text for item in node.elts for text in _texts(item)]
    return [node] if _literal_text(node) is not None else []


def _is_words(node: ast.expr) -> bool:
    """A literal or f-string with at least two letters in its literal parts."""
    text = _literal_text(node)
    return text is not None and sum(c.isalpha() for c in text) >= 2


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _text_arguments(node: ast.Call, name: str) -> list[ast.expr]:
    """The arguments that carry words: the listed positions, else the first literal text
    argument (``addItem("Weekly", "weekly")``: the label, not the stored key; a refusal's
    message, not its field), and the text-like keywords."""
    if name in TEXT_POSITIONS:
        chosen = [node.args[i] for i in TEXT_POSITIONS[name] if i < len(node.args)]
    elif name in MESSAGE_FIRST:
        chosen = node.args[:1]
    else:  # an icon may come first (QPushButton(icon, text), addItem(icon, text, data))
        chosen = next(([a] for a in node.args if _texts(a) or _translated(a)), [])
    return chosen + [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]


def unmarked_in(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each unmarked visible string in one file, and of each f-string passed to
    translate() (lupdate cannot read one)."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        if name in ("translate", "QT_TRANSLATE_NOOP"):
            # A variable is fine (a QT_TRANSLATE_NOOP-marked constant shown); a text built in
            # place is not: lupdate reads literals only, and the sentence must be whole.
            if len(node.args) >= 2 and isinstance(node.args[1], (ast.JoinedStr, ast.BinOp)):
                found.append((node.lineno, "translate() needs a literal text: "
                              + ast.unparse(node.args[1])[:60]))
            continue
        if name not in TEXT_CALLS:
            continue
        for argument in _text_arguments(node, name):
            for candidate in _texts(argument):
                if _is_words(candidate):
                    end = getattr(candidate, "end_lineno", candidate.lineno) or candidate.lineno
                    if not any(OPT_OUT in lines[i - 1] for i in range(node.lineno, end + 1)):
                        found.append((candidate.lineno, ast.unparse(candidate)[:80]))
    return found


def unmarked(args: argparse.Namespace) -> None:
    total = 0
    for relative in sources(args.paths or None):
        for line, text in unmarked_in(ROOT / relative):
            print(f"{relative}:{line}: {text}")
            total += 1
    print(f"{total} unmarked", file=sys.stderr)
    if total:
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("update", help="extract every marked string into the .ts files")
    lacking = commands.add_parser("missing", help="untranslated strings as TSV on stdout")
    lacking.add_argument("lang", choices=TARGETS)
    lacking.add_argument("paths", nargs="*", help="files or folders (default: kaizen/)")
    filling = commands.add_parser("fill", help="translations from TSV files into the .ts files")
    filling.add_argument("files", nargs="+")
    marking = commands.add_parser("unmarked", help="visible strings not marked, as file:line")
    marking.add_argument("paths", nargs="*", help="files or folders (default: kaizen/)")
    args = parser.parse_args()
    {"update": update, "missing": missing, "fill": fill, "unmarked": unmarked}[args.command](args)


if __name__ == "__main__":
    main()
