"""The search index as the browser downloads it: term shards, result fragments, a manifest.

A whole-site index is megabytes at 20,000 entries; a query needs the postings of a few terms
and the title and teaser of the ten results shown. So the term index is split into *shards*
by the first two characters of each term (hashed into a power-of-two number of buckets, sized
so that a shard is a few KB gzipped; a key whose terms alone fill a shard, such as the
readings はい… of 配送 and 配達 on a large site, gets a file of its own, so that no other key pays
for its bytes), and the displayed documents into *fragments* of
`FRAGMENT_PAGES` consecutive pages. A shard file is `{"terms": [[term, postings per field…],
…], "next": {character: likely next characters}}`: the second part (likely_next) lets the
worker fetch, while the reader reads a query's results, the shards the next keystroke most
probably needs. Every file is named by a hash of its content, so a static
host or CDN can cache it forever and a rebuild renames only the files whose content changed;
the small manifest (`search/madoguchi/manifest.json`, the one name that never changes) lists
them. The browser side is madoguchi-search-worker.js; `shard_key` and `bucket` must stay
identical to its `shardKey` and `bucket`. See docs/search.md.

Pure functions over the term index data (search_index.TermIndex.data) and the displayed
documents; the only I/O is writing (and reading back, for tests and tools) the files.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .japanese import KANJI_JOINER
from .search_index import deltas

# search/<FOLDER>/manifest.json, search/<FOLDER>/s/<hash>.json (shards), …/f/<hash>.json (fragments)
FOLDER = "madoguchi"
MANIFEST = "manifest.json"
SHARDS = "s"
FRAGMENTS = "f"
# Format of the manifest and its files; the worker refuses another.
VERSION = 4
# Pages per fragment file: few enough bytes for ten results, few enough names in the manifest.
FRAGMENT_PAGES = 8
# Serialised bytes aimed at per shard (about a third of it gzipped); a key whose terms reach
# it alone is a shard of its own (manifest "keys").
SHARD_BYTES = 12_000
# Characters of a term that choose its shard: a term's shard is known from its first two
# characters, so a prefix of two or more characters finds all its completions in one shard.
KEY_UNITS = 2
# Likely next characters shipped with a shard (its "next"): for a character c, the second
# characters x of the keys c·x holding at least NEXT_SHARE of the postings of all keys c·…, at
# most NEXT_KEYS of them. While the reader is still reading the results of a query ending in c,
# the worker fetches those keys' shards, so that the next keystroke (期 → 期限) finds its terms
# there and costs one round trip (its results' fragments) instead of two.
NEXT_KEYS = 2
NEXT_SHARE = 0.2
HASH_CHARS = 10
_FNV_OFFSET, _FNV_PRIME = 0x811C9DC5, 0x01000193


def shard_key(term: str) -> str:
    """The characters that choose a term's shard: its first two UTF-16 code units (what
    JavaScript's `term.slice(0, 2)` gives)."""
    units = term.encode("utf-16-le")[: 2 * KEY_UNITS]
    return units.decode("utf-16-le", errors="surrogatepass")


def bucket(key: str, count: int) -> int:
    """32-bit FNV-1a over the key's UTF-16 code units, modulo the number of shards."""
    value = _FNV_OFFSET
    data = key.encode("utf-16-le", errors="surrogatepass")
    for i in range(0, len(data), 2):
        value ^= data[i] | data[i + 1] << 8
        value = (value * _FNV_PRIME) & 0xFFFFFFFF
    return value % count


def _units(key: str) -> list[str]:
    """A key's UTF-16 code units, each as a string (what JavaScript's key[i] gives)."""
    data = key.encode("utf-16-le", errors="surrogatepass")
    return [data[i : i + 2].decode("utf-16-le", errors="surrogatepass") for i in range(0, len(data), 2)]


def likely_next(weights: dict[str, int]) -> dict[str, str]:
    """For each first unit c of a two-unit shard key, its likely next units (NEXT_SHARE,
    NEXT_KEYS; heaviest first, ties in code order) from `weights`: shard key → postings of
    its terms. Only characters with at least one are listed; keys with half of a surrogate
    pair (a character beyond the BMP, rare in Japanese) are left out, as JSON cannot carry one."""
    by_first: dict[str, list[tuple[int, str]]] = {}
    for key, weight in weights.items():
        units = _units(key)
        if len(units) == KEY_UNITS and not any("\ud800" <= unit <= "\udfff" for unit in units):
            by_first.setdefault(units[0], []).append((weight, units[1]))
    table = {}
    for first, pairs in by_first.items():
        total = sum(weight for weight, _ in pairs)
        pairs.sort(key=lambda pair: (-pair[0], pair[1]))
        nexts = "".join(unit for weight, unit in pairs[:NEXT_KEYS] if weight >= NEXT_SHARE * total)
        if nexts:
            table[first] = nexts
    return table


