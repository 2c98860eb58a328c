"""Placement ids and the variants people type for them."""

from __future__ import annotations

import re

import pytest

from renkei_cli.ids import canonical_id
from renkei_cli.model import Catalog


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("3-1-g-2", "3-1-g-2"),
        ("3(1)g2", "3-1-g-2"),
        ("3.1.g.2", "3-1-g-2"),
        ("3 1 g 2", "3-1-g-2"),
        ("３（１）ｇ２", "3-1-g-2"),
        ("３－１－Ｇ－２", "3-1-g-2"),
        ("1b6", "1-b-6"),
        ("1-B-06", "1-b-6"),
        (" 1.b.6 ", "1-b-6"),
    ],
)
def test_variants_are_accepted(typed: str, canonical: str) -> None:
    assert canonical_id(typed) == canonical


@pytest.mark.parametrize("typed", ["", "3", "1-b", "b-1-6", "1-bb-6", "1-b-6-x", "空港", "1;b;6"])
def test_non_ids_are_refused(typed: str) -> None:
    assert canonical_id(typed) is None


def test_every_id_is_shell_safe_and_canonical(catalog: Catalog) -> None:
    for placement in catalog.placements:
        assert re.fullmatch(r"[0-9a-z-]+", placement.id)
        assert canonical_id(placement.id) == placement.id
