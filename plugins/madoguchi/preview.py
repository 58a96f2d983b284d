"""The preview's error page: while `mkdocs serve` runs, content errors do not fail the
rebuild (the browser would wait for a page that never comes, and the message would only be
in the terminal); every page of the site is replaced by one page listing the errors as
`path:line: key: message`. `mkdocs serve` adds its live-reload script to every HTML page it
serves, so the next good save brings the site back by itself. Never part of a real build.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from html import escape
from pathlib import Path

from .i18n import language_of, strings
from .model import Problem

ERROR_PAGE = "404.html"  # also shown for any address the site does not have


def error_page(problems: Iterable[Problem], language: str | None) -> str:
    """The error page's HTML (every value escaped)."""
    t = strings(language)
    items = "\n".join(f"<li><code>{escape(str(problem))}</code></li>" for problem in problems)
    return (
        f'<!doctype html>\n<html lang="{language_of(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(t['preview.title'])}</title>\n"
        "<style>body{font-family:sans-serif;margin:2rem;line-height:1.6}"
        "li{margin:.4rem 0}code{white-space:pre-wrap;color:#b00020}</style>\n"
        f"</head>\n<body>\n<h1>{escape(t['preview.title'])}</h1>\n<p>{escape(t['preview.text'])}</p>\n"
        f'<ul id="madoguchi-errors">\n{items}\n</ul>\n</body>\n</html>\n'
    )


def write_error_pages(site_dir: Path, pages: Iterable[str], problems: list[Problem], language: str | None) -> None:
    """Write the error page at every page's place (`dest_uri`s) and as the 404 page."""
    html = error_page(problems, language)
    for page in {*pages, ERROR_PAGE}:
        target = site_dir / page
        os.makedirs(target.parent, exist_ok=True)
        target.write_text(html, encoding="utf-8")
