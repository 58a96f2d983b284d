"""Madoguchi's options are MkDocs config options: a bad value stops `mkdocs build` and every
`madoguchi` command with the error MkDocs words, naming the option (and, inside `notify`,
each sub-option down to the bad one), the same in both."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.site import madoguchi, make_site, mkdocs_build

PLUGIN = "Config value 'plugins': Plugin 'madoguchi/freshness' option "

CASES = [
    ("      review_every: 3 months", PLUGIN + "'review_every': '3 months' is not an interval"),
    ("      warn_before: 0d", PLUGIN + "'warn_before': '0d' must be longer than zero"),
    ("      timezone: Mars/Base", PLUGIN + "'timezone': 'Mars/Base' is not an IANA time zone (e.g. Asia/Tokyo)"),
    (
        "      update_every: {default: 4h, severe: 1h}",
        PLUGIN + "'update_every': Unknown impact 'severe' (expected one of default, minor, major, critical)",
    ),
    ("      update_every: {critical: soon}", PLUGIN + "'update_every': critical: 'soon' is not an interval"),
    (
        "      notify: {owners: {cs-ordering: {github: yes-please}}}",
        PLUGIN + "'notify': Sub-option 'owners': Sub-option 'cs-ordering': Sub-option 'github': "
        "Expected type: <class 'bool'> but received: <class 'str'>",
    ),
    (
        "      notify: {colour: green}",
        PLUGIN + "'notify': Sub-option 'colour': unknown option (expected one of language, ",
    ),
    (
        '      notify: {github: {repo: a/b, api_url: "http://ghe.example.jp/api/v3"}}',
        PLUGIN + "'notify': Sub-option 'github': Sub-option 'api_url': http:// はトークンを平文で送るため使えません",
    ),
    (
        '      notify: {defaults: {notify: "json://hooks.example.jp/{HOME}"}}',
        PLUGIN + "'notify': Sub-option 'defaults': Sub-option 'notify': Item 0: {HOME}: 環境変数 HOME は読めません",
    ),
]


@pytest.mark.parametrize(("options", "message"), CASES, ids=[case[0].strip() for case in CASES])
def test_a_bad_option_stops_the_build_and_the_commands_with_the_error_mkdocs_words(
    tmp_path: Path, options: str, message: str
) -> None:
    root = make_site(tmp_path, options=options, commit_date=None)

    built = mkdocs_build(root)
    checked = madoguchi(root, "check")

    assert built.returncode == 1
    assert message in built.stderr
    assert not (root / "site").exists()
    assert checked.returncode == 1
    assert checked.stderr.startswith(f"Error: mkdocs.yml: {message}")
    assert len(checked.stderr.strip().splitlines()) == 1


def test_the_options_as_written_in_the_readme_build(tmp_path: Path) -> None:
    options = """      timezone: Europe/Paris
      review_every: 12w
      update_every: {default: 4h, critical: 1h}
      notify:
        remind_every: null
        lookback: auto
        defaults: {notify: "{MADOGUCHI_SLACK_URL}", github: true}
        owners:
          cs-ordering: {notify: [], github: false}
        github: {repo: midori/support, labels: [madoguchi, faq]}"""
    root = make_site(tmp_path, options=options, commit_date=None)

    result = madoguchi(root, "notify", "--dry-run")

    assert mkdocs_build(root).returncode == 0
    assert result.returncode == 0, result.stderr
    assert "cs-ordering" in result.stdout
