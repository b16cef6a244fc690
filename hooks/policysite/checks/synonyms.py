"""The synonym file (``content/synonyms.yml``): forms readers type for the report's words.

Search treats the forms of a group as one, both ways (see the README's "Search" section). The
schema checks the shape; this module checks what a schema cannot: a form listed twice, in one
group or in two (which group would it belong to?), and builds the model.
"""

from __future__ import annotations

from ..content.model import SynonymGroup, Synonyms
from ..content.problems import Problem
from ..content.yamlio import LoadedYaml

SYNONYMS_FILE = "content/synonyms.yml"


def _key(form: str) -> str:
    return " ".join(form.casefold().split())


def check_synonyms(doc: LoadedYaml) -> list[Problem]:
    """A problem for every form already listed (case and spacing aside)."""
    problems = []
    first: dict[str, tuple[int, int]] = {}  # form -> (group, line) where it is first listed
    for i, group in enumerate(doc.data["groups"]):
        for j, form in enumerate(group["forms"]):
            path = ("groups", i, "forms", j)
            key = _key(form)
            if key not in first:
                first[key] = (i, doc.line_of(path))
                continue
            seen = first[key]
            if seen[0] == i:
                message = f"'{form}' is listed twice in this group; remove one"
            else:
                message = (
                    f"'{form}' is already listed at line {seen[1]}; a form belongs to one "
                    "group (merge the two groups)"
                )
            problems.append(doc.problem(path, message))
    return problems


def build_synonyms(doc: LoadedYaml) -> Synonyms:
    return Synonyms(
        doc.file,
        tuple(
            SynonymGroup(tuple(group["forms"]), doc.line_of(("groups", i)))
            for i, group in enumerate(doc.data["groups"])
        ),
    )
