"""The relational form of the catalog: tables, their columns (with descriptions) and rows.

One declaration per table serves the SQLite schema, the rows and the Datasette metadata, so
they cannot disagree. Optional columns (English, readings of titles) and tables (topics) are
created only when the data has them: a column is kept when one row has a value for it, a
table when it has rows. Rows come from the model, the records of `renkei list --json`
(api.py) and renkei's topic table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from renkei_cli.api import LoadedCatalog

Row = dict[str, Any]

# Said wherever the project's own data is described: the document has neither.
TRANSLATION_NOTE = "renkei's own, unofficial English translation, not the document's"
READING_NOTE = "renkei's own hiragana reading (search data), not the document's"


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its SQL declaration after the name, what it holds, and whether it is
    created only when the data has a value for it."""

    name: str
    declaration: str
    description: str
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """One table: its columns, its table constraints (keys) and a description."""

    name: str
    description: str
    columns: tuple[Column, ...]
    constraints: tuple[str, ...] = ()


def _english(name: str, of: str) -> Column:
    return Column(name, "TEXT", f"{of} in English: {TRANSLATION_NOTE}", optional=True)


def _pages(of: str) -> tuple[Column, Column]:
    return (
        Column("first_page", "INTEGER NOT NULL", f"first page of {of} in the document"),
        Column("last_page", "INTEGER NOT NULL", f"last page of {of} in the document"),
    )


TABLES = (
    Table(
        "areas",
        "The three policy areas of section V (1, 2, 3).",
        (
            Column("number", "INTEGER PRIMARY KEY", "area number, as the document numbers it"),
            Column("title", "TEXT NOT NULL", "the area's title, as the document writes it"),
            _english("title_en", "the title"),
            *_pages("the area's tables"),
        ),
    ),
    Table(
        "fields",
        "The policy fields (政策分野) of area 3, numbered (1), (2), (3).",
        (
            Column("id", "TEXT PRIMARY KEY", "area and field number: 3-1"),
            Column("area", "INTEGER NOT NULL REFERENCES areas(number)", "the area"),
            Column("number", "INTEGER NOT NULL", "field number within the area"),
            Column("title", "TEXT NOT NULL", "the field's title, as the document writes it"),
            _english("title_en", "the title"),
            *_pages("the field's table"),
        ),
        ("UNIQUE (area, number)",),
    ),
    Table(
        "initiatives",
        "The concrete initiatives (具体的取組), lettered within their area or field.",
        (
            Column("id", "TEXT PRIMARY KEY", "the placements' id prefix: 1-b, 3-1-g"),
            Column("area", "INTEGER NOT NULL REFERENCES areas(number)", "the area"),
            Column("field_id", "TEXT REFERENCES fields(id)", "the policy field (area 3 only)"),
            Column("letter", "TEXT NOT NULL", "letter within the area or field"),
            Column("title", "TEXT NOT NULL", "the initiative's title, as the document writes it"),
            _english("title_en", "the title"),
        ),
    ),
    Table(
        "projects",
        "The cooperation projects (連携事業): one row per project, however often it is listed.",
        (
            Column("id", "TEXT PRIMARY KEY", "id of the project's first (non-【再掲】) placement"),
            Column("name", "TEXT NOT NULL", "the name, as the document writes it (corrected)"),
            _english("name_en", "the name"),
            Column("reading", "TEXT", f"the name's {READING_NOTE}; words spaced"),
            Column("source_text", "TEXT", "the raw extracted text, where the name was corrected"),
            Column("placement_count", "INTEGER NOT NULL", "how many placements list it"),
        ),
    ),
    Table(
        "placements",
        "Every row of the document's tables: a project listed under an initiative, perhaps "
        "as a 【再掲】 (repost) of a project listed first elsewhere.",
        (
            Column("id", "TEXT PRIMARY KEY", "placement id: 1-c-1, 3-1-g-2"),
            Column("seq", "INTEGER NOT NULL UNIQUE", "position in the document, from 1"),
            Column("project_id", "TEXT NOT NULL REFERENCES projects(id)", "the project listed"),
            Column(
                "initiative_id",
                "TEXT NOT NULL REFERENCES initiatives(id)",
                "the initiative it is listed under",
            ),
            Column("position", "INTEGER NOT NULL", "number within the initiative, from 1"),
            Column("theme", "TEXT", "the sub-heading it sits under within the initiative"),
            _english("theme_en", "the theme"),
            Column("repost", "INTEGER NOT NULL CHECK (repost IN (0, 1))", "1 for 【再掲】"),
        ),
    ),
    Table(
        "topics",
        "renkei's own editorial classification of projects by subject, not the document's.",
        (
            Column("id", "TEXT PRIMARY KEY", "topic id (stable, ASCII)"),
            Column("title", "TEXT NOT NULL", "the topic's title"),
            Column("reading", "TEXT", f"the title's {READING_NOTE}", optional=True),
            _english("title_en", "the title"),
            Column("rule", "TEXT", "which projects get the topic", optional=True),
        ),
    ),
    Table(
        "project_topics",
        "Which topics each project has (renkei's own classification, not the document's).",
        (
            Column("project_id", "TEXT NOT NULL REFERENCES projects(id)", "the project"),
            Column("topic_id", "TEXT NOT NULL REFERENCES topics(id)", "the topic"),
            Column("why", "TEXT", "the criterion of the topic's rule it meets", optional=True),
        ),
        ("PRIMARY KEY (project_id, topic_id)",),
    ),
)


