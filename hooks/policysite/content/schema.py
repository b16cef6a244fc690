"""Validate content against the JSON Schemas in ``content/schema`` and explain failures plainly.

The same schema files drive the staff's editor (via the ``yaml-language-server`` comment at the
top of each content file) and the build, so there is one set of rules. jsonschema finds the
errors; this module turns each into a line a non-programmer can act on.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import json
import re
import sys
from collections.abc import Iterator
from functools import lru_cache
from importlib.metadata import version as package_version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import cache
from .problems import Problem
from .yamlio import KeyPath, LoadedYaml

if TYPE_CHECKING:  # jsonschema itself is imported on the first validation (see _validators)
    from jsonschema import Draft202012Validator, FormatChecker, ValidationError

_TYPE_WORDS = {
    "string": "text",
    "object": "a set of 'key: value' lines",
    "array": "a list of '- ' items",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}


def describe_value(value: Any) -> str:
    """How a value reads to a person: ``a number (42)``, ``text ('abc')``."""
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        if not value:
            return "empty text"
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text ('{_visible(shown)}')"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return "a set of 'key: value' lines"
    return type(value).__name__


def _visible(text: str) -> str:
    """``text`` with line breaks and other invisible characters written as escapes (\\n)."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


@lru_cache(maxsize=8)
def _validators(schema_dir: str, _version: tuple[float, ...]) -> dict[str, Draft202012Validator]:
    """Validators for every schema file; ``_version`` (the files' times) renews the cache.

    jsonschema and referencing are imported here, not with the module: a build or `check`
    whose files all have a kept verdict never validates, and the import is a tenth of a
    second of every `check` and `mkdocs build` that would not need it."""
    from referencing import Registry, Resource

    resources = []
    contents: dict[str, dict[str, Any]] = {}
    for path in sorted(Path(schema_dir).glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        contents[path.name] = schema
        resources.append((path.name, Resource.from_contents(schema)))
    registry: Registry = Registry().with_resources(resources)
    years = contents.get("report.schema.json", {}).get("properties", {}).get("year", {})
    formats = _formats(years.get("minimum", dt.MINYEAR), years.get("maximum", dt.MAXYEAR))
    validator = _validator_class()
    return {
        name: validator(_inlined(schema, name, contents), registry=registry, format_checker=formats)
        for name, schema in contents.items()
    }


def _inlined(
    node: Any, base: str, contents: dict[str, Any], expanding: tuple[str, ...] = ()
) -> Any:
    """``node`` (a part of the schema file ``base``) with each ``$ref`` to one of our schema
    files replaced by the schema it names. jsonschema resolves a ``$ref`` again at every
    place of the data it applies to: inlined once here, a 50-report topics.yml validates in
    0.09 instead of 0.23 CPU s, with the same errors (a ``$ref``, like the ``allOf`` that
    keeps its sibling keywords, applies its schema in place). A reference to a schema being
    inlined around it (a recursive one) stays a reference, made absolute for the registry."""
    if isinstance(node, list):
        return [_inlined(item, base, contents, expanding) for item in node]
    if not isinstance(node, dict):
        return node
    rest = {key: _inlined(value, base, contents, expanding) for key, value in node.items()}
    ref = node.get("$ref")
    if not isinstance(ref, str):
        return rest
    file, _, pointer = ref.partition("#")
    file = file or base
    target: Any = contents.get(file)
    for part in pointer.split("/")[1:] if pointer else ():
        part = part.replace("~1", "/").replace("~0", "~")
        target = target.get(part) if isinstance(target, dict) else None
    absolute = f"{file}#{pointer}"
    if not isinstance(target, dict) or absolute in expanding:
        return {**rest, "$ref": absolute}
    del rest["$ref"]
    inlined = _inlined(target, file, contents, (*expanding, absolute))
    return {**rest, "allOf": [*rest.get("allOf", []), inlined]} if rest else inlined


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    """``pattern`` as JSON Schema (ECMA-262) reads it, where ``$`` is the end of the text:
    Python's ``$`` also matches before a final line break, which let 'bth-03\\n' pass."""
    if not validator.is_type(instance, "string"):
        return
    if not re.search(re.sub(r"(?<!\\)\$", r"\\Z", pattern), instance):
        from jsonschema import ValidationError

        yield ValidationError(f"{instance!r} does not match {pattern!r}")


jsonschema_version = f"{package_version('jsonschema')} {package_version('referencing')}"


@lru_cache(maxsize=1)
def _validator_class() -> Any:
    """Draft 2020-12 with ECMA-262 ``pattern`` (``_ecma_pattern``)."""
    from jsonschema import Draft202012Validator, validators

    return validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})


