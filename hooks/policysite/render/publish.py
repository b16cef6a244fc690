"""Publish a build atomically: build into a staging folder beside the site folder, and put it
in place only when both languages built cleanly; a failed build leaves the old site as it was.
Also what a published site tells crawlers: its ``robots.txt``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any


def drop_sources_in(files: Any, folder: str) -> None:
    """Remove from MkDocs' ``files`` every file read from ``folder`` (the docs folder,
    content/): nothing there is published as it is; pages and data are generated."""
    for file in [f for f in files if _is_within(f.abs_src_path, folder)]:
        files.remove(file)


def _is_within(path: str | None, folder: str) -> bool:
    """Whether file ``path`` lies in ``folder`` (by name: a link there counts as there)."""
    return (
        path is not None and Path(os.path.normpath(folder)) in Path(os.path.normpath(path)).parents
    )


def staging_dir(final: Path) -> Path:
    """Where a build of ``final`` is written first (same parent, so the swap is a rename)."""
    return final.with_name(f".{final.name}.building")


def prepare(final: Path) -> Path:
    """An empty staging folder for a build of ``final`` (left-overs of a crash removed)."""
    staging = staging_dir(final)
    discard(staging)
    return staging


def publish(staging: Path, final: Path) -> None:
    """Put ``staging`` in place of ``final``; the old site is removed after the swap."""
    previous = final.with_name(f".{final.name}.previous")
    discard(previous)
    if final.exists():
        os.replace(final, previous)
    os.replace(staging, final)
    discard(previous)


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


class Publication:
    """One build's publishing: write to staging, then put it in place only if it succeeded."""

    def __init__(self, final: Path) -> None:
        self.final = final
        self.staging = prepare(final)
        self.succeeded = False

    def finish(self) -> None:
        """Publish a successful build, or discard a failed one (the old site stays)."""
        if self.succeeded:
            publish(self.staging, self.final)
        else:
            discard(self.staging)


def chained_editions(alternates: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(folder, configuration file) of each edition built after the root one: the entries of
    mkdocs.yml's ``extra.alternate`` that name a ``config``."""
    return [(str(alt["prefix"]), str(alt["config"])) for alt in alternates if alt.get("config")]


def robots_txt(site_url: str, sub_sites: Iterable[str] = ()) -> str:
    """The robots.txt of the site at ``site_url``: allow everything and name its sitemap and
    those of the sites in the folders ``sub_sites`` under it (``"en/"``: crawlers read only the
    root robots.txt). Sitemap lines need absolute addresses, so without a site URL there are none.
    """
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        base = site_url.rstrip("/") + "/"
        lines.append("")
        lines += [f"Sitemap: {base}{folder}sitemap.xml" for folder in ("", *sub_sites)]
    return "\n".join(lines) + "\n"
