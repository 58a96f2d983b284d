"""Digests: what each owner is told. Pure functions of report entries, config and `now`.

One digest per owner lists overdue pages first, then pages due soon (earliest due first),
capped at `max_items` with the rest summarised as a count and a link to the full report.
Chat and mail only go out when the digest holds *news* (see `is_news`), so an owner hears
about a page once, then a reminder every `remind_every`, never the same list every morning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from urllib.parse import quote

from ..i18n import format_moment
from ..i18n import strings as alert_strings
from ..staleness import DUE_SOON, OVERDUE, state_entered
from .config import AlertConfig
from .text import code, link_target, plain
from .text import markdown as _markdown

_ORDER = {OVERDUE: 0, DUE_SOON: 1}


@dataclass(frozen=True)
class Item:
    """One stale page as an alert shows it."""

    path: str  # relative to content/
    title: str
    owner: str
    state: str  # overdue | due-soon
    due: datetime
    url: str | None  # the live page (None: not a page, e.g. a notice shown in the banner)
    source_url: str | None  # the file in the repository (repo_url + edit_uri)
    action: str  # the one command (or step) that makes the page fresh
    action_label: str = "action"  # strings key naming the action
    new: bool = False  # news since the previous run (see is_news)
    category: str = ""  # 大分類 › 小分類 of an FAQ entry (category_path.py); "" for other pages


@dataclass(frozen=True)
class VoiceItem:
    """An answer customers marked not helpful since its last review (madoguchi insights)."""

    path: str  # relative to content/
    title: str
    url: str
    unhelpful: int
    reasons: str  # e.g. 「情報が古い・間違っている 2、わかりにくい 1」
    new: bool = False  # a vote arrived since the previous run


@dataclass(frozen=True)
class Digest:
    owner: str
    items: tuple[Item, ...]  # every stale item of the owner, worst first
    shown: tuple[Item, ...]  # the first max_items of them
    report_url: str | None
    voice: tuple[VoiceItem, ...] = ()  # notify --insights: お客様の声

    @property
    def hidden(self) -> int:
        return len(self.items) - len(self.shown)

    @property
    def has_news(self) -> bool:
        return any(item.new for item in self.items) or any(item.new for item in self.voice)

    def count(self, state: str) -> int:
        return sum(1 for item in self.items if item.state == state)


def previous_run(now: datetime) -> datetime:
    """The previous weekday at the same clock time: Monday's run looks back to Friday's."""
    days = 3 if now.weekday() == 0 else 2 if now.weekday() == 6 else 1
    return now - timedelta(days=days)


def is_news(
    state: str,
    due: datetime,
    now: datetime,
    *,
    warn_before: timedelta,
    since: datetime,
    remind_every: timedelta | None,
) -> bool:
    """Did the item enter its state, or reach a reminder of it, in (since, now]?

    The state began at `due` (overdue) or `due - warn_before` (due soon); reminders fall
    every `remind_every` after that. No state is kept anywhere: the window decides.
    """
    began = state_entered(state, due, warn_before)
    if began > now:
        return False
    if since < began:
        return True
    if remind_every is None:
        return False
    # the last reminder instant at or before now
    last = began + ((now - began) // remind_every) * remind_every
    return since < last <= now


def action_for(
    entry_type: str, shown_path: str, *, status: str | None = None, resolved: bool = False
) -> tuple[str, str]:
    """(strings key, text) of the step that makes the entry fresh again."""
    if entry_type == "notice":  # its window is over: nothing to review, the file is dead weight
        return "action.notice", ""
    if entry_type == "incident":
        if resolved:
            return "action.incident_report", ""
        return (
            "action.incident",
            f'madoguchi incident update {shown_path} --status {status} --text "…"',
        )
    return "action", f"madoguchi review {shown_path}"


def build_digests(items: list[Item], config: AlertConfig) -> dict[str, Digest]:
    """One digest per owner, of the states config.include names, worst first, capped."""
    by_owner: dict[str, list[Item]] = {}
    for item in items:
        if item.state in config.include:
            by_owner.setdefault(item.owner, []).append(item)
    digests = {}
    for owner, owned in sorted(by_owner.items()):
        ordered = tuple(sorted(owned, key=lambda i: (_ORDER[i.state], i.due, i.path)))
        digests[owner] = Digest(owner, ordered, ordered[: config.max_items], config.report_url)
    return digests


# Rendering ---------------------------------------------------------------------------------


def _span(delta: timedelta, unit: str, t: dict[str, str]) -> str:
    hours = int(delta.total_seconds() // 3600)
    if hours >= 24:
        return t[f"{unit}.days"].format(n=hours // 24)
    return t[f"{unit}.hours"].format(n=max(hours, 1))


def timing(item: Item, now: datetime, tz: tzinfo, t: dict[str, str], language: str = "ja") -> str:
    """「12日超過」 for overdue, 「あと3日・期限 2026年12月1日」 for due soon."""
    if item.state == OVERDUE:
        return _span(now - item.due, "overdue_by", t)
    due_on = t["due_on"].format(date=format_moment(item.due.astimezone(tz), t["date_format"], language))
    return f"{_span(item.due - now, 'due_in', t)}・{due_on}"


def _action_line(item: Item, t: dict[str, str], markdown: bool) -> str:
    if not item.action:
        return t[item.action_label]
    command = code(item.action) if markdown else item.action
    return f"{t[item.action_label]}: {command}"


def digest_title(digest: Digest, language: str) -> str:
    t = alert_strings(language)
    return t["title.digest"].format(
        owner=plain(digest.owner), overdue=digest.count(OVERDUE), due_soon=digest.count(DUE_SOON)
    )


def page_title(item: Item, language: str) -> str:
    t = alert_strings(language)
    return t["title.page"].format(state=t[f"state.{item.state}"], title=plain(item.title))


def category_line(category: str, t: dict[str, str], indent: str, *, markdown: bool) -> str:
    """「分類: ご注文・お支払い › ギフト」: category titles are editors' text, made inert."""
    return f"{indent}{t['alert.category']}: {_markdown(category) if markdown else plain(category)}"


