"""``kaizen a3 CYCLE_ID --out FILE.pdf``: the A3 report of one PDCA cycle as a one-page PDF
(issue 16), the same file as the card's "A3 report…" button (:func:`kaizen.reports.a3.
export_a3`). Read-only. Bad input is one ``error:`` line, never a traceback.
"""

from __future__ import annotations

import argparse
from typing import Any

from kaizen.config import Paths
from kaizen.i18n import translate


def add_parser(sub: Any) -> None:
    """The ``a3`` subcommand on the main parser's subparsers."""
    from kaizen.cli import _whole

    a3 = sub.add_parser("a3", help=translate(
        "cli_a3", "write the A3 report of a PDCA cycle (one printable PDF page): background, "
        "current condition, 5 whys, countermeasures, plan, results, follow-up"))
    a3.add_argument("cycle_id", metavar="CYCLE_ID", type=_whole(1, 2**63 - 1),
                    help=translate("cli_a3", "the PDCA cycle's number (the card's id)"))
    a3.add_argument("--out", metavar="FILE.pdf", required=True,
                    help=translate("cli_a3", "the PDF to write"))
    a3.set_defaults(run=run)


def run(paths: Paths, args: argparse.Namespace) -> int:
    from kaizen.cli_errors import open_current, out_folder, write_refusal
    from kaizen.reports.a3 import export_a3
    from kaizen.services import Services

    out = out_folder(args.out)
    db = open_current(paths, nothing=translate("cli_a3", "no A3 to write"))
    try:
        services = Services.create(db, attachments_dir=paths.attachments_dir)
        try:
            export_a3(services, args.cycle_id, out)
        except OSError as exc:
            raise write_refusal(exc, out) from exc
    finally:
        db.dispose()
    print(translate("cli_a3", "A3 report of cycle {cycle} written to {file}").format(
        cycle=args.cycle_id, file=out))
    return 0
