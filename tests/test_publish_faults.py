"""Publishing under every fault: at every instant site/ holds a complete site, the old one or
the new one; one build at a time; a full disk or a missing permission is one line.

The steps are stopped two ways: in this process, a rename or exchange that raises at each of
its calls (and an observer that checks site/ between every two steps); and real
`mkdocs build --strict` processes killed with SIGKILL at each point of publishing.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from policysite.content.crash import environment_problem
from policysite.render import publish
from policysite.render.publish import BuildLock, Publication, PublishError

from .conftest import copy_site_sources, made_once, run_mkdocs_build
from .test_build_errors import snapshot

BTH = "content/reports/2024/chapters/03-beijing-tianjin-hebei.yml"
OLD = {"index.html": b"old home", "en/index.html": b"old english", "gone.html": b"old only"}
NEW = {"index.html": b"new home", "en/index.html": b"new english", "added/page.html": b"new"}


def make_tree(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def published(site: Path) -> str:
    """Which complete site is at ``site``: 'old', 'new', or what is wrong."""
    if not site.is_dir():
        return "no site"
    found = snapshot(site)
    return "old" if found == OLD else "new" if found == NEW else f"a mixed site: {sorted(found)}"


class Steps:
    """Counts the renames and exchanges publishing makes; the ``fail_at``-th raises EIO.
    Before and after each, ``observe`` is called (to look at site/ between steps)."""

    def __init__(self, fail_at: int | None, observe: Callable[[], None]) -> None:
        self.fail_at = fail_at
        self.observe = observe
        self.calls: list[str] = []

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def step(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            self.observe()
            if len(self.calls) == self.fail_at:
                raise OSError(errno.EIO, os.strerror(errno.EIO), str(args[0]))
            result = function(*args, **kwargs)
            self.observe()
            return result

        return step


def cannot_exchange(first: Path, second: Path) -> None:
    raise OSError(errno.EINVAL, os.strerror(errno.EINVAL), str(second))


def patch_steps(monkeypatch: pytest.MonkeyPatch, steps: Steps, exchange: bool) -> None:
    monkeypatch.setattr(os, "rename", steps.wrap("rename", os.rename))
    monkeypatch.setattr(os, "replace", steps.wrap("replace", os.replace))
    real = publish.exchange if exchange else cannot_exchange
    monkeypatch.setattr(publish, "exchange", steps.wrap("exchange", real))


def publish_once(parent: Path, *, old_site: bool) -> Publication:
    site = parent / "site"
    if old_site:
        make_tree(site, OLD)
    publication = Publication(site, waiting=pytest.fail)
    make_tree(publication.staging, NEW)
    publication.succeeded = True
    return publication


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two renames"])
@pytest.mark.parametrize("old_site", [True, False], ids=["over a site", "first build"])
def test_a_failing_rename_at_each_step_leaves_a_complete_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool, old_site: bool
) -> None:
    """Every rename or exchange of publishing raises in turn: site/ is then the complete old
    site, the error is one line, and nothing is left beside it. Without a fault, site/ is
    the old or the new site between every two steps where the system can exchange."""
    counting = Steps(None, lambda: None)
    with monkeypatch.context() as patch:
        patch_steps(patch, counting, exchange)
        publish_once(tmp_path / "count", old_site=old_site).finish()
    assert published(tmp_path / "count" / "site") == "new"
    expected = {
        (True, True): ["exchange"],
        (False, True): ["exchange", "replace", "replace"],
        (True, False): ["rename"],
        (False, False): ["rename"],
    }[(exchange, old_site)]
    assert counting.calls == expected

    for fail_at in range(1, len(counting.calls) + 1):
        parent = tmp_path / f"fail-{fail_at}"
        site = parent / "site"
        seen: list[str] = []
        steps = Steps(fail_at, lambda seen=seen, site=site: seen.append(published(site)))
        with monkeypatch.context() as patch:
            patch_steps(patch, steps, exchange)
            publication = publish_once(parent, old_site=old_site)
            with pytest.raises(PublishError) as refusal:
                publication.finish()
        assert published(site) == ("old" if old_site else "no site")
        kept = (
            f"the previous site in {site} was kept"
            if old_site
            else f"there is no site in {site} yet"
        )
        assert str(refusal.value).endswith(f"; nothing was published: {kept}")
        assert "\n" not in str(refusal.value)
        assert sorted(p.name for p in parent.iterdir()) == (["site"] if old_site else [])
        if exchange or not old_site:  # between every two steps, a complete site
            assert set(seen) <= ({"old", "new"} if old_site else {"no site", "new"}), seen


def test_every_step_of_a_good_publication_shows_a_complete_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    seen: list[str] = []
    steps = Steps(None, lambda: seen.append(published(site)))
    publication = publish_once(tmp_path, old_site=True)
    patch_steps(monkeypatch, steps, exchange=True)
    monkeypatch.setattr(publish, "discard", steps.wrap("discard", publish.discard))
    publication.finish()
    assert steps.calls == ["exchange", "discard"]
    assert seen == ["old", "new", "new", "new"]
    assert site.is_dir() and not site.is_symlink()  # a plain folder, for nginx and cp -r
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_two_renames_left_half_done_are_undone_by_the_next_build(tmp_path: Path) -> None:
    """Where the system cannot exchange, a crash between the two renames leaves the old site
    in .site.previous: the next build's first step puts it back."""
    site = tmp_path / "site"
    make_tree(tmp_path / ".site.previous", OLD)
    make_tree(tmp_path / ".site.building", {"index.html": b"half"})
    publication = Publication(site, waiting=pytest.fail)
    assert published(site) == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]
    publication.finish()  # a failed build: the old site stays
    assert published(site) == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_lock_waits_for_the_holder(tmp_path: Path) -> None:
    site = tmp_path / "site"
    holder = BuildLock(site)
    holder.acquire(pytest.fail)
    told: list[str] = []
    waiter = BuildLock(site)

    def tell(line: str) -> None:
        told.append(line)
        holder.release()

    waiter.acquire(tell, poll=0.01)
    assert told == [
        f"another build of {site} is running (process {os.getpid()}): waiting for it to finish"
    ]
    assert (tmp_path / ".site.lock").read_text(encoding="utf-8") == f"{os.getpid()}\n"
    waiter.release()
    assert not (tmp_path / ".site.lock").exists()


