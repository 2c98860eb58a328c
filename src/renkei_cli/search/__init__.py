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

English, at a level of its own ranked with name:

   english  a plain-ASCII term, as English words, for the projects its Japanese forms (name,
            reading, variant) did not match: whole words of the project's English name or
            of the English titles above its placements, case, plurals and British/American
            spellings folded alike (search/english.py). A name match scores above a title
            match. Japanese script never reaches English text; `kokura` stays romaji.

A project is shown by its primary placement, or by its first placement inside the scope when
a filter leaves the primary out; each project appears once.

A term's score is its level's base (name and english 90, reading 80, variant 70, context 60,
fuzzy 50, source 40; the tens digit says the level) plus up to 9 for the quality of the match
within the level (how much of the name it covers, whether it starts it; how specific the title
is; how similar, for fuzzy). A project's score is the mean of its terms' scores; its `match` is
its weakest term's level. Ties keep document order.
"""

from renkei_cli.search.highlight import explain
from renkei_cli.search.index import MatchKeys, SearchIndex
from renkei_cli.search.scoring import (
    FUZZY_MIN_LENGTH,
    FUZZY_THRESHOLD,
    SUGGEST_THRESHOLD,
    MatchKind,
    SearchOutcome,
    SearchResult,
    TermMatch,
)
from renkei_cli.search.terms import QueryTerm, VariantTable, parse_terms

__all__ = [
    "FUZZY_MIN_LENGTH",
    "FUZZY_THRESHOLD",
    "SUGGEST_THRESHOLD",
    "MatchKeys",
    "MatchKind",
    "QueryTerm",
    "SearchIndex",
    "SearchOutcome",
    "SearchResult",
    "TermMatch",
    "VariantTable",
    "explain",
    "parse_terms",
]