def _formats(first_year: int, last_year: int) -> FormatChecker:
    """``date``: a real calendar day (not only the YYYY-MM-DD shape) in the years a report may
    have (report.schema.json's ``year``: a date outside them is a typo, and 1969 or 2107 would
    not fit the build's timestamps); ``partial-date``: YYYY, YYYY-MM or a real day, any year."""
    from jsonschema import FormatChecker

    formats = FormatChecker([])

    @formats.checks("date", raises=ValueError)
    def _date(value: object) -> bool:
        if not isinstance(value, str):
            return True
        day = dt.date.fromisoformat(value)
        if not first_year <= day.year <= last_year:
            raise ValueError(f"a date from {first_year} to {last_year}")
        return True

    @formats.checks("partial-date", raises=ValueError)
    def _partial_date(value: object) -> bool:
        if isinstance(value, str) and value.count("-") == 2:
            dt.date.fromisoformat(value)
        return True

    return formats


#: The last verdict for each file and schema: under `mkdocs serve` the content is loaded again
#: after every save, and only the saved file needs validating again.
_verdicts: dict[tuple[str, str], tuple[str, list[Problem]]] = {}


def validate(doc: LoadedYaml, schema_name: str, schema_dir: Path) -> list[Problem]:
    """Every schema problem in ``doc``, as Problems with file and line.

    A document found valid is remembered between builds (``cache.py``) under a digest of its
    data (of the text it was parsed from, when it was: ``LoadedYaml.source``), every schema
    file, this module and jsonschema's version: an unchanged file is not validated again.
    Problems are never kept: they are explained afresh."""
    paths = sorted(schema_dir.glob("*.schema.json"))
    version = tuple(p.stat().st_mtime for p in paths)
    slot = (doc.file, f"{schema_dir.resolve()}/{schema_name}")
    key: str | None
    if doc.source is not None:  # the data and its lines follow from the file's parsed text
        key = json.dumps([version, doc.source])
    else:
        try:  # what the verdict depends on: the schemas, the data and where each part of it is
            key = json.dumps([version, doc.data, list(doc.lines.items())], default=repr)
        except (TypeError, ValueError):  # keys JSON cannot hold (a YAML list as a key)
            key = None
    known = _verdicts.get(slot)
    if key is not None and known is not None and known[0] == key:
        return list(known[1])
    valid_name = _valid_name(doc, schema_name, str(schema_dir.resolve()), version)
    if valid_name is not None and cache.read("schema", valid_name) is not None:
        problems: list[Problem] = []
    else:
        validator = _validators(str(schema_dir.resolve()), version)[schema_name]
        problems = _problems(validator, doc)
        if not problems and valid_name is not None:
            cache.keep("schema", valid_name, b"valid\n")
    if key is not None:
        _verdicts[slot] = (key, list(problems))
    return problems


def _valid_name(
    doc: LoadedYaml, schema_name: str, schema_dir: str, version: tuple[float, ...]
) -> str | None:
    """The name ``doc`` is kept under once found valid (None if a schema cannot be read).
    ``repr`` tells apart what JSON would not (the key 1 from the key '1', true from 1)."""
    rules = _rules(schema_dir, version)
    if rules is None:
        return None
    data = f"parsed {doc.source}" if doc.source is not None else repr(doc.data)
    return f"{cache.digest([schema_name, data, *rules])}.valid"


@lru_cache(maxsize=8)
def _rules(schema_dir: str, _version: tuple[float, ...]) -> tuple[str | bytes, ...] | None:
    """What every verdict depends on besides the document: each schema file (name and text),
    this module and jsonschema's and Python's versions; read once per version of the schemas
    (their modification times), not once per document. None if a schema cannot be read."""
    try:
        schemas = [
            part
            for path in sorted(Path(schema_dir).glob("*.schema.json"))
            for part in (path.name, path.read_bytes())
        ]
    except OSError:
        return None
    return (*schemas, Path(__file__).read_bytes(), jsonschema_version, sys.version)


def _problems(validator: Draft202012Validator, doc: LoadedYaml) -> list[Problem]:
    problems: list[Problem] = []
    errors = list(validator.iter_errors(doc.data))
    misshapen = {tuple(e.absolute_path) for e in errors if e.validator == "pattern"}
    for error in errors:
        if error.validator == "format" and tuple(error.absolute_path) in misshapen:
            continue  # 2024-13-10: the shape message says it all
        problems.extend(_explain(error, doc))
    return problems


