"""SearchIndex: the catalog's projects as search keys, and the ranked query over them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from renkei_cli.errors import UsageError
from renkei_cli.model import Catalog, Placement, Project
from renkei_cli.query import Scope
from renkei_cli.search.english import EnglishKeys, EnglishTexts
from renkei_cli.search.highlight import (
    key_offsets,
    occurrences,
)
from renkei_cli.search.limits import check_query
from renkei_cli.search.matching import (
    TermMatching,
    fuzzy_alignment,
)
from renkei_cli.search.readings import (
    PROJECT_BREAK,
    Readings,
)
from renkei_cli.search.scoring import (
    FUZZY_THRESHOLD,
    SPECIFICITY,
    Hit,
    MatchKind,
    SearchOutcome,
    SearchResult,
    TermMatch,
    Title,
    TopicKeys,
)
from renkei_cli.search.terms import (
    QueryTerm,
    VariantTable,
    parse_terms,
)
from renkei_cli.textnorm import (
    normalize,
    normalize_many,
)

if TYPE_CHECKING:
    from renkei_cli.topics import TopicTable

# -- the index ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchKeys:
    """Every normalised key a query is matched against, project by project, as plain data.

    For matching outside Python with exactly the index's keys (the HTML page's script):
    positions are the projects' (catalog order), title ids index `titles`.
    """

    names: tuple[str, ...]
    canonical_names: tuple[str, ...]  # names with spelling variants rewritten
    readings: tuple[str, ...]  # the reading's words joined by readings.WORD_BREAK
    titles: tuple[tuple[str, str, float], ...]  # (key, variant-rewritten key, specificity)
    groups: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]  # (title ids, projects)
    sources: tuple[tuple[str, int, int], ...]  # (raw text key, own start, own end); "" none
    variants: VariantTable
    fuzzy_threshold: float
    english: tuple[EnglishKeys, ...] = ()  # per project: its English words (search/english)
    # The titles' readings: per title, its reading's keys from each word start (Title.words).
    title_readings: tuple[tuple[str, ...], ...] = ()
    # Per project: its reading folded across word breaks where that differs, else "".
    readings_across: tuple[str, ...] = ()
    # renkei's topics: (title, keys naming it, synonyms' keys, its projects' positions).
    topics: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[int, ...]], ...] = ()


class SearchIndex(TermMatching):
    """The catalog's projects as search keys; built once, linear in the number of projects.

    Names, context titles and source texts are normalised when the index is built (all names
    in one normalize_many pass); readings and variant-rewritten keys when a query first needs
    them. Context titles are stored once per (initiative, theme), not once per placement.
    """

    def __init__(
        self,
        catalog: Catalog,
        variants: Iterable[Sequence[str]] | VariantTable = (),
        fuzzy_threshold: float = FUZZY_THRESHOLD,
        keys: Mapping[str, Any] | None = None,
        topics: TopicTable | None = None,
    ) -> None:
        self.catalog = catalog
        self.variants = variants if isinstance(variants, VariantTable) else VariantTable(variants)
        self.fuzzy_threshold = fuzzy_threshold
        self.projects: tuple[Project, ...] = catalog.projects
        self._reading_text: Readings | None = None
        if keys is not None and _keys_fit(keys, len(self.projects)):
            self._names = list(keys["names"])
            self._reading_text = Readings(self.projects, keys["reading_text"])
        else:
            self._names = normalize_many([project.name for project in self.projects])
        self._placements = [catalog.placements_of(project.id) for project in self.projects]
        self._sources = _source_keys(self.projects)
        self._titles: list[Title] = []
        self._group_titles: list[tuple[int, ...]] = []  # per (initiative, theme): its titles
        self._group_projects: list[list[int]] = []  # per (initiative, theme): its projects
        self._build_contexts()
        self._topics = _topic_keys(topics, self.projects) if topics is not None else []
        self._topic_english = [
            (topic.title_en, keys.projects)
            for topic, keys in zip(topics.topics if topics else (), self._topics, strict=True)
        ]
        self._canonical_names: list[str] | None = None
        self._canonical_titles: list[str] | None = None
        self._english: EnglishTexts | None = None  # built on the first English term

    def _build_contexts(self) -> None:
        """Group placements by (initiative, theme): each group's titles and projects."""
        catalog = self.catalog
        title_ids: dict[tuple[str, Any], int] = {}
        groups: dict[tuple[int, int | None, str, str | None], int] = {}

        def title_id(kind: str, ident: Any, item: Any) -> int | None:
            text, reading = (item.title, item.reading) if item is not None else (None, None)
            if not text:
                return None
            found = title_ids.get((kind, ident))
            if found is None:
                found = title_ids[(kind, ident)] = len(self._titles)
                words = (reading or "").split()
                # The reading's key from each word start on, folded as a typed word would be.
                keys = tuple(normalize("".join(words[n:])) for n in range(len(words)))
                self._titles.append(Title(text, normalize(text), SPECIFICITY[kind], keys))
            return found

        def new_group(placement: Placement) -> int:
            area = catalog.area(placement.area)
            policy_field = catalog.field_of(placement)
            initiative = catalog.initiative(placement.initiative_key)
            theme = _Theme(placement.theme, placement.theme_reading) if placement.theme else None
            ids = (
                title_id("area", placement.area, area),
                title_id("field", (placement.area, placement.field), policy_field),
                title_id("initiative", placement.initiative_key, initiative),
                title_id("theme", placement.theme, theme),
            )
            self._group_titles.append(tuple(i for i in ids if i is not None))
            self._group_projects.append([])
            return len(self._group_titles) - 1

        for index, placements in enumerate(self._placements):
            for placement in placements:
                key = (placement.area, placement.field, placement.letter, placement.theme)
                group = groups.get(key)
                if group is None:
                    group = groups[key] = new_group(placement)
                members = self._group_projects[group]
                if not members or members[-1] != index:
                    members.append(index)

    # -- lazily built keys ------------------------------------------------------------------

    def keys(self) -> dict[str, Any]:
        """The costly normalised keys, as plain data for the parse cache (see cache.derived)."""
        return {"names": list(self._names), "reading_text": self._readings().text}

    def match_keys(self) -> MatchKeys:
        """Every key the matching levels compare a query with, the lazy ones built now."""
        canonical_names, canonical_titles = self._canonical()
        titles = zip(self._titles, canonical_titles, strict=True)
        groups = zip(self._group_titles, self._group_projects, strict=True)
        return MatchKeys(
            names=tuple(self._names),
            canonical_names=tuple(canonical_names),
            readings=tuple(self._readings().text[1:-1].split(PROJECT_BREAK)),
            titles=tuple((title.key, canonical, title.specificity) for title, canonical in titles),
            groups=tuple((title_ids, tuple(projects)) for title_ids, projects in groups),
            sources=tuple(self._sources),
            variants=self.variants,
            fuzzy_threshold=self.fuzzy_threshold,
            english=self._english_texts().as_data(),
            title_readings=tuple(title.words for title in self._titles),
            readings_across=tuple(self._readings().across_by_project()),
            topics=tuple(
                (t.title, tuple(sorted(t.names)), tuple(sorted(t.synonyms)), t.projects)
                for t in self._topics
            ),
        )

    def search(
        self,
        query: str | Sequence[str],
        scope: Scope | None = None,
        limit: int | None = None,
        any_term: bool = False,
    ) -> SearchOutcome:
        """Rank the projects matching every term of a query; UsageError if it has no term, or
        if it is longer than search.limits allows.

        With `any_term`, a project matching any term qualifies, ranked by how many terms it
        matches, then by the mean score of those. `any_total` counts such projects either way.
        """
        check_query(query)
        terms = parse_terms(query, self.variants)
        if not terms:
            raise UsageError(
                "empty query: give a word to search for (spaces and punctuation alone match "
                "nothing)"
            )
        matched: list[dict[int, Hit]] = []
        misses: list[tuple[str, float] | None] = []
        for term in terms:
            hits, near = self._match_term(term)
            matched.append(hits)
            misses.append(near)
        smallest: dict[int, Hit] = min(matched, key=len)
        common = set(smallest)
        for hits in matched:
            common.intersection_update(hits)
        union = set().union(*matched)
        if scope is not None:
            placements = self._placements
            common = {i for i in common if any(scope.admits(p) for p in placements[i])}
            union = {i for i in union if any(scope.admits(p) for p in placements[i])}
        # (-terms matched, -score, index): sorting ranks best first, ties in document order.
        ranked = []
        for index in union if any_term else common:
            scores = [hits[index].score for hits in matched if index in hits]
            ranked.append((-len(scores), -round(sum(scores) / len(scores), 1), index))
        ranked.sort()
        shown = ranked if limit is None else ranked[:limit]
        results = tuple(
            self._result(index, self._shown_placement(index, scope), -score, terms, matched)
            for _, score, index in shown
        )
        suggestion = None
        if not ranked and any(misses):
            pairs = zip(terms, misses, strict=True)
            suggestion = " ".join(near[0] if near else term.text for term, near in pairs)
        return SearchOutcome(tuple(terms), results, len(ranked), suggestion, len(union))

    def _shown_placement(self, index: int, scope: Scope | None) -> Placement:
        """The primary placement if the scope admits it, else the first admitted one."""
        placements = self._placements[index]
        if scope is not None:
            placements = tuple(p for p in placements if scope.admits(p)) or placements
        return _primary(placements) if scope is None else _primary_or_first(placements)

    def _result(
        self,
        index: int,
        placement: Placement,
        score: float,
        terms: Sequence[QueryTerm],
        matched: Sequence[dict[int, Hit]],
    ) -> SearchResult:
        term_matches = tuple(
            TermMatch(term, hits[index].kind, round(hits[index].score, 1), hits[index].detail)
            for term, hits in zip(terms, matched, strict=True)
            if index in hits  # with --any, the terms it matches
        )
        weakest = max((m.kind for m in term_matches), key=lambda kind: kind.rank)
        return SearchResult(
            project=self.projects[index],
            placement=placement,
            score=score,
            match=weakest,
            terms=term_matches,
            spans=self._spans(index, term_matches),
        )

    def _spans(self, index: int, term_matches: Sequence[TermMatch]) -> tuple[tuple[int, int], ...]:
        """The ranges of the name to highlight: name, variant and fuzzy matches."""
        name = self.projects[index].name
        key = self._names[index]
        key_ranges: list[tuple[int, int]] = []
        for match in term_matches:
            if match.kind is MatchKind.NAME:
                for needle in match.term.needles:
                    key_ranges.extend(occurrences(needle, key))
            elif match.kind is MatchKind.VARIANT:
                canonical, origin = self.variants.canonical_with_map(key)
                for needle in match.term.canonical:
                    for start, end in occurrences(needle, canonical):
                        key_ranges.append((origin[start][0], origin[end - 1][1]))
            elif match.kind is MatchKind.FUZZY:
                aligned = [fuzzy_alignment(needle, key) for needle in match.term.needles]
                start, end, similarity = max(aligned, key=lambda a: a[2])
                if end > start and similarity >= self.fuzzy_threshold:  # else the reading was
                    key_ranges.append((start, end))
        if not key_ranges:
            return ()
        offsets = key_offsets(name)
        if offsets is None:
            return ()
        starts, ends = offsets
        spans = sorted((starts[a], ends[b - 1]) for a, b in key_ranges if b > a)
        merged: list[tuple[int, int]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return tuple(merged)


def _keys_fit(keys: Mapping[str, Any], count: int) -> bool:
    """Tell whether cached keys are well-formed for `count` projects (else they are rebuilt)."""
    names, text = keys.get("names"), keys.get("reading_text")
    return (
        isinstance(names, list)
        and len(names) == count
        and all(isinstance(name, str) for name in names)
        and isinstance(text, str)
        and text.count(PROJECT_BREAK) == count + 1
    )


def _source_keys(projects: Sequence[Project]) -> list[tuple[str, int, int]]:
    """Each project's raw source text as a key, and the range of it that is its own.

    For a line split into several names, the own range is the key of the project's part;
    otherwise (OCR fixes only) the whole key. ("", 0, 0) for a project with no source text.
    """
    layouts: list[tuple[int, int, int] | None] = []  # (first part, number of parts, own part)
    parts: list[str] = []
    for project in projects:
        provenance = project.provenance
        if provenance is None:
            layouts.append(None)
            continue
        split = next((c for c in provenance.corrections if c.kind == "split"), None)
        pieces = provenance.source_text.split() if split is not None else [provenance.source_text]
        own = (split.part or 1) - 1 if split is not None else 0
        layouts.append((len(parts), len(pieces), own if 0 <= own < len(pieces) else 0))
        parts.extend(pieces)
    keys = normalize_many(parts)
    sources: list[tuple[str, int, int]] = []
    for layout in layouts:
        if layout is None:
            sources.append(("", 0, 0))
            continue
        first, count, own = layout
        mine = keys[first : first + count]
        start = sum(len(key) for key in mine[:own])
        sources.append(("".join(mine), start, start + len(mine[own])))
    return sources


class _Theme(NamedTuple):
    """A theme as a titled item, like an initiative: its text and reading."""

    title: str
    reading: str | None


def _topic_keys(topics: TopicTable, projects: Sequence[Project]) -> list[TopicKeys]:
    """Each topic as the keys a term is compared with, and its projects' indices.

    A term names a topic when it is the whole title, one of its ・ parts or the reading of
    either (環境, かんきょう, エネルギー); it stands for it when it is a whole synonym or a
    synonym's reading (保育, ほいく). Whole, not a part: a short word inside a synonym (人 in
    人材) would pull a whole topic into every query.
    """
    from renkei_cli.topics import reading_keys, title_keys

    position = {project.id: index for index, project in enumerate(projects)}
    found = []
    for topic in topics.topics:
        synonyms = {normalize(s) for s in (*topic.synonyms, *topic.synonyms_en)}
        for synonym in topic.synonyms:
            reading = topics.synonym_readings.get(synonym)
            if reading:
                synonyms.add(normalize(reading.replace(" ", "")))
        members = tuple(position[pid] for pid in topics.projects_of(topic.id) if pid in position)
        names = frozenset(title_keys(topic) | reading_keys(topic))
        found.append(TopicKeys(topic.id, names, frozenset(synonyms - {""}), members))
    return found


def _primary(placements: Sequence[Placement]) -> Placement:
    return next((p for p in placements if not p.repost), placements[0])


def _primary_or_first(placements: Sequence[Placement]) -> Placement:
    """Of some placements of a project: its primary if among them, else the first."""
    primary = _primary(placements)
    return primary if not primary.repost else placements[0]
