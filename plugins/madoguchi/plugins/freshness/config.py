"""Options of `madoguchi/freshness`, declared once with their types and defaults: MkDocs
validates them (in a build, and in every `madoguchi` command through load_config) and the
Policy and the alerts' configuration are made from the validated values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from ...alerts.config import Notify
from ...config_options import Interval, IntervalPerImpact, Items, Text, TimeZone, validate
from ...kinds import layout
from ...leaks import DEFAULT_INTERNAL_HOSTS, LEAK_LEVELS
from ...pagination import DEFAULT_PAGE_SIZE
from ...policy import DEFAULTS, IMPACTS, UPDATE_EVERY, Policy, policy_from_config
from ...publishable import DEFAULT_ASSET_ALLOWLIST


class FeedbackConfig(Config):
    """`feedback:` the collector's events URL (`madoguchi collect`); unset: no widget, no request."""

    endpoint = c.Optional(c.URL())


class Folders(c.DictOfItems[str]):
    """`{kind: folder under content/}` (madoguchi.kinds): an unknown kind, a folder that is
    not one plain name, or one folder for two kinds is a config error."""

    def run_validation(self, value: object) -> dict[str, str]:
        folders = super().run_validation(value)
        try:
            layout(folders)
        except ValueError as error:
            raise c.ValidationError(str(error)) from None
        return folders


class PageSize(c.Type[int]):
    """`listing_page_size`: entries per listing page (pagination.py), a whole number ≥ 1."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        size = super().run_validation(value)
        if isinstance(size, bool) or size < 1:
            raise c.ValidationError(f"1 以上の整数にしてください / must be a whole number of at least 1, not {value!r}")
        return size


class FreshnessConfig(Config):
    """Options of `madoguchi/freshness`; `madoguchi` commands read the same ones from mkdocs.yml."""

    enabled = c.Type(bool, default=True)

    # Freshness policy (content contract); the defaults are policy.DEFAULTS
    timezone = TimeZone(DEFAULTS.timezone)
    review_every = Interval(DEFAULTS.review_every)
    warn_before = Interval(DEFAULTS.warn_before)
    update_every = IntervalPerImpact(IMPACTS, UPDATE_EVERY)  # one interval, or one per impact
    report_within = Interval(DEFAULTS.report_within)
    default_owner = c.Optional(c.Type(str))

    # How the site shows and gates staleness
    reader_notice = c.Choice(("banner", "badge", "none"), default="badge")
    fail_on = c.Optional(c.Choice(("overdue", "due-soon")))
    git_dates = c.Type(bool, default=True)
    # Overdue pages listed one per line in the build log; the rest as "… and N more" (-v: all)
    overdue_lines = c.Type(int, default=20)

    # Which folder under content/ holds which kind of entry, e.g. {faq: faq, incident: incidents}
    # (the defaults); a folder's name is part of its pages' URLs
    folders = Folders(c.Type(str), default={})

    # Navigation and listings
    category_nav = c.Type(bool, default=True)
    cache_nav = c.Type(bool, default=True)  # render the sidebar once per place (nav_cache.py)
    recent = c.Type(int, default=8)
    # Entries per page of a category page or the incidents index; the rest on
    # `<listing url>page/<n>/` (content contract "Subcategories and long listings")
    listing_page_size = PageSize(DEFAULT_PAGE_SIZE)

    # Audiences (content contract "Audiences"): `public` drops internal entries, internal
    # blocks and HTML comments and writes no owner, due date or freshness.json; `internal` is
    # the staff edition (mkdocs.internal.yml). `report_issue` configures its "report an error"
    # link (default: the tracker of `notify`); `false` turns it off.
    edition = c.Choice(("public", "internal"), default="public")
    report_issue = c.Type((dict, bool), default=True)

    # What publishes (publishable.py): extensions (or file names) of non-Markdown files in
    # content/ that are published; everything else there stays out of the site.
    asset_allowlist = c.ListOfItems(c.Type(str), default=list(DEFAULT_ASSET_ALLOWLIST))
    # Pass the rendered HTML of pages, incident updates and the feed through the allowlist
    # sanitiser (sanitize.py); dangerous input is refused either way.
    sanitize_html = c.Type(bool, default=True)

    # Leak guard (leaks.py): contact details and hosts that may appear in public content,
    # what a finding is in the public edition, and which hosts are internal
    leak_allowlist = c.ListOfItems(c.Type(str), default=[])
    leak_level = c.Choice(LEAK_LEVELS, default="error")
    internal_hosts = c.ListOfItems(c.Type(str), default=list(DEFAULT_INTERNAL_HOSTS))

    # Guard rails (guards.py): the site's own front-matter keys (for its templates); any
    # other unknown key is a warning, or an error when it is close to a known one
    extra_keys = Items(Text(pattern=r"^[A-Za-z_][\w-]*$", shape="a front-matter key"), default=[], empty=True)

    # Customer voice (docs/feedback.md): "この回答は役に立ちましたか？" and search signals,
    # sent to `feedback.endpoint`
    feedback = c.SubConfig(FeedbackConfig)

    # Staleness alerts (`madoguchi notify`): a NotifyConfig (alerts/config.py)
    notify = Notify()


def policy_from_options(raw: Mapping[str, Any]) -> Policy:
    """The Policy of plugin options as written in mkdocs.yml, validated as MkDocs does (for
    tests and tools; a build and the commands use policy_from_config on the loaded config)."""
    return policy_from_config(validate(FreshnessConfig, raw))
