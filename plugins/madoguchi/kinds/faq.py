"""The FAQ kind: `faq/<category>/<slug>.md` or `faq/<category>/<subcategory>/<slug>.md`, one
question and its answer, reviewed by a person every `review_every`. `faq/<category>/index.md`
describes the category, `faq/<category>/<subcategory>/index.md` the subcategory."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.check import Checker, owner
from ..model.entries import Category, ReviewedEntry
from ..model.fields import REVIEW_FIELDS, Field
from ..staleness import assess_reviewed
from . import Context, Kind, register


@dataclass
class FaqEntry(ReviewedEntry):
    category: str = ""
    tags: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)

    def category_slug(self) -> str | None:
        return self.category or None

    def references(self) -> list[tuple[str, str]]:
        return [("related", target) for target in self.related]


FIELDS: dict[str, Field] = {
    **REVIEW_FIELDS,
    "tags": Field("text-list", "タグ / Tags"),
    "related": Field("text-list", "関連する質問（content/ からのパス） / Related entries (paths relative to content/)"),
    "category": Field("text", "カテゴリ（通常はフォルダから判断） / Inferred from the folder"),
    "description": Field("text", "カテゴリの説明（index.md） / Category description (index.md)"),
    "order": Field("integer", "カテゴリの並び順（index.md） / Category order (index.md)"),
}


def parse_faq(path: str, check: Checker, context: Context) -> FaqEntry:
    slug = check.get("category") or context.layout.category_of(path)
    category = context.categories.get(str(slug)) if slug else None
    if category is None and slug:  # no index.md: a subcategory's owner is its category's
        parent = context.categories.get(str(slug).partition("/")[0]) if "/" in str(slug) else None
        category = Category(slug=str(slug), title=str(slug), owner=parent.owner if parent else None)
    policy = context.policy
    return FaqEntry(
        path=path,
        type="faq",
        title=check.required_text("title", "the question as a customer would ask it") or "",
        owner=owner(check, policy, category),
        draft=check.boolean("draft"),
        category=category.slug if category else "",
        reviewed=check.reviewed(policy, context.now, required=True),
        review_every=check.interval("review_every", policy.review_every),
        tags=check.text_list("tags", "a list of tags"),
        # Normalised once here: views, checks and structured data all look paths up as written
        # in content/, and a leading `/` ("from the content root") means the same file.
        related=[target.lstrip("/") for target in check.text_list("related", "a list of paths relative to content/")],
    )


FAQ = register(
    Kind(
        name="faq",
        entry=FaqEntry,
        parse=parse_faq,
        rule=assess_reviewed,
        fields=FIELDS,
        folder="faq",
        depth=2,
        template="madoguchi/entry.html",
        item="partials/madoguchi/entry-list.html",
        reads_now=False,  # only through check.reviewed
    )
)
