"""What the customer's voice says, read from the collector's database against the content
model: answers marked unhelpful (since their last review), searches that found nothing,
synonym groups learned from (failed query → opened page) pairs, and new questions to write.

Everything here is computed from stored rows and the site's entries; the renderers treat
every stored string as untrusted text (Markdown and terminal output escape it, commands are
shell-quoted, the synonyms snippet is YAML-quoted), since anyone can post to a collector.
"""

from __future__ import annotations

import re
import shlex
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from .alerts.text import code, link_target
from .alerts.text import markdown as md
from .model import Entry, Site
from .urls import absolute_url, page_url
from .voice import REASON_LABELS, REASONS, normalise_query

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def utc_naive(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


@dataclass
class PageVoice:
    path: str  # relative to content/
    url: str
    title: str
    owner: str | None
    reviewed: datetime | None
    helpful: int = 0
    unhelpful: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    # unhelpful votes received after the entry's last review, and their reasons
    unhelpful_since_review: int = 0
    reasons_since_review: Counter[str] = field(default_factory=Counter)
    last_unhelpful: datetime | None = None  # naive UTC, like the stored rows

    def reasons_json(self, counter: Counter[str]) -> dict[str, int]:
        return {reason: counter[reason] for reason in REASONS}


@dataclass
class Insights:
    since: str | None
    searches: int
    pages: list[PageVoice]
    zero_result_queries: list[tuple[str, int]]
    synonym_groups: list[tuple[list[str], int, bool]]  # (words, pairs seen, extends a group of the site)
    new_questions: list[tuple[str, int]]
    unknown_pages: list[tuple[str, int]]

    def unhelpful_since_review(self) -> list[PageVoice]:
        voiced = [p for p in self.pages if p.unhelpful_since_review]
        return sorted(voiced, key=lambda p: (-p.unhelpful_since_review, p.path))


class PageMap:
    """Site URL paths (as the browser's location.pathname has them) → content entries."""

    def __init__(self, site: Site, site_url: str | None, use_directory_urls: bool) -> None:
        self.site_url = site_url
        self.use_directory_urls = use_directory_urls
        self.prefix = urlsplit(site_url or "").path.rstrip("/")
        self.entries: dict[str, Entry] = {}
        for entry in site.published():
            self.entries[unquote(page_url(entry.path, use_directory_urls))] = entry

    def find(self, page: str) -> Entry | None:
        path = unquote(page)
        if self.prefix and path.startswith(self.prefix + "/"):
            path = path[len(self.prefix) :]
        path = path.lstrip("/")
        if self.use_directory_urls and path.endswith("/index.html"):
            path = path[: -len("index.html")]
        return self.entries.get(path)

    def url(self, entry: Entry) -> str:
        return absolute_url(self.site_url, page_url(entry.path, self.use_directory_urls))


def site_synonyms(path: Path) -> list[list[str]]:
    """The site's synonym groups (content/_data/synonyms.yml), normalised like queries;
    [] when the file is missing or malformed (`madoguchi check` and the build report that)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return []
    if not isinstance(data, list):
        return []
    return [[normalise_query(str(word)) for word in group] for group in data if isinstance(group, list)]


def learn_synonyms(pairs: Iterable[tuple[str, str]], groups: list[list[str]]) -> list[tuple[list[str], int, bool]]:
    """Synonym groups from (failed query, successful query) pairs: every failed query joins
    the query that then found an answer; when the site already has a group holding that
    query, the suggestion is that group with the new words added."""
    learned: dict[str, Counter[str]] = {}
    for failed_query, found in pairs:
        if failed_query.casefold() != found.casefold():
            learned.setdefault(found, Counter())[failed_query] += 1
    suggestions = []
    for found, failed in learned.items():
        existing = next((group for group in groups if found in group), None)
        base = list(existing) if existing else [found]
        ranked = sorted(failed.items(), key=lambda kv: (-kv[1], kv[0]))
        new_words = [word for word, _ in ranked if word not in base]
        if new_words:
            suggestions.append((base + new_words, sum(failed.values()), existing is not None))
    return sorted(suggestions, key=lambda s: (-s[1], s[0][0]))


def compute(
    rows: Iterable[dict[str, Any]],
    site: Site,
    pages: PageMap,
    *,
    since: str | None,
    synonyms: list[list[str]],
) -> Insights:
    """Insights from stored event rows (already limited to `since`)."""
    voices: dict[str, PageVoice] = {}
    unknown: Counter[str] = Counter()
    zero: Counter[str] = Counter()
    recovered: set[str] = set()
    opened: set[str] = set()
    pairs: list[tuple[str, str]] = []
    searches = 0
    for row in rows:
        kind = row["type"]
        if kind == "feedback":
            entry = pages.find(row["page"] or "")
            if entry is None:
                unknown[row["page"] or ""] += 1
                continue
            voice = voices.get(entry.path)
            if voice is None:
                reviewed = getattr(entry, "reviewed", None)
                voice = voices[entry.path] = PageVoice(entry.path, pages.url(entry), entry.title, entry.owner, reviewed)
            if row["helpful"]:
                voice.helpful += 1
                continue
            voice.unhelpful += 1
            if row["reason"] in REASONS:
                voice.reasons[row["reason"]] += 1
            if voice.reviewed is None or row["received"] >= utc_naive(voice.reviewed):
                voice.unhelpful_since_review += 1
                voice.last_unhelpful = row["received"]
                if row["reason"] in REASONS:
                    voice.reasons_since_review[row["reason"]] += 1
        elif kind == "search_zero":
            searches += 1
            zero[row["query"]] += 1
        elif kind == "search_open":
            searches += 1
            opened.add(row["query"])
        elif kind == "search_recovered":
            recovered.add(row["failed_query"])
            pairs.append((row["failed_query"], row["query"]))
    ranked = sorted(voices.values(), key=lambda v: (-v.unhelpful, v.helpful, v.path))
    zero_queries = sorted(zero.items(), key=lambda kv: (-kv[1], kv[0]))
    return Insights(
        since=since,
        searches=searches,
        pages=ranked,
        zero_result_queries=zero_queries,
        synonym_groups=learn_synonyms(pairs, synonyms),
        # found nothing and never led to an answer, neither by a later search (the pair)
        # nor by another reader's search for the same words
        new_questions=[(q, n) for q, n in zero_queries if q not in recovered and q not in opened],
        unknown_pages=sorted(unknown.items(), key=lambda kv: (-kv[1], kv[0])),
    )


# Rendering ---------------------------------------------------------------------------------


def new_faq_command(query: str) -> str:
    return f"madoguchi new faq CATEGORY SLUG --title {shlex.quote(query)}"


def synonyms_snippet(groups: list[tuple[list[str], int, bool]]) -> str:
    """Lines to paste into synonyms.yml: `- [word, word]`, YAML-quoted where needed."""
    lines = []
    for words, count, extends in groups:
        flow = yaml.safe_dump([words], allow_unicode=True, default_flow_style=None, width=10_000).strip()
        note = "既存のグループに追加 / extends a group" if extends else "新しいグループ / new group"
        lines.append(f"{flow}  # {count}: {note}")
    return "\n".join(lines) + ("\n" if lines else "")


def to_json(insights: Insights) -> dict[str, Any]:
    return {
        "since": insights.since,
        "searches": insights.searches,
        "pages": [
            {
                "path": p.path,
                "url": p.url,
                "helpful": p.helpful,
                "unhelpful": p.unhelpful,
                "reasons": p.reasons_json(p.reasons),
            }
            for p in insights.pages
        ],
        "zero_result_queries": [{"query": q, "count": n} for q, n in insights.zero_result_queries],
        "unhelpful_since_review": [
            {
                "path": p.path,
                "url": p.url,
                "owner": p.owner,
                "reviewed": p.reviewed.date().isoformat() if p.reviewed else None,
                "unhelpful": p.unhelpful_since_review,
                "reasons": p.reasons_json(p.reasons_since_review),
            }
            for p in insights.unhelpful_since_review()
        ],
        "synonym_suggestions": [
            {"words": words, "pairs": count, "extends_existing": extends}
            for words, count, extends in insights.synonym_groups
        ],
        "synonyms_yml": synonyms_snippet(insights.synonym_groups),
        "new_questions": [{"query": q, "count": n, "command": new_faq_command(q)} for q, n in insights.new_questions],
        "unknown_pages": [{"page": page, "count": n} for page, n in insights.unknown_pages],
    }


def term(text: str) -> str:
    """Stored text for a terminal: control characters (escape sequences, bidi overrides,
    line breaks) shown as \\uXXXX, so a row can neither move the cursor nor fake a line."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def reasons_text(counter: Counter[str]) -> str:
    return "、".join(f"{REASON_LABELS[r]} {counter[r]}" for r in REASONS if counter[r])


def render_table(insights: Insights) -> str:
    out = [f"期間 / since: {insights.since or 'すべて / all'}   検索 / searches: {insights.searches}", ""]
    out.append("役に立たなかった回答（前回の確認以降） / Unhelpful since last review")
    for p in insights.unhelpful_since_review():
        reviewed = p.reviewed.date().isoformat() if p.reviewed else "-"
        who = term(p.owner or "-")
        out.append(f"  {p.unhelpful_since_review:>4}  {term(p.path)}  {term(p.title)}  (reviewed {reviewed}, {who})")
        if p.reasons_since_review:
            out.append(f"        {reasons_text(p.reasons_since_review)}")
    out += ["", "回答ごとの評価 / Answers: はい yes / いいえ no"]
    for p in insights.pages:
        out.append(f"  {p.helpful:>4} {p.unhelpful:>4}  {term(p.path)}")
    out += ["", "見つからなかった検索語 / Zero-result queries"]
    out += [f"  {n:>4}  {term(q)}" for q, n in insights.zero_result_queries]
    out += ["", "同義語の候補（synonyms.yml に貼り付け） / Suggested synonyms (paste into synonyms.yml)"]
    out += ["  " + term(line) for line in synonyms_snippet(insights.synonym_groups).splitlines()]
    out += ["", "新しい質問の候補 / Suggested new questions"]
    out += ["  " + term(new_faq_command(q)) for q, _ in insights.new_questions]
    return "\n".join(out) + "\n"


def _fenced(text: str, info: str = "") -> list[str]:
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (longest + 1)
    return [fence + info, *(term(line) for line in text.splitlines()), fence]


def render_markdown(insights: Insights) -> str:
    out = [f"## お客様の声 / Customer voice（{md(insights.since or 'すべて / all')}）", ""]
    out += [f"検索 / searches: {insights.searches}", ""]
    out += ["### 役に立たなかった回答（前回の確認以降） / Unhelpful since last review", ""]
    if insights.unhelpful_since_review():
        out += [
            "| いいえ | 回答 / answer | 理由 / reasons | 確認日 / reviewed | 担当 / owner |",
            "|---:|---|---|---|---|",
        ]
        for p in insights.unhelpful_since_review():
            reviewed = p.reviewed.date().isoformat() if p.reviewed else "-"
            title = f"[{md(p.title)}]({link_target(p.url)})<br>{code(p.path)}"
            out.append(
                f"| {p.unhelpful_since_review} | {title} | {md(reasons_text(p.reasons_since_review))} "
                f"| {reviewed} | {md(p.owner or '-')} |"
            )
    else:
        out.append("ありません / None.")
    out += ["", "### 回答ごとの評価 / Answers", ""]
    out += ["| はい | いいえ | 回答 / answer |", "|---:|---:|---|"]
    out += [f"| {p.helpful} | {p.unhelpful} | {code(p.path)} |" for p in insights.pages]
    out += ["", "### 見つからなかった検索語 / Zero-result queries", ""]
    out += ["| 回数 / count | 検索語 / query |", "|---:|---|"]
    out += [f"| {n} | {md(q)} |" for q, n in insights.zero_result_queries]
    out += ["", "### 同義語の候補 / Suggested synonyms", ""]
    out += _fenced(synonyms_snippet(insights.synonym_groups), "yaml")
    out += ["", "### 新しい質問の候補 / Suggested new questions", ""]
    out += _fenced("\n".join(new_faq_command(q) for q, _ in insights.new_questions), "sh")
    return "\n".join(out) + "\n"
