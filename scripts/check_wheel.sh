#!/usr/bin/env bash
# Build the wheel and sdist (python3 -m build), install the wheel into a fresh virtual
# environment OUTSIDE the checkout, and run the installed `kaizen` there: --version,
# --install-desktop, demo, report and import. A data file left out of the package (icons, style sheet,
# migrations, templates, help pages, translations) fails here, not at a site.
# Usage: scripts/check_wheel.sh [PYTHON]   (default: .venv/bin/python3, which has `build`)
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-.venv/bin/python3}

work=$(mktemp -d "${TMPDIR:-/tmp}/kaizen-wheel.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== build the wheel and the sdist"
"$python" -m build --outdir "$work/dist" . >"$work/build.log" 2>&1 || {
  tail -40 "$work/build.log"; exit 1; }
wheel=$(ls "$work"/dist/kaizen-*.whl)
ls "$work"/dist/kaizen-*.tar.gz >/dev/null
echo "built $(basename "$wheel") and $(basename "$(ls "$work"/dist/kaizen-*.tar.gz)")"

echo "== install it into a fresh virtual environment in $work"
"$python" -m venv "$work/venv"
"$work/venv/bin/python3" -m pip install --quiet "$wheel" >"$work/pip.log" 2>&1 || {
  tail -40 "$work/pip.log"; exit 1; }

# Everything runs from an empty folder outside the checkout, with its own data folder and
# desktop folder, and the checkout off the import path: only the installed copy can answer.
mkdir "$work/run"
cd "$work/run"
export KAIZEN_DATA_DIR="$work/data" XDG_DATA_HOME="$work/xdg" QT_QPA_PLATFORM=offscreen
unset PYTHONPATH KAIZEN_DB_URL
kaizen="$work/venv/bin/kaizen"

echo "== kaizen --version"
"$kaizen" --version
"$work/venv/bin/python3" - <<'PY'
import kaizen.config as c
assert "site-packages" in str(c.RESOURCES_DIR), c.RESOURCES_DIR
for path in (c.RESOURCES_DIR / "style.qss", c.RESOURCES_DIR / "icons" / "kaizen.svg",
             c.ALEMBIC_INI, c.MIGRATIONS_DIR / "env.py",
             c.PACKAGE_DIR / "db" / "empty_template.sqlite.gz"):
    assert path.is_file(), f"missing from the wheel: {path}"
print("package data found inside", c.PACKAGE_DIR)
PY

echo "== kaizen --install-desktop"
"$kaizen" --install-desktop
grep -q "^Exec=$kaizen$" "$XDG_DATA_HOME/applications/kaizen.desktop"
test -s "$XDG_DATA_HOME/icons/hicolor/scalable/apps/kaizen.svg"

echo "== kaizen demo"
"$kaizen" demo --months 3

echo "== kaizen report"
"$kaizen" report --output "$work/run/report.pdf"
"$kaizen" report --format xlsx --output "$work/run/report.xlsx"
test -s "$work/run/report.pdf"
test -s "$work/run/report.xlsx"
head -c 5 "$work/run/report.pdf" | grep -q "%PDF-"

echo "== kaizen import"
area=$("$work/venv/bin/python3" - <<'PY'
from kaizen.config import resolve_paths
from kaizen.db.engine import Database
from kaizen.services import Services

db = Database(resolve_paths().db_url)
s = Services.create(db)
print(s.people.list_areas()[-1].path, s.people.list_people()[0].name, sep=";")
db.dispose()
PY
)
printf 'title;problem;proposal;area;submitter\nWheel check;p;q;%s\n' "$area" > "$work/run/ideas.csv"
"$kaizen" import ideas "$work/run/ideas.csv"

echo "== kaizen db check"
"$kaizen" db check
echo "wheel check passed"
