"""`python -m kaizen` runs the command line (the GUI is its default command)."""

from kaizen.cli import main

raise SystemExit(main())