def render_items(items: tuple[Item, ...], now: datetime, tz: tzinfo, language: str, *, markdown: bool) -> list[str]:
    t = alert_strings(language)
    lines: list[str] = []
    for state in (OVERDUE, DUE_SOON):
        group = [item for item in items if item.state == state]
        if not group:
            continue
        lines += ["", t[f"section.{state}"].format(count=len(group))]
        for item in group:
            when = timing(item, now, tz, t, language)
            if markdown:
                # trackers: no "new" mark, so an unchanged list leaves the issue unchanged
                title = _markdown(item.title)
                linked = f"[{title}]({link_target(item.url)})" if item.url else title
                lines.append(f"- {linked} （{when}）")
                indent = "  - "
            else:
                new = f"【{t['new']}】" if item.new else ""
                lines.append(f"・{new}{plain(item.title)}（{when}）")
                if item.url:
                    lines.append(f"  {t['page']}: {item.url}")
                indent = "  "
            if item.category:  # where the page sits: 大分類 › 小分類
                lines.append(category_line(item.category, t, indent, markdown=markdown))
            if item.source_url:
                source = link_target(item.source_url) if markdown else item.source_url
                lines.append(f"{indent}{t['source']}: {source}")
            lines.append(indent + _action_line(item, t, markdown))
    return lines


def render_voice(items: tuple[VoiceItem, ...], language: str, *, markdown: bool) -> list[str]:
    """The お客様の声 section: stored votes are the customers', so every text is escaped."""
    if not items:
        return []
    t = alert_strings(language)
    lines = ["", t["section.voice"].format(count=len(items))]
    for item in items:
        votes = t["voice.votes"].format(n=item.unhelpful)
        detail = f"{votes}: {item.reasons}" if item.reasons else votes
        if markdown:
            lines.append(f"- [{_markdown(item.title)}]({link_target(item.url)}) （{_markdown(detail)}）")
        else:
            new = f"【{t['new']}】" if item.new else ""
            lines += [f"・{new}{plain(item.title)}（{plain(detail)}）", f"  {t['page']}: {item.url}"]
    return lines


def render_digest(digest: Digest, now: datetime, tz: tzinfo, language: str, *, markdown: bool = False) -> str:
    """The digest body: plain text for chat and mail, Markdown for issue trackers."""
    t = alert_strings(language)
    owner = _markdown(digest.owner) if markdown else plain(digest.owner)
    lines = [t["intro"].format(owner=owner)]
    lines += render_items(digest.shown, now, tz, language, markdown=markdown)
    lines += render_voice(digest.voice, language, markdown=markdown)
    if digest.hidden:
        lines.append("")
        if digest.report_url:
            lines.append(t["more"].format(count=digest.hidden, url=digest.report_url))
        else:
            lines.append(t["more.no_url"].format(count=digest.hidden, owner=plain(digest.owner)))
    lines += ["", t["footer"]]
    return "\n".join(lines)


# Tracker markers: how an issue is found again on the next run -----------------------------


def marker(owner: str, page: str | None = None) -> str:
    """`madoguchi:owner=cs-ordering` or `madoguchi:owner=cs-ordering;page=faq/a/b.md`."""
    text = "madoguchi:owner=" + quote(owner, safe="@._-")
    if page is not None:
        text += ";page=" + quote(page, safe="/._-")
    return text