def shard_count(estimated_bytes: int) -> int:
    """A power of two (so that the count, and with it every shard's name, changes only when
    the index doubles or halves) giving shards of about SHARD_BYTES."""
    count = 1
    while count * SHARD_BYTES < estimated_bytes:
        count *= 2
    return count


def content_name(data: bytes) -> str:
    """A file's name from its content: letters only (47 bits), as no run of digits can pass
    for a phone number with the leak guard (audit.py) and no word for anything at all."""
    value = int.from_bytes(hashlib.sha256(data).digest()[:8], "big")
    letters = []
    for _ in range(HASH_CHARS):
        value, digit = divmod(value, 26)
        letters.append(chr(ord("a") + digit))
    return "".join(letters)


def _dump(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _undelta(deltas: Sequence[int]) -> list[int]:
    total, numbers = 0, []
    for delta in deltas:
        total += delta
        numbers.append(total)
    return numbers


def decoded_entries(terms: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """The term index's entries ([term, postings per field…]) with the kanji joiner removed
    (the browser no longer goes through Material's query parser); two terms that become one
    have their postings merged."""
    merged: dict[str, list[Any]] = {}
    for term, *fields in terms:
        plain = str(term).replace(KANJI_JOINER, "")
        entry = merged.get(plain)
        if entry is None:
            merged[plain] = [plain, *fields]
        else:
            entry[1:] = [
                deltas(sorted(set(_undelta(a)) | set(_undelta(b)))) for a, b in zip(entry[1:], fields, strict=True)
            ]
    return list(merged.values())


@dataclass(frozen=True)
class ShardStats:
    pages: int
    terms: int
    shards: int
    fragments: int
    bytes: int  # of every file written (uncompressed)


def shard_data(entries: Sequence[Sequence[Any]], nexts: dict[str, str]) -> bytes:
    """A shard file: its terms' entries (term, then each field's postings as deltas), sorted by
    term, and the likely next characters of the characters it is the shard of (likely_next)."""
    shard: dict[str, Any] = {"terms": sorted(entries, key=lambda entry: entry[0])}
    if nexts:
        shard["next"] = dict(sorted(nexts.items()))
    return _dump(shard)


def shard_contents(data: bytes) -> tuple[dict[str, list[list[int]]], dict[str, str]]:
    """What shard_data wrote: term → page numbers per field, and the likely next characters."""
    shard = json.loads(data)
    terms = {term: [_undelta(field) for field in fields] for term, *fields in shard["terms"]}
    return terms, shard.get("next", {})


def fragment_data(documents: Sequence[dict[str, Any]]) -> bytes:
    """A fragment file's bytes: the displayed documents of up to FRAGMENT_PAGES consecutive
    pages, without their boost (the worker reads it from the shards' fields)."""
    return _dump([{k: v for k, v in doc.items() if k != "boost"} for doc in documents])


class Fragments:
    """Fragment files written while the pages are analysed (plugins/search/analysis.py), so
    that after the last page write_search_files has only the last few to write: each is
    written as soon as its FRAGMENT_PAGES documents are known. write_search_files takes one
    as it is only if it was made of the very documents (the same objects, which the caller
    does not change once given) that it is given in that place; any other is removed at the
    end like a file of an earlier build."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder  # search/madoguchi/
        self.written: list[tuple[list[dict[str, Any]], str, int]] = []  # (documents, name, bytes)

    def add(self, documents: Sequence[dict[str, Any]]) -> None:
        """`documents`: every displayed document so far, in page order."""
        while (len(self.written) + 1) * FRAGMENT_PAGES <= len(documents):
            start = len(self.written) * FRAGMENT_PAGES
            chunk = list(documents[start : start + FRAGMENT_PAGES])
            data = fragment_data(chunk)
            name = content_name(data)
            path = self.folder / FRAGMENTS / f"{name}.json"
            if not self.written:
                path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                path.write_bytes(data)
            self.written.append((chunk, name, len(data)))

    def written_as(self, number: int, documents: Sequence[dict[str, Any]]) -> tuple[str, int] | None:
        """The name and size of fragment `number` when it was written from `documents`."""
        if number >= len(self.written):
            return None
        chunk, name, size = self.written[number]
        if len(chunk) != len(documents) or any(a is not b for a, b in zip(chunk, documents, strict=True)):
            return None
        return name, size


class Encoded:
    """The shards and fragments encoded by the last call of write_search_files, kept by the
    preview between its rebuilds: a shard whose terms and postings are equal to the last
    ones, or a fragment whose documents are, is not encoded again (comparing is several
    times cheaper than encoding, and a save changes the terms of one page)."""

    def __init__(self) -> None:
        self.shards: dict[object, tuple[object, str, bytes]] = {}  # bucket or key → ((entries, next), name, data)
        self.fragments: dict[int, tuple[list[dict[str, Any]], str, bytes]] = {}  # number → (documents, name, data)
        self.encoded = 0  # shards and fragments encoded (not taken from here) by the last call

    def shard(self, place: object, content: object) -> tuple[str, bytes] | None:
        """`content`: the shard's entries and its likely next characters."""
        kept = self.shards.get(place)
        return (kept[1], kept[2]) if kept is not None and kept[0] == content else None

    def fragment(self, number: int, documents: list[dict[str, Any]]) -> tuple[str, bytes] | None:
        kept = self.fragments.get(number)
        return (kept[1], kept[2]) if kept is not None and kept[0] == documents else None


def write_search_files(
    folder: Path,
    documents: Sequence[dict[str, Any]],
    index: dict[str, Any],
    fragments: Fragments | None = None,
    encoded: Encoded | None = None,
) -> ShardStats:
    """Write the manifest, shards and fragments of `index` (search_index.TermIndex.data) and
    its `documents` (search_index.display_doc of each page, in the same order) into `folder`
    (search/madoguchi/), remove the files of earlier builds, return what was written. Linear
    in the size of the index. `fragments`: those written already while the pages came.
    `encoded`: the preview's shards and fragments of its last rebuild (Encoded)."""
    refs = index["refs"]
    if [doc.get("location") for doc in documents] != list(refs):
        raise ValueError("the displayed documents are not the term index's pages")
    entries = decoded_entries(index["terms"])
    # Estimated serialised size of each key's terms, to choose the shards before serialising.
    by_key: dict[str, list[list[Any]]] = {}
    sizes: dict[str, int] = {}
    weights: dict[str, int] = {}
    for entry in entries:
        key = shard_key(entry[0])
        by_key.setdefault(key, []).append(entry)
        sizes[key] = sizes.get(key, 0) + 3 * len(entry[0]) + 6 + sum(3 * len(p) + 2 for p in entry[1:])
        weights[key] = weights.get(key, 0) + sum(len(p) for p in entry[1:])
    own = sorted(key for key, size in sizes.items() if size >= SHARD_BYTES)
    count = shard_count(sum(size for key, size in sizes.items() if size < SHARD_BYTES))
    buckets: list[list[list[Any]]] = [[] for _ in range(count)]
    for key, entries_of_key in by_key.items():
        if sizes[key] < SHARD_BYTES:
            buckets[bucket(key, count)] += entries_of_key
    # A character's likely next units travel with the shard of the character as a key.
    bucket_next: list[dict[str, str]] = [{} for _ in range(count)]
    own_next: dict[str, dict[str, str]] = {}
    for first, nexts in likely_next(weights).items():
        if first in sizes and sizes[first] >= SHARD_BYTES:
            own_next[first] = {first: nexts}
        else:
            bucket_next[bucket(first, count)][first] = nexts
    files: dict[str, bytes] = {}
    encoded_shards: dict[object, tuple[object, str, bytes]] = {}
    encoded_fragments: dict[int, tuple[list[dict[str, Any]], str, bytes]] = {}
    count_encoded = 0

    def shard_file(place: object, shard_entries: list[list[Any]], nexts: dict[str, str]) -> str:
        nonlocal count_encoded
        content = (shard_entries, nexts)
        found = encoded.shard(place, content) if encoded is not None else None
        if found is None:
            data = shard_data(shard_entries, nexts)
            found = (content_name(data), data)
            count_encoded += 1
        name, data = found
        files[f"{SHARDS}/{name}.json"] = data
        if encoded is not None:
            encoded_shards[place] = (content, name, data)
        return name

    shard_names = [
        shard_file(number, entries_of_bucket, nexts) if entries_of_bucket or nexts else ""
        for number, (entries_of_bucket, nexts) in enumerate(zip(buckets, bucket_next, strict=True))
    ]
    key_names = {key: shard_file(("key", key), by_key[key], own_next.get(key, {})) for key in own}
    fragment_names = []
    kept: dict[str, int] = {}  # fragments written already: their sizes
    for number, start in enumerate(range(0, len(documents), FRAGMENT_PAGES)):
        chunk = documents[start : start + FRAGMENT_PAGES]
        written = fragments.written_as(number, chunk) if fragments is not None else None
        if written is not None:
            name = written[0]
            kept[f"{FRAGMENTS}/{name}.json"] = written[1]
        else:
            found = encoded.fragment(number, list(chunk)) if encoded is not None else None
            if found is None:
                data = fragment_data(chunk)
                found = (content_name(data), data)
                count_encoded += 1
            name, data = found
            files[f"{FRAGMENTS}/{name}.json"] = data
            if encoded is not None:
                encoded_fragments[number] = (list(chunk), name, data)
        fragment_names.append(name)
    if encoded is not None:  # only this call's: a shard of a bucket count no longer used is dropped
        encoded.shards, encoded.fragments, encoded.encoded = encoded_shards, encoded_fragments, count_encoded
    manifest = {
        "version": VERSION,
        "pages": len(refs),
        "fields": index["fields"],
        "boosts": index.get("boosts", {}),
        "per": FRAGMENT_PAGES,
        "shards": shard_names,
        "keys": key_names,
        "fragments": fragment_names,
    }
    written_bytes = _write_folder(folder, files, _dump(manifest), kept)
    shards = len(set(filter(None, shard_names))) + len(key_names)
    return ShardStats(len(refs), len(entries), shards, len(fragment_names), written_bytes)


def shard_name(manifest: dict[str, Any], key: str) -> str:
    """The name of the shard holding the terms of a shard key ("" when no term has it): the
    key's own file, or its bucket's (madoguchi-search-worker.js shardId)."""
    own: dict[str, str] = manifest.get("keys", {})
    if key in own:
        return own[key]
    return str(manifest["shards"][bucket(key, len(manifest["shards"]))])


def _write_folder(folder: Path, files: dict[str, bytes], manifest: bytes, kept: dict[str, int] | None = None) -> int:
    """Write what is new, keep what is unchanged (same name, same content) or written already
    (`kept`: name → size), remove the rest."""
    kept = kept or {}
    for sub in (SHARDS, FRAGMENTS):
        (folder / sub).mkdir(parents=True, exist_ok=True)
        for old in (folder / sub).iterdir():
            if f"{sub}/{old.name}" not in files and f"{sub}/{old.name}" not in kept:
                old.unlink()
    total = sum(size for name, size in kept.items() if name not in files)
    for name, data in files.items():
        path = folder / name
        if not path.exists():
            path.write_bytes(data)
        total += len(data)
    (folder / MANIFEST).write_bytes(manifest)
    return total + len(manifest)


# --- reading back (tests, scripts/bench, scripts/search-eval) --------------------------------


@dataclass(frozen=True)
class SiteIndex:
    manifest: dict[str, Any]
    documents: list[dict[str, Any]]  # every page's displayed document, in page order
    terms: dict[str, list[list[int]]]  # term → page numbers per field
    next: dict[str, str]  # character → its likely next characters (likely_next)

    @property
    def refs(self) -> list[str]:
        return [str(doc["location"]) for doc in self.documents]

    def pages(self, term: str, field: str) -> list[str]:
        """The locations of the pages holding `term` in `field` (kt, kx or ko)."""
        fields = list(self.manifest["fields"])
        postings = self.terms.get(term)
        if postings is None or field not in fields:
            return []
        return [self.refs[n] for n in postings[fields.index(field)]]


def read_site_index(search_dir: Path) -> SiteIndex:
    """The whole index of a built site (search/), put together from its manifest and files."""
    folder = search_dir / FOLDER
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    documents: list[dict[str, Any]] = []
    for name in manifest["fragments"]:
        documents += json.loads((folder / FRAGMENTS / f"{name}.json").read_text(encoding="utf-8"))
    terms: dict[str, list[list[int]]] = {}
    nexts: dict[str, str] = {}
    for name in [*filter(None, manifest["shards"]), *manifest.get("keys", {}).values()]:
        shard_terms, shard_next = shard_contents((folder / SHARDS / f"{name}.json").read_bytes())
        terms |= shard_terms
        nexts |= shard_next
    return SiteIndex(manifest, documents, terms, nexts)


def site_files(search_dir: Path) -> Iterator[Path]:
    """Every file of the index (manifest, shards, fragments)."""
    folder = search_dir / FOLDER
    yield folder / MANIFEST
    for sub in (SHARDS, FRAGMENTS):
        yield from sorted((folder / sub).glob("*.json"))


def site_documents(search_dir: Path) -> list[dict[str, Any]]:
    """The displayed documents of a built site: from the fragments with madoguchi/search,
    else from mkdocs-material's own search_index.json."""
    if (search_dir / FOLDER / MANIFEST).exists():
        return read_site_index(search_dir).documents
    docs: list[dict[str, Any]] = json.loads((search_dir / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return docs
