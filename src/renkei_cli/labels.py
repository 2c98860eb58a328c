"""How renkei words what it prints around the data: counts, the 【再掲】 marker, page ranges.

One home, so every command says it the same way: `1 project`, `2 projects`; a 【再掲】 row as
`【再掲】→ 1-b-5` (it repeats the project listed at 1-b-5) and the primary listing of a
reposted project as `【再掲】← 3-1-g-2` (listed again there), with REPOST_LEGEND in the
caption; pages as `40-43`. English around the data, the data in Japanese as the document has it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

REPOST_MARK = "【再掲】"


def _arrow(mark: str, arrow: str) -> str:
    """`【再掲】→`, `[listed again] →`: a full-width bracket needs no space before the arrow."""
    return f"{mark}{arrow}" if mark.endswith("】") else f"{mark} {arrow}"


def repost_legend(mark: str = REPOST_MARK) -> str:
    """What the marks mean, for a caption: `【再掲】→ ID: repeats the project at ID; …`."""
    return f"{_arrow(mark, '→')} ID: repeats the project at ID; ← ID: repeated at ID"


REPOST_LEGEND = repost_legend()


def count(number: int, noun: str, plural: str | None = None) -> str:
    """`1 project`, `2 projects`, `0 projects` (`plural` for irregular nouns)."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def repost_marker(
    repost: bool, primary_id: str | None, elsewhere: Sequence[str] = (), mark: str = REPOST_MARK
) -> str:
    """The 【再掲】 mark of a row: `【再掲】→ 1-b-5` on a repost, `【再掲】← 3-1-g-2` on the
    primary listing of a project reposted elsewhere, empty otherwise (`mark`: the English
    views' `[listed again]`)."""
    if repost and primary_id:
        return f"{_arrow(mark, '→')} {primary_id}"
    if elsewhere:
        return f"{_arrow(mark, '←')} {' '.join(elsewhere)}"
    return ""


def with_legend(caption: str, records: Sequence[dict[str, Any]]) -> str:
    """A caption, with REPOST_LEGEND when a row of the records carries a 【再掲】 mark."""
    marked = any(r.get("repost") or len(r.get("placements") or ()) > 1 for r in records)
    return f"{caption}; {REPOST_LEGEND}" if marked else caption


def page_range(pages: Sequence[int]) -> str:
    """`40-43`, or `40` for one page: the one way pages are written in text."""
    first, last = pages[0], pages[-1]
    return f"{first}-{last}" if first != last else str(first)
