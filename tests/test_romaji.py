"""Tests for renkei_cli.romaji: romaji queries reach the hiragana readings."""

from __future__ import annotations

import pytest

from renkei_cli.romaji import romaji_to_hiragana
from renkei_cli.textnorm import fold_long_vowels, normalize


def key(romaji: str) -> str:
    """Convert romaji and normalise it, failing the test if it is not romaji."""
    kana = romaji_to_hiragana(romaji)
    assert kana is not None, romaji
    return fold_long_vowels(normalize(kana))


@pytest.mark.parametrize(
    "romaji",
    [
        "kuukou",
        "kukou",
        "kūkō",
        "kûkô",
        "ku^ko^",
        "kuukoo",
        "KUUKOU",
        "ｋｕｕｋｏｕ",
        "kuko",
    ],
)
def test_airport_spellings_reach_kuukou(romaji: str) -> None:
    """Every way of typing 空港 gives the key of くうこう."""
    assert key(romaji) == normalize("くうこう")


@pytest.mark.parametrize("romaji", ["kitakyushu", "kitakyuushuu", "Kitakyūshū", "kita-kyushu"])
def test_kitakyushu_spellings(romaji: str) -> None:
    """Both kitakyushu and kitakyuushuu give the key of きたきゅうしゅう."""
    assert key(romaji) == normalize("きたきゅうしゅう")


@pytest.mark.parametrize(
    ("romaji", "kana"),
    [
        ("kuukou", "くうこう"),
        ("kūkō", "くうこう"),
        ("kokura", "こくら"),
        ("onga", "おんが"),
        ("ongagawa", "おんががわ"),
        ("orio", "おりお"),
        ("kurosaki", "くろさき"),
        ("chikuhou", "ちくほう"),
        ("shimonoseki", "しものせき"),
        ("himawari", "ひまわり"),
        ("kanshiki", "かんしき"),
    ],
)
def test_exact_conversion(romaji: str, kana: str) -> None:
    """Plain Hepburn converts kana for kana."""
    assert romaji_to_hiragana(romaji) == kana


@pytest.mark.parametrize(
    ("hepburn", "kunrei", "kana"),
    [
        ("shi", "si", "し"),
        ("chi", "ti", "ち"),
        ("tsu", "tu", "つ"),
        ("fu", "hu", "ふ"),
        ("ji", "zi", "じ"),
        ("sha", "sya", "しゃ"),
        ("shu", "syu", "しゅ"),
        ("sho", "syo", "しょ"),
        ("cha", "tya", "ちゃ"),
        ("chu", "tyu", "ちゅ"),
        ("cho", "tyo", "ちょ"),
        ("ja", "zya", "じゃ"),
        ("ju", "zyu", "じゅ"),
        ("jo", "zyo", "じょ"),
    ],
)
def test_hepburn_and_kunrei_agree(hepburn: str, kunrei: str, kana: str) -> None:
    """Hepburn and kunrei spellings of a syllable give the same kana."""
    assert romaji_to_hiragana(hepburn) == kana
    assert romaji_to_hiragana(kunrei) == kana


def test_jya_and_cya_ime_spellings() -> None:
    """IME-style jya and cya are accepted as じゃ and ちゃ."""
    assert romaji_to_hiragana("jya") == "じゃ"
    assert romaji_to_hiragana("cya") == "ちゃ"


@pytest.mark.parametrize(
    ("romaji", "kana"),
    [
        ("kanpai", "かんぱい"),
        ("kampai", "かんぱい"),
        ("shinbun", "しんぶん"),
        ("shimbun", "しんぶん"),
        ("kenkyuu", "けんきゅう"),
        ("kenkyū", "けんきゅう"),
        ("hon", "ほん"),
        ("kon'ya", "こんや"),
        ("konnya", "こんにゃ"),
        ("konya", "こにゃ"),
        ("konnichiwa", "こんにちわ"),
        ("honn", "ほん"),
        ("kan'i", "かんい"),
        ("kan-i", "かんい"),
        ("onna", "おんな"),
    ],
)
def test_syllabic_n(romaji: str, kana: str) -> None:
    """An n before a consonant or at the end, n', nn, Hepburn m before b/m/p are ん."""
    assert romaji_to_hiragana(romaji) == kana


@pytest.mark.parametrize(
    ("romaji", "kana"),
    [
        ("kitte", "きって"),
        ("zasshi", "ざっし"),
        ("matcha", "まっちゃ"),
        ("maccha", "まっちゃ"),
        ("happyou", "はっぴょう"),
        ("ekkusu", "えっくす"),
    ],
)
def test_double_consonants_become_sokuon(romaji: str, kana: str) -> None:
    """A doubled consonant (and Hepburn tch) is written っ."""
    assert romaji_to_hiragana(romaji) == kana


@pytest.mark.parametrize(
    ("marked", "doubled"),
    [
        ("ā", "aa"),
        ("ī", "ii"),
        ("ū", "uu"),
        ("ē", "ee"),
        ("ō", "ou"),
        ("ô", "ou"),
        ("o^", "ou"),
    ],
)
def test_macrons_and_circumflexes_are_long_vowels(marked: str, doubled: str) -> None:
    """Marked vowels are written as two kana, like their doubled spelling."""
    assert romaji_to_hiragana("k" + marked) == romaji_to_hiragana("k" + doubled)


def test_doubled_and_ou_spellings_fold_together() -> None:
    """oo, ou, oh and o are one key after folding (ōno, oono, ohno, ono)."""
    keys = {key(r) for r in ["ōno", "oono", "ouno", "ohno", "ono"]}
    assert keys == {normalize("おの")}


def test_machizukuri_finds_machidukuri() -> None:
    """Hepburn zu for づ reaches まちづくり via the kana-variant fold."""
    assert key("machizukuri") == normalize("まちづくり")
    assert key("machidukuri") == normalize("まちづくり")


def test_words_stay_separate() -> None:
    """Whitespace-separated words stay separate terms."""
    assert romaji_to_hiragana("kitakyushu  kuukou") == "きたきゅしゅ くうこう"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "GX",
        "gx",
        "DX",
        "KPF",
        "LABO",
        "LAB0",
        "space",
        "taxi",
        "北九州",
        "くうこう",
        "kuukou空港",
        "123",
        "k",
        "kuukouk",
        "^",
    ],
)
def test_not_romaji_returns_none(text: str) -> None:
    """Kana, kanji, digits, abbreviations and unparseable clusters are not romaji."""
    assert romaji_to_hiragana(text) is None


def test_output_is_plain_hiragana() -> None:
    """The result is hiragana (and spaces) only, with long vowels not yet folded."""
    kana = romaji_to_hiragana("kūkō fesuthibaru vu")
    assert kana == "くうこう ふぇすてぃばる ゔ"
    assert all("\u3041" <= ch <= "\u309f" or ch == " " for ch in kana)
