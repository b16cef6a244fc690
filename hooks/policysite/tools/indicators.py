"""Proposing an indicator ID for a target the import found, from its label.

The labels an indicator is known by are its name in content/indicators.yml and the ``what`` of
every target that already names it (地区生产总值同比增长 for grp-growth). A new label gets the
ID whose label is most alike (difflib's ratio over the characters, at least ``CUTOFF``), or
none: staff confirm every proposal, and register a new indicator themselves.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from ..checks.loader import REPORTS_DIR, TARGETS_FILE
from ..checks.outcomes import INDICATORS_FILE
from ..content.yamlio import LoadedYaml, load_yaml_file

CUTOFF = 0.6


def known_indicator_labels(root: Path) -> dict[str, str]:
    """Chinese label -> indicator ID, from content/indicators.yml and every report's targets."""
    labels: dict[str, str] = {}
    indicators = _data(root / INDICATORS_FILE, root).get("indicators")
    for item in indicators if isinstance(indicators, list) else []:
        if isinstance(item, dict) and isinstance(item.get("name"), dict):
            labels[str(item["name"].get("zh", ""))] = str(item.get("id"))
    for targets_file in sorted((root / REPORTS_DIR).glob(f"*/{TARGETS_FILE}")):
        targets = _data(targets_file, root).get("targets")
        for target in targets if isinstance(targets, list) else []:
            if (
                isinstance(target, dict)
                and target.get("indicator")
                and isinstance(target.get("what"), dict)
            ):
                labels[str(target["what"].get("zh", ""))] = str(target["indicator"])
    labels.pop("", None)
    return labels


def propose_indicator(label: str, known: dict[str, str]) -> str | None:
    """The ID of the known label most like ``label``, or None when none is alike enough."""
    found = difflib.get_close_matches(label, list(known), n=1, cutoff=CUTOFF)
    return known[found[0]] if found else None


def indicator_line(label: str, known: dict[str, str]) -> str:
    """The ``indicator:`` line of a target candidate in candidates.yml."""
    proposed = propose_indicator(label, known)
    if proposed is None:
        return "    # indicator: none proposed (add one to content/indicators.yml if it recurs)\n"
    return f"    indicator: {proposed}  # proposed from the label: check it\n"


def _data(path: Path, root: Path) -> dict[str, object]:
    if not path.is_file():
        return {}
    loaded = load_yaml_file(path, root)
    return loaded.data if isinstance(loaded, LoadedYaml) and isinstance(loaded.data, dict) else {}
