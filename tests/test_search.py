"""`renkei search`: the 172 cases of tests/search_cases.yaml, the matching levels, the CLI."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML
from typer.testing import Result

from renkei_cli.errors import UsageError
from renkei_cli.model import Area, Catalog, Initiative, Placement, Project, SourceInfo
from renkei_cli.query import resolve_scope
from renkei_cli.records import RECORD_KEYS
from renkei_cli.search import (
    FUZZY_THRESHOLD,
    MatchKind,
    SearchIndex,
    SearchResult,
    VariantTable,
    explain,
    parse_terms,
)
from renkei_cli.search.highlight import key_offsets
from renkei_cli.textnorm import normalize
from renkei_cli.topics import load_topics
from renkei_cli.variants import load_variants

from .conftest import ROOT

ANSI = re.compile(r"\x1b\[[0-9;]*m")
CASES_FILE = ROOT / "tests" / "search_cases.yaml"
CASES = YAML(typ="safe").load(CASES_FILE.read_text(encoding="utf-8"))["cases"]
KINDS = {kind.value for kind in MatchKind}


@pytest.fixture(scope="module")
def index(catalog: Catalog) -> SearchIndex:
    return SearchIndex(catalog, load_variants(), topics=load_topics())


def ids(index: SearchIndex, query: str, **options: Any) -> list[str]:
    return [result.project.id for result in index.search(query, **options).results]


def only(index: SearchIndex, query: str) -> Any:
    """The one result of a query (and fail if there is not exactly one)."""
    results = index.search(query).results
    assert len(results) == 1, [r.project.id for r in results]
    return results[0]


# -- the test set ---------------------------------------------------------------------------


# The levels at which each category's expected projects must match: a `reading` case that
# matched by name would test nothing about readings. `multi` mixes levels; `none` has no match.
CATEGORY_LEVELS = {
    "surface": {"name"},
    "width": {"name", "reading"},
    "kana": {"name"},
    "reading": {"reading"},
    "romaji": {"name", "reading"},
    "variant": {"variant"},
    "typo": {"fuzzy"},
    "context": {"context"},
    "source": {"source"},
    "english": {"english"},
    "topic": {"context"},
    "parity": {"context", "reading", "name"},
}


def test_the_test_set_has_172_cases_in_every_category() -> None:
    assert len(CASES) == 172
    assert sum(case["category"] == "english" for case in CASES) >= 20
    categories = {case["category"] for case in CASES}
    assert categories == {*CATEGORY_LEVELS, "multi", "none", "any"}


def test_every_case_exercises_its_category(index: SearchIndex) -> None:
    """Each case reaches an expected project at its category's level (see CATEGORY_LEVELS)."""
    wrong = []
    for case in CASES:
        levels = CATEGORY_LEVELS.get(case["category"])
        if levels is None:
            continue
        matched = {r.project.id: r.match.value for r in index.search(case["query"]).results}
        reached = {matched.get(project_id) for project_id in case.get("expect") or []}
        if not reached & levels:
            wrong.append((case["query"], case["category"], sorted(map(str, reached))))
    assert wrong == []


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{n:03d}-{c['category']}-{c['query']}" for n, c in enumerate(CASES)]
)
def test_case(index: SearchIndex, catalog: Catalog, case: dict[str, Any]) -> None:
    """Every expected project is found, `top` ranks first, and `none` finds nothing."""
    found = ids(index, case["query"], any_term=case["category"] == "any")
    expected = case.get("expect") or []
    assert all(catalog.project(project_id) for project_id in expected), "unknown id in case"
    if case["category"] == "none":
        assert found == []
        return
    missing = [project_id for project_id in expected if project_id not in found]
    assert not missing, f"missing {missing}; found {found}"
    if case.get("top"):
        assert found[0] == case["top"], found


