"""Search projects the way people type them: kanji, kana, romaji, variants, typos, raw text.

No Typer, no Rich, no dictionary: every comparison is between `textnorm.normalize` keys (NFKC,
casefold, katakana as hiragana, punctuation and spaces dropped, vowel length folded).

Each term of a query is matched against every project at the best of these levels, strongest
first; a project matches the query when it matches every term (AND):

1. name     the term's key is in the name's key (a romaji term: also its kana).
2. reading  the term as kana (typed in kana, or romaji converted) starts at a word of the
            project's `reading:` and may run on over the next words (くこう is not in
            みりょく こうじょう).
3. variant  as 1, after the spelling variants of data/variants.yaml are rewritten to one form
            on both sides (取り組み finds 取組).
4. context  the term is in a title above one of the project's placements, 【再掲】 ones
            included: its initiative, theme, policy field or area (福祉 finds 3-1-c).
5. fuzzy    only for a term that matches nothing at any other level, and has 4 characters or
            more: the share of the term found in order in the best term-long stretch of a
            name (or reading, for kana), by rapidfuzz; FUZZY_THRESHOLD (75: one typo per four
            characters) or more. Nothing matched: the nearest name part is a "did you mean".
6. source   the term is in the raw extracted text of a corrected name (LAB0, or the line two
            neighbouring names were run together on), where it reaches into the project's
            own part of that line. Exact, but not the name: ranked last.

A project is shown by its primary placement, or by its first placement inside the scope when
a filter leaves the primary out; each project appears once.

A term's score is its level's base (name 90, reading 80, variant 70, context 60, fuzzy 50,
source 40; the tens digit says the level) plus up to 9 for the quality of the match within the
level (how much of the name it covers, whether it starts it; how specific the title is; how
similar, for fuzzy). A project's score is the mean of its terms' scores; its `match` is its
weakest term's level. Ties keep document order.
"""

from __future__ import annotations

import bisect
import enum
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from renkei_cli.errors import UsageError
from renkei_cli.model import Catalog, Placement, Project
from renkei_cli.query import Scope
from renkei_cli.textnorm import (
    fold_kana_variants,
    fold_long_vowels,
    is_kana_key,
    katakana_to_hiragana,
    normalize,
    normalize_many,
    strip_punctuation,
)

__all__ = [
    "FUZZY_MIN_LENGTH",
    "FUZZY_THRESHOLD",
    "SUGGEST_THRESHOLD",
    "MatchKind",
    "SearchIndex",
    "SearchOutcome",
    "SearchResult",
    "Term",
    "TermMatch",
    "VariantTable",
    "explain",
    "parse_terms",
    "search",
]

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

    @property
    def rank(self) -> int:
        """0 for the strongest level (name), 5 for the weakest (source)."""
        return _RANK[self]

    @property
    def base(self) -> float:
        """The lowest score of the level; a match scores base to base + 9."""
        return _BASE[self]


_KINDS = tuple(MatchKind)
_RANK = {kind: rank for rank, kind in enumerate(_KINDS)}
_BASE = {kind: 90.0 - 10.0 * rank for rank, kind in enumerate(_KINDS)}
_BAND = 9.0

# How specific a title is as the context of a project: its own initiative (or theme) says
# most, the area least.
_SPECIFICITY = {"initiative": 1.0, "theme": 1.0, "field": 0.5, "area": 0.0}


def _score(kind: MatchKind, quality: float) -> float:
    """The score of a match of some quality in [0, 1] at a level."""
    return kind.base + _BAND * min(max(quality, 0.0), 1.0)


# -- variants -------------------------------------------------------------------------------


