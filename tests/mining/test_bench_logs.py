"""The bench's generated logs (bench/mining_data.py) read back as generated, in both formats:
the speed figures are only worth something if the logs timed are the logs meant."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bench.mining_data import ACTIVITIES, generate, write_csv, write_xes
from kaizen.mining.csv_reader import read_csv
from kaizen.mining.discovery import summary
from kaizen.mining.xes_reader import read_xes


def test_generated_log_round_trips(tmp_path: Path) -> None:
    cols = generate(3_000, seed=5)
    write_xes(cols, tmp_path / "g.xes")
    write_csv(cols, tmp_path / "g.csv")
    from_xes, from_csv = read_xes(tmp_path / "g.xes"), read_csv(tmp_path / "g.csv")
    assert summary(from_xes) == summary(from_csv)
    assert from_xes.events == len(cols["case"]) >= 3_000
    # The timestamps were written at +01:00; read back they are the generated instants, to the
    # millisecond the files carry.
    assert np.array_equal(np.sort(from_csv.timestamp), np.sort(cols["timestamp"] // 10**6 * 10**6))
    assert set(from_csv.activity_names) <= set(ACTIVITIES)
    assert summary(from_csv)["start_activities"] == {"Receive order": from_csv.cases}
