"""Issue 21: the other views' code is imported in the worker once the first view has its data,
so a view's first show does not spend its 25-70 ms of imports on the GUI thread."""

from __future__ import annotations

import threading

from kaizen.services import Services
from kaizen.ui import main_window as main_window_module
from kaizen.ui import worker
from kaizen.ui.main_window import VIEW_SPECS, preload_modules
from ui.helpers import open_window


def test_the_views_are_imported_off_the_gui_thread_after_the_dashboard_loads(
        qtbot, services: Services, monkeypatch) -> None:
    calls: list[tuple[list[str], bool]] = []
    real = main_window_module.preload_modules

    def spy(modules: list[str]) -> int:
        calls.append((list(modules), threading.current_thread() is threading.main_thread()))
        return real(modules)

    monkeypatch.setattr(main_window_module, "preload_modules", spy)
    window = open_window(qtbot, services)
    dashboard = window.page_at(0)
    qtbot.waitUntil(lambda: dashboard.figures is not None and not worker.active_tasks(),
                    timeout=30_000)
    assert calls == [([spec.module for spec in VIEW_SPECS], False)]
    # Later refreshes of the dashboard do not start it again.
    with qtbot.waitSignal(dashboard.loaded, timeout=30_000):
        dashboard.refresh()
    qtbot.waitUntil(lambda: not worker.active_tasks(), timeout=30_000)
    assert len(calls) == 1


def test_preload_counts_new_modules_and_skips_broken_ones() -> None:
    import sys

    assert preload_modules(["json", "kaizen_no_such_module_h5"]) == 0  # json is loaded already
    was = "xml.dom.pulldom" in sys.modules
    assert preload_modules(["xml.dom.pulldom"]) == (0 if was else 1)
    assert "xml.dom.pulldom" in sys.modules
