"""What the Python API answers with: records of the JSON contract, with typed attributes.

`LoadedCatalog.list`, `search` and `show` (api.py) return these; `to_record()` gives the
record exactly as `renkei list/search/show --json` prints it, a fresh copy each time. Kept
apart from api.py so that a command that needs none of them does not define them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from renkei_cli.model import Catalog
    from renkei_cli.search import SearchOutcome, SearchResult
    from renkei_cli.topics import TopicTable

Record = dict[str, Any]
Records = list[Record]


def _fresh(value: Any) -> Any:
    """A copy of a record's nested dicts and lists, so a caller's edits stay the caller's."""
    if isinstance(value, dict):
        return {key: _fresh(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_fresh(item) for item in value]
    return value


def _copy(record: Record) -> Record:
    """A fresh copy of a record (see _fresh)."""
    return {key: _fresh(item) for key, item in record.items()}


class _RecordAnswer:
    """An answer kept as the record of the JSON contract that its command prints."""

    __slots__ = ("_record",)

    def __init__(self, record: Record) -> None:
        self._record = record

    def to_record(self) -> Record:
        """The record exactly as the command's `--json` prints it (a fresh dict)."""
        return _copy(self._record)

    @property
    def id(self) -> str:
        """The id: a placement's (`1-c-1`, `3-1-g-2`), for a project its primary placement's."""
        return str(self._record["id"])

    @property
    def name(self) -> str:
        """The project's name, as the document writes it (corrected)."""
        return str(self._record["name"])


class PlacementRow(_RecordAnswer):
    """One placement (a project listed under an initiative), as one row of `renkei list`."""

    __slots__ = ()

    @property
    def area(self) -> int:
        return int(self._record["area"])

    @property
    def field(self) -> int | None:
        """The policy field (area 3 only), else None."""
        value = self._record["field"]
        return None if value is None else int(value)

    @property
    def initiative(self) -> str:
        """The initiative's letter within its area or field."""
        return str(self._record["initiative"])

    @property
    def repost(self) -> bool:
        """True for a 【再掲】 placement: the project is listed first at `primary_id`."""
        return bool(self._record["repost"])

    @property
    def primary_id(self) -> str:
        """The id of the project's first (non-【再掲】) placement, which is the project's id."""
        return str(self._record["primary_id"] or self._record["id"])

    @property
    def placements(self) -> tuple[str, ...]:
        """Every placement id of the project, in document order."""
        return tuple(self._record["placements"])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlacementRow) and other._record == self._record

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return f"PlacementRow({self.id!r}, {self.name!r})"


class SearchHit(_RecordAnswer):
    """One matching project, shown by one of its placements, with its score and match level."""

    __slots__ = ("_result", "placement")

    def __init__(self, record: Record, result: SearchResult) -> None:
        super().__init__(record)
        self._result = result
        self.placement = PlacementRow({k: v for k, v in record.items() if k not in _HIT_KEYS})

    @property
    def score(self) -> float:
        """The mean of the query words' scores: the level's base (name 90 ... source 40) + 0-9."""
        return float(self._record["score"])

    @property
    def match(self) -> str:
        """The weakest word's level: name, reading, variant, context, fuzzy or source."""
        return str(self._record["match"])

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """The [start, end) character ranges of the name that matched (what a table highlights)."""
        return self._result.spans

    @property
    def spans_en(self) -> tuple[tuple[int, int], ...]:
        """The ranges of the English name (`name_en`) that English words matched, if any."""
        from renkei_cli.search.english import english_spans

        return english_spans(self._result)

    def explain(self) -> str:
        """How each word matched, in words (the `why` column of `renkei search`)."""
        from renkei_cli.search import explain

        return explain(self._result)

    def __repr__(self) -> str:
        return f"SearchHit({self.id!r}, {self.name!r}, score={self.score}, match={self.match!r})"


_HIT_KEYS = frozenset({"score", "match"})


class SearchResults(tuple[SearchHit, ...]):
    """The hits of a search, best first (a tuple), with `total` before the limit, the query's
    `words`, `any_total` (projects matching some word, for a query of several) and, when
    nothing matched, a `suggestion` (the query with near names)."""

    total: int
    words: tuple[str, ...]
    suggestion: str | None
    any_total: int
    _outcome: SearchOutcome

    def __new__(cls, hits: Iterable[SearchHit], outcome: SearchOutcome) -> SearchResults:
        results = super().__new__(cls, hits)
        results.total = outcome.total
        results.words = tuple(term.text for term in outcome.terms)
        results.suggestion = outcome.suggestion
        results.any_total = outcome.any_total
        results._outcome = outcome
        return results

    @classmethod
    def of(
        cls, catalog: Catalog, outcome: SearchOutcome, topics: TopicTable | None = None
    ) -> SearchResults:
        """The API's form of the search layer's outcome (records with the projects' topics)."""
        from renkei_cli.records import search_record

        hits = (SearchHit(search_record(catalog, r, topics), r) for r in outcome.results)
        return cls(hits, outcome)

    def to_records(self) -> Records:
        """Every hit's record, as `renkei search --json` prints them."""
        return [hit.to_record() for hit in self]

    def no_match_message(self) -> str:
        """What `renkei search` says when nothing matched (a near spelling, or `--any`'s count)."""
        return self._outcome.no_match_message()


class ProjectDetail(_RecordAnswer):
    """One project in its whole context: what `renkei show` prints."""

    __slots__ = ()

    @property
    def reading(self) -> str | None:
        """The name's hiragana reading, words spaced (this project's data, not the document's)."""
        value = self._record.get("reading")
        return None if value is None else str(value)

    @property
    def placements(self) -> tuple[PlacementRow, ...]:
        """Every placement of the project, in document order, as `renkei list` rows."""
        return tuple(
            PlacementRow({k: v for k, v in detail.items() if k != "breadcrumb"})
            for detail in self._record["placement_details"]
        )

    @property
    def related(self) -> tuple[tuple[str, str], ...]:
        """Related projects, strongest first, as (id, name) pairs (the record says why)."""
        return tuple((str(r["id"]), str(r["name"])) for r in self._record["related"])

    def __repr__(self) -> str:
        return f"ProjectDetail({self.id!r}, {self.name!r})"
