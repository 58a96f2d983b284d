"""The public build's audit (audit.py), done by a helper process while the pages are built.

The audit is the public build's last step and used to run after every page was written: about
0.9 s of a 2,000-entry build in which the second CPU sat idle. Now a helper (StreamHelper,
forked in on_config, before the site is loaded, so it shares little memory) receives each page
as MkDocs is about to write it (on_post_page, last of all plugins: the exact bytes MkDocs
writes) and audits it at once. At the end it walks the site folder as `madoguchi audit` does:
a page whose bytes on disk are not the ones it audited is audited again from disk, and every
other file (search indexes, sitemap, feed, assets, 404 page) is audited there and then. So the
result is the audit of what is on disk, exactly as before; only the time moved.

Without a helper (one CPU, not Linux, or `mkdocs serve`, which runs threads) or when it fails,
the plugin audits the site itself, as before.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from ... import audit
from ...helper_process import HelperFailed, StreamHelper

log = logging.getLogger("mkdocs.plugins.madoguchi.freshness")


class AuditStream:
    """The helper's side of the build: rules once, pages as written, then the findings."""

    def __init__(self, helper: StreamHelper) -> None:
        self.helper = helper
        self.ready = False  # the rules were sent

    @classmethod
    def start(cls) -> AuditStream | None:
        helper = StreamHelper.start(_consume)
        return cls(helper) if helper is not None else None

    def rules(self, rules: audit.Rules, site_dir: str) -> None:
        self.helper.send(("rules", rules, site_dir))
        self.ready = True

    def page(self, path: str, data: bytes) -> None:
        self.helper.send(("page", path, data))

    def finish(self) -> list[audit.Finding] | None:
        """The findings of the whole site folder, or None when the helper failed."""
        self.helper.send(("end",))
        try:
            findings = self.helper.finish()
        except HelperFailed as error:
            log.debug(f"audit helper: {error}; auditing in the build process")
            return None
        return findings if isinstance(findings, list) else None

    def abort(self) -> None:
        self.helper.abort()


def _consume(items: Iterator[object]) -> list[audit.Finding] | None:
    """In the helper: audit each page received; at "end", the whole site folder."""
    rules: audit.Rules | None = None
    site_dir = ""
    pages: list[tuple[str, bytes]] = []
    read: audit.Read = {}
    for item in items:
        assert isinstance(item, tuple)
        if item[0] == "rules":
            _, rules, site_dir = item
            read.update(audit.audit_pages(rules, site_dir, pages))  # any sent before the rules
            pages = []
        elif item[0] == "page":
            if rules is None:
                pages.append((item[1], item[2]))
            else:
                read.update(audit.audit_pages(rules, site_dir, [(item[1], item[2])]))
        elif item[0] == "end" and rules is not None:
            return audit.audit_site(rules, Path(site_dir), read)
    return None  # the build stopped before its end: nothing to report
