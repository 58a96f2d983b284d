"""What the benchmarks (scripts/bench, search-eval, voice-bench) and the tests (tests/support)
both need, written once: `git` with a fixed author and dates, headless Debian Chromium through
Playwright (never a downloaded browser), a quiet static HTTP server on 127.0.0.1, a free port,
waiting for a started process to answer, and a throwaway PostgreSQL server (Debian's
`postgresql`: initdb + pg_ctl in a temporary folder, run as the `postgres` user when we run as
root, since postgres refuses to run as root).

Tests import it through tests/support (pyproject's pytest `pythonpath` lists scripts/); the
scripts import it beside themselves."""

from __future__ import annotations

import functools
import glob
import http.server
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def git(cwd: Path, *args: str, date: str | None = None) -> str:
    """`git ARGS` in `cwd` as the fixed author "Editor", at `date` (author and committer) when
    given; its output. A failure raises CalledProcessError."""
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="Editor",
        GIT_AUTHOR_EMAIL="editor@example.invalid",
        GIT_COMMITTER_NAME="Editor",
        GIT_COMMITTER_EMAIL="editor@example.invalid",
    )
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_chromium(playwright: Any) -> Any:
    """Debian's headless Chromium from a started `sync_playwright()`; the caller closes it."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, no request log. The `LinkChecker` header lets LinkChecker go past its
    default 10 requests per second (about 5 s instead of 30 s for the sample site)."""

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "madoguchi-tests")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def static_server(directory: Path) -> Iterator[str]:
    """The files of `directory` over HTTP on 127.0.0.1 (a free port); yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    """Poll `url` until it answers 200 (readiness, not a timed measurement); RuntimeError with
    the process's output when it exits or does not answer within `timeout` seconds."""
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}: {log.read_text(errors='replace')}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} did not come up: {log.read_text(errors='replace')}")


def postgres_bin() -> Path | None:
    """The folder of initdb and pg_ctl (PATH first, then Debian's /usr/lib/postgresql/N/bin)."""
    initdb = shutil.which("initdb")
    if initdb:
        return Path(os.path.realpath(initdb)).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def as_postgres(command: list[str]) -> list[str]:
    """`command` as the `postgres` user when we run as root (postgres refuses root)."""
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser") or shutil.which("setpriv")
    if runuser is None:
        raise RuntimeError("running as root without runuser/setpriv: cannot start postgres as another user")
    if runuser.endswith("runuser"):
        return [runuser, "-u", "postgres", "--", *command]
    return [runuser, "--reuid=postgres", "--regid=postgres", "--init-groups", *command]


@contextmanager
def throwaway_postgres(bin_dir: Path, *, durable: bool, prefix: str = "madoguchi-pg-") -> Iterator[int]:
    """A PostgreSQL server of its own in a temporary folder under /tmp, on 127.0.0.1 and a free
    port (yielded), gone afterwards. `durable=False` (tests) turns fsync off; a benchmark keeps
    the durable settings."""
    home = Path(tempfile.mkdtemp(prefix=prefix))  # pytest's own temporary folders are private to root
    if os.geteuid() == 0:
        shutil.chown(home, "postgres", "postgres")
    data, port = home / "data", free_port()
    initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
    subprocess.run(as_postgres(initdb if durable else [*initdb, "--no-sync"]), check=True, capture_output=True)
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {home}" + ("" if durable else " -c fsync=off")
    start = [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(home / "log"), "-w", "start"]
    subprocess.run(as_postgres(start), check=True, capture_output=True)
    try:
        yield port
    finally:
        stop = [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]
        subprocess.run(as_postgres(stop), capture_output=True)
        shutil.rmtree(home, ignore_errors=True)
