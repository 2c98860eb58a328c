"""Tests for renkei_cli.textnorm: the search keys that both sides of a match use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from renkei_cli.textnorm import (
    fold_kana_variants,
    fold_long_vowels,
    is_kana_key,
    katakana_to_hiragana,
    matches_word_start,
    normalize,
    normalize_many,
    reading_segments,
    segment_starts,
    split_terms,
    strip_punctuation,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "initiatives.yaml"
READING_LINE = re.compile(r"^\s*reading: (.*)$")
VALID_READING = re.compile(r"^[\u3041-\u3096ー]+(?: [\u3041-\u3096ー]+)*$")


def data_readings() -> list[str]:
    """Return every reading recorded in data/initiatives.yaml."""
    lines = DATA.read_text(encoding="utf-8").splitlines()
    return [m.group(1) for line in lines if (m := READING_LINE.match(line))]


# --- normalize: width, case, script, punctuation ---


@pytest.mark.parametrize("text", ["GX", "gx", "ＧＸ", "ｇｘ", "Gx", " G X "])
def test_latin_width_and_case_fold_to_one_key(text: str) -> None:
    """Full-width, half-width, upper and lower case Latin letters give one key."""
    assert normalize(text) == "gx"


@pytest.mark.parametrize("text", ["クウコウ", "ｸｳｺｳ", "くうこう", "くこう", "クーコー", "くうこー"])
def test_kana_width_script_and_length_fold_to_one_key(text: str) -> None:
    """Half-width katakana, katakana, hiragana and long/short vowels give one key."""
    assert normalize(text) == normalize("くうこう") == "くこ"


def test_katakana_loanword_with_latin_matches_hiragana_spelling() -> None:
    """スペースLABO and すぺーすlabo are one key."""
    assert normalize("スペースLABO") == normalize("すぺーすlabo") == "すぺすlabo"
    assert normalize("ｽﾍﾟｰｽＬＡＢＯ") == normalize("スペースLABO")


def test_kanji_pass_through_unchanged() -> None:
    """Kanji are not altered (only width, case, kana and punctuation are)."""
    assert normalize("北九州空港") == "北九州空港"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("北九州市U・Iターン", "北九州市uiたん"),
        ("「小倉・黒崎」エリア", "小倉黒崎えりあ"),
        (
            "北九州ポップカルチャーフェスティバル（KPF）",
            "北九州ぽっぷかるちゃふぇすてぃばるkpf",
        ),
        ("『赤ちゃんの駅』【再掲】", "赤ちゃんの駅再掲"),
        ("検討、協議。", "検討協議"),
        ("a,b.c-d/e", "abcde"),
        ("北九州\u3000空港\t 事業\n", "北九州空港事業"),
        ("～連携~", "連携"),
    ],
)
def test_punctuation_and_whitespace_removed(text: str, expected: str) -> None:
    """・「」（）『』【】、。,.-/ and all whitespace disappear from the key."""
    assert normalize(text) == expected


def test_strip_punctuation_keeps_letters_kana_and_long_mark() -> None:
    """ー is a letter (Lm), not punctuation: it is kept for fold_long_vowels."""
    assert strip_punctuation("ス・ペ ース（LABO）") == "スペースLABO"


def test_katakana_to_hiragana_covers_small_kana_and_vu() -> None:
    """Every katakana letter with a hiragana twin is mapped, ー is kept."""
    assert (
        katakana_to_hiragana("ァィゥェォッャュョヮヴヵヶヽヾー")
        == "ぁぃぅぇぉっゃゅょゎゔゕゖゝゞー"
    )
    assert katakana_to_hiragana("ABC漢字") == "ABC漢字"


def test_normalize_is_idempotent_on_data_names() -> None:
    """Normalising a key again changes nothing."""
    for text in [
        "北九州市科学館スペースLABO運営事業",
        "くうこう",
        "ＧＸ推進",
        "ｷﾀｷｭｳｼｭｳ",
    ]:
        key = normalize(text)
        assert normalize(key) == key


# --- fold_long_vowels ---


@pytest.mark.parametrize(
    ("long", "short"),
    [
        ("くうこう", "くこ"),
        ("くこう", "くこ"),
        ("きゅう", "きゅ"),
        ("きたきゅうしゅう", "きたきゅしゅ"),
        ("おおさか", "おさか"),
        ("とおり", "とり"),
        ("ちょう", "ちょ"),
        ("おかあさん", "おかさん"),
        ("おにいさん", "おにさん"),
        ("けいかく", "けかく"),
        ("ねえさん", "ねさん"),
        ("すぺーす", "すぺす"),
        ("こうう", "こ"),
    ],
)
def test_fold_long_vowels(long: str, short: str) -> None:
    """Long-vowel spellings and their short forms map to the short form."""
    assert fold_long_vowels(long) == short
    assert fold_long_vowels(short) == short


@pytest.mark.parametrize(
    "text",
    ["かい", "あう", "いう", "しお", "まえ", "ふえ", "かお", "んう", "っう", "ふぃ"],
)
def test_fold_long_vowels_keeps_vowels_that_do_not_lengthen(text: str) -> None:
    """A vowel of another row (かい, いう) or after ん/っ is a syllable of its own."""
    assert fold_long_vowels(text) == text


def test_fold_long_vowels_ignores_vowels_after_non_kana() -> None:
    """After kanji or Latin letters a kana vowel is never dropped."""
    assert fold_long_vowels("漢うお") == "漢うお"
    assert fold_long_vowels("aあ") == "aあ"


def test_fold_kana_variants() -> None:
    """づ/ず, ぢ/じ, を/お fold, so machizukuri (まちずくり) finds まちづくり."""
    assert fold_kana_variants("まちづくり") == "まちずくり"
    assert fold_kana_variants("ちぢむ") == "ちじむ"
    assert normalize("ヲ") == normalize("お")
    assert normalize("まちづくり") == normalize("まちずくり")


# --- terms, segments and word-start matching ---


def test_split_terms_splits_on_ascii_and_ideographic_space() -> None:
    """Both space kinds separate terms; each term is normalised; empty terms vanish."""
    assert split_terms("北九州　空港 ") == ("北九州", "空港")
    assert split_terms("ＧＸ  くうこう") == ("gx", "くこ")
    assert split_terms(" ・ ") == ()


def test_reading_segments_normalise_each_segment() -> None:
    """Segments are split on spaces and each one folded."""
    assert reading_segments("きたきゅうしゅう くうこう の ぶつりゅう きょてん か") == (
        "きたきゅしゅ",
        "くこ",
        "の",
        "ぶつりゅ",
        "きょてん",
        "か",
    )


def test_segment_starts() -> None:
    """Offsets are cumulative segment lengths."""
    assert segment_starts(("きたきゅしゅ", "くこ", "の")) == (0, 6, 8)
    assert segment_starts(()) == ()


def test_word_start_match_does_not_begin_inside_a_word() -> None:
    """くこう must not match inside みりょく こうじょう, but こうじょう must match."""
    segments = reading_segments("みりょく こうじょう")
    assert not matches_word_start(normalize("くこう"), segments)
    assert matches_word_start(normalize("こうじょう"), segments)
    assert matches_word_start(normalize("みりょく"), segments)


def test_word_start_match_may_run_over_segments() -> None:
    """A query may span several segments as long as it starts at one."""
    segments = reading_segments("きたきゅうしゅう くうこう の ぶつりゅう きょてん か")
    assert matches_word_start(normalize("きたきゅうしゅうくうこう"), segments)
    assert matches_word_start(normalize("クウコウ"), segments)
    assert matches_word_start(normalize("くこう"), segments)
    assert matches_word_start(normalize("くうこうのぶつりゅう"), segments)
    assert not matches_word_start(normalize("たきゅうしゅう"), segments)
    assert not matches_word_start("", segments)


def test_is_kana_key() -> None:
    """Only all-hiragana keys are matched against readings."""
    assert is_kana_key(normalize("クウコウ"))
    assert not is_kana_key(normalize("空港"))
    assert not is_kana_key(normalize("GX"))
    assert is_kana_key("ぁゖ")  # the first and last hiragana of the block are kana too
    assert not is_kana_key("")


# --- the readings in the data ---


def test_every_data_reading_is_valid_and_normalisable() -> None:
    """All 108 readings (77 names, 31 titles) are hiragana/ー segments with single spaces,
    and fold cleanly."""
    readings = data_readings()
    assert len(readings) == 77 + 3 + 3 + 25
    for reading in readings:
        assert VALID_READING.match(reading), reading
        assert all(reading_segments(reading)), reading


def test_data_reading_word_starts() -> None:
    """Real readings: くこう finds the three airport projects, not こうじょう ones."""
    readings = data_readings()
    airport = [r for r in readings if matches_word_start(normalize("くこう"), reading_segments(r))]
    assert len(airport) == 3
    assert all("くうこう" in r for r in airport)
    kokura = [r for r in readings if matches_word_start(normalize("こくら"), reading_segments(r))]
    assert kokura == ["こくら くろさき えりあ の かち こうじょう じぎょう"]
    onga = [r for r in readings if matches_word_start(normalize("おんが"), reading_segments(r))]
    assert len(onga) == 1 and onga[0].startswith("おんががわ")


# --- the fast forms against the per-character specification ---

_REFERENCE_LENGTHENS = {"あ": "a", "い": "ie", "う": "uo", "え": "e", "お": "o"}
_REFERENCE_VOWEL_OF = {
    kana: vowel
    for vowel, kanas in {
        "a": "あかさたなはまやらわがざだばぱぁゃゎゕ",
        "i": "いきしちにひみりぎじぢびぴぃゐ",
        "u": "うくすつぬふむゆるぐずづぶぷぅゅゔ",
        "e": "えけせてねへめれげぜでべぺぇゑゖ",
        "o": "おこそとのほもよろをごぞどぼぽぉょ",
    }.items()
    for kana in kanas
}


def reference_fold_long_vowels(text: str) -> str:
    """The loop fold_long_vowels's docstring describes, kept here as its specification."""
    out: list[str] = []
    previous: str | None = None
    for ch in text:
        if ch == "ー":
            continue
        if previous is not None and previous in _REFERENCE_LENGTHENS.get(ch, ""):
            continue
        out.append(ch)
        previous = _REFERENCE_VOWEL_OF.get(ch)
    return "".join(out)