class VariantTable:
    """Spelling-variant groups compiled for rewriting keys to each group's first form."""

    def __init__(self, groups: Iterable[Sequence[str]] = ()) -> None:
        canonical: dict[str, str] = {}
        for group in groups:
            keys = [key for form in group if (key := normalize(form))]
            if len(keys) < 2:
                continue
            for key in keys:
                canonical.setdefault(key, keys[0])
        self._canonical = canonical
        self._compiled: re.Pattern[str] | None = None

    def __bool__(self) -> bool:
        return bool(self._canonical)

    @property
    def _pattern(self) -> re.Pattern[str] | None:
        """Every form, longest first, as one alternation; compiled when first needed."""
        if self._compiled is None and self._canonical:
            forms = sorted(self._canonical, key=lambda key: (-len(key), key))
            self._compiled = re.compile("|".join(map(re.escape, forms)))
        return self._compiled

    def touches(self, key: str) -> bool:
        """Tell whether a key contains some form of some group."""
        return any(form in key for form in self._canonical)

    def canonical(self, key: str) -> str:
        """The key with every variant form rewritten to its group's first form."""
        pattern = self._pattern
        if pattern is None:
            return key
        return pattern.sub(lambda match: self._canonical[match.group()], key)

    def canonical_with_map(self, key: str) -> tuple[str, list[tuple[int, int]]]:
        """The canonical key, and for each of its characters the range of `key` it came from."""
        out: list[str] = []
        origin: list[tuple[int, int]] = []
        position = 0
        matches = self._pattern.finditer(key) if self._pattern is not None else ()
        for match in matches:
            for index in range(position, match.start()):
                out.append(key[index])
                origin.append((index, index + 1))
            replacement = self._canonical[match.group()]
            out.append(replacement)
            origin.extend([(match.start(), match.end())] * len(replacement))
            position = match.end()
        for index in range(position, len(key)):
            out.append(key[index])
            origin.append((index, index + 1))
        return "".join(out), origin


# -- terms ----------------------------------------------------------------------------------


class Term(NamedTuple):
    """One whitespace-separated word of a query, in every form it is matched in."""

    text: str  # as typed (NFKC)
    key: str  # normalize(text)
    kana: str | None  # the key as kana (the key itself, or romaji converted); None if neither
    canonical: tuple[str, ...]  # variant-rewritten keys, when the term contains a variant form

    @property
    def needles(self) -> tuple[str, ...]:
        """The plain keys looked for: the key and, for romaji, its kana."""
        if self.kana and self.kana != self.key:
            return (self.key, self.kana)
        return (self.key,)


def parse_terms(query: str | Sequence[str], variants: VariantTable | None = None) -> list[Term]:
    """Split a query (a string or the words given on the command line) into terms.

    Whitespace, full-width too, separates terms; a word that is only punctuation is dropped.
    """
    words = [query] if isinstance(query, str) else list(query)
    terms: list[Term] = []
    for word in words:
        for text in unicodedata.normalize("NFKC", word).split():
            key = normalize(text)
            if not key:
                continue
            kana: str | None = None
            if is_kana_key(key):
                kana = key
            elif any("a" <= char <= "z" for char in key):  # romaji is worth a try
                from renkei_cli.romaji import romaji_to_hiragana

                converted = romaji_to_hiragana(text)
                if converted is not None:
                    kana = normalize(converted) or None
            canonical: tuple[str, ...] = ()
            if variants:
                canonical = tuple(
                    dict.fromkeys(
                        variants.canonical(needle)
                        for needle in (key, kana)
                        if needle and variants.touches(needle)
                    )
                )
            terms.append(Term(text=text, key=key, kana=kana, canonical=canonical))
    return terms


# -- results --------------------------------------------------------------------------------


class TermMatch(NamedTuple):
    """How one term matched one project."""

    term: Term
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

    terms: tuple[Term, ...]
    results: tuple[SearchResult, ...]
    total: int  # matching projects before the limit
    suggestion: str | None = None  # the query with unmatched terms replaced by near names


class _Hit(NamedTuple):
    kind: MatchKind
    score: float
    detail: str | None = None


class _Title(NamedTuple):
    text: str
    key: str
    specificity: float


# -- the index ------------------------------------------------------------------------------


