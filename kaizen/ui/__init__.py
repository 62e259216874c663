"""The Qt desktop application: the main window, its views, item models, dialogs and workers.

The UI talks to :mod:`kaizen.services` only (never to the database directly) and does slow work
through :mod:`kaizen.ui.worker`. :func:`kaizen.ui.app.run_gui` starts it.
"""
