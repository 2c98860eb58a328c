"""The published JSON Schemas (draft 2020-12) of every command's `--json` output, kept as data.

The registry is this package's directory: `NAME.json` is the schema of `renkei NAME --json`.
Adding a command's schema means adding its file here; `renkei schema NAME` prints it, the docs
generator documents its keys and the tests validate the command's real output against it.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from renkei_cli.errors import UsageError

# The version of the JSON contract; it changes only if a key is renamed or removed (never, so
# far): added keys keep the version. Every schema's $id ends in `:v{CONTRACT_VERSION}:{name}`.
CONTRACT_VERSION = 1
DEFAULT = "list"


def schema_names() -> list[str]:
    """The commands that have a published schema, sorted."""
    files = resources.files(__name__).iterdir()
    return sorted(f.name.removesuffix(".json") for f in files if f.name.endswith(".json"))


def schema_text(name: str = DEFAULT) -> str:
    """The schema of `renkei NAME --json` as published (JSON text); UsageError if none."""
    names = schema_names()
    if name not in names:
        raise UsageError(f"no schema for '{name}': schemas exist for {', '.join(names)}")
    return resources.files(__name__).joinpath(f"{name}.json").read_text(encoding="utf-8")


def load_schema(name: str = DEFAULT) -> dict[str, Any]:
    """The schema of `renkei NAME --json` as a dict."""
    schema: dict[str, Any] = json.loads(schema_text(name))
    return schema


def record_schema(schema: dict[str, Any], name: str | None = None) -> dict[str, Any]:
    """The schema of one record: the array's `items`, with `$ref` into `$defs` followed.

    A command whose output has several shapes (`xref`, `xref --terms`) lists them under `anyOf`,
    the default first; `name` picks another record by its `$defs` name.
    """
    if name is not None:
        named: dict[str, Any] = schema["$defs"][name]
        return named
    shapes: list[dict[str, Any]] = schema.get("anyOf", [schema])
    items: dict[str, Any] = shapes[0].get("items", schema)
    ref = items.get("$ref", "")
    if ref.startswith("#/$defs/"):
        resolved: dict[str, Any] = schema["$defs"][ref.removeprefix("#/$defs/")]
        return resolved
    return items
