"""renkei's topics: the vocabulary validates, bad files are located, and every way in works."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from renkei_cli.errors import DataError
from renkei_cli.model import Catalog
from renkei_cli.topics import MAX_TOPICS_PER_PROJECT, load_topics

from .conftest import FIXTURES

TOPIC_FIXTURES = FIXTURES / "topics"


def test_the_vocabulary_validates_and_considers_every_project(catalog: Catalog) -> None:
    table = load_topics()
    assert 15 <= len(table.topics) <= 25
    assert set(table.assignments) == {project.id for project in catalog.projects}
    for project_id, entries in table.assignments.items():
        assert len(entries) <= MAX_TOPICS_PER_PROJECT, project_id
        for entry in entries:
            topic = table.topic(entry.topic)
            assert topic is not None
            criterion, _, detail = entry.why.partition(": ")
            assert criterion in topic.criteria and detail, (project_id, entry)
    assert all(table.projects_of(topic.id) for topic in table.topics)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("unknown_topic.yaml", ":22:15: unknown topic 'childcar' (did you mean 'childcare'?)"),
        ("why_without_criterion.yaml", ":22:31: why must be '<criterion>: <detail>'"),
        ("katakana_reading.yaml", ":6:14: reading 'クウコウ' must be in hiragana"),
        ("duplicate_id.yaml", ":11:9: duplicate topic id 'airport' (first at line 4)"),
        ("too_many_topics.yaml", ":20:5: 1-c-1 has 4 topics: at most 3"),
        ("missing_synonym_reading.yaml", ":25:3: synonym '航空' needs a reading"),
        ("unknown_key.yaml", ":10:5: unknown key 'rules' in a topic (did you mean 'rule'?)"),
    ],
)
def test_a_bad_topic_file_gets_located_errors(name: str, expected: str) -> None:
    path = TOPIC_FIXTURES / name
    with pytest.raises(DataError) as raised:
        load_topics(path)
    lines = raised.value.lines()
    assert any(line.startswith(str(path)) and expected in line for line in lines), lines


def test_a_small_valid_topic_file_loads() -> None:
    table = load_topics(TOPIC_FIXTURES / "valid.yaml")
    assert [t.id for t in table.topics] == ["airport", "childcare"]
    assert table.topics_of("1-c-1") == ("airport",) and table.topics_of("2-d-3") == ()


def test_an_empty_topic_file_is_refused_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_topics(path)
    assert "topics and assignments" in raised.value.lines()[0]


CHILDCARE = ["3-1-c-2", "3-1-c-3", "3-1-c-4", "3-1-c-5"]


@pytest.mark.parametrize("name", ["childcare", "子育て", "こそだて", "コソダテ", "kosodate"])
def test_list_topic_by_id_title_reading_and_romaji(run_json: Callable[..., Any], name: str) -> None:
    records = run_json("list", "--topic", name)
    assert [r["id"] for r in records] == CHILDCARE
    assert all("childcare" in r["topics"] for r in records)


def test_list_topic_by_a_title_part_and_an_unknown_topic(
    run_json: Callable[..., Any], run: Callable[..., Result]
) -> None:
    energy = [r["id"] for r in run_json("list", "--topic", "エネルギー", "--no-reposts")]
    assert energy == ["1-b-5", "1-b-6", "1-b-7", "1-b-8", "3-1-g-1", "3-3-c-3"]
    bad = run("list", "--topic", "宇宙")
    assert bad.exit_code == 2 and "no topic '宇宙': topics are childcare (子育て)" in bad.stderr


@pytest.mark.parametrize(
    "query", ["防災", "ぼうさい", "bousai", "災害", "さいがい", "saigai", "disaster"]
)
def test_search_reaches_a_topic_by_title_reading_romaji_and_synonym(
    run_json: Callable[..., Any], query: str
) -> None:
    found = {r["id"] for r in run_json("search", query)}
    assert {"3-1-f-1", "3-1-f-2", "3-1-f-3", "3-1-f-4", "3-3-a-3"} <= found


def test_a_topic_match_is_context_and_says_so(run: Callable[..., Result]) -> None:
    result = run("search", "防災", "--format", "table", env={"COLUMNS": "200"})
    assert "context: topic disaster_prevention" in result.stdout
    assert "3-3-a-3" in result.stdout  # fire-regulation staff: no 防災 in its name or titles


def test_a_part_of_a_synonym_does_not_pull_a_topic(run: Callable[..., Result]) -> None:
    """職 is in the synonym 職員 of 行政運営, but only a whole synonym stands for the topic."""
    assert '"3-3-c-2"' in run("search", "職員", "--json").stdout  # through the topic
    assert '"3-3-c-2"' not in run("search", "職", "--json").stdout


def test_topics_command_counts_and_labels(
    run_json: Callable[..., Any], run: Callable[..., Result]
) -> None:
    records = run_json("topics")
    by_id = {r["id"]: r for r in records}
    assert by_id["childcare"]["count"] == 4 and by_id["childcare"]["projects"] == CHILDCARE
    assert all(r["count"] == len(r["projects"]) for r in records)
    table = run("topics", "--format", "table", env={"COLUMNS": "120"})
    assert "renkei's own editorial classification, not the document's" in table.stdout


def test_show_lists_topics_with_their_reasons(
    run_json: Callable[..., Any], run: Callable[..., Result]
) -> None:
    record = run_json("show", "3-1-e-3")  # ウーマンワークカフェ: no 女性 in its name
    assert record["topics"] == ["women", "employment"]
    assert record["topic_details"][0]["why"].startswith("women's work and careers: ")
    table = run("show", "3-1-e-3", "--format", "table", env={"COLUMNS": "120"})
    assert "Topics (renkei's own classification, not the document's)" in table.stdout


def test_a_corrupt_topic_cache_is_rebuilt(isolated_cache: Path) -> None:
    from renkei_cli import cache

    first = cache.load_topics()
    (cached,) = isolated_cache.glob("topics-*.json")
    cached.write_text('{"magic": "renkei-topics-cache-1", "key": 1, "table": []', "utf-8")
    assert cache.load_topics() == first
    assert cache.load_topics() == first  # from the rewritten cache


def test_every_assignment_names_its_project(catalog: Catalog) -> None:
    """The bundled assignments carry their project's name, so a rename is caught here."""
    table = load_topics()
    assert table.names == {project.id: project.name for project in catalog.projects}
    assert table.for_catalog(catalog) is table


def test_another_data_file_gets_no_topics_of_a_project_it_does_not_have(
    run_json: Callable[..., Any], tmp_path: Path
) -> None:
    """A data file whose 3-1-c-2 is another project must not get 保育所等の広域入所's topics."""
    from .conftest import DATA

    text = DATA.read_text(encoding="utf-8")
    assert text.count("name: 保育所等の広域入所\n") == 1
    other = tmp_path / "other.yaml"
    other.write_text(text.replace("name: 保育所等の広域入所\n", "name: 別の事業\n"), "utf-8")
    records = {r["id"]: r for r in run_json("--data", str(other), "list")}
    assert records["3-1-c-2"]["name"] == "別の事業" and records["3-1-c-2"]["topics"] == []
    assert "childcare" in records["3-1-c-3"]["topics"]  # the others keep theirs
    bundled = {r["id"]: r for r in run_json("list")}
    assert "childcare" in bundled["3-1-c-2"]["topics"]
