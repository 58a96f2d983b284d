"""The page kind: every other Markdown file (home, guides, contact). A page is tracked
only when it sets `reviewed`; then it follows the same review rule as a FAQ entry."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from ..model.check import Checker, owner
from ..model.entries import ReviewedEntry
from ..model.fields import REVIEW_FIELDS, Field
from ..staleness import assess_reviewed
from . import Context, Kind, register


@dataclass
class TrackedPage(ReviewedEntry):
    """A page (any Markdown file outside the kinds' folders). Named apart from MkDocs' Page;
    `reviewed` is None on a page nobody tracks. `incident`: on a report page (調査結果・再発防止策,
    `madoguchi new report`), the incident it is about."""

    incident: str | None = None

    def references(self) -> list[tuple[str, str]]:
        return [("incident", self.incident)] if self.incident else []


def parse_page(path: str, check: Checker, context: Context) -> TrackedPage:
    policy = context.policy
    tracked = check.get("reviewed") is not None
    title = check.optional_text("title", "the page title") or PurePosixPath(path).stem
    return TrackedPage(
        path=path,
        type="page",
        title=title,
        owner=owner(check, policy, None) if tracked else check.optional_text("owner", "a team or person"),
        draft=check.boolean("draft"),
        reviewed=check.reviewed(policy, context.now, required=False),
        review_every=check.interval("review_every", policy.review_every),
        incident=check.optional_text("incident", "the incident's path relative to content/"),
    )


FIELDS: dict[str, Field] = {
    **REVIEW_FIELDS,
    "incident": Field(
        "text",
        "調査結果のページが扱う障害（content/ からのパス） / On a report page: the incident it is about "
        "(path relative to content/)",
    ),
}


def is_reviewed(entry: TrackedPage) -> bool:
    return entry.reviewed is not None


PAGE = register(
    Kind(
        name="page",
        entry=TrackedPage,
        parse=parse_page,
        rule=assess_reviewed,
        fields=FIELDS,
        folder=None,  # everything outside the other kinds' folders
        template="madoguchi/entry.html",
        tracked=is_reviewed,
        reads_now=False,  # only through check.reviewed
    )
)
