"""Outcomes and indicators: each target names a known indicator, and each outcome fits its
target (unit, period, words or numbers), is sourced after the report, and says what its quoted
source says. (An outcome without a source is refused by the schema.)"""

from __future__ import annotations

import datetime as dt
import difflib
from decimal import Decimal

from ..content.model import Indicator, Outcome, Report, Target
from ..content.outcomes import WORDS_ONLY, expected_outcome_unit
from ..content.problems import Problem
from .numbers import quantities_zh

INDICATORS_FILE = "content/indicators.yml"


def check_outcomes(reports: list[Report], indicators: tuple[Indicator, ...]) -> list[Problem]:
    """Every problem of the reports' targets' indicators and outcomes, and of the indicators'
    earlier outcomes."""
    known = {indicator.id: indicator for indicator in indicators}
    problems: list[Problem] = []
    for report in reports:
        for target in report.targets:
            where = target.origin
            if target.indicator is not None and target.indicator not in known:
                hint = difflib.get_close_matches(target.indicator, list(known), n=1)
                problems.append(
                    Problem(
                        where.file,
                        target.indicator_line,
                        f"{where.key_path}.indicator",
                        f"expected an indicator ID listed in {INDICATORS_FILE}, found "
                        f"'{target.indicator}'" + (f" (did you mean '{hint[0]}'?)" if hint else ""),
                    )
                )
            outcome = target.outcome
            if outcome is None:
                continue
            if outcome.period != report.year:
                problems.append(
                    _at(
                        outcome,
                        outcome.period_line,
                        "period",
                        f"expected {report.year} (the report's year), found {outcome.period}",
                    )
                )
            wanted = expected_outcome_unit(target)
            if wanted is not None and outcome.unit != wanted and _unit_fits_figure(target):
                why = (
                    "a growth rate, for a 'flat' target"
                    if target.comparison == "flat"
                    else ("the target's unit")
                )
                problems.append(
                    _at(
                        outcome,
                        outcome.unit_line,
                        "unit",
                        f"expected {wanted} ({why}), found {outcome.unit}",
                    )
                )
            problems += _words_or_number(outcome, target.comparison)
            problems += _dated_after(outcome, report.date, f"the report's ({report.date})")
            problems += _quote_states(outcome)
    for indicator in indicators:
        for outcome in indicator.earlier:
            if outcome.unit != indicator.unit:
                problems.append(
                    _at(
                        outcome,
                        outcome.unit_line,
                        "unit",
                        f"expected {indicator.unit} (the indicator's unit), found {outcome.unit}",
                    )
                )
            if outcome.value is None:
                problems.append(
                    _at(
                        outcome,
                        outcome.origin.line,
                        "value",
                        "expected a number for an earlier year's outcome, found none",
                    )
                )
            start = f"{outcome.period}-01-01"
            problems += _dated_after(outcome, start, f"the start of {outcome.period}")
            problems += _quote_states(outcome)
    return problems


def _unit_fits_figure(target: Target) -> bool:
    """Whether the target's own unit fits its figure (percent for 6%): when it does not, that
    is the one problem to report (check_target_values does), not the outcome's unit."""
    percent = any(
        q.unit in ("percent", "percentage-points") for q in quantities_zh(target.figure.zh)
    )
    return not percent or target.unit == "percent"


def _at(outcome: Outcome, line: int, key: str, message: str) -> Problem:
    where = outcome.origin
    return Problem(where.file, line or where.line, f"{where.key_path}.{key}", message)


def _words_or_number(outcome: Outcome, comparison: str) -> list[Problem]:
    """A target without a number of its own takes the source's verdict (reported); one with a
    number takes a number, and its status is computed, never typed."""
    if comparison in WORDS_ONLY and outcome.reported is None:
        return [
            _at(
                outcome,
                outcome.origin.line,
                "reported",
                f"expected 'reported: met' or 'reported: not-met' (a '{comparison}' target has "
                "no number to compare with), found none",
            )
        ]
    if comparison not in WORDS_ONLY:
        if outcome.reported is not None:
            return [
                _at(
                    outcome,
                    outcome.origin.line,
                    "reported",
                    "expected no 'reported' (the site compares the numbers itself), found "
                    f"'{outcome.reported}'",
                )
            ]
        if outcome.value is None:
            return [
                _at(
                    outcome,
                    outcome.origin.line,
                    "value",
                    "expected the reported number, found none",
                )
            ]
    return []


def _last_day(date: str) -> dt.date:
    """The latest day a YYYY, YYYY-MM or YYYY-MM-DD date can mean."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(parts[0], parts[1], parts[2])


def _dated_after(outcome: Outcome, after: str | None, what: str) -> list[Problem]:
    if after is None:  # a draft without a date
        return []
    try:
        last = _last_day(outcome.source.date)
    except ValueError:  # a day that does not exist: the schema's problem
        return []
    if last > dt.date.fromisoformat(after):
        return []
    return [
        _at(
            outcome,
            outcome.source.date_line,
            "source.date",
            f"expected a date after {what}, found {outcome.source.date}",
        )
    ]


def _quote_states(outcome: Outcome) -> list[Problem]:
    """The outcome's figure (or its words) appears in the quoted source text."""
    quote = outcome.source.quote
    if quote is None:
        return []
    if outcome.value is not None:
        wanted = Decimal(str(outcome.value))
        percent = outcome.unit == "percent"
        if any(
            q.value == wanted and (q.unit in ("percent", "percentage-points")) == percent
            for q in quantities_zh(quote)
        ):
            return []
        figure = format(wanted.normalize(), "f") + ("%" if percent else "")
    else:
        if outcome.statement is None or outcome.statement.zh in quote:
            return []
        figure = outcome.statement.zh
    return [
        _at(
            outcome,
            outcome.source.quote_line,
            "source.quote",
            f"expected the outcome's figure '{figure}' in the quoted text, found '{quote}'",
        )
    ]
