"""`renkei xref` and `renkei xref --terms`: reposted projects and the shared-term network."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from typer.testing import Result

ANSI = re.compile(r"\x1b\[")
REPOSTED = {
    "1-b-5": ["1-b-5", "3-1-g-2"],
    "1-b-6": ["1-b-6", "3-1-g-3"],
    "1-b-7": ["1-b-7", "3-1-g-4"],
    "1-b-8": ["1-b-8", "3-1-g-5"],
    "3-2-e-2": ["1-e-3", "3-2-e-2"],  # its 【再掲】 (1-e-3) comes first in the document
}


def test_xref_json_is_exactly_the_reposted_projects(run_json: Callable[..., Any]) -> None:
    records = run_json("xref")
    assert {r["id"]: r["placements"] for r in records} == REPOSTED
    assert all(list(r) == ["id", "name", "placements", "name_en"] for r in records)
    names = {r["id"]: r["name"] for r in records}
    assert names["3-2-e-2"] == "北九州市U・Iターン応援プロジェクト"


def test_xref_agrees_with_list(run_json: Callable[..., Any]) -> None:
    """Derived independently: the list records whose project has more than one placement."""
    multiple = {
        r["primary_id"] or r["id"]: r["placements"]
        for r in run_json("list")
        if len(r["placements"]) > 1
    }
    assert {r["id"]: r["placements"] for r in run_json("xref")} == multiple


def test_xref_pipe_is_tsv(run: Callable[..., Result]) -> None:
    result = run("xref", env={"FORCE_COLOR": ""})
    assert result.exit_code == 0
    assert not ANSI.search(result.stdout)
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[-1] == ["3-2-e-2", "北九州市U・Iターン応援プロジェクト", "1-e-3 3-2-e-2"]
    assert len(rows) == 5 and {len(row) for row in rows} == {3}


def test_xref_table_names_each_placement(run: Callable[..., Result]) -> None:
    result = run("xref", "--format", "table", env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "3(1) › g 環境" in result.stdout
    assert "1 › e その他経済成長のけん引に係る施策" in result.stdout
    assert "5 projects in 10 placements" in result.stdout


def test_terms_json_shape_and_airport_cluster(run_json: Callable[..., Any]) -> None:
    records = run_json("xref", "--terms")
    keys = [
        "term",
        "weight",
        "idf",
        "information",
        "projects",
        "initiatives",
        "areas",
        "across_initiatives",
        "across_areas",
    ]
    assert all(list(r) == keys for r in records)
    by_term = {r["term"]: r for r in records}
    airport = by_term["北九州空港"]
    assert [p["id"] for p in airport["projects"]] == ["1-c-1", "2-d-1", "2-d-2"]
    assert airport["initiatives"] == ["1-c", "2-d"]
    assert airport["areas"] == [1, 2] and airport["across_areas"] is True
    assert all(r["across_initiatives"] for r in records)
    assert all(len(r["projects"]) >= 2 for r in records)
    weights = [r["weight"] for r in records]
    assert weights == sorted(weights, reverse=True)


def test_terms_all_adds_links_within_one_initiative(run_json: Callable[..., Any]) -> None:
    across = {r["term"] for r in run_json("xref", "--terms")}
    every = {r["term"]: r for r in run_json("xref", "--terms", "--all")}
    assert across < set(every)
    work = every["就業支援"]
    assert work["initiatives"] == ["3-1-e"] and work["across_initiatives"] is False
    assert [p["id"] for p in work["projects"]] == ["3-1-e-1", "3-1-e-4", "3-1-e-8"]


def test_terms_pipe_is_tsv(run: Callable[..., Result]) -> None:
    result = run("xref", "--terms")
    assert result.exit_code == 0
    assert not ANSI.search(result.stdout)
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert {len(row) for row in rows} == {5}
    airport = next(row for row in rows if row[0] == "北九州空港")
    assert airport[2] == "1-c-1 2-d-1 2-d-2"
    assert (
        airport[3] == "北九州空港の物流拠点化 / 北九州空港の機能強化 / 北九州空港アクセス強化事業"
    )
    assert airport[4] == "areas 1, 2"


def test_terms_table(run: Callable[..., Result]) -> None:
    result = run("xref", "--terms", "--format", "table", env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert (
        "東九州自動車道" in result.stdout and "3-2-c-2  東九州自動車道の整備促進" in result.stdout
    )


def test_all_needs_terms(run: Callable[..., Result]) -> None:
    result = run("xref", "--all")
    assert result.exit_code == 2
    assert result.stderr == "renkei: error: --all goes with --terms\n"