@pytest.mark.parametrize("case", [c for c in CASES if c["category"] == "none"], ids=str)
def test_none_cases_exit_1_with_an_empty_json_array(
    run: Callable[..., Result], case: dict[str, Any]
) -> None:
    result = run("search", *case["query"].split(), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []
    assert "no match" in result.stderr


# -- levels and scores ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "project", "kind"),
    [
        ("空港", "2-d-1", MatchKind.NAME),
        ("ヒマワリ", "3-1-d-7", MatchKind.NAME),
        ("himawari", "3-1-d-7", MatchKind.NAME),  # romaji as kana, found in the name
        ("くうこう", "2-d-1", MatchKind.READING),
        ("kūkō", "2-d-1", MatchKind.READING),
        ("図書舘", "3-1-d-1", MatchKind.VARIANT),
        ("介護", "3-1-b-1", MatchKind.CONTEXT),
        ("北九州空巷", "2-d-1", MatchKind.FUZZY),
        ("LAB0", "3-1-d-4", MatchKind.SOURCE),
    ],
)
def test_each_level_scores_in_its_own_band(
    index: SearchIndex, query: str, project: str, kind: MatchKind
) -> None:
    """The tens digit of the score says the level: name 9x, reading 8x ... source 4x."""
    result = next(r for r in index.search(query).results if r.project.id == project)
    assert result.match is kind
    assert kind.base <= result.score <= kind.base + 9


def test_levels_rank_strictly_name_over_context(index: SearchIndex) -> None:
    """環境: the name match first, then every context match, each band below the one above."""
    results = index.search("環境").results
    assert results[0].match is MatchKind.NAME
    assert {r.match for r in results[1:]} == {MatchKind.CONTEXT}
    assert results[0].score > max(r.score for r in results[1:])
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)


def test_within_a_level_the_closer_name_ranks_first(index: SearchIndex) -> None:
    """遠賀川 covers more of 3-1-f-3's name than 空港 of any airport name: both are name hits."""
    assert only(index, "遠賀川").score > index.search("空港").results[0].score


def test_context_counts_the_titles_of_reposted_placements(index: SearchIndex) -> None:
    """1-b-5..8 are under 3-1-g 環境 only through their 【再掲】 placements there."""
    results = {r.project.id: r for r in index.search("環境").results}
    for project_id in ("1-b-5", "1-b-6", "1-b-7", "1-b-8"):
        assert results[project_id].match is MatchKind.CONTEXT
        assert explain(results[project_id]) == "context: 環境"


def test_a_reading_matches_only_from_a_word_start(index: SearchIndex) -> None:
    """こうじょう starts a word in two names' readings; じょう (inside こうじょう) starts none.

    (It also starts a word of area 3's title, 向上, so every area-3 project matches as context.)
    """
    by_reading = [r.project.id for r in index.search("こうじょう").results if r.match.rank < 3]
    assert sorted(by_reading) == ["2-b-3", "3-3-a-4"]
    assert "2-b-3" not in ids(index, "じょう")


def test_a_reading_match_may_run_over_several_words(index: SearchIndex) -> None:
    result = only(index, "やかんちゅうがっこう")
    assert result.match is MatchKind.READING
    assert explain(result) == "reading: やかん ちゅうがっこう"


@pytest.mark.parametrize("query", ["kitakyushu", "kitakyuushuu", "kitakyūshū", "kitakyusyu"])
def test_romaji_spellings_reach_one_reading(index: SearchIndex, query: str) -> None:
    assert len(ids(index, query)) == 18


def test_variants_apply_to_the_project_side_too(catalog: Catalog) -> None:
    """A query in a group's first form finds a name written in another form of the group."""
    index = SearchIndex(catalog, [("公共図書舘", "公共図書館")])
    result = only(index, "公共図書舘")  # rewritten to 公共図書館 on both sides
    assert result.project.id == "3-1-d-1" and result.match is MatchKind.VARIANT
    reverse = SearchIndex(catalog, [("取り組み", "取組")])  # the name says 取組
    assert reverse.search("取り組み").results[0].project.id == "3-1-g-1"


