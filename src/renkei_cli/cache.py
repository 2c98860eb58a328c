"""A parse cache: the validated Catalog of a data file, kept in the user's cache directory.

Parsing and validating YAML costs far more than reading a pickle, and scripts call renkei in
loops. One cache file per data path holds the catalog with the key it was built for (content
hash, renkei version, schema version, Python version); a different key, an unreadable file or
anything but a Catalog in it means it is ignored and rebuilt. Writes are atomic (temporary file,
then rename) and unpickling admits only renkei's own model classes, so a cache cannot run code.
"""

from __future__ import annotations

import gc
import io
import os
import pickle
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from renkei_cli import __version__
from renkei_cli.model import Catalog

if TYPE_CHECKING:
    from renkei_cli.topics import TopicTable

_MAGIC = "renkei-catalog-cache-2"
_SLOW_PARSE_SECONDS = 1.0
_ALLOWED_CLASSES = {
    ("renkei_cli.model", name)
    for name in (
        "Area",
        "Catalog",
        "Correction",
        "Initiative",
        "Placement",
        "PolicyField",
        "Project",
        "Provenance",
        "SourceInfo",
    )
}


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/renkei, or ~/.cache/renkei."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "renkei"


def _digest(data: bytes) -> str:
    """A content hash of the data: CRC-32 and Adler-32 with the length.

    It guards against a stale cache, not an adversary (the cache is the user's own, and its
    unpickler admits only model classes), and zlib costs a tenth of hashlib's import.
    """
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}-{len(data)}"


def cache_key(data: bytes) -> str:
    """What a cached catalog must have been built from to be used."""
    from renkei_cli.paths import SCHEMA_VERSION

    python = "{}.{}".format(*sys.version_info[:2])
    return f"{_digest(data)}:{__version__}:{SCHEMA_VERSION}:{python}"


def cache_file(path: Path) -> Path:
    """The cache file of one data path (one per path, so stale entries are replaced, not piled)."""
    name = _digest(str(path.resolve()).encode("utf-8", "surrogateescape"))
    return cache_dir() / f"catalog-{name}.pickle"


class _ModelUnpickler(pickle.Unpickler):
    """Unpickles renkei's model classes and nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED_CLASSES:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a renkei cache")
        return super().find_class(module, name)


def read_cache(file: Path, key: str) -> Catalog | None:
    """The cached catalog if the file is readable, well-formed and built for this key."""
    enabled = gc.isenabled()
    gc.disable()  # hundreds of thousands of new objects: the collector would double the time
    try:
        payload = _ModelUnpickler(io.BytesIO(file.read_bytes())).load()
    except Exception:  # a corrupt, truncated or foreign cache is ignored and rebuilt
        return None
    finally:
        if enabled:
            gc.enable()
    if (
        isinstance(payload, tuple)
        and len(payload) == 3
        and payload[0] == _MAGIC
        and payload[1] == key
        and isinstance(payload[2], Catalog)
    ):
        return payload[2]
    return None


def write_cache(file: Path, key: str, catalog: Catalog) -> None:
    """Write atomically; a cache that cannot be written is silently skipped."""
    _write_atomically(file, pickle.dumps((_MAGIC, key, catalog), pickle.HIGHEST_PROTOCOL))


def _write_atomically(file: Path, data: bytes) -> None:
    """Write to a temporary file beside `file`, then rename it into place; skip on OSError."""
    import tempfile

    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=file.parent, prefix=f".{file.stem}-", suffix=".tmp"
        )
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, file)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass


@dataclass(frozen=True, slots=True)
class CacheSlot:
    """Where a loaded catalog's cache entry is: derived data is cached beside it, same key."""

    file: Path
    key: str


def load(path: Path | str | None = None, use_cache: bool = True) -> Catalog:
    """The Catalog of a data file, from the cache when it is fresh; DataError if invalid."""
    return load_with_slot(path, use_cache)[0]


def load_with_slot(
    path: Path | str | None = None, use_cache: bool = True
) -> tuple[Catalog, CacheSlot | None]:
    """The Catalog of a data file and its cache slot (None when the cache is not used)."""
    from renkei_cli.loader import load_catalog
    from renkei_cli.paths import MAX_FILE_BYTES, default_data_path

    source = path if path is not None else default_data_path()  # as given, for messages
    path = Path(source)
    if not use_cache or not path.is_file():
        return load_catalog(source), None  # the loader reports a missing path or directory
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return load_catalog(source), None  # refused by size before a byte is read
        data = path.read_bytes()
    except OSError:
        return load_catalog(source), None
    key = cache_key(data)
    file = cache_file(path)
    catalog = read_cache(file, key)
    if catalog is None:
        catalog = _parse_with_progress(source)
        write_cache(file, key, catalog)
    return catalog, CacheSlot(file, key)


