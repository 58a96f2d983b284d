"""Long listings in pages (content contract "Subcategories and long listings"): a category
page or the incidents index shows at most `listing_page_size` entries; page 1 keeps the
listing's own URL and page n lives at `<listing url>page/<n>/`.

Pure functions over already-sorted lists: a listing is sorted once per build and each page
takes its slice, so n pages cost the same as one long page (no quadratic work)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 50
# Numbered links around the current page; first and last are always shown, gaps as "…".
WINDOW = 2


def page_count(entries: int, size: int) -> int:
    """Pages a listing of `entries` needs (an empty listing still has its page 1)."""
    return max(1, -(-entries // size))


def page_source(listing: str, number: int) -> str:
    """The generated source of page `number` of the listing whose index is `listing`:
    faq/ordering/index.md, 2 → faq/ordering/page/2/index.md (URL faq/ordering/page/2/)."""
    if number == 1:
        return listing
    folder = listing.rpartition("/")[0]
    return f"{folder}/page/{number}/index.md" if folder else f"page/{number}/index.md"


def page_slice(items: Sequence[T], number: int, size: int) -> Sequence[T]:
    """The entries of page `number` (1-based)."""
    start = (number - 1) * size
    return items[start : start + size]


@dataclass(frozen=True)
class ListingPage:
    """Page `number` of `total` of the listing whose index is `listing`."""

    listing: str
    number: int
    total: int


def pages_of(listing: str, entries: int, size: int) -> list[ListingPage]:
    """Every page of a listing, page 1 first."""
    total = page_count(entries, size)
    return [ListingPage(listing, number, total) for number in range(1, total + 1)]


def pager(page: ListingPage, url_of: Callable[[str], str]) -> dict[str, object] | None:
    """What the pagination partial reads: previous/next and numbered links (a window around
    the current page, the first and the last, `None` for a gap); None for a one-page listing."""
    if page.total <= 1:
        return None

    def url(number: int) -> str:
        return url_of(page_source(page.listing, number))

    shown = sorted(
        {1, page.total} | set(range(max(1, page.number - WINDOW), min(page.total, page.number + WINDOW) + 1))
    )
    links: list[dict[str, object] | None] = []
    previous = 0
    for number in shown:
        if number - previous > 1:
            links.append(None)  # a gap: "…"
        links.append({"number": number, "url": url(number), "current": number == page.number})
        previous = number
    return {
        "number": page.number,
        "total": page.total,
        "prev_url": url(page.number - 1) if page.number > 1 else None,
        "next_url": url(page.number + 1) if page.number < page.total else None,
        "links": links,
    }
