"""Targets: each names a paragraph that states its figure, and its value, unit and comparison
say what the figure says."""

from __future__ import annotations

import difflib
from collections import Counter
from decimal import Decimal
from typing import Any

from ..content.model import Report
from ..content.problems import Problem
from ..content.yamlio import LoadedYaml
from .numbers import quantities_zh


def check_targets(report: Report) -> list[Problem]:
    """Each target names an existing paragraph, and that paragraph states the figure."""
    problems = []
    seen: set[str] = set()
    uses = Counter(p.id for p in report.all_paragraphs())
    for target in report.targets:
        origin = target.origin
        if target.id in seen:
            problems.append(
                Problem(
                    origin.file,
                    origin.line,
                    f"{origin.key_path}.id",
                    f"duplicate target ID '{target.id}'",
                )
            )
        seen.add(target.id)
        paragraph = report.paragraph(target.paragraph_id)
        if paragraph is None:
            ids = [p.id for p in report.all_paragraphs()]
            hint = difflib.get_close_matches(target.paragraph_id, ids, n=1)
            problems.append(
                Problem(
                    origin.file,
                    target.paragraph_line,
                    f"{origin.key_path}.paragraph",
                    f"no paragraph with ID '{target.paragraph_id}' in this report"
                    + (f" (did you mean '{hint[0]}'?)" if hint else ""),
                )
            )
        elif uses[paragraph.id] == 1 and target.figure.zh not in paragraph.text.zh:
            problems.append(
                Problem(
                    origin.file,
                    target.figure.origin.zh_line,
                    f"{origin.key_path}.figure.zh",
                    f"'{target.figure.zh}' does not occur in paragraph '{paragraph.id}' "
                    "(the figure must be quoted exactly as the paragraph states it)",
                )
            )
    return problems


#: What each comparison expects of the figure's qualifier (左右, 以上); None: no qualifier.
_QUALIFIER_OF = {"about": "about", "at-least": "at-least", "exactly": None, "cumulative": None}
_QUALIFIER_WORDS = {"about": "左右/约 (about)", "at-least": "以上/不低于 (at least)", None: "none"}
_NO_NUMBER = ("in-step", "as-assigned")
_DATES = ("year", "month", "day")
#: The units that fit a figure's measure word (家 counts organizations, 名 people, 吨 weighs);
#: the first is the one suggested. A figure whose measure word is not listed (亩, 标准箱, or
#: none: 达18万) may take any unit but percent; the units listed here fit only their words.
UNITS_OF_MEASURE = {
    "家": ("enterprises", "institutions", "workstations", "platforms"),
    "户": ("enterprises",),
    "所": ("institutions",),
    "项": ("technologies",),
    "个": ("platforms", "enterprises", "institutions", "technologies", "workstations", "people"),
    "名": ("people",),
    "人": ("people",),
    "位": ("people",),
    "人次": ("people",),
    "吨": ("tonnes",),
    "元": ("yuan",),
}
_MEASURED = {"吨": "tonnes", "元": "yuan", "名": "people", "人": "people", "位": "people",
             "人次": "person-times", "家": "organizations", "户": "households or firms",
             "所": "institutions", "项": "items", "个": "things counted"}  # fmt: skip
_ONLY_FOR_THEIR_WORDS = {"tonnes", "yuan"}


def check_target_values(doc: LoadedYaml) -> list[Problem]:
    """A target's ``value``, ``unit`` and ``comparison`` agree with its Chinese ``figure``, so
    the targets table and the open data publish what the report says (value 4.5 for a figure
    of 4.8%左右 is an error). Call on a schema-valid targets document."""
    problems: list[Problem] = []
    for index, target in enumerate(doc.data.get("targets", [])):
        figure = target["figure"]["zh"]
        for key, message in _target_disagreements(target):
            problems.append(doc.problem(("targets", index, key), f"{message} (figure '{figure}')"))
    return problems


def _target_disagreements(target: dict[str, Any]) -> list[tuple[str, str]]:
    value, comparison, unit = target["value"], target["comparison"], target["unit"]
    found = [q for q in quantities_zh(target["figure"]["zh"]) if q.unit not in _DATES]
    if comparison == "flat" or any(q.unit == "flat" for q in found):
        if comparison != "flat":
            return [("comparison", f"'{comparison}' does not fit 持平 (no change): write "
                     "'comparison: flat'")]  # fmt: skip
        if value not in (None, 0):
            return [("value", f"{value} does not fit 持平 (no change): leave 'value:' empty")]
        return []
    if comparison in _NO_NUMBER:
        if value is not None:
            return [("value", f"a '{comparison}' target has no number of its own: leave "
                     "'value:' empty")]  # fmt: skip
        return []
    if len(found) != 1:  # no number, a range or several figures
        if not found and value is not None:
            return [("value", f"{value} is not stated in the figure, which has no number")]
        return []
    quantity, out = found[0], []
    if value is None or Decimal(str(value)) != quantity.value:
        shown = "nothing" if value is None else value
        wanted = _plain(quantity.value)
        out.append(("value", f"expected {wanted}, the figure's number, found {shown}"))
    percent = quantity.unit in ("percent", "percentage-points")
    if percent != (unit == "percent"):
        wanted = "'unit: percent'" if percent else "the unit of what is counted"
        out.append(("unit", f"'{unit}' does not fit the figure: write {wanted}"))
    elif not percent:
        out += _unit_disagreement(unit, quantity.measure)
    qualifier = quantity.qualifier
    if (
        comparison in _QUALIFIER_OF
        and qualifier in _QUALIFIER_WORDS
        and _QUALIFIER_OF[comparison] != qualifier
    ):
        wanted = qualifier or "exactly' or 'cumulative"
        out.append(("comparison", f"'{comparison}' does not fit the figure's qualifier "
                    f"({_QUALIFIER_WORDS[qualifier]}): write '{wanted}'"))  # fmt: skip
    return out


def _unit_disagreement(unit: str, measure: str) -> list[tuple[str, str]]:
    """``unit: people`` for 120万吨 (tonnes), or ``unit: tonnes`` for 128家."""
    fitting = UNITS_OF_MEASURE.get(measure)
    if fitting is None:
        if unit in _ONLY_FOR_THEIR_WORDS:
            words = " or ".join(w for w, units in UNITS_OF_MEASURE.items() if units == (unit,))
            found = f"measure word '{measure}'" if measure else "no measure word"
            why = f"'{unit}' is for figures in {words}; write the unit of what is counted"
            return [("unit", f"'{unit}' does not fit the figure, which has {found}: {why}")]
        return []
    if unit in fitting:
        return []
    others = f" (or {', '.join(fitting[1:])})" if len(fitting) > 1 else ""
    return [("unit", f"'{unit}' does not fit the figure's measure word '{measure}' "
             f"({_MEASURED[measure]}): write 'unit: {fitting[0]}'{others}")]  # fmt: skip


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text
