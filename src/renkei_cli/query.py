"""Questions asked of a Catalog: filtered placements and their records (the JSON contract)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from renkei_cli.errors import AmbiguousError, NotFoundError, UsageError
from renkei_cli.ids import canonical_id

if TYPE_CHECKING:  # the model is needed for annotations only: `--help` need not import it
    from renkei_cli.model import Catalog, Placement, Project
    from renkei_cli.search import SearchIndex, SearchOutcome, SearchResult


@dataclass(frozen=True, slots=True)
class Scope:
    """A validated filter: area, policy field and initiative letter, each optional."""

    area: int | None = None
    field: int | None = None
    letter: str | None = None

    def admits(self, placement: Placement) -> bool:
        return (
            (self.area is None or placement.area == self.area)
            and (self.field is None or placement.field == self.field)
            and (self.letter is None or placement.letter == self.letter)
        )


def _listing(values: list[Any]) -> str:
    return ", ".join(str(value) for value in values)


def resolve_scope(
    catalog: Catalog, area: int | None = None, field: int | None = None, letter: str | None = None
) -> Scope:
    """Check a filter against the catalog; UsageError names the valid values if it does not fit."""
    areas = [a.number for a in catalog.areas]
    if area is not None and area not in areas:
        raise UsageError(f"no area {area}: valid areas are {_listing(areas)}")
    if field is not None:
        with_fields = sorted({f.area for f in catalog.fields})
        if area is None:
            if len(with_fields) != 1:
                raise UsageError(
                    "--field needs --area: fields exist in areas " + _listing(with_fields)
                )
            area = with_fields[0]
        valid = [f.number for f in catalog.fields_of(area)]
        if not valid:
            raise UsageError(
                f"area {area} has no policy fields (areas with fields: {_listing(with_fields)})"
            )
        if field not in valid:
            raise UsageError(f"no field {field} in area {area}: valid fields are {_listing(valid)}")
    if letter is not None:
        letter = unicodedata.normalize("NFKC", letter).strip().lower()
        letters = sorted(
            {
                i.letter
                for i in catalog.initiatives
                if (area is None or i.area == area) and (field is None or i.field == field)
            }
        )
        if letter not in letters:
            where = " in " + _scope_name(area, field) if area is not None else ""
            raise UsageError(
                f"no initiative '{letter}'{where}: valid letters are {_listing(letters)}"
            )
    return Scope(area=area, field=field, letter=letter)


def _scope_name(area: int | None, field: int | None) -> str:
    return f"area {area}" + (f" field {field}" if field is not None else "")


def select_placements(catalog: Catalog, scope: Scope, reposts: bool = True) -> list[Placement]:
    """The placements inside a scope, in document order; `reposts=False` drops 【再掲】 rows."""
    return [p for p in catalog.placements if scope.admits(p) and (reposts or not p.repost)]


# -- finding a project by id or name (show), names through the search index ---------------------

# The levels at which a name finds a project for `show`: part of its name, or of its reading
# from a word start (romaji as kana, spelling variants folded). Titles find nothing here.
_NAMING = frozenset({"name", "reading", "variant"})
# The levels that only suggest: a typo, or the raw source text of a corrected name (LAB0).
_NEAR = frozenset({"fuzzy", "source"})


def find_projects(
    catalog: Catalog, text: str, index: Callable[[], SearchIndex] | None = None
) -> list[Project]:
    """The projects a query names: a placement id (any spelling), an exact name, else every
    project the search index finds by name or reading (every word of the query), in document
    order. `index` gives the search index when one is needed (default: one without variants)."""
    placement_id = canonical_id(text)
    if placement_id is not None:
        placement = catalog.placement(placement_id)
        return [catalog.project_of(placement)] if placement else []
    exact = [p for p in catalog.projects if text.strip() in (p.name, p.name_en)]
    if exact:
        return exact
    from renkei_cli.textnorm import normalize

    query = normalize(text)
    if not query:
        return []
    same = [p for p in catalog.projects if normalize(p.name) == query]
    if same:
        return same
    results = _search(catalog, text, index).results
    found = {r.project.id for r in results if r.match in _NAMING or _named_in_english(r)}
    return [p for p in catalog.projects if p.id in found]


def _named_in_english(result: SearchResult) -> bool:
    """Tell whether English words found a project in its English name (not only in a title)."""
    english = [t for t in result.terms if t.kind.value == "english"]
    return bool(english) and all(t.detail is None for t in english)


def _search(catalog: Catalog, text: str, index: Callable[[], SearchIndex] | None) -> SearchOutcome:
    from renkei_cli.search import SearchIndex

    return (index() if index is not None else SearchIndex(catalog)).search(text)


def resolve_project(
    catalog: Catalog, text: str, index: Callable[[], SearchIndex] | None = None
) -> Project:
    """The one project a query names; AmbiguousError lists the candidates, NotFoundError
    suggests the nearest name (a typo the search index tolerates)."""
    found = find_projects(catalog, text, index)
    if len(found) == 1:
        return found[0]
    if found:
        raise AmbiguousError(
            f"'{text}' matches {len(found)} projects: give an id or more of the name",
            [f"{p.id} {p.name}" for p in found],
        )
    raise NotFoundError(_not_found_message(catalog, text, index))


def _not_found_message(catalog: Catalog, text: str, index: Callable[[], SearchIndex] | None) -> str:
    placement_id = canonical_id(text)
    if placement_id is not None:
        key = placement_id.rsplit("-", 1)[0]
        siblings = [p.id for p in catalog.placements if p.initiative_key == key]
        if siblings:
            return f"no placement {placement_id}: {key} has {siblings[0]} to {siblings[-1]}"
        return f"no placement {placement_id}: there is no initiative {key}"
    near = [r for r in _search(catalog, text, index).results if r.match.value in _NEAR]
    hint = f"; did you mean {near[0].project.id} {near[0].project.name}?" if near else ""
    return f"no project matches '{text}'{hint}"
