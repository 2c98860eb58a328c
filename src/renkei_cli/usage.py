"""Usage errors in one voice: `renkei: error: MESSAGE` on one line, at most one `hint:` line.

Click words its usage errors in its own way (a usage block, `Try 'renkei -h'`, `Error: …`); the
command group hands each one to `usage_lines`, which says the same thing the way renkei's own
errors do, for every command and sub-group alike.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from difflib import get_close_matches

from typer._click import exceptions as click_errors
from typer._click.core import Context, Parameter
from typer._click.types import IntRange

PROG_NAME = "renkei"
PREFIX = f"{PROG_NAME}: error: "


class UnknownCommand(click_errors.UsageError):
    """A command name no group has, with the names it might have meant."""

    def __init__(self, name: str, known: list[str], ctx: Context | None = None) -> None:
        super().__init__(f"unknown command '{name}'", ctx)
        self.suggestions = get_close_matches(name, known, n=1)


def usage_lines(error: click_errors.UsageError) -> list[str]:
    """The message line and at most one hint line for a usage error."""
    message, hint = _describe(error)
    lines = [PREFIX + message]
    if hint is None and error.ctx is not None:
        command = " ".join([PROG_NAME, *error.ctx.command_path.split()[1:]])
        hint = f"see '{command} --help'"
    if hint:
        lines.append(f"hint: {hint}")
    return lines


def _describe(error: click_errors.UsageError) -> tuple[str, str | None]:
    """The message and, when there is a likely intended spelling, its did-you-mean hint."""
    if isinstance(error, UnknownCommand):
        return error.message, _did_you_mean(error.suggestions)
    if isinstance(error, click_errors.NoSuchOption):
        return f"unknown option '{error.option_name}'", _did_you_mean(error.possibilities or [])
    if isinstance(error, click_errors.MissingParameter):
        kind = error.param.param_type_name if error.param is not None else "value"
        return f"missing {kind} {_name(error.param)}", None
    if isinstance(error, click_errors.BadParameter):
        return _bad_value(error)
    unknown = re.match(r"No such command '(.+?)'\.(?: Did you mean '(.+?)'.*)?$", error.message)
    if unknown:  # a sub-group that is not renkei's own group class: Typer's wording
        return f"unknown command '{unknown.group(1)}'", _did_you_mean(unknown.groups()[1:2])
    return _sentence(error.message), None


def _bad_value(error: click_errors.BadParameter) -> tuple[str, str | None]:
    """`invalid value for --format: 'xml' (choose from …)`, in the words of the parameter type."""
    param, reason, hint = error.param, _sentence(error.message), None
    kind = param.type if param is not None else None
    choices = [_choice_text(choice) for choice in getattr(kind, "choices", ())]
    if choices:
        given = re.match(r"'(.*)' is not", reason)
        if given:
            reason = f"'{given.group(1)}' (choose from {', '.join(choices)})"
            close = get_close_matches(given.group(1).lower(), choices, n=1, cutoff=0.75)
            hint = _did_you_mean(close)
    elif isinstance(kind, IntRange):
        given = re.match(r"(-?\d+) is not in the range", reason)
        if given:
            reason = f"{given.group(1)} is {_range_text(kind)}"
    reason = re.sub(r"^'(.*)' is not a valid int(eger)?$", r"'\1' is not a whole number", reason)
    return f"invalid value for {_name(param)}: {reason}", hint


def _range_text(kind: IntRange) -> str:
    """What an integer range asks for: `below the minimum 1`, `out of range 1 to 3`."""
    if kind.min is not None and kind.max is not None:
        return f"out of range {kind.min} to {kind.max}"
    if kind.min is not None:
        return f"below the minimum {kind.min}"
    return f"above the maximum {kind.max}"


def _name(param: Parameter | None) -> str:
    """An option by its long name (`--area`), an argument by its metavar (`ID|NAME`)."""
    if param is None:
        return "a parameter"
    if param.param_type_name == "argument":
        return (param.metavar or str(param.name).upper()).strip("{}[]")
    return max(param.opts, key=len) if param.opts else str(param.name)


def _choice_text(choice: object) -> str:
    return str(choice.value) if isinstance(choice, enum.Enum) else str(choice)


def _did_you_mean(candidates: Sequence[str | None]) -> str | None:
    return f"did you mean '{candidates[0]}'?" if candidates and candidates[0] else None


def _sentence(text: str) -> str:
    """Click's `Option '--x' requires an argument.` as renkei words messages: lower case, no
    full stop, one line."""
    text = " ".join(text.split()).rstrip(".")
    text = re.sub(r"^Option '(.+)' requires an argument$", r"option '\1' needs a value", text)
    extra = r"^Got unexpected extra argument(?:s|\(s\))? \((.*)\)$"
    text = re.sub(extra, r"unexpected argument: \1", text)
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text
