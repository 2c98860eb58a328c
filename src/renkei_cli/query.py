"""Questions asked of a Catalog: filtered placements and their records (the JSON contract)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from renkei_cli.errors import UsageError
from renkei_cli.model import Catalog, Placement

# The keys of a placement record, in output order. The contract: keys may be added, none renamed.
RECORD_KEYS = (
    "id",
    "name",
    "area",
    "area_title",
    "field",
    "field_title",
    "initiative",
    "initiative_title",
    "theme",
    "pages",
    "repost",
    "primary_id",
    "placements",
)


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


def placement_record(catalog: Catalog, placement: Placement) -> dict[str, Any]:
    """One placement as a plain dict with the keys of RECORD_KEYS (the JSON contract)."""
    area = catalog.area(placement.area)
    policy_field = (
        catalog.policy_field(placement.area, placement.field)
        if placement.field is not None
        else None
    )
    initiative = catalog.initiative_of(placement)
    project = catalog.project_of(placement)
    first, last = catalog.pages_of(placement)
    return {
        "id": placement.id,
        "name": project.name,
        "area": placement.area,
        "area_title": area.title if area else None,
        "field": placement.field,
        "field_title": policy_field.title if policy_field else None,
        "initiative": placement.letter,
        "initiative_title": initiative.title,
        "theme": placement.theme,
        "pages": [first, last],
        "repost": placement.repost,
        "primary_id": placement.project_id if placement.repost else None,
        "placements": [p.id for p in catalog.placements_of(placement.project_id)],
    }


def section_label(record: dict[str, Any]) -> str:
    """`1` or `3(2)`: the area and field as the document numbers them."""
    if record["field"] is None:
        return str(record["area"])
    return f"{record['area']}({record['field']})"
