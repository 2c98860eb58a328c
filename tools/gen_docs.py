"""Generate the documentation that must match the program, so that it cannot drift.

- docs/commands.md, between `<!-- commands:start -->` and `<!-- commands:end -->`: every
  command's `--help`, as printed at 80 columns.
- docs/json.md, between `<!-- schemas:start -->` and `<!-- schemas:end -->`: the keys of every
  published JSON Schema, with their types and descriptions.

Run `python tools/gen_docs.py` after changing a command, an option or a schema (`--check` only
reports); the tests fail while either file differs from what this generates.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
COMMANDS_DOC = ROOT / "docs" / "commands.md"
JSON_DOC = ROOT / "docs" / "json.md"
HELP_COLUMNS = 80


def command_names() -> list[str]:
    """Every registered command, in the order `renkei --help` lists them."""
    import typer

    from renkei_cli.cli import PROG_NAME, app

    group: Any = typer.main.get_command(app)
    with group.make_context(PROG_NAME, [], resilient_parsing=True) as ctx:
        return list(group.list_commands(ctx))


def help_text(*args: str) -> str:
    """What `renkei ARGS --help` prints at 80 columns."""
    from typer.testing import CliRunner

    from renkei_cli.cli import PROG_NAME, app

    result = CliRunner().invoke(
        app, [*args, "--help"], env={"COLUMNS": str(HELP_COLUMNS)}, prog_name=PROG_NAME
    )
    if result.exit_code != 0:
        raise RuntimeError(f"renkei {' '.join(args)} --help failed: {result.stderr}")
    return result.stdout


def commands_block() -> str:
    """The command reference (docs/commands.md): the help of renkei and of each command."""
    parts = []
    for args in [(), *((name,) for name in command_names())]:
        title = " ".join(("renkei", *args))
        body = "\n".join(line.rstrip() for line in help_text(*args).strip("\n").splitlines())
        parts.append(f"### `{title}`\n\n```text\n{body}\n```\n")
    return "\n".join(parts)


def _type_name(prop: dict[str, Any], schema: dict[str, Any]) -> str:
    """A short name of a property's type: `integer or null`, `[integer, integer]`."""
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"{_type_name(schema['$defs'][name], schema)} ({name})"
    if "oneOf" in prop or "anyOf" in prop:
        return " or ".join(_type_name(p, schema) for p in prop.get("oneOf", prop.get("anyOf")))
    kind = prop.get("type", "any")
    if kind == "array":
        items = prop.get("items")
        prefix = prop.get("prefixItems")
        if prefix:
            return "[" + ", ".join(_type_name(p, schema) for p in prefix) + "]"
        return f"array of {_type_name(items, schema)}" if isinstance(items, dict) else "array"
    return " or ".join(kind) if isinstance(kind, list) else str(kind)


def _key_rows(record: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    """A key table's header and one row per property of a record."""
    rows = ["| key | type | description |", "| --- | --- | --- |"]
    for key, prop in record.get("properties", {}).items():
        description = prop.get("description", "").replace("|", "\\|")
        rows.append(f"| `{key}` | {_type_name(prop, schema)} | {description} |")
    return rows


def schemas_block() -> str:
    """docs/json.md's key tables: one section per published schema."""
    from renkei_cli.schemas import load_schema, record_schema, schema_names

    parts = []
    for name in schema_names():
        schema = load_schema(name)
        record = record_schema(schema)
        lines = [
            f"### `renkei {name} --json`",
            "",
            f"`renkei schema {name}` prints it; `$id` `{schema['$id']}`. {schema['description']}",
            "",
        ]
        lines += _key_rows(record, schema)
        for def_name, definition in schema.get("$defs", {}).items():
            if "properties" in definition and definition is not record:
                lines += ["", f"`$defs/{def_name}`: {definition.get('description', '')}", ""]
                lines += _key_rows(definition, schema)
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def _replace_block(text: str, name: str, block: str) -> str:
    """Put `block` between the `<!-- NAME:start -->` and `<!-- NAME:end -->` lines of text."""
    pattern = re.compile(
        rf"(<!-- {name}:start[^\n]*-->\n).*?(<!-- {name}:end -->)", flags=re.DOTALL
    )
    if not pattern.search(text):
        raise ValueError(f"no <!-- {name}:start --> ... <!-- {name}:end --> markers")
    return pattern.sub(lambda m: f"{m.group(1)}\n{block}\n{m.group(2)}", text, count=1)


GENERATED = {COMMANDS_DOC: ("commands", commands_block), JSON_DOC: ("schemas", schemas_block)}


def main(argv: list[str] | None = None) -> int:
    """Rewrite the generated blocks; with --check, only say which are out of date (exit 1)."""
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    stale = []
    for path, (name, generate) in GENERATED.items():
        text = path.read_text(encoding="utf-8")
        updated = _replace_block(text, name, generate())
        if updated != text:
            stale.append(path)
            if not check:
                path.write_text(updated, encoding="utf-8")
    for path in stale:
        print(f"{'out of date' if check else 'updated'}: {path.relative_to(ROOT)}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
