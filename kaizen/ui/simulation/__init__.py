"""The what-if screen (issue 20): pick a process map, build a scenario from changes, simulate
both in the background and compare them side by side, attach the forecast to an idea, and
calibrate a model from an imported event log.

One file per job: :mod:`view` (the page), :mod:`changes_editor`, :mod:`options_form`,
:mod:`run` (the background run with progress and Cancel), :mod:`results_panel`,
:mod:`attach_dialog` and :mod:`calibration_panel`.
"""
