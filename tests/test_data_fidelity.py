"""The dataset is the document's table: counts, provenance of every name, reposts, theme, pages."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from renkei_cli.model import Catalog, apply_corrections

from .conftest import SOURCE

SOURCE_TEXT = SOURCE.read_text(encoding="utf-8")
SOURCE_LINES = SOURCE_TEXT.splitlines()

# Counts read off the source table by hand (rows of the 連携事業 column, lines holding two
# projects counted twice, 【再掲】 rows included).
EXPECTED_PER_INITIATIVE = {
    "1-a": 1, "1-b": 8, "1-c": 2, "1-d": 4, "1-e": 5,
    "2-a": 1, "2-b": 3, "2-c": 1, "2-d": 3,
    "3-1-a": 1, "3-1-b": 1, "3-1-c": 6, "3-1-d": 7, "3-1-e": 10, "3-1-f": 4, "3-1-g": 5,
    "3-1-h": 2,
    "3-2-a": 1, "3-2-b": 1, "3-2-c": 2, "3-2-d": 1, "3-2-e": 3,
    "3-3-a": 5, "3-3-b": 2, "3-3-c": 3,
}  # fmt: skip
REPOSTS = {
    "1-e-3": "3-2-e-2",
    "3-1-g-2": "1-b-5",
    "3-1-g-3": "1-b-6",
    "3-1-g-4": "1-b-7",
    "3-1-g-5": "1-b-8",
}


def source_project_cells() -> list[str]:
    """The 連携事業 column of the source, read independently of the YAML: one string per cell."""
    cells = []
    for line in SOURCE_LINES:
        columns = line.split("\t")
        if len(columns) < 2 or columns[0] == "具体的取組":
            continue
        if columns[1].strip():
            cells.append(columns[1].strip())
    return cells


def yaml_project_cells(catalog: Catalog) -> list[str]:
    """The cells the YAML says it was read from: raw text of corrected names, 【再掲】 re-marked."""
    cells: list[str] = []
    for placement in catalog.placements:
        project = catalog.project_of(placement)
        if placement.repost:
            cells.append(project.name + "【再掲】")
            continue
        raw = project.provenance.source_text if project.provenance else project.name
        split = project.provenance and any(
            c.kind == "split" for c in project.provenance.corrections
        )
        if split and cells and cells[-1] == raw:
            continue  # the second project of a line holding two
        cells.append(raw)
    return cells


def test_totals(catalog: Catalog) -> None:
    assert len(catalog.placements) == 82
    assert len(catalog.projects) == 77
    assert sum(p.repost for p in catalog.placements) == 5


def test_counts_per_area_field_and_initiative(catalog: Catalog) -> None:
    per_area = Counter(p.area for p in catalog.placements)
    per_field = Counter((p.area, p.field) for p in catalog.placements if p.field)
    per_initiative = Counter(p.initiative_key for p in catalog.placements)
    assert per_area == {1: 20, 2: 8, 3: 54}
    assert per_field == {(3, 1): 36, (3, 2): 8, (3, 3): 10}
    assert per_initiative == EXPECTED_PER_INITIATIVE
    assert [i.key for i in catalog.initiatives] == list(EXPECTED_PER_INITIATIVE)


def test_every_project_cell_of_the_source_is_accounted_for_in_order(catalog: Catalog) -> None:
    normalise = lambda cell: re.sub(r"\s+(?=【再掲】)", "", cell)  # noqa: E731
    assert [normalise(c) for c in source_project_cells()] == yaml_project_cells(catalog)


def test_every_correction_replays_from_source_text_to_name(catalog: Catalog) -> None:
    corrected = [
        (thing.provenance, thing.name if hasattr(thing, "name") else thing.title)
        for thing in (*catalog.projects, *catalog.areas, *catalog.fields)
        if thing.provenance
    ]
    assert len(corrected) == 14  # 6 lines split in two (12 projects), 2 OCR slips
    for provenance, value in corrected:
        assert provenance.source_text in SOURCE_TEXT
        assert apply_corrections(provenance.source_text, provenance.corrections) == value


def test_ocr_corrections_are_the_two_known_slips(catalog: Catalog) -> None:
    ocr = {
        (c.old, c.new)
        for thing in (*catalog.projects, *catalog.fields)
        if thing.provenance
        for c in thing.provenance.corrections
        if c.kind == "ocr"
    }
    assert ocr == {("分!", "分野"), ("LAB0", "LABO")}
    names = {p.name for p in catalog.projects}
    assert "北九州市科学館スペースLABO運営事業" in names
    assert not any("LAB0" in name for name in names)


def test_titles_and_pages_come_from_the_source(catalog: Catalog) -> None:
    for area in catalog.areas:
        assert re.search(rf"^{area.number} {area.title}\b", SOURCE_TEXT, re.M)
    for field in catalog.fields:
        raw = field.provenance.source_text if field.provenance else field.title
        assert f"({field.number}) {raw}" in SOURCE_TEXT
        assert f"P. {field.pages[0]}～{field.pages[1]}" in SOURCE_TEXT
    for initiative in catalog.initiatives:
        assert re.search(rf"^{initiative.letter} {initiative.title}\t", SOURCE_TEXT, re.M)
    for number in (1, 2):
        area = catalog.area(number)
        assert area is not None
        assert f"P. {area.pages[0]}～{area.pages[1]}" in SOURCE_TEXT


def test_reposts_resolve_to_their_primary_listing(catalog: Catalog) -> None:
    reposts = {p.id: p.project_id for p in catalog.placements if p.repost}
    assert reposts == REPOSTS
    assert SOURCE_TEXT.count("【再掲】") == len(REPOSTS)
    for repost_id, primary_id in REPOSTS.items():
        placements = catalog.placements_of(primary_id)
        assert [p.id for p in placements] == sorted([primary_id, repost_id], key=_order(catalog))
        assert [p.repost for p in placements].count(False) == 1


def _order(catalog: Catalog):  # type: ignore[no-untyped-def]
    position = {p.id: n for n, p in enumerate(catalog.placements)}
    return position.__getitem__


def test_theme_covers_the_rows_under_the_sub_heading(catalog: Catalog) -> None:
    themed = {p.id: p.theme for p in catalog.placements if p.theme}
    assert themed == dict.fromkeys(["1-b-6", "1-b-7", "1-b-8"], "脱炭素社会の実現を目指す取組")
    heading_line = next(line for line in SOURCE_LINES if "－ 脱炭素社会" in line)
    first = catalog.project("1-b-6")
    assert first is not None and heading_line.split("\t")[1] == first.name


@pytest.mark.parametrize("name", ["北九州空港の物流拠点化", "試験栽培事業における広域連携"])
def test_split_line_projects_are_neighbours_in_1c(catalog: Catalog, name: str) -> None:
    project = next(p for p in catalog.projects if p.name == name)
    assert project.id.startswith("1-c-")
