"""The process map editor (issue 18): a QGraphicsScene over the process model document.

One file per job: :mod:`draft` (the editable document, plain Python), :mod:`items` and
:mod:`scene` (what Qt draws), :mod:`commands` (undoable edits), :mod:`canvas` (zoom and pan),
:mod:`step_panel` (a step's or flow's properties), :mod:`layout` (Graphviz ``dot``),
:mod:`export` (PNG, SVG, PDF, print), :mod:`editor` (the whole editor) and :mod:`compare`
(current against future state side by side).
"""
