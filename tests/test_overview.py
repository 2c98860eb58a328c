"""`renkei tree` and `renkei stats`: the hierarchy and its counts, reposts counted apart."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from typer.testing import Result

from renkei_cli.render import bar

ANSI = re.compile(r"\x1b\[")
BOX = re.compile("[├└│─]")


def walk(nodes: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for node in nodes:
        yield node
        yield from walk(node.get("children", []))


def test_tree_json_holds_every_placement_in_document_order(run_json: Callable[..., Any]) -> None:
    tree = run_json("tree")
    leaves = [n["id"] for n in walk(tree) if n["level"] == "placement"]
    assert leaves == [r["id"] for r in run_json("list")]
    assert [a["key"] for a in tree] == ["1", "2", "3"]
    assert [c["level"] for c in tree[0]["children"]] == ["initiative"] * 5
    assert [c["key"] for c in tree[2]["children"]] == ["3-1", "3-2", "3-3"]


def test_tree_counts_add_up(run_json: Callable[..., Any]) -> None:
    tree = run_json("tree")
    assert sum(a["projects"] for a in tree) == 77
    assert sum(a["reposts"] for a in tree) == 5
    for node in walk(tree):
        if node["level"] == "placement":
            continue
        leaves = [n for n in walk(node["children"]) if n["level"] == "placement"]
        assert node["placements"] == len(leaves)
        assert node["reposts"] == sum(1 for n in leaves if n["repost"])
        assert node["projects"] + node["reposts"] == node["placements"]


def test_tree_marks_the_reposts(run_json: Callable[..., Any]) -> None:
    leaves = {n["id"]: n for n in walk(run_json("tree")) if n["level"] == "placement"}
    reposts = {key: n["primary_id"] for key, n in leaves.items() if n["repost"]}
    assert reposts == {
        "1-e-3": "3-2-e-2",
        "3-1-g-2": "1-b-5",
        "3-1-g-3": "1-b-6",
        "3-1-g-4": "1-b-7",
        "3-1-g-5": "1-b-8",
    }


@pytest.mark.parametrize(
    ("depth", "levels"),
    [
        ("1", {"area": 3}),
        ("2", {"area": 3, "initiative": 9, "field": 3}),
        ("3", {"area": 3, "initiative": 25, "field": 3, "placement": 28}),
        ("4", {"area": 3, "initiative": 25, "field": 3, "placement": 82}),
    ],
)
def test_tree_depth_counts_levels_as_drawn(
    run_json: Callable[..., Any], depth: str, levels: dict[str, int]
) -> None:
    nodes = list(walk(run_json("tree", "--depth", depth)))
    assert Counter(n["level"] for n in nodes) == levels


def test_tree_depth_must_be_positive(run: Callable[..., Result]) -> None:
    result = run("tree", "--depth", "0")
    assert result.exit_code == 2
    assert "--depth" in result.stderr


def test_tree_pipe_is_indented_plain_text(run: Callable[..., Result]) -> None:
    result = run("tree", env={"FORCE_COLOR": ""})
    assert result.exit_code == 0
    out = result.stdout
    assert not ANSI.search(out) and not BOX.search(out)
    lines = out.splitlines()
    assert len(lines) == 1 + 3 + 3 + 25 + 82
    assert lines[0].endswith("— 77 projects + 5 再掲")
    assert lines[1] == "  1 経済成長のけん引に係る取組 — 19 projects + 1 再掲"
    assert "      1-e-3 北九州市U・Iターン応援プロジェクト 【再掲 → 3-2-e-2】" in lines
    assert "    (1) 生活機能の強化に係る政策分野 — 32 projects + 4 再掲" in lines
    assert "      g 環境 — 1 project + 4 再掲" in lines
    assert "        3-1-g-1 環境保全・循環型社会構築に向けた取組の推進" in lines


def test_tree_table_draws_a_tree(run: Callable[..., Result]) -> None:
    result = run("tree", "--depth", "2", "--format", "table", env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "├── 1 経済成長のけん引に係る取組 — 19 projects + 1 再掲" in result.stdout
    assert "└── 3 生活関連機能サービスの向上に係る取組" in result.stdout


def test_stats_json_counts(run_json: Callable[..., Any]) -> None:
    rows = run_json("stats")
    assert Counter(r["level"] for r in rows) == {"area": 3, "field": 3, "initiative": 25}
    assert all(
        list(r) == ["level", "key", "title", "projects", "reposts", "placements", "title_en"]
        for r in rows
    )
    by_key = {r["key"]: r for r in rows}
    assert (by_key["3-1-g"]["projects"], by_key["3-1-g"]["reposts"]) == (1, 4)
    assert (by_key["1-e"]["projects"], by_key["1-e"]["reposts"]) == (4, 1)
    assert (by_key["1"]["projects"], by_key["1"]["reposts"]) == (19, 1)
    for level in ("area", "initiative"):
        level_rows = [r for r in rows if r["level"] == level]
        assert sum(r["projects"] for r in level_rows) == 77
        assert sum(r["reposts"] for r in level_rows) == 5


def test_stats_agree_with_list(run_json: Callable[..., Any]) -> None:
    """Count the list records by initiative independently and compare."""
    projects: Counter[str] = Counter()
    reposts: Counter[str] = Counter()
    for record in run_json("list"):
        key = record["id"].rsplit("-", 1)[0]
        (reposts if record["repost"] else projects)[key] += 1
    rows = [r for r in run_json("stats") if r["level"] == "initiative"]
    assert {r["key"]: r["projects"] for r in rows} == dict(projects)
    assert {r["key"]: r["reposts"] for r in rows if r["reposts"]} == dict(reposts)


def test_stats_pipe_is_tsv_without_bars(run: Callable[..., Result]) -> None:
    result = run("stats", env={"FORCE_COLOR": ""})
    assert result.exit_code == 0
    assert not ANSI.search(result.stdout) and "█" not in result.stdout
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert len(rows) == 31 and {len(row) for row in rows} == {6}
    assert ["initiative", "3-1-g", "環境", "1", "4", "5"] in rows


def test_stats_table_draws_bars(run: Callable[..., Result]) -> None:
    result = run("stats", "--format", "table", env={"COLUMNS": "120"})
    assert result.exit_code == 0
    out = result.stdout
    assert "Areas" in out and "Policy fields (area 3)" in out and "Initiatives" in out
    environment = next(line for line in out.splitlines() if line.startswith("3-1-g "))
    assert environment.rstrip().endswith("█░░░░")
    assert "77 projects in 82 placements (5 再掲)" in out


@pytest.mark.parametrize(
    ("projects", "reposts", "largest", "width", "expected"),
    [
        (1, 4, 10, 30, "█░░░░"),  # one cell each while the largest fits
        (10, 0, 10, 30, "█" * 10),
        (50, 4, 54, 27, "█" * 25 + "░" * 2),  # scaled: 54 placements fill 27 cells
        (1, 0, 100, 10, "█"),  # never shorter than one cell
        (0, 1, 100, 10, "░"),
        (0, 0, 10, 10, ""),
    ],
)
def test_bar(projects: int, reposts: int, largest: int, width: int, expected: str) -> None:
    assert bar(projects, reposts, largest, width) == expected
