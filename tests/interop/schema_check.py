#!/usr/bin/env python3
"""Validates event front matter against docs/schema/event.schema.json.

Every event file under the given content folders must be valid, and a set
of known mistakes must be rejected, so the schema is neither too loose nor
too strict for the calendars meetcal accepts.

Usage: schema_check.py SCHEMA CONTENT_DIR [CONTENT_DIR ...]
"""
import json
import pathlib
import re
import sys

try:
    import jsonschema
    import yaml
except ImportError as err:  # pragma: no cover - reported loudly by the Rust test
    print(f"MISSING VALIDATOR: {err}", file=sys.stderr)
    sys.exit(2)


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 core scalars, as meetcal reads them: `on` is text, dates are text."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def front_matter(path: pathlib.Path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        _, yaml_text, _ = text.split("---\n", 2)
    else:
        yaml_text = text
    return yaml.load(yaml_text, Loader=Yaml12Loader) or {}


MISTAKES = {
    "unknown field": {"title": "A", "start": "2027-01-01 10:00", "titel": "A"},
    "missing start": {"title": "A"},
    "bad status": {"title": "A", "start": "2027-01-01 10:00", "status": "postponed"},
    "end and duration": {"title": "A", "start": "2027-01-01 10:00", "end": "2027-01-01 12:00", "duration": "2h"},
    "bad start form": {"title": "A", "start": "01/02/2027 10:00"},
    "bad weekday": {"title": "A", "start": "2027-01-07 10:00", "repeat": {"every": "week", "on": "thursdy"}},
    "weekday cut at four letters": {"title": "A", "start": "2027-01-07 10:00", "repeat": {"every": "week", "on": ["tues", "thu"]}},
    "bad weekday after an ordinal": {"title": "A", "start": "2027-01-06 10:00", "repeat": {"every": "month", "on": "first wednesdy"}},
    "bad ordinal": {"title": "A", "start": "2027-01-06 10:00", "repeat": {"every": "month", "on": "frist wednesday"}},
    "until and count": {"title": "A", "start": "2027-01-07 10:00", "repeat": {"every": "week", "until": "2027-02-01", "count": 3}},
    "override without date": {"occurrence_of": "open-coffee", "start": "2027-01-08 10:00"},
    "override with repeat": {"occurrence_of": "a", "date": "2027-01-07", "repeat": {"every": "day"}},
    "javascript url": {"title": "A", "start": "2027-01-01 10:00", "url": "javascript:alert(1)"},
    "credentials in url": {"title": "A", "start": "2027-01-01 10:00", "online": "https://user:pw@example.org/"},
    "tag not a slug": {"title": "A", "start": "2027-01-01 10:00", "tags": ["Not A Slug"]},
    "inline venue without name": {"title": "A", "start": "2027-01-01 10:00", "venue": {"address": "1 rue X"}},
}


def main() -> int:
    schema_path, *content_dirs = sys.argv[1:]
    schema = json.loads(pathlib.Path(schema_path).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = []
    checked = 0
    for content in content_dirs:
        for path in sorted(pathlib.Path(content, "events").rglob("*")):
            if path.suffix not in (".md", ".yaml", ".yml"):
                continue
            checked += 1
            for error in validator.iter_errors(front_matter(path)):
                failures.append(f"{path}: valid for meetcal but rejected by the schema: {error.message}")
    for name, document in MISTAKES.items():
        if validator.is_valid(document):
            failures.append(f"mistake '{name}' is accepted by the schema")
    if checked == 0:
        failures.append("no event files found")
    for failure in failures:
        print(failure)
    print(f"schema: {checked} event files valid, {len(MISTAKES)} mistakes rejected; {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
