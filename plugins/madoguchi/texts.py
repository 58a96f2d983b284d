"""A message to be said later in the site's language: a catalog key (strings/*.yml) and its
values, made where the problem is found (timeutil.py, dangerous.py, guards.py, …) by code
that does not know the site's language, and said by whoever reports it (the content model's
Checker, the guards, the calendar reader) in the site's language: `日本語 / English` on a
Japanese site, English on an English one (`i18n.message` is the same for a key at hand).

A value may itself be a `Text` (a reason inside a context: `link: {reason}`), rendered in the
same language. `str(text)` is the English, for callers with no site (the CLI's own options,
MADOGUCHI_NOW). Hashable and ordered, so findings holding one can go in sets and be sorted.
This module imports nothing heavy: the catalog is loaded only when a text is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Text:
    """A catalog key and the values that fill it (in both languages)."""

    key: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, /, **values: object) -> Text:
        return cls(key, tuple(values.items()))

    def render(self, language: str) -> str:
        """The text in one catalog language (`ja` or `en`), nested texts included."""
        from .i18n import STRINGS, strings

        table = STRINGS["en"] if language == "en" else strings(language)
        filled = {name: value.render(language) if isinstance(value, Text) else value for name, value in self.values}
        return table[self.key].format(**filled)

    def say(self, language: str | None) -> str:
        """As an input error's message on a `language` site (i18n.message's format)."""
        from .i18n import language_of

        english = self.render("en")
        if language_of(language) == "en":
            return english
        return f"{self.render('ja')} / {english}"

    def __str__(self) -> str:
        return self.render("en")


def said(message: str | Text, language: str | None) -> str:
    """A message that may still be a Text, as the `language` site reads it."""
    return message if isinstance(message, str) else message.say(language)
