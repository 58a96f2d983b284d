"""Where a content file is published: the same rule MkDocs applies, without MkDocs."""

from __future__ import annotations

import os
from posixpath import splitext
from urllib.parse import quote


def page_url(path: str, use_directory_urls: bool = True) -> str:
    """`faq/ordering/cancel.md` → `faq/ordering/cancel/` (or `.html`); index.md → its folder."""
    stem, _ = splitext(path)
    folder, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        url = f"{folder}/" if folder else ""
    elif use_directory_urls:
        url = f"{stem}/"
    else:
        url = f"{stem}.html"
    return quote(url)


def is_url(reference: str) -> bool:
    """An absolute (`https://…`) or scheme-relative (`//host/…`) URL, rather than a path
    relative to content/. Shared by the model's reference check and the views."""
    return "://" in reference or reference.startswith("//")


def absolute_url(site_url: str | None, url: str) -> str:
    """The page's public address when `site_url` is known, else the site-relative URL."""
    if not site_url:
        return url
    return site_url.rstrip("/") + "/" + url


def shown_prefix(project_root: str | os.PathLike[str], docs_dir: str | os.PathLike[str]) -> str:
    """How editors see docs_dir from the project root (e.g. `content/`): the prefix of every
    path in error messages, so they can be opened from the terminal."""
    relative = os.path.relpath(docs_dir, project_root)
    return "" if relative == "." else relative.replace(os.sep, "/") + "/"
