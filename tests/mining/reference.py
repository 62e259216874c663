"""The public event logs and pm4py 2.7.23.11's figures for them (../shared/data/eventlogs/).

Source: reference.json, computed with pm4py 2.7.23.11 (the field's reference library) on the
logs its README names; the logs are read where they are, never copied into the project.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _logs_folder() -> Path:
    """../shared/data/eventlogs beside the project root; a git worktree one level deeper
    (wt/NAME) finds it by walking up."""
    for parent in ROOT.parents:
        folder = parent / "shared" / "data" / "eventlogs"
        if folder.is_dir():
            return folder
    return ROOT.parent / "shared" / "data" / "eventlogs"


LOGS = _logs_folder()
REFERENCE: dict[str, Any] = json.loads((LOGS / "reference.json").read_text())
SOURCE = REFERENCE["computed_with"]
REL = 1e-6

# (file read, key in reference.json, event selection): running-example.csv holds the same log
# as running-example.xes, so it must give the same figures.
CASES = [
    (name, name, selection)
    for name, entry in REFERENCE["logs"].items()
    for selection in ("all", "complete") if selection in entry
] + [("running-example.csv", "running-example.xes", "all")]


def close(mine: float, theirs: float) -> bool:
    return math.isclose(mine, theirs, rel_tol=REL, abs_tol=1e-9)


def mismatches(mine: dict[str, Any], ref: dict[str, Any]) -> list[str]:
    """Every figure of ``mine`` that differs from pm4py's: counts exactly, times to 1e-6."""
    wrong = []
    for key in ("cases", "events", "activities", "variants", "start_activities",
                "end_activities", "top_variants"):
        if mine[key] != ref[key]:
            wrong.append(f"{key}: {str(mine[key])[:200]} != {str(ref[key])[:200]}")
    for key in ("median", "mean"):
        if not close(mine["case_duration_s"][key], ref["case_duration_s"][key]):
            wrong.append(f"case_duration_s.{key}: {mine['case_duration_s'][key]} != "
                         f"{ref['case_duration_s'][key]}")
    theirs = {(a, b): (n, med, mean) for a, b, n, med, mean in ref["dfg"]}
    ours = {(a, b): (n, med, mean) for a, b, n, med, mean in mine["dfg"]}
    if len(mine["dfg"]) != ref["dfg_edges"] or ours.keys() != theirs.keys():
        wrong.append(f"dfg edges: {sorted(ours.keys() ^ theirs.keys())[:5]}")
    for edge in ours.keys() & theirs.keys():
        (n, med, mean), (rn, rmed, rmean) = ours[edge], theirs[edge]
        if n != rn or not close(med, rmed) or not close(mean, rmean):
            wrong.append(f"dfg {edge}: {(n, med, mean)} != {(rn, rmed, rmean)}")
    # The edge order: most frequent first, ties by the activity names.
    if [row[:3] for row in mine["dfg"]] != [row[:3] for row in ref["dfg"]]:
        wrong.append("dfg order")
    return wrong
