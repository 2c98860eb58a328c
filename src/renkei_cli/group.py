"""renkei's command group: every error a command meets becomes one line and an exit code.

The app's Typer `cls` (and that of any sub-group): renkei's own errors print `renkei: error: …`
(data files `FILE:LINE:COL: …`), click's usage errors are reworded by usage.py, Ctrl-C and a
closed pipe get their exit codes; never a traceback, never click's usage block.
"""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn

import typer
from typer._click.core import Context as ClickContext
from typer._click.exceptions import NoArgsIsHelpError
from typer._click.exceptions import UsageError as ClickUsageError

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
        except ClickUsageError as error:
            _usage_exit(error)

    def resolve_command(self, ctx: ClickContext, args: list[str]) -> Any:
        """An unknown command name says so in renkei's words (usage.UnknownCommand)."""
        try:
            return super().resolve_command(ctx, args)
        except ClickUsageError:
            from renkei_cli.usage import UnknownCommand

            if args and self.get_command(ctx, args[0]) is None:
                raise UnknownCommand(args[0], list(self.commands), ctx) from None
            raise

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
        except ClickUsageError as error:
            _usage_exit(error)

    def _main_shell_completion(
        self, ctx_args: Any, prog_name: str, complete_var: str | None = None
    ) -> None:
        """Answer the shell's completion requests with Typer's shell classes (loaded only then)."""
        var = complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()
        if os.environ.get(var):
            from typer._completion_classes import completion_init

            completion_init()
        super()._main_shell_completion(ctx_args, prog_name, complete_var)


def _usage_exit(error: ClickUsageError) -> NoReturn:
    """Click's usage errors in renkei's one style (usage.py), unwrapped, exit 2. A group
    given no command at all (`renkei`, `renkei export`) answers with its help, as before."""
    from renkei_cli.usage import usage_lines

    if isinstance(error, NoArgsIsHelpError):
        error.show()
    else:
        sys.stderr.write("".join(line + "\n" for line in usage_lines(error)))
    raise typer.Exit(int(ExitCode.USAGE))