def test_variant_forms_are_listed_longest_first_with_their_rewriting() -> None:
    table = VariantTable([("取組", "取り組み", "取りくみ"), ("ｻｲﾄ", "さいと")])
    forms = table.forms()
    assert [len(form) for form, _ in forms] == sorted((len(f) for f, _ in forms), reverse=True)
    assert dict(forms) == {
        "取組": "取組",
        "取り組み": "取組",
        "取りくみ": "取組",
        "さいと": "さいと",
    }
    assert all(table.canonical(form) == canonical for form, canonical in forms)


def test_match_keys_are_the_keys_search_compares(catalog: Catalog) -> None:
    """What match_keys hands to a matcher elsewhere (the HTML page) is what search uses."""
    index = SearchIndex(catalog, [("公共図書舘", "公共図書館")])
    keys = index.match_keys()
    assert keys.names == tuple(normalize(project.name) for project in catalog.projects)
    assert keys.canonical_names == tuple(index.variants.canonical(n) for n in keys.names)
    assert keys.readings[9] == "きたきゅしゅ|くこ|の|ぶつりゅ|きょてん|か"  # 1-c-1
    assert keys.variants is index.variants and keys.fuzzy_threshold == FUZZY_THRESHOLD
    assert [bool(key) for key, _, _ in keys.sources] == [
        project.provenance is not None for project in catalog.projects
    ]
    grouped = sorted(index for _, projects in keys.groups for index in set(projects))
    assert set(grouped) == set(range(len(catalog.projects)))
    for title_key, canonical, specificity in keys.titles:
        assert canonical == index.variants.canonical(title_key) and 0 <= specificity <= 1
    # A title's groups hold the projects it finds: all of them found, the context hits in them.
    (title_id,) = [n for n, (key, _, _) in enumerate(keys.titles) if key == normalize("福祉")]
    groups = [projects for title_ids, projects in keys.groups if title_id in title_ids]
    held = {catalog.projects[n].id for projects in groups for n in projects}
    results = index.search("福祉").results
    assert held <= {r.project.id for r in results}
    assert {r.project.id for r in results if r.match is MatchKind.CONTEXT} <= held
    assert len(held) > 3


def test_without_the_variant_table_variants_are_not_found(catalog: Catalog) -> None:
    assert SearchIndex(catalog).search("図書舘").results == ()


def test_source_text_of_a_neighbour_does_not_count(index: SearchIndex) -> None:
    """1-c-2's raw line starts with 1-c-1's name: 空港 is 1-c-1's, not 1-c-2's."""
    assert "1-c-2" not in ids(index, "空港")
    assert sorted(ids(index, "拠点化試験栽培")) == ["1-c-1", "1-c-2"]  # spans both parts


def test_fuzzy_runs_only_for_a_term_nothing_else_matches(index: SearchIndex) -> None:
    """研修 matches exactly, so no fuzzy match of it is added (its topic adds context ones)."""
    assert {r.match for r in index.search("研修").results} == {MatchKind.NAME, MatchKind.CONTEXT}


def test_fuzzy_does_not_take_a_shared_start_for_a_typo(index: SearchIndex) -> None:
    """北九州空巷 is the three airport names; other names merely start with 北九州 (3 of 5)."""
    assert sorted(ids(index, "北九州空巷")) == ["1-c-1", "2-d-1", "2-d-2"]
    assert {r.match for r in index.search("北九州空巷").results} == {MatchKind.FUZZY}


def test_fuzzy_needs_four_characters(index: SearchIndex) -> None:
    """空巷 (2) and 遠賀州 (3) are too short to tell a typo from chance."""
    assert ids(index, "空巷") == []
    assert ids(index, "遠賀州") == []


