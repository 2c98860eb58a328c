"""Script parity: a word of any title or name, typed in kanji, hiragana, katakana or romaji,
finds the same projects.

The words come from the data itself: each title and name is cut at its kana (particles and
okurigana, which its reading spells the same), and every stretch of kanji, Latin or digits
between them whose reading starts and ends at word boundaries of the reading is a word,
read as those reading words (福祉 ふくし, 地域公共交通 ちいきこうきょうこうつう). Its hiragana,
katakana and romaji forms are made from that reading. One-character words (力 of ブランド力)
are left out: kanji is found inside longer words (能力), which a reading, matched from word
starts, rightly does not mirror.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from renkei_cli.model import Catalog
from renkei_cli.romaji import romaji_to_hiragana
from renkei_cli.search import SearchIndex
from renkei_cli.textnorm import normalize
from renkei_cli.topics import load_topics
from renkei_cli.variants import load_variants

from .conftest import DATA

_KANA = re.compile(r"[ぁ-ゖァ-ヺー]")
_DROPPED = "・「」（）()、 　"  # symbols: readings have no sound for them
_ROMAJI = {
    **dict(zip("あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほ", [
        "a", "i", "u", "e", "o", "ka", "ki", "ku", "ke", "ko", "sa", "shi", "su", "se", "so",
        "ta", "chi", "tsu", "te", "to", "na", "ni", "nu", "ne", "no", "ha", "hi", "fu", "he",
        "ho",
    ], strict=True)),
    **dict(zip("まみむめもやゆよらりるれろわをがぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽ", [
        "ma", "mi", "mu", "me", "mo", "ya", "yu", "yo", "ra", "ri", "ru", "re", "ro", "wa",
        "wo", "ga", "gi", "gu", "ge", "go", "za", "ji", "zu", "ze", "zo", "da", "ji", "zu",
        "de", "do", "ba", "bi", "bu", "be", "bo", "pa", "pi", "pu", "pe", "po",
    ], strict=True)),
    "ぁ": "xa", "ぃ": "xi", "ぅ": "xu", "ぇ": "xe", "ぉ": "xo", "ゔ": "vu",
}  # fmt: skip
_SMALL_Y = {"ゃ": "a", "ゅ": "u", "ょ": "o"}
_SMALL_VOWEL = {"ぁ": "a", "ぃ": "i", "ぅ": "u", "ぇ": "e", "ぉ": "o"}


def to_katakana(kana: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in kana)


def to_romaji(kana: str) -> str:
    """Hepburn romaji of hiragana (ー repeats the vowel before it), as a person types it."""
    out: list[str] = []
    double = False
    for index, char in enumerate(kana):
        if char == "っ":
            double = True
            continue
        if char in _SMALL_Y and out:
            previous = out.pop()
            stem = previous[:-1] if previous[:-1] in ("sh", "ch", "j") else previous[:-1] + "y"
            syllable = stem + _SMALL_Y[char]
        elif char in _SMALL_VOWEL and out:  # でぃ dhi, ふぁ fa, うぇ we
            previous = out.pop()
            stem = previous[0] + "h" if previous in ("te", "de") else previous[:-1]
            syllable = (stem or "w") + _SMALL_VOWEL[char]
        elif char == "ん":
            following = kana[index + 1 : index + 2]
            syllable = "n'" if following and following in "あいうえおやゆよ" else "n"
        elif char == "ー":
            syllable = out[-1][-1] if out else ""
        else:
            syllable = _ROMAJI[char]
        if double and syllable:
            syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
            double = False
        out.append(syllable)
    return "".join(out)


def _words_of(surface: str, reading: str | None) -> list[tuple[str, str]]:
    """(kanji word, its reading) for each stretch between kana whose reading is whole words."""
    if not reading:
        return []
    text = "".join(c for c in surface if c not in _DROPPED)
    text = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)
    parts = re.split(r"([ぁ-ゖー]+)", text)  # odd items: kana anchors
    pattern_lazy = "".join(
        re.escape(p) if i % 2 else ("(.+?)" if p else "") for i, p in enumerate(parts)
    )
    pattern_greedy = pattern_lazy.replace("(.+?)", "(.+)")
    joined = reading.replace(" ", "")
    lazy = re.fullmatch(pattern_lazy, joined)
    greedy = re.fullmatch(pattern_greedy, joined)
    if not lazy or not greedy or lazy.groups() != greedy.groups():
        return []  # ambiguous: no word can be told apart safely
    boundaries = {0}
    position = 0
    for word in reading.split():
        position += len(word)
        boundaries.add(position)
    words = []
    runs = [p for i, p in enumerate(parts) if i % 2 == 0 and p]
    for run, group in zip(runs, range(1, len(runs) + 1), strict=True):
        start, end = lazy.span(group)
        if start in boundaries and end in boundaries and len(run) > 1:
            words.append((run, joined[start:end]))
    return words


@cache
def _cases() -> list[tuple[str, str]]:
    from renkei_cli.loader import load_catalog

    catalog: Catalog = load_catalog(DATA)
    found: dict[str, str] = {}
    items = [(p.name, p.reading) for p in catalog.projects]
    items += [(t.title, t.reading) for t in (*catalog.areas, *catalog.fields, *catalog.initiatives)]
    items += [(p.theme, p.theme_reading) for p in catalog.placements if p.theme]
    for surface, reading in items:
        for word, kana in _words_of(surface or "", reading):
            found.setdefault(word, kana)
    return sorted(found.items())


@pytest.fixture(scope="module")
def index(catalog: Catalog) -> SearchIndex:
    return SearchIndex(catalog, load_variants(), topics=load_topics())


def test_the_words_cover_titles_and_names() -> None:
    words = dict(_cases())
    assert len(words) > 100
    assert words["福祉"] == "ふくし" and words["災害対策"] == "さいがいたいさく"
    assert words["地域公共交通"] == "ちいきこうきょうこうつう"


@pytest.mark.parametrize(("word", "kana"), _cases(), ids=[w for w, _ in _cases()])
def test_every_script_finds_what_kanji_finds(index: SearchIndex, word: str, kana: str) -> None:
    """Hiragana, katakana and romaji find the same projects, and every one kanji finds.

    Kana says less than kanji, so it may find more, but only where a name or its reading
    sounds like another word (広域化 こういきか is also the start of 広域観光 こういき かん…;
    高度 こうど, its vowel length folded, the start of the name's こども): never by a title.
    """

    def found(query: str) -> dict[str, str]:
        return {r.project.id: r.match.value for r in index.search(query).results}

    romaji = to_romaji(kana)
    assert normalize(romaji_to_hiragana(romaji) or "") == normalize(kana), romaji
    expected = found(word)
    assert expected, word
    forms = {form: found(form) for form in (kana, to_katakana(kana), romaji)}
    assert len({tuple(sorted(hits)) for hits in forms.values()}) == 1, forms
    hits = forms[kana]
    assert set(expected) <= set(hits)
    assert all(hits[extra] in ("name", "reading") for extra in set(hits) - set(expected)), hits
