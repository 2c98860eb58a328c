"""`renkei export`: the group of commands that write the table to a file for other tools.

A command module beside cli.py (which registers the group, and the html command on it), so
that each export's command stays a thin call into export/ without crowding cli.py.
"""

from __future__ import annotations

import typer

from renkei_cli.group import RenkeiGroup
from renkei_cli.options import (
    ForceOption,
    MetadataOption,
    SqliteFileArgument,
    global_options,
)

export_app = typer.Typer(
    name="export",
    cls=RenkeiGroup,
    help=(
        "Export the table as an HTML page or a SQLite database.\n\n"
        "\b\nExamples:\n  renkei export html -o renkei.html\n  renkei export sqlite renkei.db"
    ),
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=False,
)


@export_app.command("sqlite")
def export_sqlite_command(
    ctx: typer.Context,
    file: SqliteFileArgument,
    metadata: MetadataOption = None,
    force: ForceOption = False,
) -> None:
    """Write the table as a SQLite database, ready for Datasette.

    Tables areas, fields, initiatives, projects and placements with their keys, a
    placements_full view, and projects_fts, a full-text index (FTS5, trigram: any 3 or more
    characters of a name or reading). An existing FILE is refused unless --force.

    \b
    Examples:
      renkei export sqlite renkei.db
      renkei export sqlite renkei.db --metadata metadata.json --force
      datasette renkei.db -m metadata.json            # then browse it
    """
    from renkei_cli import api
    from renkei_cli.export import sqlite

    options = global_options(ctx)
    loaded = api.load(options.data, use_cache=not options.no_cache)
    done = sqlite.export_sqlite(loaded, file, force=force, metadata=metadata)
    typer.echo(f"renkei: wrote {file} ({done.summary()})", err=True)
