"""Write kaizen/db/empty_template.sqlite.gz again: an empty database migrated to the head.

    python3 scripts/make_empty_template.py

Run it after adding a revision to migrations/versions (tests/db/test_empty_template.py fails
until then). A new SQLite file is this template copied in (kaizen.db.empty_template).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from kaizen.db.empty_template import TEMPLATE, write_template
from kaizen.db.engine import Database
from kaizen.db.migrate import upgrade


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "empty.db"
        db = Database(f"sqlite:///{source}")
        try:
            upgrade(db)  # every revision, through Alembic: never the template itself
        finally:
            db.dispose()
        size = write_template(source)
    print(f"wrote {TEMPLATE} ({size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
