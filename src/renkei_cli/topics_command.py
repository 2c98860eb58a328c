"""`renkei topics`: renkei's own topics with their counts; a command of the cli room, in its
own module so that cli.py stays within its room."""

from __future__ import annotations

import typer

from renkei_cli.cli import _loaded, app, write_output
from renkei_cli.options import output_of, output_options


@app.command("topics")
@output_options
def topics_command(ctx: typer.Context) -> None:
    """renkei's own topics, each with its number of projects.

    Each topic gathers projects the table files apart; each project has 0-3 (rules: --json).

    \b
    Examples:
      renkei topics                     # the topics and their counts
      renkei topics --json              # with readings, synonyms, rules and project ids
      renkei topics --fields id,count   # two columns (then: renkei list --topic ID)
    """
    from renkei_cli.records import TOPIC_KEYS, topic_records
    from renkei_cli.topics import EDITORIAL_NOTE
    from renkei_cli.views import TOPIC_COLUMNS

    output = output_of(ctx)
    loaded = _loaded(ctx)
    records = topic_records(loaded.topics(), loaded.catalog)
    caption = f"{len(records)} topics ({EDITORIAL_NOTE})"
    write_output(ctx, output, records, TOPIC_COLUMNS, caption, TOPIC_KEYS)
