"""The process-mining screen (issue 19): import an event log, see its directly-follows graph,
filter it as Disco users do, and turn its bottlenecks and rework into waste observations.

Pure helpers (``analysis``, ``layout``, ``waste``, ``text``) import no Qt and run in workers;
the widgets (``view``, ``graph_view``, ``filters_panel``, ``import_dialog``, ``findings_panel``,
``tables``) only show what those return.
"""
