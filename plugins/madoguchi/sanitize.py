"""Defence in depth for the rendered HTML of every page, incident update and feed entry:
whatever the input checks (dangerous.py) might miss, an allowlist sanitiser (nh3, the
Python binding of the Rust crate ammonia) removes before it is published.

The allowlist is what Python-Markdown, the enabled Markdown extensions and mkdocs-material
produce, plus the harmless raw HTML editors write (`<details>`, `<kbd>`, `<br>`, …); an
extension adds its elements only when it is enabled (`EXTENSIONS`). Links keep their
`rel` as written (nh3 would add `noopener noreferrer` to every link). URLs: http(s),
mailto, tel and relative ones; `data:` only for pictures (png, jpeg, gif, webp) in `src`.

nh3 re-serialises the HTML: `<br />` becomes `<br>`, numeric character references become
the characters themselves, attributes keep their order. Pure: no MkDocs import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import nh3

# Python-Markdown's own output, the theme's, and the raw HTML editors may write.
_BASE_TAG_NAMES = """a abbr acronym article aside b bdi bdo blockquote br caption center cite code col colgroup
    data dd del details dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hgroup
    hr i img ins kbd li mark nav ol p pre q rp rt rtc ruby s samp section small span strike strong
    sub summary sup table tbody td tfoot th thead time tr tt u ul var wbr"""
BASE_TAGS = frozenset(_BASE_TAG_NAMES.split())
BASE_ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"class", "id", "title", "lang", "dir", "style", "role", "hidden", "translate"}),
    "a": frozenset({"href", "hreflang", "name", "rel", "target", "download"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding", "align"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "li": frozenset({"value"}),
    "td": frozenset({"colspan", "rowspan", "align", "headers"}),
    "th": frozenset({"colspan", "rowspan", "align", "headers", "scope", "abbr"}),
    "col": frozenset({"span", "align"}),
    "colgroup": frozenset({"span", "align"}),
    "details": frozenset({"open", "name"}),
    "time": frozenset({"datetime"}),
    "data": frozenset({"value"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
    "hr": frozenset({"align", "size", "width"}),
}
# Attribute prefixes allowed everywhere: accessibility, Madoguchi's own markers.
PREFIXES = frozenset({"aria-", "data-madoguchi-"})
# mkdocs-material reads this attribute (written with attr_list) to leave a block out of search.
GENERIC_DATA = frozenset({"data-search-exclude"})

_SVG_TAGS = frozenset({"svg", "path", "g", "circle", "ellipse", "line", "polygon", "polyline", "rect", "title"})
_SVG_ATTRIBUTES = frozenset(
    {"xmlns", "viewBox", "width", "height", "fill", "stroke", "stroke-width", "d", "fill-rule", "clip-rule"}
    | {"transform", "cx", "cy", "r", "rx", "ry", "x", "y", "x1", "x2", "y1", "y2", "points", "opacity"}
)


@dataclass(frozen=True)
class Addition:
    """What one Markdown extension adds to the allowlist."""

    tags: frozenset[str] = frozenset()
    attributes: dict[str, frozenset[str]] = field(default_factory=dict)


EXTENSIONS: dict[str, Addition] = {
    # <div class="tabbed-set" data-tabs="1:2"><input id name type checked><label for>…
    "pymdownx.tabbed": Addition(
        frozenset({"input", "label"}),
        {
            "input": frozenset({"type", "checked", "id", "name"}),
            "label": frozenset({"for"}),
            "div": frozenset({"data-tabs"}),
        },
    ),
    # <label class="task-list-control"><input type="checkbox" disabled checked>…
    "pymdownx.tasklist": Addition(
        frozenset({"input", "label"}),
        {"input": frozenset({"type", "checked", "disabled"}), "label": frozenset({"for"})},
    ),
    # twemoji and Material's icons are inline SVG
    "pymdownx.emoji": Addition(
        _SVG_TAGS, {tag: _SVG_ATTRIBUTES for tag in _SVG_TAGS} | {"img": frozenset({"src", "alt", "title"})}
    ),
    # line numbers: <span class="linenos" data-linenos="1 "></span>
    "pymdownx.highlight": Addition(attributes={"span": frozenset({"data-linenos"})}),
    "pymdownx.superfences": Addition(attributes={"span": frozenset({"data-linenos"})}),
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Inline style is kept only for these properties (tables' `text-align`, editors' colours).
STYLE_PROPERTIES = frozenset(
    {"text-align", "vertical-align", "color", "background-color", "font-weight", "font-style"}
    | {"text-decoration", "width", "height", "max-width"}
)
_SAFE_DATA = re.compile(r"data:image/(?:png|jpeg|gif|webp)[;,]", re.I)


def _data_filter(tag: str, attribute: str, value: str) -> str | None:
    """With `data:` among the schemes, keep it only for pictures in an element's `src`."""
    if value[:5].lower() == "data:" and not (attribute == "src" and _SAFE_DATA.match(value)):
        return None
    return value


class Sanitizer:
    """One configured cleaner per build (setting one up costs more than cleaning a page)."""

    def __init__(self, extensions: Iterable[str] = (), *, keep_comments: bool = False) -> None:
        """`keep_comments`: the internal edition keeps editors' HTML comments (staff may read the
        source); the public edition never has any (edition.py removes them before rendering)."""
        tags = set(BASE_TAGS)
        attributes = {tag: set(names) for tag, names in BASE_ATTRIBUTES.items()}
        attributes["*"] |= GENERIC_DATA
        for name in extensions:
            addition = EXTENSIONS.get(name)
            if addition is None:
                continue
            tags |= addition.tags
            for tag, names in addition.attributes.items():
                attributes.setdefault(tag, set()).update(names)
        options = {
            "tags": tags,
            "attributes": attributes,
            "generic_attribute_prefixes": set(PREFIXES),
            "link_rel": None,
            "filter_style_properties": set(STYLE_PROPERTIES),
            "strip_comments": not keep_comments,
        }
        self._plain = nh3.Cleaner(url_schemes=set(URL_SCHEMES), **options)  # type: ignore[arg-type]
        # Only pages that contain "data:" pay for a Python call per attribute.
        self._with_data = nh3.Cleaner(
            url_schemes=set(URL_SCHEMES | {"data"}),
            attribute_filter=_data_filter,
            **options,  # type: ignore[arg-type]
        )

    def clean(self, html: str) -> str:
        if not html:
            return html
        cleaner = self._with_data if "data:" in html else self._plain
        return cleaner.clean(html)


def extension_names(markdown_extensions: Iterable[object]) -> list[str]:
    """Names of MkDocs' `markdown_extensions` entries (strings; extension objects by module)."""
    names: list[str] = []
    for extension in markdown_extensions:
        if isinstance(extension, str):
            names.append(extension)
        else:
            module = type(extension).__module__
            names.append(module.removeprefix("markdown.extensions."))
    return names
