"""The content model: typed entries read from content/ and validated against the content
contract. No MkDocs import: the generator could be swapped.

    fields.py   the contract's keys (Field, FIELDS) and Problem
    entries.py  Entry (every kind extends it), Category, Site
    check.py    Checker: reads and validates one file's keys
    read.py     load_site / parse_entry: every file once, each by its kind's parser

The kinds themselves (FAQ entries, incidents, pages) are registered in madoguchi.kinds;
their classes are re-exported here so `from madoguchi.model import FaqEntry` keeps working.
"""

from __future__ import annotations

# The kinds after the modules they build on (they import those, not this package).
from ..kinds import KINDS, Layout, kind_names  # noqa: E402, I001
from ..kinds.faq import FaqEntry
from ..kinds.incident import STATUSES, UPDATE_FIELDS, Incident, Update
from ..kinds.notice import Notice
from ..kinds.page import TrackedPage
from .check import Checker
from .entries import Category, Entry, ReviewedEntry, Site
from .fields import FIELDS, Field, Problem
from .read import (
    SourceCache,
    category_of,
    entry_from_front_matter,
    entry_type,
    infer_type,
    is_category_index,
    load_site,
    parse_entry,
)

TYPES = kind_names()  # the built-in kinds; KINDS has every registered one

__all__ = [
    "FIELDS",
    "KINDS",
    "STATUSES",
    "TYPES",
    "UPDATE_FIELDS",
    "Category",
    "Checker",
    "Entry",
    "FaqEntry",
    "Notice",
    "Field",
    "Incident",
    "Layout",
    "Problem",
    "ReviewedEntry",
    "Site",
    "TrackedPage",
    "Update",
    "category_of",
    "entry_from_front_matter",
    "entry_type",
    "infer_type",
    "is_category_index",
    "SourceCache",
    "load_site",
    "parse_entry",
]
