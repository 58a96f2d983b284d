"""`madoguchi stale`: overdue and due-soon entries, grouped by owner, without building.

The states come from report.py, so they are exactly what the build writes to
freshness.json for the same instant; `--format json` prints that document's shape.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

import click

from ..alerts.text import code, link_target
from ..alerts.text import markdown as md
from ..category_path import entry_category_path
from ..edition import INTERNAL
from ..i18n import format_moment, strings
from ..insights import PageVoice, reasons_text, term
from ..project import Project
from ..report import ReportEntry, assess_site, report_document, report_entries, report_json, worst_first
from ..staleness import DUE_SOON, OVERDUE, SEVERITY
from ._project import now_in_site, open_project

NO_OWNER = "-"


def stale_entries(project: Project, now: datetime, owner: str | None) -> list[ReportEntry]:
    return stale_report(project, now, owner)[0]


def stale_report(project: Project, now: datetime, owner: str | None) -> tuple[list[ReportEntry], dict[str, str]]:
    """The stale entries, and the category path (大分類 › 小分類) of each FAQ entry among them
    by path: the tables name it, the JSON keeps the report's shape."""
    # Every entry someone must keep true, internal ones included (both editions' pages).
    site = project.load(now, edition=INTERNAL)
    if site.problems:
        for problem in site.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            f"{len(site.problems)} content error(s): fix them first (`madoguchi check` lists them)"
        )
    # Filter before building report rows: at 20,000 entries most are fresh.
    assessments = {
        path: assessment
        for path, assessment in assess_site(site, project.policy, now).items()
        if assessment.state in (OVERDUE, DUE_SOON) and (owner is None or site.entries[path].owner == owner)
    }
    entries = report_entries(
        site,
        assessments,
        project.policy,
        site_url=project.site_url,
        use_directory_urls=project.use_directory_urls,
    )
    categories = {path: shown for path in assessments if (shown := entry_category_path(site, site.entries[path]))}
    return entries, categories


def with_category(title: str, categories: dict[str, str], path: str) -> str:
    """「使える支払い方法は？（ご注文・お支払い › 決済）」: an FAQ entry's title and where it sits."""
    category = categories.get(path)
    return f"{title}（{category}）" if category else title


def by_owner(entries: list[ReportEntry]) -> dict[str, list[ReportEntry]]:
    groups: dict[str, list[ReportEntry]] = {}
    for entry in worst_first(entries):
        groups.setdefault(entry.owner or NO_OWNER, []).append(entry)
    return dict(sorted(groups.items()))


