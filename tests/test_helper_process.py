"""Work shared with a forked helper process (madoguchi.helper_process): the same results in
the same order as doing it alone, whatever happens to the helper; and `load_site` reads the
same site either way."""

from __future__ import annotations

import gc
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import madoguchi.model.read as model_read  # the read tuning lives there
from madoguchi.helper_process import BACKGROUND_NICENESS, HelperFailed, StreamHelper, fork_context, map_in_order
from madoguchi.model import load_site
from madoguchi.policy import Policy
from madoguchi.timeutil import parse_datetime

POLICY = Policy(default_owner="cs-web")
NOW = parse_datetime("2026-11-23T12:00:00+09:00", POLICY.timezone)
PARENT = os.getpid()


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records every fork: the tests below must really use a helper.

    The suite's browser session keeps threads running, which production code never forks
    beside; they touch nothing a helper does (it computes, writes to its pipe and exits), so
    here they are not counted."""
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)  # a 1-CPU runner too
    if fork_context() is None:
        pytest.skip("fork is only used on Linux")
    started: list[int] = []
    real_fork = os.fork

    def recorded_fork() -> int:
        pid = real_fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recorded_fork)
    return started


def square_and_where(number: int) -> tuple[int, bool]:
    return number * number, os.getpid() == PARENT


def test_results_come_in_order_with_the_tail_computed_by_the_helper(forks: list[int]) -> None:
    results = list(map_in_order(square_and_where, range(1000), helper_share=0.5))
    assert [square for square, _ in results] == [n * n for n in range(1000)]
    assert all(here for _, here in results[:500])
    assert not any(here for _, here in results[500:])
    assert len(forks) == 1


def test_without_a_helper_everything_is_computed_here(forks: list[int]) -> None:
    results = list(map_in_order(square_and_where, range(100), helper_share=0.5, helper=False))
    assert results == [(n * n, True) for n in range(100)]
    assert forks == []


def dies_in_the_helper_at_700(number: int) -> tuple[int, bool]:
    if number == 700 and os.getpid() != PARENT:
        os._exit(3)  # as if killed: nothing after 700 reaches the parent
    return square_and_where(number)


def test_what_a_dead_helper_did_not_deliver_is_computed_here(forks: list[int]) -> None:
    results = list(map_in_order(dies_in_the_helper_at_700, range(1000), helper_share=0.5))
    assert [square for square, _ in results] == [n * n for n in range(1000)]
    assert all(here for _, here in results[700:])  # what the helper never computed
    assert len(forks) == 1


def big_result(number: int) -> str:
    return str(number) * 10_000


def test_stopping_early_stops_the_helper(forks: list[int]) -> None:
    """Closing the iterator (or an error in the caller) does not wait for the helper's share."""
    results = map_in_order(big_result, range(1000), helper_share=0.5)
    assert next(results) == "0" * 10_000
    results.close()
    assert len(forks) == 1
    with pytest.raises(ChildProcessError):  # already reaped: no zombie left behind
        os.waitpid(forks[0], os.WNOHANG)