def test_a_disk_full_is_named_not_a_bug() -> None:
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/srv/site/index.html")
    assert environment_problem(full) == (
        "/srv/site/index.html: the disk is full: free some space and try again "
        "(No space left on device)"
    )
    assert environment_problem(OSError(errno.EIO, "I/O error")) is None
    assert environment_problem(KeyError("x")) is None


# --- the real build, killed and faulted ---------------------------------------------------------

# Installed in the build process (sitecustomize): stop at one step of publishing, named by
# SITE_FAULT as "function:when:n" (the n-th call of publish's function, of os.rename or
# os.replace as publish calls them, of MkDocs' write_file, or of releasing the lock; when:
# before, after, or during a discard), by SIGKILL or, with SITE_FAULT_ERRNO, by an OSError
# of that number. SITE_FAULT_NO_EXCHANGE makes the system unable to exchange two folders.
FAULT_PATCH = r"""
import errno, os, shutil, signal, types
import mkdocs.utils
from policysite.render import publish

name, when, nth = os.environ["SITE_FAULT"].split(":")
code = int(os.environ.get("SITE_FAULT_ERRNO", "0"))
calls = {"n": 0}

def stop(path):
    if code:
        open(os.environ["SITE_FAULT_LOG"], "w").write(str(path))
        raise OSError(code, os.strerror(code), str(path))
    os.kill(os.getpid(), signal.SIGKILL)

def wrap(function):
    def step(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] != int(nth):
            return function(*args, **kwargs)
        if when == "before":
            stop(args[-1])
        if when == "during":  # remove half of the folder's files, then stop
            files = sorted(p for p in args[0].rglob("*") if p.is_file())
            for path in files[: len(files) // 2]:
                path.unlink()
            stop(args[0])
        result = function(*args, **kwargs)
        stop(args[-1])
        return result
    return step

def cannot_exchange(first, second):
    raise OSError(errno.EINVAL, os.strerror(errno.EINVAL), str(second))

if os.environ.get("SITE_FAULT_NO_EXCHANGE"):
    publish.exchange = cannot_exchange
if name == "write_file":
    mkdocs.utils.write_file = wrap(mkdocs.utils.write_file)
elif name == "release":
    publish.BuildLock.release = wrap(publish.BuildLock.release)
elif name.startswith("os."):  # only publish's calls
    proxy = types.ModuleType("os")
    proxy.__dict__.update(os.__dict__)
    setattr(proxy, name[3:], wrap(getattr(os, name[3:])))
    publish.os = proxy
else:
    setattr(publish, name, wrap(getattr(publish, name)))
"""


