"""Search engines: FAQ entries carry FAQPage JSON-LD, incidents an Article with their own
dates, and sitemap.xml gives each page a true lastmod (the later of its last review and
its last git edit), never the build date."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from madoguchi.model import FaqEntry, Incident, Update
from madoguchi.structured_data import (
    faq_page,
    incident_article,
    last_modified,
    plain_text,
    script_json,
    sitemap_date,
)
from support.site import git, make_site, mkdocs_build

TOKYO = ZoneInfo("Asia/Tokyo")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld(html_file: Path) -> list[dict]:
    return [json.loads(block) for block in LD_JSON.findall(html_file.read_text(encoding="utf-8"))]


def sitemap_lastmods(site_dir: Path) -> dict[str, str | None]:
    root = ET.parse(site_dir / "sitemap.xml").getroot()
    return {url.findtext(f"{SITEMAP}loc", ""): url.findtext(f"{SITEMAP}lastmod") for url in root.iter(f"{SITEMAP}url")}


# --- pure rules ---------------------------------------------------------------------------


def test_answer_text_is_the_rendered_answer_without_tags_or_permalinks() -> None:
    html = (
        "<p>発送前であれば<strong>キャンセル</strong>できます。</p>\n"
        '<h2 id="after">発送後の場合<a class="headerlink" href="#after" title="Permanent link">&para;</a></h2>\n'
        "<ul>\n<li>返品&amp;交換</li>\n<li>お問い合わせ</li>\n</ul>"
        "<script>track()</script><p>改行<br>あり</p>"
    )
    assert plain_text(html) == "発送前であればキャンセルできます。\n発送後の場合\n返品&交換\nお問い合わせ\n改行\nあり"


def test_answer_text_survives_markup_that_a_naive_tag_stripper_gets_wrong() -> None:
    html = (
        "<!-- editor note --><P CLASS='lead'>価格は<abbr title=\"1 > 0\">税込</abbr>&nbsp;&nbsp;550円</P>"
        '<div class="admonition note"><p class="admonition-title">ご注意</p><p>期限&lt;30日&gt;</p></div>'
        "<table><tr><th>方法</th><td>カード</td></tr></table><style>p > a { color: red }</style>"
        "<pre><code>&lt;b&gt;そのまま&lt;/b&gt;</code></pre><template><p>非表示</p></template><hr/>"
        '<h3 id="x">手順<a class=\'headerlink\' href="#x">&para;</a></h3><p>お預かり</p>'
    )
    assert plain_text(html) == ("価格は税込 550円\nご注意\n期限<30日>\n方法\nカード\n<b>そのまま</b>\n手順\nお預かり")


def test_faq_page_has_one_question_named_by_the_title_with_its_answer() -> None:
    entry = FaqEntry(path="faq/a/b.md", type="faq", title="ポイントの有効期限は？", owner="cs")
    data = faq_page(
        entry, "<p>最後のご利用から<em>1年</em>です。</p>", "https://faq.example.jp/faq/a/b/", language="ja"
    )
    assert data["@context"] == "https://schema.org" and data["@type"] == "FAQPage"
    [question] = data["mainEntity"]
    assert question == {
        "@type": "Question",
        "name": "ポイントの有効期限は？",
        "acceptedAnswer": {"@type": "Answer", "text": "最後のご利用から1年です。"},
    }


def test_json_ld_cannot_close_its_script_element() -> None:
    data = {"name": "</script><script>alert(1)</script> & <!--"}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data


def test_incident_article_is_dated_by_its_timeline() -> None:
    started = datetime(2026, 11, 10, 19, 12, tzinfo=TOKYO)
    incident = Incident(
        path="incidents/x.md",
        type="incident",
        title="決済障害",
        owner="cs",
        status="resolved",
        started=started,
        resolved_at=datetime(2026, 11, 10, 22, 48, tzinfo=TOKYO),
        updates=[
            Update(at=datetime(2026, 11, 10, 22, 48, tzinfo=TOKYO), status="resolved", text="**復旧**しました。"),
            Update(at=datetime(2026, 11, 10, 19, 30, tzinfo=TOKYO), status="investigating", text="調査中です。"),
        ],
    )
    data = incident_article(
        incident,
        "https://faq.example.jp/incidents/x/",
        publisher="窓口",
        publisher_url="https://faq.example.jp/",
        language="ja",
        tz=TOKYO,
    )
    assert data["@type"] == "Article" and data["headline"] == "決済障害"
    assert data["datePublished"] == "2026-11-10T19:12:00+09:00"
    assert data["dateModified"] == "2026-11-10T22:48:00+09:00"  # newest update, wherever it is listed
    assert data["publisher"] == {"@type": "Organization", "name": "窓口", "url": "https://faq.example.jp/"}


def test_lastmod_is_the_later_of_review_and_edit_in_the_site_time_zone() -> None:
    entry = FaqEntry(path="p.md", type="faq", title="t", owner="o", reviewed=datetime(2026, 6, 1, tzinfo=TOKYO))
    edited_later = datetime.fromisoformat("2026-07-15T23:30:00+00:00")  # 2026-07-16 in Tokyo
    edited_earlier = datetime.fromisoformat("2026-04-01T10:00:00+09:00")
    assert sitemap_date(last_modified(entry, edited_later), TOKYO) == "2026-07-16"
    assert sitemap_date(last_modified(entry, edited_earlier), TOKYO) == "2026-06-01"
    assert sitemap_date(last_modified(entry, None), TOKYO) == "2026-06-01"
    untracked = FaqEntry(path="q.md", type="faq", title="t", owner="o")
    assert sitemap_date(last_modified(untracked, None), TOKYO) == ""  # no lastmod, not a build date


# --- a real build with a git history at fixed dates ---------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/basic committed on 2026-04-01, then receipt.md edited on 2026-07-15
    23:30 UTC (2026-07-16 in Tokyo); built at 2026-11-23 (the build date nobody should see)."""
    root = make_site(tmp_path_factory.mktemp("seo"), commit_date="2026-04-01T10:00:00+09:00")
    receipt = root / "content/faq/ordering/receipt.md"
    receipt.write_text(receipt.read_text(encoding="utf-8") + "\n電子領収書もご利用いただけます。\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "receipt: electronic receipts", date="2026-07-15T23:30:00+00:00")
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_faq_entry_page_carries_faq_page_json_ld_with_the_rendered_answer(built: Path) -> None:
    [data] = jsonld(built / "faq/ordering/cancel/index.html")
    assert data["@type"] == "FAQPage"
    assert data["url"] == "https://faq.example.jp/faq/ordering/cancel/"
    [question] = data["mainEntity"]
    assert question["@type"] == "Question" and question["name"] == "注文をキャンセルしたい"
    assert question["acceptedAnswer"]["@type"] == "Answer"
    assert question["acceptedAnswer"]["text"] == (
        "発送前であれば、マイページの「注文履歴」からキャンセルできます。\n"
        "発送後の場合\n"
        "商品到着後に返品手続きをお願いします。"
    )


def test_incident_page_carries_an_article_with_its_own_dates(built: Path) -> None:
    [data] = jsonld(built / "incidents/2026-11-10-card-payment/index.html")
    assert data["@type"] == "Article"
    assert data["headline"] == "クレジットカード決済がご利用いただけない事象"
    assert data["datePublished"] == "2026-11-10T19:12:00+09:00"
    assert data["dateModified"] == "2026-11-10T22:48:00+09:00"
    assert data["mainEntityOfPage"] == "https://faq.example.jp/incidents/2026-11-10-card-payment/"
    assert data["publisher"]["name"] == "テストサイト"


def test_other_pages_carry_no_json_ld(built: Path) -> None:
    for page in ("index.html", "contact/index.html", "faq/ordering/index.html", "incidents/index.html"):
        assert jsonld(built / page) == [], page


def test_sitemap_lastmod_is_the_later_of_review_and_last_edit_for_every_page(built: Path) -> None:
    base = "https://faq.example.jp/"
    assert sitemap_lastmods(built) == {
        base: "2026-11-10",  # home lists everything: the newest is the incident's resolution
        base + "contact/": "2026-10-01",  # reviewed after its only edit
        base + "faq/account/": "2026-09-01",  # its only published entry (the draft counts for nothing)
        base + "faq/account/withdraw/": "2026-09-01",
        base + "faq/ordering/": "2026-11-01",  # newest of its entries (cancel.md's review)
        base + "faq/ordering/cancel/": "2026-11-01",
        base + "faq/ordering/payment/": "2026-05-20",  # reviewed after the first commit
        base + "faq/ordering/receipt/": "2026-07-16",  # edited after its review (Tokyo date)
        base + "incidents/": "2026-11-10",
        base + "incidents/2026-11-10-card-payment/": "2026-11-10",
    }