class SearchIndex:
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
    ) -> None:
        self.catalog = catalog
        self.variants = variants if isinstance(variants, VariantTable) else VariantTable(variants)
        self.fuzzy_threshold = fuzzy_threshold
        self.projects: tuple[Project, ...] = catalog.projects
        self._reading_text: _Readings | None = None
        if keys is not None and _keys_fit(keys, len(self.projects)):
            self._names = list(keys["names"])
            self._reading_text = _Readings(self.projects, keys["reading_text"])
        else:
            self._names = normalize_many([project.name for project in self.projects])
        self._placements = [catalog.placements_of(project.id) for project in self.projects]
        self._sources = _source_keys(self.projects)
        self._titles: list[_Title] = []
        self._group_titles: list[tuple[int, ...]] = []  # per (initiative, theme): its titles
        self._group_projects: list[list[int]] = []  # per (initiative, theme): its projects
        self._build_contexts()
        self._canonical_names: list[str] | None = None
        self._canonical_titles: list[str] | None = None

    def _build_contexts(self) -> None:
        """Group placements by (initiative, theme): each group's titles and projects."""
        catalog = self.catalog
        title_ids: dict[tuple[str, Any], int] = {}
        groups: dict[tuple[int, int | None, str, str | None], int] = {}

        def title_id(kind: str, ident: Any, text: str | None) -> int | None:
            if not text:
                return None
            found = title_ids.get((kind, ident))
            if found is None:
                found = title_ids[(kind, ident)] = len(self._titles)
                self._titles.append(_Title(text, normalize(text), _SPECIFICITY[kind]))
            return found

        def new_group(placement: Placement) -> int:
            area = catalog.area(placement.area)
            policy_field = (
                catalog.policy_field(placement.area, placement.field)
                if placement.field is not None
                else None
            )
            initiative = catalog.initiative(placement.initiative_key)
            ids = (
                title_id("area", placement.area, area.title if area else None),
                title_id("field", (placement.area, placement.field), _title(policy_field)),
                title_id("initiative", placement.initiative_key, _title(initiative)),
                title_id("theme", placement.theme, placement.theme),
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

    def _readings(self) -> _Readings:
        """Every project's reading, normalised, in one text (built on first use)."""
        if self._reading_text is None:
            self._reading_text = _Readings(self.projects)
        return self._reading_text

    def _canonical(self) -> tuple[list[str], list[str]]:
        """Names and titles with spelling variants rewritten (built on first use)."""
        if self._canonical_names is None:
            canonical = self.variants.canonical
            self._canonical_names = _map_joined(canonical, self._names)
            self._canonical_titles = [canonical(title.key) for title in self._titles]
        assert self._canonical_titles is not None
        return self._canonical_names, self._canonical_titles

    # -- matching one term ------------------------------------------------------------------

    def _match_term(self, term: Term) -> tuple[dict[int, _Hit], tuple[str, float] | None]:
        """Every project a term matches, at its best level; and a near miss if none."""
        hits: dict[int, _Hit] = {}
        self._match_names(term, hits)
        if term.kana:
            self._match_readings(term, hits)
        if term.canonical:
            self._match_variants(term, hits)
        self._match_contexts(term, hits)
        self._match_sources(term, hits)
        if hits:
            return hits, None
        return self._match_fuzzy(term)

    def _match_names(self, term: Term, hits: dict[int, _Hit]) -> None:
        for needle in term.needles:
            for index, name in enumerate(self._names):
                if needle in name:
                    quality = 0.6 * len(needle) / len(name) + 0.4 * name.startswith(needle)
                    _keep_best(hits, index, _Hit(MatchKind.NAME, _score(MatchKind.NAME, quality)))

    def _match_readings(self, term: Term, hits: dict[int, _Hit]) -> None:
        kana = term.kana
        assert kana is not None
        for index, (first, last, quality) in self._readings().find(kana).items():
            if index in hits:
                continue
            words = self._readings().words(index)
            detail = " ".join(words[first : last + 1])
            hits[index] = _Hit(MatchKind.READING, _score(MatchKind.READING, quality), detail)

    def _match_variants(self, term: Term, hits: dict[int, _Hit]) -> None:
        names, _ = self._canonical()
        for needle in term.canonical:
            for index, name in enumerate(names):
                if needle in name and _better(hits, index, MatchKind.VARIANT):
                    quality = 0.6 * len(needle) / len(name) + 0.4 * name.startswith(needle)
                    hit = _Hit(MatchKind.VARIANT, _score(MatchKind.VARIANT, quality))
                    _keep_best(hits, index, hit)

    def _match_contexts(self, term: Term, hits: dict[int, _Hit]) -> None:
        titles = self._titles
        canonical_titles = self._canonical()[1] if term.canonical else None
        matched: dict[int, _Hit] = {}
        for title_id, title in enumerate(titles):
            length = 0
            for needle in term.needles:
                if needle in title.key:
                    length = max(length, len(needle))
            if canonical_titles is not None:
                for needle in term.canonical:
                    if needle in canonical_titles[title_id]:
                        length = max(length, len(needle))
            if not length:
                continue
            coverage = length / max(len(title.key), length)
            quality = 0.6 * title.specificity + 0.4 * coverage
            score = _score(MatchKind.CONTEXT, quality)
            matched[title_id] = _Hit(MatchKind.CONTEXT, score, title.text)
        if not matched:
            return
        context_rank = MatchKind.CONTEXT.rank
        for group, title_ids in enumerate(self._group_titles):
            hits_here = [matched[t] for t in title_ids if t in matched]
            best = max(hits_here, key=_hit_score, default=None)
            if best is None:
                continue
            for index in self._group_projects[group]:
                current = hits.get(index)
                if current is None or (
                    _RANK[current.kind] >= context_rank and best.score > current.score
                ):
                    hits[index] = best

    def _match_sources(self, term: Term, hits: dict[int, _Hit]) -> None:
        """Raw source text, where the match reaches into the project's own part of the line.

        A line that ran two names together is the source of both; a term found only inside
        the neighbour's part is the neighbour's name (matched there), not this project's.
        """
        for index, (source, own_start, own_end) in enumerate(self._sources):
            if not source or index in hits:
                continue
            length = 0
            for needle in term.needles:
                if _overlaps(needle, source, own_start, own_end):
                    length = max(length, len(needle))
            if term.canonical and not length:
                canonical = self.variants.canonical_with_map(source)
                for needle in term.canonical:
                    for start, end in _occurrences(needle, canonical[0]):
                        first, last = canonical[1][start][0], canonical[1][end - 1][1]
                        if first < own_end and last > own_start:
                            length = max(length, len(needle))
            if length:
                quality = length / len(source)
                text = self.projects[index].provenance.source_text  # type: ignore[union-attr]
                hits[index] = _Hit(MatchKind.SOURCE, _score(MatchKind.SOURCE, quality), text)

    def _match_fuzzy(self, term: Term) -> tuple[dict[int, _Hit], tuple[str, float] | None]:
        """Typo tolerance for a term nothing else matched; imports rapidfuzz only now."""
        hits: dict[int, _Hit] = {}
        longest = max(len(needle) for needle in term.needles)
        if longest < FUZZY_MIN_LENGTH:
            return hits, None
        similarity = self._similarities(term)
        threshold = self.fuzzy_threshold
        near: tuple[int, float, str] | None = None
        for index, (score, needle) in similarity.items():
            if score >= threshold:
                quality = (score - threshold) / max(100.0 - threshold, 1e-9)
                detail = f"{score:.0f}%"
                if not needle:  # the reading, not the name, was the similar one
                    detail += " reading " + self._aligned_text("", index, term.kana, " ")
                hits[index] = _Hit(MatchKind.FUZZY, _score(MatchKind.FUZZY, quality), detail)
            elif near is None or score > near[1]:
                near = (index, score, needle)
        if hits or near is None:
            return hits, None
        index, score, needle = near
        return hits, (self._aligned_text(needle, index, term.kana), score)

    def _similarities(self, term: Term) -> dict[int, tuple[float, str]]:
        """Per project, its best similarity with the term (see _fuzzy_alignment) and the needle.

        Names are compared with the term's key (and its kana, for romaji); readings with its
        kana, the needle then recorded as "" (a reading, not a name, was the near one). Only
        similarities of min(SUGGEST_THRESHOLD, threshold) or more are kept.
        """
        from rapidfuzz import fuzz, process

        cutoff = min(SUGGEST_THRESHOLD, self.fuzzy_threshold)
        best: dict[int, tuple[float, str]] = {}

        def collect(needle: str, choices: Sequence[str], names: bool) -> None:
            if len(needle) < FUZZY_MIN_LENGTH:
                return
            pad = _PAD * (len(needle) - 1)
            padded = [pad + choice + pad for choice in choices]
            found = process.extract(
                needle, padded, scorer=fuzz.partial_ratio, score_cutoff=cutoff, limit=None
            )
            for _, score, index in found:
                if index not in best or score > best[index][0]:
                    best[index] = (score, needle if names else "")

        for needle in term.needles:
            collect(needle, self._names, names=True)
        if term.kana:
            collect(term.kana, self._readings().keys(), names=False)
        return best

    def _aligned_text(
        self, needle: str, index: int, kana: str | None = None, separator: str = ""
    ) -> str:
        """The part of a project's name most like a needle, or with needle "" the reading
        words most like the kana (joined by `separator`): for "did you mean" and explanations.
        """
        if not needle:
            joined, starts = self._readings().key_of(index)
            words = self._readings().words(index)
            if not kana or not words:
                return self.projects[index].name
            start, end, _ = _fuzzy_alignment(kana, joined, trim=True)
            first = max((n for n, s in enumerate(starts) if s <= start), default=0)
            last = max((n for n, s in enumerate(starts) if s < end), default=first)
            return separator.join(words[first : last + 1])
        name = self.projects[index].name
        start, end, _ = _fuzzy_alignment(needle, self._names[index])
        span = _original_span(name, start, end)
        return name[span[0] : span[1]] if span else name

    # -- the query --------------------------------------------------------------------------

    def search(
        self,
        query: str | Sequence[str],
        scope: Scope | None = None,
        limit: int | None = None,
    ) -> SearchOutcome:
        """Rank the projects matching every term of a query; UsageError if it has no term."""
        terms = parse_terms(query, self.variants)
        if not terms:
            raise UsageError(
                "empty query: give a word to search for (spaces and punctuation alone match "
                "nothing)"
            )
        matched: list[dict[int, _Hit]] = []
        misses: list[tuple[str, float] | None] = []
        for term in terms:
            hits, near = self._match_term(term)
            matched.append(hits)
            misses.append(near)
        common = set(min(matched, key=len))
        for hits in matched:
            common.intersection_update(hits)
        if scope is not None:
            placements = self._placements
            common = {i for i in common if any(scope.admits(p) for p in placements[i])}
        # (-score, index): sorting the pairs ranks best first, ties in document order.
        if len(matched) == 1:
            hits = matched[0]
            ranked = [(-round(hits[index].score, 1), index) for index in common]
        else:
            count = len(matched)
            ranked = [
                (-round(sum(hits[index].score for hits in matched) / count, 1), index)
                for index in common
            ]
        ranked.sort()
        shown = ranked if limit is None else ranked[:limit]
        results = tuple(
            self._result(index, self._shown_placement(index, scope), -score, terms, matched)
            for score, index in shown
        )
        suggestion = None
        if not ranked and any(misses):
            pairs = zip(terms, misses, strict=True)
            suggestion = " ".join(near[0] if near else term.text for term, near in pairs)
        return SearchOutcome(tuple(terms), results, len(ranked), suggestion)

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
        terms: Sequence[Term],
        matched: Sequence[dict[int, _Hit]],
    ) -> SearchResult:
        term_matches = tuple(
            TermMatch(term, hits[index].kind, round(hits[index].score, 1), hits[index].detail)
            for term, hits in zip(terms, matched, strict=True)
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
                    key_ranges.extend(_occurrences(needle, key))
            elif match.kind is MatchKind.VARIANT:
                canonical, origin = self.variants.canonical_with_map(key)
                for needle in match.term.canonical:
                    for start, end in _occurrences(needle, canonical):
                        key_ranges.append((origin[start][0], origin[end - 1][1]))
            elif match.kind is MatchKind.FUZZY:
                aligned = [_fuzzy_alignment(needle, key) for needle in match.term.needles]
                start, end, similarity = max(aligned, key=lambda a: a[2])
                if end > start and similarity >= self.fuzzy_threshold:  # else the reading was
                    key_ranges.append((start, end))
        if not key_ranges:
            return ()
        offsets = _key_offsets(name)
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


def search(
    catalog: Catalog,
    query: str | Sequence[str],
    variants: Iterable[Sequence[str]] | VariantTable = (),
    scope: Scope | None = None,
    limit: int | None = None,
) -> SearchOutcome:
    """Build an index of a catalog and run one query on it (see SearchIndex.search)."""
    return SearchIndex(catalog, variants).search(query, scope=scope, limit=limit)


# -- helpers --------------------------------------------------------------------------------


def _keys_fit(keys: Mapping[str, Any], count: int) -> bool:
    """Tell whether cached keys are well-formed for `count` projects (else they are rebuilt)."""
    names, text = keys.get("names"), keys.get("reading_text")
    return (
        isinstance(names, list)
        and len(names) == count
        and all(isinstance(name, str) for name in names)
        and isinstance(text, str)
        and text.count(_PROJECT) == count + 1
    )


def _keep_best(hits: dict[int, _Hit], index: int, hit: _Hit) -> None:
    current = hits.get(index)
    if current is None or hit.score > current.score:
        hits[index] = hit


def _better(hits: dict[int, _Hit], index: int, kind: MatchKind) -> bool:
    """Tell whether a match of this kind could still improve a project's hit."""
    current = hits.get(index)
    return current is None or current.kind.rank >= kind.rank


_PAD = "\x00"  # never in a key: normalize() drops control characters


def _fuzzy_alignment(needle: str, key: str, trim: bool = False) -> tuple[int, int, float]:
    """The [start, end) of the part of a key most like the needle, and the similarity.

    The similarity is rapidfuzz's partial_ratio against the key padded with len(needle) - 1
    characters that match nothing on each side, so that every window compared is as long as
    the needle: unpadded, a name that merely starts with the needle's first three characters
    would score 2*3/(3+5) = 75 for a five-character needle. Padded, the score is the share of
    the needle found in order in the best needle-long stretch: one wrong, missing, extra or
    swapped character in n gives 100 * (n - 1) / n. The range is the whole needle-long
    stretch (a wrong last character is part of it); `trim` narrows it to the characters the
    needle shares with it.
    """
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Indel

    pad = _PAD * (len(needle) - 1)
    alignment = fuzz.partial_ratio_alignment(needle, pad + key + pad)
    width = alignment.dest_end - alignment.dest_start
    start = min(max(alignment.dest_start - len(pad), 0), max(len(key) - width, 0))
    end = min(start + width, len(key))
    if trim:
        shared = [op for op in Indel.opcodes(needle, key[start:end]) if op.tag == "equal"]
        if shared:
            start, end = start + shared[0].dest_start, start + shared[-1].dest_end
    return start, end, alignment.score


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


def _map_joined(function: Any, keys: list[str]) -> list[str]:
    """Apply a key-to-key function to many keys in one call, when it cannot join two keys."""
    if any(_PROJECT in key for key in keys):
        return [function(key) for key in keys]
    return function(_PROJECT.join(keys)).split(_PROJECT) if keys else []


def _hit_score(hit: _Hit) -> float:
    return hit.score


def _title(item: Any) -> str | None:
    """The title of an area, field or initiative, or None for none."""
    return item.title if item is not None else None


_WORD = "|"  # separates the words of a reading: kept by normalize(), never in a kana key
_PROJECT = "\ufffc"  # separates projects: kept by normalize(), never in a key of typed text


class _Readings:
    """Every project's reading as one normalised text, matched from word starts by a regex.

    The text is `P w|w|w P w|w P ...` (P = U+FFFC, one | per space of the reading). A kana
    key matches where its first character follows a separator and the rest follows with
    separators allowed between characters, so it may run on over the next words
    (やかんちゅがっこ matches やかん|ちゅがっこ) but never starts inside a word.
    """

    def __init__(self, projects: Sequence[Project], text: str | None = None) -> None:
        self.projects = projects
        if text is not None:  # from the cache: the text this constructor made before
            self.text = text
            self._index_starts(len(projects))
            return
        readings = [project.reading or "" for project in projects]
        joined = _PROJECT.join(readings)
        if joined.count(_PROJECT) != len(readings) - 1:  # a reading holding the separator
            joined = _PROJECT.join(reading.replace(_PROJECT, "") for reading in readings)
        joined = re.sub(r"\s+", _WORD, joined.replace(_WORD, ""))  # words as split() sees them
        edges = f"\\{_WORD}*{_PROJECT}\\{_WORD}*"  # no word break next to a project break
        joined = re.sub(edges, _PROJECT, f"{_PROJECT}{joined}{_PROJECT}")
        self.text = normalize(joined)
        self._index_starts(len(readings))

    def _index_starts(self, count: int) -> None:
        """Where each project's reading starts in the text (one separator before each)."""
        self.starts: list[int] = []
        position = 0
        for _ in range(count):
            position = self.text.index(_PROJECT, position) + 1
            self.starts.append(position)
        self.starts.append(len(self.text))

    def words(self, index: int) -> list[str]:
        """The words of one project's reading, as written."""
        reading = (self.projects[index].reading or "").replace(_WORD, "").replace(_PROJECT, "")
        return reading.split()

    def find(self, kana: str) -> dict[int, tuple[int, int, float]]:
        """Per matching project: the first and last word matched, and the match's quality."""
        first = re.escape(kana[0])
        rest = "".join(f"\\{_WORD}*{re.escape(char)}" for char in kana[1:])
        pattern = re.compile(f"{first}(?<=[{_WORD}{_PROJECT}]{first}){rest}")
        text, starts = self.text, self.starts
        found: dict[int, tuple[int, int, float]] = {}
        for match in pattern.finditer(text):
            index = bisect.bisect_right(starts, match.start()) - 1
            if index in found:
                continue
            start, end = starts[index], starts[index + 1] - 1
            length = (end - start) - text.count(_WORD, start, end)
            first_word = text.count(_WORD, start, match.start())
            last_word = text.count(_WORD, start, match.end() - 1)
            quality = 0.6 * len(kana) / max(length, 1) + 0.4 * (first_word == 0)
            found[index] = (first_word, last_word, quality)
        return found

    def keys(self) -> list[str]:
        """Each project's reading key, its words run together (for fuzzy matching)."""
        return self.text[1:-1].replace(_WORD, "").split(_PROJECT)

    def key_of(self, index: int) -> tuple[str, list[int]]:
        """One project's reading key, and where each of its words starts in it."""
        keys = self.text[self.starts[index] : self.starts[index + 1] - 1].split(_WORD)
        starts: list[int] = []
        offset = 0
        for key in keys:
            starts.append(offset)
            offset += len(key)
        return "".join(keys), starts


def _overlaps(needle: str, text: str, start: int, end: int) -> bool:
    """Tell whether some occurrence of a needle in a text overlaps [start, end)."""
    return any(first < end and last > start for first, last in _occurrences(needle, text))


def _primary(placements: Sequence[Placement]) -> Placement:
    return next((p for p in placements if not p.repost), placements[0])


def _primary_or_first(placements: Sequence[Placement]) -> Placement:
    """Of some placements of a project: its primary if among them, else the first."""
    primary = _primary(placements)
    return primary if not primary.repost else placements[0]


def _occurrences(needle: str, text: str) -> list[tuple[int, int]]:
    """Every non-overlapping [start, end) of a needle in a text."""
    found: list[tuple[int, int]] = []
    if not needle:
        return found
    position = text.find(needle)
    while position >= 0:
        found.append((position, position + len(needle)))
        position = text.find(needle, position + len(needle))
    return found


def _key_offsets(text: str) -> tuple[list[int], list[int]] | None:
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


def _original_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The range of `text` that the key range [start, end) of normalize(text) stands for."""
    offsets = _key_offsets(text)
    if offsets is None or end <= start:
        return None
    starts, ends = offsets
    return starts[start], ends[end - 1]
