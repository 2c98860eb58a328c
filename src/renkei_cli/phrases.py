"""Phrase boundaries of a catalog's Japanese text, so a terminal can break lines between phrases.

BudouX (Google's phrase segmenter, the one Chrome uses to break Japanese lines) splits every
name and title of a data file once; the result is plain data (text -> offsets) that api.py
keeps in the parse cache beside the catalog, so a warm run never imports the segmenter.
Text that is not in the table as a whole (a title joined to its theme, a tree label) is
covered piece by piece: each catalog text found in it brings its boundaries; the rest breaks
at linebreak.plain_boundaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from renkei_cli.linebreak import plain_boundaries
from renkei_cli.model import Catalog

PhraseTable = dict[str, list[int]]  # text -> offsets where a phrase (other than the first) starts
_SHORTEST_PIECE = 2  # a one-character catalog text says nothing about where another breaks


def catalog_texts(catalog: Catalog) -> Iterator[str]:
    """Every text of a catalog a terminal may have to wrap: names, titles, themes, readings."""
    yield catalog.source.title
    yield catalog.source.section
    for area in catalog.areas:
        yield area.title
    for policy_field in catalog.fields:
        yield policy_field.title
    for initiative in catalog.initiatives:
        yield initiative.title
    for project in catalog.projects:
        yield project.name
        if project.reading:
            yield project.reading
    for placement in catalog.placements:
        if placement.theme:
            yield placement.theme


def phrase_table(texts: Iterable[str]) -> PhraseTable:
    """Each distinct text's phrase boundaries, by BudouX (imported here and only here)."""
    import budoux

    parser = budoux.load_default_japanese_parser()
    table: PhraseTable = {}
    for text in texts:
        if text in table or not text:
            continue
        offsets, position = [], 0
        for phrase in parser.parse(text)[:-1]:
            position += len(phrase)
            offsets.append(position)
        table[text] = offsets
    return table


class PhraseBook:
    """Looks up where any text may break, from a catalog's phrase table."""

    def __init__(self, table: Mapping[str, Sequence[int]]) -> None:
        self._table = table
        by_first: dict[str, list[str]] = {}
        for text in table:
            if len(text) >= _SHORTEST_PIECE:
                by_first.setdefault(text[0], []).append(text)
        for candidates in by_first.values():
            candidates.sort(key=len, reverse=True)
        self._by_first = by_first

    def boundaries(self, text: str) -> list[int]:
        """Offsets in `text` where a line may break: phrase boundaries of the catalog texts it
        contains (and the edges of those texts), plain boundaries elsewhere."""
        known = self._table.get(text)
        if known is not None:
            return list(known)
        found: set[int] = set()
        inside: list[tuple[int, int]] = []
        index = 0
        while index < len(text):
            piece = self._longest_at(text, index)
            if piece is None:
                index += 1
                continue
            end = index + len(piece)
            found.update((index, end))
            found.update(index + offset for offset in self._table[piece])
            inside.append((index, end))
            index = end
        found.update(b for b in plain_boundaries(text) if not any(s < b < e for s, e in inside))
        return sorted(b for b in found if 0 < b < len(text))

    def _longest_at(self, text: str, index: int) -> str | None:
        for candidate in self._by_first.get(text[index], ()):
            if text.startswith(candidate, index):
                return candidate
        return None
