"""`madoguchi import csv|xlsx|zendesk` and `madoguchi export csv|xlsx` on a site made by
`madoguchi init`: sources written the way Excel, Zendesk and openpyxl write them are imported,
built strictly and checked page by page; every bad row kind is reported as `FILE:row: column:`
and writes nothing; re-imports change only what changed and never what an editor changed;
export → import → export is identical."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import struct
import zlib
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import yaml
from bs4 import BeautifulSoup

from madoguchi.search_shards import site_documents
from support.site import git, madoguchi, mkdocs_build

CP932_ROWS = [
    ["カテゴリ", "質問", "回答", "担当", "確認日", "タグ"],
    [
        "ご注文・お支払い",
        "注文をキャンセルしたいのですが？",
        "発送前であれば、マイページの「注文履歴」から取り消せます。\n\n1. 注文履歴を開く\n2. 「キャンセル」を押す",
        "cs-ordering",
        "2026/5/29",
        "キャンセル、注文",
    ],
    [
        "ご注文・お支払い",
        "領収書はもらえますか？",
        "はい。マイページから**領収書**を発行できます（宛名は変更できます）。",
        "",
        "2026/04/01",
        "領収書、経理",
    ],
    [
        "お届け",
        "届いた商品が壊れていました",
        "お手数ですが、外箱と商品の写真をお送りください。交換品をお送りします。",
        "cs-logistics",
        "2026年3月15日",
        "",
    ],
]

BOM_CSV = (
    "category,question,answer,reviewed,tags\r\n"
    'Shipping,送料はいくらですか？,"<p>全国一律 <strong style=""color:red"">550円</strong> です。</p>\r\n'
    '<table><tr><th>地域</th><th>送料</th></tr>\r\n<tr><td>本州</td><td>550円</td></tr>\r\n<tr><td>沖縄</td><td>1,100円</td></tr></table>",'
    '2026-05-01,"送料, 配送"\r\n'
    'Shipping,お届け日を指定できますか？,"<ul>\r\n<li>ご注文から3日後以降を指定できます。</li>\r\n<li>時間帯も選べます。</li>\r\n</ul>\r\n'
    '<p>詳しくは<a href=""https://help.example.jp/delivery"" onclick=""track()"">お届けについて</a>をご覧ください。</p>",2026-05-02,配送\r\n'
)

PNG = b"\x89PNG\r\n\x1a\n" + b"".join(
    struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    for kind, data in (
        (b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)),
        (b"IDAT", zlib.compress(b"\x00\x00")),
        (b"IEND", b""),
    )
)

ZENDESK = {
    "sections": [{"id": 101, "name": "アカウント"}, {"id": 102, "name": "Payments"}],
    "articles": [
        {
            "id": 360001,
            "title": "パスワードを忘れました",
            "section_id": 101,
            "label_names": ["ログイン", "パスワード"],
            "draft": False,
            "updated_at": "2026-05-01T15:30:00Z",
            "body": '<p style="font-size:14px">ログイン画面の「パスワードを忘れた方」から再設定できます。</p>'
            '<p><img src="https://acme.zendesk.com/hc/article_attachments/9/reset.png" alt="再設定画面"></p><script>track()</script>',
        },
        {
            "id": 360002,
            "title": "使えるクレジットカードは？",
            "section_id": 102,
            "label_names": [],
            "draft": False,
            "updated_at": "2026-04-10T01:00:00Z",
            "body": "<p>次のカードが使えます。</p><table><thead><tr><th>ブランド</th><th>分割払い</th></tr></thead>"
            "<tbody><tr><td>VISA</td><td>可</td></tr><tr><td>JCB</td><td>可</td></tr></tbody></table>"
            '<p><img src="https://acme.zendesk.com/hc/article_attachments/10/cards.png" alt="カード"></p>',
        },
        {
            "id": 360003,
            "title": "退会の方法（準備中）",
            "section_id": 101,
            "label_names": ["退会"],
            "draft": True,
            "updated_at": "2026-03-01T00:00:00Z",
            "body": "<p>書きかけの記事です。</p>",
        },
    ],
}


def new_site(tmp_path: Path) -> Path:
    root = tmp_path / "support"
    made = madoguchi(
        tmp_path, "init", str(root), "--name", "さくら商店 お客様サポート", "--site-url", "https://support.example.jp/"
    )
    assert made.returncode == 0, made.stderr
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "new site", date="2026-11-20T10:00:00+09:00")
    return root


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((root / "content").rglob("*"))
        if p.is_file()
    }


def entry_path(root: Path, title: str) -> str:
    """The content path of the entry titled `title` (slugs are the importer's business)."""
    for path in (root / "content" / "faq").glob("*/*.md"):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text.split("---\n")[1])
        if data.get("title") == title:
            return path.relative_to(root / "content").as_posix()
    raise AssertionError(f"no entry titled {title!r}")


