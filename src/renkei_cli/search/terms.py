"""A query's words (terms) in every form they are matched in, and the spelling-variant table."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from renkei_cli.textnorm import (
    is_kana_key,
    normalize,
)

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

    def forms(self) -> list[tuple[str, str]]:
        """Every form's key and its group's first form, longest first: the order rewriting
        tries them in (so a matcher elsewhere, such as the HTML page's, rewrites the same)."""
        return sorted(self._canonical.items(), key=lambda item: (-len(item[0]), item[0]))

    @property
    def _pattern(self) -> re.Pattern[str] | None:
        """Every form, longest first, as one alternation; compiled when first needed."""
        if self._compiled is None and self._canonical:
            forms = [form for form, _ in self.forms()]
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


class QueryTerm(NamedTuple):
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


def parse_terms(
    query: str | Sequence[str], variants: VariantTable | None = None
) -> list[QueryTerm]:
    """Split a query (a string or the words given on the command line) into terms.

    Whitespace, full-width too, separates terms; a word that is only punctuation is dropped.
    """
    words = [query] if isinstance(query, str) else list(query)
    terms: list[QueryTerm] = []
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
            terms.append(QueryTerm(text=text, key=key, kana=kana, canonical=canonical))
    return terms
