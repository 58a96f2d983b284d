"""Front-matter text (titles, owners) inside alerts and tracker issues is text, never markup.

Page titles and owners are written by many editors; in an alert they must read as typed and
do nothing: no `@channel` or `@team` notification, no Slack `<!here>` / `<@U…>`, no Markdown
link, no HTML tag or comment in an issue body, and no string that looks like the marker a
tracker issue is found by (`madoguchi:owner=…`), so a page title cannot pose as another
owner's issue. Neutralising inserts U+200B ZERO WIDTH SPACE, which a reader does not see,
after `@` and `<`, and before the `:` of `madoguchi:`; Markdown bodies escape the rest
(`&`, `<`, `>` as entities, Markdown punctuation with a backslash).

Chat and mail bodies are declared plain text to apprise, which escapes them for each service
(Slack mrkdwn `&`, `<`, `>`; HTML mail): see notifiers.py.
"""

from __future__ import annotations

import re
from urllib.parse import quote

ZWSP = "\u200b"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_MENTION = re.compile(r"([@＠])(?=[\w!#$%&*+\-./:;=?^`{|}~])")  # @name, @channel, @org/team
_ANGLE = re.compile(r"<(?=[!@#/A-Za-z?])")  # <!here>, <@U123>, <#C1>, <tag>, </tag>, <?…
_MARKER = re.compile(r"(madoguchi)(\s*:)", re.IGNORECASE)
_MARKDOWN = re.compile(r"([\\`*_\[\]{}()#+!|~-])")
_URL_SAFE = ":/?#[]@!$&'*+,;=%~"  # everything but spaces, quotes, <, >, ( and )


def plain(text: str) -> str:
    """One line of text for a chat, a mail or an issue title: control characters and line
    breaks become spaces; mentions, Slack/HTML angle syntax and marker lookalikes inert."""
    text = _CONTROL.sub(" ", text)
    text = _MENTION.sub(lambda m: m.group(1) + ZWSP, text)
    text = _ANGLE.sub("<" + ZWSP, text)
    return _MARKER.sub(lambda m: m.group(1) + ZWSP + m.group(2), text)


def markdown(text: str) -> str:
    """`plain`, then escaped for a Markdown issue body (GitHub, Backlog): shows exactly the
    characters typed, interprets none of them."""
    text = plain(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN.sub(r"\\\1", text)


def code(text: str) -> str:
    """A Markdown code span that holds any text (a backtick in a file name cannot end it)."""
    text = _CONTROL.sub(" ", text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def link_target(url: str) -> str:
    """A URL safe inside Markdown `( )`: spaces, quotes, brackets and parentheses encoded."""
    return quote(url, safe=_URL_SAFE)
