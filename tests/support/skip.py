"""A tool the tests need but the machine lacks (Chromium, axe-core, Java, actionlint,
PostgreSQL): the run fails under CI, where scripts/setup must have installed it, and the test
is skipped elsewhere."""

from __future__ import annotations

import os

import pytest


def missing(message: str) -> None:
    """Fail under CI (any CI value), skip otherwise; `message` says how to install the tool."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
