"""Cross-references: projects placed more than once, shared terms, and related projects.

The table groups projects by initiative; the links it does not draw are the words their names
share. Terms are found in the names themselves, with no dictionary and no hand-written list of
places or industries (see README, "How shared terms are found"):

1. A name is cut into runs of one script: kanji, katakana, Latin letters and digits. Hiragana
   and punctuation separate runs, the way particles separate words.
2. Generic words also separate runs: every two-character string of the vision's own title
   (北九, 九州, 都市, 圏域, 連携...: they name the whole plan, not a project), the action nouns
   in ACTION_NOUNS (what a project does, not what it is about), and, found in the data, every
   string that occurs in at least GENERIC_SHARE of the initiatives (事業, 北九州, 推進, 支援...).
3. Candidates are the kanji strings of two or more characters, and the whole katakana or Latin
   runs (a loanword such as ケアマネジメント cannot be split without a dictionary), that occur
   in at least two names. Longest first, each candidate keeps the names where it stands outside
   a longer term already kept; it is a term if two or more names remain. So 自動車 is not a
   term: each of its occurrences is part of 自動車産業 or 東九州自動車道.
4. A term is shown as the longest string around it that all its occurrences share: 空港 is
   shown as 北九州空港.
5. Weight = idf x information: idf = ln(projects / projects sharing the term) says how rare the
   term is among projects; information = the sum over its characters of log2(1 / p(c)), p(c)
   the share of that character among all characters of the names, says how unlikely the
   string is to be shared by chance (long strings of rare characters weigh most).
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from renkei_cli.model import Catalog, Project

if TYPE_CHECKING:
    from renkei_cli.topics import TopicTable

# Nouns for what a project does (強化 strengthen, 整備 build, 実施 carry out...), not what it is
# about; two projects that both "strengthen" something share no subject. Only nouns found in
# two or more names matter (a string in one name links nothing), so the list holds those; 共同
# (jointly) is the plan's mode of working, like 連携 and 広域, which the data finds by itself.
ACTION_NOUNS = (
    "強化",
    "促進",
    "整備",
    "実施",
    "検討",
    "開催",
    "提供",
    "構築",
    "向上",
    "活用",
    "利用",
    "確保",
    "運営",
    "振興",
    "協議",
    "共同",
)
# A string in at least this share of the initiatives (5 of 25) describes no project's subject;
# GENERIC_MIN keeps a string that links just two initiatives a candidate in a small catalog.
GENERIC_SHARE = 0.2
GENERIC_MIN = 3
MIN_KANJI = 2
# `show` lists at most this many related projects (the table's most linked project has 8).
RELATED_LIMIT = 10

KANJI, KATAKANA, LATIN = "kanji", "katakana", "latin"


@dataclass(frozen=True, slots=True)
class SharedTerm:
    """A string shared by the names of two or more projects, with its specificity."""

    text: str  # as shown: the longest string around it that all its occurrences share
    project_ids: tuple[str, ...]  # in document order
    idf: float
    information: float  # bits

    @property
    def weight(self) -> float:
        return self.idf * self.information


@dataclass(frozen=True, slots=True)
class Related:
    """A project related to another by the topics they share and the terms their names share."""

    project: Project
    shared: tuple[SharedTerm, ...]  # heaviest first
    score: float  # the shared topics' weights, then the shared terms'
    across_areas: bool  # no area in common with the project it relates to
    topics: tuple[str, ...] = ()  # the ids of renkei's topics both have

    def reasons(self, titles: dict[str, str] | None = None, terms: bool = True) -> list[str]:
        """Why they are related, strongest first: `topic: 空港`, then `term: 北九州空港` (without
        `terms`: `shared terms: 2`, for views that show no Japanese)."""
        titles = titles or {}
        topics = [f"topic: {titles.get(t, t)}" for t in self.topics]
        if not terms:
            return topics + ([f"shared terms: {len(self.shared)}"] if self.shared else [])
        return topics + [f"term: {term.text}" for term in self.shared]


@dataclass(frozen=True)
class TermIndex:
    """Every shared term of a catalog, and the generic strings that were set aside."""

    terms: tuple[SharedTerm, ...]  # heaviest first
    generic: tuple[str, ...]  # the separators: title strings, action nouns, frequent strings
    by_project: dict[str, tuple[SharedTerm, ...]]


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def script_of(character: str) -> str | None:
    """KANJI, KATAKANA or LATIN (ASCII letters and digits); None for hiragana, punctuation...

    Plain code-point ranges: a compiled regular expression with these classes costs ~5 ms of
    start-up, more than finding every term of the table."""
    code = ord(character)
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
        return KANJI
    if character in "々〆ヶ":
        return KANJI
    if 0x30A1 <= code <= 0x30FA or character == "ー":
        return KATAKANA
    if character.isascii() and character.isalnum():
        return LATIN
    return None


def title_words(title: str) -> list[str]:
    """Every two-character kanji string of the vision's title: words that name the whole plan."""
    text = _normalise(title)
    return [
        text[i : i + 2]
        for i in range(len(text) - 1)
        if script_of(text[i]) == script_of(text[i + 1]) == KANJI
    ]


