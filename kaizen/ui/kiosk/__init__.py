"""The shop-floor kiosk (issue 22): quick capture only, for a shared PC.

``kaizen --kiosk``, or ``kaizen`` on a PC whose local setting says so (``kaizen --set-kiosk
on``), opens :class:`kaizen.ui.kiosk.window.KioskWindow` instead of the main window.
"""