def front(root: Path, path: str) -> dict:
    return yaml.safe_load((root / "content" / path).read_text(encoding="utf-8").split("---\n")[1])


def assert_page(root: Path, path: str, title: str, sentence: str, tags: list[str], category: str) -> BeautifulSoup:
    """The built page shows the title, the answer and the category; the search index has the tags."""
    html = root / "site" / path.removesuffix(".md") / "index.html"
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article")
    assert article.find("h1").get_text(strip=True) == title
    assert sentence in article.get_text()
    assert article.select_one(".madoguchi-category-link").get_text(strip=True) == category
    docs = site_documents(root / "site" / "search")
    doc = next(d for d in docs if d["location"] == path.removesuffix(".md") + "/")
    assert doc.get("tags", []) == tags
    return soup


def build_and_check(root: Path) -> None:
    check = madoguchi(root, "check")
    assert check.returncode == 0, check.stderr
    build = mkdocs_build(root, "--strict")
    assert build.returncode == 0, build.stderr
    audit = madoguchi(root, "audit", "site/")
    assert audit.returncode == 0, audit.stdout + audit.stderr


def write_cp932(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)  # as Excel saves "CSV (comma delimited)"
    path.write_bytes(buffer.getvalue().encode("cp932"))


def test_a_cp932_csv_saved_by_excel_is_imported_built_and_checked(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    write_cp932(root / "faq.csv", CP932_ROWS)
    result = madoguchi(root, "import", "csv", "faq.csv")
    assert result.returncode == 0, result.stderr
    assert "3 rows: 3 created, 0 updated, 0 unchanged, 0 skipped; 2 new categories" in result.stdout
    build_and_check(root)
    cancel = entry_path(root, "注文をキャンセルしたいのですが？")
    assert front(root, cancel)["reviewed"] == date(2026, 5, 29)  # the source's date, not the import's
    assert front(root, cancel)["owner"] == "cs-ordering"
    soup = assert_page(
        root,
        cancel,
        "注文をキャンセルしたいのですが？",
        "マイページの「注文履歴」から取り消せます。",
        ["キャンセル", "注文"],
        "ご注文・お支払い",
    )
    assert [li.get_text() for li in soup.find("article").find_all("li")] == ["注文履歴を開く", "「キャンセル」を押す"]
    receipt = entry_path(root, "領収書はもらえますか？")
    assert "owner" not in front(root, receipt)  # none given: the site's default owner applies
    assert_page(root, receipt, "領収書はもらえますか？", "領収書を発行できます", ["領収書", "経理"], "ご注文・お支払い")
    broken = entry_path(root, "届いた商品が壊れていました")
    assert front(root, broken)["reviewed"] == date(2026, 3, 15)
    assert_page(root, broken, "届いた商品が壊れていました", "交換品をお送りします。", [], "お届け")
    index = front(root, f"faq/{cancel.split('/')[1]}/index.md")
    assert index["title"] == "ご注文・お支払い"


def test_a_utf8_bom_csv_with_multi_line_html_answers_becomes_clean_markdown(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    (root / "faq.csv").write_bytes(b"\xef\xbb\xbf" + BOM_CSV.encode("utf-8"))
    result = madoguchi(root, "import", "csv", "faq.csv")
    assert result.returncode == 0, result.stderr
    build_and_check(root)
    fee = entry_path(root, "送料はいくらですか？")
    assert fee.startswith("faq/shipping/")
    text = (root / "content" / fee).read_text(encoding="utf-8")
    assert "style" not in text and "<" not in text.split("---\n", 2)[2]
    assert "| 地域 | 送料 |" in text and "| 沖縄 | 1,100円 |" in text
    soup = assert_page(root, fee, "送料はいくらですか？", "全国一律 550円 です。", ["送料", "配送"], "Shipping")
    assert [td.get_text() for td in soup.find("article").find_all("td")] == ["本州", "550円", "沖縄", "1,100円"]
    date_page = entry_path(root, "お届け日を指定できますか？")
    soup = assert_page(root, date_page, "お届け日を指定できますか？", "時間帯も選べます。", ["配送"], "Shipping")
    link = soup.find("article").find("a", string="お届けについて")
    assert link["href"] == "https://help.example.jp/delivery" and not link.has_attr("onclick")


def test_an_xlsx_written_by_openpyxl_is_imported_with_its_dates(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["category", "question", "answer", "owner", "reviewed", "tags"])
    sheet.append(
        [
            "ポイント",
            "ポイントの有効期限は？",
            "最後にご利用の日から**1年間**です。\n\n期限はマイページで確認できます。",
            "cs-points",
            datetime(2026, 6, 1),
            "ポイント、期限",
        ]
    )
    sheet.append(
        [
            "ポイント",
            "ポイントは現金に換えられますか？",
            "いいえ、現金には換えられません。",
            None,
            date(2026, 6, 2),
            None,
        ]
    )
    book.save(root / "faq.xlsx")
    result = madoguchi(root, "import", "xlsx", "faq.xlsx")
    assert result.returncode == 0, result.stderr
    build_and_check(root)
    expiry = entry_path(root, "ポイントの有効期限は？")
    assert front(root, expiry)["reviewed"] == date(2026, 6, 1)
    assert_page(
        root, expiry, "ポイントの有効期限は？", "期限はマイページで確認できます。", ["ポイント", "期限"], "ポイント"
    )
    cash = entry_path(root, "ポイントは現金に換えられますか？")
    assert front(root, cash)["reviewed"] == date(2026, 6, 2)
    assert_page(root, cash, "ポイントは現金に換えられますか？", "現金には換えられません。", [], "ポイント")


def test_a_zendesk_export_keeps_sections_labels_drafts_tables_and_images(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    (root / "export.json").write_text(json.dumps(ZENDESK, ensure_ascii=False), encoding="utf-8")
    images = tmp_path / "attachments"
    images.mkdir()
    (images / "reset.png").write_bytes(PNG)
    result = madoguchi(root, "import", "zendesk", "export.json", "--images", str(images))
    assert result.returncode == 0, result.stderr
    assert "export.json:1: body: warning: <script> removed" in result.stderr
    assert (
        "export.json:2: body: warning: image https://acme.zendesk.com/hc/article_attachments/10/cards.png not in"
        in result.stderr
    )
    build_and_check(root)
    password = entry_path(root, "パスワードを忘れました")
    assert password.endswith("/360001.md")  # the article id: old links can be redirected
    assert front(root, password)["reviewed"] == date(2026, 5, 2)  # updated_at in Japan time
    soup = assert_page(
        root,
        password,
        "パスワードを忘れました",
        "「パスワードを忘れた方」から再設定できます。",
        ["ログイン", "パスワード"],
        "アカウント",
    )
    image = soup.find("article").find("img", alt="再設定画面")
    assert (root / "site" / password.removesuffix(".md") / image["src"]).resolve().read_bytes() == PNG
    cards = entry_path(root, "使えるクレジットカードは？")
    soup = assert_page(root, cards, "使えるクレジットカードは？", "次のカードが使えます。", [], "Payments")
    assert [th.get_text() for th in soup.find("article").find_all("th")] == ["ブランド", "分割払い"]
    assert soup.find("article").find("img")["src"] == "https://acme.zendesk.com/hc/article_attachments/10/cards.png"
    draft = entry_path(root, "退会の方法（準備中）")
    assert front(root, draft)["draft"] is True
    assert not (root / "site" / draft.removesuffix(".md")).exists()


# Row 2's answer spans two lines, so the bad record starts on line 4 of the file.
HEADER = "category,question,answer,reviewed,slug\n" + 'ご注文,質問A？,"一行目。\n二行目。",2026-05-01,a\n'


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("ご注文,,回答です。,2026-05-01,b", "faq.csv:4: question: missing (expected the question"),
        ("ご注文,質問B？,回答です。,2026-13-45,b", "faq.csv:4: reviewed: '2026-13-45' is not a date"),
        ("ご注文,質問B？,回答です。,,b", "faq.csv:4: reviewed: missing (expected the date a person last confirmed"),
        (
            "ご注文,質問B？,回答です。,2027-01-01,b",
            "faq.csv:4: reviewed: 2027-01-01 は未来の日付です（2026-11-23 以前の日付を書いてください） / 2027-01-01 is in the future",
        ),
        ("ご注文,質問B？,回答です。,2026-05-01,a", "faq.csv:4: slug: 'a' in 'ご注文' is also row 2's"),
        ("ご注文,質問B？,回答です。,2026-05-01,Bad Slug", "faq.csv:4: slug: 'Bad Slug' is not a valid slug"),
        ("ご注文,質問 A？,別の回答。,2026-05-01,b", "faq.csv:4: question: same question as row 2"),
        (
            "ご注文,知りたいことが見つからないときは、どうすればよいですか？,回答です。,2026-05-01,b",
            "faq.csv:4: question: already answered in content/faq/getting-started/how-to-search.md",
        ),
        (
            "はじめに,質問B？,別の回答。,2026-05-01,how-to-search",
            "faq.csv:4: -: content/faq/getting-started/how-to-search.md was edited since the last import",
        ),
        (",質問B？,回答です。,2026-05-01,b", "faq.csv:4: category: missing"),
        ("ご注文,質問B？,,2026-05-01,b", "faq.csv:4: answer: missing"),
        ("ご注文,質問B？,[こちら](javascript:alert(1)) を押してください。,2026-05-01,b", "faq.csv:4: answer: "),
        (
            'ご注文,質問B？,"説明です。<iframe src=""https://evil.example/""></iframe>",2026-05-01,b',
            "faq.csv:4: answer: ",
        ),
        (
            "ご注文,質問B？,担当の山田 yamada@example.co.jp までご連絡ください。,2026-05-01,b",
            "faq.csv:4: answer: e-mail address 'yamada@example.co.jp'",
        ),
    ],
    ids=[
        "missing-question",
        "unknown-date",
        "missing-date",
        "future-date",
        "duplicate-slug",
        "bad-slug",
        "duplicate-question",
        "question-the-site-answers",
        "overwrites-a-hand-written-entry",
        "missing-category",
        "missing-answer",
        "script-url",
        "iframe",
        "personal-data",
    ],
)
def test_each_bad_row_kind_names_its_line_and_column_and_nothing_is_written(
    tmp_path: Path, row: str, expected: str
) -> None:
    root = new_site(tmp_path)
    (root / "faq.csv").write_text(HEADER + row + "\n", encoding="utf-8")
    before = snapshot(root)
    result = madoguchi(root, "import", "csv", "faq.csv")
    assert result.returncode == 1
    assert expected in result.stderr, result.stderr
    assert "何も書き込んでいません" in result.stderr  # in the site's language (ja)
    assert snapshot(root) == before
    if expected.endswith("answer: "):  # the model's own message for dangerous input
        line = next(line for line in result.stderr.splitlines() if line.startswith(expected))
        assert "javascript" in line or "iframe" in line


def test_all_problems_of_a_file_are_reported_in_one_run(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    rows = "ご注文,,回答です。,2026-05-01,b\nご注文,質問C？,回答です。,いつか,c\n"
    (root / "faq.csv").write_text(HEADER + rows, encoding="utf-8")
    result = madoguchi(root, "import", "csv", "faq.csv")
    assert result.returncode == 1
    assert "faq.csv:4: question: missing" in result.stderr
    assert "faq.csv:5: reviewed: 'いつか' is not a date" in result.stderr


def test_skip_invalid_writes_the_valid_rows_and_lists_the_others(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    (root / "faq.csv").write_text(HEADER + "ご注文,,回答です。,2026-05-01,b\n", encoding="utf-8")
    result = madoguchi(root, "import", "csv", "faq.csv", "--skip-invalid")
    assert result.returncode == 0, result.stderr
    assert "faq.csv:4: question: missing" in result.stderr
    assert "1 created" in result.stdout and "1 skipped" in result.stdout and "取り込まなかった行: 4" in result.stdout
    assert front(root, entry_path(root, "質問A？"))["reviewed"] == date(2026, 5, 1)
    assert madoguchi(root, "check").returncode == 0


def test_reviewed_option_dates_rows_without_a_date(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    (root / "faq.csv").write_text("category,question,answer\nご注文,質問A？,回答です。\n", encoding="utf-8")
    refused = madoguchi(root, "import", "csv", "faq.csv")
    assert refused.returncode == 1 and "faq.csv:2: reviewed: missing" in refused.stderr
    result = madoguchi(root, "import", "csv", "faq.csv", "--reviewed", "2026-04-01")
    assert result.returncode == 0, result.stderr
    assert front(root, entry_path(root, "質問A？"))["reviewed"] == date(2026, 4, 1)


def test_reimporting_changes_only_changed_entries_and_never_an_edited_one(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    write_cp932(root / "faq.csv", CP932_ROWS)
    assert madoguchi(root, "import", "csv", "faq.csv").returncode == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "import")
    imported = snapshot(root)
    again = madoguchi(root, "import", "csv", "faq.csv")
    assert again.returncode == 0 and "0 created, 0 updated, 3 unchanged" in again.stdout
    assert snapshot(root) == imported

    updated = [list(row) for row in CP932_ROWS]
    updated[2][2] = "はい。マイページから領収書を発行できます。宛名も変えられます。"
    write_cp932(root / "faq.csv", updated)
    result = madoguchi(root, "import", "csv", "faq.csv")
    assert result.returncode == 0, result.stderr
    assert "0 created, 1 updated, 2 unchanged" in result.stdout
    receipt = entry_path(root, "領収書はもらえますか？")
    changed = {path for path in snapshot(root) if snapshot(root)[path] != imported.get(path)}
    assert changed == {f"content/{receipt}"}

    cancel = root / "content" / entry_path(root, "注文をキャンセルしたいのですが？")
    cancel.write_text(cancel.read_text(encoding="utf-8") + "\n発送後はキャンセルできません。\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "editor adds a sentence")
    edited = cancel.read_text(encoding="utf-8")
    updated[1][2] = "マイページから取り消せます。"
    write_cp932(root / "faq.csv", updated)
    refused = madoguchi(root, "import", "csv", "faq.csv")
    assert refused.returncode == 1
    assert (
        f"faq.csv:2: -: content/{cancel.relative_to(root / 'content').as_posix()} was edited since the last import"
        in refused.stderr
    )
    assert cancel.read_text(encoding="utf-8") == edited
    forced = madoguchi(root, "import", "csv", "faq.csv", "--force")
    assert forced.returncode == 0, forced.stderr
    assert "マイページから取り消せます。" in cancel.read_text(encoding="utf-8")
    assert "発送後" not in cancel.read_text(encoding="utf-8")


def test_export_import_export_is_identical_and_the_xlsx_reads_in_excel(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    write_cp932(root / "faq.csv", CP932_ROWS)
    (root / "export.json").write_text(json.dumps(ZENDESK, ensure_ascii=False), encoding="utf-8")
    assert madoguchi(root, "import", "csv", "faq.csv").returncode == 0
    assert madoguchi(root, "import", "zendesk", "export.json").returncode == 0
    imported = snapshot(root)
    first = madoguchi(root, "export", "csv", "first.csv")
    assert first.returncode == 0, first.stderr
    assert "7 entries" in first.stdout
    back = madoguchi(root, "import", "csv", "first.csv")
    assert back.returncode == 0, back.stderr
    assert "0 created, 0 updated, 7 unchanged" in back.stdout
    assert snapshot(root) == imported
    assert madoguchi(root, "export", "csv", "second.csv").returncode == 0
    assert (root / "first.csv").read_bytes() == (root / "second.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO((root / "first.csv").read_text(encoding="utf-8-sig"))))
    assert list(rows[0]) == ["category", "title", "owner", "reviewed", "due", "state", "url", "path", "tags", "answer"]
    by_title = {row["title"]: row for row in rows}
    assert by_title["退会の方法（準備中）"]["state"] == "draft"
    assert by_title["注文をキャンセルしたいのですが？"]["due"] == "2026-11-25"  # 2026-05-29 + 180 days
    assert by_title["注文をキャンセルしたいのですが？"]["state"] == "due-soon"

    assert madoguchi(root, "export", "xlsx", "review.xlsx").returncode == 0
    sheet = openpyxl.load_workbook(root / "review.xlsx").active
    assert [cell.value for cell in sheet[1]] == [
        "カテゴリ",
        "質問",
        "担当",
        "確認日",
        "期限",
        "状態",
        "URL",
        "パス",
        "タグ",
        "回答",
    ]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:J{len(rows) + 1}"
    cancel_row = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "注文をキャンセルしたいのですが？")
    assert cancel_row[3].value == datetime(2026, 5, 29) and cancel_row[3].number_format == "yyyy-mm-dd"
    assert cancel_row[5].value == "まもなく再確認" and cancel_row[5].fill.fgColor.rgb.endswith("FFE699")
    from_xlsx = madoguchi(root, "import", "xlsx", "review.xlsx")
    assert from_xlsx.returncode == 0, from_xlsx.stderr
    assert "0 created, 0 updated, 7 unchanged" in from_xlsx.stdout
    assert snapshot(root) == imported
