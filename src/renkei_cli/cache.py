"""A parse cache: the validated Catalog of a data file, kept in the user's cache directory.

Parsing and validating YAML costs far more than reading a pickle, and scripts call renkei in
loops. One cache file per data path holds the catalog with the key it was built for (content
hash, renkei version, schema version, Python version); a different key, an unreadable file or
anything but a Catalog in it means it is ignored and rebuilt. Writes are atomic (temporary file,
then rename) and unpickling admits only renkei's own model classes, so a cache cannot run code.

One read, one truth: the data file's bytes are read once, keyed by their digest, and those same
bytes are parsed, so an entry always holds what its key says. Entries are opened without
following symlinks or blocking, and only a regular file under a size cap is read; an entry
that fails a check, or a cached catalog a command then fails on, is dropped and rebuilt.
The directory follows the XDG rules exactly; without a usable home there is no cache at all.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import pickle
import stat
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from renkei_cli import __version__
from renkei_cli.model import Catalog

T = TypeVar("T")

if TYPE_CHECKING:
    from renkei_cli.topics import TopicTable

_MAGIC = "renkei-catalog-cache-4"  # 4: titles and themes have readings
_SLOW_PARSE_SECONDS = 1.0
# The largest entry read: a catalog of a 32 MiB data file pickles to well under this.
MAX_ENTRY_BYTES = 256 * 1024 * 1024
# A temporary file this old belongs to a writer that died (a write takes well under a second).
STALE_TEMPORARY_SECONDS = 10 * 60
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


def cache_dir() -> Path | None:
    """$XDG_CACHE_HOME/renkei, else $HOME/.cache/renkei; None when there is no usable home.

    The XDG Base Directory rules: a relative XDG_CACHE_HOME is ignored; HOME must be absolute,
    else the user's passwd entry gives it; with neither, renkei runs without a cache rather
    than writing under `./~` or `/`. (The rules by hand: platformdirs would add its import.)
    """
    base = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(base):
        return Path(base) / "renkei"
    home = os.environ.get("HOME", "")
    if not os.path.isabs(home):
        home = _passwd_home()
    if not os.path.isabs(home):
        return None
    return Path(home) / ".cache" / "renkei"


def _passwd_home() -> str:
    """The home directory of the user's passwd entry, or "" (no entry, no pwd module)."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_dir
    except (ImportError, KeyError, OSError, AttributeError):
        return ""


def cache_disabled() -> bool:
    """RENKEI_NO_CACHE set to anything but empty or 0: the same as --no-cache."""
    return os.environ.get("RENKEI_NO_CACHE", "") not in ("", "0")


def read_entry(file: Path) -> bytes | None:
    """The bytes of a cache entry, or None: never through a symlink, never blocking on a FIFO,
    only a regular file of at most MAX_ENTRY_BYTES."""
    flags = os.O_RDONLY | os.O_NONBLOCK
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(file, flags)
    except (OSError, ValueError):
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            return None
        chunks = []
        remaining = info.st_size + 1  # one byte more: a file that grew is read to its new end
        while remaining > 0:
            chunk = os.read(handle, remaining)
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        return data if len(data) <= MAX_ENTRY_BYTES else None
    except OSError:
        return None
    finally:
        os.close(handle)


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
    return f"{_digest(data)}:{__version__}:{SCHEMA_VERSION}:{python}:{model_shape()}"


def model_shape() -> str:
    """A fingerprint of the model's classes and their fields.

    A catalog pickled by a model of another shape (a field added, renamed or removed while the
    version stays the same, as between two commits) must never be served: its objects would
    lack the new fields. Part of the key, so no one has to remember to bump a magic string.
    """
    from dataclasses import fields

    from renkei_cli import model

    shape = ";".join(
        f"{name}({','.join(f.name for f in fields(getattr(model, name)))})"
        for _, name in sorted(_ALLOWED_CLASSES)
    )
    return f"{zlib.crc32(shape.encode()):08x}"