def faulted_build(
    root: Path, site: Path, fault: str, tmp_path: Path, errno_code: int = 0, exchange: bool = True
) -> subprocess.CompletedProcess[str]:
    patch = tmp_path / "patch"
    patch.mkdir(exist_ok=True)
    (patch / "sitecustomize.py").write_text(FAULT_PATCH, encoding="utf-8")
    env = {
        "PYTHONPATH": os.pathsep.join([str(patch), os.environ.get("PYTHONPATH", "")]),
        "SITE_FAULT": fault,
        "SITE_FAULT_ERRNO": str(errno_code),
        "SITE_FAULT_LOG": str(tmp_path / "fault.txt"),
        "SITE_FAULT_NO_EXCHANGE": "" if exchange else "1",
    }
    return run_mkdocs_build(root, site, env=env)


@pytest.fixture(scope="module")
def two_versions(
    tmp_path_factory: pytest.TempPathFactory, built_site: Path
) -> Iterator[dict[str, Any]]:
    """Two versions of the content (one English text differs) and their built sites (the old
    one is the repository's, built once per run: a build of the same sources anywhere is
    byte-identical, as test_build_errors.py checks). Made once per run for every worker; the
    tests build from these sources into their own folders and never change them."""

    def make(base: Path) -> None:
        new = copy_site_sources(base / "new")
        copy_site_sources(base / "old")
        text = (new / BTH).read_text(encoding="utf-8")
        assert "We will deepen" in text
        changed = text.replace("We will deepen", "We will further deepen", 1)
        (new / BTH).write_text(changed, encoding="utf-8")
        shutil.copytree(built_site, base / "old-site", symlinks=True)
        result = run_mkdocs_build(new, base / "new-site")
        assert result.returncode == 0, result.stderr

    base = made_once(tmp_path_factory, "versions", make)
    roots = {"old": base / "old", "new": base / "new"}
    sites = {name: snapshot(base / f"{name}-site") for name in roots}
    assert sites["old"] != sites["new"]
    yield {"roots": roots, "sites": sites, "old_site": base / "old-site"}


def which_site(site: Path, versions: dict[str, Any]) -> str:
    if not site.is_dir():
        return "no site"
    found = snapshot(site)
    for name, files in versions["sites"].items():
        if found == files:
            return name
    return f"an incomplete site ({len(found)} files)"


