"""Whether a target held: the status of a target's outcome, derived from the numbers, never
typed. This module is the one place the rule lives (the README quotes it).

The rule, by the target's ``comparison``:

- ``exactly``, ``at-least``, ``cumulative`` (a growth rate of 6%, 10 new institutions, 120 in
  total): the outcome equal to the value is *met*, above it *exceeded*, below it *missed*.
- ``at-most`` (a ceiling): at or below the value is *met*, above it *missed*.
- ``about`` (4.8%左右): *met* within a band around the value, *exceeded* above the band,
  *missed* below it. The band is ±0.5 percentage points for a percentage (4.8% → 4.3% to
  5.3%) and ±5% of the value for a count (about 100 → 95 to 105).
- ``flat`` (持平, no change): the outcome is a growth rate in percent; it is *about 0%* with the
  same band: −0.5% to 0.5% is *met*, above *exceeded*, below *missed*.
- ``in-step`` and ``as-assigned`` (no number of their own): the site cannot compare, so the
  status is what the source reports: *met (as reported)* or *not met (as reported)*.
- No outcome yet: *pending* ("no outcome published yet"); never a guess.

Values are compared as decimals, so 5.3 is inside the band of 4.8 exactly.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from .model import Outcome, Target

OutcomeStatus = Literal["met", "exceeded", "missed", "reported-met", "reported-not-met", "pending"]
OUTCOME_STATUSES: tuple[OutcomeStatus, ...] = (
    "met",
    "exceeded",
    "missed",
    "reported-met",
    "reported-not-met",
    "pending",
)

#: The band around an 'about' (左右) or 'flat' (持平) target within which it counts as met.
ABOUT_BAND_PERCENT = Decimal("0.5")  # percentage points
ABOUT_BAND_SHARE = Decimal("0.05")  # of the value, for counts

#: Comparisons whose target has no number: only the source can say whether it was met.
WORDS_ONLY = ("in-step", "as-assigned")


def outcome_status(target: Target, outcome: Outcome | None = None) -> OutcomeStatus:
    """The status of ``target`` given ``outcome`` (default: the target's own)."""
    outcome = outcome if outcome is not None else target.outcome
    if outcome is None:
        return "pending"
    if target.comparison in WORDS_ONLY or outcome.value is None:
        if outcome.reported is None:
            return "pending"
        return "reported-met" if outcome.reported == "met" else "reported-not-met"
    got = Decimal(str(outcome.value))
    band = met_band(target)
    if band is not None:
        low, high = band
        return "exceeded" if got > high else "missed" if got < low else "met"
    if target.value is None:
        return "pending"
    wanted = Decimal(str(target.value))
    if target.comparison == "at-most":
        return "met" if got <= wanted else "missed"
    if got == wanted:
        return "met"
    return "exceeded" if got > wanted else "missed"


def met_band(target: Target) -> tuple[Decimal, Decimal] | None:
    """For an 'about' or 'flat' target, the lowest and highest outcome that count as met
    (the chart draws the same band); None for other targets."""
    if target.comparison == "flat":
        return -ABOUT_BAND_PERCENT, ABOUT_BAND_PERCENT
    if target.comparison != "about" or target.value is None:
        return None
    wanted = Decimal(str(target.value))
    band = ABOUT_BAND_PERCENT if target.unit == "percent" else abs(wanted) * ABOUT_BAND_SHARE
    return wanted - band, wanted + band


def expected_outcome_unit(target: Target) -> str | None:
    """The unit an outcome of ``target`` must be in (None: a target reported in words)."""
    if target.comparison == "flat":
        return "percent"  # 持平 compares a growth rate with zero
    if target.comparison in WORDS_ONLY:
        return None
    return target.unit
