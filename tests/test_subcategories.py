"""Subcategories (大分類・小分類, issue 19, content contract "Subcategories and long listings"):
`faq/<category>/<subcategory>/<slug>.md` next to one-level entries in the same site; the
model (category `<category>/<subcategory>`, owner from the nearest index, drafts and internal
per level, bad layouts as input errors) and a real build (category page with subcategories and
counts, subcategory page, breadcrumbs 大分類 › 小分類, sidebar without subcategories)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from madoguchi.model import FaqEntry, load_site
from madoguchi.plugins.freshness.config import policy_from_options
from madoguchi.scaffold import PLACEHOLDERS
from madoguchi.timeutil import parse_datetime
from support.site import CLI_OPTIONS, commit_all, madoguchi, make_site, mkdocs_build, read_page

POLICY = policy_from_options({"default_owner": "cs-support"})
NOW = parse_datetime("2026-11-23T12:00:00+09:00", POLICY.timezone)
QUESTION = "---\ntitle: {title}\nreviewed: 2026-11-01\n---\n\n回答。\n"


def write(root: Path, path: str, text: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def load(root: Path, edition: str = "public"):  # type: ignore[no-untyped-def]
    paths = [p.relative_to(root).as_posix() for p in root.rglob("*.md")]
    return load_site(root, paths, POLICY, NOW, shown_prefix="content/", edition=edition)


def test_an_entry_in_a_subcategory_has_both_levels_as_its_category_and_the_nearest_owner(tmp_path: Path) -> None:
    write(tmp_path, "faq/ordering/index.md", "---\ntitle: ご注文\nowner: cs-ordering\n---\n")
    write(tmp_path, "faq/ordering/cancel.md", QUESTION.format(title="キャンセル"))
    write(tmp_path, "faq/ordering/gift/index.md", "---\ntitle: ギフト\ndescription: 贈り物\n---\n")
    write(tmp_path, "faq/ordering/gift/wrap.md", QUESTION.format(title="包装"))
    write(tmp_path, "faq/ordering/bulk/big.md", QUESTION.format(title="大口"))  # no index.md
    write(tmp_path, "faq/ordering/bulk/more.md", QUESTION.format(title="もっと大口"))  # the second one too
    write(tmp_path, "faq/points/index.md", "---\ntitle: ポイント\n---\n")
    write(tmp_path, "faq/points/expiry/index.md", "---\ntitle: 有効期限\nowner: cs-points\n---\n")
    write(tmp_path, "faq/points/expiry/when.md", QUESTION.format(title="いつまで"))
    site = load(tmp_path)
    assert site.problems == []
    found = {path: (entry.category, entry.owner) for path, entry in site.entries.items() if isinstance(entry, FaqEntry)}
    assert found == {
        "faq/ordering/cancel.md": ("ordering", "cs-ordering"),
        "faq/ordering/gift/wrap.md": ("ordering/gift", "cs-ordering"),  # from the category's index
        "faq/ordering/bulk/big.md": ("ordering/bulk", "cs-ordering"),  # no index of its own
        "faq/ordering/bulk/more.md": ("ordering/bulk", "cs-ordering"),
        "faq/points/expiry/when.md": ("points/expiry", "cs-points"),  # its own index
    }
    gift = site.categories["ordering/gift"]
    assert (gift.title, gift.description, gift.index_path) == ("ギフト", "贈り物", "faq/ordering/gift/index.md")
    assert site.categories["ordering/bulk"].title == "bulk"


@pytest.mark.parametrize(
    ("files", "named", "says"),
    [
        (
            {"faq/ordering/gift/box/big.md": QUESTION.format(title="箱")},
            "content/faq/ordering/gift/box/big.md",
            "2階層",
        ),
        (
            {"faq/ordering/gift/box/index.md": "---\ntitle: 箱\n---\n"},
            "content/faq/ordering/gift/box/index.md",
            "two levels at most",
        ),
        (
            {"faq/misc/gift/index.md": "---\ntitle: ギフト\n---\n", "faq/misc/gift/a.md": QUESTION.format(title="A")},
            "content/faq/misc/gift/index.md",
            "faq/misc/index.md",
        ),
    ],
    ids=["third-level-entry", "third-level-index", "subcategory-index-without-category-index"],
)
def test_a_bad_layout_is_an_input_error_naming_the_file(
    tmp_path: Path, files: dict[str, str], named: str, says: str
) -> None:
    write(tmp_path, "faq/ordering/index.md", "---\ntitle: ご注文\n---\n")
    for path, text in files.items():
        write(tmp_path, path, text)
    problems = [str(problem) for problem in load(tmp_path).problems]
    assert len(problems) == 1 and problems[0].startswith(named + ":1:") and says in problems[0], problems


@pytest.mark.parametrize(
    ("index", "sub_index", "edition", "hidden"),
    [
        ("draft: true\n", "", "public", True),  # a draft category hides its subcategories' entries
        ("", "draft: true\n", "public", True),  # a draft subcategory hides its entries
        ("audience: internal\n", "", "public", True),
        ("", "audience: internal\n", "public", True),
        ("", "audience: internal\n", "internal", False),
        ("", "", "public", False),
    ],
    ids=[
        "draft-category",
        "draft-subcategory",
        "internal-category",
        "internal-subcategory",
        "internal-edition",
        "plain",
    ],
)
def test_drafts_and_internal_work_per_level(
    tmp_path: Path, index: str, sub_index: str, edition: str, hidden: bool
) -> None:
    write(tmp_path, "faq/ordering/index.md", f"---\ntitle: ご注文\n{index}---\n")
    write(tmp_path, "faq/ordering/gift/index.md", f"---\ntitle: ギフト\n{sub_index}---\n")
    write(tmp_path, "faq/ordering/gift/wrap.md", QUESTION.format(title="包装"))
    site = load(tmp_path, edition)
    assert site.problems == []
    assert site.entries["faq/ordering/gift/wrap.md"].draft is hidden
    assert ("faq/ordering/gift/index.md" in site.drafts) is hidden
    assert [e.path for e in site.faq()] == ([] if hidden else ["faq/ordering/gift/wrap.md"])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The basic fixture with a subcategory (ギフト, with index.md) in ordering, and one
    (security, without) in account, which has no index.md either; built with --strict."""
    root = make_site(tmp_path_factory.mktemp("sub"), commit_date=None)
    content = root / "content"
    write(content, "faq/ordering/gift/index.md", "---\ntitle: ギフト\ndescription: 贈り物のご注文\n---\n")
    for slug, title in (("wrap", "ギフト包装はできますか"), ("message", "メッセージカードを付けたい")):
        write(content, f"faq/ordering/gift/{slug}.md", QUESTION.format(title=title))
    write(
        content,
        "faq/account/security/two-factor.md",
        "---\ntitle: 二段階認証\nowner: cs-members\nreviewed: 2026-11-01\n---\n\n回答。\n",
    )
    commit_all(root)
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_a_category_page_lists_its_subcategories_with_counts_and_its_own_entries(built: Path) -> None:
    html = read_page(built, "faq/ordering/")
    listed = re.search(r'<ul class="madoguchi-subcategories">.*?</ul>', html, re.S)
    assert listed is not None
    assert re.findall(r'<a href="([^"]*)">([^<]*)</a>', listed.group(0)) == [("gift/", "ギフト")]
    assert "2 件のご質問" in listed.group(0) and "贈り物のご注文" in listed.group(0)
    own = re.findall(r'<li class="madoguchi-list__item">\s*<a href="([^"]*)">', html[listed.end() :])
    assert "cancel/" in own and not any(url.startswith("gift/") for url in own)


