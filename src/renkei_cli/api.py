"""The Python API: load the catalog, list placements, search projects, show one project.

The documented entry point is `renkei_cli.load()` (docs/api.md): it returns a LoadedCatalog
whose `list`, `search` and `show` answer with objects that carry the records of the JSON
contract (`to_record()`, answers.py), so what a script gets is what `renkei ... --json`
prints. The CLI calls the same code: the module functions below (records, for speed on large
files) and the methods built on them. No Typer, no Rich.

    import renkei_cli
    catalog = renkei_cli.load()
    rows = catalog.list(area=3, field=1)
    hits = catalog.search("くうこう")
    project = catalog.show("1-c-1")
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from renkei_cli.answers import PlacementRow, ProjectDetail, SearchResults
    from renkei_cli.cache import CacheSlot
    from renkei_cli.model import Catalog, SourceInfo
    from renkei_cli.phrases import PhraseBook
    from renkei_cli.search import SearchIndex, SearchOutcome
    from renkei_cli.topics import TopicTable

Record = dict[str, Any]
# Aliases: inside LoadedCatalog the name `list` is its method, not the builtin.
Rows = list["PlacementRow"]
Records = list[Record]


class LoadedCatalog:
    """A loaded data file: `list`, `search` and `show` it as the commands do.

    `catalog` is the validated model underneath (frozen dataclasses, model.py). A plain
    class, not a dataclass: every command line run makes one, and a dataclass costs its
    definition time at import.
    """

    __slots__ = ("_index", "_phrases", "_topics", "catalog", "data", "slot", "use_cache")

    def __init__(
        self,
        catalog: Catalog,
        slot: CacheSlot | None = None,
        use_cache: bool = True,
        data: bytes | None = None,
    ) -> None:
        self.catalog = catalog
        self.slot = slot  # None: the cache is off (or the file is not a regular file)
        self.use_cache = use_cache
        self.data = data  # the data file's bytes the catalog was built from, when known
        self._index: SearchIndex | None = None
        self._phrases: PhraseBook | None = None
        self._topics: TopicTable | None = None

    def topics(self) -> TopicTable:
        """renkei's topic table (data/topics.yaml), loaded once, through its cache, with the
        assignments that belong to this catalog's projects (id and name agree)."""
        if self._topics is None:
            from renkei_cli import cache

            table = cache.load_topics(use_cache=self.use_cache)
            self._topics = table.for_catalog(self.catalog)
        return self._topics

    def search_index(self) -> SearchIndex:
        """The search index, built once; its costly keys come from the cache when fresh.

        Its spelling variants are data/variants.yaml's, then the data file's own `variants:`.
        """
        if self._index is None:
            from renkei_cli import cache
            from renkei_cli.search import SearchIndex

            catalog = self.catalog
            variants = (*cache.load_variants(use_cache=self.use_cache), *catalog.variants)
            keys = cache.derived(self.slot, "search", lambda: SearchIndex(catalog).keys())
            topics = self.topics()
            self._index = SearchIndex(catalog, variants, keys=keys, topics=topics)
        return self._index

    def breaks(self, text: str) -> list[int]:
        """Where `text` may break on a terminal: between the data's phrases (phrase_book)."""
        return self.phrase_book().boundaries(text)

    def phrase_book(self) -> PhraseBook:
        """Where the data's names and titles may break on a terminal (between phrases), built
        once per data file and kept in the cache, so a warm run imports no segmenter."""
        if self._phrases is None:
            from renkei_cli import cache
            from renkei_cli.phrases import PhraseBook, catalog_texts, phrase_table

            catalog = self.catalog
            table = cache.derived(
                self.slot, "phrases", lambda: phrase_table(catalog_texts(catalog))
            )
            self._phrases = PhraseBook(table)
        return self._phrases

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
        topic: str | None = None,
        sort: str = "id",
        limit: int | None = None,
    ) -> Rows:
        """The placements inside a filter, in document order, as `renkei list` lists them.

        `reposts=False` leaves out 【再掲】 placements; `topic` (an id, or a title in any
        script) keeps one of renkei's own topics; `sort` is "id" (document order), "reading"
        (gojūon order) or "name"; `limit` keeps the first N. UsageError for a filter that
        does not fit.
        """
        from renkei_cli.answers import PlacementRow

        records = list_placements(self, area, field, initiative, reposts, topic, sort, limit)
        return [PlacementRow(r) for r in records]

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
        from renkei_cli.answers import SearchResults

        outcome = search(self, query, area, field, initiative, limit=limit, any_term=any)
        return SearchResults.of(self.catalog, outcome, self.topics())

    def show(self, id_or_name: str) -> ProjectDetail:
        """One project in context, named by a placement id (any spelling) or (part of) a name.

        NotFoundError (with a suggestion) when nothing matches, AmbiguousError listing the
        candidates when several projects do.
        """
        from renkei_cli.answers import ProjectDetail

        return ProjectDetail(show(self, id_or_name))


def load(path: Path | str | None = None, *, use_cache: bool = True) -> LoadedCatalog:
    """Load and validate a data file (the bundled one by default), through the CLI's cache.

    DataError, carrying every located problem, if the file is missing or invalid.
    """
    from renkei_cli import cache

    catalog, slot, data = cache.load_with_bytes(path, use_cache=use_cache)
    return LoadedCatalog(catalog, slot, use_cache, data)


def list_placements(
    loaded: LoadedCatalog,
    area: int | None = None,
    field: int | None = None,
    initiative: str | None = None,
    reposts: bool = True,
    topic: str | None = None,
    sort: str = "id",
    limit: int | None = None,
) -> Records:
    """The placement records inside a filter, in document order or `sort` (id, reading,
    name: collation.SortOrder), the first `limit` of them; UsageError for a bad filter.

    `topic` (an id, or a title or reading in any script) keeps the projects of one of renkei's
    topics.
    """
    from renkei_cli.collation import SortOrder, sort_placements
    from renkei_cli.query import resolve_scope, select_placements
    from renkei_cli.records import placement_records

    catalog = loaded.catalog
    scope = resolve_scope(catalog, area=area, field=field, letter=initiative)
    topics = loaded.topics()
    placements = select_placements(catalog, scope, reposts=reposts)
    if topic is not None:
        from renkei_cli.topics import resolve_topic

        members = set(topics.projects_of(resolve_topic(topics, topic).id))
        placements = [p for p in placements if p.project_id in members]
    chosen = sort_placements(catalog, placements, SortOrder(sort))
    return placement_records(catalog, chosen[:limit] if limit is not None else chosen, topics)


def search(
    loaded: LoadedCatalog,
    query: str | Sequence[str],
    area: int | None = None,
    field: int | None = None,
    initiative: str | None = None,
    limit: int | None = None,
    any_term: bool = False,
) -> SearchOutcome:
    """Projects matching every word of a query (`any_term`: any word), best first;
    UsageError for an empty query."""
    from renkei_cli.query import resolve_scope

    scope = resolve_scope(loaded.catalog, area=area, field=field, letter=initiative)
    return loaded.search_index().search(query, scope=scope, limit=limit, any_term=any_term)


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
    return show_record(catalog, build_terms(catalog), project, loaded.topics())
