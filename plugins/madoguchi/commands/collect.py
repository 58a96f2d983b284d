"""`madoguchi collect`: run the customer-voice collector (collector.py) with uvicorn."""

from __future__ import annotations

from urllib.parse import urlsplit

import click

from ..project import ProjectError, load_project

DEFAULT_DB = "sqlite:///madoguchi-voice.db"


def origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def default_origins(config_file: str) -> list[str]:
    """The origin of the site's site_url (mkdocs.yml), when there is one."""
    try:
        project = load_project(config_file, validate=False)
    except ProjectError:
        return []
    origin = origin_of(project.site_url or "")
    return [origin] if origin else []


@click.command(name="collect")
@click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    envvar="MADOGUCHI_VOICE_DB",
    help="sqlite:///path.db (embedded) or postgresql://user:password@host/db (several collectors); "
    "or env MADOGUCHI_VOICE_DB (keeps a password off the command line).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8787, show_default=True, help="Port to listen on.")
@click.option(
    "--allow-origin",
    "allow_origins",
    multiple=True,
    metavar="ORIGIN",
    help="The site's origin, e.g. https://faq.example.jp (repeatable; default: site_url's origin in mkdocs.yml).",
)
@click.option(
    "--rate",
    type=click.FloatRange(min=0),
    default=2.0,
    show_default=True,
    help="Events per second one address may send, after its burst (0: no limit).",
)
@click.option(
    "--burst", type=click.IntRange(min=1), default=30, show_default=True, help="Events one address may send at once."
)
@click.option(
    "--forwarded-allow-ips",
    default=None,
    metavar="IPS",
    help="Behind a reverse proxy or load balancer: its addresses (comma-separated), whose "
    "X-Forwarded-For names the client for the rate limit. Default: trust no proxy.",
)
@click.pass_context
def command(
    ctx: click.Context,
    db: str,
    host: str,
    port: int,
    allow_origins: tuple[str, ...],
    rate: float,
    burst: int,
    forwarded_allow_ips: str | None,
) -> None:
    """お客様の声（回答の評価・検索の記録）を受け取るサービスを動かす / Run the customer-voice collector.

    Receives the events the site's pages send (POST /events, JSON), checks each one and stores
    it in --db. It stores no IP address, cookie or user agent, and logs no request.
    GET /health answers {"status": "ok"} while the database is reachable.

    \b
    Deploy (details and a serverless recipe: docs/feedback.md):
      container:  a python:3.12-slim image with `pip install madoguchi`, then
                  CMD ["madoguchi", "collect", "--host", "0.0.0.0", "--port", "8787",
                       "--db", "sqlite:////data/voice.db", "--allow-origin", "https://faq.example.jp"]
                  (mount a volume on /data; with PostgreSQL, pass --db from a secret)
      systemd:    [Service]
                  DynamicUser=yes
                  StateDirectory=madoguchi-voice
                  ExecStart=/opt/madoguchi/bin/madoguchi collect --db sqlite:////var/lib/madoguchi-voice/voice.db
                            --allow-origin https://faq.example.jp
                  Restart=on-failure
                  and a reverse proxy (TLS) in front: https://voice.example.jp/events
      several:    all collectors share one --db postgresql://… behind the load balancer
                  (give its address to --forwarded-allow-ips)
    """
    import uvicorn

    from ..collector import create_app
    from ..voice_store import StoreError, open_engine, shown_url

    origins = list(allow_origins) or default_origins(ctx.find_root().obj or "mkdocs.yml")
    if not origins:
        raise click.ClickException("--allow-origin: give the site's origin, e.g. https://faq.example.jp")
    for origin in origins:
        if origin_of(origin) != origin.rstrip("/"):
            raise click.ClickException(
                f"--allow-origin {origin}: expected scheme://host[:port], e.g. https://faq.example.jp"
            )
    try:
        engine = open_engine(db, create=True)
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    except Exception as error:  # the database refuses: say which, without the password
        raise click.ClickException(
            f"--db {shown_url(db)}: {type(error).__name__}: {str(error).splitlines()[0]}"
        ) from None
    app = create_app(engine, allow_origins=origins, rate=rate, burst=burst)
    click.echo(
        f"madoguchi collect: http://{host}:{port}/events → {shown_url(db)} (origins: {', '.join(origins)})",
        err=True,
    )
    uvicorn.run(
        app,
        host=host,
        port=port,
        access_log=False,  # a request log would hold addresses: none is ever written
        log_level="warning",
        server_header=False,
        proxy_headers=forwarded_allow_ips is not None,
        forwarded_allow_ips=forwarded_allow_ips or None,
        timeout_keep_alive=10,
    )
