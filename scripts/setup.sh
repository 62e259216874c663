#!/usr/bin/env bash
# Set up Kaizen on this machine: Qt's system libraries (Debian/Ubuntu), a virtualenv in .venv,
# and the package with its development tools. Safe to run again: it skips what is already done.
# --with-postgres: also install a PostgreSQL server from Debian's packages, start its cluster,
# and make a role and database `kaizen` (password `kaizen`) for the test suite
# (KAIZEN_TEST_DB_URL=postgresql+psycopg://kaizen:kaizen@localhost/kaizen).
set -euo pipefail
cd "$(dirname "$0")/.."

with_postgres=0
for arg in "$@"; do
  case "$arg" in
    --with-postgres) with_postgres=1 ;;
    *) echo "usage: $0 [--with-postgres]" >&2; exit 2 ;;
  esac
done

QT_DEBS=(libegl1 libgl1 libxkbcommon0 libfontconfig1 fonts-dejavu-core libdbus-1-3 libglib2.0-0
         xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
         libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0
         graphviz
         desktop-file-utils)  # desktop-file-validate checks the menu entry (tests)

if command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  wanted=("${QT_DEBS[@]}")
  [ "$with_postgres" -eq 0 ] || wanted+=(postgresql)
  python3 -c "import venv, ensurepip" 2>/dev/null || wanted+=(python3-venv python3-pip)
  missing=()
  for pkg in "${wanted[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing system packages: ${missing[*]}"
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
fi

if [ ! -x .venv/bin/python3 ]; then
  python3 -m venv .venv
fi
stamp=.venv/.kaizen-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python3 -m pip install --quiet --upgrade pip
  .venv/bin/python3 -m pip install --quiet -e ".[dev]"
  touch "$stamp"
fi

if [ "$with_postgres" -eq 1 ]; then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  # No systemd here (containers, CI): start the Debian cluster by hand when it is down.
  read -r version cluster _port status _rest < <(pg_lsclusters --no-header | head -n 1)
  if [ "$status" != "online" ]; then
    "${sudo_cmd[@]}" pg_ctlcluster "$version" "$cluster" start
  fi
  as_postgres=("${sudo_cmd[@]}" -u postgres)
  [ "$(id -u)" -ne 0 ] || as_postgres=(runuser -u postgres --)
  "${as_postgres[@]}" psql -q -v ON_ERROR_STOP=1 <<'SQL'
SELECT 'CREATE ROLE kaizen LOGIN SUPERUSER PASSWORD ''kaizen'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kaizen') \gexec
SELECT 'CREATE DATABASE kaizen OWNER kaizen'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'kaizen') \gexec
SQL
fi
