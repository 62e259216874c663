"""The Measurements view's parts: metric dialog, samples editor, statistics panel, savings ledger.

Each module is a widget (or a dialog, or a table model) that renders service data and calls the
services through the background worker; :mod:`kaizen.ui.views.measurements` puts them together.
"""
