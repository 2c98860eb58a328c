"""Every command's columns: which record keys the table, TSV and Markdown views show, and how.

The domain's side of the flat views: output.py knows formats and how to draw a Column, this
module knows which columns each command has (list, search, xref, xref --terms, stats).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from renkei_cli.output import Column
from renkei_cli.records import section_label

Record = dict[str, Any]


# -- list ------------------------------------------------------------------------------------


def _initiative(record: Record) -> str:
    """The initiative's title (its letter is in the id), with the theme as the document shows it."""
    title = record["initiative_title"]
    return f"{title}－{record['theme']}" if record.get("theme") else title


def _area_headings(record: Record) -> list[tuple[str, str]]:
    """`Area 3` and its title, then `3(1)` and the policy field's title if it has one."""
    rows = [(f"Area {record['area']}", record["area_title"])]
    if record["field"] is not None:
        rows.append((section_label(record), record["field_title"]))
    return rows


def _initiative_heading(
    record: Record, title: Callable[[Record], str] = _initiative
) -> list[tuple[str, str]]:
    """The initiative's letter, its title (and theme) and the pages of its table."""
    first, last = record["pages"]
    pages = f"pp.\u00a0{first}-{last}" if first != last else f"p.\u00a0{first}"  # no break
    return [(f"  {record['initiative']}", f"{title(record)}  {pages}")]


LIST_COLUMNS: tuple[Column, ...] = (
    Column("ID", lambda r: r["id"], fold=False),
    Column("Area", section_label, fold=False, drop=3, heading=_area_headings),
    Column("Initiative", _initiative, ratio=2, drop=1, heading=_initiative_heading),
    Column("Project", lambda r: r["name"], ratio=3),
    Column(
        "再掲",
        lambda r: r["primary_id"] or "",
        fold=False,
        display=lambda r: f"→ {r['primary_id']}" if r["repost"] else "",
        drop=2,
    ),
)


# -- search ----------------------------------------------------------------------------------


def search_columns(
    spans: Callable[[Record], Sequence[tuple[int, int]]],
    explanation: Callable[[Record], str],
) -> tuple[Column, ...]:
    """The columns of `search`: id, project (matched part highlighted), match, score, 再掲.

    TSV gets the match kind and every placement id (comma-separated); the table explains the
    match (`reading: くうこう`, `context: 福祉`) and lists the project's other placements.
    """
    return (
        Column("ID", lambda r: r["id"], fold=False),
        Column("Project", lambda r: r["name"], ratio=3, spans=spans),
        Column("Match", lambda r: r["match"], ratio=2, display=explanation),
        Column("Score", lambda r: f"{r['score']:.1f}", fold=False),
        Column("再掲", lambda r: ",".join(r["placements"]), fold=False, display=_other_placements),
    )


def _other_placements(record: Record) -> str:
    """`→ 1-b-5` on a 【再掲】 row, else the project's other placements (`+ 3-1-g-2`)."""
    if record["repost"]:
        return f"→ {record['primary_id']}"
    others = [p for p in record["placements"] if p != record["id"]]
    return "+ " + " ".join(others) if others else ""


# -- xref and xref --terms -------------------------------------------------------------------


def xref_columns(labels: dict[str, str]) -> tuple[Column, ...]:
    """Project → placements; the table names each placement's area and initiative."""

    def placements(record: Record) -> str:
        return "\n".join(f"{pid}  {labels.get(pid, '')}" for pid in record["placements"])

    return (
        Column("ID", lambda r: r["id"], fold=False),
        Column("Project", lambda r: r["name"], ratio=3),
        Column("Placements", lambda r: " ".join(r["placements"]), ratio=2, display=placements),
    )


def _span(record: Record) -> str:
    if record["across_areas"]:
        return "areas " + ", ".join(str(a) for a in record["areas"])
    return ", ".join(record["initiatives"])


TERM_COLUMNS: tuple[Column, ...] = (
    Column("Term", lambda r: r["term"], ratio=1),
    Column("Weight", lambda r: str(r["weight"]), fold=False),
    Column(
        "Projects",
        lambda r: " ".join(p["id"] for p in r["projects"]),
        ratio=4,
        display=lambda r: "\n".join(f"{p['id']}  {p['name']}" for p in r["projects"]),
    ),
    Column("Names", lambda r: " / ".join(p["name"] for p in r["projects"]), ratio=None),
    Column("Links", _span, fold=False),
)


# -- topics ----------------------------------------------------------------------------------

TOPIC_COLUMNS: tuple[Column, ...] = (
    Column("ID", lambda r: r["id"], fold=False),
    Column("Topic", lambda r: r["title"], ratio=1),
    Column("English", lambda r: r["title_en"], ratio=2, drop=1),
    Column("Projects", lambda r: str(r["count"]), fold=False),
)


# -- stats -----------------------------------------------------------------------------------

STATS_COLUMNS: tuple[Column, ...] = (
    Column("Level", lambda r: r["level"], fold=False),
    Column("Key", lambda r: r["key"], fold=False),
    Column("Title", lambda r: r["title"], ratio=3),
    Column("Projects", lambda r: str(r["projects"]), fold=False),
    Column("再掲", lambda r: str(r["reposts"]), fold=False),
    Column("Placements", lambda r: str(r["placements"]), fold=False),
)


# -- English (--lang en) ---------------------------------------------------------------------


def _initiative_en(record: Record) -> str:
    """The initiative's title with the theme, joined in English."""
    from renkei_cli.lang import EN, chrome

    title = record["initiative_title"]
    return f"{title}{chrome(EN).theme_joiner}{record['theme']}" if record.get("theme") else title


def english_columns(columns: Sequence[Column]) -> tuple[Column, ...]:
    """A view's columns for English records: 再掲 headed in English, themes joined in English."""
    from dataclasses import replace

    from renkei_cli.lang import EN, chrome

    english = []
    for column in columns:
        if column.header == "再掲":
            column = replace(column, header=chrome(EN).repost.capitalize())
        if column.value is _initiative:
            heading = functools.partial(_initiative_heading, title=_initiative_en)
            column = replace(column, value=_initiative_en, heading=heading)
        english.append(column)
    return tuple(english)
