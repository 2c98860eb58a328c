"""English search: words folded alike on both sides, and never mixed up with Japanese."""

from __future__ import annotations

import pytest

from renkei_cli.model import Catalog
from renkei_cli.search import MatchKind, SearchIndex
from renkei_cli.search.english import english_words, fold_word, query_words


@pytest.fixture(scope="module")
def index(catalog: Catalog) -> SearchIndex:
    return SearchIndex(catalog)


def _levels(index: SearchIndex, query: str) -> dict[str, str]:
    return {r.project.id: r.match.value for r in index.search(query).results}


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("decarbonisation", "decarbonization"),
        ("regionalise", "regionalize"),
        ("organisations", "organizations"),
        ("centre", "center"),
        ("centres", "centers"),
        ("programme", "program"),
        ("colour", "color"),
        ("analyse", "analyze"),
        ("travelling", "traveling"),
    ],
)
def test_british_and_american_spellings_fold_alike(british: str, american: str) -> None:
    assert fold_word(british) == fold_word(american)


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("airports", "airport"),
        ("facilities", "facility"),
        ("boxes", "box"),
        ("processes", "process"),
        ("services", "service"),
        ("cases", "case"),
        ("enterprises", "enterprise"),
        ("women", "woman"),
        ("children", "child"),
        ("people", "person"),
    ],
)
def test_plurals_fold_to_their_singular(plural: str, singular: str) -> None:
    assert fold_word(plural) == fold_word(singular)


def test_words_that_only_look_plural_are_kept() -> None:
    assert [fold_word(w) for w in ("business", "campus", "analysis", "your", "tour")] == [
        "business",
        "campus",
        "analysis",
        "your",
        "tour",
    ]


def test_hyphens_and_apostrophes_split_words() -> None:
    assert english_words("Higashi-Kyushu") == ["higashi", "kyushu"]
    assert english_words("Children's culture") == ["child", "s", "culture"]


def test_only_plain_ascii_terms_are_english() -> None:
    assert query_words("Airports") == ("airport",)
    assert query_words("空港") is None
    assert query_words("ｇｘ") == ("gx",)  # full-width Latin is Latin after NFKC
    assert query_words("くうこう") is None
    assert query_words("123") is None  # no letter: nothing English to match


def test_airport_is_english_kuukou_and_kokura_stay_romaji(index: SearchIndex) -> None:
    assert _levels(index, "airport") == {"1-c-1": "english", "2-d-1": "english", "2-d-2": "english"}
    assert _levels(index, "kuukou") == {"1-c-1": "reading", "2-d-1": "reading", "2-d-2": "reading"}
    assert _levels(index, "kokura") == {"2-b-3": "reading"}  # also "Kokura" in its English name


def test_a_japanese_query_never_reaches_english(index: SearchIndex) -> None:
    for query in ("空港", "福祉", "研修", "センター"):
        kinds = {r.match for r in index.search(query).results}
        assert kinds and MatchKind.ENGLISH not in kinds


def test_a_name_ranks_above_a_title(index: SearchIndex) -> None:
    results = index.search("decarbonization").results
    assert [r.project.id for r in results] == ["1-b-5", "1-b-6", "1-b-7", "1-b-8"]
    assert results[0].terms[0].detail is None  # in the name
    assert results[1].terms[0].detail == "Initiatives aiming at the decarbonisation of society"
    assert results[0].score > results[1].score


def test_english_and_japanese_words_combine(index: SearchIndex) -> None:
    assert _levels(index, "北九州 airport") == {"2-d-1": "name", "1-c-1": "name", "2-d-2": "name"}
    assert sorted(_levels(index, "kitakyushu airport")) == ["1-c-1", "2-d-1", "2-d-2"]
    assert _levels(index, "airport training") == {}
