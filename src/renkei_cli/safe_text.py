"""Text made safe for a terminal: control and bidi characters shown as visible escapes.

A data file or an argument can hold characters a terminal obeys instead of showing: ESC starts
a sequence that recolours or retitles the window, a bidi override reverses what follows it.
Everything renkei prints for a person goes through `escape_controls`, which writes them as
`\\x1b` or `\\u202e`, as `ls` and git quote such names. Machine formats (JSON, CSV, TSV...)
stay exact and never pass through here.
"""

from __future__ import annotations

from typing import Any

# C0 controls, DEL, C1 controls, and the bidi embeddings, overrides and isolates, each with
# its visible escape. A translate table, not a regex: nothing to compile at start-up.
_CODES = [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
ESCAPES = {code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" for code in _CODES}
# The same, but a line feed stays a line feed (for whole messages of several lines).
_ESCAPES_BUT_NEWLINE = {code: text for code, text in ESCAPES.items() if code != 0x0A}


def escape_controls(text: str) -> str:
    """`text` with every control or bidi character written as `\\xNN` / `\\uNNNN`."""
    return text if text.isprintable() else text.translate(ESCAPES)


def escape_lines(text: str) -> str:
    """Like escape_controls, but line feeds are kept: for text made of whole lines."""
    return text if text.isprintable() else text.translate(_ESCAPES_BUT_NEWLINE)


def escape_value(value: Any) -> Any:
    """A record (or any JSON-like value) with every string in it escaped, for display."""
    if isinstance(value, str):
        return escape_controls(value)
    if isinstance(value, dict):
        return {key: escape_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(escape_value(item) for item in value)
    return value


def first_unsafe(text: str) -> int | None:
    """The index of the first control or bidi character in `text`, or None."""
    if text.isprintable():
        return None
    return next((i for i, char in enumerate(text) if ord(char) in ESCAPES), None)


def describe(char: str) -> str:
    """`U+001B` with its escape, for messages that must not contain the character itself."""
    return f"U+{ord(char):04X} ({escape_controls(char)})"


def unsafe_problem(text: str, what: str) -> str | None:
    """The validation message for a control or bidi character in a name or title, or None."""
    index = first_unsafe(text)
    if index is None:
        return None
    return (
        f"{what} contains the control character {describe(text[index])} at character "
        f"{index + 1}: a name or title is text only (no escape sequences or bidi overrides)"
    )
