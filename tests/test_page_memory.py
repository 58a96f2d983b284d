"""Pages let go of once written (plugins/freshness/page_memory.py): the built site is byte for
byte the same, the written pages hold neither Madoguchi's view nor (with known plugins only)
their Markdown and HTML, and a site with another plugin keeps the text that plugin may read."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build as mkdocs_build_in_process
from mkdocs.config import load_config

from madoguchi.plugins.freshness import page_memory
from madoguchi.plugins.freshness import plugin as freshness_plugin
from support.site import NOW, REPO, build_with, differences, make_site, run


@pytest.mark.parametrize(
    ("plugins", "expected"),
    [
        (["search", "madoguchi/search", "madoguchi/freshness", "madoguchi/incidents"], True),
        (["material/search", "madoguchi/freshness"], True),
        (["madoguchi/freshness"], True),
        (["search", "madoguchi/freshness", "tags"], False),
        (["madoguchi/freshness", "rss"], False),
    ],
)
def test_only_plugins_known_not_to_read_pages_later_let_their_text_go(plugins: list[str], expected: bool) -> None:
    assert page_memory.releasable(plugins) is expected


def build(root: Path, site_dir: str, *, releasing: bool, config: str = "mkdocs.yml") -> Path:
    """`mkdocs build` in a fresh process, letting pages and the model's text go (or,
    releasing=False, keeping them)."""
    off = (
        "import madoguchi.plugins.freshness.plugin as plugin\nplugin.release = lambda page, text: None\n"
        "from madoguchi.model import Site\nSite.release_sources = lambda self: None"
    )
    return build_with(root, site_dir, "" if releasing else off, config)


@pytest.mark.parametrize("config", ["mkdocs.yml", "mkdocs.internal.yml"])
def test_the_sample_site_builds_the_same_when_written_pages_and_the_models_text_are_let_go(
    tmp_path: Path, config: str
) -> None:
    root = tmp_path / "sample"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(REPO / "mkdocs.internal.yml", root / "mkdocs.internal.yml")
    releasing = build(root, "site-releasing", releasing=True, config=config)
    keeping = build(root, "site-keeping", releasing=False, config=config)
    assert differences(releasing, keeping) == []


# The audit helper is not started: the build audits its site itself, with the rules it made
# before the model's text went; a draft's sentence written into a page after it was built.
IN_PROCESS_AUDIT_OF_A_LEAK = """
import mkdocs.commands.build as build
from madoguchi.plugins.freshness.audit_stream import AuditStream
AuditStream.start = classmethod(lambda cls: None)
write = build._build_page
def leaking(page, config, *args, **kwargs):
    write(page, config, *args, **kwargs)
    if page.file.src_uri == "faq/ordering/cancel.md":
        path = page.file.abs_dest_path
        text = open(path, encoding="utf-8").read()
        with open(path, "w", encoding="utf-8") as out:
            out.write(text.replace("</article>", "<p>SECRET-DRAFT-MARKER-9c1e この内容は公開前です。</p></article>", 1))
build._build_page = leaking
"""


def test_without_its_helper_the_builds_audit_still_finds_a_drafts_text_after_the_model_let_it_go(
    tmp_path: Path,
) -> None:
    root = make_site(tmp_path, "basic")
    code = f"{IN_PROCESS_AUDIT_OF_A_LEAK}\nfrom mkdocs.__main__ import cli\ncli(['build', '-v'])\n"
    result = run([sys.executable, "-c", code], cwd=root)
    assert result.returncode != 0
    assert "faq/ordering/cancel/index.html: text of draft content/faq/account/secret-plan.md" in result.stderr
    assert "Audit of " in result.stderr and "audited by the helper process" not in result.stderr  # (-v)


def written_pages(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], Any]:
    """Build `root` in this process; the pages as they are once the build is over, and
    madoguchi/freshness's model of the site."""
    seen: list[Any] = []
    models: list[Any] = []
    on_files = freshness_plugin.FreshnessPlugin._on_files

    def keeping_the_model(self: Any, files: Any, config: Any) -> Any:
        result = on_files(self, files, config)
        models.append(self.site)
        return result

    monkeypatch.setattr(freshness_plugin.FreshnessPlugin, "_on_files", keeping_the_model)

    def recording(page: Any, *, text: bool) -> None:
        page_memory.release(page, text=text)
        seen.append(page)

    monkeypatch.setattr(freshness_plugin, "release", recording)
    monkeypatch.setenv("MADOGUCHI_NOW", NOW)
    monkeypatch.chdir(root)
    mkdocs_build_in_process(load_config(str(root / "mkdocs.yml")))
    (site,) = models
    return seen, site


