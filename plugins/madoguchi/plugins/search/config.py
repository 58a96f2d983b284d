from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class SearchConfig(Config):
    """Options of `madoguchi/search` (Japanese processing of mkdocs-material's search index)."""

    enabled = c.Type(bool, default=True)

    # Editors' synonym groups, relative to docs_dir; kept out of the published site.
    synonyms = c.Type(str, default="_data/synonyms.yml")
    # Madoguchi's default lexicon of support paraphrases (madoguchi/data/synonyms-default.yml),
    # overridden and extended by the site's groups; `false`: the site's groups only.
    default_synonyms = c.Type(bool, default=True)
    # SudachiPy dictionary package: sudachidict_small / _core / _full.
    dictionary = c.Choice(("small", "core", "full"), default="core")
    # How much more a word in the question (tags, headings) counts than one in the answer;
    # a word of the title counts 1.5 times as much again (search_index.NAME_FACTOR).
    title_boost = c.Type((int, float), default=10)
    # Analyse pages in a helper process while MkDocs renders (only with more than one CPU).
    parallel = c.Type(bool, default=True)
    # Page whose first table lists the contact channels shown when nothing is found.
    contact_page = c.Type(str, default="contact.md")
