"""Real servers for the customer-voice tests: `madoguchi collect` started as a process on
127.0.0.1 (a free port), and a throwaway PostgreSQL server (Debian's `postgresql`: initdb +
pg_ctl in a temporary folder, run as the `postgres` user when the tests run as root, since
postgres refuses to run as root). Without the PostgreSQL binaries the PostgreSQL tests are
skipped locally and fail under CI=true (scripts/setup installs them)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, select, text

from conftest import NOW
from madoguchi.voice_store import engine_url, events

ORIGIN = "https://faq.example.jp"  # the fixture sites' site_url
JSON = {"Content-Type": "application/json", "Origin": ORIGIN}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    """Poll `url` until it answers (readiness, not a timed assertion)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode}: {log.read_text(errors='replace')}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"{url} did not come up: {log.read_text(errors='replace')}")


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
    wait_until_up(collector.url + "/health", process, log)
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


def postgres_bin() -> Path | None:
    initdb = shutil.which("initdb")
    if initdb:
        return Path(os.path.realpath(initdb)).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _as_postgres(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser") or shutil.which("setpriv")
    if runuser is None:
        raise AssertionError("running as root without runuser/setpriv: cannot start postgres as another user")
    if runuser.endswith("runuser"):
        return [runuser, "-u", "postgres", "--", *command]
    return [runuser, "--reuid=postgres", "--regid=postgres", "--init-groups", *command]


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
        message = "PostgreSQL is not installed (scripts/setup installs Debian's postgresql)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    # under /tmp directly: pytest's own temporary folders are private to root
    home = Path(tempfile.mkdtemp(prefix="madoguchi-pg-"))
    if os.geteuid() == 0:
        shutil.chown(home, "postgres", "postgres")
    data = home / "data"
    port = free_port()
    subprocess.run(
        _as_postgres(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {home} -c fsync=off"
    subprocess.run(
        _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(home / "log"), "-w", "start"]),
        check=True,
        capture_output=True,
    )
    try:
        yield Postgres(port)
    finally:
        subprocess.run(
            _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]), capture_output=True
        )
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database of either kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'voice.db'}"
    server: Postgres = request.getfixturevalue("postgres")
    return server.new_database()
