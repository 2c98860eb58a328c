"""Search-key normalisation: one key for the many ways a word can be typed.

Pure standard library and cheap to import, since every CLI call loads it.

`normalize` applies, in this order:

1. NFKC: full-width ASCII to ASCII (ＧＸ -> GX), half-width katakana to
   full-width (ｸｳｺｳ -> クウコウ), compatibility characters decomposed.
2. casefold: GX, gx and ｇｘ become one.
3. katakana to hiragana (ァ-ヶ, ヽヾ), so クウコウ is くうこう.
4. removal of punctuation, whitespace and control characters: every character
   of Unicode category P* (・「」（）『』【】、。,.-/ ...), Z* and C*, plus ~.
5. `fold_kana_variants`: づ->ず, ぢ->じ, を->お, ゐ->い, ゑ->え (kana that romaji and
   everyday spelling do not tell apart: まちづくり is typed machizukuri).
6. `fold_long_vowels` (see there): くうこう, くこう and くーこー all become くこ.

Apply the same function to both sides of a match. Readings are matched per word
segment (`reading_segments`, `matches_word_start`) so that a query has to start at
the beginning of a word: くこう must not match inside みりょく こうじょう.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = [
    "fold_kana_variants",
    "fold_long_vowels",
    "is_kana_key",
    "katakana_to_hiragana",
    "matches_word_start",
    "normalize",
    "reading_segments",
    "segment_starts",
    "split_terms",
    "strip_punctuation",
]

_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
_KATAKANA_TO_HIRAGANA.update({0x30FD: 0x309D, 0x30FE: 0x309E})  # ヽヾ -> ゝゞ

_KANA_VARIANTS = str.maketrans({"づ": "ず", "ぢ": "じ", "を": "お", "ゐ": "い", "ゑ": "え"})

_EXTRA_REMOVED = frozenset("~")

# The vowel each hiragana ends in; kana not listed (ん, っ, ー) and non-kana have none.
_ROWS = {
    "a": "あかさたなはまやらわがざだばぱぁゃゎゕ",
    "i": "いきしちにひみりぎじぢびぴぃゐ",
    "u": "うくすつぬふむゆるぐずづぶぷぅゅゔ",
    "e": "えけせてねへめれげぜでべぺぇゑゖ",
    "o": "おこそとのほもよろをごぞどぼぽぉょ",
}
_VOWEL_OF = {kana: vowel for vowel, kanas in _ROWS.items() for kana in kanas}

# Full-size vowel kana dropped after a kana ending in one of these vowels.
_LENGTHENS = {
    "あ": frozenset("a"),
    "い": frozenset("ie"),
    "う": frozenset("uo"),
    "え": frozenset("e"),
    "お": frozenset("o"),
}

_LONG_MARK = "ー"


def katakana_to_hiragana(text: str) -> str:
    """Map katakana to hiragana so that both scripts give one key."""
    return text.translate(_KATAKANA_TO_HIRAGANA)


def strip_punctuation(text: str) -> str:
    """Drop punctuation, spaces and control characters (categories P*, Z*, C*; ~)."""
    return "".join(
        ch for ch in text if unicodedata.category(ch)[0] not in "PZC" and ch not in _EXTRA_REMOVED
    )


def fold_kana_variants(text: str) -> str:
    """Fold kana that romaji cannot tell apart: づ/ず, ぢ/じ, を/お, ゐ/い, ゑ/え."""
    return text.translate(_KANA_VARIANTS)


def fold_long_vowels(text: str) -> str:
    """Map long and short vowel spellings of hiragana to one key.

    Folds exactly these, left to right:
    - ー is removed everywhere (すぺーす -> すぺす).
    - あ is removed after a kana ending in a (ああ, かあ, ゃあ).
    - い is removed after a kana ending in i or e (いい, きい; えい, けい, せい).
    - う is removed after a kana ending in u or o (うう, くう, ゅう; おう, こう, ょう).
    - え is removed after a kana ending in e (ええ, ねえ).
    - お is removed after a kana ending in o (おお, とお, ょお).
    A removed kana does not change the vowel that is carried on, so こうう -> こ.
    Only hiragana is touched: run it after katakana_to_hiragana. Small kana count
    with their vowel (ゃ a, ゅ u, ょ o, ぃ i ...); ん, っ and non-kana end no vowel.
    Thus くうこう, くこう and くこ all give くこ; きゅうしゅう and きゅしゅ give
    きゅしゅ; おおさか and おさか give おさか; けいかく gives けかく.
    """
    out: list[str] = []
    previous: str | None = None
    for ch in text:
        if ch == _LONG_MARK:
            continue
        allowed = _LENGTHENS.get(ch)
        if allowed is not None and previous in allowed:
            continue
        out.append(ch)
        previous = _VOWEL_OF.get(ch)
    return "".join(out)


def normalize(text: str) -> str:
    """Return the search key of a text: NFKC, casefold, kana folded, unpunctuated."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = strip_punctuation(katakana_to_hiragana(text))
    return fold_long_vowels(fold_kana_variants(text))


def split_terms(query: str) -> tuple[str, ...]:
    """Split a query on whitespace (full-width too) into normalised, non-empty terms."""
    terms = unicodedata.normalize("NFKC", query).split()
    return tuple(key for term in terms if (key := normalize(term)))


def reading_segments(reading: str) -> tuple[str, ...]:
    """Split a `reading:` value into its normalised word segments."""
    return tuple(key for part in reading.split() if (key := normalize(part)))


def segment_starts(segments: Sequence[str]) -> tuple[int, ...]:
    """Return the offset of each segment in the concatenation of the segments."""
    starts: list[int] = []
    offset = 0
    for segment in segments:
        starts.append(offset)
        offset += len(segment)
    return tuple(starts)


def matches_word_start(key: str, segments: Sequence[str]) -> bool:
    """Tell whether a normalised key occurs in the segments starting at a segment start.

    The key may run on over later segments (きたきゅしゅくこ matches
    きたきゅしゅ|くこ), but may not begin inside a segment (くこ does not match
    みりょく|こじょ). Both sides must be normalised; an empty key matches nothing.
    """
    if not key:
        return False
    joined = "".join(segments)
    return any(joined.startswith(key, start) for start in segment_starts(segments))


def is_kana_key(key: str) -> bool:
    """Tell whether a normalised key is all hiragana, so worth matching to readings."""
    return bool(key) and all("\u3041" <= ch <= "\u309f" for ch in key)