class _PlainUnpickler(pickle.Unpickler):
    """Unpickles builtin containers, strings and numbers only: no class at all."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a renkei cache")


def derived(slot: CacheSlot | None, name: str, build: Callable[[], Any]) -> Any:
    """Plain data computed from a catalog (search keys), cached beside it under its key.

    `build` must return builtins only (dicts, lists, strings, numbers); with no slot (the
    cache is off), or a stale or unreadable entry, it just calls `build`.
    """
    if slot is None:
        return build()
    file = slot.file.with_name(slot.file.stem.replace("catalog-", f"{name}-") + ".pickle")
    key = slot.key
    enabled = gc.isenabled()
    gc.disable()
    try:
        payload = _PlainUnpickler(io.BytesIO(file.read_bytes())).load()
        if isinstance(payload, tuple) and len(payload) == 3 and payload[:2] == (_MAGIC, key):
            return payload[2]
    except Exception:  # missing, corrupt or foreign: rebuild
        pass
    finally:
        if enabled:
            gc.enable()
    value = build()
    _write_atomically(file, pickle.dumps((_MAGIC, key, value), pickle.HIGHEST_PROTOCOL))
    return value


def _parse_with_progress(path: Path | str) -> Catalog:
    """Parse without the garbage collector (it makes large loads superlinear); on a terminal,
    say so on stderr when the parse takes longer than about a second."""
    import threading

    from renkei_cli.loader import load_catalog

    notice = threading.Timer(_SLOW_PARSE_SECONDS, _announce_slow_parse, args=(path,))
    notice.daemon = True
    if sys.stderr.isatty():
        notice.start()
    enabled = gc.isenabled()
    gc.disable()
    try:
        return load_catalog(path)
    finally:
        notice.cancel()
        if enabled:
            gc.enable()


def _announce_slow_parse(path: Path) -> None:
    sys.stderr.write(f"renkei: parsing {path} (the result is cached for next time)…\n")
    sys.stderr.flush()


# -- the spelling-variant table ------------------------------------------------------------------

_VARIANTS_MAGIC = "renkei-variants-cache-1"


def load_variants(
    path: Path | str | None = None, use_cache: bool = True
) -> tuple[tuple[str, ...], ...]:
    """The validated groups of a variant table (the bundled one by default), cached as JSON.

    `search` reads data/variants.yaml on every run, and parsing it means importing ruamel.yaml
    (~13 ms) that the catalog's cache spares the other commands. The groups are plain strings,
    so the cache is JSON (nothing is unpickled), keyed by the file's content hash and renkei's
    version; an invalid table is never cached, so its DataError is raised on every run.
    """
    import json

    from renkei_cli.paths import default_variants_path
    from renkei_cli.variants import load_variants as parse_variants

    source = path if path is not None else default_variants_path()
    path = Path(source)
    if not use_cache or not path.is_file():
        return parse_variants(source)
    try:
        data = path.read_bytes()
    except OSError:
        return parse_variants(source)
    key = f"{_digest(data)}:{__version__}"
    name = _digest(str(path.resolve()).encode("utf-8", "surrogateescape"))
    file = cache_dir() / f"variants-{name}.json"
    try:
        payload = json.loads(file.read_text(encoding="utf-8"))
        groups = payload["groups"]
        if (
            payload["magic"] == _VARIANTS_MAGIC
            and payload["key"] == key
            and isinstance(groups, list)
            and all(isinstance(g, list) and all(isinstance(s, str) for s in g) for g in groups)
        ):
            return tuple(tuple(group) for group in groups)
    except (OSError, ValueError, TypeError, KeyError):  # absent, corrupt or foreign: rebuild
        pass
    parsed = parse_variants(source)
    text = json.dumps({"magic": _VARIANTS_MAGIC, "key": key, "groups": parsed}, ensure_ascii=False)
    _write_atomically(file, text.encode("utf-8"))
    return parsed


# -- the topic table -----------------------------------------------------------------------------

_TOPICS_MAGIC = "renkei-topics-cache-1"


def load_topics(path: Path | str | None = None, use_cache: bool = True) -> TopicTable:
    """The validated topic table (the bundled data/topics.yaml by default), cached as JSON.

    Every command that prints records needs the topics, and parsing their file means importing
    ruamel.yaml, which the catalog's cache spares them; as with the variants, the cache is
    JSON keyed by the file's content hash and renkei's version, and an invalid file is never
    cached.
    """
    import json

    from renkei_cli.topics import TopicTable, default_topics_path
    from renkei_cli.topics import load_topics as parse_topics

    source = path if path is not None else default_topics_path()
    path = Path(source)
    if not use_cache or not path.is_file():
        return parse_topics(source)
    try:
        data = path.read_bytes()
    except OSError:
        return parse_topics(source)
    key = f"{_digest(data)}:{__version__}"
    name = _digest(str(path.resolve()).encode("utf-8", "surrogateescape"))
    file = cache_dir() / f"topics-{name}.json"
    try:
        payload = json.loads(file.read_text(encoding="utf-8"))
        if payload["magic"] == _TOPICS_MAGIC and payload["key"] == key:
            return TopicTable.from_plain(payload["table"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):  # rebuild
        pass
    parsed = parse_topics(source)
    plain = {"magic": _TOPICS_MAGIC, "key": key, "table": parsed.to_plain()}
    _write_atomically(file, json.dumps(plain, ensure_ascii=False).encode("utf-8"))
    return parsed
