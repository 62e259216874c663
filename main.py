"""Entry point for running Kaizen from a source checkout: `python3 main.py`."""

from kaizen.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