def test_fuzzy_threshold_is_one_typo_per_four_characters(catalog: Catalog) -> None:
    assert FUZZY_THRESHOLD == 75
    index = SearchIndex(catalog, load_variants())
    assert ids(index, "鑑識鑑宝") == ["3-1-f-2"]  # 1 wrong in 4: 75
    assert ids(index, "鑑識宝宝") == []  # 2 wrong in 4: 50
    strict = SearchIndex(catalog, load_variants(), fuzzy_threshold=81)
    assert ids(strict, "半道体産業") == []  # 1 wrong in 5: 80


def test_did_you_mean_offers_the_near_part_of_a_name(index: SearchIndex) -> None:
    outcome = index.search("ケアマネシメソド")  # 3 wrong in 8: 62.5, under the threshold
    assert outcome.results == ()
    assert outcome.suggestion == "ケアマネジメント"
    assert index.search("北九州 ケアマネシメソド").suggestion == "北九州 ケアマネジメント"
    assert index.search("宇宙開発").suggestion is None


def test_several_terms_are_anded_and_the_weakest_names_the_match(index: SearchIndex) -> None:
    results = {r.project.id: r for r in index.search("福祉 広域").results}
    assert sorted(results) == ["3-1-c-2", "3-1-c-3", "3-1-c-4"]
    assert results["3-1-c-4"].match is MatchKind.NAME
    mixed = results["3-1-c-2"]
    assert mixed.match is MatchKind.CONTEXT
    assert [m.kind for m in mixed.terms] == [MatchKind.CONTEXT, MatchKind.NAME]
    assert mixed.score == round(sum(m.score for m in mixed.terms) / 2, 1)
    assert explain(mixed) == "福祉 → context: 福祉; 広域 → name"


def test_empty_queries_are_refused(index: SearchIndex) -> None:
    for query in ("", "   ", "・「」", "　（）"):
        with pytest.raises(UsageError, match="empty query"):
            index.search(query)


def test_terms_keep_what_was_typed_and_every_key(index: SearchIndex) -> None:
    terms = parse_terms(["ｸｳｺｳ　kūkō", "取り組み"], index.variants)
    assert [t.text for t in terms] == ["クウコウ", "kūkō", "取り組み"]
    assert [t.key for t in terms] == ["くこ", "kūkō", "取り組み"]
    assert [t.kana for t in terms] == ["くこ", "くこ", None]
    assert terms[2].canonical == ("取組",)


def test_scope_keeps_a_project_through_a_placement_inside_it(
    index: SearchIndex, catalog: Catalog
) -> None:
    """GX is 1-b-8, reposted as 3-1-g-5: inside area 3 it is shown by its 【再掲】 row.

    (GX is also a synonym of a topic, whose other projects come after it as context.)
    """

    def by_name(**scope: Any) -> tuple[SearchResult, ...]:
        results = index.search("GX", scope=resolve_scope(catalog, **scope) if scope else None)
        return tuple(r for r in results.results if r.match is MatchKind.NAME)

    (result,) = by_name(area=3)
    assert result.project.id == "1-b-8" and result.placement.id == "3-1-g-5"
    (result,) = by_name()
    assert result.placement.id == "1-b-8"
    assert by_name(area=2) == ()


def test_limit_keeps_the_best_and_counts_all(index: SearchIndex) -> None:
    everything = index.search("北九州")
    best = index.search("北九州", limit=3)
    assert best.total == everything.total == 18
    assert best.results == everything.results[:3]


def tiny_catalog(*projects: tuple[str, str | None]) -> Catalog:
    """A one-initiative catalog of (name, reading) projects, built in code (no loader checks)."""
    made = [
        Project(id=f"1-a-{number}", name=name, reading=reading)
        for number, (name, reading) in enumerate(projects, 1)
    ]
    return Catalog(
        schema_version=1,
        source=SourceInfo(title="T", section="S"),
        areas=(Area(number=1, title="地域の取組", pages=(1, 1)),),
        fields=(),
        initiatives=(Initiative(area=1, field=None, letter="a", title="試験"),),
        projects=tuple(made),
        placements=tuple(
            Placement(
                id=p.id, area=1, field=None, letter="a", index=n, project_id=p.id, repost=False
            )
            for n, p in enumerate(made, 1)
        ),
    )


