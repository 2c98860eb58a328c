"""`renkei export sqlite`: the catalog as a SQLite database that Datasette opens as it is.

Tables with primary and foreign keys (export/tables.py), a `placements_full` view that joins
them the way `renkei list` shows a placement, and `projects_fts`, an FTS5 index over project
names and readings (and English names, when the data has them) with the trigram tokenizer,
which finds Japanese substrings of three characters or more without a word splitter. The
database is built in a temporary file beside FILE and renamed into place, so FILE is never
half-written; an existing FILE is replaced only when asked to. Standard library only.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from renkei_cli.errors import ExportError, ExportWriteError
from renkei_cli.export.tables import (
    TABLES,
    TRANSLATION_NOTE,
    Column,
    Row,
    Table,
    present_columns,
    table_rows,
)

if TYPE_CHECKING:
    from renkei_cli.api import LoadedCatalog

# FTS5's trigram tokenizer first shipped in SQLite 3.34.0 (December 2020).
TRIGRAM_SINCE = (3, 34, 0)
FTS_TABLE = "projects_fts"
FTS_COLUMNS = ("name", "reading", "name_en")

# placements_full: the joined columns in `renkei list --json` order, then the project's
# reading. `{X}` entries are English columns, kept only when their table has them.
_VIEW_COLUMNS = (
    ("p.id", "id"),
    ("pr.name", "name"),
    ("pr.name_en", "{name_en}"),
    ("p.seq", "seq"),
    ("a.number", "area"),
    ("a.title", "area_title"),
    ("a.title_en", "{area_title_en}"),
    ("f.number", "field"),
    ("f.title", "field_title"),
    ("f.title_en", "{field_title_en}"),
    ("i.letter", "initiative"),
    ("i.title", "initiative_title"),
    ("i.title_en", "{initiative_title_en}"),
    ("p.theme", "theme"),
    ("p.theme_en", "{theme_en}"),
    ("COALESCE(f.first_page, a.first_page)", "first_page"),
    ("COALESCE(f.last_page, a.last_page)", "last_page"),
    ("p.repost", "repost"),
    ("CASE WHEN p.repost THEN p.project_id END", "primary_id"),
    ("p.project_id", "project_id"),
    ("pr.reading", "reading"),
)
_VIEW_JOINS = """
FROM placements AS p
JOIN projects AS pr ON pr.id = p.project_id
JOIN initiatives AS i ON i.id = p.initiative_id
JOIN areas AS a ON a.number = i.area
LEFT JOIN fields AS f ON f.id = i.field_id
ORDER BY p.seq"""


@dataclass(frozen=True, slots=True)
class Exported:
    """What an export wrote: the file, its size, and its tables with their row counts."""

    path: Path
    size: int
    counts: dict[str, int]  # rows per table
    columns: dict[str, tuple[str, ...]]  # the columns each table got

    @property
    def english(self) -> bool:
        """Whether the data had English (and the database has its columns)."""
        return "name_en" in self.columns["projects"]

    def summary(self) -> str:
        """`82 placements, 77 projects, 116 KiB`."""
        counts = self.counts
        return (
            f"{counts['placements']} placements, {counts['projects']} projects, "
            f"{self.size // 1024} KiB"
        )


def check_sqlite() -> None:
    """ExportError unless this Python's SQLite has FTS5 with the trigram tokenizer."""
    version = sqlite_version()
    shown = ".".join(str(part) for part in version)
    if version < TRIGRAM_SINCE:
        raise ExportError(
            f"this Python's SQLite is {shown}; the full-text index needs 3.34 or later "
            "(FTS5's trigram tokenizer): use a newer Python or SQLite"
        )
    try:
        with contextlib.closing(sqlite3.connect(":memory:")) as probe:
            probe.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
    except sqlite3.Error as error:
        raise ExportError(
            f"this Python's SQLite {shown} has no FTS5 trigram tokenizer ({error}): "
            "use a SQLite built with FTS5"
        ) from None


def sqlite_version() -> tuple[int, ...]:
    """The version of the SQLite library this Python uses (tests replace it)."""
    return sqlite3.sqlite_version_info


def export_sqlite(
    loaded: LoadedCatalog, path: Path, force: bool = False, metadata: Path | None = None
) -> Exported:
    """Write the catalog as a SQLite database at `path`, and Datasette metadata JSON at
    `metadata` if given; ExportError if either cannot be written (both are checked first)."""
    check_sqlite()
    target = _writable_target(path, force)
    if metadata is not None:
        _writable_target(metadata, force)
    rows = table_rows(loaded)
    built: list[tuple[dict[str, int], dict[str, tuple[str, ...]]]] = []
    _write_atomically(target, force, lambda file: built.append(_build(file, rows)))
    counts, columns = built[0]
    exported = Exported(target, target.stat().st_size, counts, columns)
    if metadata is not None:
        write_metadata(datasette_metadata(loaded, exported), metadata, force)
    return exported


def _write_atomically(target: Path, force: bool, write: Callable[[Path], object]) -> None:
    """Have `write` fill a temporary file beside `target`, sync it, then rename it into place;
    on any failure remove it and leave `target` as it was (ExportError for a file system
    error). The file gets the permissions the umask gives a new file, as `>` would."""
    temporary = target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    except OSError as error:
        raise ExportWriteError(
            f"cannot write in {target.parent}: {error.strerror or error}"
        ) from None
    try:
        write(temporary)
        with temporary.open("rb") as written:
            os.fsync(written.fileno())
        _rename(temporary, target, force)
    except OSError as error:
        raise ExportWriteError(f"cannot write {target}: {error.strerror or error}") from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _writable_target(path: Path, force: bool) -> Path:
    """`path`, checked: not a directory, in a directory that exists, absent unless forced."""
    if path.is_dir():
        raise ExportError(f"{path} is a directory: give the path of the database file")
    if not path.parent.is_dir():
        raise ExportError(f"{path}: no such directory {path.parent}")
    if path.exists() and not force:
        raise ExportError(f"{path} exists: give --force to replace it")
    return path