def cache_file(path: Path, kind: str = "catalog", suffix: str = ".pickle") -> Path | None:
    """The cache file of one data path (one per path, so stale entries are replaced, not piled);
    None without a cache directory."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        absolute = str(path.resolve())
    except (OSError, ValueError, RuntimeError):
        absolute = os.path.abspath(path)
    name = _digest(absolute.encode("utf-8", "surrogateescape"))
    return directory / f"{kind}-{name}{suffix}"


class _ModelUnpickler(pickle.Unpickler):
    """Unpickles renkei's model classes and nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED_CLASSES:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a renkei cache")
        return super().find_class(module, name)


def read_cache(file: Path, key: str) -> Catalog | None:
    """The cached catalog if the file is readable, well-formed and built for this key."""
    data = read_entry(file)
    if data is None:
        return None
    enabled = gc.isenabled()
    gc.disable()  # hundreds of thousands of new objects: the collector would double the time
    try:
        payload = _ModelUnpickler(io.BytesIO(data)).load()
        if (
            isinstance(payload, tuple)
            and len(payload) == 3
            and payload[0] == _MAGIC
            and payload[1] == key
            and isinstance(payload[2], Catalog)
            and _consistent(payload[2])
        ):
            return payload[2]
    except Exception:  # a corrupt, truncated, foreign or inconsistent cache is rebuilt
        return None
    finally:
        if enabled:
            gc.enable()
    return None


def _consistent(catalog: Catalog) -> bool:
    """Whether the catalog's own lookups agree with its table: no id given twice, and every
    placement's project present (with its lookups built on load, these are set operations;
    anything subtler that breaks a command is caught by `discard_served`)."""
    projects = catalog._projects
    placements_of = catalog._placements_of
    return (
        len(projects) == len(catalog.projects)
        and len(catalog._placements) == len(catalog.placements)
        and len(placements_of) == len(projects)
        and placements_of.keys() <= projects.keys()
    )


def write_cache(file: Path, key: str, catalog: Catalog) -> None:
    """Write atomically; a cache that cannot be written is silently skipped."""
    _write_atomically(file, pickle.dumps((_MAGIC, key, catalog), pickle.HIGHEST_PROTOCOL))


def _write_atomically(file: Path, data: bytes) -> None:
    """Write to a temporary file beside `file`, then rename it into place; skip on OSError."""
    import tempfile

    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(file.parent)
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


def _remove_stale_temporaries(directory: Path) -> None:
    """Delete the temporary files that writers killed mid-write left (older than
    STALE_TEMPORARY_SECONDS); only on a write, so a warm run pays nothing."""
    limit = time.time() - STALE_TEMPORARY_SECONDS
    try:
        with os.scandir(directory) as entries:
            for entry in entries:
                if not (entry.name.startswith(".") and entry.name.endswith(".tmp")):
                    continue
                try:
                    if entry.stat(follow_symlinks=False).st_mtime < limit:
                        os.unlink(entry.path)
                except OSError:
                    pass
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
    catalog, slot, _ = load_with_bytes(path, use_cache)
    return catalog, slot


def load_with_bytes(
    path: Path | str | None = None, use_cache: bool = True
) -> tuple[Catalog, CacheSlot | None, bytes]:
    """The Catalog of a data file, its cache slot, and the bytes it was built from.

    The file is read once: the key is the digest of these bytes and a miss parses these same
    bytes, so a file that changes meanwhile can never be cached under another version's key;
    whoever needs the bytes (an export's provenance digest) gets these, not a second read.
    """
    from renkei_cli import datafile
    from renkei_cli.loader import load_catalog
    from renkei_cli.paths import default_data_path

    source = path if path is not None else default_data_path()  # as given, for messages
    data = datafile.read_data(source, str(source))
    file = cache_file(Path(source)) if use_cache and not cache_disabled() else None
    if file is None:
        return load_catalog(source, data=data), None, data
    key = cache_key(data)
    catalog = read_cache(file, key)
    if catalog is None:
        catalog = _parse_with_progress(source, data)
        write_cache(file, key, catalog)
    else:
        _served.append(file)
    return catalog, CacheSlot(file, key), data


# The entries this run has used as they were: the ones to drop if a command fails on them.
_served: list[Path] = []