def test_readings_built_in_code_are_read_as_split_words() -> None:
    """Runs of spaces, edge spaces, a stray | and a missing reading do not shift the words."""
    index = SearchIndex(
        tiny_catalog(
            ("魅力向上", "みりょく こうじょう"),
            ("空港機能", "  くう|こう   の  きのう "),
            ("読みなし", None),
            ("機能", "きのう"),
        )
    )
    assert ids(index, "くこう") == ["1-a-2"]  # くう|こう, not inside みりょく|こうじょう
    assert ids(index, "こうじょう") == ["1-a-1"]
    result = only(index, "くうこうのき")
    assert result.project.id == "1-a-2" and explain(result) == "reading: くうこう の きのう"
    assert sorted(ids(index, "きのう")) == ["1-a-2", "1-a-4"]
    assert ids(index, "よみ") == []


# -- highlighting ---------------------------------------------------------------------------


def highlighted(index: SearchIndex, query: str, project: str) -> list[str]:
    result = next(r for r in index.search(query).results if r.project.id == project)
    return [result.project.name[start:end] for start, end in result.spans]


@pytest.mark.parametrize(
    ("query", "project", "parts"),
    [
        ("北九州 空港", "2-d-1", ["北九州空港"]),  # adjacent spans merge
        ("福祉 広域", "3-1-c-4", ["福祉", "広域"]),
        ("ｽﾍﾟｰｽＬＡＢＯ", "3-1-d-4", ["スペースLABO"]),
        ("すぺーす", "3-1-d-4", ["スペース"]),  # the folded ー is part of the match
        ("ケアマネージメント", "3-1-b-1", ["ケアマネジメント"]),
        ("図書舘", "3-1-d-1", ["図書館"]),
        ("東九州道", "1-d-3", ["東九州自動車道"]),
        ("北九州空巷", "1-c-1", ["北九州空港"]),
        ("くうこう", "2-d-1", []),  # a reading match has no place in the name
        ("介護", "3-1-b-1", []),
    ],
)
def test_spans_mark_the_matched_part_of_the_name(
    index: SearchIndex, query: str, project: str, parts: list[str]
) -> None:
    assert highlighted(index, query, project) == parts


MIXED = "北九州空港アイウーｶﾞｸ・「」 ABｚ０ああいうえおかきくこ"  # kanji, kana, widths, marks


@given(st.text(alphabet=st.sampled_from(MIXED), max_size=20))
def test_key_offsets_cover_the_text_in_order(text: str) -> None:
    offsets = key_offsets(text)
    per_character = "".join(unicodedata.normalize("NFKC", char) for char in text)
    if unicodedata.normalize("NFKC", text) != per_character:  # NFKC joined ｶﾞ: no highlight
        assert offsets is None or len(offsets[0]) == len(normalize(text))
        return
    assert offsets is not None  # every other text can be highlighted
    starts, ends = offsets
    assert len(starts) == len(ends) == len(normalize(text))
    assert all(0 <= s < e <= len(text) for s, e in zip(starts, ends, strict=True))
    assert starts == sorted(starts)
    for start, end in zip(starts, ends, strict=True):
        assert normalize(text[start:end])  # each key character comes from a searchable part


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("くうこう", ([0, 2], [2, 4])),  # くこ: each kana with the long vowel folded after it
        ("北九州 空港", ([0, 1, 2, 4, 5], [1, 2, 3, 5, 6])),  # the space is skipped
        ("ＡＢ・ｃ", ([0, 1, 3], [1, 2, 4])),  # abc: widths folded, ・ skipped
    ],
)
def test_key_offsets_point_at_the_characters_each_key_character_came_from(
    text: str, expected: tuple[list[int], list[int]]
) -> None:
    assert key_offsets(text) == expected