def test_written_pages_hold_no_view_markdown_or_html_but_keep_their_anchors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(tmp_path, "basic")
    pages, site = written_pages(root, monkeypatch)
    entries = [page for page in pages if page.file.src_uri.startswith("faq/") and "index" not in page.file.src_uri]
    assert entries
    for page in pages:
        assert page.content is None and page.markdown is None
        assert "madoguchi" not in page.meta
        assert "render" not in page.__dict__
    assert all(page.present_anchor_ids is not None for page in entries)  # MkDocs checks anchors at the end
    assert (root / "site" / entries[0].file.dest_uri).read_text(encoding="utf-8").count("<article") == 1
    # the model's text, read only by the checks before the first page, is gone too
    assert site.sources_released and site.entries
    assert all(entry.lines == {} and entry.meta == {} for entry in site.entries.values())
    assert all(entry.body == "" for entry in site.entries.values() if not entry.body_rendered_late)
    assert all(entry.title for entry in site.entries.values())  # the parsed fields stay


def test_a_site_with_another_plugin_keeps_the_pages_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_site(tmp_path, "basic")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "plugins:\n" in text
    config.write_text(text.replace("plugins:\n", "plugins:\n  - tags\n", 1), encoding="utf-8")
    pages, site = written_pages(root, monkeypatch)
    assert pages and all(page.content is not None and page.markdown is not None for page in pages)
    assert not site.sources_released and any(entry.body for entry in site.entries.values())
    assert all("madoguchi" not in page.meta for page in pages)  # Madoguchi's own parts go anyway


@pytest.mark.parametrize("html", ["", "<p>返品の期限は<strong>8 日</strong>です。</p>\n" * 40, "\U0001f4e6 <br>\r\n"])
def test_a_pages_html_held_between_the_two_passes_comes_back_the_same(html: str) -> None:
    held = page_memory.hold(html)
    assert isinstance(held, bytes) and page_memory.unhold(held) == html
    if len(html) > 1000:
        assert len(held) < len(html.encode()) / 4  # what holding it saves


def test_the_entries_of_a_subcategory_share_one_sidebar_block_marking_their_own_level(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One block per category and build, not one per entry (held by every page's view until it is
    # written: 20,000 copies at 20,000 entries in subcategories)
    root = make_site(tmp_path, "basic")
    gift = root / "content" / "faq" / "ordering" / "gift"
    gift.mkdir()
    (gift / "index.md").write_text("---\ntitle: ギフト\n---\n", encoding="utf-8")
    for slug in ("wrap", "message"):
        (gift / f"{slug}.md").write_text(
            f"---\ntitle: {slug}\nowner: cs-ordering\nreviewed: 2026-11-01\n---\n\n回答。\n", encoding="utf-8"
        )
    views: dict[str, Any] = {}
    page_view = freshness_plugin.FreshnessPlugin._page_view

    def recording(self: Any, path: str, *args: Any) -> Any:
        views[path] = page_view(self, path, *args)
        return views[path]

    monkeypatch.setattr(freshness_plugin.FreshnessPlugin, "_page_view", recording)
    written_pages(root, monkeypatch)
    wrap, message = views["faq/ordering/gift/wrap.md"], views["faq/ordering/gift/message.md"]
    assert wrap["section_nav"] is message["section_nav"]
    cancel = views["faq/ordering/cancel.md"]["section_nav"]
    assert cancel is not wrap["section_nav"]
    assert not wrap["section_nav"]["current"] and [s["current"] for s in wrap["section_nav"]["subcategories"]] == [True]
    assert cancel["current"] and [s["current"] for s in cancel["subcategories"]] == [False]
