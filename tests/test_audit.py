"""`madoguchi audit` and the public build's own audit: each kind of leak or foreign script
injected into a really built site is reported as `output-path: problem` (exit 1); clean builds
of a fixture and of the sample pass; a build whose output leaks fails and leaves site_dir empty
(never deleting anything outside it, never a misconfigured folder)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from madoguchi.audit import empty_site_dir
from support.site import REPO, madoguchi, make_site, mkdocs_build, write_mkdocs_yml

PAGE = "site/faq/ordering/cancel/index.html"
CANCEL = "content/faq/ordering/cancel.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `basic` fixture site, built once (public edition)."""
    root = make_site(tmp_path_factory.mktemp("audit"), "basic")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def site(built: Path, tmp_path: Path) -> Path:
    """A copy of the built site (sources and output) that a test may change."""
    root = tmp_path / "copy"
    shutil.copytree(built, root, symlinks=True)
    return root


def append(root: Path, path: str, text: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(text)


def into_page(html: str, page: str = PAGE) -> Callable[[Path], None]:
    """Injects `html` into a built page, at the end of its article."""

    def inject(root: Path) -> None:
        target = root / page
        text = target.read_text(encoding="utf-8")
        assert "</article>" in text
        target.write_text(text.replace("</article>", html + "</article>", 1), encoding="utf-8")

    return inject


def both(source: Callable[[Path], None], output: Callable[[Path], None]) -> Callable[[Path], None]:
    def inject(root: Path) -> None:
        source(root)
        output(root)

    return inject


def internal_block(root: Path) -> None:
    append(root, CANCEL, '\n!!! internal "社内メモ"\n    返金は店長の判断で全額まで可能とお伝えください。\n')


def internal_entry(root: Path) -> None:
    append(
        root,
        "content/faq/ordering/escalation.md",
        (
            "---\ntitle: クレーム対応のエスカレーション手順\nreviewed: 2026-11-01\naudience: internal\n---\n\n"
            "三回目のお申し出で課長に引き継いでください。\n"
        ),
    )


def content_comment(root: Path) -> None:
    append(root, CANCEL, "\n<!-- 返品理由が不明なときは倉庫チームに確認 -->\n")


def search_index(root: Path) -> None:
    target = root / "site/search/search_index.json"
    index = json.loads(target.read_text(encoding="utf-8"))
    index["docs"].append({"location": "x/", "title": "x", "text": "<p>お客様の携帯 090-1234-5678</p>"})
    target.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")


def feed(root: Path) -> None:
    target = root / "site/incidents/feed.xml"
    text = target.read_text(encoding="utf-8")
    assert "</content>" in text
    target.write_text(text.replace("</content>", "&lt;img src=x onerror=alert(1)&gt;</content>", 1), encoding="utf-8")


def sitemap(root: Path) -> None:
    target = root / "site/sitemap.xml"
    text = target.read_text(encoding="utf-8")
    target.write_text(
        text.replace("</urlset>", "<url><loc>http://10.0.0.5/admin/</loc></url></urlset>"), encoding="utf-8"
    )


def backup_file(root: Path) -> None:
    for folder in ("content", "site"):
        shutil.copy(root / CANCEL, root / folder / "faq/ordering/cancel.md~")


def unknown_type(root: Path) -> None:
    (root / "site/faq/ordering/list.xlsx").write_bytes(b"PK\x03\x04")


def freshness_report(root: Path) -> None:
    (root / "site/freshness.json").write_text('{"entries": []}\n', encoding="utf-8")


LEAKS = [
    (
        "internal block text",
        both(internal_block, into_page("<p>返金は店長の判断で全額まで可能とお伝えください。</p>")),
        PAGE,
        "text of the internal block at content/faq/ordering/cancel.md:15",
    ),
    (
        "internal entry",
        both(internal_entry, into_page("<h2>クレーム対応のエスカレーション手順</h2>")),
        PAGE,
        "title of internal entry content/faq/ordering/escalation.md",
    ),
    ("draft title", into_page("<p>未発表キャンペーン</p>"), PAGE, "title of draft content/faq/account/secret-plan.md"),
    (
        "draft text",
        into_page("<p>SECRET-DRAFT-MARKER-9c1e この内容は公開前です。</p>"),
        PAGE,
        "text of draft content/faq/account/secret-plan.md",
    ),
    (
        "HTML comment from content",
        both(content_comment, into_page("<!-- 返品理由が不明なときは倉庫チームに確認 -->")),
        PAGE,
        "HTML comment from content/faq/ordering/cancel.md:15",
    ),
    ("owner", into_page("<p>担当: cs-members</p>"), PAGE, "owner identifier 'cs-members'"),
    ("inline script", into_page("<script>alert(1)</script>"), PAGE, "inline <script> that the theme did not put there"),
    (
        "script src",
        into_page('<script src="https://cdn.example.net/x.js"></script>'),
        PAGE,
        "<script src='https://cdn.example.net/x.js'> that the theme did not put there",
    ),
    (
        "theme script from elsewhere",
        into_page('<script src="../../../../assets/javascripts/x.js"></script>'),
        PAGE,
        "<script src='../../../../assets/javascripts/x.js'> that the theme did not put there",
    ),
    (
        "event handler",
        into_page('<img src="a.png" onerror="alert(1)">'),
        PAGE,
        "event handler onerror= on <img> that the theme did not put there",
    ),
    (
        "javascript URL",
        into_page('<a href="jav&#x61;script:alert(1)">x</a>'),
        PAGE,
        "script URL in <a href> that the theme did not put there",
    ),
    ("phone", into_page("<p>お客様の携帯は090-1234-5678です</p>"), PAGE, "phone number '090-1234-5678'"),
    ("e-mail", into_page("<p>tanaka＠example.co.jpまで</p>"), PAGE, "e-mail address 'tanaka＠example.co.jp'"),
    (
        "internal host",
        into_page('<a href="https://midori.backlog.jp/view/CS-1">課題</a>'),
        PAGE,
        "internal host 'midori.backlog.jp'",
    ),
    ("confidentiality marker", into_page("<p>【社外秘】</p>"), PAGE, "confidentiality marker '社外秘'"),
    (
        "backup file",
        backup_file,
        "faq/ordering/cancel.md~",
        "file type 'md~' copied from content is not in asset_allowlist",
    ),
    ("unknown file type", unknown_type, "faq/ordering/list.xlsx", "file type 'xlsx' is neither an allowed asset"),
    ("search index", search_index, "search/search_index.json", "phone number '090-1234-5678'"),
    ("feed", feed, "incidents/feed.xml", "event handler onerror= on <img>"),
    ("sitemap", sitemap, "sitemap.xml", "internal host '10.0.0.5'"),
    ("freshness report", freshness_report, "freshness.json", "the freshness report (owners, due dates, reasons)"),
]


@pytest.mark.parametrize(("kind", "inject", "path", "problem"), LEAKS, ids=[leak[0] for leak in LEAKS])
def test_each_kind_of_leak_injected_after_the_build_is_reported(
    site: Path, kind: str, inject: Callable[[Path], None], path: str, problem: str
) -> None:
    inject(site)
    result = madoguchi(site, "audit", "site")
    assert result.returncode == 1, (kind, result.stdout, result.stderr)
    shown = path.removeprefix("site/")
    findings = [line for line in result.stdout.splitlines() if line.startswith(f"{shown}: ")]
    assert any(problem in line for line in findings), result.stdout
    assert result.stderr.strip().endswith("warning(s)")


def test_a_clean_build_passes_the_audit(built: Path) -> None:
    result = madoguchi(built, "audit", "site")
    assert result.returncode == 0, result.stdout
    assert result.stdout == "site: 0 finding(s), 0 warning(s)\n"


def test_the_sample_site_passes_the_audit(sample_site: Path) -> None:
    result = madoguchi(REPO, "audit", str(sample_site))
    assert result.returncode == 0, result.stdout
    assert result.stdout.endswith(": 0 finding(s), 0 warning(s)\n")


def test_leak_level_warn_reports_personal_data_as_warnings(site: Path) -> None:
    write_mkdocs_yml(site, "      timezone: Asia/Tokyo\n      leak_level: warn")
    into_page("<p>お客様の携帯は090-1234-5678です</p>")(site)
    result = madoguchi(site, "audit", "site")
    assert result.returncode == 0, result.stdout
    assert f"{PAGE.removeprefix('site/')}: warning: phone number '090-1234-5678'" in result.stdout
    assert result.stdout.endswith("site: 0 finding(s), 1 warning(s)\n")


def test_the_audit_checks_public_editions_only(site: Path) -> None:
    write_mkdocs_yml(site, "      timezone: Asia/Tokyo\n      edition: internal")
    result = madoguchi(site, "audit", "site")
    assert result.returncode == 1
    assert "mkdocs.yml: 社内版は監査の対象外です" in result.stderr  # in the site's language (ja)


def test_a_build_whose_output_leaks_fails_and_leaves_site_dir_empty(tmp_path: Path) -> None:
    """An owner named in a body passes the source checks but reaches the page: the audit at the
    end of the build finds it, lists at most 20 findings and the count, and empties site_dir."""
    root = make_site(tmp_path, "basic")
    for number in range(24):
        append(
            root,
            f"content/faq/ordering/q{number}.md",
            (f"---\ntitle: 質問{number}\nreviewed: 2026-11-01\n---\n\nこの回答は cs-ordering が管理しています。\n"),
        )
    (root / "site").mkdir()
    (root / "site/stale.html").write_text("前回のビルド", encoding="utf-8")
    (root / "keep.txt").write_text("site_dir の外", encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode != 0
    # 24 pages and the search index
    assert "the audit of the public site found 25 problem(s)" in result.stderr
    assert "faq/ordering/q0/index.html: owner identifier 'cs-ordering'" in result.stderr
    assert "… and 5 more (run `madoguchi audit` to see them all)" in result.stderr
    assert "was emptied" in result.stderr
    assert (root / "site").is_dir() and list((root / "site").iterdir()) == []
    assert (root / "keep.txt").read_text(encoding="utf-8") == "site_dir の外"
    assert (root / CANCEL).exists()


def test_a_phone_in_a_title_is_refused_before_anything_is_built(tmp_path: Path) -> None:
    root = make_site(tmp_path, "basic")
    append(
        root, "content/faq/ordering/call.md", "---\ntitle: 090-1234-5678にお電話を\nreviewed: 2026-11-01\n---\n\n本文\n"
    )
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert (
        "content/faq/ordering/call.md:2: title: 電話番号 '090-1234-5678' が公開する内容にあります"
        "（公開してよいものなら leak_allowlist に加えてください） / phone number '090-1234-5678'" in result.stderr
    )
    assert not (root / "site").exists() or list((root / "site").iterdir()) == []


@pytest.mark.parametrize("where", ["docs_dir", "project folder", "parent of docs_dir"])
def test_a_misconfigured_site_dir_is_never_emptied(tmp_path: Path, where: str) -> None:
    project = tmp_path / "project"
    docs = project / "content"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# 原稿", encoding="utf-8")
    site_dir = {"docs_dir": docs, "project folder": project, "parent of docs_dir": tmp_path}[where]
    message = empty_site_dir(site_dir, docs, project / "mkdocs.yml")
    assert "NOT emptied" in message
    assert (docs / "index.md").read_text(encoding="utf-8") == "# 原稿"


def test_emptying_site_dir_removes_links_not_what_they_point_to(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("x", encoding="utf-8")
    site_dir = tmp_path / "project/site"
    (site_dir / "assets").mkdir(parents=True)
    (site_dir / "assets/a.css").write_text("a", encoding="utf-8")
    (site_dir / "link").symlink_to(outside, target_is_directory=True)
    message = empty_site_dir(site_dir, tmp_path / "project/content", tmp_path / "project/mkdocs.yml")
    assert "was emptied" in message
    assert site_dir.is_dir() and list(site_dir.iterdir()) == []
    assert (outside / "precious.txt").exists()


def test_words_every_page_shows_anyway_are_not_findings(tmp_path: Path) -> None:
    """A draft titled like the theme's own words (よくあるご質問) and an owner that is a plain word
    the public pages use (`support` in support@…) are not leaks; `cs-members` still is."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from madoguchi.audit import Rules, Theme, audit_site, rules_for
    from madoguchi.leaks import LeakGuard
    from madoguchi.model import load_site
    from madoguchi.policy import Policy

    files = {
        "faq/a/draft.md": "---\ntitle: よくあるご質問\nowner: support\nreviewed: 2026-11-01\ndraft: true\n---\n",
        "faq/a/q.md": "---\ntitle: 窓口\nowner: cs-members\nreviewed: 2026-11-01\n---\n\nsupport@x.example まで\n",
    }
    for path, text in files.items():
        (tmp_path / "content" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "content" / path).write_text(text, encoding="utf-8")
    site = load_site(tmp_path / "content", list(files), Policy(), datetime(2026, 11, 23, tzinfo=ZoneInfo("Asia/Tokyo")))
    theme = Theme(frozenset(), (), frozenset(), frozenset())
    rules: Rules = rules_for(site, LeakGuard.from_allowlist(["support@x.example"]), theme)
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text(
        "<nav>よくあるご質問</nav><p>support@x.example まで</p><p>担当 cs-members</p>", encoding="utf-8"
    )
    assert [str(finding) for finding in audit_site(rules, out)] == [
        "index.html: owner identifier 'cs-members' (owners are shown in the internal edition only)"
    ]


def audit_lines(text: str) -> list[str]:
    return [line.split("audit: ", 1)[1] for line in text.splitlines() if "audit: " in line]


def test_the_build_audit_run_while_pages_are_built_finds_what_madoguchi_audit_finds(tmp_path: Path) -> None:
    """The public build hands each page to a helper process as it is written
    (plugins/freshness/audit_stream.py); its findings are those of `madoguchi audit` afterwards."""
    root = make_site(tmp_path, "basic", options="      timezone: Asia/Tokyo\n      leak_level: warn")
    for number in range(3):
        append(
            root,
            f"content/faq/ordering/call{number}.md",
            f"---\ntitle: 電話{number}\nreviewed: 2026-11-01\n---\n\n担当の携帯 090-1234-567{number} へ。\n",
        )
    result = mkdocs_build(root, "-v")
    assert result.returncode == 0, result.stderr
    if len(os.sched_getaffinity(0)) >= 2:
        assert "pages audited by the helper process as they were built" in result.stderr
    during = audit_lines(result.stderr)
    assert len(during) >= 3 and all("phone number '090-1234-567" in line for line in during)
    after = madoguchi(root, "audit", "site")
    assert sorted(during) == sorted(line for line in after.stdout.splitlines() if ": warning: " in line)


HOOK_AFTER_WRITE = """
from pathlib import Path
from mkdocs.plugins import event_priority

@event_priority(0)  # after MkDocs wrote the pages, before the audit (-1000)
def on_post_build(config):
    page = Path(config.site_dir) / "faq/ordering/cancel/index.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</article>", "<script>alert(1)</script></article>", 1), encoding="utf-8")
"""


def test_a_page_changed_on_disk_after_it_was_audited_is_audited_again(tmp_path: Path) -> None:
    """The helper audits the bytes MkDocs is about to write; what is on disk at the end is what
    counts: a page another plugin rewrote afterwards is read again from disk."""
    root = make_site(tmp_path, "basic")
    (root / "hooks.py").write_text(HOOK_AFTER_WRITE, encoding="utf-8")
    write_mkdocs_yml(root, extra="hooks:\n  - hooks.py\n")
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert (
        "faq/ordering/cancel/index.html: inline <script> that the theme did not put there: 'alert(1)'" in result.stderr
    ), result.stderr
    assert list((root / "site").iterdir()) == []


# --- auditing pages from disk while the build goes on (audit.audit_settled, audit_stream._Verifier) ----

LEAK = b"<p>090-1234-5678</p>"


def page_rules_and_reads(root: Path) -> tuple[Any, dict[str, Any], list[str]]:
    """The audit's rules for a built fixture site and its pages audited from their bytes, as
    the build's helper audits them."""
    from madoguchi.audit import _digest, audit_file, read_theme, rules_for, theme_dirs
    from madoguchi.leaks import LeakGuard
    from madoguchi.model import Site

    rules = rules_for(Site(), LeakGuard.from_allowlist([]), read_theme(theme_dirs()))
    out = root / "site"
    paths = sorted(str(path.relative_to(out)) for path in out.rglob("*.html"))
    audited: dict[str, Any] = {}
    for path in paths:
        data = (out / path).read_bytes()
        audited[path] = (_digest(data), audit_file(rules, out, path, data))
    return rules, audited, paths


def settled(path: Path) -> int:
    """A clock reading late enough for the file's last change to count as settled."""
    from madoguchi.audit import SETTLED_NS

    return os.stat(path).st_ctime_ns + SETTLED_NS


def same_size_with_leak(data: bytes) -> bytes:
    """The page with a phone number in its article and as many spaces less elsewhere."""
    changed = data.replace(b"</article>", LEAK + b"</article>", 1).replace(b" " * len(LEAK), b"", 1)
    assert len(changed) == len(data) and LEAK in changed
    return changed


def test_a_page_read_back_just_after_it_was_written_is_not_trusted_until_it_settled(site: Path) -> None:
    """Its stamp could stay the same through a rewrite in the same tick of the file system's
    clock (audit.read_settled): such a page is audited again at the end."""
    from madoguchi.audit import SETTLED_NS, audit_settled

    rules, read, _ = page_rules_and_reads(site)
    path = PAGE.removeprefix("site/")
    assert audit_settled(rules, site / "site", path, now_ns=settled(site / PAGE) - SETTLED_NS // 2) is None
    audited = audit_settled(rules, site / "site", path, now_ns=settled(site / PAGE))
    assert audited is not None and audited[0] == read[path]  # the bytes on disk, audited
    (site / PAGE).write_bytes(same_size_with_leak((site / PAGE).read_bytes()))
    changed = audit_settled(rules, site / "site", path, now_ns=settled(site / PAGE))
    assert changed is not None and changed[0][0] != read[path][0]
    assert any("phone number '090-1234-5678'" in finding.problem for finding in changed[0][1])


def rewrite_in_place(page: Path) -> None:
    page.write_bytes(page.read_bytes().replace(b"</article>", LEAK + b"</article>", 1))


def replace_keeping_size_and_time(page: Path) -> None:
    """Another file of the same size put in its place, with the old modification time."""
    before = os.stat(page)
    other = page.with_name("other.tmp")
    other.write_bytes(same_size_with_leak(page.read_bytes()))
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(other, page)


def remove_and_write_again(page: Path) -> None:
    data = same_size_with_leak(page.read_bytes())
    page.unlink()
    page.write_bytes(data)


@pytest.mark.parametrize("change", [rewrite_in_place, replace_keeping_size_and_time, remove_and_write_again])
def test_a_page_changed_after_it_was_read_back_is_audited_from_disk(site: Path, change: Callable[[Path], None]) -> None:
    """At the end the audit trusts a page read back during the build only while its stamp
    (device, inode, size, modification and change times) is the same."""
    from madoguchi.audit import audit_settled, audit_site

    rules, read, paths = page_rules_and_reads(site)
    out = site / "site"
    audited = {path: audit_settled(rules, out, path, now_ns=settled(out / path)) for path in paths}
    stamps = {path: done[1] for path, done in audited.items() if done is not None}
    assert set(stamps) == set(paths)
    assert audit_site(rules, out, read, stamps) == audit_site(rules, out)  # nothing read again, same findings
    change(site / PAGE)
    findings = [str(finding) for finding in audit_site(rules, out, read, stamps)]
    shown = PAGE.removeprefix("site/")
    assert any(line.startswith(f"{shown}: ") and "phone number '090-1234-5678'" in line for line in findings), findings
    assert findings == [str(finding) for finding in audit_site(rules, out)]


def test_the_audit_helper_reads_back_only_pages_written_a_while_ago(site: Path) -> None:
    """MkDocs writes a page before it renders the next, so the helper (audit_stream._Verifier)
    audits a page from disk once the next one has come and SETTLED_NS have passed; never the
    page received last, which may not be written yet."""
    import time

    from madoguchi.audit import SETTLED_NS
    from madoguchi.plugins.freshness.audit_stream import _Verifier

    rules, audited, paths = page_rules_and_reads(site)
    read: dict[str, Any] = {}
    verifier = _Verifier(str(site / "site"))
    for path in paths:
        verifier.received(path)
    late = max(settled(site / "site" / path) for path in paths)
    verifier.verify(rules, read, now=time.monotonic(), now_ns=late)
    assert verifier.verified == {} and read == {}  # received just now
    verifier.verify(rules, read, now=time.monotonic() + 2 * SETTLED_NS / 1e9, now_ns=late)
    assert set(verifier.verified) == set(read) == set(paths[:-1])
    assert all(read[path] == audited[path] for path in read)  # audited from disk as from the bytes


def test_search_fragments_written_during_the_build_are_audited_before_its_end_and_again_if_changed(
    tmp_path: Path,
) -> None:
    """The search helper writes the result fragments as the pages come (search_shards.Fragments);
    the audit helper audits each once it has been on disk for SETTLED_NS, keeps its stamp, and
    at the end reads again only a fragment whose stamp changed."""
    import time

    from madoguchi.audit import SETTLED_NS, audit_site
    from madoguchi.plugins.freshness.audit_stream import WATCHED, _Verifier

    root = make_site(tmp_path, "basic")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  - madoguchi/incidents\n", "  - madoguchi/incidents\n  - madoguchi/search\n"), encoding="utf-8"
    )
    assert mkdocs_build(root).returncode == 0
    rules, read, _ = page_rules_and_reads(root)
    out = root / "site"
    fragments = sorted(f"{WATCHED[0]}/{path.name}" for path in (out / WATCHED[0]).iterdir())
    assert fragments
    verifier = _Verifier(str(out))
    late = max(settled(out / path) for path in fragments)
    start = time.monotonic()
    verifier.verify(rules, read, now=start, now_ns=late)  # first seen now: not settled yet
    assert not set(fragments) & set(read)
    verifier.verify(rules, read, now=start + 2 * SETTLED_NS / 1e9 + 1, now_ns=late)
    assert set(fragments) <= set(read) and set(fragments) <= set(verifier.verified)
    assert audit_site(rules, out, read, verifier.verified) == audit_site(rules, out)
    changed = out / fragments[0]
    changed.write_text(
        changed.read_text(encoding="utf-8").replace('"title":"', '"title":"090-1234-5678 ', 1), encoding="utf-8"
    )
    findings = [str(finding) for finding in audit_site(rules, out, read, verifier.verified)]
    assert any(line.startswith(f"{fragments[0]}: ") and "090-1234-5678" in line for line in findings), findings


def test_the_audit_lists_the_files_os_walk_lists_links_included(site: Path, tmp_path: Path) -> None:
    """audit._walk scans folders itself (no relpath per folder), with os.walk's answer: a link to
    a folder is neither followed nor listed, a link to a file and a broken link are files."""
    from madoguchi.audit import _walk

    out = site / "site"
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "secret.html").write_text("<p>090-1234-5678</p>", encoding="utf-8")
    (out / "linked-folder").symlink_to(outside, target_is_directory=True)
    (out / "faq" / "linked-page.html").symlink_to(out / PAGE.removeprefix("site/"))
    (out / "faq" / "broken.html").symlink_to(tmp_path / "nowhere.html")
    listed = sorted(
        os.path.relpath(os.path.join(folder, name), out).replace(os.sep, "/")
        for folder, _, names in os.walk(out)
        for name in names
    )
    assert sorted(_walk(out)) == listed
    assert "faq/linked-page.html" in listed and "faq/broken.html" in listed
    assert not any(path.startswith("linked-folder") for path in listed)
