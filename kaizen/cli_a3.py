"""``kaizen a3 CYCLE_ID --out FILE.pdf``: the A3 report of one PDCA cycle as a one-page PDF
(issue 16), the same file as the card's "A3 report…" button (:func:`kaizen.reports.a3.
export_a3`). Read-only. Bad input is one ``error:`` line, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kaizen.config import Paths


def add_parser(sub: Any) -> None:
    """The ``a3`` subcommand on the main parser's subparsers."""
    from kaizen.cli import _whole

    a3 = sub.add_parser("a3", help="write the A3 report of a PDCA cycle (one printable PDF "
                                   "page): background, current condition, 5 whys, "
                                   "countermeasures, plan, results, follow-up")
    a3.add_argument("cycle_id", metavar="CYCLE_ID", type=_whole(1, 2**63 - 1),
                    help="the PDCA cycle's number (the card's id)")
    a3.add_argument("--out", metavar="FILE.pdf", required=True, help="the PDF to write")
    a3.set_defaults(run=run)


def run(paths: Paths, args: argparse.Namespace) -> int:
    from kaizen.cli import _open, _schema_refusal
    from kaizen.cli_errors import no_database
    from kaizen.db import migrate
    from kaizen.domain.errors import DiskFull, KaizenError
    from kaizen.reports.a3 import export_a3
    from kaizen.services import Services

    out = Path(args.out).expanduser().resolve()
    if not out.parent.is_dir():
        print(f"error: --out: the folder {out.parent} does not exist.", file=sys.stderr)
        return 1
    missing = no_database(paths)
    if missing is not None:
        print(f"error: there is no database at {missing} yet: no A3 to write.",
              file=sys.stderr)
        return 1
    db = _open(paths)
    try:
        status = migrate.schema_status(db)
        if status.state is not migrate.SchemaState.CURRENT:
            print(f"error: {_schema_refusal(status)}", file=sys.stderr)
            return 1
        services = Services.create(db, attachments_dir=paths.attachments_dir)
        try:
            export_a3(services, args.cycle_id, out)
        except KaizenError as exc:
            print(f"error: {exc.message}", file=sys.stderr)
            return 1
        except OSError as exc:
            from kaizen.db.disk_full import is_disk_full

            words = DiskFull.DEFAULT if is_disk_full(exc) else (
                f"cannot write {out} ({exc.strerror or exc}); nothing was written.")
            print(f"error: {words}", file=sys.stderr)
            return 1
    finally:
        db.dispose()
    print(f"A3 report of cycle {args.cycle_id} written to {out}")
    return 0
