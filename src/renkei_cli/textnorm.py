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

Speed: search normalises every name of the table on each run, so `normalize` does
steps 3 to 5 with one cached `str.translate` table and step 6 with one regular
expression (both in C), and `normalize_many` does a whole list in one call. The
per-character definitions above stay the specification: tests/test_textnorm.py
checks the fast forms against them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

__all__ = [
    "fold_kana_variants",
    "fold_long_vowels",
    "is_kana_key",
    "katakana_to_hiragana",
    "matches_word_start",
    "normalize",
    "normalize_many",
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

# fold_long_vowels as one substitution: after a kana ending in vowel V, the run of kana that
# V lengthens (and ー) goes. A removed kana never changes the vowel carried on, and each one
# that V lengthens lengthens no vowel V does not, so a greedy run is exactly the loop's work.
# The pattern starts by consuming a vowel kana or ー (so the regex engine skips everything
# else quickly) and then looks back at that character and the kana before it. Compiling it
# costs ~1.5 ms, more than the loop spends on a small table, so it is compiled on the first
# long text only (_LONG_TEXT characters or more: a joined list of names or readings).
_LENGTHENED_BY = {
    vowel: "".join(kana for kana, after in _LENGTHENS.items() if vowel in after) for vowel in _ROWS
}
_LONG_TEXT = 2048


@functools.lru_cache(maxsize=1)
def _long_runs() -> re.Pattern[str]:
    """The fold_long_vowels substitution pattern, compiled on first use."""
    runs = (
        f"(?<=[{_ROWS[vowel]}][{run}])[{run}]*"
        for vowel in _ROWS
        if (run := _LENGTHENED_BY[vowel] + _LONG_MARK)
    )
    return re.compile(f"[{''.join(_LENGTHENS)}{_LONG_MARK}](?:{'|'.join(runs)})")


class _KeyCharacters(dict):  # type: ignore[type-arg]
    """str.translate table for steps 3-5, filled in per character on first sight."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        if 0x4E00 <= code <= 0x9FFF:  # CJK ideographs (most of a name): kept as they are
            value: str | None = char
        elif unicodedata.category(char)[0] in "PZC" or char in _EXTRA_REMOVED:
            value = None
        else:
            value = fold_kana_variants(katakana_to_hiragana(char))
        self[code] = value
        return value


_KEY_CHARACTERS = _KeyCharacters()

# Joins the texts of normalize_many: kept by every step (a symbol, So) and not kana, so the
# vowel folding does not run across it either.
_JOINER = "\ufffc"

# Text that steps 1-4 leave as it is (hiragana, ー, lower-case ASCII letters and digits, |
# and the joiner): only the kana variants and vowel length are left to fold. Readings are
# such text, and so are most kana and romaji queries.
_PLAIN = re.compile("[\u3041-\u3096\u30fca-z0-9|\ufffc]*")
_KANA_VARIANT_PAIRS = (("づ", "ず"), ("ぢ", "じ"), ("を", "お"), ("ゐ", "い"), ("ゑ", "え"))


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
    if len(text) >= _LONG_TEXT:
        return _fold_long_vowels_regex(text)
    return _fold_long_vowels_loop(text)


def _fold_long_vowels_loop(text: str) -> str:
    """fold_long_vowels one character at a time: the specification, and fast on short text."""
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


def _fold_long_vowels_regex(text: str) -> str:
    """fold_long_vowels as one substitution in C, for long text."""
    return _long_runs().sub("", text).replace(_LONG_MARK, "")


def normalize(text: str) -> str:
    """Return the search key of a text: NFKC, casefold, kana folded, unpunctuated."""
    if _PLAIN.fullmatch(text):
        for variant, plain in _KANA_VARIANT_PAIRS:
            if variant in text:
                text = text.replace(variant, plain)
        return fold_long_vowels(text)
    text = unicodedata.normalize("NFKC", text).casefold().translate(_KEY_CHARACTERS)
    return fold_long_vowels(text)


def normalize_many(texts: Sequence[str]) -> list[str]:
    """normalize() each text, in one pass over them all (a table's names at once).

    Texts are NFKC-normalised one by one first, and only those that need it: one （ in a
    joined text would send NFKC down its slow path for the whole of it.
    """
    if not texts:
        return []
    if any(_JOINER in text for text in texts):
        return [normalize(text) for text in texts]
    joined = _JOINER.join(texts)
    if not unicodedata.is_normalized("NFKC", joined):
        nfkc = unicodedata.normalize
        joined = _JOINER.join(
            text if unicodedata.is_normalized("NFKC", text) else nfkc("NFKC", text)
            for text in texts
        )
    return normalize(joined).split(_JOINER)


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