def test_every_name_is_highlighted_whole_when_searched_for(
    index: SearchIndex, catalog: Catalog
) -> None:
    for project in catalog.projects:
        result = next(r for r in index.search(project.name).results if r.project is project)
        assert result.match is MatchKind.NAME
        assert result.spans, project.name
        start, end = result.spans[0][0], result.spans[-1][1]
        assert normalize(project.name[start:end]) == normalize(project.name)


# -- run time -------------------------------------------------------------------------------


def test_the_command_imports_no_matcher_parser_or_table_library_for_an_exact_search() -> None:
    """`renkei search 空港 --json` loads neither rapidfuzz (fuzzy stage only) nor rich, and once
    the caches are warm not ruamel.yaml either (the catalog and the variants come cached)."""
    code = (
        "import sys\n"
        "from renkei_cli.cli import app\n"
        "try:\n"
        "    app(['search', '空港', '--json'])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'rapidfuzz', 'rich', 'ruamel'}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "RENKEI_DATA"}  # the test's own cache
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        )
        for _ in range(2)
    ]
    assert runs[0].stdout.splitlines()[-1] == "['ruamel']"  # parsed and cached
    assert runs[1].stdout.splitlines()[-1] == "[]"
    assert '"name": "北九州空港の機能強化"' in runs[1].stdout


