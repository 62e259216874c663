"""A child process for tests/safety/test_two_writers.py: increments one idea through the services.

Run as ``python incrementer.py DB_FILE ACTOR_ID IDEA_ID COUNT``. It prints ``ready`` once set
up and waits for a line on stdin (so two processes start together), then makes COUNT increments
(a count, not a duration, so a slow machine does the same work) by a read-modify-write through
the services, as a person in another window would: read the idea, save it with its expected
savings one higher and the version it read (a Conflict means the other process saved first: read
again and retry), then comment on it. It prints a JSON summary; any other error goes
to stderr with a non-zero exit.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace


def main() -> int:
    db_file, actor, idea_id, wanted = sys.argv[1:5]
    from kaizen.db.engine import Database
    from kaizen.domain.errors import Conflict
    from kaizen.services import Services
    from kaizen.services.suggestions import SuggestionInput

    services = Services.create(Database(f"sqlite:///{db_file}"))
    person, suggestion = int(actor), int(idea_id)
    increments = comments = conflicts = 0
    services.suggestions.get(suggestion)  # connect and compile before the start
    print("ready", flush=True)
    sys.stdin.readline()
    while increments < int(wanted):
        info = services.suggestions.get(suggestion)
        data = SuggestionInput(
            title=info.title, problem=info.problem, proposal=info.proposal,
            area_id=info.area_id, wastes=list(info.wastes),
            expected_savings=info.expected_savings, implementation_cost=info.implementation_cost,
            impact=info.impact, effort=info.effort,
        )
        try:
            services.suggestions.update(
                person, suggestion, replace(data, expected_savings=info.expected_savings + 1),
                expected_version=info.version,
            )
        except Conflict as refusal:
            if "Someone else changed" not in refusal.message:
                raise
            conflicts += 1
            continue
        increments += 1
        services.suggestions.add_comment(person, suggestion, f"increment {increments}")
        comments += 1
    print(json.dumps({"increments": increments, "comments": comments, "conflicts": conflicts}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
