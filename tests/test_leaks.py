"""Leak guard: personal data, internal hosts and confidentiality markers in any public text
(front matter included, staff-only pieces exempt) are errors unless allowlisted, or warnings
with leak_level: warn, and allowed in the internal edition; Japanese prose is read right; the
scan is linear; a public page linking to a draft is an error; a draft appears nowhere."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from madoguchi.leaks import LINKS, LeakGuard, Work, _may_link, linked_path
from madoguchi.model import Site
from support.content import DRAFT_CATEGORY, FAQ_PAGE, INCIDENT_PAGE, incident_update, load_files
from support.site import make_site, mkdocs_build

NOW = datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("Asia/Tokyo"))
MARKER = "SECRET-DRAFT-MARKER-9c1e"


def site_of(tmp_path: Path, files: dict[str, str]) -> Site:
    """The files loaded with paths shown as they are (no `content/` in messages)."""
    return load_files(tmp_path, files, shown_prefix="")


FAQ = "---\ntitle: t\nowner: o\nreviewed: 2026-11-01\n{extra}---\n\n{body}\n"


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("tanaka@example.co.jp までご連絡ください", ["e-mail address 'tanaka@example.co.jp'"]),
        ("携帯 090-1234-5678 に折り返し", ["phone number '090-1234-5678'"]),
        ("代表 03-1234-5678", ["phone number '03-1234-5678'"]),
        ("国際 +81-3-1234-5678", ["phone number '+81-3-1234-5678'"]),
        ("全角 ０９０－１２３４－５６７８", ["phone number '０９０－１２３４－５６７８'"]),
        ("窓口 support@shop.example / 0120-123-456（平日9:00〜18:00）", []),
        ("注文番号 2026-1123-0001 と日付 2026-11-23", []),
        ("バージョン 1.2.3 をご利用ください", []),
    ],
)
def test_contact_details_are_errors_unless_allowlisted(tmp_path: Path, body: str, found: list[str]) -> None:
    # v2 (issue 13): an error in the public edition (it was a warning); leak_level: warn below
    site = site_of(tmp_path, {"faq/a/q.md": FAQ.format(extra="", body=body)})
    guard = LeakGuard.from_allowlist(["Support@shop.example", "0120-123-456"])
    report = guard.check_site(site, "content/", "en")
    assert report.warnings == []
    assert [w.message.split(" in public")[0] for w in report.errors] == found
    assert all(str(w).startswith("content/faq/a/q.md:7: body: ") for w in report.errors)


def test_drafts_are_not_scanned_and_links_to_drafts_are_errors(tmp_path: Path) -> None:
    site = site_of(
        tmp_path,
        {
            "faq/a/secret.md": FAQ.format(extra="draft: true\n", body="中の人 090-1111-2222"),
            "faq/a/public.md": FAQ.format(extra="", body="[予告](secret.md#top) と [別](/faq/a/secret.md)"),
        },
    )
    report = LeakGuard().check_site(site, "content/", "en")
    assert report.warnings == []
    assert [str(e) for e in report.errors] == [
        "content/faq/a/public.md:7: body: links to draft 'faq/a/secret.md' (a public page must not link to a draft)",
        "content/faq/a/public.md:7: body: links to draft 'faq/a/secret.md' (a public page must not link to a draft)",
    ]


def test_linked_path() -> None:
    assert linked_path("faq/a/q.md", "../b/r.md#x") == "faq/b/r.md"
    assert linked_path("faq/a/q.md", "https://example.com/x.md") is None
    assert linked_path("faq/a/q.md", "mailto:a@b.example") is None


def test_allowlist_must_be_a_list_of_text() -> None:
    with pytest.raises(ValueError, match="leak_allowlist: 'support@x.example' is not a list of text"):
        LeakGuard.from_options({"leak_allowlist": "support@x.example"})


def test_a_draft_appears_nowhere_in_the_built_site(tmp_path: Path) -> None:
    root = make_site(tmp_path, "basic")
    assert MARKER in (root / "content/faq/account/secret-plan.md").read_text(encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    files = [path for path in (root / "site").rglob("*") if path.is_file()]
    assert len(files) > 20
    for path in files:
        data = path.read_bytes()
        assert MARKER.encode() not in data, path
        assert b"secret-plan" not in data, path
        assert "未発表キャンペーン".encode() not in data, path


def test_the_build_refuses_a_public_link_to_a_draft(tmp_path: Path) -> None:
    root = make_site(tmp_path, "basic")
    page = root / "content/faq/ordering/cancel.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[近日公開](../account/secret-plan.md)\n", encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert (
        "content/faq/ordering/cancel.md:15: body: 下書き 'faq/account/secret-plan.md' にリンクしています"
        "（公開するページから下書きへはリンクできません） / links to draft 'faq/account/secret-plan.md' "
        "(a public page must not link to a draft)"
    ) in result.stderr
    assert not (root / "site" / "faq/account/secret-plan").exists()


# The official 窓口 of the tables below: allowlisted however they are written.
OFFICIAL = LeakGuard.from_allowlist(["support@midori.example", "0120-123-456", "status.backlog.jp"])

JAPANESE_PROSE = [
    # phone numbers next to kana and kanji, every usual way of writing them
    ("電話は090-1234-5678まで", [("phone", "090-1234-5678")]),
    ("携帯09012345678に折り返します", [("phone", "09012345678")]),
    ("代表03(1234)5678へ", [("phone", "03(1234)5678")]),
    ("本社（03）1234-5678です", [("phone", "（03）1234-5678")]),
    ("全角は０９０ー１２３４ー５６７８です", [("phone", "０９０ー１２３４ー５６７８")]),
    ("全角ハイフン０３－１２３４－５６７８", [("phone", "０３－１２３４－５６７８")]),
    ("ハイフン‐は090‐1234‐5678", [("phone", "090‐1234‐5678")]),
    ("海外から+81-90-1234-5678へ", [("phone", "+81-90-1234-5678")]),
    ("海外から＋８１　３　１２３４　５６７８へ", [("phone", "＋８１　３　１２３４　５６７８")]),
    ("+81(0)3-1234-5678", [("phone", "+81(0)3-1234-5678")]),
    ("TEL.045-123-4567", [("phone", "045-123-4567")]),
    ("電話：0570-00-1234（ナビダイヤル）", [("phone", "0570-00-1234")]),
    # e-mail with @ or ＠, next to Japanese text
    ("連絡先tanaka@example.co.jpまで", [("email", "tanaka@example.co.jp")]),
    ("ｔａｎａｋａ＠ｅｘａｍｐｌｅ．ｃｏ．ｊｐへ", [("email", "ｔａｎａｋａ＠ｅｘａｍｐｌｅ．ｃｏ．ｊｐ")]),
    ("山田（yamada.taro+cs@mail.example.com）様", [("email", "yamada.taro+cs@mail.example.com")]),
    # internal hosts, bare or in URLs; private networks; confidentiality markers
    ("詳細はhttps://midori.backlog.jp/view/CS-12を参照", [("host", "midori.backlog.jp")]),
    ("社内wiki wiki.corp.local に記載", [("host", "wiki.corp.local")]),
    ("管理画面 http://192.168.10.5:8080/admin", [("host", "192.168.10.5")]),
    ("検証機 10.1.2.3 と 172.20.0.9", [("host", "10.1.2.3"), ("host", "172.20.0.9")]),
    ("この資料は社外秘です", [("marker", "社外秘")]),
    ("部外秘・関係者外秘・社内限定", [("marker", "部外秘"), ("marker", "関係者外秘"), ("marker", "社内限定")]),
    ("Confidential / INTERNAL ONLY", [("marker", "Confidential"), ("marker", "INTERNAL ONLY")]),
    # numbers that are not phone numbers
    ("受付は2026-11-23から", []),
    ("注文番号ORD-2026-1234をご用意ください", []),
    ("価格は1,980円（税込）", []),
    ("〒100-0001 東京都千代田区", []),
    ("〒060-0001 札幌市", []),
    ("バージョン1.2.3以降、v0.12.3は非対応", []),
    ("受付時間10:00-18:00、09:00-17:00", []),
    ("ISBN978-4-06-123456-7の本", []),
    ("ISBN 0306406152", []),
    ("数量0.12345678901", []),
    ("会員番号0012-3456-789", []),
    ("公開サーバー 203.0.113.5 と www.example.co.jp", []),
    ("担当は@yamadaです", []),
    # the official 窓口, allowlisted whatever the separators
    ("フリーダイヤル0120-123-456", []),
    ("フリーダイヤル0120 123 456", []),
    ("フリーダイヤル０１２０ー１２３ー４５６", []),
    ("フリーダイヤル(0120)123-456", []),
    ("フリーダイヤル0120123456", []),
    ("海外から+81-120-123-456", []),
    ("メールはSupport@Midori.example", []),
    ("状況はhttps://status.backlog.jp/で", []),
]


@pytest.mark.parametrize(("text", "found"), JAPANESE_PROSE, ids=[text for text, _ in JAPANESE_PROSE])
def test_japanese_prose_is_read_as_a_person_would(text: str, found: list[tuple[str, str]]) -> None:
    assert [(leak.kind, leak.value) for leak in OFFICIAL.find(text)] == found


def test_every_public_front_matter_text_is_scanned_but_not_owners_or_staff_only_pieces(tmp_path: Path) -> None:
    incident = (
        "---\ntitle: 障害 社外秘\nowner: tanaka@midori.example\nstatus: investigating\nimpact: minor\n"
        "started: 2026-11-20T10:00:00+09:00\naffected: [アプリ, 090-1111-2222]\n"
        "report: http://wiki.corp.internal/r/1\nmemo: 連絡 sato@mail.example\n"
        "updates:\n  - at: 2026-11-20T10:30:00+09:00\n    status: investigating\n"
        "    text: 確認中です（03-1111-2222）\n---\n\n"
        '本文です。\n\n<!-- 090-3333-4444 はメモ -->\n\n!!! internal "社内メモ"\n    社外秘: 10.0.0.8 を使う\n'
    )
    site = site_of(
        tmp_path,
        {
            "faq/a/index.md": "---\ntitle: カテゴリ 192.168.0.1\ndescription: お問い合わせはa@b.example\n---\n",
            "faq/a/q.md": FAQ.format(extra="tags: [返品, 0120-999-888]\n", body="本文"),
            "incidents/2026-11-20-x.md": incident,
        },
    )
    report = LeakGuard().check_site(site, "content/", "en")
    assert report.warnings == []
    assert sorted(
        f"{p.path}:{p.line}: {p.key}: {p.message.split(' (')[0].split(' in public')[0]}" for p in report.errors
    ) == [
        "content/faq/a/index.md:2: title: internal host '192.168.0.1'",
        "content/faq/a/index.md:3: description: e-mail address 'a@b.example'",
        "content/faq/a/q.md:5: tags[1]: phone number '0120-999-888'",
        "content/incidents/2026-11-20-x.md:11: updates[0].text: phone number '03-1111-2222'",
        "content/incidents/2026-11-20-x.md:2: title: confidentiality marker '社外秘'",
        "content/incidents/2026-11-20-x.md:7: affected[1]: phone number '090-1111-2222'",
        "content/incidents/2026-11-20-x.md:8: report: internal host 'wiki.corp.internal'",
        "content/incidents/2026-11-20-x.md:9: memo: e-mail address 'sato@mail.example'",
    ]


def test_leak_level_warn_and_the_internal_edition(tmp_path: Path) -> None:
    site = site_of(tmp_path, {"faq/a/q.md": FAQ.format(extra="", body="電話は090-1234-5678まで")})
    warned = LeakGuard.from_options({"leak_level": "warn"}).check_site(site, "content/", "en")
    assert warned.errors == [] and [p.key for p in warned.warnings] == ["body"]
    internal = LeakGuard.from_options({"edition": "internal"}).check_site(site, "content/", "en")
    assert internal.errors == [] and internal.warnings == []


def test_an_internal_entry_is_not_public_text(tmp_path: Path) -> None:
    site = site_of(tmp_path, {"faq/a/q.md": FAQ.format(extra="audience: internal\n", body="内線 03-1234-5678")})
    assert LeakGuard().check_site(site, language="en").errors == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"leak_level": "loud"}, "leak_level: 'loud' is not one of error, warn"),
        ({"internal_hosts": "*.local"}, "internal_hosts: '\\*.local' is not a list of text"),
    ],
)
def test_leak_options_are_checked(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        LeakGuard.from_options(options)


def test_internal_hosts_are_configurable() -> None:
    guard = LeakGuard.from_options({"internal_hosts": ["intra.midori.example", "*.corp.example", "100.64.0.0/10"]})
    text = "intra.midori.example と a.corp.example と 100.70.1.2 と x.local"
    assert [leak.value for leak in guard.find(text)] == ["intra.midori.example", "a.corp.example", "100.70.1.2"]


ADVERSARIAL = {
    # the old e-mail pattern retried a long run of address characters from every position
    "address characters": "a" * 60 + ".",
    "at signs": "a" * 60 + "@",
    "at signs and domains": "x" * 30 + "@" + "b-" * 20 + ".",
    "number starts": " 01" + "-1" * 10,
    "dotted words": "a." * 40 + " ",
    "mixed": "東京03-1234-567" + "a@b." + "0" * 12 + "x.local ",
}


@pytest.mark.parametrize("unit", ADVERSARIAL.values(), ids=list(ADVERSARIAL))
def test_a_long_line_costs_in_proportion_to_its_length(unit: str) -> None:
    """Counted, not timed: the characters every pattern looked at for a 200 KB line and for
    one twice as long."""

    def work(size: int) -> int:
        line = unit * (size // len(unit))
        counted = Work()
        LeakGuard().find(line, counted)
        assert counted.candidates <= len(line)
        return counted.chars

    small, large = work(200_000), work(400_000)
    assert small <= 400 * 200_000  # a bounded window per position, not the rest of the line
    assert large <= 2 * small + 2_000  # twice the text, twice the work (linear)


# Every way a public text can link to a draft ---------------------------------------------

DRAFT_ENTRY = {"faq/points/winter.md": FAQ_PAGE.format(title="冬", extra="draft: true\n", body="未発表")}


@pytest.mark.parametrize(
    ("body", "line"),
    [
        # reference-style link: the definition names the draft
        ("詳しくは[キャンペーン][camp]。\n\n[camp]: ../points/winter.md", 8),
        ('詳しくは[キャンペーン][camp]。\n\n[camp]: <../points/winter.md> "冬"', 8),
        # raw HTML, file-style and page-style (resolved from the page URL faq/ordering/q/)
        ('<a href="../points/winter.md">こちら</a>', 6),
        ('<a class="x" href="../../points/winter/">こちら</a>', 6),
        ("<A HREF='/faq/points/winter/'>こちら</A>", 6),
        # directory-style Markdown links to the draft's page
        ("[直リンク](../points/winter/)", 6),
        ("[直リンク](../points/winter)", 6),
        ("[直リンク](../../points/winter/#top)", 6),
        ("[旧形式](../points/winter.html)", 6),
    ],
)
def test_every_link_form_to_a_draft_is_an_error(tmp_path: Path, body: str, line: int) -> None:
    site = load_files(tmp_path, {**DRAFT_ENTRY, "faq/ordering/q.md": FAQ_PAGE.format(title="q", extra="", body=body)})
    report = LeakGuard().check_site(site, "content/", "en")
    assert [str(e) for e in report.errors] == [
        f"content/faq/ordering/q.md:{line}: body: links to draft 'faq/points/winter.md' "
        "(a public page must not link to a draft)"
    ]


@pytest.mark.parametrize(
    "body",
    [
        "[公開ページ](../points/summer/)",
        '<a href="https://example.com/faq/points/winter/">外部</a>',
        "[r]: https://example.com/points/winter.md",
        "[冬](#winter)",
        "冬のキャンペーン ../points/winter/ は準備中",  # not a link
    ],
)
def test_links_that_do_not_reach_a_draft_are_fine(tmp_path: Path, body: str) -> None:
    site = load_files(
        tmp_path,
        {
            **DRAFT_ENTRY,
            "faq/points/summer.md": FAQ_PAGE.format(title="夏", extra="", body="夏"),
            "faq/ordering/q.md": FAQ_PAGE.format(title="q", extra="", body=body),
        },
    )
    assert LeakGuard().check_site(site, "content/", "en").errors == []


def test_a_link_to_a_draft_category_page_is_an_error(tmp_path: Path) -> None:
    site = load_files(
        tmp_path, {**DRAFT_CATEGORY, "faq/a/q.md": FAQ_PAGE.format(title="q", extra="", body="[近日](../newsvc/)")}
    )
    assert [str(e) for e in LeakGuard().check_site(site, "content/", "en").errors] == [
        "content/faq/a/q.md:6: body: links to draft 'faq/newsvc/index.md' (a public page must not link to a draft)"
    ]


def test_incident_update_texts_are_scanned_on_their_own_line(tmp_path: Path) -> None:
    updates = incident_update("2026-11-20T10:30:00+09:00") + incident_update(
        "2026-11-20T11:00:00+09:00",
        "monitoring",
        "secret@example.com または 03-9999-8888 へ。[キャンペーン](../faq/points/winter.md)",
    )
    site = load_files(
        tmp_path,
        {
            **DRAFT_ENTRY,
            "incidents/2026-11-20-x.md": INCIDENT_PAGE.format(status="monitoring", extra="", updates=updates),
        },
    )
    assert site.problems == []
    # leak_level: warn keeps personal data apart from the draft-link errors (v2: errors by default)
    report = LeakGuard(level="warn").check_site(site, "content/", "en")
    assert [str(e) for e in report.errors] == [
        "content/incidents/2026-11-20-x.md:11: updates[1].text: links to draft 'faq/points/winter.md' "
        "(a public page must not link to a draft)"
    ]
    assert [str(w).split(" in public")[0] for w in report.warnings] == [
        "content/incidents/2026-11-20-x.md:11: updates[1].text: e-mail address 'secret@example.com'",
        "content/incidents/2026-11-20-x.md:11: updates[1].text: phone number '03-9999-8888'",
    ]


def test_category_index_bodies_are_scanned_unless_the_category_is_a_draft(tmp_path: Path) -> None:
    site = load_files(
        tmp_path,
        {
            **DRAFT_ENTRY,
            "faq/a/index.md": "---\ntitle: A\n---\n\n担当 090-1234-5678\n\n[冬](../points/winter/)\n",
            "faq/a/q.md": FAQ_PAGE.format(title="q", extra="", body="本文"),
            "faq/hidden/index.md": "---\ntitle: H\ndraft: true\n---\n担当 090-1234-5678\n",
        },
    )
    report = LeakGuard(level="warn").check_site(site, "content/", "en")  # personal data apart from link errors
    assert [str(e) for e in report.errors] == [
        "content/faq/a/index.md:7: body: links to draft 'faq/points/winter.md' (a public page must not link to a draft)"
    ]
    assert [str(w).split(" in public")[0] for w in report.warnings] == [
        "content/faq/a/index.md:5: body: phone number '090-1234-5678'"
    ]


# The leak guard's whole-body pre-check picks the link patterns a line loop runs: it must
# never drop one that matches some line (whatever line breaks splitlines() honours).

LINK_PART = st.sampled_from(
    [
        "本文",
        "a@b.example",
        "03-1234-5678",
        "[r]: ../x.md",
        "   [r]: <x.md>",
        "[r]:",
        "]:",
        "<a href='x/'>",
        '<A HREF="../x/">',
        "<a",
        "href",
        "[x](y.md)",
        "](",
        " ",
        "\t",
        "[",
        "]",
        "x",
    ]
)
BREAK = st.sampled_from(["\n", "\r\n", "\r", "\u2028", "\x85", "\x1c", ""])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(LINK_PART, BREAK), max_size=10))
def test_leak_pre_check_keeps_every_pattern_that_matches_a_line(parts: list[tuple[str, str]]) -> None:
    body = "".join(part + line_break for part, line_break in parts)
    kept = _may_link(body)  # (personal data is scanned over the whole text: no pre-check)
    for pattern in LINKS:
        if any(pattern.search(line) for line in body.splitlines()):
            assert pattern in kept, pattern.pattern
