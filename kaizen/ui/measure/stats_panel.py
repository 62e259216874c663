"""The statistics of one metric: n, mean, median and standard deviation per phase, the
improvement in the better direction, the test used with its p-value, and the verdict in plain
words, all from :mod:`kaizen.domain.statistics`.

:func:`compute_stats` runs in the background worker (scipy is imported there on first use); the
:class:`StatsPanel` only shows its result.

Which test: ``compare`` chooses between Welch's t-test and Mann-Whitney U for measured values.
Samples that are all 0 or 1 are outcomes (1 = the event counted, e.g. a defective part), and are
compared as proportions (two-proportion z-test, or Fisher's exact test for small counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kaizen.domain.enums import MetricDirection
from kaizen.domain.numbers import format_number
from kaizen.domain.statistics import Comparison, PhaseStats, describe
from kaizen.domain.verdict import format_p_value
from kaizen.domain.verdict_compat import comparison_of
from kaizen.i18n import QT_TRANSLATE_NOOP, translate
from kaizen.ui.measure.common import format_stat
from kaizen.ui.measure.stats_details import detail_lines
from kaizen.ui.measure.style import polish

if TYPE_CHECKING:
    from kaizen.services.analytics import MetricSamples
    from kaizen.services.metric_statistics import MetricAnalysis

Kind = Literal["continuous", "rate"]
# The cells are keyed by these English names; the heads show them translated.
COLUMNS = ("n", QT_TRANSLATE_NOOP("ui.measure.stats_panel", "Mean"),
           QT_TRANSLATE_NOOP("ui.measure.stats_panel", "Median"),
           QT_TRANSLATE_NOOP("ui.measure.stats_panel", "Std dev"))
PHASES = (QT_TRANSLATE_NOOP("ui.measure.stats_panel", "Before"),
          QT_TRANSLATE_NOOP("ui.measure.stats_panel", "After"))


@dataclass(frozen=True)
class MetricStats:
    """What the panel shows for one metric (computed in the worker)."""

    samples: MetricSamples
    before: PhaseStats
    after: PhaseStats
    comparison: Comparison
    kind: Kind
    analysis: MetricAnalysis | None = None


def metric_kind(before: list[float], after: list[float]) -> Kind:
    """"rate" when every sample of both phases is 0 or 1 (yes/no outcomes), else "continuous"."""
    values = [*before, *after]
    if before and after and all(v in (0.0, 1.0) for v in values):
        return "rate"
    return "continuous"


def compute_stats(samples: MetricSamples, analysis: MetricAnalysis | None = None) -> MetricStats:
    """Describe both phases and compare them (worker thread: imports numpy and scipy).

    Measured values get the verdict of the metric's plan (issue 17: the primary test fixed in
    advance, the robustness check beside it), the words the reports print too.
    """
    kind = metric_kind(samples.before, samples.after)
    plan = analysis.plan if analysis is not None else None
    comparison, _verdict = comparison_of(
        samples.before, samples.after, samples.direction, name=samples.name, unit=samples.unit,
        primary=plan.primary_test if plan else "welch",
        one_sided=plan.one_sided if plan else False,
        target_change=plan.target_change if plan else None)
    return MetricStats(samples=samples, before=describe(samples.before),
                       after=describe(samples.after), comparison=comparison, kind=kind,
                       analysis=analysis)


def test_line(stats: MetricStats) -> str:
    """"Welch's t-test · p = 0.003 · t = 4.21", or why nothing was tested."""
    c = stats.comparison
    if c.test_name is None or c.p_value is None:
        return translate("ui.measure.stats_panel",
                         "No test yet: it needs at least 2 measurements before and 2 after.")
    if stats.analysis is not None and stats.kind == "continuous":
        return ""  # the detail lines below say it all
    parts = [c.test_name[0].upper() + c.test_name[1:], format_p_value(c.p_value)]
    symbol = {"Welch's t-test": "t", "Mann-Whitney U test": "U",
              "two-proportion z-test": "z", "Fisher's exact test": "odds ratio"}.get(
        c.test_name)
    if symbol == "odds ratio":  # a word, not a letter: said in the language
        symbol = translate("ui.measure.stats_panel", "odds ratio")
    if c.statistic is not None and symbol:
        parts.append(f"{symbol} = {format_number(c.statistic, 2)}")
    if stats.kind == "rate":
        parts.append(translate("ui.measure.stats_panel", "0/1 outcomes compared as rates"))
    return " · ".join(parts)


def tone(comparison: Comparison) -> str:
    if comparison.test_name is None:
        return ""
    if comparison.improved:
        return "good"
    return "bad" if comparison.significant else "neutral"


class StatsPanel(QFrame):
    """Before/after summary table on the left; improvement, verdict and test on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Panel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.stats: MetricStats | None = None

        table = QGridLayout()
        table.setHorizontalSpacing(18)
        table.setVerticalSpacing(4)
        for column, name in enumerate(COLUMNS, start=1):
            head = QLabel(translate("ui.measure.stats_panel", name))
            head.setObjectName("StatHead")
            head.setAlignment(Qt.AlignmentFlag.AlignRight)
            table.addWidget(head, 0, column)
        self.cells: dict[tuple[str, str], QLabel] = {}
        for row, phase in enumerate(PHASES, start=1):
            label = QLabel(translate("ui.measure.stats_panel", phase))
            label.setObjectName("StatPhase")
            table.addWidget(label, row, 0)
            for column, name in enumerate(COLUMNS, start=1):
                cell = QLabel("—")
                cell.setObjectName("StatValue")
                cell.setTextFormat(Qt.TextFormat.PlainText)
                cell.setAlignment(Qt.AlignmentFlag.AlignRight)
                cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                table.addWidget(cell, row, column)
                self.cells[(phase.lower(), name)] = cell
        self.unit_label = QLabel("")
        self.unit_label.setObjectName("PanelNote")
        self.unit_label.setTextFormat(Qt.TextFormat.PlainText)
        table.addWidget(self.unit_label, 3, 0, 1, len(COLUMNS) + 1)

        self.improvement_label = QLabel("—")
        self.improvement_label.setObjectName("Improvement")
        self.improvement_label.setTextFormat(Qt.TextFormat.PlainText)
        self.improvement_caption = QLabel(translate("ui.measure.stats_panel", "improvement"))
        self.improvement_caption.setObjectName("PanelNote")
        self.improvement_caption.setTextFormat(Qt.TextFormat.PlainText)
        improvement = QHBoxLayout()
        improvement.setSpacing(8)
        improvement.addWidget(self.improvement_label, 0, Qt.AlignmentFlag.AlignBaseline)
        improvement.addWidget(self.improvement_caption, 0, Qt.AlignmentFlag.AlignBaseline)
        improvement.addStretch(1)

        self.verdict_box = QFrame()
        self.verdict_box.setObjectName("Verdict")
        self.verdict_box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.verdict_label = QLabel(translate("ui.measure.stats_panel",
                                              "Pick a metric to see whether it changed."))
        self.verdict_label.setObjectName("VerdictText")
        self.verdict_label.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_label = QLabel("")
        self.test_label.setObjectName("TestText")
        self.test_label.setTextFormat(Qt.TextFormat.PlainText)
        self.test_label.setWordWrap(True)
        verdict = QVBoxLayout(self.verdict_box)
        verdict.setContentsMargins(12, 6, 12, 6)
        verdict.setSpacing(1)
        verdict.addWidget(self.verdict_label)
        verdict.addWidget(self.test_label)
        # The practitioner's figures (issue 17), one line each, selectable for copying; the
        # view shows them in its "Statistics" tab, where they have room.
        self.details_label = QLabel("")
        self.details_label.setObjectName("PanelNote")
        self.details_label.setTextFormat(Qt.TextFormat.PlainText)
        self.details_label.setWordWrap(True)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        right = QVBoxLayout()
        right.setSpacing(4)
        right.addLayout(improvement)
        right.addWidget(self.verdict_box)
        right.addStretch(1)

        row = QHBoxLayout(self)
        row.setContentsMargins(16, 10, 16, 10)
        row.setSpacing(24)
        row.addLayout(table)
        row.addLayout(right, 1)

    # -- showing ----------------------------------------------------------------------------------
    def clear(self, message: str | None = None) -> None:
        if message is None:
            message = translate("ui.measure.stats_panel",
                                "Pick a metric to see whether it changed.")
        self.stats = None
        for cell in self.cells.values():
            cell.setText("—")
        self.unit_label.setText("")
        self.improvement_label.setText("—")
        polish(self.improvement_label, "tone", "muted")
        self.verdict_label.setText(message)
        self.test_label.setText("")
        self.details_label.setText("")
        polish(self.verdict_box, "tone", "")

    def set_loading(self) -> None:
        self.verdict_label.setText(translate("ui.measure.stats_panel", "Computing…"))
        self.test_label.setText("")

    def show_stats(self, stats: MetricStats) -> None:
        self.stats = stats
        for phase, summary in (("before", stats.before), ("after", stats.after)):
            self.cells[(phase, "n")].setText(format_number(summary.n))
            self.cells[(phase, "Mean")].setText(format_stat(summary.mean))
            self.cells[(phase, "Median")].setText(format_stat(summary.median))
            self.cells[(phase, "Std dev")].setText(format_stat(summary.std))
        samples = stats.samples
        lower = samples.direction is MetricDirection.LOWER_IS_BETTER
        if samples.unit:
            said = (translate("ui.measure.stats_panel", "In {unit}; lower is better") if lower
                    else translate("ui.measure.stats_panel", "In {unit}; higher is better"))
        else:
            said = (translate("ui.measure.stats_panel", "lower is better") if lower
                    else translate("ui.measure.stats_panel", "higher is better"))
        self.unit_label.setText(said.format(unit=samples.unit))
        pct = stats.comparison.improvement_pct
        if pct is None or stats.comparison.test_name is None:
            self.improvement_label.setText("—")
            polish(self.improvement_label, "tone", "muted")
        else:
            said = (translate("ui.measure.stats_panel", "{percent}% better") if pct >= 0
                    else translate("ui.measure.stats_panel", "{percent}% worse"))
            self.improvement_label.setText(said.format(percent=format_number(abs(pct), 1)))
            mood = ("good" if stats.comparison.improved else
                    "bad" if stats.comparison.significant else "")
            polish(self.improvement_label, "tone", mood)
        self.improvement_label.setToolTip(translate(
            "ui.measure.stats_panel",
            "The change from before to after, in % of before, counted in the better direction "
            "(of the means for Welch's t-test, of the medians for Mann-Whitney, of the rates "
            "for 0/1 outcomes)."))
        self.verdict_label.setText(stats.comparison.verdict)
        self.test_label.setText(test_line(stats))
        self.test_label.setVisible(bool(self.test_label.text()))
        lines = (detail_lines(stats.analysis)
                 if stats.analysis is not None and stats.kind == "continuous" else [])
        self.details_label.setText("\n".join(lines))
        polish(self.verdict_box, "tone", tone(stats.comparison))