def _mask(text: str, separators: set[str], longest: int) -> list[tuple[int, int]]:
    """Where the separators occur in a name: (start, end) intervals, overlaps kept."""
    return [
        (start, end)
        for start in range(len(text))
        for end in range(start + 2, min(len(text), start + longest) + 1)
        if text[start:end] in separators
    ]


def _segments(text: str, masked: list[tuple[int, int]]) -> list[tuple[int, str, str]]:
    """The script runs of a name, cut wherever a separator occurs: (start, segment, script)."""
    scripts = [script_of(character) for character in text]
    for start, end in masked:
        scripts[start:end] = [None] * (end - start)
    segments: list[tuple[int, str, str]] = []
    start = 0
    for position in range(1, len(text) + 1):
        if position == len(text) or scripts[position] != scripts[start]:
            script = scripts[start]
            if script is not None:
                segments.append((start, text[start:position], script))
            start = position
    return segments


def _candidates(segment: str, script: str) -> Iterator[tuple[int, str]]:
    """Kanji substrings of two or more characters; a katakana or Latin run only whole."""
    if script == KANJI:
        for i in range(len(segment)):
            for j in range(i + MIN_KANJI, len(segment) + 1):
                yield i, segment[i:j]
    elif len(segment) >= 2:
        yield 0, segment


def _occurrences(
    names: dict[str, str], masks: dict[str, list[tuple[int, int]]]
) -> dict[str, dict[str, list[int]]]:
    """Candidate string -> project id -> start offsets in the name."""
    found: dict[str, dict[str, list[int]]] = {}
    for project_id, name in names.items():
        for start, segment, script in _segments(name, masks.get(project_id, [])):
            for offset, candidate in _candidates(segment, script):
                found.setdefault(candidate, {}).setdefault(project_id, []).append(start + offset)
    return found


def frequent_strings(catalog: Catalog, names: dict[str, str]) -> list[str]:
    """Strings found in at least GENERIC_SHARE of the initiatives (and GENERIC_MIN): 事業, 北九州,
    推進..."""
    initiatives_of = {project_id: initiative_keys_of(catalog, project_id) for project_id in names}
    threshold = max(GENERIC_MIN, GENERIC_SHARE * len(catalog.initiatives))
    frequent = [
        text
        for text, where in _occurrences(names, {}).items()
        if len({key for project_id in where for key in initiatives_of[project_id]}) >= threshold
    ]
    return sorted(frequent, key=lambda text: (-len(text), text))


def _is_word(character: str) -> bool:
    return bool(character) and script_of(character) is not None