def _rename(temporary: Path, target: Path, force: bool) -> None:
    """Put the finished file in place; without `force`, never over a file made meanwhile."""
    if force:
        os.replace(temporary, target)
        return
    try:
        os.link(temporary, target)  # fails if target exists, atomically
    except FileExistsError:
        raise ExportError(f"{target} exists: give --force to replace it") from None
    except OSError:  # a file system without hard links
        if target.exists():
            raise ExportError(f"{target} exists: give --force to replace it") from None
        os.replace(temporary, target)


def _build(
    file: Path, rows: dict[str, list[Row]]
) -> tuple[dict[str, int], dict[str, tuple[str, ...]]]:
    """Create the tables, view and full-text index in `file`; each table's rows and columns."""
    try:
        with contextlib.closing(sqlite3.connect(file)) as db:
            db.execute("PRAGMA foreign_keys = ON")
            # A fresh file nobody else sees: no journal, no syncs while building (the
            # finished file is synced once before it is renamed into place).
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            columns: dict[str, tuple[Column, ...]] = {}
            counts = {}
            with db:
                for table in TABLES:
                    table_rows_ = rows.get(table.name, [])
                    if table.name in {"topics", "project_topics"} and not table_rows_:
                        continue  # no topics in this data
                    columns[table.name] = present_columns(table, table_rows_)
                    _create_table(db, table, columns[table.name], table_rows_)
                    counts[table.name] = len(table_rows_)
                db.execute(_view_sql(columns))
                _create_fts(db, english="name_en" in {c.name for c in columns["projects"]})
            problems = db.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise ExportError(f"the database breaks its foreign keys: {problems[:3]}")
    except sqlite3.IntegrityError as error:
        raise ExportError(f"the data breaks the database's keys: {error}") from None
    except sqlite3.Error as error:  # a full disk, an I/O error
        raise ExportWriteError(f"cannot write the database: {error}") from None
    return counts, {name: tuple(c.name for c in got) for name, got in columns.items()}


def _create_table(
    db: sqlite3.Connection, table: Table, columns: tuple[Column, ...], rows: list[Row]
) -> None:
    parts = [f"{c.name} {c.declaration}" for c in columns] + list(table.constraints)
    db.execute(f"CREATE TABLE {table.name} (\n  " + ",\n  ".join(parts) + "\n)")
    names = [c.name for c in columns]
    placeholders = ", ".join("?" for _ in names)
    db.executemany(
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({placeholders})",
        ([row.get(name) for name in names] for row in rows),
    )


def _view_sql(columns: dict[str, tuple[Column, ...]]) -> str:
    """placements_full, with the English columns the tables have."""
    present = {f"{alias}.{c.name}" for alias, table in _ALIASES.items() for c in columns[table]}
    selected = []
    for expression, name in _VIEW_COLUMNS:
        if name.startswith("{"):
            if expression not in present:
                continue
            name = name.strip("{}")
        selected.append(f"{expression} AS {name}")
    return "CREATE VIEW placements_full AS\nSELECT " + ",\n  ".join(selected) + _VIEW_JOINS


_ALIASES = {
    "p": "placements",
    "pr": "projects",
    "i": "initiatives",
    "a": "areas",
    "f": "fields",
}


def _create_fts(db: sqlite3.Connection, english: bool) -> None:
    """projects_fts: an external-content FTS5 index of projects (Datasette finds it by its
    `content=` and offers a search box on projects)."""
    indexed = [c for c in FTS_COLUMNS if english or c != "name_en"]
    listing = ", ".join(indexed)
    db.execute(
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({listing}, content='projects', "
        "content_rowid='rowid', tokenize='trigram')"
    )
    db.execute(f"INSERT INTO {FTS_TABLE} (rowid, {listing}) SELECT rowid, {listing} FROM projects")


# -- Datasette metadata --------------------------------------------------------------------


def datasette_metadata(loaded: LoadedCatalog, exported: Exported) -> dict[str, Any]:
    """Datasette's metadata for an exported database (Datasette names it by the file's stem):
    title, source document, notes on the project's own data, and every column described."""
    source = loaded.source
    notes = [
        f"The table of section {source.section} of {source.title}, one row per placement.",
        "Readings (and topics, where present) are renkei's own data, not the document's.",
    ]
    notes.append(
        f"Full-text search ({FTS_TABLE}, trigram) finds any 3 or more characters of a "
        "project's name or reading."
    )
    if exported.english:
        note = source.english_note or f"English titles and names are {TRANSLATION_NOTE}"
        notes.append(note.rstrip(".") + ".")
    tables: dict[str, Any] = {}
    for table in TABLES:
        if table.name in exported.columns:
            present = exported.columns[table.name]
            tables[table.name] = {
                "description": table.description,
                "columns": {c.name: c.description for c in table.columns if c.name in present},
            }
    tables["projects"]["fts_table"] = FTS_TABLE
    return {
        "title": f"renkei: {source.title}",
        "description": " ".join(notes),
        "source": f"{source.title} {source.section}",
        "databases": {exported.path.stem: {"tables": tables}},
    }


def write_metadata(metadata: dict[str, Any], path: Path, force: bool = False) -> None:
    """Write Datasette metadata JSON at `path` (temporary file, then rename)."""
    target = _writable_target(path, force)
    text = json.dumps(metadata, ensure_ascii=False, indent=2) + "\n"
    _write_atomically(target, force, lambda file: file.write_text(text, encoding="utf-8"))
