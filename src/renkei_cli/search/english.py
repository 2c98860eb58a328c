"""English words against the project's English: names, and the titles above each placement.

A query word is matched in English only when it is plain ASCII (a word with Japanese script
never is, so Japanese cannot match English by accident); romaji such as `kokura` is tried both
as romaji (the reading) and as English, and the better match is kept. Words are compared
whole, after folding both sides the same way (`english_words`): case, British and American
spellings (centre = center, -isation = -ization), light plural stemming (airports = airport,
women = woman); hyphens and apostrophes split words (Higashi-Kyushu = higashi kyushu).

`EnglishTexts` holds, per project, the word sets of its English texts with how specific each
is; more texts (English topics, say) are added with `add`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from renkei_cli.search.scoring import SPECIFICITY, Hit, MatchKind, keep_best, score_of

if TYPE_CHECKING:
    from renkei_cli.model import Catalog, Placement, Project
    from renkei_cli.search.scoring import SearchResult

_WORD = re.compile(r"[a-z0-9]+")
_IRREGULAR = {"women": "woman", "men": "man", "children": "child", "people": "person"}
# British spellings as American ones (both sides are folded, so either spelling finds both).
_WHOLE_WORDS = {
    "programme": "program",
    "programmes": "programs",
    "catalogue": "catalog",
    "catalogues": "catalogs",
    "defence": "defense",
    "licence": "license",
    "travelling": "traveling",
    "travelled": "traveled",
    "ageing": "aging",
}
_ENDINGS = (
    (re.compile(r"(?<=[a-z]{2})is(e|es|ed|ing|ation|ations|er|ers)$"), r"iz\1"),  # -ise, -isation
    (re.compile(r"(?<=[a-z]{2})ys(e|es|ed|ing)$"), r"yz\1"),  # analyse
    (re.compile(r"(?<=[a-z]{2})tre(s?)$"), r"ter\1"),  # centre, theatre
    (re.compile(r"(?<=[a-z]{2})our(s?|ed|ing|able)$"), r"or\1"),  # colour, labour
)
_OUR_KEPT = frozenset({"four", "hour", "hours", "tour", "tours", "your", "yours", "pour", "sour"})


def fold_word(word: str) -> str:
    """One lower-case ASCII word in the form both sides are compared in."""
    word = _IRREGULAR.get(word, word)
    word = _WHOLE_WORDS.get(word, word)
    for pattern, replacement in _ENDINGS:
        if pattern is _ENDINGS[3][0] and word in _OUR_KEPT:
            continue
        word = pattern.sub(replacement, word)
    return _singular(word)


def _singular(word: str) -> str:
    """Light plural stemming: -ies to -y, -es after ss, x, ch, sh (boxes, processes), else a
    final -s (cases, services), but not of -ss, -us, -is (business, campus, analysis)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if re.search(r"(?:ss|x|ch|sh)es$", word):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def english_words(text: str) -> list[str]:
    """The folded words of an English text, in order."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return [fold_word(word) for word in _WORD.findall(folded)]


def query_words(text: str) -> tuple[str, ...] | None:
    """A query term's folded words, or None when it is not English (not plain ASCII letters)."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii() or not any(char.isalpha() for char in text):
        return None
    return tuple(dict.fromkeys(english_words(text))) or None


class _Text(NamedTuple):
    words: frozenset[str]
    text: str
    specificity: float  # 1.0 for the name itself; a title's SPECIFICITY below it


# A project's English as plain data (see EnglishTexts.as_data).
EnglishKeys = tuple[tuple[str, ...], str, int, tuple[tuple[tuple[str, ...], float], ...]]
NAME_SPECIFICITY = 2.0  # above any title: an English name match ranks above a title match