# Each point of a build over an existing site, in order: what is at site/ right after the kill.
KILL_POINTS = {
    "recover:after:1": "old",  # locked, left-overs of an earlier crash removed
    "write_file:after:5": "old",  # staging half written
    "exchange:before:1": "old",  # staging complete
    "exchange:after:1": "new",  # swapped: the old site is in the staging folder
    "discard:during:3": "new",  # the old site half removed
    "discard:after:3": "new",  # the old site removed
    "release:before:1": "new",  # lock still held
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_a_build_killed_at_each_point_leaves_a_complete_site(
    two_versions: dict[str, Any], tmp_path: Path, point: str
) -> None:
    site = tmp_path / "out" / "site"
    shutil.copytree(two_versions["old_site"], site)
    killed = faulted_build(two_versions["roots"]["new"], site, point, tmp_path)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert which_site(site, two_versions) == KILL_POINTS[point]
    if point == "exchange:after:1":  # the next build: no stale lock, nothing left over
        again = run_mkdocs_build(two_versions["roots"]["old"], site)
        assert again.returncode == 0, again.stderr
        assert "waiting" not in again.stderr
        assert which_site(site, two_versions) == "old"
        assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_two_renames_killed_in_between_are_undone_by_the_next_build(
    two_versions: dict[str, Any], tmp_path: Path
) -> None:
    """Where the system cannot exchange (patched here to refuse), the gap between the two
    renames is the one moment without site/: the next build, even a failing one, puts the
    old site back first."""
    site = tmp_path / "out" / "site"
    shutil.copytree(two_versions["old_site"], site)
    root = two_versions["roots"]["new"]
    killed = faulted_build(root, site, "os.replace:after:1", tmp_path, exchange=False)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert which_site(site, two_versions) == "no site"
    assert which_site(site.with_name(".site.previous"), two_versions) == "old"
    broken = tmp_path / "broken"
    # (not its __pycache__: another worker's build may be writing there)
    shutil.copytree(
        two_versions["roots"]["old"], broken, ignore=shutil.ignore_patterns("__pycache__")
    )
    (broken / BTH).write_text("title: [", encoding="utf-8")
    failed = run_mkdocs_build(broken, site)
    assert failed.returncode == 1
    assert which_site(site, two_versions) == "old"
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_a_full_disk_is_one_line_and_keeps_the_site(
    two_versions: dict[str, Any], tmp_path: Path
) -> None:
    site = tmp_path / "out" / "site"
    shutil.copytree(two_versions["old_site"], site)
    result = faulted_build(
        two_versions["roots"]["new"], site, "write_file:before:5", tmp_path, errno.ENOSPC
    )
    failed_on = (tmp_path / "fault.txt").read_text(encoding="utf-8")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert result.stdout.strip().splitlines() == [  # MkDocs logs to stderr, Abort to stdout
        f"{failed_on}: the disk is full: free some space and try again (No space left on "
        f"device); nothing was published: the previous site in {site} was kept"
    ]
    assert which_site(site, two_versions) == "old"
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_a_refused_permission_is_one_line_and_keeps_the_site(
    two_versions: dict[str, Any], tmp_path: Path
) -> None:
    site = tmp_path / "out" / "site"
    shutil.copytree(two_versions["old_site"], site)
    result = faulted_build(
        two_versions["roots"]["new"], site, "exchange:before:1", tmp_path, errno.EACCES
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert result.stdout.strip().splitlines() == [  # MkDocs logs to stderr, Abort to stdout
        f"{site}: permission denied: check who may write there (ls -l) and try again "
        f"(Permission denied); nothing was published: the previous site in {site} was kept"
    ]
    assert which_site(site, two_versions) == "old"
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_a_second_build_waits_for_the_first(two_versions: dict[str, Any], tmp_path: Path) -> None:
    """While another build holds the lock, a build says so in one line and touches nothing;
    it builds once the lock is free."""
    site = tmp_path / "out" / "site"
    shutil.copytree(two_versions["old_site"], site)
    holder = BuildLock(site)
    holder.acquire(pytest.fail)
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=two_versions["roots"]["new"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": "http://127.0.0.1:8000/"},
    )
    try:
        assert build.stdout is not None
        first = build.stdout.readline()
        assert first.rstrip("\n") == (
            f"INFO    -  policysite: another build of {site} is running (process "
            f"{os.getpid()}): waiting for it to finish"
        )
        time.sleep(1)
        assert build.poll() is None
        assert sorted(p.name for p in site.parent.iterdir()) == [".site.lock", "site"]
        assert which_site(site, two_versions) == "old"
    finally:
        holder.release()
    rest = build.communicate(timeout=600)[0]
    assert build.returncode == 0, rest
    assert which_site(site, two_versions) == "new"
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_two_builds_started_at_once_publish_one_complete_site(
    two_versions: dict[str, Any], tmp_path: Path
) -> None:
    site = tmp_path / "out" / "site"
    shutil.copytree(two_versions["old_site"], site)
    builds = [
        subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
            cwd=two_versions["roots"][name],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": "http://127.0.0.1:8000/"},
        )
        for name in ("new", "new")
    ]
    outputs = [build.communicate(timeout=600)[0] for build in builds]
    assert [build.returncode for build in builds] == [0, 0], outputs
    assert which_site(site, two_versions) == "new"
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]
