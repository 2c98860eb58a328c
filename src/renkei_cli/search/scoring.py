"""Match levels, scores and the result types of a search."""

from __future__ import annotations

import enum
from typing import NamedTuple

from renkei_cli.model import Placement, Project
from renkei_cli.search.terms import (
    QueryTerm,
)

# Tuned on tests/search_cases.yaml with tools/search_quality.py --sweep: from 63 to 80 every
# case passes and no typo or `none` query returns a project it does not expect (below 63 the
# typo queries start to drag in unrelated names; above 80 five-character typos are lost).
# 75 is inside that range with room on both sides, and reads simply: one wrong, missing,
# extra or swapped character per four (a 4-character term with one typo scores exactly 75).
FUZZY_THRESHOLD = 75.0
# A near miss under the threshold but at least this similar is offered as "did you mean".
SUGGEST_THRESHOLD = 60.0
# Shorter keys are not matched fuzzily: one wrong character in three is 67, no better than
# chance agreement with some unrelated name.
FUZZY_MIN_LENGTH = 4


class MatchKind(str, enum.Enum):
    """How a term matched a project, strongest first (the order of ranking)."""

    NAME = "name"
    READING = "reading"
    VARIANT = "variant"
    CONTEXT = "context"
    FUZZY = "fuzzy"
    SOURCE = "source"
    ENGLISH = "english"  # English words in the English name or titles: ranked with name

    @property
    def rank(self) -> int:
        """0 for the strongest level (name, and english with it), 5 for the weakest (source)."""
        return _RANK[self]

    @property
    def base(self) -> float:
        """The lowest score of the level; a match scores base to base + 9."""
        return _BASE[self]


_KINDS: tuple[MatchKind, ...] = tuple(k for k in MatchKind if k is not MatchKind.ENGLISH)
_RANK: dict[MatchKind, int] = {kind: rank for rank, kind in enumerate(_KINDS)}
_BASE: dict[MatchKind, float] = {kind: 90.0 - 10.0 * rank for rank, kind in enumerate(_KINDS)}
_RANK[MatchKind.ENGLISH], _BASE[MatchKind.ENGLISH] = _RANK[MatchKind.NAME], _BASE[MatchKind.NAME]
_BAND = 9.0

# How specific a title is as the context of a project: its own initiative (or theme) says
# most, the area least.
SPECIFICITY = {"initiative": 1.0, "theme": 1.0, "field": 0.5, "area": 0.0}


def score_of(kind: MatchKind, quality: float) -> float:
    """The score of a match of some quality in [0, 1] at a level."""
    return kind.base + _BAND * min(max(quality, 0.0), 1.0)


# -- results --------------------------------------------------------------------------------


class TermMatch(NamedTuple):
    """How one term matched one project."""

    term: QueryTerm
    kind: MatchKind
    score: float
    detail: str | None = None  # the reading words, title or source text it matched, if not the name


class SearchResult(NamedTuple):
    """One matching project, the placement to show it by, and why it matched."""

    project: Project
    placement: Placement  # its primary placement, or its first one inside the scope
    score: float  # the mean of the terms' scores, one decimal
    match: MatchKind  # the weakest term's level
    terms: tuple[TermMatch, ...]
    spans: tuple[tuple[int, int], ...]  # [start, end) ranges of project.name that matched


class SearchOutcome(NamedTuple):
    """The ranked results of a query (up to the limit), how many there were, and a hint."""

    terms: tuple[QueryTerm, ...]
    results: tuple[SearchResult, ...]
    total: int  # matching projects before the limit
    suggestion: str | None = None  # the query with unmatched terms replaced by near names
    any_total: int = 0  # with several terms: projects matching at least one of them

    def no_match_message(self) -> str:
        """What to say when nothing matched: the query, and a near spelling or how many
        projects `--any` finds (`no project matches all of 子育て, 半導体; --any finds 5`)."""
        words = " ".join(term.text for term in self.terms)
        hint = f"; did you mean '{self.suggestion}'?" if self.suggestion else ""
        if self.any_total and len(self.terms) > 1:
            listed = ", ".join(term.text for term in self.terms)
            hint = f": no project matches all of {listed}; --any finds {self.any_total}"
        return f"no match for '{words}'{hint}"


class Hit(NamedTuple):
    kind: MatchKind
    score: float
    detail: str | None = None


class Title(NamedTuple):
    text: str
    key: str
    specificity: float
    # Its reading's keys (renkei's search data): the words from each word start on, each
    # folded as one typed word (ちいき いりょう: ちきりょ, いりょ).
    words: tuple[str, ...] = ()


class TopicKeys(NamedTuple):
    """A topic as search keys: what names it (title, ・ parts, reading) and its synonyms."""

    title: str  # as shown in explanations: the id, the same in every language
    names: frozenset[str]
    synonyms: frozenset[str]
    projects: tuple[int, ...]  # indices of its projects in the index


def keep_best(hits: dict[int, Hit], index: int, hit: Hit) -> None:
    current = hits.get(index)
    if current is None or hit.score > current.score:
        hits[index] = hit


def better(hits: dict[int, Hit], index: int, kind: MatchKind) -> bool:
    """Tell whether a match of this kind could still improve a project's hit."""
    current = hits.get(index)
    return current is None or current.kind.rank >= kind.rank


def hit_score(hit: Hit) -> float:
    return hit.score