def _explain(error: ValidationError, doc: LoadedYaml) -> Iterator[Problem]:
    path: KeyPath = tuple(error.absolute_path)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = sorted(schema.get("properties", {}))
        for key in value:
            if key not in allowed:
                hint = _suggest(key, allowed) or f" (allowed here: {', '.join(allowed)})"
                yield doc.problem((*path, key), f"unknown key '{key}'{hint}")
        return
    if kind == "required" and isinstance(value, dict):
        for key in error.validator_value:
            if key not in value:
                yield doc.problem(path, _missing_message(key, value))
        return
    if kind == "minLength" and path[-2:] == ("en", "text"):
        yield doc.problem(
            path,
            "the English text is empty: write the translation, or set 'status: missing' "
            "and remove 'text'",
        )
        return
    yield doc.problem(path, _message(kind, error, schema, value))


def _missing_message(key: str, present: dict[str, Any]) -> str:
    if key == "en":
        return (
            "missing 'en': every Chinese text needs its English with a status "
            "(write 'status: missing' under 'en' if it is not translated yet)"
        )
    if key == "zh_hash":
        return (
            "missing 'zh_hash': run 'python scripts/site.py stamp' to record which Chinese "
            "text this English translates"
        )
    if key == "source" and "period" in present:
        return (
            "missing 'source': an outcome needs the publication that reports it "
            "(publisher, title and date; the original's url when it is known)"
        )
    status = present.get("status")
    if key in {"provider", "date"} and status == "machine":
        return f"missing '{key}': a machine draft must say which service made it and when"
    if key in {"approved_by", "approved_on"} and status == "approved":
        return f"missing '{key}': approved text must say who approved it and when"
    return f"missing required key '{key}'"


def _no_such_day(value: Any) -> str:
    """``: February 2024 has 29 days`` for 2024-02-30."""
    try:
        year, month, day = (int(part) for part in str(value).split("-"))
        days = calendar.monthrange(year, month)[1]
    except ValueError:
        return ""
    if 1 <= day <= days:
        return ""
    return f": {calendar.month_name[month]} {year} has {days} days"


def _message(kind: str, error: ValidationError, schema: dict[str, Any], value: Any) -> str:
    if kind == "type":
        wanted = error.validator_value
        wanted_types = wanted if isinstance(wanted, list) else [wanted]
        words = " or ".join(_TYPE_WORDS.get(str(w), str(w)) for w in wanted_types)
        return f"expected {words}, found {describe_value(value)}"
    if kind == "enum":
        options = [str(o) for o in error.validator_value]
        hint = _suggest(str(value), options) if isinstance(value, str) else ""
        return f"expected one of {', '.join(options)}; found {describe_value(value)}{hint}"
    if kind == "const":
        return f"expected '{error.validator_value}', found {describe_value(value)}"
    if kind == "pattern":
        expected = schema.get("patternErrorMessage", f"text matching {error.validator_value}")
        return f"expected {expected}, found {describe_value(value)}{_line_break_hint(value)}"
    if kind == "minLength":
        return f"expected text, found {describe_value(value)}"
    if kind == "format" and error.validator_value in ("date", "partial-date"):
        if isinstance(error.cause, ValueError) and str(error.cause).startswith("a date from"):
            return f"expected {error.cause}, found {describe_value(value)}"
        return f"expected a date that exists, found {describe_value(value)}{_no_such_day(value)}"
    if kind == "maxLength" and error.validator_value == 0:
        return (
            "English text given but the status is 'missing': set the status to "
            "machine, edited or approved, or remove the text"
        )
    if kind == "maxLength":
        what = "an ID of " if "an ID" in schema.get("patternErrorMessage", "") else ""
        return (
            f"expected {what}at most {error.validator_value} characters, found "
            f"{describe_value(value)} ({len(value)} characters)"
        )
    if kind == "minItems":
        return f"expected at least {error.validator_value} item(s), found {describe_value(value)}"
    if kind in {"minimum", "maximum"}:
        low, high = schema.get("minimum"), schema.get("maximum")
        return f"expected a number from {low} to {high}, found {describe_value(value)}"
    return str(error.message)


def _line_break_hint(value: Any) -> str:
    if isinstance(value, str) and value.endswith("\n"):
        return " (it ends with a line break: write it on the same line as its key, without '|')"
    return ""


def id_problem(value: str, schema_dir: Path) -> str | None:
    """Why ``value`` cannot be an ID (IDs become folder names, URLs and anchors), or None.

    The rule is the content schema's own ``id`` definition, so the command line and the
    content files are held to the same one."""
    common = json.loads((schema_dir / "common.schema.json").read_text(encoding="utf-8"))
    rule = common["$defs"]["id"]
    if not re.fullmatch(rule["pattern"], value):
        return f"expected {rule['patternErrorMessage']}, found {describe_value(value)}"
    if len(value) > rule["maxLength"]:
        return (
            f"expected an ID of at most {rule['maxLength']} characters, found "
            f"{describe_value(value)} ({len(value)} characters)"
        )
    return None