def write(root: Path, path: str, data: bytes | str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def test_load_site_reads_the_same_site_with_and_without_the_helper(
    tmp_path: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Good entries and every kind of unreadable file, on both sides of the split."""
    write(tmp_path, "faq/ordering/index.md", "---\ntitle: ご注文\nowner: cs-ordering\n---\n")
    write(tmp_path, "faq/secret/index.md", "---\ntitle: 準備中\ndraft: true\n---\n")
    for number in range(40):
        write(
            tmp_path,
            f"faq/ordering/q{number:02}.md",
            f"---\ntitle: 質問{number}\nreviewed: 2026-0{number % 9 + 1}-01\ntags: [注文]\n---\n回答{number}\n",
        )
        write(tmp_path, f"faq/secret/s{number:02}.md", f"---\ntitle: 未公開{number}\nreviewed: 2026-01-01\n---\n")
    for side in ("a", "z"):  # sorted first (this process) and last (the helper)
        write(tmp_path, f"{side}-bad-yaml.md", "---\ntitle: [unclosed\n---\n")
        write(tmp_path, f"{side}-duplicate.md", "---\ntitle: a\ntitle: b\n---\n")
        write(tmp_path, f"{side}-not-utf8.md", b"---\ntitle: \x93\xfa\x96\x7b\n---\n")
        write(tmp_path, f"{side}-never-closed.md", "---\ntitle: x\n")
        write(tmp_path, f"{side}-future.md", "---\ntitle: x\nreviewed: 2099-01-01\n---\n")
    paths = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md"))
    paths.append("z-missing.md")

    monkeypatch.setattr(model_read, "HELPER_FROM_FILES", 10)
    shared = load_site(tmp_path, paths, POLICY, NOW, shown_prefix="content/")
    assert len(forks) == 1
    alone = load_site(tmp_path, paths, POLICY, NOW, shown_prefix="content/", parallel=False)
    assert len(forks) == 1

    assert shared == alone
    assert list(shared.entries) == list(alone.entries)
    assert len(shared.entries) == 82 and len(shared.drafts) == 41  # 80 questions, 2 pages
    shown = {(p.path, p.key) for p in shared.problems}
    for side in ("a", "z"):
        assert {
            (f"content/{side}-bad-yaml.md", "-"),
            (f"content/{side}-duplicate.md", "title"),
            (f"content/{side}-not-utf8.md", "-"),
            (f"content/{side}-never-closed.md", "-"),
            (f"content/{side}-future.md", "reviewed"),
        } <= shown
    assert ("content/z-missing.md", "-") in shown


def test_no_helper_is_forked_beside_other_threads() -> None:
    """`mkdocs serve` runs its server and watcher in threads: its rebuilds work alone."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert fork_context() is None
        assert list(map_in_order(square_and_where, range(10), helper_share=0.5)) == [(n * n, True) for n in range(10)]
    finally:
        stop.set()
        thread.join()


def test_when_no_process_can_be_forked_everything_is_computed_here(
    forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    open_before = set(os.listdir("/proc/self/fd"))
    results = list(map_in_order(square_and_where, range(100), helper_share=0.5))
    assert results == [(n * n, True) for n in range(100)]
    assert set(os.listdir("/proc/self/fd")) == open_before  # the pipe was closed again


def sum_and_where(items: Iterator[object]) -> tuple[int, int, bool]:
    """A stream helper's work: the count and sum of the numbers received, and where it ran."""
    numbers = [item for item in items if isinstance(item, int)]
    return len(numbers), sum(numbers), os.getpid() == PARENT


def test_a_stream_helper_consumes_what_was_sent_in_another_process(forks: list[int]) -> None:
    helper = StreamHelper.start(sum_and_where)
    assert helper is not None and len(forks) == 1
    for number in range(5000):  # far more than a pipe holds: send waits, nothing is lost
        helper.send(number)
    assert helper.finish() == (5000, sum(range(5000)), False)


def niceness(items: Iterator[object]) -> int:
    """A stream helper's work: its scheduling priority."""
    list(items)
    return os.nice(0)


def test_a_stream_helper_runs_at_a_lower_priority_than_the_build(forks: list[int]) -> None:
    """The build process is the critical path: beside it, a helper takes what is left."""
    helper = StreamHelper.start(niceness)
    assert helper is not None
    assert helper.finish() == min(19, os.nice(0) + BACKGROUND_NICENESS)


def frozen_objects(items: Iterator[object]) -> int:
    """A stream helper's work: how many objects its garbage collector leaves alone."""
    list(items)
    return gc.get_freeze_count()


def frozen_here(_: int) -> bool:
    return gc.get_freeze_count() > 0


def test_a_stream_helper_leaves_what_it_inherited_to_the_collector_of_the_build(forks: list[int]) -> None:
    """A collection in the helper would write into every inherited object's header, copying
    the build process's pages; frozen, they stay shared."""
    gc.unfreeze()
    kept = [[n] for n in range(10_000)]  # objects of the build process, tracked by its collector
    helper = StreamHelper.start(frozen_objects)
    assert helper is not None
    assert helper.finish() >= len(kept)
    assert gc.get_freeze_count() == 0  # the build process's collector is unchanged


def test_the_front_matter_helper_freezes_what_it_inherited(forks: list[int]) -> None:
    gc.unfreeze()
    assert all(map_in_order(frozen_here, range(10), helper_share=1.0))
    assert gc.get_freeze_count() == 0


def test_the_search_helper_is_a_stream_helper_forked_when_the_analysis_starts(forks: list[int]) -> None:
    """So it runs at a lower priority and freezes what it inherited, as the tests above check;
    the search plugin starts it in on_config, before the site is loaded."""
    from madoguchi.plugins.search.analysis import Analysis

    analysis = Analysis("core", [], 1.0, parallel=True)
    try:
        assert isinstance(analysis.helper, StreamHelper) and forks == [analysis.helper.pid]
    finally:
        analysis.close()


def test_the_search_helper_answers_while_a_helper_forked_after_it_still_runs(forks: list[int], tmp_path: Path) -> None:
    """The audit helper, forked after the search helper, holds a copy of the search helper's
    pipe until it exits: the search helper must stop at its last message, not at the pipe's end."""
    from madoguchi.plugins.search.analysis import Analysis, PageHtml

    analysis = Analysis("core", [], 1.0, parallel=True)
    later = StreamHelper.start(sum_and_where)
    assert later is not None

    assert analysis.helper is not None
    search_helper = analysis.helper.pid

    def give_up(signum: int, frame: object) -> None:
        os.kill(search_helper, signal.SIGKILL)  # else finish waits for it forever
        raise TimeoutError("the search helper never answered")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(120)  # fail rather than hang
    try:
        analysis.add(PageHtml("faq/returns/", "返品したい", {}, "<p>送料はかかりません</p>"))
        assert analysis.finish(tmp_path, None).pages == 1
        later.send(1)
        assert later.finish() == (1, 1, False)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        analysis.close()


def test_a_stream_helper_that_died_is_reported_and_sending_to_it_does_not_raise(forks: list[int]) -> None:
    helper = StreamHelper.start(sum_and_where)
    assert helper is not None
    os.kill(helper.pid, signal.SIGKILL)
    for number in range(100_000):  # the pipe breaks: send stops writing, quietly
        helper.send(number)
        if helper.failed:
            break
    with pytest.raises(HelperFailed):
        helper.finish()


def test_an_aborted_stream_helper_is_gone(forks: list[int]) -> None:
    helper = StreamHelper.start(sum_and_where)
    assert helper is not None
    helper.send(1)
    helper.abort()
    with pytest.raises(ChildProcessError):
        os.waitpid(helper.pid, os.WNOHANG)


def test_no_stream_helper_is_forked_beside_other_threads() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert StreamHelper.start(sum_and_where) is None
    finally:
        stop.set()
        thread.join()
