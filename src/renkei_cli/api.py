"""The Python API: load the catalog, list placements, search projects, show one project.

The documented entry point is `renkei_cli.load()` (docs/api.md): it returns a LoadedCatalog
whose `list`, `search` and `show` answer with objects that carry the records of the JSON
contract (`to_record()`), so what a script gets is what `renkei ... --json` prints. The CLI
calls the same code: the module functions below (records, for speed on large files) and the
methods built on them. No Typer, no Rich.

    import renkei_cli
    catalog = renkei_cli.load()
    rows = catalog.list(area=3, field=1)
    hits = catalog.search("くうこう")
    project = catalog.show("1-c-1")
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from renkei_cli.cache import CacheSlot
    from renkei_cli.model import Catalog, SourceInfo
    from renkei_cli.search import SearchIndex, SearchOutcome, SearchResult

Record = dict[str, Any]
# Aliases: inside LoadedCatalog the name `list` is its method, not the builtin.
Rows = list["PlacementRow"]
Records = list[Record]


@dataclass(frozen=True)
class LoadedCatalog:
    """A loaded data file: `list`, `search` and `show` it as the commands do.

    `catalog` is the validated model underneath (frozen dataclasses, model.py).
    """

    catalog: Catalog
    slot: CacheSlot | None = None  # None: the cache is off (or the file is not a regular file)
    use_cache: bool = True
    _index: list[SearchIndex] = field(default_factory=list, repr=False, compare=False)

    def search_index(self) -> SearchIndex:
        """The search index, built once; its costly keys come from the cache when fresh.

        Its spelling variants are data/variants.yaml's, then the data file's own `variants:`.
        """
        if not self._index:
            from renkei_cli import cache
            from renkei_cli.search import SearchIndex

            catalog = self.catalog
            variants = (*cache.load_variants(use_cache=self.use_cache), *catalog.variants)
            keys = cache.derived(self.slot, "search", lambda: SearchIndex(catalog).keys())
            self._index.append(SearchIndex(catalog, variants, keys=keys))
        return self._index[0]

    @property
    def source(self) -> SourceInfo:
        """The document the table comes from: `title`, `section`, `text` (the raw text's path)."""
        return self.catalog.source

    def list(
        self,
        area: int | None = None,
        field: int | None = None,
        initiative: str | None = None,
        reposts: bool = True,
    ) -> Rows:
        """The placements inside a filter, in document order, as `renkei list` lists them.

        `reposts=False` leaves out 【再掲】 placements; UsageError for a filter that does not fit.
        """
        return [PlacementRow(r) for r in list_placements(self, area, field, initiative, reposts)]

    def search(
        self,
        query: str | Sequence[str],
        any: bool = False,
        limit: int | None = None,
        area: int | None = None,
        field: int | None = None,
        initiative: str | None = None,
    ) -> SearchResults:
        """Projects matching every word of a query (`any=True`: some word), best first.

        As `renkei search`: kanji, kana, romaji, spelling variants, typos. UsageError for an
        empty query or a filter that does not fit; no match is an empty result.
        """
        outcome = search(self, query, area, field, initiative, limit=limit, any=any)
        return SearchResults.of(self.catalog, outcome)

    def show(self, id_or_name: str) -> ProjectDetail:
        """One project in context, named by a placement id (any spelling) or (part of) a name.

        NotFoundError (with a suggestion) when nothing matches, AmbiguousError listing the
        candidates when several projects do.
        """
        return ProjectDetail(show(self, id_or_name))


def load(path: Path | str | None = None, *, use_cache: bool = True) -> LoadedCatalog:
    """Load and validate a data file (the bundled one by default), through the CLI's cache.

    DataError, carrying every located problem, if the file is missing or invalid.
    """
    from renkei_cli import cache

    catalog, slot = cache.load_with_slot(path, use_cache=use_cache)
    return LoadedCatalog(catalog, slot, use_cache)


def list_placements(
    loaded: LoadedCatalog,
    area: int | None = None,
    field: int | None = None,
    initiative: str | None = None,
    reposts: bool = True,
) -> Records:
    """The placement records inside a filter, in document order; UsageError for a bad filter."""
    from renkei_cli.query import resolve_scope, select_placements
    from renkei_cli.records import placement_records

    catalog = loaded.catalog
    scope = resolve_scope(catalog, area=area, field=field, letter=initiative)
    return placement_records(catalog, select_placements(catalog, scope, reposts=reposts))


def search(
    loaded: LoadedCatalog,
    query: str | Sequence[str],
    area: int | None = None,
    field: int | None = None,
    initiative: str | None = None,
    limit: int | None = None,
    any: bool = False,
) -> SearchOutcome:
    """Projects matching every word of a query, best first; UsageError for an empty query.

    `any`: projects matching some word of the query, handed to the search layer.
    """
    from renkei_cli.errors import UsageError
    from renkei_cli.query import resolve_scope

    scope = resolve_scope(loaded.catalog, area=area, field=field, letter=initiative)
    if any:  # until the search layer ranks by words matched, say so rather than guess
        raise UsageError("any=True needs a search layer with any-word matching")
    return loaded.search_index().search(query, scope=scope, limit=limit)


def show(loaded: LoadedCatalog, text: str) -> Record:
    """One project in context, named by a placement id or (part of) its name.

    NotFoundError (with a suggestion) when nothing matches, AmbiguousError listing the
    candidates when several projects do.
    """
    from renkei_cli.query import resolve_project
    from renkei_cli.records import show_record
    from renkei_cli.xref import build_terms

    catalog = loaded.catalog
    project = resolve_project(catalog, text, loaded.search_index)
    return show_record(catalog, build_terms(catalog), project)


# -- what the methods answer with: records, with typed attributes --------------------------


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


class PlacementRow:
    """One placement (a project listed under an initiative), as one row of `renkei list`."""

    __slots__ = ("_record",)

    def __init__(self, record: Record) -> None:
        self._record = record

    def to_record(self) -> Record:
        """The placement's record, exactly as in `renkei list --json` (a fresh dict)."""
        return _copy(self._record)

    @property
    def id(self) -> str:
        """The placement id: `1-c-1`, `3-1-g-2`."""
        return str(self._record["id"])

    @property
    def name(self) -> str:
        """The project's name, as the document writes it (corrected)."""
        return str(self._record["name"])

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


class SearchHit:
    """One matching project, shown by one of its placements, with its score and match level."""

    __slots__ = ("_record", "_result", "placement")

    def __init__(self, record: Record, result: SearchResult) -> None:
        self._record = record
        self._result = result
        self.placement = PlacementRow({k: v for k, v in record.items() if k not in _HIT_KEYS})

    def to_record(self) -> Record:
        """The hit's record, exactly as in `renkei search --json` (a fresh dict)."""
        return _copy(self._record)

    @property
    def id(self) -> str:
        """The id of the placement the project is shown by."""
        return self.placement.id

    @property
    def name(self) -> str:
        return self.placement.name

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

    def explain(self) -> str:
        """How each word matched, in words (the `why` column of `renkei search`)."""
        from renkei_cli.search import explain

        return explain(self._result)

    def __repr__(self) -> str:
        return f"SearchHit({self.id!r}, {self.name!r}, score={self.score}, match={self.match!r})"


_HIT_KEYS = frozenset({"score", "match"})


class SearchResults(tuple[SearchHit, ...]):
    """The hits of a search, best first (a tuple), with `total` before the limit, the query's
    `words` and, when nothing matched, a `suggestion` (the query with near names)."""

    total: int
    words: tuple[str, ...]
    suggestion: str | None

    def __new__(
        cls,
        hits: Iterable[SearchHit] = (),
        total: int = 0,
        words: Sequence[str] = (),
        suggestion: str | None = None,
    ) -> SearchResults:
        results = super().__new__(cls, hits)
        results.total = total
        results.words = tuple(words)
        results.suggestion = suggestion
        return results

    @classmethod
    def of(cls, catalog: Catalog, outcome: SearchOutcome) -> SearchResults:
        """The API's form of the search layer's outcome."""
        from renkei_cli.records import search_record

        hits = (SearchHit(search_record(catalog, r), r) for r in outcome.results)
        words = [term.text for term in outcome.terms]
        return cls(hits, outcome.total, words, outcome.suggestion)

    def to_records(self) -> Records:
        """Every hit's record, as `renkei search --json` prints them."""
        return [hit.to_record() for hit in self]


class ProjectDetail:
    """One project in its whole context: what `renkei show` prints."""

    __slots__ = ("_record",)

    def __init__(self, record: Record) -> None:
        self._record = record

    def to_record(self) -> Record:
        """The project's record, exactly as in `renkei show --json` (a fresh dict)."""
        return _copy(self._record)

    @property
    def id(self) -> str:
        """The project's id: the id of its first (non-【再掲】) placement."""
        return str(self._record["id"])

    @property
    def name(self) -> str:
        return str(self._record["name"])

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