def test_a_subcategory_page_has_its_entries_and_a_link_to_its_category(built: Path) -> None:
    html = read_page(built, "faq/ordering/gift/")
    assert '<p class="madoguchi-category-link"><a href="../">ご注文について</a></p><h1>ギフト</h1>' in html
    assert re.findall(r'<li class="madoguchi-list__item">\s*<a href="([^"]*)">', html) == [
        "wrap/",
        "message/",
    ]  # by title
    generated = read_page(built, "faq/account/security/")  # no index.md: generated, titled by folder
    assert "<h1>security</h1>" in generated and "二段階認証" in generated


def test_an_entry_in_a_subcategory_shows_both_levels_in_its_breadcrumb(built: Path) -> None:
    html = read_page(built, "faq/ordering/gift/wrap/")
    assert (
        '<p class="madoguchi-category-link"><a href="../../">ご注文について</a> › <a href="../">ギフト</a></p>' in html
    )


def test_the_sidebar_and_the_home_page_list_categories_not_subcategories(built: Path) -> None:
    home = read_page(built, "")
    assert "faq/ordering/gift/" not in home.split('<div class="md-content"')[0]  # not in the sidebar
    ordering = re.search(r'class="madoguchi-categories__card" href="faq/ordering/">.*?(\d+) 件のご質問', home, re.S)
    assert ordering is not None and int(ordering.group(1)) == 3 + 2  # its own three and ギフト's two


