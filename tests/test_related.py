"""Related projects in `show`: shared topics first, then specific terms; judged by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from renkei_cli.model import Catalog
from renkei_cli.topics import TopicTable, load_topics
from renkei_cli.xref import build_terms, generic_terms, related_projects

JUDGEMENTS = Path(__file__).resolve().parent / "related_judgements.yaml"
MIN_PRECISION_AT_3 = 0.8


@pytest.fixture(scope="module")
def topics() -> TopicTable:
    return load_topics()


@pytest.fixture(scope="module")
def judged() -> dict[str, Any]:
    projects: dict[str, Any] = YAML(typ="safe").load(JUDGEMENTS.read_text(encoding="utf-8"))[
        "projects"
    ]
    return projects


def _top3(catalog: Catalog, topics: TopicTable, project_id: str) -> list[str]:
    index = build_terms(catalog)
    return [r.project.id for r in related_projects(catalog, index, project_id, 3, topics)]


def _precision(judged: dict[str, Any], key: str) -> tuple[int, int]:
    verdicts = [entry["relevant"] for lists in judged.values() for entry in lists[key]]
    return sum(verdicts), len(verdicts)


def test_every_project_is_judged_on_the_current_top_3(
    catalog: Catalog, topics: TopicTable, judged: dict[str, Any]
) -> None:
    """The file judges what the algorithm ranks now: a change of ranking must be re-judged."""
    assert set(judged) == {p.id for p in catalog.projects}
    for project in catalog.projects:
        assert [e["id"] for e in judged[project.id]["new"]] == _top3(catalog, topics, project.id)
        for entry in (*judged[project.id]["new"], *judged[project.id]["old"]):
            assert isinstance(entry["relevant"], bool) and entry["why"].strip()


def test_a_pair_is_judged_the_same_way_wherever_it_appears(judged: dict[str, Any]) -> None:
    seen: dict[frozenset[str], bool] = {}
    for project_id, lists in judged.items():
        for entry in (*lists["new"], *lists["old"]):
            pair = frozenset((project_id, entry["id"]))
            assert seen.setdefault(pair, entry["relevant"]) == entry["relevant"], pair


def test_precision_at_3_over_all_projects(judged: dict[str, Any]) -> None:
    relevant, shown = _precision(judged, "new")
    assert relevant / shown >= MIN_PRECISION_AT_3
    old_relevant, old_shown = _precision(judged, "old")
    assert relevant / shown > old_relevant / old_shown  # the reason for the change


def test_a_generic_noun_never_links_on_its_own(catalog: Catalog, topics: TopicTable) -> None:
    """1-b-6 (風力発電…の総合拠点) shared only 総合, 拠点 and 関連 with 2-b-1, 1-c-1 and 3-1-d-5."""
    generic = generic_terms(catalog, build_terms(catalog), topics)
    assert {"総合", "拠点", "関連", "施設", "理解"} <= generic
    assert not {"消防", "水道", "女性", "学校", "北九州空港"} & generic
    related = related_projects(catalog, build_terms(catalog), "1-b-6", topics=topics)
    ids = [r.project.id for r in related]
    assert not {"2-b-1", "1-c-1", "3-1-d-5", "3-1-c-3"} & set(ids)
    assert {"1-b-7", "1-b-8", "3-1-g-1"} <= set(ids[:5])  # its real neighbours


def test_show_lists_related_strongest_first_with_reasons(run_json: Callable[..., Any]) -> None:
    record = run_json("show", "1-c-1")
    related = record["related"]
    keys = [(-len(r["topics"]), -r["score"]) for r in related]
    assert keys == sorted(keys)
    first = related[0]
    assert first["id"] == "2-d-1"
    assert first["reasons"] == ["topic: 空港", "topic: 交通", "term: 北九州空港"]
    assert all(r["reasons"] for r in related)
