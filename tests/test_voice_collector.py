"""`madoguchi collect` (issue 16, items 3 and quality): the collector started as a process on
127.0.0.1, with SQLite and with a real PostgreSQL server. Only the site's origin, only JSON,
at most 2 KB, only the four events; hostile input gets its 4xx, nothing is stored and the
service stays up; no stored byte and no log line holds an address, a user agent or a cookie."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from support.site import CLI_OPTIONS, REPO, madoguchi, make_site, run
from support.voice import (  # noqa: F401 (postgres, db_url are fixtures)
    JSON,
    ORIGIN,
    Collector,
    db_url,
    postgres,
    start_collector,
    stored_count,
    stored_rows,
)

FEEDBACK = {"type": "feedback", "page": "/faq/ordering/cancel/", "helpful": False, "reason": "outdated"}


@pytest.fixture
def collector(tmp_path: Path, db_url: str) -> Iterator[Collector]:  # noqa: F811
    running = start_collector(tmp_path, db_url)
    yield running
    running.stop()


@pytest.fixture
def sqlite_collector(tmp_path: Path) -> Iterator[Collector]:
    running = start_collector(tmp_path, f"sqlite:///{tmp_path / 'voice.db'}")
    yield running
    running.stop()


def test_each_of_the_four_events_is_stored_as_sent_with_no_more_than_its_fields(collector: Collector) -> None:
    sent = [
        FEEDBACK,
        {"type": "feedback", "page": "/faq/ordering/cancel/", "helpful": True, "reason": None},
        {"type": "feedback", "page": "/support/faq/%E6%B3%A8%E6%96%87/", "helpful": False},
        {"type": "search_zero", "query": "  ｻﾌﾞｽｸ　の　解約 "},
        {"type": "search_open", "query": "キャンセル", "page": "/faq/ordering/cancel/", "position": 2},
        {
            "type": "search_recovered",
            "failed_query": "注文やめたい",
            "query": "キャンセル",
            "page": "/faq/ordering/cancel/",
        },
    ]
    answers = [collector.post(event) for event in sent]

    assert [a.status_code for a in answers] == [204] * 6
    assert all(a.headers["access-control-allow-origin"] == ORIGIN for a in answers)
    rows = [
        {k: v for k, v in row.items() if v is not None and k not in ("id", "received")}
        for row in stored_rows(collector.db)
    ]
    assert rows == [
        {"type": "feedback", "page": "/faq/ordering/cancel/", "helpful": False, "reason": "outdated"},
        {"type": "feedback", "page": "/faq/ordering/cancel/", "helpful": True},
        {"type": "feedback", "page": "/support/faq/%E6%B3%A8%E6%96%87/", "helpful": False},
        {"type": "search_zero", "query": "サブスク の 解約"},  # NFKC, spaces collapsed
        {"type": "search_open", "query": "キャンセル", "page": "/faq/ordering/cancel/", "position": 2},
        {
            "type": "search_recovered",
            "failed_query": "注文やめたい",
            "query": "キャンセル",
            "page": "/faq/ordering/cancel/",
        },
    ]
    # the second it arrived, in UTC (MADOGUCHI_NOW is 2026-11-23 12:00 in Tokyo)
    assert {str(row["received"]) for row in stored_rows(collector.db)} == {"2026-11-23 03:00:00"}


def test_a_preflight_from_the_site_is_answered_and_from_elsewhere_refused(sqlite_collector: Collector) -> None:
    preflight = {
        "Origin": ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    ok = sqlite_collector.client.options(sqlite_collector.events_url, headers=preflight)
    foreign = sqlite_collector.client.options(
        sqlite_collector.events_url, headers={**preflight, "Origin": "https://evil.example"}
    )

    assert ok.status_code == 204
    assert ok.headers["access-control-allow-origin"] == ORIGIN
    assert ok.headers["access-control-allow-methods"] == "POST, OPTIONS"
    assert ok.headers["access-control-allow-headers"] == "Content-Type"
    assert foreign.status_code == 403
    assert "access-control-allow-origin" not in foreign.headers


def big_chunks() -> Iterator[bytes]:
    for _ in range(1024):
        yield b"x" * 1024


HTML = "<script>alert(1)</script>"
HOSTILE: list[tuple[str, dict[str, str], object, int]] = [
    # (case, headers, body: bytes/iterator or a JSON value, status)
    ("wrong origin", {**JSON, "Origin": "https://evil.example"}, FEEDBACK, 403),
    ("origin of another port", {**JSON, "Origin": ORIGIN + ":8443"}, FEEDBACK, 403),
    ("no origin", {"Content-Type": "application/json"}, FEEDBACK, 403),
    ("text/plain", {**JSON, "Content-Type": "text/plain"}, b'{"type": "search_zero", "query": "a"}', 415),
    ("a form", {**JSON, "Content-Type": "application/x-www-form-urlencoded"}, b"type=search_zero&query=a", 415),
    ("no content type", {"Origin": ORIGIN}, b'{"type": "search_zero", "query": "a"}', 415),
    ("1 MB body", JSON, b'{"type": "search_zero", "query": "' + b"a" * (1 << 20) + b'"}', 413),
    ("1 MB body, chunked", JSON, big_chunks, 413),
    ("invalid JSON", JSON, b'{"type": "feedback", "page": ', 400),
    ("not UTF-8", JSON, b'{"type": "search_zero", "query": "\xff\xfe"}', 400),
    ("deeply nested", JSON, b"[" * 1000 + b"]" * 1000, 400),
    ("a list", JSON, [FEEDBACK], 422),
    ("unknown event type", JSON, {"type": "page_view", "page": "/"}, 422),
    ("unknown key", JSON, {**FEEDBACK, "user_id": "u-123"}, 422),
    ("missing key", JSON, {"type": "feedback", "page": "/faq/a/b/"}, 422),
    ("10,000-character query", JSON, {"type": "search_zero", "query": "あ" * 10_000}, 413),
    ("300-character query", JSON, {"type": "search_zero", "query": "a" * 300}, 422),
    ("201 characters after NFKC", JSON, {"type": "search_zero", "query": "㍿" * 51}, 422),
    ("reason with helpful", JSON, {**FEEDBACK, "helpful": True}, 422),
    ("unknown reason", JSON, {**FEEDBACK, "reason": "spam"}, 422),
    ("helpful as text", JSON, {**FEEDBACK, "helpful": "false"}, 422),
    ("position 0", JSON, {"type": "search_open", "query": "a", "page": "/faq/a/b/", "position": 0}, 422),
    ("position true", JSON, {"type": "search_open", "query": "a", "page": "/faq/a/b/", "position": True}, 422),
    ("a full URL as page", JSON, {**FEEDBACK, "page": "https://evil.example/faq/"}, 422),
    ("scheme-relative page", JSON, {**FEEDBACK, "page": "//evil.example/faq/"}, 422),
    ("bidi override in a query", JSON, {"type": "search_zero", "query": "abc\u202edef"}, 422),
    ("HTML as type", JSON, {**FEEDBACK, "type": HTML}, 422),
    ("HTML as page", JSON, {**FEEDBACK, "page": "/faq/" + HTML + "/"}, 422),
    ("HTML as helpful", JSON, {**FEEDBACK, "helpful": HTML}, 422),
    ("HTML as reason", JSON, {**FEEDBACK, "reason": HTML}, 422),
    ("HTML as query", JSON, {"type": "search_zero", "query": HTML}, 422),
    (
        "HTML as failed query",
        JSON,
        {"type": "search_recovered", "failed_query": HTML, "query": "a", "page": "/a/"},
        422,
    ),
    ("HTML as position", JSON, {"type": "search_open", "query": "a", "page": "/a/", "position": HTML}, 422),
    ("HTML as a key", JSON, {**FEEDBACK, HTML: 1}, 422),
]


@pytest.mark.parametrize(("case", "headers", "body", "status"), HOSTILE, ids=[case for case, *_ in HOSTILE])
def test_hostile_input_gets_its_4xx_nothing_is_stored_and_the_service_stays_up(
    collector: Collector, case: str, headers: dict[str, str], body: object, status: int
) -> None:
    if callable(body):  # a fresh generator for each run: a chunked body of unknown length
        body = body()
    if isinstance(body, bytes) or hasattr(body, "__next__"):
        answer = collector.client.post(collector.events_url, content=body, headers=headers)  # type: ignore[arg-type]
    else:
        answer = collector.client.post(collector.events_url, json=body, headers=headers)

    assert answer.status_code == status, answer.text
    assert stored_count(collector.db) == 0
    assert collector.is_up()
    assert collector.post(FEEDBACK).status_code == 204  # and still takes good events


def test_other_methods_and_paths_are_refused(sqlite_collector: Collector) -> None:
    client = sqlite_collector.client
    assert client.get(sqlite_collector.events_url, headers=JSON).status_code == 405
    assert client.put(sqlite_collector.events_url, json=FEEDBACK, headers=JSON).status_code == 405
    assert client.post(sqlite_collector.url + "/", json=FEEDBACK, headers=JSON).status_code == 404
    assert stored_count(sqlite_collector.db) == 0


def test_a_thousand_requests_from_one_address_in_a_second_are_held_to_the_rate_limit(
    sqlite_collector: Collector,
) -> None:
    # defaults: a burst of 30, then 2 per second for each address
    started = time.monotonic()
    statuses = [sqlite_collector.post({"type": "search_zero", "query": f"q{i}"}).status_code for i in range(1000)]
    elapsed = time.monotonic() - started

    accepted = statuses.count(204)
    assert set(statuses) == {204, 429}
    assert 30 <= accepted <= 30 + 2 * elapsed + 1
    assert statuses[:30] == [204] * 30
    assert stored_count(sqlite_collector.db) == accepted  # nothing refused was stored
    assert sqlite_collector.is_up()
    # the bucket refills at 2 per second (a slow machine may take longer than that to come here):
    # a few requests in a row empty it again, and the refused one says when to retry
    answers = [sqlite_collector.post(FEEDBACK) for _ in range(5)]
    refused = [answer for answer in answers if answer.status_code != 204]
    assert refused and all(r.status_code == 429 and r.headers["retry-after"] == "1" for r in refused)


def test_a_client_that_goes_away_mid_body_leaves_nothing_behind(sqlite_collector: Collector) -> None:
    import socket

    host, port = "127.0.0.1", int(sqlite_collector.url.rsplit(":", 1)[1])
    with socket.create_connection((host, port)) as raw:
        raw.sendall(
            b"POST /events HTTP/1.1\r\nHost: x\r\nOrigin: " + ORIGIN.encode() + b"\r\n"
            b'Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{"type": "search_zero"'
        )
    assert sqlite_collector.is_up()
    assert stored_count(sqlite_collector.db) == 0


PROBE_IP = "203.0.113.77"
PROBE_UA = "Mozilla/5.0 PrivacyProbe-UA-7f3"
PROBE_COOKIE = "session=cookie-SECRET-4e1"


def test_no_stored_row_and_no_log_line_holds_an_address_a_user_agent_or_a_cookie(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'voice.db'}"
    collector = start_collector(tmp_path, db)
    headers = {
        **JSON,
        "User-Agent": PROBE_UA,
        "Cookie": PROBE_COOKIE,
        "X-Forwarded-For": PROBE_IP,
        "X-Real-IP": PROBE_IP,
        "Referer": "https://faq.example.jp/faq/?u=" + PROBE_IP,
    }
    events = [
        FEEDBACK,
        {"type": "search_zero", "query": "サブスク"},
        {"type": "search_open", "query": "キャンセル", "page": "/faq/ordering/cancel/", "position": 1},
        {
            "type": "search_recovered",
            "failed_query": "注文やめたい",
            "query": "キャンセル",
            "page": "/faq/ordering/cancel/",
        },
    ]
    assert [collector.post(event, headers).status_code for event in events] == [204] * 4
    assert collector.post({"type": "nope"}, headers).status_code == 422
    output = collector.stop()

    rows = stored_rows(db)
    assert len(rows) == 4
    assert set(rows[0]) == {"id", "received", "type", "page", "helpful", "reason", "query", "failed_query", "position"}
    for row in rows:
        for value in row.values():
            text = str(value)
            for probe in ("127.0.0.1", PROBE_IP, PROBE_UA, "PrivacyProbe", "cookie-SECRET", "Mozilla"):
                assert probe not in text
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("voice.db*"))
    for probe in (b"127.0.0.1", PROBE_IP.encode(), b"PrivacyProbe", b"cookie-SECRET"):
        assert probe not in raw
    # the only output is the start line; no request is ever logged
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("madoguchi collect: http://127.0.0.1:"), output
    for probe in (PROBE_IP, "PrivacyProbe", "cookie-SECRET", "POST", "/events HTTP"):
        assert probe not in output


def test_health_says_ok_and_help_says_how_to_deploy(sqlite_collector: Collector, tmp_path: Path) -> None:
    health = httpx.get(sqlite_collector.url + "/health")
    assert health.status_code == 200 and health.json() == {"status": "ok"}

    result = madoguchi(tmp_path, "collect", "--help")
    assert result.returncode == 0
    for words in (
        "container",
        "systemd",
        "docs/feedback.md",
        "postgresql://",
        "sqlite:///",
        "--allow-origin",
        "ExecStart=",
        "no IP address",
    ):
        assert words in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--db", "mysql://root@localhost/voice"],
            "--db mysql://root@localhost/voice: expected sqlite:///path.db or postgresql://",
        ),
        (
            ["--db", "postgresql://voice:SECRET-pw-91@127.0.0.1:1/voice"],
            "--db postgresql+psycopg://voice:***@127.0.0.1:1/voice: OperationalError",
        ),
        (["--allow-origin", "faq.example.jp"], "--allow-origin faq.example.jp: expected scheme://host[:port]"),
    ],
)
def test_an_unusable_option_is_one_line_and_never_prints_a_password(
    tmp_path: Path, args: list[str], message: str
) -> None:
    if "--allow-origin" not in args:
        args = [*args, "--allow-origin", ORIGIN]
    result = madoguchi(tmp_path, "collect", "--port", "1", *args)

    assert result.returncode == 1
    assert message in result.stderr
    assert "SECRET-pw-91" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_postgresql_urls_go_through_psycopg_3_and_several_collectors_share_one_database(
    tmp_path: Path,
    postgres,  # noqa: F811
) -> None:
    db = postgres.new_database()
    first, second = start_collector(tmp_path, db), start_collector(tmp_path, db)
    try:
        for i in range(10):
            assert (first if i % 2 else second).post({"type": "search_zero", "query": f"q{i}"}).status_code == 204
    finally:
        first.stop(), second.stop()
    assert sorted(row["query"] for row in stored_rows(db)) == [f"q{i}" for i in range(10)]


def test_without_allow_origin_the_sites_own_origin_is_the_one_accepted(tmp_path: Path) -> None:
    site = make_site(tmp_path, "cli", options=CLI_OPTIONS)  # site_url: https://faq.example.jp/
    collector = start_collector(tmp_path, f"sqlite:///{tmp_path / 'voice.db'}", cwd=site, origin=False)
    try:
        assert collector.post(FEEDBACK).status_code == 204
        assert collector.post(FEEDBACK, {**JSON, "Origin": "https://other.example.jp"}).status_code == 403
    finally:
        output = collector.stop()
    assert "(origins: https://faq.example.jp)" in output
    alone = madoguchi(tmp_path, "collect", "--port", "1")  # no mkdocs.yml here
    assert alone.returncode == 1
    assert "--allow-origin: give the site's origin, e.g. https://faq.example.jp" in alone.stderr


def test_voice_bench_reports_throughput_and_latency_and_loses_no_event(tmp_path: Path) -> None:
    result = run(
        [
            sys.executable,
            str(REPO / "scripts/voice-bench"),
            "--backend",
            "sqlite",
            "--events",
            "200",
            "--concurrency",
            "4",
            "--json",
        ],
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    (report,) = json.loads(result.stdout)
    assert report["backend"] == "sqlite" and report["client"] == "raw"
    assert report["acknowledged"] == 200 and report["refused"] == 0 and report["lost"] == 0
    assert report["stored"] == 200 + 200  # the warm-up (min(500, events)) and the measured run
    assert report["events_per_second"] > 0 and 0 < report["p50_ms"] <= report["p99_ms"] <= report["max_ms"]
    assert len(report["load_average"]["before"]) == 3
