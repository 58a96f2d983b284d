"""The content contract's front-matter keys, and the input error every check reports.

Each entry kind (madoguchi.kinds) declares its own keys; `FIELDS` is their union, filled as
kinds register. The JSON Schema (schema.py) is generated from it, and the model reads no
key that is not in it (`Checker.get`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One front-matter key of the content contract: the kind of value the model accepts and
    what editors are told about it."""

    # text | date | datetime | interval | text-list | boolean | integer | type | audience
    # | choice (one of `choices`) | records (a list of mappings whose keys are `items`) | fingerprint
    kind: str
    description: str
    choices: tuple[str, ...] = ()
    items: Mapping[str, Field] | None = None


@dataclass(frozen=True, order=True)
class Problem:
    """One input error, printed as the contract's `path:line: key: message`."""

    path: str  # as shown to the user (e.g. content/faq/ordering/cancel.md)
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.key}: {self.message}"


# Keys every kind reads (Entry's own fields)
COMMON_FIELDS: dict[str, Field] = {
    "title": Field("text", "質問・見出し（お客様の言葉で） / The question as a customer would ask it, or the headline"),
    "owner": Field("text", "担当チーム・担当者（例: cs-ordering, @yamada） / Team or person keeping it true"),
    "draft": Field("boolean", "true: 公開しない下書き / Never published"),
    "audience": Field(
        "audience",
        "読者: public（既定）か internal（社内版だけに載せる） / public (default) or internal (internal edition only)",
    ),
    "type": Field("type", "種類（通常はフォルダから判断） / Inferred from the folder"),
    "imported": Field(
        "fingerprint",
        "madoguchi import が書いた内容の指紋（編集しないでください） / Fingerprint of the text madoguchi import "
        "wrote: a later import overwrites the file only while it still matches",
    ),
}
# Keys shared by the kinds that a person reviews on an interval (FAQ entries, tracked pages)
REVIEW_FIELDS: dict[str, Field] = {
    "reviewed": Field("date", "人が最後に内容を確認した日（YYYY-MM-DD） / Date a person last confirmed it"),
    "review_every": Field("interval", "確認の間隔（例: 90d, 12w, 2h） / Review interval, e.g. 90d"),
}

# Every key of the contract: the common ones, then each registered kind's (kinds.register)
FIELDS: dict[str, Field] = dict(COMMON_FIELDS)


def add_fields(owner: str, fields: Mapping[str, Field]) -> None:
    """Add a kind's keys to FIELDS. Two kinds may share a key only with the same definition
    (one key, one meaning, one schema)."""
    for key, field in fields.items():
        known = FIELDS.get(key)
        if known is not None and known != field:
            raise ValueError(f"kind {owner!r}: front-matter key {key!r} is already defined differently")
        FIELDS[key] = field
