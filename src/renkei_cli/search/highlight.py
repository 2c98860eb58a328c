"""Where a match lies in the original name (highlighting), and a result explained in words."""

from __future__ import annotations

import unicodedata

from renkei_cli.search.scoring import (
    MatchKind,
    SearchResult,
)
from renkei_cli.textnorm import (
    fold_kana_variants,
    fold_long_vowels,
    katakana_to_hiragana,
    normalize,
    strip_punctuation,
)


def explain(result: SearchResult) -> str:
    """How a result matched, in words: `name`, `reading: くうこう`, `context: 福祉` ...

    With several terms, one `TERM → how` per term, separated by `; `.
    """
    parts = []
    for match in result.terms:
        how = match.kind.value
        if match.detail:
            how += f" {match.detail}" if match.kind is MatchKind.FUZZY else f": {match.detail}"
        parts.append(how if len(result.terms) == 1 else f"{match.term.text} → {how}")
    return "; ".join(parts)


def overlaps(needle: str, text: str, start: int, end: int) -> bool:
    """Tell whether some occurrence of a needle in a text overlaps [start, end)."""
    return any(first < end and last > start for first, last in occurrences(needle, text))


def occurrences(needle: str, text: str) -> list[tuple[int, int]]:
    """Every non-overlapping [start, end) of a needle in a text."""
    found: list[tuple[int, int]] = []
    if not needle:
        return found
    position = text.find(needle)
    while position >= 0:
        found.append((position, position + len(needle)))
        position = text.find(needle, position + len(needle))
    return found


def key_offsets(text: str) -> tuple[list[int], list[int]] | None:
    """For each character of normalize(text), the range of `text` it stands for.

    The key is built a character at a time (NFKC, casefold, kana, punctuation, kana variants),
    then vowel length is folded; folding only deletes characters, so the folded key is aligned
    to the unfolded one by a left-to-right scan. A character's range runs on over the vowels
    and ー folded away after it (so くう is highlighted for く). None if NFKC joins characters
    (half-width ｶﾞ) and the per-character key differs from normalize(text).
    """
    chars: list[str] = []
    source: list[int] = []
    for position, char in enumerate(text):
        piece = unicodedata.normalize("NFKC", char).casefold()
        piece = fold_kana_variants(strip_punctuation(katakana_to_hiragana(piece)))
        chars.extend(piece)
        source.extend([position] * len(piece))
    unfolded = "".join(chars)
    key = fold_long_vowels(unfolded)
    if key != normalize(text):
        return None
    kept: list[int] = []
    cursor = 0
    for char in key:
        while unfolded[cursor] != char:
            cursor += 1
        kept.append(cursor)
        cursor += 1
    starts = [source[position] for position in kept]
    ends = []
    for number in range(len(kept)):
        following = kept[number + 1] if number + 1 < len(kept) else len(unfolded)
        ends.append(source[following - 1] + 1)
    return starts, ends


def original_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The range of `text` that the key range [start, end) of normalize(text) stands for."""
    offsets = key_offsets(text)
    if offsets is None or end <= start:
        return None
    starts, ends = offsets
    return starts[start], ends[end - 1]
