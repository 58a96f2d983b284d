"""The editors' preview (`madoguchi serve`: `mkdocs serve --dirty` with the OS's file
notifications, what scripts/serve runs) renders only what a
save changed, yet shows exactly what a full build of the same content shows: a real preview
process is driven through file edits and HTTP, and after each kind of change every page, the
search index and the feed it serves are compared with a full `mkdocs build` (docs/performance.md)."""

from __future__ import annotations

import difflib
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import CLI_OPTIONS, NOW, make_site, mkdocs_build

# mkdocs serve adds its live-reload script before </body> of every HTML page it serves
LIVERELOAD = re.compile(r"<script>\s*var livereload = function.*?</script>(?=</body>)", re.S)
# What the preview does not keep up to date (docs/performance.md): only the full build's
LAGGING = ("sitemap.xml", "sitemap.xml.gz")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> bytes | None:
    """The body served at `url`, None for a 404 (the preview's error page is a 404 too)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return bytes(response.read())
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise
    except (urllib.error.URLError, ConnectionError):  # the server restarting its rebuild: poll again
        return b""


def compared(site_dir: Path) -> dict[str, bytes]:
    """Every page and data file of a built site (not the theme's assets)."""
    return {
        path.relative_to(site_dir).as_posix(): path.read_bytes()
        for path in sorted(site_dir.rglob("*"))
        if path.is_file() and path.suffix in (".html", ".json", ".xml") and path.name not in LAGGING
    }


@pytest.fixture
def preview(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Path, str]]:
    """The `cli` fixture site served by `madoguchi serve` (or, parametrized indirectly,
    `madoguchi serve` with more options): (site root, base URL)."""
    options = list(getattr(request, "param", ()))
    root = make_site(tmp_path, "cli", options=CLI_OPTIONS)
    config = root / "mkdocs.yml"  # with Madoguchi's search, as the sample site
    config.write_text(
        config.read_text(encoding="utf-8").replace("      lang: ja\n", "      lang: ja\n  - madoguchi/search\n", 1),
        encoding="utf-8",
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    # the full build to compare with: the same site, with the preview's site_url
    (root / "mkdocs-full.yml").write_text(f"INHERIT: mkdocs.yml\nsite_url: {base}\nsite_dir: full\n", encoding="utf-8")
    env = {**os.environ, "MADOGUCHI_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen(
        [shutil.which("madoguchi") or "madoguchi", "serve", "-a", f"127.0.0.1:{port}", *options],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield root, base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def until_equal_to_a_full_build(root: Path, base: str, gone: set[str], deadline_seconds: float = 180) -> set[str]:
    """Build the site in full, then poll the preview until it serves exactly that: every
    page and data file equal (live-reload script aside), and nothing at the addresses of
    `gone` (outputs of an earlier state). Returns the full build's files."""
    built = mkdocs_build(root, "-f", "mkdocs-full.yml")
    assert built.returncode == 0, built.stderr
    wanted = compared(root / "full")
    deadline = time.monotonic() + deadline_seconds
    differing: dict[str, bytes | None] = {}
    while time.monotonic() < deadline:
        differing = {}
        for path, content in wanted.items():
            served = fetch(base + path)
            if served is not None and path.endswith(".html"):
                served = LIVERELOAD.sub("", served.decode("utf-8")).encode("utf-8")
            if served != content:
                differing[path] = served
        differing |= {f"{path} (still served)": b"" for path in sorted(gone - wanted.keys()) if fetch(base + path)}
        if not differing:
            return set(wanted)
        time.sleep(0.2)  # a poll interval: each rebuild takes as long as it takes
    first, served = next(iter(differing.items()))
    diff = difflib.unified_diff(
        wanted.get(first, b"").decode("utf-8").splitlines(),
        (served or b"").decode("utf-8").splitlines(),
        "full build",
        "preview",
        lineterm="",
    )
    raise AssertionError(f"the preview still differs from a full build in {list(differing)}:\n" + "\n".join(diff))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def move(content: Path) -> None:
    """cancel.md to another category (with its own owner: the new category names none)."""
    edit(content / "faq/ordering/cancel.md", "reviewed:", "owner: cs-ordering\nreviewed:")
    (content / "faq/ordering/cancel.md").rename(content / "faq/account/cancel.md")


def add(content: Path) -> None:
    text = "---\ntitle: ギフト包装はできますか？\nreviewed: 2026-11-22\n---\n\n承ります。\n"
    (content / "faq/ordering/gift.md").write_text(text, encoding="utf-8")


def delete(content: Path) -> None:
    (content / "faq/ordering/receipt.md").unlink()


CHANGES: list[tuple[str, Callable[[Path], None]]] = [
    (
        "an answer's text",
        lambda c: edit(c / "faq/ordering/cancel.md", "キャンセルできます。", "すぐにキャンセルできます。"),
    ),
    # payment.md was overdue (reviewed 2026-05-20, review every 180 days)
    ("reviewed", lambda c: edit(c / "faq/ordering/payment.md", "reviewed: 2026-05-20", "reviewed: 2026-11-20")),
    ("title", lambda c: edit(c / "faq/ordering/payment.md", "title: 使える支払い方法は？", "title: 支払い方法は？")),
    ("tags", lambda c: edit(c / "faq/ordering/cancel.md", "tags: [キャンセル]", "tags: [キャンセル, 返品]")),
    (
        "draft",
        lambda c: edit(c / "faq/ordering/receipt.md", "reviewed: 2026-06-01", "reviewed: 2026-06-01\ndraft: true"),
    ),
    (
        "audience",
        lambda c: edit(c / "faq/account/withdraw.md", "review_every: 90d", "review_every: 90d\naudience: internal"),
    ),
    ("category (file moved)", move),
    ("a new file", add),
    ("a deleted file", delete),
    (
        "an incident resolved (the banner)",
        lambda c: edit(
            c / "incidents/2026-11-23-app-login.md",
            "status: identified\nimpact",
            "status: resolved\nresolved_at: 2026-11-23T11:50:00+09:00\nimpact",
        ),
    ),
]


def test_after_each_kind_of_change_the_preview_serves_what_a_full_build_writes(preview: tuple[Path, str]) -> None:
    root, base = preview
    content = root / "content"
    served = until_equal_to_a_full_build(root, base, set())
    assert "faq/ordering/cancel/index.html" in served
    assert b"madoguchi-banner" in (fetch(base) or b"")  # the ongoing incident, on every page
    for what, change in CHANGES:
        change(content)
        try:
            served |= until_equal_to_a_full_build(root, base, served)
        except AssertionError as error:
            raise AssertionError(f"after a change of {what}: {error}") from None
        if what == "an answer's text":  # the edited page alone
            # MkDocs wraps log lines at the terminal's width (80 columns without one: pytest-xdist)
            log = " ".join((root.parent / "serve.log").read_text(encoding="utf-8").split())
            assert "Preview: 0 page(s) besides those edited rendered again; 0 output(s) removed" in log
    # the last state really is the changed one
    assert "faq/account/cancel/index.html" in served and fetch(base + "faq/ordering/cancel/") is None
    assert fetch(base + "faq/ordering/receipt/") is None
    assert b"madoguchi-banner" not in (fetch(base + "faq/ordering/") or b"")


def test_the_preview_announces_overdue_pages_once_then_only_what_changed(preview: tuple[Path, str]) -> None:
    root, base = preview
    until_equal_to_a_full_build(root, base, set())
    content = root / "content"
    for _what, change in CHANGES[:2]:  # a text edit, then payment.md reviewed: no longer overdue
        change(content)
        until_equal_to_a_full_build(root, base, set())
    log = (root.parent / "serve.log").read_text(encoding="utf-8")
    # the first build lists each overdue page; each rebuild says one line
    assert log.count("content/faq/ordering/payment.md: overdue since 2026-11-16") == 1, log
    lines = [line for line in log.splitlines() if "overdue (madoguchi stale)" in line]
    assert [re.sub(r"^\w+\s+-  ", "", line) for line in lines] == [
        "1 overdue (madoguchi stale); no change since the last rebuild",
        "0 overdue (madoguchi stale); since the last rebuild: -content/faq/ordering/payment.md",
    ]


def test_after_a_content_error_the_next_good_save_brings_back_exactly_the_full_build(
    preview: tuple[Path, str],
) -> None:
    root, base = preview
    served = until_equal_to_a_full_build(root, base, set())
    source = root / "content/faq/ordering/cancel.md"
    edit(source, "tags:", "tag:")  # an unknown key: every page becomes the error page
    deadline = time.monotonic() + 180
    while b"madoguchi-errors" not in (fetch(base + "faq/ordering/payment/") or b""):
        assert time.monotonic() < deadline, "the error page never came"
        time.sleep(0.2)  # a poll interval
    edit(source, "tag:", "tags:")
    edit(root / "content/faq/ordering/payment.md", "title: 使える支払い方法は？", "title: 支払い方法は？")
    until_equal_to_a_full_build(root, base, served)


def until_the_error_page(base: str, path: str) -> None:
    """Poll until the preview shows the error page at `path` (every page is then)."""
    deadline = time.monotonic() + 180
    while b"madoguchi-errors" not in (fetch(base + path) or b""):
        assert time.monotonic() < deadline, "the error page never came"
        time.sleep(0.2)  # a poll interval


def test_a_link_whose_target_changed_is_checked_again_though_its_own_page_did_not_change(
    preview: tuple[Path, str],
) -> None:
    """The preview keeps each unchanged entry's guard and leak findings (guards.GuardCache,
    leaks.LeakCache): a heading renamed in the page a link names, or that page made a draft,
    must still make the linking page an error, and the fix bring back the full build."""
    root, base = preview
    content = root / "content"
    edit(content / "faq/ordering/payment.md", "ご利用いただけます。", "ご利用いただけます。\n\n## Cards\n\nVISA\n")
    edit(
        content / "faq/ordering/cancel.md",
        "商品到着後に返品手続きをお願いします。",
        "商品到着後に返品手続きをお願いします。[カード](payment.md#cards)、[領収書](receipt.md)",
    )
    served = until_equal_to_a_full_build(root, base, set())
    edit(content / "faq/ordering/payment.md", "## Cards", "## Brands")  # cancel.md's #cards is gone
    until_the_error_page(base, "faq/ordering/cancel/")
    edit(content / "faq/ordering/payment.md", "## Brands", "## Cards")
    served |= until_equal_to_a_full_build(root, base, served)
    edit(content / "faq/ordering/receipt.md", "reviewed: 2026-06-01", "reviewed: 2026-06-01\ndraft: true")
    until_the_error_page(base, "faq/ordering/cancel/")  # a public page links to a draft
    edit(content / "faq/ordering/receipt.md", "reviewed: 2026-06-01\ndraft: true", "reviewed: 2026-06-01")
    until_equal_to_a_full_build(root, base, served)


@pytest.mark.parametrize("preview", [(), ("--poll",)], indirect=True, ids=["os-notifications", "polling"])
def test_a_save_is_served_whether_the_os_tells_or_the_files_are_polled(
    preview: tuple[Path, str], request: pytest.FixtureRequest
) -> None:
    root, base = preview
    until_equal_to_a_full_build(root, base, set())
    edit(root / "content/faq/ordering/cancel.md", "注文", "ご注文")
    until_equal_to_a_full_build(root, base, set())
    log = (root.parent / "serve.log").read_text(encoding="utf-8")
    polling = "--poll" in request.node.callspec.params["preview"]
    assert ("原稿を 0.5 秒ごとに確認します" in log) is polling, log
    assert ("OS の通知ですぐに検知します" in log) is not polling, log
