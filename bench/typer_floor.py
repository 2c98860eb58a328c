"""The floor of the stack: a do-nothing Typer app with two commands and no completion.

renkei's start-up is judged against this app, run by the same Python in the same benchmark:
whatever Typer (pinned in pyproject.toml) and Click cost to start is the floor no Typer CLI can
go under, so ratios to it measure renkei's own cost.
"""

from __future__ import annotations

import typer

app = typer.Typer(add_completion=False)


@app.command()
def first() -> None:
    """Do nothing."""


@app.command()
def second() -> None:
    """Do nothing either."""


if __name__ == "__main__":
    app()
