"""Issue 16: ``kaizen --demo`` on an empty data folder. The demo plant loads behind the
"Loading…" page and its progress line, and the dashboard's first read is the filled one: no
empty dashboard is drawn and then read again. Waits on states, never on time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from kaizen.config import resolve_paths
from kaizen.ui import app as gui
from kaizen.ui import worker
from kaizen.ui.main_window import MainWindow
from kaizen.ui.views.dashboard import DashboardView


@pytest.mark.sqlite_only(reason="the first start makes its own SQLite file in the data folder")
def test_the_first_demo_start_reads_the_dashboard_once_filled(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = resolve_paths(data_dir=tmp_path / "data")
    seen: dict[str, Any] = {"sites": []}
    real_load_demo = gui.load_demo
    real_show = DashboardView._show

    def load_demo(window: MainWindow, services: Any, **kwargs: Any) -> Any:
        seen["loading_while_demo_loads"] = window.is_loading
        seen["progress_shown"] = window.statusBar().findChild(gui.DemoProgressLine) is not None
        seen.setdefault("calls", 0)
        seen["calls"] += 1
        task = real_load_demo(window, services, **kwargs)
        seen["progress_shown"] = (seen["progress_shown"] or window.statusBar().findChild(
            gui.DemoProgressLine) is not None)
        return task

    def show(view: DashboardView, screen: Any, flt: Any) -> None:
        seen["sites"].append(screen.site_name)  # "" for an empty database
        real_show(view, screen, flt)

    def fake_exec(app: QApplication) -> int:
        [window] = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)
                    and w.isVisible()]
        qtbot.waitUntil(lambda: not window.is_loading, timeout=120_000)
        view = window.page_at(0)
        assert isinstance(view, DashboardView)
        qtbot.waitUntil(lambda: view.figures is not None and not view.savings_chart.is_loading
                        and not view.pareto_chart.is_loading, timeout=120_000)
        seen["ideas_ytd"] = view.figures.year_to_date.ideas_submitted.value
        qtbot.waitUntil(lambda: worker.active_tasks() == 0, timeout=120_000)
        for widget in app.topLevelWidgets():
            if widget.objectName() == "InfoBox":
                widget.close()
        window.close()
        window.deleteLater()
        return 0

    from kaizen.ui.charts import text_warm

    real_warm = text_warm.warm_dashboard_text

    def warm(*args: Any, **kwargs: Any) -> None:
        # The sample charts are drawn before the dashboard's first ones (issue 21).
        seen["warmed_before_dashboard"] = not seen["sites"]
        real_warm(*args, **kwargs)

    monkeypatch.setattr(text_warm, "warm_dashboard_text", warm)
    monkeypatch.setattr(gui, "load_demo", load_demo)
    monkeypatch.setattr(gui, "start_backup_if_due", lambda *a, **k: None)
    monkeypatch.setattr(DashboardView, "_show", show)
    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert gui.run_gui(paths, demo=True) == 0
    assert seen["calls"] == 1
    assert seen["loading_while_demo_loads"] is True
    assert seen["progress_shown"] is True
    # Every dashboard read was of the plant (the demo site's name), the first one included.
    assert seen["sites"] and all(seen["sites"]), seen["sites"]
    assert seen["ideas_ytd"] and seen["ideas_ytd"] > 0
    # No text cache file yet: the dashboard's fixed strings were drawn while the demo loaded.
    assert seen.get("warmed_before_dashboard") is True


def test_the_chart_text_is_prepared_only_when_no_cache_file_is_kept(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kaizen.ui.charts import text_store, text_warm

    calls: list[object] = []
    monkeypatch.setattr(text_warm, "warm_dashboard_text", lambda *a, **k: calls.append(a))
    window = MainWindow(None)
    qtbot.addWidget(window)
    monkeypatch.setattr(text_store, "_folder", None)
    (tmp_path / text_store.FILE_NAME).write_bytes(b"kept")
    gui._warm_chart_text(window, tmp_path)
    assert worker.wait_for_all() and calls == []
    (tmp_path / text_store.FILE_NAME).unlink()
    gui._warm_chart_text(window, tmp_path)
    assert worker.wait_for_all() and len(calls) == 1
    assert text_store.cache_file() == tmp_path / text_store.FILE_NAME
