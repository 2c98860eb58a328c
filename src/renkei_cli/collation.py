"""The orders `list --sort` offers: document order (id), gojūon order (reading) and name.

Gojūon order (五十音順) is how a Japanese index sorts: by the hiragana reading, first with
voicing marks, small kana and the long-vowel mark folded (が sorts as か, ば and ぱ as は, っ as
つ, ー as the vowel before it), then, between readings equal so far,
plain before voiced before semi-voiced and small before large (the kana's code order), and
last in document order. A project without a reading sorts after every reading, by name.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from renkei_cli.model import Catalog, Placement


class SortOrder(str, enum.Enum):
    """What `list --sort` accepts."""

    ID = "id"  # document order, which is the order of the ids
    READING = "reading"  # gojūon order of the project's reading
    NAME = "name"  # the project's name, character by character (code point order)


_VOICING_MARKS = frozenset("\u3099\u309a")  # combining dakuten and handakuten
_SMALL_KANA = ("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ")
_VOWEL_ROWS = {
    "あ": "あかさたなはまやらわがざだばぱ",
    "い": "いきしちにひみりぎじぢびぴ",
    "う": "うくすつぬふむゆるぐずづぶぷ",
    "え": "えけせてねへめれげぜでべぺ",
    "お": "おこそとのほもよろをごぞどぼぽ",
}


def gojuon_key(reading: str) -> tuple[str, str]:
    """The sort key of a reading: (folded kana, kana as written); spaces and anything not
    kana are left out, so the word breaks of a reading do not count."""
    import unicodedata

    from renkei_cli.textnorm import katakana_to_hiragana

    kana = "".join(
        c
        for c in katakana_to_hiragana(unicodedata.normalize("NFKC", reading))
        if "\u3041" <= c <= "\u309f" or c == "ー"
    )
    plain = "".join(
        c for c in unicodedata.normalize("NFD", kana) if c not in _VOICING_MARKS
    ).translate(str.maketrans(*_SMALL_KANA))
    vowels = {kana: vowel for vowel, row in _VOWEL_ROWS.items() for kana in row}
    folded: list[str] = []
    for char in plain:
        folded.append(vowels.get(folded[-1], "ー") if char == "ー" and folded else char)
    return "".join(folded), kana


def sort_placements(
    catalog: Catalog, placements: list[Placement], order: SortOrder
) -> list[Placement]:
    """The placements in the chosen order; ties keep document order (sorting is stable)."""
    if order is SortOrder.ID:
        return list(placements)
    if order is SortOrder.NAME:
        return sorted(placements, key=lambda p: catalog.project_of(p).name)

    def by_reading(placement: Placement) -> tuple[bool, tuple[str, str], str]:
        project = catalog.project_of(placement)
        if project.reading is None:
            return True, ("", ""), project.name
        return False, gojuon_key(project.reading), ""

    return sorted(placements, key=by_reading)
