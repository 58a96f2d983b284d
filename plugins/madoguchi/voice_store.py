"""Where the customer's voice is kept: one table, written and read through SQLAlchemy Core, in
an embedded SQLite file (the default) or a PostgreSQL server shared by several collectors.

The table has no column for an address, a cookie, a user agent or any identifier: what is
not stored cannot leak. Each row keeps the event's fields and the second it arrived (UTC).

Writes go through `BatchWriter`: requests queue their event and wait; one writer inserts
everything queued in one transaction, then answers them all. A request is acknowledged only
after its row is committed, so the count in the database never falls short of the count
acknowledged, while SQLite commits (and syncs) once per batch rather than once per event.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from dataclasses import asdict
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    select,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from .timeutil import current_time
from .voice import MAX_PAGE, MAX_QUERY, Event

metadata = MetaData()

events = Table(
    "madoguchi_voice_events",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("received", DateTime(timezone=False), nullable=False),  # UTC, to the second
    Column("type", String(20), nullable=False),
    Column("page", String(MAX_PAGE)),
    Column("helpful", Boolean),
    Column("reason", String(10)),
    Column("query", String(MAX_QUERY)),
    Column("failed_query", String(MAX_QUERY)),
    Column("position", Integer),
    Index("madoguchi_voice_events_type_received", "type", "received"),
)


class StoreError(ValueError):
    """A --db URL madoguchi cannot use."""


def engine_url(url: str) -> str:
    """`url` as SQLAlchemy needs it: `postgresql://` and `postgres://` through psycopg 3."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def shown_url(url: str) -> str:
    """The database URL fit to print: its password masked."""
    try:
        return make_url(engine_url(url)).render_as_string(hide_password=True)
    except ArgumentError:
        return "(invalid URL)"


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    # WAL: readers (insights) never block the collector; FULL: a committed batch survives
    # a power cut, and costs one sync per batch, not per event.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def open_engine(url: str, *, create: bool = False) -> Engine:
    """An engine for `sqlite:///path.db` or `postgresql://…`; `create` makes the table."""
    try:
        parsed = make_url(engine_url(url))
    except ArgumentError:
        raise StoreError(f"--db {url!r}: expected sqlite:///path.db or postgresql://user@host/db") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"--db {shown_url(url)}: expected sqlite:///path.db or postgresql://user@host/db")
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise StoreError(f"--db {url}: expected a file, e.g. sqlite:///voice.db")
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(parsed, pool_pre_ping=True)
    if create:
        metadata.create_all(engine)
    return engine


def now_utc() -> datetime:
    """The current second in UTC, naive (how `received` is stored in either database);
    `MADOGUCHI_NOW` freezes it like every other clock in madoguchi."""
    return current_time(timezone.utc).replace(tzinfo=None, microsecond=0)


def row(item: Event, received: datetime) -> dict[str, Any]:
    return {**asdict(item), "received": received}


def insert(engine: Engine, rows: list[dict[str, Any]]) -> None:
    with engine.begin() as connection:
        connection.execute(events.insert(), rows)


def read_rows(engine: Engine, since: datetime | None = None) -> Iterator[dict[str, Any]]:
    """Every stored event (received at or after `since`, naive UTC), oldest first."""
    query = select(events).order_by(events.c.received, events.c.id)
    if since is not None:
        query = query.where(events.c.received >= since)
    with engine.connect() as connection:
        for record in connection.execute(query).mappings():
            yield dict(record)


class BatchWriter:
    """Queue events from many requests; insert them in batches from one worker thread."""

    def __init__(self, engine: Engine, *, max_batch: int = 1000) -> None:
        self.engine = engine
        self.max_batch = max_batch
        self._queue: asyncio.Queue[tuple[dict[str, Any], asyncio.Future[None]] | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        """Write what is queued, then end."""
        if self._task is not None:
            self._queue.put_nowait(None)
            await self._task
            self._task = None

    async def write(self, item: Event) -> None:
        """Return once the event is committed; raise if it could not be."""
        if self._task is None or self._task.done():
            raise RuntimeError("the writer is not running")
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((row(item, now_utc()), future))
        await future

    async def _run(self) -> None:
        stopping = False
        while not stopping:
            first = await self._queue.get()
            batch = []
            if first is None:
                stopping = True
            else:
                batch.append(first)
            # everything that queued up while the previous batch was being written
            while len(batch) < self.max_batch and not self._queue.empty():
                item = self._queue.get_nowait()
                if item is None:
                    stopping = True
                    continue
                batch.append(item)
            if not batch:
                continue
            try:
                await asyncio.to_thread(insert, self.engine, [record for record, _ in batch])
            except Exception as error:  # the requests answer 503; nothing was acknowledged
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
            else:
                for _, future in batch:
                    if not future.done():
                        future.set_result(None)


@contextlib.contextmanager
def engine_for(url: str, *, create: bool = False) -> Iterator[Engine]:
    engine = open_engine(url, create=create)
    try:
        yield engine
    finally:
        engine.dispose()
