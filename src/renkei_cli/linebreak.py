"""Line breaking for a terminal: text, the places it may break, a width in cells -> lines.

Pure functions, standard library only. Width is display width (East Asian Wide and Fullwidth
characters take two cells, combining marks none). Japanese breaks between phrases (the
boundaries come from the caller: see phrases.py), English at spaces, and never against the
basic kinsoku rules of JIS X 4051: no line starts with a closing bracket, a comma or stop, a
prolonged-sound mark or a small kana, and no line ends with an opening bracket. A phrase wider
than the whole width is folded by character, still obeying those rules where it can.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

# Characters a line may not start with (行頭禁則) and may not end with (行末禁則).
NO_START = frozenset(
    "、。，．・：；？！ー）］｝〕〉》」』】ゝゞ々"
    "ぁぃぅぇぉっゃゅょゎ"
    "ァィゥェォッャュョヮヵヶ"
    ",.:;?!)]}"
)
NO_END = frozenset("（［｛〔〈《「『【([{")
_FOLD_LOOKBACK = 4  # how many characters a fold may move back to obey kinsoku


def char_width(char: str) -> int:
    """Cells a character takes on a terminal: 2 for Wide/Fullwidth, 0 for combining marks."""
    code = ord(char)
    if 0x20 <= code < 0x7F:
        return 1
    if code < 0x20 or 0x7F <= code < 0xA0 or unicodedata.combining(char):
        return 0
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Cells a one-line text takes on a terminal."""
    if text.isascii():
        return len(text)
    return sum(char_width(char) for char in text)


def _is_hiragana(char: str) -> bool:
    return "\u3041" <= char <= "\u309f"


def _is_ideographic(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or char == "々"


def _is_katakana(char: str) -> bool:
    return "\u30a0" <= char <= "\u30ff"


def plain_boundaries(text: str) -> list[int]:
    """Where text may break without a segmenter: after spaces (English words), and in Japanese
    where hiragana gives way to kanji or katakana, after 、 and 。, and before an opening bracket.

    A cheap stand-in for phrase boundaries, for text a segmenter has not seen (help, messages).
    """
    found = []
    for index in range(1, len(text)):
        before, char = text[index - 1], text[index]
        if (before == " " and char != " ") or (
            (_is_hiragana(before) and (_is_ideographic(char) or _is_katakana(char)))
            or before in "、。）」』】"
            or char in "（「『【"
        ):
            found.append(index)
    return found


def breakable(text: str, index: int) -> bool:
    """Whether a line may end before text[index] under the kinsoku rules."""
    return 0 < index < len(text) and text[index] not in NO_START and text[index - 1] not in NO_END


def _fold_point(text: str, start: int, limit: int) -> int:
    """Where a too-wide stretch starting at `start` is cut: at `limit` (the last fitting
    character), or a few characters earlier to obey kinsoku; at least one character."""
    for index in range(limit, max(start, limit - _FOLD_LOOKBACK), -1):
        if breakable(text, index):
            return index
    return max(limit, start + 1)


def line_spans(text: str, width: int, boundaries: Iterable[int] = ()) -> list[tuple[int, int]]:
    """[start, end) spans of the lines one line of text wraps into at `width` cells.

    Breaks fall at the given boundaries and after spaces (spaces at a break are dropped),
    never against kinsoku. A phrase wider than `width` breaks where its script changes
    (plain_boundaries), else it is folded by character.
    """
    if not text:
        return [(0, 0)]
    widths = [0]
    for char in text:
        widths.append(widths[-1] + char_width(char))
    if widths[-1] <= width:
        return [(0, len(text))]
    points = sorted(
        {b for b in boundaries if breakable(text, b)}
        | {i for i in range(1, len(text)) if text[i - 1] == " " and text[i] != " "}
    )
    soft = [b for b in plain_boundaries(text) if breakable(text, b)]
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        if widths[-1] - widths[start] <= width:
            spans.append((start, len(text)))
            break
        fitting = [
            b for b in points if start < b and _trimmed_width(text, widths, start, b) <= width
        ]
        if not fitting:  # the phrase at `start` is too wide: try its script changes first
            fitting = [
                b for b in soft if start < b and _trimmed_width(text, widths, start, b) <= width
            ]
        if fitting:
            end = fitting[-1]
        else:
            limit = start
            while limit < len(text) and widths[limit + 1] - widths[start] <= width:
                limit += 1
            end = _fold_point(text, start, limit)
        spans.append((start, _trim(text, start, end)))
        start = end
        while start < len(text) and text[start] == " ":
            start += 1
    return spans


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] == " ":
        end -= 1
    return end


def _trimmed_width(text: str, widths: Sequence[int], start: int, end: int) -> int:
    return widths[_trim(text, start, end)] - widths[start]


def wrap(text: str, width: int, boundaries: Iterable[int] | None = None) -> list[str]:
    """The lines `text` wraps into at `width` cells; its own newlines are kept.

    `boundaries` are offsets into `text` where a phrase starts (None: plain_boundaries).
    """
    points = sorted(boundaries) if boundaries is not None else plain_boundaries(text)
    lines: list[str] = []
    offset = 0
    for line in text.split("\n"):
        local = [b - offset for b in points if offset < b < offset + len(line)]
        lines += [line[s:e] for s, e in line_spans(line, max(width, 1), local)]
        offset += len(line) + 1
    return lines
