"""Option types of Madoguchi's configuration, as MkDocs config options (the pattern of
material/plugins/blog/structure/options.py): each reads one value of `mkdocs.yml` into its
Python type (an interval into a timedelta, a zone name into a ZoneInfo, …) or raises
MkDocs' ValidationError, which MkDocs reports naming the option, e.g.
`Config value 'plugins': Plugin 'madoguchi/freshness' option 'review_every': …`.

Options are declared once (plugins/freshness/config.py, alerts/config.py); nothing after
validation parses a configuration value again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ValidationError
from mkdocs.exceptions import ConfigurationError

from .timeutil import TimeValueError, parse_interval

T = TypeVar("T")
C = TypeVar("C", bound=Config)


class Interval(BaseConfigOption[timedelta | None]):
    """`90d`, `12w`, `2h` (a whole number above zero and a unit) → timedelta.

    No value (`null`) is the default; with `off` (the values that switch it off, e.g.
    `("auto",)` or `(None, False)`), those give None instead."""

    def __init__(self, default: timedelta | None = None, *, off: tuple[object, ...] = ()) -> None:
        super().__init__()
        self.default = default
        self.off = off

    def run_validation(self, value: object) -> timedelta | None:
        if any(value is switch or (isinstance(switch, str) and value == switch) for switch in self.off):
            return None
        if value is None:
            value = self.default
        if isinstance(value, timedelta):
            return value
        try:
            return parse_interval(value)
        except TimeValueError as error:
            raise ValidationError(str(error)) from None


class IntervalPerImpact(BaseConfigOption[dict[str, timedelta]]):
    """One interval for every impact (`2h`), or one per impact with a `default` for the
    rest (`{default: 4h, critical: 1h}`) → {impact: timedelta} for each of `impacts`."""

    def __init__(self, impacts: tuple[str, ...], default: timedelta) -> None:
        super().__init__()
        self.impacts = impacts
        self.default = default

    def run_validation(self, value: object) -> dict[str, timedelta]:
        if isinstance(value, Mapping):
            unknown = sorted(set(value) - set(self.impacts) - {"default"})
            if unknown:
                raise ValidationError(
                    f"Unknown impact {unknown[0]!r} (expected one of default, {', '.join(self.impacts)})"
                )
            base = self._one(value.get("default"), "default")
            return {impact: self._one(value[impact], impact) if impact in value else base for impact in self.impacts}
        every = self._one(value, None)
        return dict.fromkeys(self.impacts, every)

    def _one(self, value: object, key: str | None) -> timedelta:
        try:
            interval = Interval(self.default).run_validation(value)
        except ValidationError as error:
            raise ValidationError(f"{key}: {error}" if key else str(error)) from None
        assert interval is not None
        return interval


class TimeZone(BaseConfigOption[ZoneInfo]):
    """An IANA time zone name (`Asia/Tokyo`) → ZoneInfo."""

    def __init__(self, default: ZoneInfo) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> ZoneInfo:
        if value is None:
            return self.default  # type: ignore[no-any-return]
        if isinstance(value, ZoneInfo):
            return value
        try:
            return ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError(f"{value!r} is not an IANA time zone (e.g. Asia/Tokyo)") from None


class Whole(c.Type[int]):
    """A whole number of at least `minimum` (true and false are not numbers)."""

    def __init__(self, minimum: int, default: int | None = None) -> None:
        super().__init__(int, default=default)
        self.minimum = minimum

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < self.minimum:
            raise ValidationError(f"Expected a whole number of at least {self.minimum}, got {value!r}")
        return value


class Seconds(c.Type[float]):
    """A number of seconds, zero or more."""

    def __init__(self, default: float) -> None:
        super().__init__((int, float), default=default)  # type: ignore[arg-type]

    def run_validation(self, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ValidationError(f"Expected a number of seconds, zero or more, got {value!r}")
        return float(value)


class Text(c.Type[str]):
    """A non-empty string, stripped; `pattern` (with `shape` naming it) if given."""

    def __init__(self, default: str | None = None, *, pattern: str | None = None, shape: str = "") -> None:
        super().__init__(str, default=default)
        self.pattern = re.compile(pattern) if pattern else None
        self.shape = shape

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"Expected a non-empty string, got {value!r}")
        if self.pattern and not self.pattern.match(value.strip()):
            raise ValidationError(f"Expected {self.shape}, got {value!r}")
        return value.strip()


class HttpUrl(Text):
    """An http(s) URL, without a trailing slash."""

    def __init__(self, default: str | None = None) -> None:
        super().__init__(default, pattern=r"^https?://[^/\s]+", shape="an http(s) URL")

    def run_validation(self, value: object) -> str:
        return super().run_validation(value).rstrip("/")


class Items(c.ListOfItems[T], Generic[T]):
    """A list whose errors name the item (`Item 1: …`); a single value stands for a list of
    one if `single`; an empty list is an error unless `empty`."""

    def __init__(
        self, option: BaseConfigOption[T], default: list[T] | None = None, *, single: bool = False, empty: bool = False
    ) -> None:
        super().__init__(option, default=default)
        self.single = single
        self.empty = empty

    def run_validation(self, value: object) -> list[T]:
        if value is None:
            value = self.default
        if self.single and isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise ValidationError(f"Expected a list of items, but a {type(value)} was given.")
        if not value and not self.empty:
            raise ValidationError("Expected a non-empty list")
        result: list[T] = []
        for index, item in enumerate(value):
            try:
                result.append(self.option_type.run_validation(item))
            except ValidationError as error:
                raise ValidationError(f"Item {index}: {error}") from None
        return result


class StrictSubConfig(c.SubConfig):  # type: ignore[type-arg]  # SubConfig[X] would make a class
    """A SubConfig in which an unknown option is an error, not MkDocs' warning: in a section
    that sends data or secrets, a misspelt option must not be skipped silently. `optional`:
    not set (or null) is None rather than the section with its defaults."""

    def __init__(self, config_class: type[C], *, optional: bool = False) -> None:
        super().__init__(config_class)
        self.config_class = config_class
        self.optional = optional
        if optional:
            self.default = None

    def run_validation(self, value: object) -> Config:
        if value is None:
            if self.optional:
                return None  # type: ignore[return-value]
            value = {}
        config = self.config_class(config_file_path=self._config_file_path)
        try:
            config.load_dict(value)  # type: ignore[arg-type]
            failed, warnings = config.validate()
        except ConfigurationError as problem:
            raise ValidationError(str(problem)) from None
        if failed:
            key, error = failed[0]
            raise ValidationError(f"Sub-option {key!r}: {error}")
        names = [name for name, _ in config._schema]
        for key, _ in warnings:
            if key not in names:
                raise ValidationError(f"Sub-option {key!r}: unknown option (expected one of {', '.join(names)})")
        self.warnings.extend(f"Sub-option {key!r}: {message}" for key, message in warnings)
        return config


class NamedItems(c.DictOfItems[T], Generic[T]):
    """DictOfItems whose errors name the item (`Sub-option 'cs-ordering': …`)."""

    def run_validation(self, value: object) -> dict[str, T]:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise ValidationError(f"Expected a dict of items, but a {type(value)} was given.")
        result: dict[str, T] = {}
        for key, item in value.items():
            try:
                result[str(key)] = self.option_type.validate(item)
            except ValidationError as error:
                raise ValidationError(f"Sub-option {str(key)!r}: {error}") from None
        return result


def validate(config_class: type[C], raw: Mapping[str, Any] | None) -> C:
    """Validate `raw` as MkDocs validates a plugin's options, outside a build (tests, tools):
    raises ConfigurationError naming the first bad option, as MkDocs words it."""
    config = config_class()
    config.load_dict(dict(raw or {}))
    failed, _warnings = config.validate()
    if failed:
        key, error = failed[0]
        raise ConfigurationError(f"Option {key!r}: {error}")
    return config
