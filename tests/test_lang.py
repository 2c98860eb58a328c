"""`--lang en` (and RENKEI_LANG): every human view in English, JSON in both languages."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from typer.testing import Result

from renkei_cli.english import has_japanese
from renkei_cli.model import Catalog

from .conftest import FIXTURES

Run = Callable[..., Result]

# Every command with a human view, as a user would run it in English.
COMMANDS = [
    ["list"],
    ["list", "--area", "1"],
    ["list", "--area", "3", "--field", "1"],
    ["tree"],
    ["tree", "--depth", "2"],
    ["stats"],
    ["show", "1-b-8"],
    ["show", "3-1-g-5"],  # a 【再掲】 placement: its project shown with both placements
    ["show", "1-c-1"],  # a corrected name: the Japanese source text is left out
    ["xref"],
    ["search", "airport"],
]
FORMATS = ["table", "tsv", "csv", "markdown"]
NESTED = {"tree", "show"}  # table and TSV only


def _formats(command: list[str]) -> list[str]:
    return ["table", "tsv"] if command[0] in NESTED else FORMATS


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_english_views_have_no_japanese_script(run: Run, command: list[str]) -> None:
    for fmt in _formats(command):
        result = run("--lang", "en", *command, "--format", fmt, env={"COLUMNS": "200"})
        assert result.exit_code == 0, (fmt, result.stderr)
        assert result.stdout.strip()
        lines = [line for line in result.stdout.splitlines() if has_japanese(line)]
        assert lines == [], (fmt, lines[:3])


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_japanese_stays_the_default(run: Run, command: list[str]) -> None:
    result = run(*command, "--format", "tsv")
    assert result.exit_code == 0
    assert has_japanese(result.stdout)


def test_renkei_lang_is_the_same_as_the_option(run: Run) -> None:
    by_option = run("--lang", "en", "list", "--format", "tsv")
    by_variable = run("list", "--format", "tsv", env={"RENKEI_LANG": "en"})
    assert by_variable.stdout == by_option.stdout
    assert "Developing Kitakyushu Airport as a logistics hub" in by_variable.stdout
    assert run("--lang", "ja", "list", env={"RENKEI_LANG": "en"}).stdout == run("list").stdout


def test_list_in_english_names_titles_and_themes(run: Run) -> None:
    result = run("--lang", "EN", "list", "--area", "1", "--initiative", "b", "--format", "tsv")
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[-1] == [
        "1-b-8",
        "1",
        "Fostering strategic industries - Initiatives aiming at the decarbonisation of society",
        "GX promotion project in the region",
        "",
    ]


def test_show_in_english_says_whose_translation_it_is(run: Run) -> None:
    for fmt in ("table", "tsv"):
        result = run("--lang", "en", "show", "1-b-8", "--format", fmt, env={"COLUMNS": "200"})
        assert "unofficial translation by the renkei project" in result.stdout
        assert "[listed again]" in result.stdout or "repost\t3-1-g-5" in result.stdout
    assert "unofficial" not in run("show", "1-b-8", "--format", "tsv").stdout


def test_tree_and_stats_chrome_is_english(run: Run) -> None:
    tree = run("--lang", "en", "tree", "--format", "tsv").stdout
    assert tree.startswith("Kitakyushu metropolitan region cooperative central city region")
    assert "77 projects + 5 listed again" in tree.splitlines()[0]
    assert "3-1-g-2 Promoting decarbonisation" in tree and "[listed again → 1-b-5]" in tree
    stats = run("--lang", "en", "stats", "--format", "table", env={"COLUMNS": "160"}).stdout
    assert "Listed again" in stats and "░ listed again" in stats


def test_json_carries_both_languages_whatever_the_lang(run: Run) -> None:
    for command in (["list"], ["show", "1-b-8"], ["tree"], ["stats"], ["xref"], ["search", "空港"]):
        japanese = run(*command, "--json")
        english = run("--lang", "en", *command, "--json")
        assert japanese.exit_code == english.exit_code == 0
        assert english.stdout == japanese.stdout
    record = json.loads(run("show", "1-b-8", "--json").stdout)
    assert record["name"] == "圏域におけるGX推進事業"
    assert record["name_en"] == "GX promotion project in the region"
    assert record["theme_en"] == "Initiatives aiming at the decarbonisation of society"
    related = json.loads(run("show", "1-c-1", "--json").stdout)["related"]
    assert related and all(r["name_en"] for r in related)


def test_yaml_and_jsonl_carry_the_english_keys(run: Run) -> None:
    first = json.loads(run("list", "--format", "jsonl").stdout.splitlines()[0])
    assert first["area_title_en"] == "Initiatives for driving economic growth"
    assert first["initiative_title_en"] == "Formulating an economic strategy"
    assert "name_en: " in run("--lang", "en", "list", "--format", "yaml").stdout


def test_lang_en_on_a_file_without_english_is_a_clear_error(run: Run) -> None:
    minimal = str(FIXTURES / "valid" / "minimal.yaml")
    for command in (["list"], ["list", "--json"], ["show", "1-a-1"], ["tree"], ["stats"]):
        result = run("--data", minimal, "--lang", "en", *command)
        assert result.exit_code == 2
        assert result.stderr == (
            f"renkei: error: --lang en: the data file {minimal} has no English (title_en, "
            "name_en, theme_en); use --lang ja or add the English\n"
        )
    assert run("--data", minimal, "list").exit_code == 0


def test_an_unknown_language_is_a_usage_error(run: Run) -> None:
    result = run("--lang", "fr", "list")
    assert result.exit_code == 2
    assert "'fr' is not one of" in result.stderr


def test_english_search_highlights_the_english_name(catalog: Catalog) -> None:
    from renkei_cli.search import SearchIndex
    from renkei_cli.search.english import english_spans

    [result] = SearchIndex(catalog).search("airport access").results
    name = result.project.name_en or ""
    assert [name[a:b] for a, b in english_spans(result)] == ["access", "Airport"]
    japanese = SearchIndex(catalog).search("空港").results[0]
    assert english_spans(japanese) == ()  # a Japanese match highlights no English


def test_english_search_table_shows_english_names(run: Run) -> None:
    result = run("--lang", "en", "search", "women", "--format", "tsv")
    names = [line.split("\t")[1] for line in result.stdout.splitlines()]
    assert "Project to operate Woman Work Cafe Kitakyushu" in names


def test_show_finds_a_project_by_its_english_name(run: Run) -> None:
    assert run("show", "logistics hub", "--json").exit_code == 0
    by_words = json.loads(run("show", "logistics hub", "--json").stdout)
    assert by_words["id"] == "1-c-1"
    exact = json.loads(run("show", "Baby station project", "--json").stdout)
    assert exact["id"] == "3-1-c-5"
    # A word only in a title names no project: 'Welfare' is the title of 3-1-c, and the
    # name of one project under it.
    assert json.loads(run("show", "Welfare", "--json").stdout)["id"] == "3-1-c-4"


def test_show_lists_ambiguous_candidates_in_the_language_asked(run: Run) -> None:
    english = run("--lang", "en", "show", "airport")
    assert english.exit_code == 2
    assert english.stderr.splitlines()[1:] == [
        "1-c-1 Developing Kitakyushu Airport as a logistics hub",
        "2-d-1 Strengthening the functions of Kitakyushu Airport",
        "2-d-2 Project to strengthen access to Kitakyushu Airport",
    ]
    assert run("show", "airport").stderr.splitlines()[1] == "1-c-1 北九州空港の物流拠点化"
