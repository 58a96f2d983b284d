"""Options of `madoguchi/freshness` (typed, with defaults); the CLI validates mkdocs.yml with them."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from ...kinds import layout
from ...leaks import DEFAULT_INTERNAL_HOSTS, LEAK_LEVELS
from ...publishable import DEFAULT_ASSET_ALLOWLIST


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


class FreshnessConfig(Config):
    """Options of `madoguchi/freshness`; `madoguchi` commands read the same ones from mkdocs.yml."""

    enabled = c.Type(bool, default=True)

    # Freshness policy (content contract)
    timezone = c.Type(str, default="Asia/Tokyo")
    review_every = c.Type(str, default="180d")
    warn_before = c.Type(str, default="14d")
    update_every = c.Type((str, dict), default="2h")  # one interval, or one per impact
    report_within = c.Type(str, default="14d")
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

    # Staleness alerts (`madoguchi notify`); validated by madoguchi.alerts
    notify = c.Type(dict, default={})
