"""Synthetic corpora for the benchmark: scratch copies of the site holding N reports.

Each extra report is the newest real report moved forward in time: its folder is copied with
a new ID and year (the report's year and the years before and after it are shifted everywhere,
in the Chinese, the English, the dates and source.txt), and every English fingerprint is recomputed,
so the copy has the real text structure and glossary density, passes the fidelity check
against its own source.txt and loads without new problems. Corpora are written into a
temporary folder, never into the repository.
"""

from __future__ import annotations

import copy
import functools
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml  # PyYAML, installed with MkDocs: its libyaml reader is fast
from policysite.checks.loader import REPORTS_DIR
from policysite.checks.topics import TOPICS_FILE
from policysite.content.textutil import zh_hash
from ruamel.yaml import YAML

#: What a build reads; the same list as the tests' scratch copies.
SITE_PARTS = ("mkdocs.yml", "mkdocs.en.yml", "mkdocs.zh-hant.yml", "content", "hooks", "overrides")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_YEAR = re.compile(r"(?<![0-9A-Fa-f])(?:19|20)\d\d(?![0-9A-Fa-f])")  # not inside a fingerprint
_HASH_KEY = re.compile(r"(zh_hash:[ \t]*)(\"?)([0-9a-f]+)\2")


@dataclass(frozen=True)
class Corpus:
    root: Path  # a scratch copy of the site sources, ready to build
    reports: int


def copy_site(root: Path, target: Path) -> Path:
    """Copy what a build reads (configuration, content, hooks, overrides) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SITE_PARTS:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target


def drop_edition(root: Path, lang: str) -> None:
    """Turn the site copy in ``root`` into one without the edition ``lang`` (its switcher
    entry, and so its chained build, and its configuration file): the site as it was before
    that edition, for comparing build costs."""
    yaml = YAML(typ="rt")  # keeps the configuration's tags (the toc slugify)
    config_file = root / "mkdocs.yml"
    config = yaml.load(config_file.read_text(encoding="utf-8"))
    editions = config["extra"]["alternate"]
    dropped = next(alt for alt in editions if alt["lang"] == lang)
    editions.remove(dropped)
    if dropped["config"] in config.get("watch", []):
        config["watch"].remove(dropped["config"])
    with config_file.open("w", encoding="utf-8") as stream:
        yaml.dump(config, stream)
    (root / dropped["config"]).unlink()


def make_corpus(root: Path, target: Path, count: int) -> Corpus:
    """A copy of the site in ``target`` with exactly ``count`` reports: the newest real one
    and ``count - 1`` synthetic successors (the other real reports are left out)."""
    if count < 1:
        raise ValueError("a corpus needs at least one report")
    copy_site(root, target)
    reports = target / REPORTS_DIR
    template, year = newest_report(reports)
    for other in reports.iterdir():
        if other.is_dir() and other != template:
            shutil.rmtree(other)
    for offset in range(1, count):
        clone_report(template, reports / str(year + offset), year, year + offset)
    tag_clones(target, year, [year + offset for offset in range(1, count)])
    return Corpus(target, count)


def tag_clones(root: Path, year: int, new_years: list[int]) -> None:
    """Give each clone of the report for ``year`` the template's topic tags (its paragraphs,
    its targets and the paragraphs left out, same IDs), so topic pages grow with the reports
    as they would."""
    topics_file = root / TOPICS_FILE
    if not new_years or not topics_file.is_file():
        return
    yaml = YAML(typ="rt")
    data = yaml.load(topics_file.read_text(encoding="utf-8"))
    for topic in data["topics"]:
        for key in ("paragraphs", "targets", "left_out"):
            by_report = topic.get(key) or {}
            if str(year) in by_report:
                for new_year in new_years:
                    by_report[str(new_year)] = copy.deepcopy(by_report[str(year)])
    with topics_file.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)


def drop_topics(root: Path) -> None:
    """Turn the site copy in ``root`` into the same site without topics (no topics file: no
    topic pages, no topic links under paragraphs, no topics in the navigation, search or open
    data), for measuring what the topics cost."""
    (root / TOPICS_FILE).unlink(missing_ok=True)


def newest_report(reports: Path) -> tuple[Path, int]:
    """The folder and year of the report with the latest year."""
    found = []
    for report_file in reports.glob("*/report.yml"):
        data = YAML(typ="safe").load(report_file.read_text(encoding="utf-8"))
        found.append((int(data["year"]), report_file.parent))
    if not found:
        raise ValueError(f"no report under {reports}")
    year, folder = max(found)
    return folder, year


def clone_report(template: Path, dest: Path, year: int, new_year: int) -> None:
    """Copy the report folder ``template`` (for ``year``) to ``dest`` as the report for
    ``new_year``, with its ID, years, dates and English fingerprints brought in line (the year
    before and the year after move with it: an outcome published the next year stays after
    its report)."""
    shift = {str(year + d): str(new_year + d) for d in (-1, 0, 1)}
    shutil.copytree(template, dest)
    rewrite_report(dest, lambda text: _YEAR.sub(lambda m: shift.get(m.group(0), m.group(0)), text))


def rewrite_report(folder: Path, change: Callable[[str], str]) -> None:
    """Apply ``change`` to every file of a report folder (the Chinese, the English, the
    source text), recomputing each English fingerprint whose Chinese it changed."""
    for source in sorted(p for p in folder.rglob("*") if p.is_file()):
        text = source.read_text(encoding="utf-8")
        if source.suffix == ".yml":
            hashes = {
                zh_hash(zh): zh_hash(change(zh))
                for zh in chinese_texts(YAML(typ="safe").load(text))
            }
            text = _HASH_KEY.sub(functools.partial(_rehash, hashes=hashes), change(text))
        else:
            text = change(text)
        source.write_text(text, encoding="utf-8")


def _rehash(match: re.Match[str], hashes: dict[str, str]) -> str:
    old = match.group(3)
    new = hashes.get(old, old)
    return match.group(0) if new == old else f'{match.group(1)}"{new}"'  # quoted: may be digits


def chinese_texts(node: Any) -> Iterator[str]:
    """Every ``zh`` text in a loaded content file."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "zh" and isinstance(value, str):
                yield value
            else:
                yield from chinese_texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from chinese_texts(item)


def corpus_texts(root: Path) -> list[str]:
    """The Chinese of every chapter file of every report under ``root`` (titles, summaries,
    headings, paragraphs), read with libyaml when available: a fast read for counting."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    texts: list[str] = []
    for report_file in sorted((root / REPORTS_DIR).glob("*/report.yml")):
        report = yaml.load(report_file.read_text(encoding="utf-8"), Loader=loader)
        for name in report["chapters"]:
            chapter = (report_file.parent / name).read_text(encoding="utf-8")
            texts += chinese_texts(yaml.load(chapter, Loader=loader))
    return texts


def han_count(texts: list[str]) -> int:
    """How many Chinese (Han) characters ``texts`` hold."""
    return sum(len(_HAN.findall(text)) for text in texts)
