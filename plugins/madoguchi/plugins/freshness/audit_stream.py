"""The public build's audit (audit.py), done by a helper process while the pages are built.

The audit is the public build's last step and used to run after every page was written: about
0.9 s of a 2,000-entry build in which the second CPU sat idle. Now a helper (StreamHelper,
forked in on_config, before the site is loaded, so it shares little memory) is told of each
page as MkDocs is about to write it (on_post_page, last of all plugins) and audits it from disk
once it has been there for a while (audit.SETTLED_NS: MkDocs writes a page before it renders
the next, so a page is on disk when the next one arrives), keeping its stamp (device, inode,
size, modification and change times). At the end it walks the site folder as `madoguchi audit`
does: a page whose stamp is unchanged is not read again (audit.read_settled says why an
unchanged stamp means unchanged bytes), any other file (a page changed since, the last pages,
search indexes, sitemap, feed, assets, 404 page) is audited there and then. So the result is
the audit of what is on disk, exactly as before; only the time moved. The search result
fragments, written by the search helper while the pages come (search_shards.Fragments), are
audited the same way (WATCHED).

The pages' bytes used to travel to the helper through a pipe: 40 KB a page, 800 MB at 20,000
pages, written by the build process (0.7 s of a profiled 2,000-entry build); the helper reads
them from the page cache instead.

Without a helper (one CPU, not Linux, or `mkdocs serve`, which runs threads) or when it fails,
the plugin audits the site itself, as before.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from ... import audit, search_shards
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

    def page(self, path: str) -> None:
        """`path` (in the site folder) is about to be written: the helper audits it from disk
        once it has settled (pages no longer travel through the pipe: at 20,000 pages that was
        800 MB written into it by the build process)."""
        self.helper.send(("page", path))

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


# Folders of files written while the pages are built, by others than MkDocs' page loop: the
# search result fragments (search_shards.Fragments). Audited once settled, as pages are verified.
WATCHED = (f"search/{search_shards.FOLDER}/{search_shards.FRAGMENTS}",)
SCAN_EVERY = 0.5  # seconds between two looks at them


class _Verifier:
    """The files to audit from disk before the end, once settled: the pages, in the order
    written, and the files of WATCHED folders; with the stamp of each (audit.read_settled)."""

    def __init__(self, site_dir: str) -> None:
        self.root = Path(site_dir)
        self.last: str | None = None  # the page received last: MkDocs writes it after sending it
        self.written: deque[tuple[str, float]] = deque()  # (page, a time by which it was on disk)
        self.verified: audit.Verified = {}
        self.seen: dict[str, float] = {}  # files of WATCHED folders: when first seen
        self.scanned = 0.0

    def received(self, path: str) -> None:
        """`path` is about to be written, so the page received before it is on disk."""
        if self.last is not None:
            self.written.append((self.last, time.monotonic()))
        self.last = path
        self.verified.pop(path, None)  # the same page again (never in one build): audited anew

    def verify(self, rules: audit.Rules, read: audit.Read, now: float | None = None, now_ns: int | None = None) -> None:
        """Audit the pages written SETTLED_NS ago and the files of WATCHED folders on disk for
        as long, from disk (audit.audit_settled) (`now`: time.monotonic(),
        `now_ns`: time.time_ns(), read when not given)."""
        settled = audit.SETTLED_NS / 1e9 * 1.2  # and a little: the file system's clock is coarse
        now = time.monotonic() if now is None else now
        while self.written and now - self.written[0][1] >= settled:
            path, _ = self.written.popleft()
            audited = audit.audit_settled(rules, self.root, path, now_ns)
            if audited is not None:  # else audited at the end
                read[path], self.verified[path] = audited
        if now - self.scanned < SCAN_EVERY:
            return
        self.scanned = now
        for folder in WATCHED:
            try:
                names = sorted(os.listdir(self.root / folder))
            except OSError:
                continue
            for name in names:
                path = f"{folder}/{name}"
                if path in read or now - self.seen.setdefault(path, now) < settled:
                    continue
                audited = audit.audit_settled(rules, self.root, path, now_ns)
                if audited is not None:
                    read[path], self.verified[path] = audited


def _consume(items: Iterator[object]) -> list[audit.Finding] | None:
    """In the helper: audit each page written, once settled; at "end", the whole site folder."""
    rules: audit.Rules | None = None
    site_dir = ""
    pages: list[str] = []
    read: audit.Read = {}
    verifier: _Verifier | None = None
    for item in items:
        assert isinstance(item, tuple)
        if item[0] == "rules":
            _, rules, site_dir = item
            verifier = _Verifier(site_dir)
            for path in pages:  # any received before the rules
                verifier.received(path)
            pages = []
        elif item[0] == "page":
            if rules is None or verifier is None:
                pages.append(item[1])
            else:
                verifier.received(item[1])
                verifier.verify(rules, read)
        elif item[0] == "end" and rules is not None:
            verified = verifier.verified if verifier is not None else {}
            log.debug(f"Audit helper: {len(verified)} of {len(read)} file(s) audited during the build")
            return audit.audit_site(rules, Path(site_dir), read, verified)
    return None  # the build stopped before its end: nothing to report