def width(text: str) -> int:
    """Columns `text` takes in a terminal: CJK characters are two wide."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(columns - width(text), 0)


def short_due(entry: ReportEntry) -> str:
    """Due date for FAQ entries and pages; date and time for incidents (they are due in hours)."""
    if not entry.due:
        return ""
    return entry.due[:16].replace("T", " ") if entry.type == "incident" else entry.due[:10]


def render_table(entries: list[ReportEntry], project: Project, categories: dict[str, str] | None = None) -> str:
    lines: list[str] = []
    for owner, group in by_owner(entries).items():
        lines.append(f"{owner} ({len(group)})")
        rows = [
            (e.state, short_due(e), project.shown_prefix + e.path, with_category(e.title, categories or {}, e.path))
            for e in group
        ]
        widths = [max(width(row[column]) for row in rows) for column in range(3)]
        for row in rows:
            lines.append("  " + "  ".join(pad(cell, widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3])
        lines.append("")
    return "\n".join(lines) + "\n"


def render_markdown(
    entries: list[ReportEntry], project: Project, now: datetime, categories: dict[str, str] | None = None
) -> str:
    t = strings(project.language)
    stamp = format_moment(now, t["datetime_format"], project.language)
    lines = [
        f"### {t['stale.heading']}（{stamp}）"
        if project.language.startswith("ja")
        else f"### {t['stale.heading']} ({stamp})",
        "",
    ]
    for owner, group in by_owner(entries).items():
        header = f"| {t['status']} | {t['stale.due']} | {t['stale.page']} | {t['stale.reason']} |"
        lines += [f"#### {owner}", "", header, "|---|---|---|---|"]
        for e in group:
            title = e.title.replace("|", "\\|")
            link = f"[{title}]({e.url})" if e.url and "://" in e.url else title
            category = (categories or {}).get(e.path)
            if category:  # 大分類 › 小分類
                link += "（" + category.replace("|", "\\|") + "）"
            lines.append(
                f"| {t['state.' + e.state]} | {short_due(e)} | {link}<br>`{project.shown_prefix}{e.path}` "
                f"| {e.reason.replace('|', '/')} |"
            )
        lines.append("")
    return "\n".join(lines)


def customer_voice(project: Project, db: str, owner: str | None) -> list[PageVoice]:
    from .insights import site_voice

    pages = site_voice(project, db).unhelpful_since_review()
    return [page for page in pages if owner is None or page.owner == owner]


def voice_json(page: PageVoice) -> dict[str, object]:
    return {
        "path": page.path,
        "url": page.url,
        "owner": page.owner,
        "reviewed": page.reviewed.date().isoformat() if page.reviewed else None,
        "unhelpful": page.unhelpful_since_review,
        "reasons": page.reasons_json(page.reasons_since_review),
    }


def voice_by_owner(voice: list[PageVoice]) -> dict[str, list[PageVoice]]:
    groups: dict[str, list[PageVoice]] = {}
    for page in voice:
        groups.setdefault(page.owner or NO_OWNER, []).append(page)
    return dict(sorted(groups.items()))


def render_voice_table(voice: list[PageVoice], prefix: str, language: str) -> str:
    t = strings(language)
    lines, no = [t["stale.voice.heading"]], t["stale.voice.no"]
    for owner, group in voice_by_owner(voice).items():
        lines.append(f"{term(owner)} ({len(group)})")
        for page in group:
            lines.append(f"  {no} {page.unhelpful_since_review:>3}  {term(prefix + page.path)}  {term(page.title)}")
            if page.reasons_since_review:
                lines.append(f"              {reasons_text(page.reasons_since_review)}")
    return "\n".join(lines) + "\n"


def render_voice_markdown(voice: list[PageVoice], prefix: str, language: str) -> str:
    t = strings(language)
    lines = [f"### {t['stale.voice']}", ""]
    header = f"| {t['stale.voice.no']} | {t['stale.page']} | {t['stale.reason']} |"
    for owner, group in voice_by_owner(voice).items():
        lines += [f"#### {md(owner)}", "", header, "|---:|---|---|"]
        for page in group:
            link = f"[{md(page.title)}]({link_target(page.url)})<br>{code(prefix + page.path)}"
            lines.append(f"| {page.unhelpful_since_review} | {link} | {md(reasons_text(page.reasons_since_review))} |")
        lines.append("")
    return "\n".join(lines)


@click.command(name="stale")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
    help="table (for people), json (freshness.json's shape), markdown (for issues/chat).",
)
@click.option("--owner", help="Only entries of this owner (e.g. cs-ordering).")
@click.option(
    "--fail-on",
    type=click.Choice([OVERDUE, DUE_SOON]),
    help="Exit 1 when an entry is in this state or worse (for CI gates).",
)
@click.option(
    "--insights",
    "insights_db",
    metavar="DB",
    help="The collector's database (sqlite:///… or postgresql://…): also list, per owner, the answers "
    "customers marked not helpful since their last review (お客様の声).",
)
@click.pass_context
def command(
    ctx: click.Context, output_format: str, owner: str | None, fail_on: str | None, insights_db: str | None
) -> None:
    """期限切れ・期限間近の項目を担当別に一覧する / List overdue and due-soon entries by owner."""
    project = open_project(ctx)
    now = now_in_site(project)
    entries, categories = stale_report(project, now, owner)
    voice = customer_voice(project, insights_db, owner) if insights_db else None
    if output_format == "json":
        document = report_document(entries, project.policy, now)
        if voice is not None:
            document["customer_voice"] = [voice_json(page) for page in voice]
        click.echo(report_json(document))
    elif not entries:
        click.echo(
            f"Nothing is overdue or due soon{f' for {owner}' if owner else ''} "
            f"(as of {now.isoformat(timespec='minutes')})."
        )
    elif output_format == "markdown":
        click.echo(render_markdown(entries, project, now, categories), nl=False)
    else:
        click.echo(render_table(entries, project, categories), nl=False)
        counts = {state: sum(1 for e in entries if e.state == state) for state in (OVERDUE, DUE_SOON)}
        click.echo(
            f"{counts[OVERDUE]} overdue, {counts[DUE_SOON]} due soon (as of {now.isoformat(timespec='minutes')})"
        )
    if voice and output_format != "json":
        click.echo("")
        click.echo(
            render_voice_markdown(voice, project.shown_prefix, project.language)
            if output_format == "markdown"
            else render_voice_table(voice, project.shown_prefix, project.language),
            nl=False,
        )
    if fail_on and any(SEVERITY[e.state] >= SEVERITY[fail_on] for e in entries):
        ctx.exit(1)
