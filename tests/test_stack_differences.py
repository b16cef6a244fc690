"""The site built on the fork stack equals the Material build but for the theme's own assets.

Run by `.ci/fork` in an environment installed from `requirements/ng.txt` (MkDocs NG +
mkdocs-ng-material), with ``REFERENCE_SITE`` naming the site that `.ci/run` built on the Material
stack from the same sources, as the session's ``built_site`` is built (no ``SOURCE_DATE_EPOCH``:
both stamp the latest report's date). Theme bundles may differ in
name and content (they are the other theme's); every page, anchor, search index file, open data
file and sitemap must be the same once the bundles' names are set aside.
"""

from __future__ import annotations

import gzip
import os
import re
from pathlib import Path

import pytest

# The theme's fingerprinted bundles: main.d29b0fc3.min.css, bundle.a5f9d56c.min.js(.map), ...
THEME_ASSET = re.compile(
    r"\b(bundle|search|main|palette)\.[0-9a-f]{8}(\.min\.(?:js|css)(?:\.map)?)"
)


def contents(site: Path) -> dict[str, bytes]:
    """Every file of a built site, with theme bundle names set aside (in names and in text)."""
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = THEME_ASSET.sub(r"\1\2", path.relative_to(site).as_posix())
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        if THEME_ASSET.search(path.name):
            data = b"(theme bundle)"
        elif path.suffix in {".html", ".xml", ".json", ".js", ".css", ".txt", ".gz", ".csv"}:
            data = THEME_ASSET.sub(r"\1\2", data.decode("utf-8")).encode("utf-8")
        files[name] = data
    return files


def stack_differences(reference: Path, site: Path) -> list[str]:
    """Each file that differs between two builds, or exists in only one, one line each."""
    ours, theirs = contents(reference), contents(site)
    lines = [f"only in the Material build: {name}" for name in sorted(ours.keys() - theirs.keys())]
    lines += [f"only in the fork build: {name}" for name in sorted(theirs.keys() - ours.keys())]
    same_names = sorted(ours.keys() & theirs.keys())
    lines += [f"differs: {name}" for name in same_names if ours[name] != theirs[name]]
    return lines


def test_the_differences_list_names_a_changed_page(tmp_path: Path) -> None:
    """The comparison itself: a page changed in one copy is listed, a renamed bundle is not."""
    for side in ("a", "b"):
        (tmp_path / side / "assets").mkdir(parents=True)
        (tmp_path / side / "index.html").write_text(
            f'<script src="assets/bundle.{"1" * 8 if side == "a" else "2" * 8}.min.js"></script>',
            encoding="utf-8",
        )
        bundle = f"bundle.{'1' * 8 if side == 'a' else '2' * 8}.min.js"
        (tmp_path / side / "assets" / bundle).write_text(side, encoding="utf-8")
    (tmp_path / "b" / "glossary.html").write_text("x", encoding="utf-8")
    assert stack_differences(tmp_path / "a", tmp_path / "b") == [
        "only in the fork build: glossary.html"
    ]


@pytest.mark.fork
def test_the_fork_build_differs_only_in_the_theme_bundles(built_site: Path) -> None:
    """``built_site`` is this stack's strict build of the repository (the one the fork run's
    other tests read); the reference is the Material stack's."""
    reference = os.environ.get("REFERENCE_SITE")
    if not reference:
        pytest.fail("REFERENCE_SITE is not set: .ci/fork runs this with the Material build")
    assert stack_differences(Path(reference), built_site) == []