def _shown_as(
    names: dict[str, str],
    masks: dict[str, list[tuple[int, int]]],
    spans: list[tuple[str, int, int]],
) -> str:
    """The longest string around the spans that all share, cutting no separator in two."""
    while True:
        before = {names[p][a - 1] if a > 0 else "" for p, a, _ in spans}
        after = {names[p][b] if b < len(names[p]) else "" for p, _, b in spans}
        if len(before) == 1 and _is_word(next(iter(before))):
            spans = [(p, a - 1, b) for p, a, b in spans]
        elif len(after) == 1 and _is_word(next(iter(after))):
            spans = [(p, a, b + 1) for p, a, b in spans]
        else:
            break
    while True:
        left = max((e - a for p, a, _ in spans for s, e in masks[p] if s < a < e), default=0)
        right = max((b - s for p, _, b in spans for s, e in masks[p] if s < b < e), default=0)
        if not left and not right:
            break
        spans = [(p, a + left, b - right) for p, a, b in spans]
    project_id, start, end = spans[0]
    return names[project_id][start:end]


def build_terms(catalog: Catalog) -> TermIndex:
    """Find the shared terms of the catalog's project names and weigh them."""
    names = {project.id: _normalise(project.name) for project in catalog.projects}
    order = {project.id: index for index, project in enumerate(catalog.projects)}
    separators = list(
        dict.fromkeys(
            [*title_words(catalog.source.title), *ACTION_NOUNS, *frequent_strings(catalog, names)]
        )
    )
    separator_set = set(separators)
    longest = max(map(len, separator_set), default=0)
    masks = {p: _mask(name, separator_set, longest) for p, name in names.items()}
    occurrences = _occurrences(names, masks)
    characters = Counter(character for name in names.values() for character in name)
    total = sum(characters.values())

    covered = {project_id: [False] * len(name) for project_id, name in names.items()}
    by_text: dict[str, set[str]] = {}
    for text in sorted(occurrences, key=lambda t: (-len(t), t)):
        where = occurrences[text]
        if len(where) < 2:
            continue
        free = {
            project_id: [a for a in starts if not all(covered[project_id][a : a + len(text)])]
            for project_id, starts in where.items()
        }
        free = {project_id: starts for project_id, starts in free.items() if starts}
        if len(free) < 2:
            continue
        for project_id, starts in free.items():
            for start in starts:
                covered[project_id][start : start + len(text)] = [True] * len(text)
        spans = [(p, a, a + len(text)) for p, starts in free.items() for a in starts]
        by_text.setdefault(_shown_as(names, masks, spans), set()).update(free)

    count = len(names)
    terms = [
        SharedTerm(
            text=shown,
            project_ids=tuple(sorted(project_ids, key=order.__getitem__)),
            idf=math.log(count / len(project_ids)),
            information=sum(math.log2(total / characters[c]) for c in shown),
        )
        for shown, project_ids in by_text.items()
    ]
    terms.sort(key=lambda term: (-term.weight, term.text))
    by_project: dict[str, list[SharedTerm]] = {}
    for term in terms:
        for project_id in term.project_ids:
            by_project.setdefault(project_id, []).append(term)
    return TermIndex(
        terms=tuple(terms),
        generic=tuple(separators),
        by_project={key: tuple(value) for key, value in by_project.items()},
    )


def initiative_keys_of(catalog: Catalog, project_id: str) -> set[str]:
    return {p.initiative_key for p in catalog.placements_of(project_id)}


def areas_of(catalog: Catalog, project_id: str) -> set[int]:
    return {p.area for p in catalog.placements_of(project_id)}


def links_across(catalog: Catalog, term: SharedTerm) -> bool:
    """True if no one initiative holds every project of the term (a link the table lacks)."""
    common = set.intersection(*(initiative_keys_of(catalog, p) for p in term.project_ids))
    return not common


def crosses_areas(catalog: Catalog, term: SharedTerm) -> bool:
    """True if no one area holds every project of the term."""
    return not set.intersection(*(areas_of(catalog, p) for p in term.project_ids))


def term_links(catalog: Catalog, index: TermIndex, within: bool = False) -> list[SharedTerm]:
    """The shared-term network: terms linking different initiatives (`within`: all terms)."""
    return [term for term in index.terms if within or links_across(catalog, term)]


