"""Line breaking: display width, kinsoku, phrase boundaries, folding what is too wide."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from renkei_cli.linebreak import char_width, line_spans, plain_boundaries, text_width, wrap

# The kinsoku sets, written out here rather than imported, so the test checks them.
NO_START = set(
    "、。，．・：；？！ー）］｝〕〉》」』】ゝゞ々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
NO_END = set("（［｛〔〈《「『【")


def test_wide_characters_take_two_cells() -> None:
    assert text_width("abc") == 3
    assert text_width("連携事業") == 8
    assert text_width("ＡＢ") == 4  # fullwidth
    assert text_width("ｱｲ") == 2  # halfwidth katakana
    assert char_width("\u0301") == 0  # a combining accent


def test_text_that_fits_is_one_line() -> None:
    assert wrap("創業支援事業", 12, []) == ["創業支援事業"]


def test_breaks_fall_on_the_given_boundaries() -> None:
    # 自分らしく|歩む|女性たちの|ストーリー発信事業
    text = "自分らしく歩む女性たちのストーリー発信事業"
    lines = wrap(text, 30, [5, 7, 12])
    assert lines == ["自分らしく歩む女性たちの", "ストーリー発信事業"]


def test_english_breaks_at_spaces_and_drops_them() -> None:
    assert wrap("several matches list the candidates", 20) == [
        "several matches list",
        "the candidates",
    ]


def test_no_line_starts_with_a_closing_bracket_or_small_kana() -> None:
    # Folding by character alone would start a line with ー, ッ or 」.
    for text in ("北九州市高齢者就業支援センター", "スタートアップ", "「プラン」及び"):
        for width in range(4, text_width(text)):
            lines = wrap(text, width, [])
            assert "".join(lines) == text
            assert all(line[0] not in NO_START for line in lines[1:]), (width, lines)
            assert all(line[-1] not in NO_END for line in lines[:-1]), (width, lines)


def test_a_boundary_against_kinsoku_is_not_used() -> None:
    # A boundary before 」 would start a line with it.
    text = "「中核機関」の共同利用"
    assert all(not line.startswith("」") for line in wrap(text, 10, [5, 6, 7]))


def test_a_phrase_wider_than_the_width_is_folded() -> None:
    lines = wrap("北九州市スタートアップエコシステムコンソーシアム事業", 20, [])
    assert all(text_width(line) <= 20 for line in lines)
    assert "".join(lines) == "北九州市スタートアップエコシステムコンソーシアム事業"


def test_plain_boundaries_are_word_starts_and_script_changes() -> None:
    assert plain_boundaries("two words") == [4]
    assert plain_boundaries("空港のある") == []  # no change from hiragana to kanji
    assert 3 in plain_boundaries("くうこう空港"[1:])  # hiragana then kanji


@given(
    st.text(alphabet="あいうっャー、。「」（）漢字カナ ab", min_size=1, max_size=60),
    st.integers(min_value=2, max_value=30),
)
def test_every_line_fits_and_the_text_survives(text: str, width: int) -> None:
    spans = line_spans(text, width, plain_boundaries(text))
    for start, end in spans:
        piece = text[start:end]
        assert text_width(piece) <= width or len(piece) == 1
    # Only spaces are dropped, and only at breaks.
    kept = "".join(text[s:e] for s, e in spans)
    assert kept.replace(" ", "") == text.replace(" ", "")
