"""`renkei show`: one project by id, id variant or name, in its whole context."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import Result

from renkei_cli.model import Catalog
from renkei_cli.query import find_projects
from renkei_cli.records import RECORD_KEYS

ANSI = re.compile(r"\x1b\[")
SHOW_KEYS = [
    *RECORD_KEYS,
    "reading",
    "source_text",
    "corrections",
    "placement_details",
    "related",
    "topic_details",
]
REPOSTED = ["1-b-5", "1-b-6", "1-b-7", "1-b-8", "3-2-e-2"]


def test_the_airport_project_is_related_to_the_other_airport_projects(
    run_json: Callable[..., Any],
) -> None:
    record = run_json("show", "北九州空港の物流拠点化")
    assert record["id"] == "1-c-1"
    related = {r["id"]: r for r in record["related"]}
    assert related["2-d-1"]["name"] == "北九州空港の機能強化"
    assert related["2-d-2"]["name"] == "北九州空港アクセス強化事業"
    assert related["2-d-1"]["shared"] == ["北九州空港"]
    assert related["2-d-1"]["across_areas"] is True
    assert list(related)[:2] == ["2-d-1", "2-d-2"]  # other areas, heaviest first


def test_show_json_keys(run_json: Callable[..., Any], catalog: Catalog) -> None:
    record = run_json("show", "1-c-1")
    assert list(record) == SHOW_KEYS
    assert record["placements"] == ["1-c-1"]
    assert record["repost"] is False and record["primary_id"] is None
    for related in record["related"]:
        assert list(related) == [
            "id", "name", "shared", "score", "across_areas", "name_en", "topics", "reasons",
            "reasons_en",
        ]  # fmt: skip
        assert (related["shared"] or related["topics"]) and related["score"] > 0
    # The list keys have the list values: the record of the primary placement.
    listed = next(r for r in run_json("list", "-a", "1", "-i", "c") if r["id"] == "1-c-1")
    assert {key: record[key] for key in RECORD_KEYS} == listed


@pytest.mark.parametrize("query", ["1-c-1", "1.c.1", "1c1", "１－ｃ－１", "  1-C-1 "])
def test_id_variants_show_the_same_project(run_json: Callable[..., Any], query: str) -> None:
    assert run_json("show", query)["name"] == "北九州空港の物流拠点化"


@pytest.mark.parametrize(
    ("query", "project_id"),
    [
        ("北九州空港の物流", "1-c-1"),  # part of a name
        ("物流拠点", "1-c-1"),
        ("ｽﾍﾟｰｽLABO", "3-1-d-4"),  # half-width katakana
        ("すぺーすLABO", "3-1-d-4"),  # katakana typed as hiragana
        ("小倉黒崎", "2-b-3"),  # 「小倉・黒崎」 without the punctuation
        ("北九州空港 アクセス", "2-d-2"),  # spaces ignored
        ("gx", "1-b-8"),  # case
        ("北九州市U・Iターン応援プロジェクト", "3-2-e-2"),  # exact name of a reposted project
    ],
)
def test_a_name_finds_its_project(
    run_json: Callable[..., Any], query: str, project_id: str
) -> None:
    assert run_json("show", query)["id"] == project_id


def test_an_exact_name_wins_over_longer_names_containing_it(catalog: Catalog) -> None:
    # No name of the table is part of another, so try it on every name: each finds itself only.
    for project in catalog.projects:
        assert find_projects(catalog, project.name) == [project]


def test_a_reading_is_matched_from_a_word_start(catalog: Catalog) -> None:
    """With readings (word segments), kana find a project at the start of a word only."""
    airport = dataclasses.replace(
        catalog.project("1-c-1"), reading="きたきゅうしゅう くうこう の ぶつりゅう"
    )
    projects = tuple(
        airport if p.id == "1-c-1" else dataclasses.replace(p, reading=None)
        for p in catalog.projects
    )
    read = dataclasses.replace(catalog, projects=projects)
    assert find_projects(read, "ぶつりゅう") == [airport]
    assert find_projects(read, "クウコウノブツ") == [airport]
    assert find_projects(read, "つりゅう") == []  # inside a word


@pytest.mark.parametrize(("primary", "repost"), [("1-b-5", "3-1-g-2"), ("3-2-e-2", "1-e-3")])
def test_a_repost_id_shows_the_same_project(
    run: Callable[..., Result], primary: str, repost: str
) -> None:
    by_primary = run("show", primary, "--json")
    by_repost = run("show", repost, "--json")
    assert by_primary.exit_code == by_repost.exit_code == 0
    assert by_primary.stdout == by_repost.stdout


@pytest.mark.parametrize("project_id", REPOSTED)
def test_a_reposted_project_shows_both_placements(
    run_json: Callable[..., Any], project_id: str
) -> None:
    record = run_json("show", project_id)
    details = record["placement_details"]
    assert [d["id"] for d in details] == record["placements"]
    assert len(details) == 2
    assert sorted(d["repost"] for d in details) == [False, True]
    primary = next(d for d in details if not d["repost"])
    assert primary["id"] == project_id
    repost = next(d for d in details if d["repost"])
    assert repost["primary_id"] == project_id
    assert repost["area"] != primary["area"]


def test_breadcrumbs_name_every_level(run_json: Callable[..., Any]) -> None:
    details = {d["id"]: d for d in run_json("show", "1-b-6")["placement_details"]}
    assert details["1-b-6"]["breadcrumb"] == (
        "1 経済成長のけん引に係る取組 › b 戦略産業の育成－脱炭素社会の実現を目指す取組"
    )
    assert details["3-1-g-3"]["breadcrumb"] == (
        "3 生活関連機能サービスの向上に係る取組 › (1) 生活機能の強化に係る政策分野 › g 環境"
    )
    assert details["3-1-g-3"]["pages"] == [44, 61]


def test_corrections_to_the_source_text(run_json: Callable[..., Any]) -> None:
    ocr = run_json("show", "3-1-d-4")
    assert ocr["source_text"] == "北九州市科学館スペースLAB0運営事業"
    assert ocr["corrections"] == [
        {
            "kind": "ocr",
            "note": "digit 0 for the letter O: the science museum is named スペースLABO",
            "part": None,
            "from": "LAB0",
            "to": "LABO",
        }
    ]
    split = run_json("show", "1-c-2")
    assert split["source_text"] == "北九州空港の物流拠点化 試験栽培事業における広域連携"
    assert [(c["kind"], c["part"]) for c in split["corrections"]] == [("split", 2)]
    clean = run_json("show", "1-a-1")
    assert clean["source_text"] is None and clean["corrections"] == []


def test_an_ambiguous_name_lists_the_candidates(run: Callable[..., Result]) -> None:
    result = run("show", "空港")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "renkei: error: '空港' matches 3 projects: give an id or more of the name"
    assert lines[1:] == [
        "1-c-1 北九州空港の物流拠点化",
        "2-d-1 北九州空港の機能強化",
        "2-d-2 北九州空港アクセス強化事業",
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("北九州空巷の物流拠点化", "did you mean 1-c-1 北九州空港の物流拠点化?"),
        ("スポーツ活動の機械", "did you mean 3-1-d-2 スポーツ活動の機会の充実?"),
        ("1-c-9", "no placement 1-c-9: 1-c has 1-c-1 to 1-c-2"),
        ("3(1)z1", "no placement 3-1-z-1: there is no initiative 3-1-z"),
    ],
)
def test_an_unknown_project_gets_a_suggestion(
    run: Callable[..., Result], query: str, message: str
) -> None:
    result = run("show", query)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("renkei: error: ")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_nothing_close_gets_no_suggestion(run: Callable[..., Result]) -> None:
    result = run("show", "zzzz")
    assert result.exit_code == 2
    assert result.stderr == "renkei: error: no project matches 'zzzz'\n"


def test_pipe_gets_tab_separated_lines(run: Callable[..., Result]) -> None:
    result = run("show", "1-b-6", env={"FORCE_COLOR": ""})
    assert result.exit_code == 0
    assert not ANSI.search(result.stdout)
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[0] == ["id", "1-b-6"]
    assert rows[1] == ["name", "風力発電関連産業の総合拠点の形成"]
    kinds = [row[0] for row in rows]
    assert kinds.count("placement") == 1 and kinds.count("repost") == 1
    repost = next(row for row in rows if row[0] == "repost")
    assert repost[1] == "3-1-g-3" and repost[3] == "44-61"
    related = [row for row in rows if row[0] == "related"]
    assert related and all(len(row) == 5 for row in related)


def test_table_on_a_terminal(run: Callable[..., Result]) -> None:
    result = run("show", "1-c-1", "--format", "table", env={"COLUMNS": "100"})
    assert result.exit_code == 0
    out = result.stdout
    assert "Placements" in out and "Related projects" in out
    assert "地域資源を活用した地域経済の裾野拡大" in out
    assert "Corrections to the source text" in out
    assert "北九州空港アクセス強化事業" in out


def test_jsonl_is_one_line(run: Callable[..., Result]) -> None:
    result = run("show", "1-c-1", "--format", "jsonl")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1


@pytest.mark.parametrize(
    ("name", "project"),
    [
        ("himawari", "3-1-d-7"),  # romaji, through the reading (the search index's kana)
        ("図書舘", "3-1-d-1"),  # a spelling variant of data/variants.yaml
        ("消防 育成", "3-3-a-3"),  # two words, both in the name
    ],
)
def test_names_are_resolved_through_the_search_index(
    run_json: Callable[..., Any], name: str, project: str
) -> None:
    assert run_json("show", name)["id"] == project


def test_a_name_near_none_suggests_through_the_search_index(run: Callable[..., Result]) -> None:
    result = run("show", "スペースLAB0")  # the raw source text of a corrected name
    assert result.exit_code == 2
    assert "did you mean 3-1-d-4 北九州市科学館スペースLABO運営事業?" in result.stderr
