"""The table's shape: the area → field → initiative → placement tree, and counts at each level.

records.py turns them into the JSON of `renkei tree` and `renkei stats`; render.py draws them.
A project counts once, where it is listed without 【再掲】; its 【再掲】 placements count apart.
"""

from __future__ import annotations

from collections.abc import Iterable

from renkei_cli.model import Catalog, Initiative, Placement, PolicyField


def counts(placements: Iterable[Placement]) -> dict[str, int]:
    """Projects (placements without 【再掲】), 【再掲】 placements, and all placements."""
    placements = list(placements)
    reposts = sum(1 for p in placements if p.repost)
    return {
        "projects": len(placements) - reposts,
        "reposts": reposts,
        "placements": len(placements),
    }


def placement_groups(catalog: Catalog) -> dict[str, list[Placement]]:
    """The placements under each area (`3`), field (`3-1`) and initiative (`3-1-g`) key."""
    groups: dict[str, list[Placement]] = {}
    for placement in catalog.placements:
        keys = {str(placement.area), placement.initiative_key}
        if placement.field is not None:
            keys.add(f"{placement.area}-{placement.field}")
        for key in keys:
            groups.setdefault(key, []).append(placement)
    return groups


def field_key(field: PolicyField) -> str:
    return f"{field.area}-{field.number}"


def initiatives_in(catalog: Catalog, area: int, field: int | None) -> list[Initiative]:
    return [i for i in catalog.initiatives if i.area == area and i.field == field]


def totals(catalog: Catalog) -> dict[str, int]:
    """Projects, 【再掲】 placements and placements of the whole table."""
    return counts(catalog.placements)
