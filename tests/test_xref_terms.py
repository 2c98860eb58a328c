"""Shared terms, the method: found in the names, generic words set aside, weighted by specificity.

Most tests build a small catalog whose names are chosen to exercise one rule, so they test the
method rather than the bundled table; the last ones check the bundled table's well-known links.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from renkei_cli.loader import load_catalog
from renkei_cli.model import Catalog
from renkei_cli.records import show_record
from renkei_cli.xref import (
    ACTION_NOUNS,
    RELATED_LIMIT,
    build_terms,
    crosses_areas,
    links_across,
    related_projects,
    term_links,
    title_words,
)


def make_catalog(
    tmp_path: Path, initiatives: dict[str, list[str]], title: str = "架空市ビジョン"
) -> Catalog:
    """A one-area catalog: initiative letter -> project names, written as YAML and loaded."""
    lines = [
        "schema_version: 1",
        "source:",
        f"  title: {title}",
        "  section: V",
        "areas:",
        "  - number: 1",
        "    title: 試験の取組",
        "    pages: [1, 2]",
        "    initiatives:",
    ]
    for letter, names in initiatives.items():
        lines += [f"      - letter: {letter}", f"        title: 取組{letter}", "        projects:"]
        lines += [f"          - name: {name}" for name in names]
    path = tmp_path / "data.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_catalog(path)


def texts(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    return {term.text: term.project_ids for term in build_terms(catalog).terms}


def test_a_place_shared_across_initiatives_is_a_term(tmp_path: Path) -> None:
    catalog = make_catalog(
        tmp_path, {"a": ["架空空港の物流", "河川の清掃"], "b": ["架空空港の機能", "図書の貸出"]}
    )
    assert texts(catalog) == {"架空空港": ("1-a-1", "1-b-1")}


def test_a_string_in_a_fifth_of_the_initiatives_is_generic(tmp_path: Path) -> None:
    # 事務 is in 3 of 5 initiatives: generic. 港湾 is in 2 (the least a link needs): a term.
    catalog = make_catalog(
        tmp_path,
        {
            "a": ["港湾事務の整理", "河川の浚渫"],
            "b": ["図書事務の改善", "港湾の清掃"],
            "c": ["公園事務の監視"],
            "d": ["公園の管理"],
            "e": ["道路の補修"],
        },
    )
    index = build_terms(catalog)
    assert "事務" in index.generic and "港湾" not in index.generic
    assert {t.text: t.project_ids for t in index.terms} == {
        "港湾": ("1-a-1", "1-b-2"),
        "公園": ("1-c-1", "1-d-1"),
    }


def test_title_words_and_action_nouns_link_nothing(tmp_path: Path) -> None:
    # 架空 and 市圏 come from the title; 強化 and 促進 are action nouns; 河川 is a subject.
    catalog = make_catalog(
        tmp_path,
        {"a": ["架空市圏の強化", "河川の促進"], "b": ["架空市圏の機能強化", "河川の監視"]},
        title="架空市圏ビジョン",
    )
    assert "架空" in title_words("架空市圏ビジョン") and "市圏" in title_words("架空市圏ビジョン")
    assert {"強化", "促進"} <= set(ACTION_NOUNS)
    assert texts(catalog) == {"河川": ("1-a-2", "1-b-2")}


def test_a_string_only_inside_longer_terms_is_not_a_term(tmp_path: Path) -> None:
    # 自動車 occurs four times, but always within 自動車産業 or 東九州自動車道.
    catalog = make_catalog(
        tmp_path,
        {
            "a": ["自動車産業の振興", "東九州自動車道の要望"],
            "b": ["自動車産業の人材", "東九州自動車道の観光"],
        },
    )
    found = texts(catalog)
    assert found == {
        "東九州自動車道": ("1-a-2", "1-b-2"),
        "自動車産業": ("1-a-1", "1-b-1"),
    }


def test_a_term_is_shown_with_the_generic_words_around_it(tmp_path: Path) -> None:
    # 架空 (title) is cut away to find 空港, then restored: the term reads 架空空港.
    catalog = make_catalog(
        tmp_path, {"a": ["架空空港の物流"], "b": ["架空空港の機能"]}, title="架空ビジョン"
    )
    index = build_terms(catalog)
    assert "架空" in index.generic
    assert [t.text for t in index.terms] == ["架空空港"]


def test_the_shown_term_cuts_no_generic_word_in_two(tmp_path: Path) -> None:
    # 市町 is shared; the common context 域 belongs to 圏域 (generic) in one name and 流域
    # in the other, so the term stays 市町, not 域市町.
    catalog = make_catalog(
        tmp_path, {"a": ["圏域市町の会議"], "b": ["流域市町の避難"]}, title="圏域ビジョン"
    )
    assert texts(catalog) == {"市町": ("1-a-1", "1-b-1")}


def test_katakana_is_matched_as_whole_words_only(tmp_path: Path) -> None:
    # センター is a whole word in both names; マネジメント is part of ケアマネジメント.
    catalog = make_catalog(
        tmp_path,
        {
            "a": ["福祉センターの利用", "ケアマネジメントの研修"],
            "b": ["就業センター", "施設マネジメントの研究"],
        },
    )
    assert texts(catalog) == {"センター": ("1-a-1", "1-b-1")}


def test_rarer_and_longer_terms_weigh_more(tmp_path: Path) -> None:
    catalog = make_catalog(
        tmp_path,
        {
            "a": ["鉄道駅舎の改修", "文化の発信"],
            "b": ["鉄道駅舎の清掃", "文化の継承", "文化の保存"],
            "c": ["河川の監視"],
        },
    )
    index = build_terms(catalog)
    weights = {t.text: t.weight for t in index.terms}
    assert set(weights) == {"鉄道駅舎", "文化"}
    assert weights["鉄道駅舎"] > weights["文化"]
    assert [t.text for t in index.terms] == ["鉄道駅舎", "文化"]  # heaviest first
    culture = next(t for t in index.terms if t.text == "文化")
    assert culture.project_ids == ("1-a-2", "1-b-2", "1-b-3")


def test_show_lists_at_most_the_related_limit(tmp_path: Path) -> None:
    # Project 1-a-1 shares 鉄道駅舎 with 13 others in initiative b; 図書館 with one in c.
    catalog = make_catalog(
        tmp_path,
        {
            "a": ["鉄道駅舎と図書館の改修"],
            "b": [f"鉄道駅舎の清掃{n}" for n in "一二三四五六七八九十百千万"],
            "c": ["図書館の運営"],
        },
    )
    index = build_terms(catalog)
    every = related_projects(catalog, index, "1-a-1")
    assert len(every) == 14
    assert [r.project.id for r in related_projects(catalog, index, "1-a-1", limit=3)] == [
        r.project.id for r in every[:3]
    ]
    record = show_record(catalog, index, catalog.project("1-a-1"))
    assert len(record["related"]) == RELATED_LIMIT < len(every)
    assert record["related"][0]["id"] == every[0].project.id


def test_terms_come_from_names_not_readings(catalog: Catalog) -> None:
    """The bundled data has readings; without them the terms are the same."""
    bare = dataclasses.replace(
        catalog,
        projects=tuple(dataclasses.replace(p, reading=None) for p in catalog.projects),
    )
    assert build_terms(bare).terms == build_terms(catalog).terms


# -- the bundled table ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> tuple[Catalog, dict[str, tuple[str, ...]]]:
    catalog = load_catalog()
    return catalog, {t.text: t.project_ids for t in build_terms(catalog).terms}


@pytest.mark.parametrize(
    ("term", "projects"),
    [
        ("北九州空港", ("1-c-1", "2-d-1", "2-d-2")),
        ("東九州自動車道", ("1-d-3", "3-2-c-2")),
        ("自動車産業", ("1-b-3", "2-c-1")),
        ("就業支援", ("3-1-e-1", "3-1-e-4", "3-1-e-8")),
        ("首都圏", ("1-e-4", "3-2-e-3")),
    ],
)
def test_the_known_links_of_the_table(
    bundled: tuple[Catalog, dict[str, tuple[str, ...]]], term: str, projects: tuple[str, ...]
) -> None:
    assert bundled[1][term] == projects


@pytest.mark.parametrize(
    "word", ["事業", "推進", "連携", "圏域", "北九州", "北九州市", "支援", "強化"]
)
def test_near_universal_words_are_no_terms(
    bundled: tuple[Catalog, dict[str, tuple[str, ...]]], word: str
) -> None:
    assert word not in bundled[1]
    assert word in build_terms(bundled[0]).generic


def test_the_network_links_different_initiatives_only(catalog: Catalog) -> None:
    index = build_terms(catalog)
    network = term_links(catalog, index)
    assert network and all(links_across(catalog, term) for term in network)
    everything = term_links(catalog, index, within=True)
    assert len(everything) == len(index.terms) > len(network)
    inside = {t.text for t in everything} - {t.text for t in network}
    assert "就業支援" in inside  # three projects, all in 3-1-e
    assert [t.weight for t in network] == sorted((t.weight for t in network), reverse=True)


def test_the_top_links_cross_areas(catalog: Catalog) -> None:
    top = term_links(catalog, build_terms(catalog))[:3]
    assert [t.text for t in top] == ["東九州自動車道", "自動車産業", "北九州空港"]
    assert all(crosses_areas(catalog, t) for t in top)


def test_related_is_symmetric_and_ordered(catalog: Catalog) -> None:
    index = build_terms(catalog)
    for project in catalog.projects:
        related = related_projects(catalog, index, project.id)
        keys = [(not r.across_areas, -r.score) for r in related]
        assert keys == sorted(keys), project.id
        for item in related:
            back = {r.project.id: r for r in related_projects(catalog, index, item.project.id)}
            assert project.id in back
            assert back[project.id].shared == item.shared
