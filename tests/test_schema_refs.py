"""The content schemas' references, inlined once before validating (schema.py's ``_inlined``),
find the same errors as jsonschema resolving each ``$ref`` as it goes."""

from __future__ import annotations

import contextlib
import copy
import json
import random
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from policysite.content import schema as content_schema
from policysite.content.problems import Problem
from policysite.content.yamlio import load_yaml_file
from referencing import Registry, Resource

from .conftest import REPO

SCHEMA_DIR = REPO / "content" / "schema"
# Each kind of content file and the schema it is validated with (loader.py)
DOCUMENTS = {
    "glossary.yml": "glossary.schema.json",
    "topics.yml": "topics.schema.json",
    "indicators.yml": "indicators.schema.json",
    "site.yml": "site.schema.json",
    "phrasebook.yml": "phrasebook.schema.json",
    "synonyms.yml": "synonyms.schema.json",
    "trusted-hosts.yml": "trusted-hosts.schema.json",
    "reports/2024/report.yml": "report.schema.json",
    "reports/2024/chapters/03-beijing-tianjin-hebei.yml": "chapter.schema.json",
    "reports/2024/targets.yml": "targets.schema.json",
}
# Values put in place of a value of the document: wrong types, bad dates, ids and addresses
REPLACEMENTS = [12345, "", "2024-13-40", "Not An Id!", "ftp://x", None, [], {"stray": 1}, True]


def plain_validators() -> dict[str, Draft202012Validator]:
    """Validators that resolve each reference through the registry, as jsonschema does
    without help (the schema module's formats and its ECMA-262 ``pattern``)."""
    contents = {p.name: json.loads(p.read_text("utf-8")) for p in SCHEMA_DIR.glob("*.json")}
    registry: Registry = Registry().with_resources(
        (name, Resource.from_contents(schema)) for name, schema in contents.items()
    )
    inlined = inlined_validators()
    validator = content_schema._validator_class()
    return {
        name: validator(schema, registry=registry, format_checker=inlined[name].format_checker)
        for name, schema in contents.items()
    }


def inlined_validators() -> dict[str, Draft202012Validator]:
    version = tuple(p.stat().st_mtime for p in sorted(SCHEMA_DIR.glob("*.schema.json")))
    return content_schema._validators(str(SCHEMA_DIR.resolve()), version)


def places(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every value in ``data``."""
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from places(value, (*path, index))


@contextlib.contextmanager
def mutated(data: Any, path: tuple[Any, ...], action: int, value: Any) -> Iterator[None]:
    """``data`` with the value at ``path`` replaced by ``value`` (action 2), or the key there
    removed (0), or an unknown key added beside it (1); put back afterwards."""
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    key, before = path[-1], copy.copy(parent)
    if action == 1 and isinstance(parent, dict):
        parent["unknown_key"] = "x"
    elif action == 0 and isinstance(parent, dict):
        del parent[key]
    else:
        parent[key] = copy.deepcopy(value)
    try:
        yield
    finally:
        if isinstance(parent, dict):  # its keys back in their order
            parent.clear()
            parent.update(before)
        else:
            parent[key] = before[key]


class Shown:
    """A stand-in for a loaded YAML file: the problems staff would be shown, as (key path,
    message) pairs (a real file adds its name and line)."""

    def __init__(self, data: Any) -> None:
        self.data = data

    def problem(self, path: tuple[Any, ...], message: str) -> tuple[str, str]:
        return ".".join(map(str, path)), message


def errors(validator: Draft202012Validator, data: Any) -> list[tuple[Any, ...]]:
    """jsonschema's errors, and the problems the schema module makes of them."""
    found = sorted(
        (tuple(map(str, e.absolute_path)), e.validator, e.message)
        for e in validator.iter_errors(data)
    )
    shown = content_schema._problems(validator, Shown(data))  # type: ignore[arg-type]
    return [*found, *sorted(shown)]  # type: ignore[arg-type]


@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_inlined_references_find_the_same_errors(document: str) -> None:
    schema = DOCUMENTS[document]
    loaded = load_yaml_file(REPO / "content" / document, REPO)
    assert not isinstance(loaded, Problem), loaded
    data = loaded.data
    inlined, plain = inlined_validators()[schema], plain_validators()[schema]
    assert '"$ref"' not in json.dumps(inlined.schema)  # none recursive: all inlined
    assert errors(inlined, data) == errors(plain, data) == []
    rng = random.Random(document)
    paths = [path for path in places(data) if path]
    found = 0
    for _ in range(30):
        path, action = rng.choice(paths), rng.randrange(3)
        with mutated(data, path, action, rng.choice(REPLACEMENTS)):
            expected = errors(plain, data)
            assert errors(inlined, data) == expected, (path, action)
        found += bool(expected)
    assert found >= 15  # most mutants are invalid: the comparison saw errors


def test_a_recursive_reference_stays_a_reference() -> None:
    """A schema that refers to itself (a tree) is inlined around the recursion, which stays a
    reference the registry resolves, and still validates every level."""
    tree = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "tree.schema.json",
        "$defs": {
            "node": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
                },
                "additionalProperties": False,
            }
        },
        "$ref": "#/$defs/node",
    }
    inlined = content_schema._inlined(tree, "tree.schema.json", {"tree.schema.json": tree})
    node = inlined["allOf"][0]  # the root's reference, beside its $id and $defs
    assert node["properties"]["children"]["items"] == {"$ref": "tree.schema.json#/$defs/node"}
    registry: Registry = Registry().with_resource("tree.schema.json", Resource.from_contents(tree))
    validator = Draft202012Validator(inlined, registry=registry)
    deep = {"name": "a", "children": [{"name": "b", "children": [{"name": 3, "x": 1}]}]}
    assert sorted(e.message for e in validator.iter_errors(deep)) == [
        "3 is not of type 'string'",
        "Additional properties are not allowed ('x' was unexpected)",
    ]