@pytest.mark.parametrize(
    ("sub_index", "owner_from"),
    [("", "content/faq/ordering/index.md"), ("owner: cs-gift\n", "content/faq/ordering/gift/index.md")],
    ids=["category-owner", "subcategory-owner"],
)
def test_madoguchi_new_faq_takes_a_subcategory_and_the_nearest_owner(
    tmp_path: Path, sub_index: str, owner_from: str
) -> None:
    site = make_site(tmp_path, "cli", options=CLI_OPTIONS)
    write(site / "content", "faq/ordering/gift/index.md", f"---\ntitle: ギフト\n{sub_index}---\n")
    result = madoguchi(site, "new", "faq", "ordering/gift", "gift-card", "--title", "ギフトカードは使えますか？")
    assert result.returncode == 0, result.stderr
    owner = "cs-gift" if sub_index else "cs-ordering"
    assert result.stdout == (
        f"content/faq/ordering/gift/gift-card.md: created (owner {owner}, default of {owner_from}; reviewed 2026-11-23)\n"
    )
    entry = site / "content/faq/ordering/gift/gift-card.md"
    text = entry.read_text(encoding="utf-8")
    for placeholder in PLACEHOLDERS:  # an unfinished scaffold is refused until written over (scaffold.py)
        text = text.replace(placeholder, "ギフトカードはご注文時にお使いいただけます。")
    entry.write_text(text, encoding="utf-8")
    check = madoguchi(site, "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_madoguchi_new_faq_refuses_a_third_level(tmp_path: Path) -> None:
    site = make_site(tmp_path, "cli", options=CLI_OPTIONS)
    result = madoguchi(site, "new", "faq", "ordering/gift/box", "a", "--title", "箱")
    assert result.returncode == 2
    assert "two levels at most" in result.stderr


def test_the_export_names_both_levels_of_an_entry_in_a_subcategory(tmp_path: Path) -> None:
    site = make_site(tmp_path, "cli", options=CLI_OPTIONS)
    write(site / "content", "faq/ordering/gift/index.md", "---\ntitle: ギフト\n---\n")
    write(site / "content", "faq/ordering/gift/wrap.md", QUESTION.format(title="包装できますか"))
    result = madoguchi(site, "export", "csv", "out.csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader((site / "out.csv").read_text(encoding="utf-8-sig").splitlines()))
    wrap = next(row for row in rows if "包装できますか" in row)
    assert wrap[0] == "ご注文について › ギフト"
    cancel = next(row for row in rows if row[-3:] and any(cell.endswith("faq/ordering/cancel.md") for cell in row))
    assert cancel[0] == "ご注文について"


def test_an_export_of_a_site_with_subcategories_imports_back_unchanged(tmp_path: Path) -> None:
    site = make_site(tmp_path, "cli", options=CLI_OPTIONS)
    write(site / "content", "faq/ordering/gift/index.md", "---\ntitle: ギフト\n---\n")
    write(site / "content", "faq/ordering/gift/wrap.md", QUESTION.format(title="包装できますか"))
    assert madoguchi(site, "export", "csv", "out.csv").returncode == 0
    back = madoguchi(site, "import", "csv", "out.csv")
    assert back.returncode == 0, back.stdout + back.stderr
    assert "0 created, 0 updated" in back.stdout and "unchanged" in back.stdout


def test_an_import_into_a_new_subcategory_creates_its_index(tmp_path: Path) -> None:
    site = make_site(tmp_path, "cli", options=CLI_OPTIONS)
    (site / "new.csv").write_text(
        "category,title,owner,reviewed,path,answer\n"
        "ご注文について › 法人,法人で注文できますか,cs-ordering,2026-11-01,faq/ordering/business/corp.md,できます。\n",
        encoding="utf-8",
    )
    result = madoguchi(site, "import", "csv", "new.csv")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "content/faq/ordering/business/corp.md").is_file()
    assert "title: 法人" in (site / "content/faq/ordering/business/index.md").read_text(encoding="utf-8")
    check = madoguchi(site, "check")
    assert check.returncode == 0, check.stdout + check.stderr
