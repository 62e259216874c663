"""Process mining over plain columns: no Qt, no database sessions.

An event log is held as integer-coded numpy columns (:class:`~kaizen.mining.log.EventLog`).
Readers turn CSV and XES files into one (:mod:`.csv_reader`, :mod:`.xes_reader`); discovery
computes the directly-follows graph, variants and durations (:mod:`.discovery`); filters cut a
log down as Disco users know (:mod:`.filters`); findings name bottlenecks and rework
(:mod:`.findings`); lifecycles split processing from waiting time (:mod:`.lifecycle`).

The columnar engine is numpy over integer codes, chosen by measurement against Polars and
DuckDB (``python -m bench --only mining`` prints the comparison).
"""
