"""The table's shape: the area → field → initiative → placement tree, and counts at each level.

Both are plain data (the JSON of `renkei tree` and `renkei stats`); render.py draws them.
A project counts once, where it is listed without 【再掲】; its 【再掲】 placements count apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from renkei_cli.model import Area, Catalog, Initiative, Placement, PolicyField

TreeNode = dict[str, Any]
STATS_KEYS = ("level", "key", "title", "projects", "reposts", "placements")


def _counts(placements: Iterable[Placement]) -> dict[str, int]:
    """Projects (placements without 【再掲】), 【再掲】 placements, and all placements."""
    placements = list(placements)
    reposts = sum(1 for p in placements if p.repost)
    return {
        "projects": len(placements) - reposts,
        "reposts": reposts,
        "placements": len(placements),
    }


def _groups(catalog: Catalog) -> dict[str, list[Placement]]:
    """The placements under each area (`3`), field (`3-1`) and initiative (`3-1-g`) key."""
    groups: dict[str, list[Placement]] = {}
    for placement in catalog.placements:
        keys = {str(placement.area), placement.initiative_key}
        if placement.field is not None:
            keys.add(f"{placement.area}-{placement.field}")
        for key in keys:
            groups.setdefault(key, []).append(placement)
    return groups


def _field_key(field: PolicyField) -> str:
    return f"{field.area}-{field.number}"


def _initiatives_in(catalog: Catalog, area: int, field: int | None) -> list[Initiative]:
    return [i for i in catalog.initiatives if i.area == area and i.field == field]


def _area_node(groups: dict[str, list[Placement]], area: Area) -> TreeNode:
    return {
        "level": "area",
        "key": area.key,
        "title": area.title,
        "pages": list(area.pages),
        **_counts(groups.get(area.key, [])),
    }


def _field_node(groups: dict[str, list[Placement]], field: PolicyField) -> TreeNode:
    key = _field_key(field)
    return {
        "level": "field",
        "key": key,
        "title": field.title,
        "pages": list(field.pages),
        **_counts(groups.get(key, [])),
    }


def _initiative_node(groups: dict[str, list[Placement]], initiative: Initiative) -> TreeNode:
    return {
        "level": "initiative",
        "key": initiative.key,
        "title": initiative.title,
        **_counts(groups.get(initiative.key, [])),
    }


def _placement_node(catalog: Catalog, placement: Placement) -> TreeNode:
    return {
        "level": "placement",
        "id": placement.id,
        "name": catalog.project_of(placement).name,
        "theme": placement.theme,
        "repost": placement.repost,
        "primary_id": placement.project_id if placement.repost else None,
    }


def build_tree(catalog: Catalog, depth: int | None = None) -> list[TreeNode]:
    """The areas as nested nodes; `depth` keeps that many levels as drawn (1 = areas only)."""

    groups = _groups(catalog)

    def initiatives(area: int, field: int | None, level: int) -> list[TreeNode]:
        nodes = []
        for initiative in _initiatives_in(catalog, area, field):
            node = _initiative_node(groups, initiative)
            if depth is None or level < depth:
                node["children"] = [
                    _placement_node(catalog, p) for p in groups.get(initiative.key, [])
                ]
            nodes.append(node)
        return nodes

    tree = []
    for area in catalog.areas:
        node = _area_node(groups, area)
        if depth is None or depth > 1:
            fields = catalog.fields_of(area.number)
            if fields:
                children = []
                for field in fields:
                    field_node = _field_node(groups, field)
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


def stats_rows(catalog: Catalog) -> list[TreeNode]:
    """One row per area, policy field and initiative, in that order, each in document order."""
    groups = _groups(catalog)
    rows = [_area_node(groups, a) for a in catalog.areas]
    rows += [_field_node(groups, f) for f in catalog.fields]
    rows += [_initiative_node(groups, i) for i in catalog.initiatives]
    return [{key: row[key] for key in STATS_KEYS} for row in rows]
