"""Romaji to hiragana, so that kuukou, kukou and kūkō find 空港 through its reading.

Pure standard library. Accepts Hepburn and kunrei/nihon-shiki spellings
(shi/si, chi/ti, tsu/tu, fu/hu, ji/zi, sha/sya, cha/tya/cya, ja/zya/jya),
long vowels written with macrons or circumflexes (ū ō â ...; also a trailing ^),
doubled vowels, ou/uu, Hepburn oh (ohta), double consonants as っ (kitte, matcha),
and ん as n, n', nn, or m before b/m/p (kanpai, kampai, shinbun, kenkyuu).
The result is plain hiragana; `textnorm.normalize` folds the long vowels, so
kuukou, kukou and kūkō all give the key of くうこう.
"""

from __future__ import annotations

import unicodedata

__all__ = ["romaji_to_hiragana"]

_VOWELS = "aiueo"
_VOWEL_KANA = dict(zip(_VOWELS, "あいうえお", strict=True))

# Marked long vowels: ō becomes おう (the usual kana spelling), the others doubled.
_MARKED = {
    "ā": "aa",
    "ī": "ii",
    "ū": "uu",
    "ē": "ee",
    "ō": "ou",
    "â": "aa",
    "î": "ii",
    "û": "uu",
    "ê": "ee",
    "ô": "ou",
}
_CIRCUMFLEX_AFTER = {"a": "a", "i": "i", "u": "u", "e": "e", "o": "u"}

_SEPARATORS = "'-"


def _rows() -> dict[str, str]:
    """Build the syllable table: romaji spelling -> kana."""
    table: dict[str, str] = dict(_VOWEL_KANA)
    plain = {
        "k": "かきくけこ",
        "g": "がぎぐげご",
        "s": "さしすせそ",
        "z": "ざじずぜぞ",
        "t": "たちつてと",
        "d": "だぢづでど",
        "n": "なにぬねの",
        "h": "はひふへほ",
        "b": "ばびぶべぼ",
        "p": "ぱぴぷぺぽ",
        "m": "まみむめも",
        "r": "らりるれろ",
    }
    for consonant, kanas in plain.items():
        for vowel, kana in zip(_VOWELS, kanas, strict=True):
            table[consonant + vowel] = kana
    # yōon: consonant + y + a/u/o (kunrei sya, tya, zya and Hepburn kya, nya ...).
    yoon = {
        "ky": "き",
        "gy": "ぎ",
        "sy": "し",
        "sh": "し",
        "zy": "じ",
        "j": "じ",
        "jy": "じ",
        "ty": "ち",
        "cy": "ち",
        "ch": "ち",
        "dy": "ぢ",
        "ny": "に",
        "hy": "ひ",
        "by": "び",
        "py": "ぴ",
        "my": "み",
        "ry": "り",
    }
    for prefix, kana in yoon.items():
        table[prefix + "a"] = kana + "ゃ"
        table[prefix + "u"] = kana + "ゅ"
        table[prefix + "o"] = kana + "ょ"
    table.update(
        {
            "shi": "し",
            "she": "しぇ",
            "chi": "ち",
            "che": "ちぇ",
            "ji": "じ",
            "je": "じぇ",
            "tsu": "つ",
            "dzu": "づ",
            "fu": "ふ",
            "fa": "ふぁ",
            "fi": "ふぃ",
            "fe": "ふぇ",
            "fo": "ふぉ",
            "ya": "や",
            "yu": "ゆ",
            "yo": "よ",
            "ye": "いぇ",
            "wa": "わ",
            "wi": "うぃ",
            "we": "うぇ",
            "wo": "を",
            "va": "ゔぁ",
            "vi": "ゔぃ",
            "vu": "ゔ",
            "ve": "ゔぇ",
            "vo": "ゔぉ",
            "thi": "てぃ",
            "dhi": "でぃ",
        }
    )
    return table


_SYLLABLES = _rows()
_MAX_LEN = max(len(key) for key in _SYLLABLES)
_ALLOWED = frozenset("abcdefghijkmnoprstuvwyz" + _SEPARATORS + "^" + "".join(_MARKED))


def _expand_marks(word: str) -> str:
    """Rewrite macron/circumflex vowels and a vowel followed by ^ as two letters."""
    out: list[str] = []
    for ch in word:
        if ch == "^":
            if not out or out[-1] not in _CIRCUMFLEX_AFTER:
                return ""
            out.append(_CIRCUMFLEX_AFTER[out[-1]])
        else:
            out.append(_MARKED.get(ch, ch))
    return "".join(out)


def _vowel_or_y(ch: str) -> bool:
    """Tell whether a character (possibly "" past the end) is a vowel or y."""
    return ch != "" and ch in "aiueoy"


def _convert_word(word: str) -> str | None:
    """Convert one space-free romaji word, or None if some part does not parse."""
    word = _expand_marks(word)
    if not word:
        return None
    out: list[str] = []
    i = 0
    while i < len(word):
        ch = word[i]
        nxt = word[i + 1] if i + 1 < len(word) else ""
        after = word[i + 2] if i + 2 < len(word) else ""
        if ch in _SEPARATORS:
            i += 1
            continue
        if ch == "n" and not _vowel_or_y(nxt):
            # ん: n', n before a consonant or at the end; nn is ん unless a vowel
            # follows, when the second n starts the next syllable (konnichiwa).
            out.append("ん")
            if nxt == "'" or (nxt == "n" and not _vowel_or_y(after)):
                i += 2
            else:
                i += 1
            continue
        if ch == "m" and nxt != "" and nxt in "bmp":
            out.append("ん")
            i += 1
            continue
        if ch == "o" and nxt == "h" and not _vowel_or_y(after):
            out.append("おう")  # Hepburn oh: ohta, ohno
            i += 2
            continue
        if ch not in _VOWELS and (nxt == ch or (ch == "t" and nxt == "c")):
            # ch is never "" here, and nxt == ch needs a next character.
            out.append("っ")  # kitte, zasshi, matcha
            i += 1
            continue
        for length in range(min(_MAX_LEN, len(word) - i), 0, -1):
            kana = _SYLLABLES.get(word[i : i + length])
            if kana is not None:
                out.append(kana)
                i += length
                break
        else:
            return None
    return "".join(out) or None


def romaji_to_hiragana(text: str) -> str | None:
    """Convert romaji to hiragana, or return None if the text is not plausibly romaji.

    Words separated by whitespace stay separated by one space. Text with anything
    but Latin letters, macron/circumflex vowels, ^, ' and - (kana, kanji, digits),
    letters Japanese romaji does not use (l, q, x), or a consonant cluster that no
    syllable explains (gx, kpf, space) is not romaji.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    words = text.split()
    if not words or any(ch not in _ALLOWED for word in words for ch in word):
        return None
    converted = [_convert_word(word) for word in words]
    if any(part is None for part in converted):
        return None
    return " ".join(part for part in converted if part)
