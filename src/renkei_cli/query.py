"""Questions asked of a Catalog: filtered placements and their records (the JSON contract)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from renkei_cli.errors import AmbiguousError, NotFoundError, UsageError
from renkei_cli.ids import canonical_id

if TYPE_CHECKING:  # the model is needed for annotations only: `--help` need not import it
    from renkei_cli.model import Catalog, Placement, Project


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


# -- finding a project by id or name (show); search may later answer the name part ---------------

SUGGESTION_CUTOFF = 0.6  # the share of a query's characters a suggestion must contain, in order


def find_projects(catalog: Catalog, text: str) -> list[Project]:
    """The projects a query names: a placement id (any spelling), an exact name, else every
    project whose normalised name contains the normalised query, or whose reading has it at a
    word start (textnorm), in document order."""
    placement_id = canonical_id(text)
    if placement_id is not None:
        placement = catalog.placement(placement_id)
        return [catalog.project_of(placement)] if placement else []
    exact = [p for p in catalog.projects if p.name == text.strip()]
    if exact:
        return exact
    from renkei_cli.textnorm import matches_word_start, normalize, reading_segments

    query = normalize(text)
    if not query:
        return []
    keyed = [(p, normalize(p.name)) for p in catalog.projects]
    same = [p for p, name in keyed if name == query]
    if same:
        return same
    return [
        p
        for p, name in keyed
        if query in name or (p.reading and matches_word_start(query, reading_segments(p.reading)))
    ]


def resolve_project(catalog: Catalog, text: str) -> Project:
    """The one project a query names; UsageError lists the candidates, NotFoundError suggests."""
    found = find_projects(catalog, text)
    if len(found) == 1:
        return found[0]
    if found:
        raise AmbiguousError(
            f"'{text}' matches {len(found)} projects: give an id or more of the name",
            [f"{p.id} {p.name}" for p in found],
        )
    raise NotFoundError(_not_found_message(catalog, text))


def _not_found_message(catalog: Catalog, text: str) -> str:
    placement_id = canonical_id(text)
    if placement_id is not None:
        key = placement_id.rsplit("-", 1)[0]
        siblings = [p.id for p in catalog.placements if p.initiative_key == key]
        if siblings:
            return f"no placement {placement_id}: {key} has {siblings[0]} to {siblings[-1]}"
        return f"no placement {placement_id}: there is no initiative {key}"
    suggestion = suggest_project(catalog, text)
    hint = f"; did you mean {suggestion.id} {suggestion.name}?" if suggestion else ""
    return f"no project matches '{text}'{hint}"


def suggest_project(catalog: Catalog, text: str) -> Project | None:
    """The project whose name best matches a query that matched none (difflib), if any is close."""
    import difflib

    from renkei_cli.textnorm import normalize

    query = normalize(text)
    if not query:
        return None
    best, best_key = None, (0.0, 0.0)
    for project in catalog.projects:
        matcher = difflib.SequenceMatcher(None, query, normalize(project.name), autojunk=False)
        matched = sum(block.size for block in matcher.get_matching_blocks())
        key = (matched / len(query), matcher.ratio())  # how much of the query, then similarity
        if key > best_key:
            best, best_key = project, key
    return best if best_key[0] >= SUGGESTION_CUTOFF else None
