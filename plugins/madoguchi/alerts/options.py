"""Option types of `notify` that carry its security rules, shared by config.py and every
tracker module (MkDocs config options, see madoguchi.config_options):

- `EnvName`: a token's environment variable is its documented default or MADOGUCHI_… (a
  config author must not make madoguchi send any other secret of the machine);
- `ApiUrl`: a tracker API receives the token, so https only (http for loopback hosts);
- `AppriseUrls`: chat and mail destinations, whose `{NAME}` placeholders may name only
  MADOGUCHI_… variables.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from mkdocs.config.base import ValidationError

from ..config_options import HttpUrl, Items, Text
from .secrets import PLACEHOLDER, SECRET_PREFIX, may_read

PER = ("owner", "page")  # one tracker issue per owner, or per page
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower().rstrip(".") in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def not_allowed(name: str, also: str = "") -> str:
    return (
        f"環境変数 {name} は読めません（名前が {SECRET_PREFIX} で始まる変数だけを使えます） / "
        f"environment variable {name} may not be used: only {also}variables named "
        f"{SECRET_PREFIX}… are read (see docs/alerts.md, Secrets)"
    )


class ApiUrl(HttpUrl):
    """A tracker API base URL: https only (http for 127.0.0.1, ::1 and localhost, where tests
    and local proxies run)."""

    def run_validation(self, value: object) -> str:
        url = super().run_validation(value)
        parts = urlsplit(url)
        if parts.scheme == "http" and not is_loopback(parts.hostname):
            raise ValidationError(
                "http:// はトークンを平文で送るため使えません。https:// にしてください / "
                f"plain http would send the token unencrypted; use https:// (got {url!r}; "
                "http is allowed only for 127.0.0.1, ::1 and localhost)"
            )
        return url


class EnvName(Text):
    """The name of the environment variable holding a tracker token: `default` or MADOGUCHI_…"""

    def __init__(self, default: str) -> None:
        super().__init__(default)

    def run_validation(self, value: object) -> str:
        name = super().run_validation(value)
        if not _ENV_NAME.match(name):
            raise ValidationError(f"Expected the name of an environment variable (e.g. {self.default}), got {value!r}")
        if not may_read(name, self.default):
            raise ValidationError(not_allowed(name, f"{self.default} or "))
        return name


class AppriseUrl(Text):
    """One chat or mail destination: an apprise URL, or a `{MADOGUCHI_…}` placeholder."""

    def run_validation(self, value: object) -> str:
        url = super().run_validation(value)
        if "://" not in url and not url.startswith("{"):
            raise ValidationError(
                "Expected an apprise URL such as slack://… or mailto://…, or a {ENV_NAME} placeholder"
            )
        for name in PLACEHOLDER.findall(url):
            if not may_read(name):
                raise ValidationError("{" + name + "}: " + not_allowed(name))
        return url


class AppriseUrls(Items[str]):
    """A destination list: one URL, or a list of them (an empty list sends nowhere)."""

    def __init__(self) -> None:
        super().__init__(AppriseUrl(), single=True, empty=True)