def test_exact_search_does_not_import_rapidfuzz(
    monkeypatch: pytest.MonkeyPatch, catalog: Catalog
) -> None:
    """Only the fuzzy stage imports rapidfuzz: with it unimportable, exact searches still run."""
    for name in [m for m in sys.modules if m == "rapidfuzz" or m.startswith("rapidfuzz.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "rapidfuzz", None)  # any import of it now fails
    index = SearchIndex(catalog, load_variants())
    for query in ("空港", "kuukou", "取り組み", "福祉 広域", "LAB0", "空港 研修"):
        index.search(query)
    with pytest.raises(ImportError):
        index.search("北九州空巷")


# -- the command ----------------------------------------------------------------------------


def test_json_records_are_list_records_plus_score_and_match(
    run_json: Callable[..., Any],
) -> None:
    records = run_json("search", "北九州")
    assert len(records) == 18
    listed = {r["id"]: r for r in run_json("list")}
    for record in records:
        assert list(record) == [*RECORD_KEYS, "score", "match"]
        assert {k: record[k] for k in RECORD_KEYS} == listed[record["id"]]
        assert record["match"] in KINDS and isinstance(record["score"], float)
    assert [r["score"] for r in records] == sorted((r["score"] for r in records), reverse=True)


def test_a_reposted_project_appears_once_with_every_placement(
    run_json: Callable[..., Any],
) -> None:
    records = run_json("search", "脱炭素")  # the last two through renkei's topic (a synonym)
    assert [r["id"] for r in records] == ["1-b-5", "1-b-6", "1-b-7", "1-b-8", "3-1-g-1", "3-3-c-3"]
    assert records[0]["placements"] == ["1-b-5", "3-1-g-2"]
    assert not any(r["repost"] for r in records)


def test_filters_are_those_of_list(
    run_json: Callable[..., Any], run: Callable[..., Result]
) -> None:
    assert [r["id"] for r in run_json("search", "脱炭素", "-a", "3", "-f", "1", "-i", "g")] == [
        "3-1-g-2", "3-1-g-3", "3-1-g-4", "3-1-g-5", "3-1-g-1",
    ]  # fmt: skip
    found = run_json("search", "GX", "--area", "3")  # by name; the rest by renkei's topic
    assert [r["primary_id"] for r in found if r["match"] == "name"] == ["1-b-8"]
    outside = run("search", "空港", "--area", "3", "--json")
    assert outside.exit_code == 1 and json.loads(outside.stdout) == []
    bad = run("search", "空港", "--area", "4")
    assert bad.exit_code == 2 and "no area 4" in bad.stderr


def test_limit_option(run_json: Callable[..., Any], run: Callable[..., Result]) -> None:
    assert [r["id"] for r in run_json("search", "研修", "--limit", "2")] == [
        r["id"] for r in run_json("search", "研修")
    ][:2]
    assert run("search", "研修", "-n", "0").exit_code == 2


def test_several_words_and_one_quoted_string_are_the_same_query(
    run_json: Callable[..., Any],
) -> None:
    assert run_json("search", "北九州", "空港") == run_json("search", "北九州 空港")


@pytest.mark.parametrize("args", [("",), ("・「」",), ("　",)])
def test_an_empty_query_exits_2_with_one_line(run: Callable[..., Result], args: tuple[str]) -> None:
    result = run("search", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("renkei: error: empty query")
    assert len(result.stderr.splitlines()) == 1


def test_no_query_at_all_is_a_usage_error(run: Callable[..., Result]) -> None:
    result = run("search")
    assert result.exit_code == 2 and "Missing argument" in result.stderr


def test_no_match_says_so_and_suggests(run: Callable[..., Result]) -> None:
    result = run("search", "ケアマネシメソド")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "renkei: no match for 'ケアマネシメソド'; did you mean 'ケアマネジメント'?\n"
    )
    plain = run("search", "xyzzy")
    assert plain.stderr == "renkei: no match for 'xyzzy'\n"


def test_pipe_gets_tsv_without_colour(run: Callable[..., Result]) -> None:
    result = run("search", "脱炭素", env={"FORCE_COLOR": ""})
    assert result.exit_code == 0
    assert not ANSI.search(result.stdout)
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[0] == ["1-b-5", "持続可能なまちづくりに資する脱炭素化の推進", "name", "90.8",
                       "1-b-5,3-1-g-2"]  # fmt: skip
    assert {len(row) for row in rows} == {5}
    assert [row[2] for row in rows] == ["name", *["context"] * 5]


def test_table_highlights_the_match_and_explains_it(run: Callable[..., Result]) -> None:
    result = run(
        "search", "福祉", "広域", "--format", "table", env={"FORCE_COLOR": "1", "COLUMNS": "160"}
    )
    assert result.exit_code == 0
    assert re.search(r"\x1b\[1;31m福祉\x1b\[0m", result.stdout)
    assert re.search(r"\x1b\[1;31m広域\x1b\[0m", result.stdout)
    plain = ANSI.sub("", result.stdout)
    assert "福祉 → context: 福祉; 広域 → name" in plain
    assert "3 projects, best first" in plain


def test_table_without_colour_has_no_escape_codes(run: Callable[..., Result]) -> None:
    result = run("search", "脱炭素", "--format", "table", env={"COLUMNS": "160"})
    assert not ANSI.search(result.stdout)
    assert "+ 3-1-g-2" in result.stdout  # the other placement of 1-b-5


def test_variants_apply_to_a_table_given_with_data(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    """The bundled variant table is language data: it serves any --data table."""
    data = tmp_path / "mine.yaml"
    data.write_text(
        "schema_version: 1\n"
        "source: {title: T, section: S}\n"
        "areas:\n"
        "  - number: 1\n"
        "    title: まちの取り組み\n"
        "    pages: [1, 2]\n"
        "    initiatives:\n"
        "      - letter: a\n"
        "        title: 子育て\n"
        "        projects:\n"
        "          - name: 子ども図書舘の運営\n"
        "            reading: こども としょかん の うんえい\n",
        encoding="utf-8",
    )
    result = run("--data", str(data), "search", "子供", "図書館", "--json")
    assert result.exit_code == 0, result.stderr
    (record,) = json.loads(result.stdout)
    assert record["id"] == "1-a-1" and record["match"] == "variant"


def test_a_broken_bundled_variants_file_is_reported(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "variants.yaml"
    broken.write_text("variants:\n  - [取組]\n", encoding="utf-8")
    monkeypatch.setattr("renkei_cli.paths.default_variants_path", lambda: broken)
    result = run("search", "空港")
    assert result.exit_code == 2
    assert result.stderr == f"{broken}:2:5: a variant group needs at least two spellings\n"
