"""Write conformance_reference.json: pm4py 2.7.23.11's token-based replay of the public logs on
maps made from their most frequent variants.

Run by hand with pm4py installed (the ``bench`` extra; pm4py is AGPL and never imported by
kaizen/):  python -m tests.mining.make_conformance_reference

For each log and each k, the map is the directly-follows graph of the log's k most frequent
variants (ties by the activity sequence), its start and end activities those variants' first and
last; pm4py turns it into a Petri net (``pm4py.objects.conversion.dfg``, "activity defines
place") and replays the whole log on it (``pm4py.fitness_token_based_replay``).
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path

import pandas as pd
import pm4py
from pm4py.objects.conversion.dfg import converter as dfg_converter

from tests.mining.reference import LOGS

OUT = Path(__file__).with_name("conformance_reference.json")
PLAN = {"running-example.xes": (1, 2, 4), "receipt.csv": (1, 3, 10),
        "roadtraffic100traces.xes": (1, 2, 5), "reviewing.xes": (1, 5, 20)}


def frame(name: str) -> pd.DataFrame:
    path = LOGS / name
    if name.endswith(".xes"):
        df = pm4py.read_xes(str(path))
    else:
        df = pd.read_csv(path)
        df["time:timestamp"] = pd.to_datetime(df["time:timestamp"], utc=True, format="mixed")
    df["time:timestamp"] = pd.to_datetime(df["time:timestamp"], utc=True)
    df = df.reset_index(drop=True)
    df["@@row"] = range(len(df))
    # Events by timestamp within a case, ties in file order (as the README defines variants).
    return df.sort_values(["case:concept:name", "time:timestamp", "@@row"], kind="stable")


def traces(df: pd.DataFrame) -> list[tuple[str, ...]]:
    return [tuple(g["concept:name"]) for _, g in df.groupby("case:concept:name", sort=False)]


def map_of(top: list[tuple[str, ...]]) -> dict[str, list]:
    edges = sorted({(a, b) for t in top for a, b in zip(t, t[1:], strict=False)})
    return {"edges": [list(e) for e in edges], "starts": sorted({t[0] for t in top}),
            "ends": sorted({t[-1] for t in top})}


def main() -> None:
    logging.disable(logging.WARNING)
    out: dict[str, object] = {"computed_with": f"pm4py {pm4py.__version__}", "logs": {}}
    for name, ks in PLAN.items():
        df = frame(name)
        all_traces = traces(df)
        ranked = sorted(Counter(all_traces).items(), key=lambda kv: (-kv[1], kv[0]))
        entries = []
        for k in ks:
            structure = map_of([t for t, _ in ranked[:k]])
            dfg = {tuple(e): 1 for e in structure["edges"]}
            net, im, fm = dfg_converter.apply(dfg, parameters={
                "start_activities": {a: 1 for a in structure["starts"]},
                "end_activities": {a: 1 for a in structure["ends"]}})
            fitness = pm4py.fitness_token_based_replay(
                df, net, im, fm, activity_key="concept:name", case_id_key="case:concept:name",
                timestamp_key="time:timestamp")
            entries.append({"top_variants": k, "map": structure,
                            "log_fitness": fitness["log_fitness"],
                            "average_trace_fitness": fitness["average_trace_fitness"],
                            "perc_fit_traces": fitness["perc_fit_traces"]})
            print(name, k, fitness)
        out["logs"][name] = entries  # type: ignore[index]
    OUT.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