class EnglishTexts:
    """Each project's English texts as word sets; built on the first English query."""

    def __init__(self, count: int) -> None:
        self.texts: list[list[_Text]] = [[] for _ in range(count)]
        self.first_words: list[str | None] = [None] * count
        self.name_lengths: list[int] = [0] * count

    def add(self, index: int, text: str | None, specificity: float) -> None:
        """Another English text of the project at `index` (a title, a topic ...)."""
        if not text:
            return
        words = english_words(text)
        if specificity >= NAME_SPECIFICITY:
            self.first_words[index] = words[0] if words else None
            self.name_lengths[index] = len(set(words))
        if not any(t.text == text for t in self.texts[index]):
            self.texts[index].append(_Text(frozenset(words), text, specificity))

    @classmethod
    def of_catalog(
        cls,
        catalog: Catalog,
        projects: Sequence[Project],
        placements: Sequence[Sequence[Placement]],
    ) -> EnglishTexts:
        """The English names, and the English titles above every placement, of the projects."""
        texts = cls(len(projects))
        for index, project in enumerate(projects):
            texts.add(index, project.name_en, NAME_SPECIFICITY)
            for placement in placements[index]:
                area = catalog.area(placement.area)
                policy_field = catalog.field_of(placement)
                initiative = catalog.initiative(placement.initiative_key)
                texts.add(index, area.title_en if area else None, SPECIFICITY["area"])
                field_title = policy_field.title_en if policy_field else None
                texts.add(index, field_title, SPECIFICITY["field"])
                initiative_title = initiative.title_en if initiative else None
                texts.add(index, initiative_title, SPECIFICITY["initiative"])
                texts.add(index, placement.theme_en, SPECIFICITY["theme"])
        return texts

    def as_data(self) -> tuple[EnglishKeys, ...]:
        """Per project, its English as plain data for matching outside Python (the HTML page):
        (name words, the name's first word, its number of distinct words, ((title words,
        specificity), ...)), the words sorted; ((), "", 0, ()) for a project without English."""
        data = []
        for index, texts in enumerate(self.texts):
            name = next((t for t in texts if t.specificity >= NAME_SPECIFICITY), None)
            titles = tuple(
                (tuple(sorted(t.words)), t.specificity)
                for t in texts
                if t.specificity < NAME_SPECIFICITY
            )
            words = tuple(sorted(name.words)) if name is not None else ()
            first = self.first_words[index] or ""
            data.append((words, first, self.name_lengths[index], titles))
        return tuple(data)

    def match(self, words: Sequence[str], hits: dict[int, Hit]) -> None:
        """Every project whose English holds all the words: in its name (quality 0.5 to 1, by
        how much of the name they are and whether they start it), else in its name and titles
        (quality up to 0.4, by the most specific title holding one of them)."""
        wanted = frozenset(words)
        for index, texts in enumerate(self.texts):
            if not texts:
                continue
            name = next((t for t in texts if t.specificity >= NAME_SPECIFICITY), None)
            if name is not None and wanted <= name.words:
                coverage = len(wanted) / max(self.name_lengths[index], 1)
                starts = self.first_words[index] in wanted
                quality = 0.5 + 0.3 * coverage + 0.2 * starts
                keep_best(hits, index, Hit(MatchKind.ENGLISH, score_of(MatchKind.ENGLISH, quality)))
                continue
            found = frozenset().union(*(t.words for t in texts))
            if not wanted <= found:
                continue
            titles = [t for t in texts if t.specificity < NAME_SPECIFICITY and t.words & wanted]
            best = max(titles, key=lambda t: t.specificity)
            quality = 0.4 * best.specificity
            hit = Hit(MatchKind.ENGLISH, score_of(MatchKind.ENGLISH, quality), best.text)
            keep_best(hits, index, hit)


def english_spans(result: SearchResult) -> tuple[tuple[int, int], ...]:
    """The ranges of the project's English name that its English-matched terms found."""
    name = result.project.name_en
    if not name:
        return ()
    wanted: set[str] = set()
    for match in result.terms:
        if match.kind is MatchKind.ENGLISH:
            wanted.update(query_words(match.term.text) or ())
    folded = unicodedata.normalize("NFKC", name).casefold()
    if not wanted or len(folded) != len(name):
        return ()
    return tuple(
        (word.start(), word.end())
        for word in _WORD.finditer(folded)
        if fold_word(word.group()) in wanted
    )
