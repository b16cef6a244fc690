"""Indicators across the years: every year's target and outcome of one indicator, what changed
between two reports' targets, and the geometry of the indicator's chart.

The chart is a static SVG drawn by a small template (``_chart.svg.j2``) from the numbers this
module lays out: horizontal bars, one group per year (target, then outcome), so a phone shows
as many years as a desktop, one below the other. Chosen by measurement against matplotlib
3.11 and pygal 3.1 drawing the same chart (figures in docs/developers.md, *The indicator charts*):
2.4 KB of SVG against 9.9 and 16 KB, 3 ms a chart against 520 and 86 ms (and matplotlib's 8 s
import), text laid out for CJK (matplotlib measures it with a Latin font), colours from the
theme's CSS variables (both libraries write fixed colours), and no dependency at all.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ..content import layout
from ..content.model import Indicator, Outcome, Report, Site, Target
from ..content.outcomes import OutcomeStatus, met_band, outcome_status

INDICATOR_DIR = layout.INDICATORS_DIR

ChangeKind = Literal["raised", "lowered", "unchanged", "reworded", "new", "dropped"]


@dataclass(frozen=True)
class IndicatorYear:
    """One year of an indicator: the report's target (None for a year without a report on
    the site, or whose report dropped the indicator) and the outcome (None: not published)."""

    year: int
    report: Report | None
    target: Target | None
    outcome: Outcome | None

    @property
    def status(self) -> OutcomeStatus | None:
        """The derived status; None where there is no target to compare with."""
        return outcome_status(self.target) if self.target is not None else None


@dataclass(frozen=True)
class Change:
    """How one report's target for an indicator differs from the previous report's."""

    year: int
    previous_year: int
    kind: ChangeKind
    before: Target | None
    after: Target | None


@dataclass(frozen=True)
class Series:
    indicator: Indicator
    years: tuple[IndicatorYear, ...]  # oldest first
    changes: tuple[Change, ...]

    @property
    def charted(self) -> bool:
        """Whether the chart can show it: numbers, not words."""
        return self.indicator.unit != "none"


def indicator_uri(indicator: Indicator) -> str:
    return f"{INDICATOR_DIR}/{indicator.id}.md"


def indicator_series(site: Site) -> list[Series]:
    """Every indicator with more than one year of targets or outcomes (the others have nothing
    to compare yet), in the order of content/indicators.yml."""
    published = sorted((r for r in site.reports if not r.draft), key=lambda r: r.year)
    found = []
    for indicator in site.indicators:
        by_year: dict[int, IndicatorYear] = {
            o.period: IndicatorYear(o.period, None, None, o) for o in indicator.earlier
        }
        tracked = False  # whether any report has set a target for it so far
        for report in published:
            target = next((t for t in report.targets if t.indicator == indicator.id), None)
            tracked = tracked or target is not None
            if tracked:
                outcome = target.outcome if target else by_year.get(report.year, _NONE).outcome
                by_year[report.year] = IndicatorYear(report.year, report, target, outcome)
        years = tuple(by_year[y] for y in sorted(by_year))
        if len(years) > 1 and tracked:
            found.append(Series(indicator, years, _changes(years)))
    return found


_NONE = IndicatorYear(0, None, None, None)


def _changes(years: tuple[IndicatorYear, ...]) -> tuple[Change, ...]:
    """Changes between consecutive reports (years without a report on the site are skipped)."""
    reported = [y for y in years if y.report is not None]
    changes = []
    for before, after in itertools.pairwise(reported):
        kind = target_change(before.target, after.target)
        if kind is not None:
            changes.append(Change(after.year, before.year, kind, before.target, after.target))
    return tuple(changes)


def target_change(before: Target | None, after: Target | None) -> ChangeKind | None:
    """raised / lowered (a higher or lower number; 持平 counts as 0), unchanged, reworded (no
    number to compare, or another kind of target), new, dropped; None: in neither."""
    if before is None:
        return "new" if after is not None else None
    if after is None:
        return "dropped"
    old, new = _level(before), _level(after)
    if old is None or new is None or before.unit != after.unit:
        return "unchanged" if before.figure.zh == after.figure.zh else "reworded"
    if new != old:
        return "raised" if new > old else "lowered"
    return "unchanged" if before.comparison == after.comparison else "reworded"


def _level(target: Target) -> Decimal | None:
    if target.comparison == "flat":
        return Decimal(0)
    return None if target.value is None else Decimal(str(target.value))


# --- the chart ---------------------------------------------------------------------------------

WIDTH = 360  # viewBox units; the page shows the SVG at most 480 px wide, so text stays 13-17 px
FONT = 13
PLOT_LEFT, PLOT_RIGHT = 52, 248  # bars; year labels left of them, value labels right
LABEL_X = 256
BAR = 14
GAP = 8  # between a year's two bars: CJK text boxes are about 1.45 em tall
GROUP_GAP = 18
TOP = 44  # below the legend
AXIS_ROOM = 48  # below the last group: tick labels and the axis title


@dataclass(frozen=True)
class Bar:
    kind: Literal["target", "outcome"]
    y: float
    x: float
    width: float
    label: str  # exactly what the table shows
    drawn: bool = True  # False: no number (no target that year, or no outcome yet)
    band: tuple[float, float] | None = None  # 'about' / 'flat': where the target counts as met


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class ChartYear:
    year: int
    y: float  # middle of the group, for the year label
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    zero_x: float
    groups: tuple[ChartYear, ...]
    ticks: tuple[Tick, ...]
    axis_y: float
    bar: int = BAR  # height of a bar


def chart_layout(
    series: Series,
    target_label: dict[int, str],
    outcome_label: dict[int, str],
    value_label: Callable[[Decimal], str],
) -> Chart:
    """Positions of every bar, label and tick. ``target_label`` and ``outcome_label`` give,
    by year, the text the table shows; ``value_label`` writes a tick's number."""
    levels = {y.year: (_level(y.target) if y.target else None) for y in series.years}
    outcomes = {y.year: _outcome_level(y.outcome) for y in series.years}
    values = [v for v in (*levels.values(), *outcomes.values()) if v is not None]
    low, high, step = _scale(values)

    def x_of(value: Decimal) -> float:
        return round(PLOT_LEFT + float((value - low) / (high - low)) * (PLOT_RIGHT - PLOT_LEFT), 1)

    zero = x_of(Decimal(0))
    groups = []
    y = float(TOP)
    for year in series.years:
        band = met_band(year.target) if year.target else None
        bars = []
        for kind, level, label, shade in (
            ("target", levels[year.year], target_label[year.year], band),
            ("outcome", outcomes[year.year], outcome_label[year.year], None),
        ):
            end = x_of(level) if level is not None else zero
            bars.append(
                Bar(
                    "target" if kind == "target" else "outcome",
                    y,
                    min(zero, end),
                    abs(end - zero),
                    label,
                    level is not None,
                    (x_of(shade[0]), x_of(shade[1])) if shade else None,
                )
            )
            y += BAR + GAP
        groups.append(ChartYear(year.year, y - GAP - BAR - GAP / 2, tuple(bars)))
        y += GROUP_GAP - GAP
    ticks = []
    tick = low
    while tick <= high:
        ticks.append(Tick(x_of(tick), value_label(tick)))
        tick += step
    axis_y = y - GROUP_GAP + GAP + 4
    return Chart(WIDTH, int(axis_y + AXIS_ROOM), zero, tuple(groups), tuple(ticks), axis_y)


def _outcome_level(outcome: Outcome | None) -> Decimal | None:
    return None if outcome is None or outcome.value is None else Decimal(str(outcome.value))


def _scale(values: list[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    """A domain from a round number at or below the lowest value (and 0) to one at or above
    the highest, in 2 to 5 round steps."""
    low, high = min([Decimal(0), *values]), max([Decimal(0), *values])
    if low == high:
        high = low + 1
    span = high - low
    for step in (Decimal(n) for n in ("0.5", "1", "2", "2.5", "5", "10", "20", "25", "50")):
        if span / step <= 4:
            break
    else:
        step = Decimal(10) ** (len(str(int(span))) - 1)
    low = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    high = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    return low, high, step
