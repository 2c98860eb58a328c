"""The app's command group: renkei's errors, Ctrl-C and closed pipes as one-line messages and
exit codes, around every command (and around parsing, which prints --help and --version)."""

from __future__ import annotations

import os
from typing import Any

import typer
from typer._click.core import Context as ClickContext

from renkei_cli import process
from renkei_cli.errors import DataError, ExitCode, RenkeiError
from renkei_cli.options import OptionsGroup


class RenkeiGroup(OptionsGroup):
    """Turns renkei's errors, Ctrl-C and closed pipes into one-line messages and exit codes."""

    def invoke(self, ctx: ClickContext) -> Any:
        try:
            return super().invoke(ctx)
        except DataError as error:
            for line in error.lines():
                typer.echo(line, err=True)
            raise typer.Exit(int(error.exit_code)) from None
        except RenkeiError as error:
            for line in error.lines():
                typer.echo(f"renkei: error: {line}", err=True)
            for line in error.details():
                typer.echo(line, err=True)
            raise typer.Exit(int(error.exit_code)) from None
        except KeyboardInterrupt:
            typer.echo("renkei: interrupted", err=True)
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except BrokenPipeError:
            process.silence_stdout()
            raise typer.Exit(int(ExitCode.BROKEN_PIPE)) from None

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: ClickContext | None = None,
        **extra: Any,
    ) -> ClickContext:
        """Parsing prints `--help` and `--version`: a closed pipe there exits like a command's."""
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except BrokenPipeError:
            process.silence_stdout()
            raise typer.Exit(int(ExitCode.BROKEN_PIPE)) from None

    def _main_shell_completion(
        self, ctx_args: Any, prog_name: str, complete_var: str | None = None
    ) -> None:
        """Answer the shell's completion requests with Typer's shell classes (loaded only then)."""
        var = complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()
        if os.environ.get(var):
            from typer._completion_classes import completion_init

            completion_init()
        super()._main_shell_completion(ctx_args, prog_name, complete_var)
