"""The project's English in the data: complete, consistent with the glossary, and validated.

The bundled file has English for every title, name and theme; data/glossary_en.yaml is
followed wherever its terms occur; and each rule of the loader's English validation has a
fixture in tests/fixtures/english/ with the exact located message a user sees.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import Result

from renkei_cli.english import english_text_problem, has_japanese
from renkei_cli.loader import load_catalog
from renkei_cli.model import Catalog

from .conftest import FIXTURES, ROOT

ENGLISH = FIXTURES / "english"
GLOSSARY = YAML(typ="safe").load((ROOT / "data" / "glossary_en.yaml").read_text(encoding="utf-8"))

# fixture -> the exact lines after `PATH:` on stderr.
EXPECTED: dict[str, list[str]] = {
    "invalid_missing.yaml": [
        "26:16: initiative title has no English: add 'title_en:' after it (the file has "
        "English, first at line 6, so every title, name and theme needs it)"
    ],
    "invalid_japanese.yaml": [
        "20:22: project name English (name_en) 'Business startup support project (創業支援)' "
        "has Japanese script '創': English only"
    ],
    "invalid_duplicate_name.yaml": [
        "22:22: English name 'Business Startup support project' is already the English of "
        "the project at line 20: each project needs its own"
    ],
    "invalid_theme.yaml": [
        "31:23: theme '脱炭素社会の実現を目指す取組' is 'Initiatives aiming at the "
        "decarbonisation of society' in English at line 24: one theme, one English"
    ],
    "invalid_repost.yaml": [
        "30:22: 'name_en' belongs on the project's primary listing, not on a repost"
    ],
    "invalid_style.yaml": [
        "12:15: area title English (title_en) 'Initiatives for driving economic growth.' "
        "ends with a period (titles and names have none)",
        "17:19: initiative title English (title_en) 'formulating an economic strategy' starts "
        "with 'f': sentence case starts with a capital",
        "20:22: project name English (name_en) 'Business \u2018startup\u2019 support project' "
        "has the non-ASCII character '\u2018': plain ASCII only",
        "27:19: initiative title English (title_en) 'Fostering  strategic industries' has a "
        "double space",
    ],
}


def _titles_and_names(catalog: Catalog) -> list[tuple[str, str, str | None]]:
    """(where, Japanese, English) of every title, name and theme of a catalog."""
    pairs: list[tuple[str, str, str | None]] = []
    pairs += [(f"area {a.key}", a.title, a.title_en) for a in catalog.areas]
    pairs += [(f"field {f.key}", f.title, f.title_en) for f in catalog.fields]
    pairs += [(f"initiative {i.key}", i.title, i.title_en) for i in catalog.initiatives]
    pairs += [(f"project {p.id}", p.name, p.name_en) for p in catalog.projects]
    pairs += [(f"theme of {p.id}", p.theme, p.theme_en) for p in catalog.placements if p.theme]
    return pairs


# -- the bundled data ------------------------------------------------------------------------


def test_every_title_name_and_theme_has_valid_english(catalog: Catalog) -> None:
    pairs = _titles_and_names(catalog)
    assert len(pairs) == 3 + 3 + 25 + 77 + 3  # three themed placements, one theme
    assert [where for where, _, english in pairs if not english] == []
    assert [
        (where, english)
        for where, _, english in pairs
        if english and (has_japanese(english) or english_text_problem(english))
    ] == []
    names = [p.name_en.casefold() for p in catalog.projects if p.name_en]
    assert len(set(names)) == len(names) == 77


def test_the_source_says_the_english_is_the_projects_own(catalog: Catalog) -> None:
    note = catalog.source.english_note or ""
    assert "unofficial translation by the renkei project" in note
    assert catalog.source.title_en and catalog.source.section_en


def test_every_placement_of_a_project_shares_its_english(catalog: Catalog) -> None:
    """A 【再掲】 has no English of its own: the project's name_en is shown for every placement."""
    from renkei_cli.records import placement_records

    records = placement_records(catalog, catalog.placements)
    by_project: dict[str, set[str]] = {}
    for record in records:
        by_project.setdefault(record["primary_id"] or record["id"], set()).add(record["name_en"])
    assert all(len(names) == 1 for names in by_project.values())


# -- the glossary ----------------------------------------------------------------------------


def test_the_glossary_is_well_formed() -> None:
    terms = GLOSSARY["terms"]
    assert len(terms) >= 80
    assert all(set(term) == {"ja", "en", "note"} for term in terms)
    assert all(str(term["note"]).strip() for term in terms)
    assert [t["ja"] for t in terms if has_japanese(str(t["en"]))] == []
    japanese = [t["ja"] for t in terms]
    assert len(set(japanese)) == len(japanese)


def _glossary_breaches(pairs: list[tuple[str, str, str | None]], terms: list[Any]) -> list[str]:
    """Where a glossary term occurs in Japanese but none of its English forms in the English;
    the longest term wins where terms overlap (上水道事業 over 事業)."""
    forms = {str(t["ja"]): [f.strip().casefold() for f in str(t["en"]).split(" / ")] for t in terms}
    longest_first = sorted(forms, key=len, reverse=True)
    breaches = []
    for where, japanese, english in pairs:
        taken = [False] * len(japanese)
        folded = (english or "").casefold()
        for term in longest_first:
            for match in re.finditer(re.escape(term), japanese):
                span = range(match.start(), match.end())
                if any(taken[i] for i in span):
                    continue
                for i in span:
                    taken[i] = True
                if not any(form in folded for form in forms[term]):
                    breaches.append(f"{where}: {term} not rendered in {english!r}")
    return breaches


def test_the_english_follows_the_glossary(catalog: Catalog) -> None:
    pairs = _titles_and_names(catalog)
    assert _glossary_breaches(pairs, GLOSSARY["terms"]) == []
    # The check does catch a breach: 研修 is "training", never anything else.
    broken = [(w, j, (e or "").replace("training", "courses")) for w, j, e in pairs]
    assert any("研修" in breach for breach in _glossary_breaches(broken, GLOSSARY["terms"]))


# -- validation ------------------------------------------------------------------------------


def test_the_english_fixture_base_is_valid() -> None:
    catalog = load_catalog(ENGLISH / "valid.yaml")
    assert catalog.has_english
    assert [p.theme_en for p in catalog.placements] == [
        None,
        "Initiatives aiming at the decarbonisation of society",
        "Initiatives aiming at the decarbonisation of society",
    ]


def test_every_english_fixture_has_its_expected_message() -> None:
    assert sorted(p.name for p in ENGLISH.glob("invalid_*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_refuses_english_fixture(run: Callable[..., Result], name: str) -> None:
    path = str(ENGLISH / name)
    result = run("validate", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"{path}:{line}" for line in EXPECTED[name]]


def test_a_file_without_any_english_is_valid(tmp_path: Path) -> None:
    catalog = load_catalog(FIXTURES / "valid" / "minimal.yaml")
    assert not catalog.has_english
    assert all(p.name_en is None for p in catalog.projects)
