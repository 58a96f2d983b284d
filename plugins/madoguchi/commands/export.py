"""`madoguchi export csv|xlsx OUT`: every FAQ entry as one row, for managers who follow the
review status in a spreadsheet and for moving content back into one.

Columns: category, title, owner, reviewed, due, state, URL, path, then tags and answer, so
the file imports again (`madoguchi import csv|xlsx`): `path` keeps each row on its file, and
an unchanged row changes nothing. The CSV is UTF-8 with a BOM (Excel then reads Japanese
correctly) with English headers; the xlsx has Japanese headers, a frozen header row,
filters, coloured states and real dates. Internal entries are included (this is a staff
document); drafts have the state `draft` and no due date.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import click

from ..category_path import category_path
from ..edition import INTERNAL
from ..freshness import DUE_SOON, FRESH, OVERDUE, assess
from ..i18n import strings
from ..model import FaqEntry
from ..project import Project
from ..urls import absolute_url, page_url
from ._project import now_in_site, open_project

DRAFT = "draft"
# (CSV header, xlsx header); the importer reads both.
COLUMNS = (
    ("category", "カテゴリ"),
    ("title", "質問"),
    ("owner", "担当"),
    ("reviewed", "確認日"),
    ("due", "期限"),
    ("state", "状態"),
    ("url", "URL"),
    ("path", "パス"),
    ("tags", "タグ"),
    ("answer", "回答"),
)
FILLS = {OVERDUE: "F8CBAD", DUE_SOON: "FFE699", FRESH: "C6EFCE", DRAFT: "D9D9D9"}
WIDTHS = (18, 48, 14, 12, 12, 14, 40, 40, 20, 60)


def export_rows(project: Project) -> list[dict[str, Any]]:
    """One mapping per FAQ entry (sorted by path), with dates as dates."""
    now = now_in_site(project)
    site = project.load(now, edition=INTERNAL)
    if site.problems:
        for problem in site.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{len(site.problems)} content error(s): fix them first (`madoguchi check`)")
    rows = []
    for entry in sorted(site.entries.values(), key=lambda item: item.path):
        if not isinstance(entry, FaqEntry):
            continue
        due: date | None = None
        if entry.draft:
            state = DRAFT
        else:
            assessment = assess(entry, project.policy, now)
            state = assessment.state
            due = assessment.due.astimezone(project.policy.timezone).date() if assessment.due else None
        rows.append(
            {
                "category": category_path(site, entry.category),  # 大分類 › 小分類 in a subcategory
                "title": entry.title,
                "owner": entry.owner or "",
                "reviewed": entry.reviewed.astimezone(project.policy.timezone).date() if entry.reviewed else None,
                "due": due,
                "state": state,
                "url": absolute_url(project.site_url, page_url(entry.path, project.use_directory_urls)),
                "path": entry.path,
                "tags": ", ".join(entry.tags),
                "answer": entry.body.strip(),
            }
        )
    return rows


def write_csv(rows: list[dict[str, Any]], out: Path) -> None:
    with open(out, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([name for name, _ in COLUMNS])
        for row in rows:
            writer.writerow(
                [
                    value.isoformat() if isinstance(value, date) else ("" if value is None else value)
                    for value in (row[name] for name, _ in COLUMNS)
                ]
            )


def write_xlsx(rows: list[dict[str, Any]], out: Path, language: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    labels = strings(language)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "FAQ"
    sheet.append([japanese for _, japanese in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    state_column = [name for name, _ in COLUMNS].index("state") + 1
    for row in rows:
        values = [row[name] for name, _ in COLUMNS]
        values[state_column - 1] = (
            "下書き" if row["state"] == DRAFT else labels.get(f"state.{row['state']}", row["state"])
        )
        sheet.append(values)
        number = sheet.max_row
        for name, column in (("reviewed", 4), ("due", 5)):
            if row[name] is not None:
                sheet.cell(number, column).number_format = "yyyy-mm-dd"
        sheet.cell(number, state_column).fill = PatternFill("solid", fgColor=FILLS[row["state"]])
        sheet.cell(number, len(COLUMNS)).alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.save(out)


@click.command(name="export")
@click.argument("kind", type=click.Choice(["csv", "xlsx"]))
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def command(ctx: click.Context, kind: str, out: Path) -> None:
    """FAQ の一覧を書き出す / Export every FAQ entry (review status) as CSV or Excel."""
    project = open_project(ctx)
    rows = export_rows(project)
    if kind == "csv":
        write_csv(rows, out)
    else:
        write_xlsx(rows, out, project.language)
    states = {state: sum(1 for row in rows if row["state"] == state) for state in (OVERDUE, DUE_SOON, FRESH, DRAFT)}
    click.echo(f"{out}: {len(rows)} entries ({', '.join(f'{n} {state}' for state, n in states.items())})")
