"""What the preview (`mkdocs serve`) builds, and when.

A save makes every edition out of date, but only the edition being read is built at once; each
other edition is built when a file of it is first asked for, so a save costs one edition's
build, not three. An edition's search files are written when they are first asked for (a page
asks for its search configuration as it loads, after the page itself). The plan only decides;
the adapter (hooks/mkdocs_preview.py) builds. Everything is addressed by the edition's folder
below the site root: "" for the root (Simplified Chinese) edition, "en/", "zh-hant/".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..content import layout
from .assets import is_shared_asset

ROOT = ""  # the root edition's folder


def is_page(path: str) -> bool:
    """Whether a request path (below the site root, no leading slash) asks for a page."""
    return path == "" or path.endswith(("/", ".html"))


@dataclass
class PreviewPlan:
    """The editions (their folders) of one preview, which are out of date, which one the
    reader last opened a page of, and the search files still to write."""

    folders: tuple[str, ...]
    stale: set[str] = field(default_factory=set)
    viewed: str = ROOT
    searches: dict[str, Callable[[], object]] = field(default_factory=dict)

    @classmethod
    def of(cls, sub_folders: Iterable[str]) -> PreviewPlan:
        """The plan after the first build, which built every edition."""
        return cls((ROOT, *sub_folders))

    def edition_of(self, path: str) -> str:
        """The folder of the edition a request path belongs to."""
        for folder in sorted(self.folders, key=len, reverse=True):
            if folder and path.startswith(folder):
                return folder
        return ROOT

    def requested(self, path: str, exists: bool) -> str | None:
        """Note a request for ``path`` (``exists``: whether the file is there now); return the
        folder of the edition to build before answering it, if any.

        The shared assets under the root are published by the root edition under names that
        change with their content, so one that exists is never out of date: reading an English
        page does not rebuild the Chinese edition for its stylesheet."""
        folder = self.edition_of(path)
        if is_page(path):
            self.viewed = folder
        if folder not in self.stale:
            return None
        if folder == ROOT and is_shared_asset(path) and exists:
            return None
        return folder

    def changed(self) -> str:
        """A source file changed: every edition is out of date; return the one to build now
        (the one the reader last opened)."""
        self.stale = set(self.folders)
        return self.viewed

    def built(self, folder: str) -> None:
        self.stale.discard(folder)

    def failed(self) -> None:
        """A build failed (the content has errors): serve what was built last, and build
        nothing more until the next change."""
        self.stale.clear()

    def defer_search(self, folder: str, write: Callable[[], object]) -> None:
        self.searches[folder] = write

    def search_due(self, path: str) -> Callable[[], object] | None:
        """The pending writer of the search files ``path`` belongs to, taken off the plan."""
        folder = self.edition_of(path)
        if not path.startswith(folder + layout.SEARCH_DIR + "/"):
            return None
        return self.searches.pop(folder, None)