def reference_normalize(text: str) -> str:
    """normalize as the module docstring's six steps, one function after the other."""
    import unicodedata

    text = unicodedata.normalize("NFKC", text).casefold()
    text = strip_punctuation(katakana_to_hiragana(text))
    return reference_fold_long_vowels(fold_kana_variants(text))


KANA_HEAVY = st.text(
    alphabet=st.sampled_from(
        "あいうえおかきくけこしちゃゅょぁぃぅぇぉっんーアイウエオカキクケコャュョッンーヴヲヰヱ"
        "づぢをゐゑゔ"
    ),
    max_size=30,
)
ANY_TEXT = st.text(max_size=30)
MIXED_TEXT = st.text(
    alphabet=st.sampled_from("北九州空港ｶﾞｸｳｺｰ・「」（） 　ＡＢａｂ１２ÅﬁßΣσς~\t\n\u3099\ufffc"),
    max_size=30,
)


DENSE = st.text(alphabet=st.sampled_from("かきくけこあいうえおーんゃ漢"), max_size=8)


@given(st.one_of(DENSE, KANA_HEAVY, ANY_TEXT, MIXED_TEXT))
@example("かーあ")
@example("けーいえ")
@example("こおうお")
@example("きゃあいう")
@example("ーあ")
def test_fast_fold_long_vowels_meets_the_definition(text: str) -> None:
    """Both forms (loop for short text, one regex for long) fold as defined, checked as
    properties of input and output rather than against another loop:
    the output is the input without ー and without some vowel kana (never anything else);
    each dropped vowel is lengthened by the vowel of the last kana kept before it; and no
    kept vowel is lengthened by the kana kept just before it."""
    from renkei_cli.textnorm import _fold_long_vowels_loop, _fold_long_vowels_regex

    for sample in (text, katakana_to_hiragana(text)):
        folded = {_fold_long_vowels_loop(sample), _fold_long_vowels_regex(sample)}
        folded.add(fold_long_vowels(sample))
        assert len(folded) == 1
        assert_folds_as_defined(sample, folded.pop())
    long = katakana_to_hiragana(text) * (2048 // max(len(text), 1) + 1)
    assert_folds_as_defined(long, fold_long_vowels(long))


def _lengthens(before: str | None, vowel: str) -> bool:
    """Tell whether the kana `before` ends in a vowel that the vowel kana `vowel` lengthens."""
    carried = _REFERENCE_VOWEL_OF.get(before or "")
    return carried is not None and carried in _REFERENCE_LENGTHENS.get(vowel, "")


def assert_folds_as_defined(text: str, folded: str) -> None:
    kept = 0  # how many characters of `folded` the walk over `text` has matched
    last_kept: str | None = None
    for char in text:
        if kept < len(folded) and folded[kept] == char and char != "ー":
            if char in _REFERENCE_LENGTHENS:
                assert not _lengthens(last_kept, char), (text, folded)  # kept, but lengthened
            kept += 1
            last_kept = char
        else:
            assert char == "ー" or _lengthens(last_kept, char), (text, folded)  # wrongly dropped
    assert kept == len(folded), (text, folded)  # nothing added, nothing reordered


@given(st.one_of(DENSE, KANA_HEAVY, ANY_TEXT, MIXED_TEXT))
def test_fast_normalize_is_the_six_steps(text: str) -> None:
    """The cached-translate normalize gives what the six steps give, for any text."""
    assert normalize(text) == reference_normalize(text)


@given(st.lists(st.one_of(KANA_HEAVY, ANY_TEXT, MIXED_TEXT), max_size=8))
def test_normalize_many_is_normalize_of_each(texts: list[str]) -> None:
    """One pass over many texts gives each text's own key (U+FFFC inside a text too)."""
    assert normalize_many(texts) == [normalize(text) for text in texts]
