"""The public address a published build needs: one rule for every file that gives absolute
addresses (sitemaps, robots.txt, open data, and any feed added later)."""

from __future__ import annotations

from collections.abc import Mapping

from ..content.problems import Problem, Severity

SITE_URL_VARIABLE = "SITE_URL"


def missing_site_url(command: str | None, environ: Mapping[str, str]) -> list[Problem]:
    """A warning for `mkdocs build` (the build that is published) without SITE_URL: its
    absolute addresses would lead to the local preview address. `mkdocs serve` needs none."""
    if command != "build" or environ.get(SITE_URL_VARIABLE, "").strip():
        return []
    return [
        Problem(
            "mkdocs.yml",
            0,
            "site_url",
            f"{SITE_URL_VARIABLE} is not set: the sitemaps, robots.txt and the open data would "
            "give the local preview address instead of the public one; build the site to "
            f"publish with {SITE_URL_VARIABLE}=https://your.public.address/ mkdocs build --strict",
            Severity.WARNING,
        )
    ]
