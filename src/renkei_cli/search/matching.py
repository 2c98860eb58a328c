"""Matching one term against every project, level by level (name ... source)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from renkei_cli.model import Catalog, Placement, Project
from renkei_cli.search.english import EnglishTexts, query_words
from renkei_cli.search.highlight import (
    occurrences,
    original_span,
    overlaps,
)
from renkei_cli.search.readings import (
    PROJECT_BREAK,
    Readings,
)
from renkei_cli.search.scoring import (
    _RANK,
    FUZZY_MIN_LENGTH,
    SPECIFICITY,
    SUGGEST_THRESHOLD,
    Hit,
    MatchKind,
    Title,
    TopicKeys,
    better,
    hit_score,
    keep_best,
    score_of,
)
from renkei_cli.search.terms import (
    QueryTerm,
    VariantTable,
)


class TermMatching:
    """The matching half of SearchIndex: one term against every project, level by level.

    A mixin, so the index's keys are plain attributes; SearchIndex builds them.
    """

    catalog: Catalog
    variants: VariantTable
    fuzzy_threshold: float
    projects: tuple[Project, ...]
    _names: list[str]
    _reading_text: Readings | None
    _sources: list[tuple[str, int, int]]
    _titles: list[Title]
    _topics: list[TopicKeys]
    _group_titles: list[tuple[int, ...]]
    _group_projects: list[list[int]]
    _canonical_names: list[str] | None
    _canonical_titles: list[str] | None
    _placements: list[tuple[Placement, ...]]
    _english: EnglishTexts | None
    _topic_english: list[tuple[str, tuple[int, ...]]]

    def _readings(self) -> Readings:
        """Every project's reading, normalised, in one text (built on first use)."""
        if self._reading_text is None:
            self._reading_text = Readings(self.projects)
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

    def _match_term(self, term: QueryTerm) -> tuple[dict[int, Hit], tuple[str, float] | None]:
        """Every project a term matches, at its best level; and a near miss if none."""
        hits: dict[int, Hit] = {}
        self._match_names(term, hits)
        if term.kana:
            self._match_readings(term, hits)
        if term.canonical:
            self._match_variants(term, hits)
        self._match_english(term, hits)
        self._match_contexts(term, hits)
        match_topics(self._topics, term, hits)
        self._match_sources(term, hits)
        if hits:
            return hits, None
        return self._match_fuzzy(term)

    def _match_names(self, term: QueryTerm, hits: dict[int, Hit]) -> None:
        for needle in term.needles:
            for index, name in enumerate(self._names):
                if needle in name:
                    quality = 0.6 * len(needle) / len(name) + 0.4 * name.startswith(needle)
                    keep_best(hits, index, Hit(MatchKind.NAME, score_of(MatchKind.NAME, quality)))

    def _match_english(self, term: QueryTerm, hits: dict[int, Hit]) -> None:
        """A plain-ASCII term as English words (search/english.py), for the projects its
        Japanese forms (name, romaji reading, variant) did not match: `kokura` stays romaji
        where it is, `airport` is English. The English texts are built on first use."""
        words = query_words(term.text)
        if words is None:
            return
        english: dict[int, Hit] = {}
        self._english_texts().match(words, english)
        for index, hit in english.items():
            hits.setdefault(index, hit)

    def _english_texts(self) -> EnglishTexts:
        """The projects' English texts as word sets (built on first use)."""
        if self._english is None:
            english = EnglishTexts.of_catalog(self.catalog, self.projects, self._placements)
            for title, members in self._topic_english:  # a topic's English title, as a theme's
                for index in members:
                    english.add(index, title, SPECIFICITY["theme"])
            self._english = english
        return self._english

    def _match_readings(self, term: QueryTerm, hits: dict[int, Hit]) -> None:
        kana = term.kana
        assert kana is not None
        for index, (first, last, quality) in self._readings().find(kana).items():
            if index in hits:
                continue
            words = self._readings().words(index)
            detail = " ".join(words[first : last + 1])
            hits[index] = Hit(MatchKind.READING, score_of(MatchKind.READING, quality), detail)

    def _match_variants(self, term: QueryTerm, hits: dict[int, Hit]) -> None:
        names, _ = self._canonical()
        for needle in term.canonical:
            for index, name in enumerate(names):
                if needle in name and better(hits, index, MatchKind.VARIANT):
                    quality = 0.6 * len(needle) / len(name) + 0.4 * name.startswith(needle)
                    hit = Hit(MatchKind.VARIANT, score_of(MatchKind.VARIANT, quality))
                    keep_best(hits, index, hit)

    def _match_contexts(self, term: QueryTerm, hits: dict[int, Hit]) -> None:
        titles = self._titles
        canonical_titles = self._canonical()[1] if term.canonical else None
        matched: dict[int, Hit] = {}
        for title_id, title in enumerate(titles):
            length = 0
            for needle in term.needles:
                if needle in title.key:
                    length = max(length, len(needle))
            if term.kana and _starts_a_word(term.kana, title.words):
                length = max(length, round(len(term.kana) * len(title.key) / _length(title)))
            if canonical_titles is not None:
                for needle in term.canonical:
                    if needle in canonical_titles[title_id]:
                        length = max(length, len(needle))
            if not length:
                continue
            coverage = length / max(len(title.key), length)
            quality = 0.6 * title.specificity + 0.4 * coverage
            score = score_of(MatchKind.CONTEXT, quality)
            matched[title_id] = Hit(MatchKind.CONTEXT, score, title.text)
        if not matched:
            return
        context_rank = MatchKind.CONTEXT.rank
        for group, title_ids in enumerate(self._group_titles):
            hits_here = [matched[t] for t in title_ids if t in matched]
            best = max(hits_here, key=hit_score, default=None)
            if best is None:
                continue
            for index in self._group_projects[group]:
                current = hits.get(index)
                if current is None or (
                    _RANK[current.kind] >= context_rank and best.score > current.score
                ):
                    hits[index] = best

    def _match_sources(self, term: QueryTerm, hits: dict[int, Hit]) -> None:
        """Raw source text, where the match reaches into the project's own part of the line.

        A line that ran two names together is the source of both; a term found only inside
        the neighbour's part is the neighbour's name (matched there), not this project's.
        """
        for index, (source, own_start, own_end) in enumerate(self._sources):
            if not source or index in hits:
                continue
            length = 0
            for needle in term.needles:
                if overlaps(needle, source, own_start, own_end):
                    length = max(length, len(needle))
            if term.canonical and not length:
                canonical = self.variants.canonical_with_map(source)
                for needle in term.canonical:
                    for start, end in occurrences(needle, canonical[0]):
                        first, last = canonical[1][start][0], canonical[1][end - 1][1]
                        if first < own_end and last > own_start:
                            length = max(length, len(needle))
            if length:
                quality = length / len(source)
                text = self.projects[index].provenance.source_text  # type: ignore[union-attr]
                hits[index] = Hit(MatchKind.SOURCE, score_of(MatchKind.SOURCE, quality), text)

    def _match_fuzzy(self, term: QueryTerm) -> tuple[dict[int, Hit], tuple[str, float] | None]:
        """Typo tolerance for a term nothing else matched; imports rapidfuzz only now."""
        hits: dict[int, Hit] = {}
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
                hits[index] = Hit(MatchKind.FUZZY, score_of(MatchKind.FUZZY, quality), detail)
            elif near is None or score > near[1]:
                near = (index, score, needle)
        if hits or near is None:
            return hits, None
        index, score, needle = near
        return hits, (self._aligned_text(needle, index, term.kana), score)

    def _similarities(self, term: QueryTerm) -> dict[int, tuple[float, str]]:
        """Per project, its best similarity with the term (see fuzzy_alignment) and the needle.

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
            # A name shorter than cutoff% of the needle cannot reach the cutoff (at most
            # len(name) of the needle's characters can match): skipped, not padded, so the
            # work stays linear in the needle's length.
            padded = {
                i: pad + choice + pad
                for i, choice in enumerate(choices)
                if len(choice) * 100 >= cutoff * len(needle)
            }
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
            start, end, _ = fuzzy_alignment(kana, joined, trim=True)
            first = max((n for n, s in enumerate(starts) if s <= start), default=0)
            last = max((n for n, s in enumerate(starts) if s < end), default=first)
            return separator.join(words[first : last + 1])
        name = self.projects[index].name
        start, end, _ = fuzzy_alignment(needle, self._names[index])
        span = original_span(name, start, end)
        return name[span[0] : span[1]] if span else name

    # -- the query --------------------------------------------------------------------------


def match_topics(topics: Sequence[TopicKeys], term: QueryTerm, hits: dict[int, Hit]) -> None:
    """renkei's topics, at the context level: a term naming a topic (its title, a ・ part,
    their readings) or one of its synonyms reaches every project of the topic."""
    keys = {term.key, *term.needles}
    context_rank = MatchKind.CONTEXT.rank
    for topic in topics:
        # Below a title of the document's own that the term fills (quality 1.0): the
        # document's grouping first, renkei's classification after it.
        if keys & topic.names:
            quality = 0.9
        elif keys & topic.synonyms:
            quality = 0.7
        else:
            continue
        hit = Hit(MatchKind.CONTEXT, score_of(MatchKind.CONTEXT, quality), f"topic {topic.title}")
        for index in topic.projects:
            current = hits.get(index)
            if current is None or (
                _RANK[current.kind] >= context_rank and hit.score > current.score
            ):
                hits[index] = hit


def _starts_a_word(kana: str, suffixes: Sequence[str]) -> bool:
    """Tell whether kana matches a reading from the start of one of its words, running on
    over the next words if it is longer (さいがいたいさく matches さいがい たいさく)."""
    return any(suffix.startswith(kana) for suffix in suffixes)


def _length(title: Title) -> int:
    """The length of a title's reading key (at least 1)."""
    return max(len(title.words[0]) if title.words else 0, 1)


_PAD = "\x00"  # never in a key: normalize() drops control characters


def fuzzy_alignment(needle: str, key: str, trim: bool = False) -> tuple[int, int, float]:
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
    assert alignment is not None  # None only below a score_cutoff, and none is given
    width = alignment.dest_end - alignment.dest_start
    start = min(max(alignment.dest_start - len(pad), 0), max(len(key) - width, 0))
    end = min(start + width, len(key))
    if trim:
        shared = [op for op in Indel.opcodes(needle, key[start:end]) if op.tag == "equal"]
        if shared:
            start, end = start + shared[0].dest_start, start + shared[-1].dest_end
    return start, end, alignment.score


def _map_joined(function: Any, keys: list[str]) -> list[str]:
    """Apply a key-to-key function to many keys in one call, when it cannot join two keys."""
    if any(PROJECT_BREAK in key for key in keys):
        return [function(key) for key in keys]
    return function(PROJECT_BREAK.join(keys)).split(PROJECT_BREAK) if keys else []