def generic_terms(catalog: Catalog, index: TermIndex, topics: TopicTable | None) -> set[str]:
    """The shared terms that are single generic nouns: two characters whose projects have no
    topic and no initiative in common (総合, 拠点, 関連, 施設, 理解, 情報, 高度...).

    Measured, not listed: a two-character noun that names a subject (消防, 水道, 女性, 学校)
    recurs in projects of that subject, while a generic one (拠点: a wind-power hub, an
    airport cargo hub, a childcare centre) recurs across unrelated ones. Such a term still
    adds to a link that something else makes, but never links two projects on its own.
    """
    generic = set()
    for term in index.terms:
        if len(term.text) != MIN_KANJI:
            continue
        common = set.intersection(*(initiative_keys_of(catalog, p) for p in term.project_ids))
        if topics is not None:
            common |= set.intersection(*(set(topics.topics_of(p)) for p in term.project_ids))
        if not common:
            generic.add(term.text)
    return generic


def topic_weight(topics: TopicTable, topic_id: str, projects: int) -> float:
    """How much a shared topic says: 100 x idf, so a topic outweighs any shared term (the
    heaviest weighs ~190) unless the topic holds most projects; small topics weigh most."""
    size = max(len(topics.projects_of(topic_id)), 1)
    return 100.0 * math.log(max(projects, size + 1) / size)


def related_projects(
    catalog: Catalog,
    index: TermIndex,
    project_id: str,
    limit: int | None = None,
    topics: TopicTable | None = None,
) -> list[Related]:
    """Projects related to this one, strongest first; the first `limit` of them if given.

    Related means sharing one of renkei's topics or a specific term of the names; a generic
    term (see generic_terms) only adds to such a link. More shared topics rank first, then the
    higher score (the shared topics' weights, times the share of the two projects' topics
    they are, plus the terms' weights), then document order.
    """
    areas = areas_of(catalog, project_id)
    generic = generic_terms(catalog, index, topics)
    shared: dict[str, list[SharedTerm]] = {}
    for term in index.by_project.get(project_id, ()):
        for other in term.project_ids:
            if other != project_id:
                shared.setdefault(other, []).append(term)
    mine = set(topics.topics_of(project_id)) if topics is not None else set()
    common_topics: dict[str, tuple[str, ...]] = {}
    if topics is not None and mine:
        for other_project in catalog.projects:
            other = other_project.id
            both = tuple(t for t in topics.topics_of(other) if t in mine)
            if both and other != project_id:
                common_topics[other] = both
    order = {project.id: i for i, project in enumerate(catalog.projects)}
    related: list[Related] = []
    for other in {*shared, *common_topics}:
        project = catalog.project(other)
        terms = shared.get(other, [])
        both = common_topics.get(other, ())
        if project is None or (not both and all(term.text in generic for term in terms)):
            continue
        weight = 0.0
        if topics is not None and both:
            # Scaled by the overlap of the two topic sets: a tram line is nearer to the other
            # ground-transport projects than to the airport ones that are also 交通.
            overlap = len(both) / len(mine | set(topics.topics_of(other)))
            weight = overlap * sum(topic_weight(topics, t, len(catalog.projects)) for t in both)
        related.append(
            Related(
                project=project,
                shared=tuple(terms),
                score=weight + sum(term.weight for term in terms),
                across_areas=not (areas & areas_of(catalog, other)),
                topics=both,
            )
        )
    related.sort(key=lambda r: (-len(r.topics), -r.score, order[r.project.id]))
    return related[:limit]


def reposted_projects(catalog: Catalog) -> list[Project]:
    """Projects listed in more than one placement (the 【再掲】 ones), by first placement."""
    seen: dict[str, Project] = {}
    for placement in catalog.placements:
        project_id = placement.project_id
        if project_id not in seen and len(catalog.placements_of(project_id)) > 1:
            seen[project_id] = catalog.project_of(placement)
    return list(seen.values())
