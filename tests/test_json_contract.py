"""The `list --json` record is a contract: these keys, these types, none renamed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from renkei_cli.records import RECORD_KEYS

CONTRACT_KEYS = [
    "id",
    "name",
    "area",
    "area_title",
    "field",
    "field_title",
    "initiative",
    "initiative_title",
    "theme",
    "pages",
    "repost",
    "primary_id",
    "placements",
    "name_en",
    "area_title_en",
    "field_title_en",
    "initiative_title_en",
    "theme_en",
    "topics",
]


def test_record_keys_are_the_contract(run_json: Callable[..., Any]) -> None:
    assert list(RECORD_KEYS) == CONTRACT_KEYS
    for record in run_json("list"):
        assert list(record)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS


def test_a_repost_record_in_full(run_json: Callable[..., Any]) -> None:
    record = next(r for r in run_json("list", "-a", "1", "-i", "e") if r["id"] == "1-e-3")
    assert record == {
        "id": "1-e-3",
        "name": "北九州市U・Iターン応援プロジェクト",
        "area": 1,
        "area_title": "経済成長のけん引に係る取組",
        "field": None,
        "field_title": None,
        "initiative": "e",
        "initiative_title": "その他経済成長のけん引に係る施策",
        "theme": None,
        "pages": [30, 39],
        "repost": True,
        "primary_id": "3-2-e-2",
        "placements": ["1-e-3", "3-2-e-2"],
        "name_en": "Kitakyushu U-turn and I-turn support project",
        "area_title_en": "Initiatives for driving economic growth",
        "field_title_en": None,
        "initiative_title_en": "Other measures for driving economic growth",
        "theme_en": None,
        "topics": ["migration", "employment"],
    }


def test_a_themed_area3_primary_record(run_json: Callable[..., Any]) -> None:
    records = {r["id"]: r for r in run_json("list")}
    assert records["1-b-8"]["theme"] == "脱炭素社会の実現を目指す取組"
    assert records["1-b-8"]["placements"] == ["1-b-8", "3-1-g-5"]
    assert records["1-b-8"]["theme_en"] == "Initiatives aiming at the decarbonisation of society"
    assert records["3-1-g-5"]["theme"] is None  # the sub-heading belongs to 1-b only
    assert records["3-1-g-5"]["theme_en"] is None
    field_record = records["3-2-e-2"]
    assert field_record["field"] == 2
    assert field_record["field_title"] == "圏域内外の結びつきやネットワークの強化に係る政策分野"
    assert field_record["pages"] == [62, 65]
    assert field_record["repost"] is False and field_record["primary_id"] is None
