"""The table's shape: the area → field → initiative → placement tree, and counts at each level.

Both are plain data (the JSON of `renkei tree` and `renkei stats`); render.py draws them.
A project counts once, where it is listed without 【再掲】; its 【再掲】 placements count apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from renkei_cli.model import Area, Catalog, Initiative, Placement, PolicyField

Node = dict[str, Any]


def _counts(placements: Iterable[Placement]) -> dict[str, int]:
    """Projects (placements without 【再掲】), 【再掲】 placements, and all placements."""
    placements = list(placements)
    reposts = sum(1 for p in placements if p.repost)
    return {
        "projects": len(placements) - reposts,
        "reposts": reposts,
        "placements": len(placements),
    }


def _under(catalog: Catalog, key: str) -> list[Placement]:
    """The placements under an area (`3`), field (`3-1`) or initiative (`3-1-g`) key."""
    prefix = key + "-"
    return [p for p in catalog.placements if p.id.startswith(prefix)]


def _field_key(field: PolicyField) -> str:
    return f"{field.area}-{field.number}"


def _initiatives_in(catalog: Catalog, area: int, field: int | None) -> list[Initiative]:
    return [i for i in catalog.initiatives if i.area == area and i.field == field]


def _area_node(catalog: Catalog, area: Area) -> Node:
    return {
        "level": "area",
        "key": area.key,
        "title": area.title,
        "pages": list(area.pages),
        **_counts(_under(catalog, area.key)),
    }


def _field_node(catalog: Catalog, field: PolicyField) -> Node:
    key = _field_key(field)
    return {
        "level": "field",
        "key": key,
        "title": field.title,
        "pages": list(field.pages),
        **_counts(_under(catalog, key)),
    }


def _initiative_node(catalog: Catalog, initiative: Initiative) -> Node:
    return {
        "level": "initiative",
        "key": initiative.key,
        "title": initiative.title,
        **_counts(_under(catalog, initiative.key)),
    }


def _placement_node(catalog: Catalog, placement: Placement) -> Node:
    return {
        "level": "placement",
        "id": placement.id,
        "name": catalog.project_of(placement).name,
        "theme": placement.theme,
        "repost": placement.repost,
        "primary_id": placement.project_id if placement.repost else None,
    }


def build_tree(catalog: Catalog, depth: int | None = None) -> list[Node]:
    """The areas as nested nodes; `depth` keeps that many levels as drawn (1 = areas only)."""

    def initiatives(area: int, field: int | None, level: int) -> list[Node]:
        nodes = []
        for initiative in _initiatives_in(catalog, area, field):
            node = _initiative_node(catalog, initiative)
            if depth is None or level < depth:
                node["children"] = [
                    _placement_node(catalog, p) for p in _under(catalog, initiative.key)
                ]
            nodes.append(node)
        return nodes

    tree = []
    for area in catalog.areas:
        node = _area_node(catalog, area)
        if depth is None or depth > 1:
            fields = catalog.fields_of(area.number)
            if fields:
                children = []
                for field in fields:
                    field_node = _field_node(catalog, field)
                    if depth is None or depth > 2:
                        field_node["children"] = initiatives(area.number, field.number, 3)
                    children.append(field_node)
                node["children"] = children
            else:
                node["children"] = initiatives(area.number, None, 2)
        tree.append(node)
    return tree


def totals(catalog: Catalog) -> dict[str, int]:
    """Projects, 【再掲】 placements and placements of the whole table."""
    return _counts(catalog.placements)


def stats_rows(catalog: Catalog) -> list[Node]:
    """One row per area, policy field and initiative, in that order, each in document order."""
    rows = [
        {"level": "area", "key": a.key, "title": a.title, **_counts(_under(catalog, a.key))}
        for a in catalog.areas
    ]
    rows += [
        {
            "level": "field",
            "key": _field_key(f),
            "title": f.title,
            **_counts(_under(catalog, _field_key(f))),
        }
        for f in catalog.fields
    ]
    rows += [
        {"level": "initiative", "key": i.key, "title": i.title, **_counts(_under(catalog, i.key))}
        for i in catalog.initiatives
    ]
    return rows
