"""How long a search query may be: a bound that keeps every search well under a second.

No name in the data is longer than about a hundred characters, so a longer word cannot match
one; the limits refuse what can only be a mistake (or an attempt to make renkei spin) with a
usage error before any matching is done.
"""

from __future__ import annotations

from collections.abc import Sequence

from renkei_cli.errors import UsageError

MAX_WORD_CHARACTERS = 200  # one word of a query
MAX_QUERY_CHARACTERS = 1000  # every word of a query together


def check_query(query: str | Sequence[str]) -> None:
    """UsageError if a word of the query, or the whole query, is over its limit."""
    arguments = [query] if isinstance(query, str) else list(query)
    total = sum(len(argument) for argument in arguments)
    if total > MAX_QUERY_CHARACTERS:
        raise UsageError(
            f"the query is {total} characters long; the limit is {MAX_QUERY_CHARACTERS}"
        )
    for argument in arguments:
        for word in argument.split():
            if len(word) > MAX_WORD_CHARACTERS:
                raise UsageError(
                    f"a word of the query is {len(word)} characters long; the limit is "
                    f"{MAX_WORD_CHARACTERS} (no project name is half as long)"
                )
