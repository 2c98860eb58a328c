"""Shell-completion values from the catalog: area and field numbers, initiative letters, ids.

Each function takes the click context and the word being completed and returns (value, help)
pairs for Typer's `autocompletion=`. A data file that cannot be loaded completes nothing:
completion must never print a traceback into the user's shell.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from renkei_cli.model import Catalog

Completions = list[tuple[str, str]]


def _catalog(ctx: Any) -> Catalog | None:
    """The catalog named by --data or RENKEI_DATA (else the bundled one); None if unloadable."""
    from renkei_cli import cache

    root = ctx.find_root()
    path = root.params.get("data") or os.environ.get("RENKEI_DATA") or None
    try:
        return cache.load(path)  # every Tab press loads it: the parse cache keeps that quick
    except Exception:  # any failure (bad YAML, missing file, permissions): complete nothing
        return None


def _int_param(ctx: Any, name: str) -> int | None:
    value = ctx.params.get(name)
    return value if isinstance(value, int) else None


def complete_area(ctx: Any, incomplete: str) -> Completions:
    """Area numbers, with their titles."""
    catalog = _catalog(ctx)
    if catalog is None:
        return []
    return [(str(a.number), a.title) for a in catalog.areas if str(a.number).startswith(incomplete)]


def complete_field(ctx: Any, incomplete: str) -> Completions:
    """Policy field numbers of the --area given (else of every area that has fields)."""
    catalog = _catalog(ctx)
    if catalog is None:
        return []
    area = _int_param(ctx, "area")
    fields = catalog.fields if area is None else catalog.fields_of(area)
    return [(str(f.number), f.title) for f in fields if str(f.number).startswith(incomplete)]


def complete_initiative(ctx: Any, incomplete: str) -> Completions:
    """Initiative letters inside the --area and --field given, with their titles."""
    catalog = _catalog(ctx)
    if catalog is None:
        return []
    area, field = _int_param(ctx, "area"), _int_param(ctx, "field")
    seen: dict[str, str] = {}
    for initiative in catalog.initiatives:
        if area is not None and initiative.area != area:
            continue
        if field is not None and initiative.field != field:
            continue
        if initiative.letter.startswith(incomplete.lower()):
            seen.setdefault(initiative.letter, initiative.title)
    return sorted(seen.items())


def complete_placement_id(ctx: Any, incomplete: str) -> Completions:
    """Placement ids, 【再掲】 rows included, with the project's name."""
    catalog = _catalog(ctx)
    if catalog is None:
        return []
    return [
        (p.id, catalog.project_of(p).name)
        for p in catalog.placements
        if p.id.startswith(incomplete)
    ]


def record_keys(command: str | None) -> tuple[str, ...] | None:
    """The keys of a command's records, from its published schema; None if it has none."""
    from renkei_cli.schemas import load_schema, record_schema, schema_names

    if command not in schema_names():
        return None
    return tuple(record_schema(load_schema(command)).get("properties", {}))


def complete_fields(ctx: Any, incomplete: str) -> list[str]:
    """`--fields id,na<TAB>` -> `id,name`: the keys not yet given, after those already typed."""
    from renkei_cli.records import RECORD_KEYS

    done, _, last = incomplete.rpartition(",")
    given = {name.strip() for name in done.split(",")} if done else set()
    prefix = f"{done}," if done else ""
    keys = record_keys(ctx.info_name) or RECORD_KEYS  # a command without a schema: list's keys
    return [prefix + key for key in keys if key.startswith(last) and key not in given]


def complete_schema_name(incomplete: str) -> list[str]:
    """Commands with a published JSON Schema."""
    from renkei_cli.schemas import schema_names

    return [name for name in schema_names() if name.startswith(incomplete)]