def table_rows(loaded: LoadedCatalog) -> dict[str, list[Row]]:
    """Every table's rows, in document order (empty lists for tables the data has none for)."""
    from renkei_cli.api import list_placements

    catalog = loaded.catalog
    records = list_placements(loaded)
    rows: dict[str, list[Row]] = {
        "areas": [
            {"number": a.number, "title": a.title, "title_en": a.title_en} | _page_columns(a.pages)
            for a in catalog.areas
        ],
        "fields": [
            {
                "id": f.key,
                "area": f.area,
                "number": f.number,
                "title": f.title,
                "title_en": f.title_en,
            }
            | _page_columns(f.pages)
            for f in catalog.fields
        ],
        "initiatives": [
            {
                "id": i.key,
                "area": i.area,
                "field_id": None if i.field is None else f"{i.area}-{i.field}",
                "letter": i.letter,
                "title": i.title,
                "title_en": i.title_en,
            }
            for i in catalog.initiatives
        ],
        "projects": [],
        "placements": [],
    }
    for project in catalog.projects:
        provenance = project.provenance
        rows["projects"].append(
            {
                "id": project.id,
                "name": project.name,
                "name_en": project.name_en,
                "reading": project.reading,
                "source_text": provenance.source_text if provenance else None,
                "placement_count": len(catalog.placements_of(project.id)),
            }
        )
    placements = {p.id: p for p in catalog.placements}
    for seq, record in enumerate(records, start=1):
        placement = placements[record["id"]]
        rows["placements"].append(
            {
                "id": record["id"],
                "seq": seq,
                "project_id": record["primary_id"] or record["id"],
                "initiative_id": placement.initiative_key,
                "position": placement.index,
                "theme": record["theme"],
                "theme_en": placement.theme_en,
                "repost": int(record["repost"]),
            }
        )
    rows["topics"], rows["project_topics"] = _topic_rows(loaded, records)
    return rows


def _page_columns(pages: tuple[int, int]) -> Row:
    return {"first_page": pages[0], "last_page": pages[1]}


def _topic_rows(loaded: LoadedCatalog, records: Iterable[Row]) -> tuple[list[Row], list[Row]]:
    """renkei's topics, and each project's topics (the ids its record lists) with the reason
    the topic file gives; none when the topic table is empty."""
    table = loaded.topics()
    topic_rows = [
        {"id": t.id, "title": t.title, "reading": t.reading, "title_en": t.title_en, "rule": t.rule}
        for t in table.topics
    ]
    pairs = []
    for record in records:
        if record["repost"]:
            continue
        reasons = {a.topic: a.why for a in table.assignments.get(record["id"], ())}
        for topic_id in record["topics"]:
            pairs.append(
                {"project_id": record["id"], "topic_id": topic_id, "why": reasons.get(topic_id)}
            )
    return topic_rows, pairs


def present_columns(table: Table, rows: list[Row]) -> tuple[Column, ...]:
    """The columns a table gets: every required one, and the optional ones with a value."""
    return tuple(
        c
        for c in table.columns
        if not c.optional or any(row.get(c.name) is not None for row in rows)
    )
