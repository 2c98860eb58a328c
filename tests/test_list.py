"""`renkei list`: filters, document order, TSV in a pipe, the table, and refused arguments."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import Result

from renkei_cli.model import Catalog

ANSI = re.compile(r"\x1b\[")


@pytest.mark.parametrize(
    ("args", "count"),
    [
        ((), 82),
        (("--area", "3"), 54),
        (("--area", "3", "--field", "2"), 8),
        (("--area", "1", "--initiative", "b"), 8),
        (("-a", "3", "-f", "1", "-i", "g"), 5),
        (("--no-reposts",), 77),
        (("--area", "1"), 20),
        (("--area", "2"), 8),
        (("--field", "3"), 10),  # only area 3 has fields, so --area is implied
        (("--initiative", "e"), 5 + 10 + 3),  # 1-e, 3-1-e, 3-2-e
        (("-a", "３", "-i", "ｇ"), 5),  # full-width digits and letters
    ],
)
def test_filters_count(run_json: Callable[..., Any], args: tuple[str, ...], count: int) -> None:
    assert len(run_json("list", *args)) == count


def test_json_is_every_placement_in_document_order(
    run_json: Callable[..., Any], catalog: Catalog
) -> None:
    records = run_json("list")
    assert [r["id"] for r in records] == [p.id for p in catalog.placements]
    assert records[0]["id"] == "1-a-1" and records[-1]["id"] == "3-3-c-3"


def test_json_names_are_corrected(run_json: Callable[..., Any]) -> None:
    names = [r["name"] for r in run_json("list")]
    assert "北九州市科学館スペースLABO運営事業" in names
    assert "北九州空港の物流拠点化" in names and "試験栽培事業における広域連携" in names
    assert not [n for n in names if "LAB0" in n or " " in n or "【再掲】" in n]


def test_json_is_utf8_not_ascii_escaped(run: Callable[..., Result]) -> None:
    result = run("list", "--area", "2", "--json")
    assert "北九州空港の機能強化" in result.stdout
    assert "\\u" not in result.stdout


def test_no_reposts_drops_exactly_the_reposts(run_json: Callable[..., Any]) -> None:
    every = {r["id"] for r in run_json("list")}
    primary = {r["id"] for r in run_json("list", "--no-reposts")}
    assert every - primary == {"1-e-3", "3-1-g-2", "3-1-g-3", "3-1-g-4", "3-1-g-5"}


def test_pipe_gets_tsv_without_colour_or_truncation(run: Callable[..., Result]) -> None:
    result = run("list", "--area", "3", env={"FORCE_COLOR": ""})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 54
    assert not ANSI.search(result.stdout)
    rows = [line.split("\t") for line in lines]
    assert {len(row) for row in rows} == {5}
    longest = max((row[3] for row in rows), key=len)
    assert longest.startswith("「北九州市しあわせ長寿プラン」") and longest.endswith("の共同利用")
    assert [
        "3-1-g-2",
        "3(1)",
        "環境",
        "持続可能なまちづくりに資する脱炭素化の推進",
        "1-b-5",
    ] in rows


def _display_slice(line: str, start: int, end: int) -> str:
    """The characters of a line that sit in display columns [start, end) (wide = 2 columns)."""
    out, column = [], 0
    for char in line:
        width = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if start <= column < end:
            out.append(char)
        column += width
    return "".join(out)


def test_table_folds_japanese_instead_of_truncating(
    run: Callable[..., Result], catalog: Catalog
) -> None:
    result = run("list", "--area", "3", "--field", "1", "--format", "table", env={"COLUMNS": "60"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "…" not in result.stdout
    header = next(line for line in lines if "Project" in line)
    start = header.index("Project")
    assert max(len(line) for line in lines) <= 60
    body = lines[next(n for n, line in enumerate(lines) if "───" in line) + 1 :]
    rows = [line for line in body if line.startswith("    ")]  # not the headings above them
    # A row without a 再掲 marker lends its name the marker's room.
    column = "".join(
        re.sub(r" → \S+$", "", _display_slice(line, start, 60)).strip() for line in rows
    )
    names = [catalog.project_of(p).name for p in catalog.placements if p.field == 1]
    assert column.startswith("".join(names))  # every name whole, in order, folded over lines
    assert "36 placements" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--area", "9"), "no area 9: valid areas are 1, 2, 3"),
        (("--area", "3", "--field", "4"), "no field 4 in area 3: valid fields are 1, 2, 3"),
        (("--area", "1", "--field", "1"), "area 1 has no policy fields (areas with fields: 3)"),
        (("-a", "1", "-i", "z"), "no initiative 'z' in area 1: valid letters are a, b, c, d, e"),
        (("-a", "3", "-f", "2", "-i", "f"), "valid letters are a, b, c, d, e"),
    ],
)
def test_unknown_filter_values_name_the_valid_ones(
    run: Callable[..., Result], args: tuple[str, ...], message: str
) -> None:
    result = run("list", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_version(run: Callable[..., Result]) -> None:
    from renkei_cli import __version__

    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"renkei {__version__}"


def test_an_unknown_letter_without_an_area_names_no_area(run: Callable[..., Result]) -> None:
    result = run("list", "-i", "z")
    assert result.exit_code == 2
    assert result.stderr == (
        "renkei: error: no initiative 'z': valid letters are a, b, c, d, e, f, g, h\n"
    )


def test_select_placements_keeps_reposts_unless_asked(catalog: Catalog) -> None:
    """The library default: every placement, 【再掲】 ones included, in document order."""
    from renkei_cli.query import Scope, select_placements

    everything = select_placements(catalog, Scope())
    assert everything == list(catalog.placements)
    assert sum(p.repost for p in everything) == 5
    assert not any(p.repost for p in select_placements(catalog, Scope(), reposts=False))
