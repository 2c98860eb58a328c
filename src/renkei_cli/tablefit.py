"""Fitting a table to the terminal: who gets the width, and cells wrapped between phrases.

Columns that never wrap (ids, scores, markers, bars) take their widest cell; the folding ones
(names and titles) share what is left by ratio, a column narrower than its share giving the
rest to the others, so a name is cut only when the whole row cannot hold it. Each folding cell
is then wrapped by linebreak (at the data's phrase boundaries, kinsoku obeyed) before Rich
draws it, so Rich never breaks a word itself. No Rich import here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from renkei_cli.linebreak import line_spans, plain_boundaries, text_width

Breaks = Callable[[str], Sequence[int]] | None
NARROWEST = 4  # a folding column is never given fewer cells than this (two wide characters)


def natural_width(texts: Sequence[str]) -> int:
    """The widest line among texts (their own newlines kept)."""
    return max((text_width(line) for text in texts for line in text.split("\n")), default=0)


def share_width(naturals: Sequence[int], ratios: Sequence[int], room: int) -> list[int]:
    """Split `room` cells among folding columns: by ratio, none wider than its natural width,
    what a narrow column leaves going to the others (water-filling)."""
    widths = [0] * len(naturals)
    pending = list(range(len(naturals)))
    while pending:
        total = sum(ratios[i] for i in pending) or 1
        content = [i for i in pending if naturals[i] <= room * ratios[i] / total]
        if not content:
            for i in pending:
                widths[i] = max(NARROWEST, room * ratios[i] // total)
            spare = room - sum(widths[i] for i in pending)
            for i in sorted(pending, key=lambda i: -ratios[i])[: max(spare, 0)]:
                widths[i] += 1
            break
        for i in content:
            widths[i] = naturals[i]
            room -= naturals[i]
            pending.remove(i)
    return widths


def column_widths(
    naturals: Sequence[int], folds: Sequence[bool], ratios: Sequence[int | None], total: int
) -> list[int]:
    """Every column's width in a table `total` cells wide with one-cell dividers."""
    fixed = sum(w for w, fold in zip(naturals, folds, strict=True) if not fold)
    room = total - fixed - (len(naturals) - 1)
    folding = [i for i, fold in enumerate(folds) if fold]
    shared = share_width(
        [naturals[i] for i in folding], [ratios[i] or 1 for i in folding], max(room, 0)
    )
    widths = list(naturals)
    for i, width in zip(folding, shared, strict=True):
        widths[i] = width
    return widths


def wrap_spans(text: str, width: int, breaks: Breaks = None) -> list[tuple[int, int]]:
    """[start, end) spans of text's lines at `width` cells, its own newlines kept."""
    boundaries = breaks(text) if breaks is not None else plain_boundaries(text)
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        local = [b - offset for b in boundaries if offset < b < offset + len(line)]
        spans += [(offset + s, offset + e) for s, e in line_spans(line, max(width, 1), local)]
        offset += len(line) + 1
    return spans


def wrap_cell(text: str, width: int, breaks: Breaks = None) -> str:
    """Text wrapped to `width` cells, lines joined by newlines."""
    return "\n".join(text[s:e] for s, e in wrap_spans(text, width, breaks))
