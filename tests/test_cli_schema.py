"""The front matter's JSON Schema is generated from the model; the committed file is current."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from madoguchi.edition import AUDIENCES
from madoguchi.frontmatter import read_front_matter
from madoguchi.kinds.incident import KNOWN_STATUSES
from madoguchi.model import TYPES
from madoguchi.policy import IMPACTS
from madoguchi.schema import render
from support.site import REPO, madoguchi

COMMITTED = REPO / "schema" / "madoguchi-frontmatter.schema.json"


def test_committed_schema_equals_the_generated_one(tmp_path: Path) -> None:
    assert COMMITTED.read_text(encoding="utf-8") == render(), (
        "run: madoguchi schema -o schema/madoguchi-frontmatter.schema.json"
    )
    result = madoguchi(tmp_path, "schema", "-o", "out/schema.json")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/schema.json").read_bytes() == COMMITTED.read_bytes()
    assert madoguchi(tmp_path, "schema").stdout == COMMITTED.read_text(encoding="utf-8")


def test_enumerations_come_from_the_model() -> None:
    schema = json.loads(render())
    props = schema["properties"]
    assert props["status"]["enum"] == list(KNOWN_STATUSES)
    assert props["impact"]["enum"] == list(IMPACTS)
    assert props["type"]["enum"] == list(TYPES)
    assert props["audience"]["enum"] == list(AUDIENCES) == ["public", "internal"]
    assert props["updates"]["items"]["properties"]["status"]["enum"] == list(KNOWN_STATUSES)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(render())
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_every_sample_page_is_valid(validator: jsonschema.Draft7Validator) -> None:
    files = sorted((REPO / "content").rglob("*.md"))
    assert len(files) > 40
    for path in files:
        data = read_front_matter(path.read_text(encoding="utf-8-sig")).data
        assert list(validator.iter_errors(data)) == [], path


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"review_every": "0d"}, "'0d' does not match"),
        ({"review_every": "3 months"}, "'3 months' does not match"),
        ({"reviewed": "2026/11/01"}, "'2026/11/01' does not match"),
        ({"draft": "yes"}, "'yes' is not of type 'boolean'"),
        ({"status": "fixed"}, "'fixed' is not one of"),
        (
            {
                "title": "t",
                "status": "investigating",
                "impact": "minor",
                "started": "2026-11-23T09:00:00+09:00",
                "updates": [],
            },
            "[] should be non-empty",
        ),
        (
            {
                "title": "t",
                "status": "resolved",
                "impact": "minor",
                "started": "2026-11-23T09:00:00+09:00",
                "updates": [{"at": "2026-11-23T09:00:00+09:00", "status": "resolved", "text": "x"}],
            },
            "'resolved_at' is a required property",
        ),
    ],
)
def test_invalid_values_are_flagged(
    validator: jsonschema.Draft7Validator, data: dict[str, object], message: str
) -> None:
    assert any(message in error.message for error in validator.iter_errors(data))