def discard_served(error: BaseException) -> bool:
    """After an unexpected error, delete the entries this run was served (they may be what it
    failed on): True if there were any, so the command is worth running again, from the data.
    Errors renkei reports itself (RenkeiError, OSError) are never caused by an entry."""
    from renkei_cli.errors import RenkeiError

    if isinstance(error, (RenkeiError, OSError)) or not _served:
        return False
    for file in _served:
        with contextlib.suppress(OSError):
            os.unlink(file)
    _served.clear()
    return True


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
        payload = _PlainUnpickler(io.BytesIO(read_entry(file) or b"")).load()
        if isinstance(payload, tuple) and len(payload) == 3 and payload[:2] == (_MAGIC, key):
            _served.append(file)
            return payload[2]
    except Exception:  # missing, corrupt or foreign: rebuild
        pass
    finally:
        if enabled:
            gc.enable()
    value = build()
    _write_atomically(file, pickle.dumps((_MAGIC, key, value), pickle.HIGHEST_PROTOCOL))
    return value


def _parse_with_progress(path: Path | str, data: bytes) -> Catalog:
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
        return load_catalog(path, data=data)
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
    (~13 ms) that the catalog's cache spares the other commands.
    """
    from renkei_cli.paths import default_variants_path

    def parse(source: Path | str, data: bytes) -> tuple[tuple[str, ...], ...]:
        from renkei_cli.variants import load_variants as parse_variants  # a miss only

        return parse_variants(source, data=data)

    def from_plain(groups: Any) -> tuple[tuple[str, ...], ...]:
        if not all(isinstance(g, list) and all(isinstance(s, str) for s in g) for g in groups):
            raise TypeError("not a list of groups of strings")
        return tuple(tuple(group) for group in groups)

    source = path if path is not None else default_variants_path()
    cached = JsonCached("variants", _VARIANTS_MAGIC, "groups", parse, list, from_plain)
    return cached.load(source, use_cache)


class JsonCached(Generic[T]):
    """A small data file's validated value, cached as JSON: nothing is unpickled, the key is
    the file's content hash and renkei's version, and an invalid file is never cached (its
    DataError is raised on every run). The file is read once: the key and a parse see the same
    bytes; an entry that is absent, corrupt or foreign is rebuilt."""

    def __init__(
        self,
        kind: str,
        magic: str,
        field: str,
        parse: Callable[[Path | str, bytes], T],
        to_plain: Callable[[T], Any],
        from_plain: Callable[[Any], T],
    ) -> None:
        self.kind, self.magic, self.field = kind, magic, field
        self.parse, self.to_plain, self.from_plain = parse, to_plain, from_plain

    def load(self, source: Path | str, use_cache: bool) -> T:
        import json

        from renkei_cli.datafile import read_data

        data = read_data(source, str(source))
        file = cache_file(Path(source), self.kind, ".json")
        if not use_cache or cache_disabled() or file is None:
            return self.parse(source, data)
        key = f"{_digest(data)}:{__version__}"
        try:
            payload = json.loads((read_entry(file) or b"").decode("utf-8"))
            if payload["magic"] == self.magic and payload["key"] == key:
                return self.from_plain(payload[self.field])
        except (OSError, ValueError, TypeError, KeyError, AttributeError):  # rebuild
            pass
        parsed = self.parse(source, data)
        plain = {"magic": self.magic, "key": key, self.field: self.to_plain(parsed)}
        _write_atomically(file, json.dumps(plain, ensure_ascii=False).encode("utf-8"))
        return parsed


# -- the topic table -----------------------------------------------------------------------------

_TOPICS_MAGIC = "renkei-topics-cache-1"


def load_topics(path: Path | str | None = None, use_cache: bool = True) -> TopicTable:
    """The validated topic table (the bundled data/topics.yaml by default), cached as JSON.

    Every command that prints records needs the topics, and parsing their file means importing
    ruamel.yaml, which the catalog's cache spares them.
    """
    from renkei_cli.topics import TopicTable, default_topics_path
    from renkei_cli.topics import load_topics as parse_topics

    def parse(source: Path | str, data: bytes) -> TopicTable:
        return parse_topics(source, data=data)

    source = path if path is not None else default_topics_path()
    cached = JsonCached(
        "topics", _TOPICS_MAGIC, "table", parse, TopicTable.to_plain, TopicTable.from_plain
    )
    return cached.load(source, use_cache)
