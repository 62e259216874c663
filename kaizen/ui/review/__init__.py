"""Dialogs for supervisors reviewing ideas (the batch review of a multi-selection)."""
