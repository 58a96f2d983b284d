"""`madoguchi notify`: tell each owner what is overdue or due soon, in their own channels."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import click

from ..alerts.config import AlertConfig, alert_config
from ..alerts.delivery import Retry
from ..alerts.digest import Digest, Item, VoiceItem, action_for, build_digests, is_news, previous_run
from ..alerts.run import AlertRun
from ..alerts.secrets import (
    WORKFLOW,
    RedactingFilter,
    Redactor,
    SecretError,
    check_environment,
    not_in_workflow,
    workflow_line,
)
from ..category_path import entry_category_path
from ..edition import INTERNAL
from ..i18n import strings as alert_strings
from ..model import Incident
from ..project import Project, ProjectError, load_project
from ..report import report_entry
from ..staleness import OVERDUE, assess, is_tracked

BACKOFF_ENV = "MADOGUCHI_NOTIFY_BACKOFF"
VOICE_DB_ENV = "MADOGUCHI_VOICE_DB"
NO_OWNER = "(no owner)"


def stale_items(project: Project, config: AlertConfig, now: datetime) -> tuple[list[Item], set[str], list[str]]:
    """(stale items, every owner of a tracked page, problems) using the report's own rules."""
    # Every entry someone must keep true, internal ones included (both editions' pages).
    site = project.load(now, edition=INTERNAL)
    policy = project.policy
    since = now - config.lookback if config.lookback else previous_run(now)
    items: list[Item] = []
    owners: set[str] = set()
    for entry in site.published():
        if not is_tracked(entry):
            continue
        try:
            assessment = assess(entry, policy, now)
        except ValueError:
            continue  # an invalid entry: its problem is reported below
        owner = entry.owner or NO_OWNER
        owners.add(owner)
        if assessment.state not in (OVERDUE, "due-soon") or assessment.due is None:
            continue
        reported = report_entry(
            entry,
            assessment,
            policy,
            site_url=project.site_url,
            use_directory_urls=project.use_directory_urls,
        )
        shown_path = project.shown_prefix + entry.path
        incident = entry if isinstance(entry, Incident) else None  # its status decides the action
        label, action = action_for(
            entry.type,
            shown_path,
            status=incident.status if incident is not None else None,
            resolved=incident is not None and incident.resolved,
        )
        items.append(
            Item(
                path=entry.path,
                title=entry.title,
                owner=owner,
                state=assessment.state,
                due=assessment.due,
                url=reported.url,
                source_url=project.source_url(shown_path[len(project.shown_prefix) :]),
                action=action,
                action_label=label,
                category=entry_category_path(site, entry),  # 大分類 › 小分類
                new=is_news(
                    assessment.state,
                    assessment.due,
                    now,
                    warn_before=policy.warn_before,
                    since=since,
                    remind_every=config.remind_every,
                ),
            )
        )
    return items, owners, [str(problem) for problem in site.problems]


def secret_notes(config: AlertConfig, environ: Mapping[str, str], root: Path, *, dry_run: bool) -> list[str]:
    """What will keep a secret from reaching the run, each with the workflow line to add: a
    variable the config names that the project's workflow does not pass to the job, and (in a
    dry run, which sends nothing and so cannot fail) one that is not set here."""
    t = alert_strings(config.language)
    names = config.secret_names()
    notes = []
    workflow = root / WORKFLOW
    if workflow.is_file():
        text = workflow.read_text(encoding="utf-8")
        for name in not_in_workflow(names, text):
            notes.append(t["run.not_in_workflow"].format(workflow=WORKFLOW, name=name, line=workflow_line(name)))
    unset = sorted(name for name in names if not environ.get(name))
    if dry_run and unset:
        notes.append(t["run.missing_env"].format(names=", ".join(unset)))
    return notes


def voice_items(project: Project, db: str, since: datetime) -> dict[str, list[VoiceItem]]:
    """Per owner, the answers marked not helpful since their last review (insights.py)."""
    from ..insights import reasons_text, utc_naive
    from .insights import site_voice

    grouped: dict[str, list[VoiceItem]] = {}
    for page in site_voice(project, db).unhelpful_since_review():
        grouped.setdefault(page.owner or NO_OWNER, []).append(
            VoiceItem(
                path=page.path,
                title=page.title,
                url=page.url,
                unhelpful=page.unhelpful_since_review,
                reasons=reasons_text(page.reasons_since_review),
                new=page.last_unhelpful is not None and page.last_unhelpful > utc_naive(since),
            )
        )
    return grouped


