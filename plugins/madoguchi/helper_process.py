"""Work split with one forked helper process, for the places where a large site spends
seconds on independent items: reading front matter (model.load_site: map_in_order), analysing
pages for search (plugins/search/analysis.py) and auditing the pages of the public edition
while the build writes them (plugins/freshness/audit_stream.py: StreamHelper).

Forking is only safe from a single-threaded process, and only worth it with a second CPU.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import multiprocessing
import os
import pickle
import signal
import struct
import sys
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from multiprocessing.context import BaseContext
from typing import BinaryIO, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_LENGTH = struct.Struct("<I")
_PIPE_BUFFER = 1 << 16
_BACKLOG = 16 << 20  # bytes a stream helper may lag behind before the sender waits for it
# A background helper (the audit, the search analysis) runs beside the build, which is the
# critical path: with two CPUs and three busy processes the scheduler gave each two thirds of a
# CPU, and the build process waited (14 s of a 78 s 20,000-entry build off the CPU). A lower
# priority leaves it a whole CPU and the helpers the other.
BACKGROUND_NICENESS = 5


def run_in_background() -> None:
    """Lower this process's priority (a helper, just forked); never fails the helper."""
    with contextlib.suppress(OSError):
        os.nice(BACKGROUND_NICENESS)


def freeze_inherited() -> None:
    """In a helper just forked: move every object inherited from the parent to the garbage
    collector's permanent generation (gc.freeze). A collection writes into the header of each
    object it walks, and a forked child shares the parent's pages only until it writes to
    them: a full collection in the helper would copy every page of the parent's heap holding
    a container (the whole model, when the helper is forked after the site is loaded).
    The helper's own objects are collected as usual; the inherited ones live until it exits."""
    gc.freeze()


def fork_context() -> BaseContext | None:
    """The fork context when a helper process is safe and useful here, else None: fork is
    unsafe on macOS (system libraries) and absent on Windows; forking a process that runs
    other threads can leave locks held forever; one CPU gains nothing from a second process."""
    if not sys.platform.startswith("linux"):
        return None
    if len(os.sched_getaffinity(0)) < 2 or threading.active_count() > 1:
        return None
    return multiprocessing.get_context("fork")


def map_in_order(
    function: Callable[[Item], Result], items: Sequence[Item], *, helper_share: float, helper: bool = True
) -> Generator[Result, None, None]:
    """`function(item)` for every item, in order. With `helper` (and fork_context() allows
    it), a forked process computes the last `helper_share` of the items while this process
    computes the first ones, so the caller can already use those results.

    Results travel pickled; `function` must not raise (return failures as values). If the
    helper dies, the items it did not deliver are computed here.
    """
    split = len(items) - int(len(items) * helper_share)
    started = _start_helper(function, items[split:]) if helper and split < len(items) else None
    if started is None:
        yield from map(function, items)
        return
    pid, read_end = started
    pipe = os.fdopen(read_end, "rb", buffering=_PIPE_BUFFER)
    delivered = 0
    try:
        yield from map(function, items[:split])
        for result in itertools.islice(_received(pipe), len(items) - split):
            delivered += 1
            yield result  # type: ignore[misc]  # pickled by the helper from function(item)
    finally:
        pipe.close()
        if delivered < len(items) - split:  # stopped early (or the helper died): no need to wait
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    yield from map(function, items[split + delivered :])


def _start_helper(function: Callable[[Item], Result], items: Sequence[Item]) -> tuple[int, int] | None:
    """Fork the helper computing `items`: (its pid, the read end of its pipe), or None when
    no helper can run here (see fork_context; or no descriptor, process or memory to spare)."""
    if fork_context() is None:
        return None
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the helper: compute, write, leave without running any cleanup
        freeze_inherited()
        os.close(read_end)
        code = 0
        try:
            _compute_into(write_end, function, items)
        except BaseException:  # the parent computes what is missing
            code = 1
        os._exit(code)
    os.close(write_end)
    return pid, read_end


def _compute_into(pipe: int, function: Callable[[Item], Result], items: Sequence[Item]) -> None:
    """The helper's loop. A pipe holds only 64 KB and the parent reads nothing until its own
    share is done: results wait in memory and go out whenever the pipe has room, so the
    helper never stops computing, and the parent can read as soon as it is ready."""
    os.set_blocking(pipe, False)
    pending = bytearray()
    for item in items:
        blob = pickle.dumps(function(item), pickle.HIGHEST_PROTOCOL)
        pending += _LENGTH.pack(len(blob))
        pending += blob
        if len(pending) >= _PIPE_BUFFER:
            with contextlib.suppress(BlockingIOError):  # full: try again after the next result
                del pending[: os.write(pipe, pending)]
    os.set_blocking(pipe, True)
    while pending:
        del pending[: os.write(pipe, pending)]


