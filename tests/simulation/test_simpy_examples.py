"""SimPy's own documented example, rebuilt from the engine's building blocks, reproduces its
published output.

Source: the SimPy documentation, "Carwash" example (simpy.readthedocs.io/en/latest/examples/
carwash.html, code and output in docs/examples/code/carwash.py and carwash.out of the SimPy
repository): RANDOM_SEED = 42, NUM_MACHINES = 2, WASHTIME = 5, T_INTER = 7, SIM_TIME = 20; four
cars at time 0, then one every random.randint(T_INTER - 2, T_INTER + 2) minutes; after each wash
random.randint(50, 99) percent of the dirt is removed. Its printed output gives each car's
arrival, entry and exit times and the dirt removed, which the table below copies.
"""

from __future__ import annotations

import random

import simpy

from kaizen.simulation.blocks import Station, source

# (car, arrives, enters, leaves, % dirt removed) from the documented output; car 6 arrives at 16
# and enters at once, and the run stops at 20 before it leaves.
PUBLISHED = [
    (0, 0, 0, 5, 97), (1, 0, 0, 5, 67), (2, 0, 5, 10, 64), (3, 0, 5, 10, 58),
    (4, 5, 10, 15, 97), (5, 10, 10, 15, 56),
]
CAR_6 = (6, 16, 16)


def test_the_carwash_example_reproduces_with_the_engine_blocks() -> None:
    random.seed(42)
    env = simpy.Environment()
    # The carwash: a station with two machines and a fixed 5-minute wash.
    carwash = Station(env, "Carwash", 2, draw=lambda: 5)
    records: dict[int, list[float]] = {}
    names = iter(range(1000))

    def car(number: int):  # noqa: ANN202 - a SimPy process
        records[number] = [env.now]
        arrived, entered, left = yield from carwash.visit()
        records[number] += [entered, left, random.randint(50, 99)]
        assert arrived == records[number][0]

    def spawn(_now: float) -> None:
        env.process(car(next(names)))

    env.process(source(env, lambda now: now + random.randint(5, 9), spawn, initial=4))
    env.run(until=20)

    assert [(n, *records[n]) for n in range(6)] == [tuple(row) for row in PUBLISHED]
    assert records[6] == [CAR_6[1]]  # arrived, not yet left
    # Car 6 entered on arrival: the station counted seven entries, with waits 0, 0, 5, 5, 5,
    # 0 and 0 (each car's enter minus arrive above, and car 6's 16 - 16).
    assert carwash.wait_count == 7
    assert carwash.wait_sum == 15
