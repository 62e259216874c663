"""A child process for tests/safety/test_restore_while_open.py: another Kaizen that has the
database open and saves ideas when told to.

Run as ``python saver.py DB_FILE ACTOR_ID AREA_ID``. It prints ``ready`` once it has the database
open (and has saved nothing), then answers each ``save N`` line on stdin with ``ok N ID`` AFTER
the save returned (a promise that it is committed) or ``refused N MESSAGE`` when the service
refused it with a typed error (the words the app would show). ``quit`` ends it.
"""

from __future__ import annotations

import sys


def main() -> int:
    db_file, actor, area = sys.argv[1:4]
    from kaizen.db.engine import Database
    from kaizen.db.uri import sqlite_url
    from kaizen.domain.errors import KaizenError
    from kaizen.services import Services
    from kaizen.services.suggestions import SuggestionInput

    services = Services.create(Database(sqlite_url(db_file)))
    services.people.list_people()  # connect and compile before saying ready
    print("ready", flush=True)
    for line in sys.stdin:
        command, _, number = line.strip().partition(" ")
        if command == "quit":
            return 0
        try:
            info = services.suggestions.create(int(actor), SuggestionInput(
                title=f"Acknowledged save {number}", problem="", proposal="",
                area_id=int(area)))
        except KaizenError as error:
            print(f"refused {number} {error.message}", flush=True)
        else:
            print(f"ok {number} {info.id}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
