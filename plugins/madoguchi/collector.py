"""`madoguchi collect`'s web service: a small Starlette app that takes the events the site's
browser sends (`POST /events`), checks them and stores them (voice_store), and nothing else.

What it refuses, always with a 4xx and without storing anything: another site's origin
(403), a body that is not `application/json` (415), larger than 2 KB (413), not JSON (400),
not one of the four events (422), and more than the rate limit from one address (429).

The client's address is used only here, in memory, as the key of its rate limit: it is never
stored, never logged (uvicorn's access log is off) and forgotten when the bucket is full again.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Engine, text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .voice import MAX_BODY, EventError, parse_event
from .voice_store import BatchWriter

ALLOWED_METHODS = "POST, OPTIONS"
PREFLIGHT_MAX_AGE = "7200"  # Chromium's upper bound for caching a preflight


class RateLimiter:
    """A token bucket per client address: `burst` events at once, then `rate` per second.
    `rate` 0 switches the limit off."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = float(burst)
        self._buckets: dict[str, tuple[float, float]] = {}  # address → (tokens, at)

    def allow(self, address: str, now: float | None = None) -> bool:
        if self.rate <= 0:
            return True
        now = time.monotonic() if now is None else now
        tokens, at = self._buckets.get(address, (self.burst, now))
        tokens = min(self.burst, tokens + (now - at) * self.rate)
        allowed = tokens >= 1
        self._buckets[address] = (tokens - 1 if allowed else tokens, now)
        if len(self._buckets) > 10_000:
            self._forget(now)
        return allowed

    def _forget(self, now: float) -> None:
        """Drop the addresses whose bucket is full again: they are as good as new."""
        full = [a for a, (tokens, at) in self._buckets.items() if tokens + (now - at) * self.rate >= self.burst]
        for address in full:
            del self._buckets[address]


def _error(status: int, message: str, headers: dict[str, str]) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def create_app(
    engine: Engine,
    *,
    allow_origins: list[str],
    rate: float = 2.0,
    burst: int = 30,
) -> Starlette:
    """The collector for `engine` (its table already created), accepting `allow_origins`."""
    origins = {origin.rstrip("/") for origin in allow_origins}
    limiter = RateLimiter(rate, burst)
    state: dict[str, BatchWriter] = {}

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        writer = BatchWriter(engine)
        writer.start()
        state["writer"] = writer
        try:
            yield
        finally:
            await writer.stop()

    def cors(request: Request) -> dict[str, str] | None:
        """The CORS headers for the request's origin, or None when it is not allowed."""
        origin = request.headers.get("origin")
        if origin is None or origin.rstrip("/") not in origins:
            return None
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}

    async def preflight(request: Request) -> Response:
        headers = cors(request)
        if headers is None:
            return _error(403, "origin not allowed", {"Vary": "Origin"})
        headers.update(
            {
                "Access-Control-Allow-Methods": ALLOWED_METHODS,
                "Access-Control-Allow-Headers": "Content-Type",
                "Access-Control-Max-Age": PREFLIGHT_MAX_AGE,
            }
        )
        return Response(status_code=204, headers=headers)

    async def body_of(request: Request, headers: dict[str, str]) -> bytes | Response:
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
            return _error(413, f"body larger than {MAX_BODY} bytes", headers)
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                return _error(413, f"body larger than {MAX_BODY} bytes", headers)
        return body

    async def post_event(request: Request) -> Response:
        headers = cors(request)
        if headers is None:
            return _error(403, "origin not allowed", {"Vary": "Origin"})
        address = request.client.host if request.client else ""
        if not limiter.allow(address):
            return _error(429, "too many events", {**headers, "Retry-After": "1"})
        media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media_type != "application/json":
            return _error(415, "expected Content-Type: application/json", headers)
        body = await body_of(request, headers)
        if isinstance(body, Response):
            return body
        try:
            data: Any = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            return _error(400, "expected one JSON object", headers)
        try:
            item = parse_event(data)
        except EventError as error:
            return _error(422, str(error), headers)
        try:
            await state["writer"].write(item)
        except Exception:
            return _error(503, "not stored, try again later", headers)
        return Response(status_code=204, headers=headers)

    async def events_endpoint(request: Request) -> Response:
        if request.method == "OPTIONS":
            return await preflight(request)
        return await post_event(request)

    async def health(_request: Request) -> Response:
        def ping() -> None:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))

        try:
            await asyncio.to_thread(ping)
        except Exception:
            return JSONResponse({"status": "database unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[
            Route("/events", events_endpoint, methods=["POST", "OPTIONS"]),
            Route("/health", health, methods=["GET"]),
        ],
        lifespan=lifespan,
    )
