"""Generated event logs for the mining bench: a believable order-to-delivery process.

Cases walk a Markov chain over 18 activities (with a rework loop and optional steps), so the
log has hundreds of variants, a few dozen edges, and gaps that differ per activity. Everything
is drawn column-wise with numpy from a fixed seed: the same size gives the same log. Written as
XES (timestamps with a +01:00 offset) or CSV.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

ACTIVITIES = (
    "Receive order", "Check credit", "Credit hold", "Release hold", "Confirm order",
    "Plan production", "Pick material", "Wait for material", "Assemble", "Inspect",
    "Rework", "Pack", "Ship", "Invoice", "Send reminder", "Receive payment",
    "Cancel order", "Close case",
)
_A = {name: i for i, name in enumerate(ACTIVITIES)}
END = len(ACTIVITIES)  # the absorbing "case ends" state
# Next-activity probabilities (the rest of each row's mass ends the case).
_FLOW: dict[str, dict[str, float]] = {
    "Receive order": {"Check credit": 0.9, "Confirm order": 0.1},
    "Check credit": {"Confirm order": 0.8, "Credit hold": 0.15, "Cancel order": 0.05},
    "Credit hold": {"Release hold": 0.7, "Cancel order": 0.3},
    "Release hold": {"Confirm order": 1.0},
    "Confirm order": {"Plan production": 0.95, "Cancel order": 0.05},
    "Plan production": {"Pick material": 0.85, "Wait for material": 0.15},
    "Wait for material": {"Pick material": 1.0},
    "Pick material": {"Assemble": 1.0},
    "Assemble": {"Inspect": 1.0},
    "Inspect": {"Pack": 0.8, "Rework": 0.2},
    "Rework": {"Inspect": 1.0},
    "Pack": {"Ship": 1.0},
    "Ship": {"Invoice": 1.0},
    "Invoice": {"Receive payment": 0.75, "Send reminder": 0.25},
    "Send reminder": {"Receive payment": 0.8, "Send reminder": 0.2},
    "Receive payment": {"Close case": 1.0},
    "Cancel order": {"Close case": 1.0},
    "Close case": {},
}
# Mean hours before each activity (exponential gaps): waiting for material and payment is long.
_MEAN_HOURS = np.array([0, 4, 2, 30, 3, 12, 6, 96, 8, 2, 10, 4, 20, 6, 240, 120, 1, 2],
                       dtype=np.float64)
_RESOURCES_PER_ACTIVITY = 6
START_NS = np.datetime64("2024-01-01T00:00:00", "ns").astype(np.int64)
SPAN_NS = int(730 * 86400 * 1e9)  # cases start over two years


def _transitions() -> np.ndarray:
    """Cumulative next-state probabilities, one row per activity (END last)."""
    table = np.zeros((len(ACTIVITIES), END + 1))
    for source, targets in _FLOW.items():
        for target, p in targets.items():
            table[_A[source], _A[target]] = p
        table[_A[source], END] = 1.0 - sum(targets.values())
    return np.cumsum(table, axis=1)


def generate(events: int, seed: int = 19) -> dict[str, np.ndarray]:
    """Columns of about ``events`` events (whole cases; in case order, time-ordered within):
    case, activity, timestamp (ns UTC), resource (codes)."""
    rng = np.random.default_rng(seed)
    cumulative = _transitions()
    cases = max(1, int(events / 11.5))  # about 11.5 events per case
    out_case, out_act, out_ts = [], [], []
    made = 0
    first = 0
    while made < events:
        n = cases
        state = np.zeros(n, dtype=np.int64)  # everyone starts with "Receive order"
        now = START_NS + (rng.random(n) * SPAN_NS).astype(np.int64)
        ids = np.arange(first, first + n)
        alive = np.ones(n, dtype=bool)
        for _ in range(60):  # the loops end long before this cap
            live = np.flatnonzero(alive)
            if len(live) == 0:
                break
            out_case.append(ids[live])
            out_act.append(state[live])
            out_ts.append(now[live].copy())
            made += len(live)
            draw = rng.random(len(live))
            nxt = (draw[:, None] > cumulative[state[live]]).sum(axis=1)
            ended = nxt >= END
            alive[live[ended]] = False
            moving = live[~ended]
            state[moving] = nxt[~ended]
            gap_h = rng.exponential(_MEAN_HOURS[state[moving]] + 0.05)
            now[moving] += (gap_h * 3600e9).astype(np.int64)
        first += n
        cases = max(1, int((events - made) / 11.5))
    case = np.concatenate(out_case)
    act = np.concatenate(out_act)
    ts = np.concatenate(out_ts)
    order = np.lexsort((ts, case))  # each case's steps together, in time order
    case, act, ts = case[order], act[order], ts[order]
    # Cut to the size asked, at a case boundary.
    if len(case) > events:
        cut = events
        while cut < len(case) and case[cut] == case[cut - 1]:
            cut += 1
        case, act, ts = case[:cut], act[:cut], ts[:cut]
    resource = act * _RESOURCES_PER_ACTIVITY + rng.integers(0, _RESOURCES_PER_ACTIVITY,
                                                            len(act))
    return {"case": case, "activity": act, "timestamp": ts, "resource": resource}


def _stamps(ts: np.ndarray) -> np.ndarray:
    """ISO text with a +01:00 offset (the instant is the same)."""
    local = (ts + 3600 * 10**9).astype("datetime64[ns]").astype("datetime64[ms]")
    return np.char.add(np.datetime_as_string(local, unit="ms"), "+01:00")


def write_xes(columns: dict[str, np.ndarray], path: Path) -> None:
    case, act, res = columns["case"], columns["activity"], columns["resource"]
    stamps = _stamps(columns["timestamp"]).tolist()
    names = ACTIVITIES
    starts = np.concatenate(([0], np.flatnonzero(case[1:] != case[:-1]) + 1, [len(case)]))
    with open(path, "w", encoding="utf-8") as out:
        out.write("<?xml version='1.0' encoding='UTF-8'?>\n<log xes.version=\"1.0\" "
                  "xmlns=\"http://www.xes-standard.org/\">\n")
        acts, ress, cases = act.tolist(), res.tolist(), case.tolist()
        for first, end in zip(starts[:-1].tolist(), starts[1:].tolist(), strict=True):
            parts = [f'<trace><string key="concept:name" value="order-{cases[first]}"/>\n']
            for i in range(first, end):
                parts.append(
                    f'<event><string key="concept:name" value="{names[acts[i]]}"/>'
                    f'<string key="org:resource" value="R{ress[i]}"/>'
                    f'<string key="lifecycle:transition" value="complete"/>'
                    f'<date key="time:timestamp" value="{stamps[i]}"/></event>\n')
            parts.append("</trace>\n")
            out.write("".join(parts))
        out.write("</log>\n")


def write_csv(columns: dict[str, np.ndarray], path: Path) -> None:
    stamps = _stamps(columns["timestamp"]).tolist()
    acts, ress, cases = (columns["activity"].tolist(), columns["resource"].tolist(),
                         columns["case"].tolist())
    names = ACTIVITIES
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("case:concept:name,concept:name,time:timestamp,org:resource\n")
        step = 200_000
        for first in range(0, len(cases), step):
            out.write("".join(
                f"order-{cases[i]},{names[acts[i]]},{stamps[i]},R{ress[i]}\n"
                for i in range(first, min(first + step, len(cases)))))