def with_voice(digests: dict[str, Digest], voice: dict[str, list[VoiceItem]], config: AlertConfig) -> dict[str, Digest]:
    merged = dict(digests)
    for owner, items in voice.items():
        digest = merged.get(owner) or Digest(owner, (), (), config.report_url)
        merged[owner] = replace(digest, voice=tuple(items))
    return dict(sorted(merged.items()))


def _logging(redactor: Redactor) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactingFilter(redactor))
    handler.setFormatter(logging.Formatter("%(name)s: %(levelname)s: %(message)s"))
    for name in ("apprise", "madoguchi", "urllib3"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.propagate = False
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.WARNING)


@click.command("notify")
@click.option("--dry-run", is_flag=True, help="Print what would be sent to whom; send nothing.")
@click.option("--owner", "only", multiple=True, metavar="OWNER", help="Only this owner (repeatable).")
@click.option(
    "--all",
    "send_all",
    is_flag=True,
    help="Send chat and mail digests even when nothing is new since the previous run.",
)
@click.option(
    "--backoff",
    type=click.FloatRange(min=0),
    envvar=BACKOFF_ENV,
    default=None,
    help=f"Seconds before the first retry, doubling after each (env {BACKOFF_ENV}).",
)
@click.option(
    "--insights",
    "insights_db",
    envvar=VOICE_DB_ENV,
    metavar="DB",
    help=f"The collector's database (or env {VOICE_DB_ENV}): also tell each owner the answers "
    "customers marked not helpful since their last review (お客様の声).",
)
@click.pass_obj
def command(
    config_file: str,
    dry_run: bool,
    only: tuple[str, ...],
    send_all: bool,
    backoff: float | None,
    insights_db: str | None,
) -> None:
    """確認期限切れ・まもなく期限のページを担当者ごとに通知する。

    Tell each owner, once per change (and then a reminder every `remind_every`), what is
    overdue or due soon: chat and mail through apprise, issues in GitHub and Backlog.
    """
    redactor = Redactor()
    _logging(redactor)
    try:
        project = load_project(config_file)
    except ProjectError as error:  # MkDocs validated `notify` with the rest of mkdocs.yml
        raise click.ClickException(str(error)) from None
    config = alert_config(
        project.options["notify"],
        # The default report link is the internal edition's freshness.json: the public
        # edition has none (run with -f mkdocs.internal.yml, or set notify.report_url).
        site_url=project.site_url if project.edition == INTERNAL else None,
    )
    try:
        # a malformed value (a token copied with its newline) stops the run before anything
        # is sent: one line naming the variable, never its value
        check_environment(config.secret_names(), os.environ)
    except SecretError as error:
        raise click.ClickException(str(error)) from None
    for note in secret_notes(config, os.environ, project.root, dry_run=dry_run):
        click.echo(redactor(note), err=True)
    if backoff is not None:
        config = replace(config, backoff=backoff)
    now = project.now()
    items, owners, problems = stale_items(project, config, now)
    for problem in problems:
        click.echo(problem, err=True)
    digests = build_digests(items, config)
    if insights_db:
        since = now - config.lookback if config.lookback else previous_run(now)
        digests = with_voice(digests, voice_items(project, insights_db, since), config)
        owners |= set(digests)
    everyone = sorted(owners | set(config.owners))
    if only:
        unknown = [owner for owner in only if owner not in everyone]
        if unknown:
            raise click.ClickException(f"--owner {unknown[0]}: no page has this owner (known: {', '.join(everyone)})")
        everyone = [owner for owner in everyone if owner in only]
    run = AlertRun(
        config=config,
        digests=digests,
        now=now,
        tz=project.policy.timezone,
        environ=os.environ,
        redactor=redactor,
        out=lambda line: click.echo(redactor(line)),
        err=lambda line: click.echo(redactor(line), err=True),
        dry_run=dry_run,
        send_all=send_all,
        retry=Retry(attempts=config.attempts, backoff=config.backoff),
    )
    if run.run(everyone):
        sys.exit(1)