class HelperFailed(Exception):
    """The stream helper is gone or returned nothing: the caller does the work itself."""


class StreamHelper:
    """A forked process that takes items while this one keeps working, and hands back one
    result at the end: `consume(items)` runs in the helper over everything `send` sent.

    Forked as early as possible (before the build loads the site), so that it shares little
    memory with this process. Items travel pickled through a pipe enlarged to 1 MB, so that
    `send` rarely waits for the helper. `consume` must stop at an item meaning "end" rather
    than wait for the pipe to close: a helper forked after this one holds a copy of the pipe's
    write end until it exits itself.
    """

    def __init__(self, pid: int, items: int, result: int, backlog: int = _BACKLOG) -> None:
        self.pid = pid
        self.backlog = backlog
        self._items: int | None = items
        self._result = result
        self._pending = bytearray()
        self.failed = False
        os.set_blocking(items, False)

    @classmethod
    def start(cls, consume: Callable[[Iterator[object]], object], backlog: int = _BACKLOG) -> StreamHelper | None:
        """Fork the helper, or None when fork_context() allows none here. `backlog`: bytes
        the helper may lag behind before `send` waits for it."""
        if fork_context() is None:
            return None
        try:
            items_read, items_write = os.pipe()
            result_read, result_write = os.pipe()
        except OSError:
            return None
        import fcntl  # Linux only, as fork_context()

        with contextlib.suppress(OSError, AttributeError):  # 64 KB when refused
            fcntl.fcntl(items_write, fcntl.F_SETPIPE_SZ, 1 << 20)
        try:
            pid = os.fork()
        except OSError:
            for descriptor in (items_read, items_write, result_read, result_write):
                os.close(descriptor)
            return None
        if pid == 0:  # the helper: consume, answer, leave without running any cleanup
            freeze_inherited()
            os.close(items_write)
            os.close(result_read)
            run_in_background()
            code = 0
            try:
                _serve(items_read, result_write, consume)
            except BaseException:
                code = 1
            os._exit(code)
        os.close(items_read)
        os.close(result_write)
        return cls(pid, items_write, result_read, backlog)

    def send(self, item: object) -> None:
        """Hand `item` to the helper. What the pipe cannot take now waits in memory, up to
        `backlog` bytes (then this process waits for the helper), so that a helper slowed down
        by a busy machine does not slow the build down."""
        if self.failed or self._items is None:
            return
        blob = pickle.dumps(item, pickle.HIGHEST_PROTOCOL)
        self._pending += _LENGTH.pack(len(blob))
        self._pending += blob
        try:
            if len(self._pending) > self.backlog:
                os.set_blocking(self._items, True)
                _write_all(self._items, self._pending)
                self._pending.clear()
                os.set_blocking(self._items, False)
            else:
                with contextlib.suppress(BlockingIOError):
                    del self._pending[: os.write(self._items, self._pending)]
        except OSError:  # the helper is gone
            self.failed = True
            self._pending.clear()

    def finish(self) -> object:
        """The helper's result, once it has consumed everything sent. Raises HelperFailed."""
        self._close_items()
        try:
            with os.fdopen(self._result, "rb") as pipe:
                blob = pipe.read()
        finally:
            _, status = os.waitpid(self.pid, 0)
        if self.failed or status != 0 or not blob:
            raise HelperFailed(f"helper process {self.pid} ended with status {status}")
        return pickle.loads(blob)

    def abort(self) -> None:
        """Stop the helper at once (the build failed)."""
        self.failed = True  # nothing more is written
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        self._close_items()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self._result)

    def _close_items(self) -> None:
        if self._items is None:
            return
        if self._pending and not self.failed:
            try:
                os.set_blocking(self._items, True)
                _write_all(self._items, self._pending)
            except OSError:
                self.failed = True
        self._pending.clear()
        os.close(self._items)
        self._items = None


def _received(pipe: BinaryIO) -> Iterator[object]:
    """The pickled, length-prefixed messages of a pipe, until it closes (or breaks off)."""
    while True:
        header = pipe.read(_LENGTH.size)
        if len(header) < _LENGTH.size:
            return
        (length,) = _LENGTH.unpack(header)
        blob = pipe.read(length)
        if len(blob) < length:
            return
        yield pickle.loads(blob)


def _write_all(descriptor: int, data: bytes | bytearray) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _serve(items: int, result: int, consume: Callable[[Iterator[object]], object]) -> None:
    """The stream helper's life: items until the pipe closes, then the result."""
    answer = consume(_received(os.fdopen(items, "rb", buffering=_PIPE_BUFFER)))
    _write_all(result, pickle.dumps(answer, pickle.HIGHEST_PROTOCOL))
    os.close(result)
