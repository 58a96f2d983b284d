"""Real servers for the customer-voice tests: `madoguchi collect` started as a process on
127.0.0.1 (a free port), and a throwaway PostgreSQL server (Debian's `postgresql`: initdb +
pg_ctl in a temporary folder, run as the `postgres` user when the tests run as root, since
postgres refuses to run as root). Without the PostgreSQL binaries the PostgreSQL tests are
skipped locally and fail under CI=true (scripts/setup installs them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, select, text

from devkit import free_port, postgres_bin, throwaway_postgres, wait_until_up
from madoguchi.voice_store import engine_url, events
from support.site import NOW
from support.skip import missing

ORIGIN = "https://faq.example.jp"  # the fixture sites' site_url
JSON = {"Content-Type": "application/json", "Origin": ORIGIN}


@dataclass
class Collector:
    db: str
    url: str  # http://127.0.0.1:PORT
    process: subprocess.Popen[bytes]
    log: Path
    client: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30))

    @property
    def events_url(self) -> str:
        return self.url + "/events"

    def post(self, event: object, headers: dict[str, str] | None = None) -> httpx.Response:
        return self.client.post(self.events_url, json=event, headers=headers if headers is not None else JSON)

    def is_up(self) -> bool:
        return self.process.poll() is None and self.client.get(self.url + "/health").json() == {"status": "ok"}

    def stop(self) -> str:
        """Stop the process (SIGTERM: the writer drains first); its whole output."""
        self.client.close()
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        return self.log.read_text(encoding="utf-8", errors="replace")


def start_collector(
    tmp_path: Path, db: str, *args: str, now: str | None = NOW, cwd: Path | None = None, origin: bool = True
) -> Collector:
    port = free_port()
    log = tmp_path / f"collector-{port}.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if now:
        env["MADOGUCHI_NOW"] = now
    else:
        env.pop("MADOGUCHI_NOW", None)
    exe = shutil.which("madoguchi") or "madoguchi"
    command = [exe, "collect", "--db", db, "--host", "127.0.0.1", "--port", str(port)]
    if origin and "--allow-origin" not in args:
        command += ["--allow-origin", ORIGIN]
    with log.open("wb") as out:
        process = subprocess.Popen([*command, *args], cwd=cwd or tmp_path, env=env, stdout=out, stderr=out)
    collector = Collector(db, f"http://127.0.0.1:{port}", process, log)
    try:
        wait_until_up(collector.url + "/health", process, log)
    except RuntimeError as problem:
        raise AssertionError(str(problem)) from problem
    return collector


def stored_rows(db: str) -> list[dict[str, object]]:
    engine = create_engine(engine_url(db))
    try:
        with engine.connect() as connection:
            return [dict(row) for row in connection.execute(select(events).order_by(events.c.id)).mappings()]
    finally:
        engine.dispose()


def stored_count(db: str) -> int:
    engine = create_engine(engine_url(db))
    try:
        with engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(events)).scalar_one())
    finally:
        engine.dispose()


# PostgreSQL ---------------------------------------------------------------------------------


@dataclass
class Postgres:
    port: int

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        name = "voice_" + uuid.uuid4().hex[:12]
        engine = create_engine(engine_url(self.url()), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            engine.dispose()
        return self.url(name)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """A PostgreSQL server of its own, on 127.0.0.1 and a free port, gone after the session."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        missing("PostgreSQL is not installed (scripts/setup installs Debian's postgresql)")
    assert bin_dir is not None
    with throwaway_postgres(bin_dir, durable=False) as port:
        yield Postgres(port)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database of either kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'voice.db'}"
    server: Postgres = request.getfixturevalue("postgres")
    return server.new_database()
