"""Listing conventions: `list --limit`, `list --sort id|reading|name` (gojūon order by the
reading), `--header` for TSV, and help that offers only the options a command can honour."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import Result

from renkei_cli.collation import gojuon_key
from renkei_cli.model import Catalog

Run = Callable[..., Result]


def test_limit_keeps_the_first_n_placements(run_json: Callable[..., Any]) -> None:
    assert [r["id"] for r in run_json("list", "--limit", "3")] == ["1-a-1", "1-b-1", "1-b-2"]
    assert [r["id"] for r in run_json("list", "-a", "2", "-n", "2")] == ["2-a-1", "2-b-1"]
    assert len(run_json("list", "--limit", "500")) == 82


def test_sort_reading_is_gojuon_order(run_json: Callable[..., Any], catalog: Catalog) -> None:
    records = run_json("list", "--sort", "reading", "--limit", "8")
    assert [r["id"] for r in records] == [
        "3-1-c-5",  # あかちゃん
        "3-1-e-3",  # うーまん
        "2-b-1",  # おりお
        "3-1-f-3",  # おんががわ
        "1-e-2",  # かいがい
        "3-1-f-2",  # かさい
        "3-2-d-1",  # がっこう: voiced が sorts with か, っ as つ
        "3-1-g-1",  # かんきょう
    ]
    every = run_json("list", "--sort", "reading")
    assert len(every) == 82
    keys = [gojuon_key(catalog.project_of(catalog.placement(r["id"])).reading or "") for r in every]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("かこう", "がこう"),  # plain before voiced
        ("ばん", "ぱん"),  # voiced before semi-voiced
        ("がこう", "かさ"),  # but voicing only breaks ties: が sorts with か
        ("すうぱあ", "すーぱー"),  # ー sorts as the vowel before it, then after it
        ("アイ", "いあ"),  # katakana as hiragana
    ],
)
def test_gojuon_keys_order_pairs(first: str, second: str) -> None:
    assert gojuon_key(first) < gojuon_key(second)


def test_gojuon_folds_voicing_small_kana_and_the_long_mark() -> None:
    assert gojuon_key("がっこう")[0] == "かつこう"
    assert gojuon_key("すーぱー")[0] == "すうはあ"
    assert gojuon_key("カンキョウ きほん")[0] == "かんきよう" + "きほん"
    assert gojuon_key("かこう") < gojuon_key("がこう") < gojuon_key("かさ")


def test_sort_name_and_id(run_json: Callable[..., Any]) -> None:
    names = [r["name"] for r in run_json("list", "--sort", "name")]
    assert names == sorted(names)
    assert [r["id"] for r in run_json("list", "--sort", "id")] == [
        r["id"] for r in run_json("list")
    ]


def test_header_gives_tsv_a_line_of_column_names(run: Run) -> None:
    plain = run("list", "-a", "2", "--format", "tsv").stdout.splitlines()
    headed = run("list", "-a", "2", "--format", "tsv", "--header").stdout.splitlines()
    assert headed[0] == "ID\tArea\tInitiative\tProject\tRepost"
    assert headed[1:] == plain
    fields = run("list", "-a", "2", "--header", "--fields", "id,name", "--format", "tsv")
    assert fields.stdout.splitlines()[0] == "id\tname"
    searched = run("search", "空港", "--header", "--format", "tsv").stdout.splitlines()
    assert searched[0] == "ID\tProject\tMatch\tScore\tRepost"


def test_header_is_refused_where_it_means_nothing(run: Run) -> None:
    result = run("list", "--header", "--format", "csv")
    assert result.exit_code == 2
    assert result.stderr == (
        "renkei: error: --header applies to --format tsv, not csv (csv always has a header)\n"
    )


@pytest.mark.parametrize("name", ["show", "tree"])
def test_help_of_show_and_tree_offers_only_what_works(run: Run, name: str) -> None:
    text = run(name, "--help").stdout
    assert "--format FORMAT" in text
    assert "auto, table, tsv, json, jsonl or yaml" in text
    for absent in ("csv", "markdown", "--fields", "--excel", "--header"):
        assert absent not in text, f"renkei {name} --help offers {absent}"
    for refused in (["--fields", "id"], ["--excel"], ["--format", "markdown"]):
        args = ["1-c-1"] if name == "show" else []
        result = run(name, *args, *refused)
        assert result.exit_code == 2
        assert result.stderr.startswith("renkei: error: ")


@pytest.mark.parametrize("name", ["list", "search", "xref", "stats"])
def test_listing_commands_keep_every_output_option(run: Run, name: str) -> None:
    text = run(name, "--help").stdout
    for option in ("--fields", "--excel", "--header", "markdown"):
        assert option in text


@pytest.mark.parametrize("name", ["list", "search", "show", "xref", "tree", "stats"])
def test_help_documents_the_piped_columns(run: Run, name: str) -> None:
    assert "In a pipe:" in " ".join(run(name, "--help").stdout.split())
