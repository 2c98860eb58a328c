"""`renkei export sqlite`: the database holds the table with its keys, a full-text index that
finds Japanese (and English) substrings, replaces nothing unasked, and Datasette opens it."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import os
import re
import sqlite3
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from renkei_cli.errors import ExportError
from renkei_cli.export import sqlite as export
from renkei_cli.export.tables import TABLES, table_rows
from renkei_cli.model import Catalog

from .conftest import DATA, FIXTURES, ROOT

Run = Callable[..., Result]
RunJson = Callable[..., Any]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data exported once, with its metadata beside it."""
    from renkei_cli import api

    directory = tmp_path_factory.mktemp("export")
    path = directory / "renkei.db"
    export.export_sqlite(
        api.load(DATA, use_cache=False), path, metadata=directory / "metadata.json"
    )
    return path


@contextlib.contextmanager
def opened(path: Path) -> Iterator[sqlite3.Connection]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        yield db


def column_names(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


def test_the_counts_are_the_tables(database: Path, catalog: Catalog) -> None:
    with opened(database) as db:
        count = {
            table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("areas", "fields", "initiatives", "projects", "placements")
        }
        reposts = db.execute("SELECT count(*) FROM placements WHERE repost").fetchone()[0]
    assert count["placements"] == 82 == len(catalog.placements)
    assert count["projects"] == 77 == len(catalog.projects)
    assert (count["areas"], count["fields"], count["initiatives"]) == (3, 3, 25)
    assert reposts == 5


def test_keys_are_declared_and_hold(database: Path) -> None:
    with opened(database) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        targets = {row[2] for row in db.execute("PRAGMA foreign_key_list(placements)")}
        assert targets == {"projects", "initiatives"}
        assert {row[2] for row in db.execute("PRAGMA foreign_key_list(initiatives)")} == {
            "areas",
            "fields",
        }
        primary = [row[1] for row in db.execute("PRAGMA table_info(projects)") if row[5]]
        assert primary == ["id"]


def test_a_broken_reference_fails_the_build(tmp_path: Path) -> None:
    from renkei_cli import api

    rows = table_rows(api.load(DATA, use_cache=False))
    rows["placements"][0]["project_id"] = "9-z-9"
    with pytest.raises(ExportError, match=r"(?i)foreign key"):
        export._build(tmp_path / "broken.db", rows)


def test_placements_full_is_renkei_list(database: Path, run_json: RunJson) -> None:
    with opened(database) as db:
        db.row_factory = sqlite3.Row
        rows = [dict(row) for row in db.execute("SELECT * FROM placements_full")]
    records = run_json("list")
    assert [row["id"] for row in rows] == [record["id"] for record in records]
    for row, record in zip(rows, records, strict=True):
        for key in ("name", "area", "area_title", "field", "field_title", "theme"):
            assert row[key] == record[key], (row["id"], key)
        assert row["initiative"] == record["initiative"]
        assert row["initiative_title"] == record["initiative_title"]
        assert [row["first_page"], row["last_page"]] == record["pages"]
        assert bool(row["repost"]) is record["repost"]
        assert row["primary_id"] == record["primary_id"]


def fts_ids(db: sqlite3.Connection, text: str) -> set[str]:
    query = (
        "SELECT id FROM projects WHERE rowid IN "
        "(SELECT rowid FROM projects_fts WHERE projects_fts MATCH ?)"
    )
    return {row[0] for row in db.execute(query, (f'"{text}"',))}


@pytest.mark.parametrize(
    "text", ["くうこう", "北九州空港", "脱炭素", "広域利用", "けんいき", "支援事業"]
)
def test_full_text_finds_japanese_of_three_characters_or_more(
    database: Path, catalog: Catalog, text: str
) -> None:
    expected = {p.id for p in catalog.projects if text in p.name or text in (p.reading or "")}
    assert expected
    with opened(database) as db:
        assert fts_ids(db, text) == expected


def test_full_text_finds_english_when_the_data_has_it(tmp_path: Path) -> None:
    from renkei_cli import api

    rows = table_rows(api.load(DATA, use_cache=False))
    english = {"1-c-1": "Making Kitakyushu Airport a logistics hub", "2-d-1": "Airport works"}
    for row in rows["projects"]:
        row["name_en"] = english.get(row["id"], f"Project {row['id']}")
    export._build(tmp_path / "en.db", rows)
    with opened(tmp_path / "en.db") as db:
        assert "name_en" in column_names(db, "projects")
        assert "name_en" in column_names(db, "placements_full")
        assert "name_en" in column_names(db, "projects_fts")
        assert fts_ids(db, "airport") == {"1-c-1", "2-d-1"}  # any case
        assert fts_ids(db, "logistics hub") == {"1-c-1"}


def test_english_columns_are_left_out_without_english(tmp_path: Path) -> None:
    from renkei_cli import api

    path = tmp_path / "plain.db"
    export.export_sqlite(api.load(FIXTURES / "valid" / "minimal.yaml", use_cache=False), path)
    with opened(path) as db:
        names = {c for t in ("areas", "projects", "placements_full") for c in column_names(db, t)}
        assert column_names(db, "projects_fts") == ["name", "reading"]
    assert names and not any(name.endswith("_en") for name in names)


def test_english_columns_are_there_with_english(database: Path, run_json: RunJson) -> None:
    english = run_json("list")[0]["name_en"] is not None
    with opened(database) as db:
        assert ("name_en" in column_names(db, "projects")) is english
        assert ("area_title_en" in column_names(db, "placements_full")) is english


def test_topics_are_renkeis_topic_table(database: Path, run_json: RunJson) -> None:
    from renkei_cli import api

    table = api.load(DATA, use_cache=False).topics()
    pairs = {(r["id"], t) for r in run_json("list") if not r["repost"] for t in r["topics"]}
    with opened(database) as db:
        assert column_names(db, "topics") == ["id", "title", "reading", "title_en", "rule"]
        assert [row[0] for row in db.execute("SELECT id FROM topics ORDER BY rowid")] == [
            t.id for t in table.topics
        ]
        assert set(db.execute("SELECT project_id, topic_id FROM project_topics")) == pairs
        whys = [row[0] for row in db.execute("SELECT why FROM project_topics")]
        assert pairs and all(whys)


def test_without_topics_there_are_no_topic_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from renkei_cli import api
    from renkei_cli.topics import TopicTable

    loaded = api.load(DATA, use_cache=False)
    monkeypatch.setattr(api.LoadedCatalog, "topics", lambda self: TopicTable((), {}))
    rows = table_rows(loaded)
    assert rows["topics"] == rows["project_topics"] == []
    export._build(tmp_path / "plain.db", rows)
    with opened(tmp_path / "plain.db") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "placements" in tables and not tables & {"topics", "project_topics"}


def test_the_command_writes_the_database_and_says_so(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "out.db"
    result = run("export", "sqlite", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"renkei: wrote {path} (82 placements, 77 projects, ")
    assert [p.name for p in tmp_path.iterdir()] == ["out.db"]  # no temporary file left
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask  # as `>` would create it
    with opened(path) as db:
        assert db.execute("SELECT count(*) FROM placements").fetchone() == (82,)


def test_an_existing_file_is_refused_unless_forced(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "keep.db"
    path.write_bytes(b"precious")
    result = run("export", "sqlite", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"renkei: error: {path} exists: give --force to replace it\n"
    assert path.read_bytes() == b"precious"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.db"]
    forced = run("export", "sqlite", str(path), "--force")
    assert forced.exit_code == 0, forced.stderr
    with opened(path) as db:
        assert db.execute("SELECT count(*) FROM projects").fetchone() == (77,)


def test_an_existing_metadata_file_is_refused_before_anything_is_written(
    run: Run, tmp_path: Path
) -> None:
    metadata = tmp_path / "metadata.json"
    metadata.write_text("{}", encoding="utf-8")
    result = run("export", "sqlite", str(tmp_path / "new.db"), "--metadata", str(metadata))
    assert result.exit_code == 2
    assert result.stderr == f"renkei: error: {metadata} exists: give --force to replace it\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["metadata.json"]


@pytest.mark.parametrize("where", ["directory", "missing"])
def test_an_unwritable_place_gets_one_line(run: Run, tmp_path: Path, where: str) -> None:
    path = tmp_path if where == "directory" else tmp_path / "no" / "such.db"
    result = run("export", "sqlite", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith("renkei: error: ") and result.stderr.count("\n") == 1


def test_a_sqlite_without_trigram_gets_a_clear_message(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "sqlite_version", lambda: (3, 31, 1))
    result = run("export", "sqlite", str(tmp_path / "old.db"))
    assert result.exit_code == 2
    assert result.stderr == (
        "renkei: error: this Python's SQLite is 3.31.1; the full-text index needs 3.34 or "
        "later (FTS5's trigram tokenizer): use a newer Python or SQLite\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_the_metadata_describes_every_column(database: Path, run_json: RunJson) -> None:
    metadata = json.loads((database.parent / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["title"] == "renkei: 北九州都市圏域連携中枢都市圏ビジョン"
    assert metadata["source"].startswith("北九州都市圏域連携中枢都市圏ビジョン V ")
    english = run_json("list")[0]["name_en"] is not None
    assert ("unofficial" in metadata["description"]) is english
    tables = metadata["databases"]["renkei"]["tables"]
    with opened(database) as db:
        for table in ("areas", "fields", "initiatives", "projects", "placements"):
            assert list(tables[table]["columns"]) == column_names(db, table)
            assert all(tables[table]["columns"].values())
    assert tables["projects"]["fts_table"] == "projects_fts"


def test_the_metadata_notes_the_unofficial_translation_when_there_is_english() -> None:
    from renkei_cli import api

    columns = {t.name: tuple(c.name for c in t.columns) for t in TABLES}
    exported = export.Exported(Path("renkei.db"), 0, {}, columns)
    metadata = export.datasette_metadata(api.load(DATA, use_cache=False), exported)
    assert "unofficial translation" in metadata["description"]
    assert "English" in metadata["databases"]["renkei"]["tables"]["projects"]["columns"]["name_en"]


def test_datasette_opens_it(database: Path) -> None:
    from datasette.app import Datasette

    metadata = json.loads((database.parent / "metadata.json").read_text(encoding="utf-8"))

    async def fetch(path: str) -> Any:
        response = await Datasette([str(database)], metadata=metadata).client.get(path)
        assert response.status_code == 200, path
        return response.json()

    projects = asyncio.run(fetch("/renkei/projects.json?_shape=array&_size=max"))
    assert len(projects) == 77
    assert projects[0]["id"] == "1-a-1"
    found = asyncio.run(fetch("/renkei/projects.json?_shape=array&_search=くうこう"))
    assert sorted(row["id"] for row in found) == ["1-c-1", "2-d-1", "2-d-2"]
    described = asyncio.run(fetch("/-/metadata.json"))
    assert described["title"] == metadata["title"]


def test_the_documented_queries_give_the_documented_results(database: Path) -> None:
    """docs/sqlite.md: each ```sql block's statements, and the ```text block after it (one
    paragraph per statement, columns split on spaces)."""
    text = (ROOT / "docs" / "sqlite.md").read_text(encoding="utf-8")
    pairs = re.findall(r"```sql\n(.*?)```\n\n```text\n(.*?)```", text, flags=re.DOTALL)
    assert len(pairs) == 3
    with opened(database) as db:
        for sql, shown in pairs:
            statements = [s for s in sql.split(";") if s.strip()]
            paragraphs = shown.strip().split("\n\n")
            assert len(statements) == len(paragraphs)
            for statement, paragraph in zip(statements, paragraphs, strict=True):
                got = [[str(value) for value in row] for row in db.execute(statement)]
                assert got == [line.split() for line in paragraph.splitlines()], statement


@pytest.mark.parametrize("word", ["airport", "tourism", "child care"])
def test_full_text_finds_english_of_the_bundled_data(
    database: Path, run_json: RunJson, word: str
) -> None:
    records = run_json("list")
    expected = {r["primary_id"] or r["id"] for r in records if word in (r["name_en"] or "").lower()}
    assert expected
    with opened(database) as db:
        assert fts_ids(db, word) == expected


@pytest.mark.parametrize("force", [True, False])
def test_a_failed_write_exits_74_and_replaces_nothing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, force: bool
) -> None:
    path = tmp_path / "keep.db"
    if force:  # --force renames over the old file
        path.write_bytes(b"precious")

    def full_disk(*args: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full_disk)
    monkeypatch.setattr(os, "link", full_disk)
    result = run("export", "sqlite", str(path), *(["--force"] if force else []))
    assert result.exit_code == 74
    assert result.stderr == f"renkei: error: cannot write {path}: {os.strerror(errno.ENOSPC)}\n"
    assert [p.name for p in tmp_path.iterdir()] == (["keep.db"] if force else [])
    if force:
        assert path.read_bytes() == b"precious"
