"""The pieces of the PDCA board view (kaizen.ui.views.pdca_board).

- ``models``: one ``CardListModel`` per column (drag and drop with the card mime type) and the
  detail panel's table models (actions, metrics, stage history, audit trail).
- ``delegate``: ``CardDelegate`` paints each card; there is no widget per card.
- ``column``: ``BoardColumn`` (header with the count, the gate hint) over a ``CardListView``.
- ``message_bar``: the non-modal bar above the board that says why a move was refused.
- ``move_note``: the small dialog asking why a card goes back a stage.
- ``whys``: the five-whys helper of the Plan tab.
- ``detail``: ``CycleDetailDialog`` with the Plan, Do, Check, Act and History tabs.
- ``filter_row``: the filter row's count line (``BoardSummary``) and its combos' refill.
- ``style``: the board's style sheet, in the colours of resources/style.qss.
"""
