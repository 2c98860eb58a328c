"""Japanese on a real terminal: every name and title of the bundled data, at 60, 80 and 120
columns, breaks only between phrases (BudouX's, computed here independently) unless the phrase
is wider than its column, never against kinsoku; at 80 columns `list` keeps every name up to
56 cells on one line, and `--help` of every command fits the terminal without breaking a word."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from typing import Any

import pytest

from renkei_cli.linebreak import text_width

from .clitools import process_env, pty_unavailable, run_in_pty, run_piped
from .test_help import COMMAND_NAMES
from .test_linebreak import NO_END, NO_START

pytestmark = pytest.mark.skipif(pty_unavailable() is not None, reason=str(pty_unavailable()))
WIDTHS = (60, 80, 120)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@functools.cache
def records() -> list[dict[str, Any]]:
    done = run_piped("list", "--json")
    return list(json.loads(done.stdout))


@functools.cache
def parser() -> Any:
    import budoux

    return budoux.load_default_japanese_parser()


def phrase_starts(text: str) -> set[int]:
    """BudouX's phrase boundaries of one catalog text."""
    offsets, position = set(), 0
    for phrase in parser().parse(text)[:-1]:
        position += len(phrase)
        offsets.add(position)
    return offsets


def allowed_breaks(text: str, pieces: Iterable[str]) -> set[int]:
    """Where `text` may break: the phrase boundaries and edges of the catalog texts in it,
    and after spaces."""
    found = {i for i in range(1, len(text)) if text[i - 1] == " " and text[i] != " "}
    for piece in pieces:
        start = text.find(piece)
        if piece and start >= 0:
            found |= {start, start + len(piece)} | {start + b for b in phrase_starts(piece)}
    return found


def screen(*args: str, columns: int) -> list[str]:
    done = run_in_pty(*args, "--no-color", columns=columns, env=process_env(TERM="xterm"))
    assert done.returncode == 0, done.stderr
    lines = ANSI.sub("", done.stdout.decode("utf-8")).splitlines()
    assert all(text_width(line) <= columns for line in lines), "a line wider than the terminal"
    return lines


def cells(line: str, start: int, end: int) -> str:
    """The part of a screen line between two cell columns."""
    out, column = [], 0
    for char in line:
        if start <= column < end:
            out.append(char)
        column += text_width(char)
    return "".join(out)


def check_breaks(text: str, fragments: list[str], column: int, pieces: Iterable[str]) -> int:
    """Assert the fragments a text was wrapped into break it right; return how many breaks."""
    position, breaks = 0, []
    for fragment in fragments:
        start = text.index(fragment, position)
        assert text[position:start].strip() == "", f"{text!r}: lost {text[position:start]!r}"
        if position:
            breaks.append(start)
        position = start + len(fragment)
    assert position == len(text.rstrip()), f"{text!r} is not whole in {fragments}"
    allowed = sorted(allowed_breaks(text, pieces) | {0, len(text)})
    for at in breaks:
        assert text[at] not in NO_START, f"{text!r}: a line starts with {text[at]}"
        assert text[at - 1] not in NO_END, f"{text!r}: a line ends with {text[at - 1]}"
        if at in allowed:
            continue
        before = max(b for b in allowed if b < at)
        after = min(b for b in allowed if b > at)
        phrase = text[before:after]
        assert text_width(phrase) > column, f"{text!r} broken inside {phrase!r} ({column} cells)"
    return len(breaks)


def list_rows(
    lines: list[str], columns: int
) -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, int]]:
    """Parse `list`'s screen: each id's name fragments, each heading's title fragments, and
    each name's column width (from the header: up to 再掲 on a row with a marker)."""
    header = lines[0]
    name_start = header.index("Project")
    name_width = (header.index("再掲") - 1 if "再掲" in header else 10**6) - name_start
    names: dict[str, list[str]] = {}
    titles: dict[str, list[str]] = {}
    widths: dict[str, int] = {}
    current: list[str] = []
    for line in lines[2:]:
        if not line.strip() or line.strip().endswith("placements"):
            continue
        if line.startswith(" " * name_start):  # a name continues
            current.append(line[name_start:].rstrip())
        elif re.match(r"^    \d+(-\d+)?-[a-z]-\d+ ", line):  # a row: id, name
            placement_id = line.split()[0]
            name = line[name_start:].rstrip()
            marked = re.search(r"\s+→ \S+$", name)
            name = name[: marked.start()] if marked else name
            current = names.setdefault(placement_id, [name])
            widths[placement_id] = name_width if marked else columns - name_start
        elif line.startswith(" ") and re.match(r"^\s+[a-z] ", line) is None:  # title continues
            current.append(line.strip())
        else:  # a heading: label, title
            label, title = re.match(r"^(\s*(?:Area \d+|\d+\(\d+\)|[a-z])) (.*)$", line).groups()
            current = titles.setdefault(f"{label}#{len(titles)}", [title.rstrip()])
            current.append(f"@{text_width(label) + 1}")
    return names, titles, widths


@pytest.mark.parametrize("columns", WIDTHS)
def test_list_breaks_every_name_and_title_between_phrases(columns: int) -> None:
    lines = screen("list", columns=columns)
    names, titles, widths = list_rows(lines, columns)
    by_id = {r["id"]: r for r in records()}
    assert set(names) == set(by_id), "every placement is listed"
    for placement_id, fragments in names.items():
        check_breaks(by_id[placement_id]["name"], fragments, widths[placement_id], [])
    catalog_titles = {r[k] for r in records() for k in ("area_title", "field_title")} - {None}
    catalog_titles |= {r["initiative_title"] for r in records()}
    catalog_titles |= {r["theme"] for r in records() if r["theme"]}
    seen = set()
    for fragments in titles.values():
        indent = int(fragments.pop(1)[1:])
        text = fragments[0] + "".join(fragments[1:])
        pieces = [t for t in catalog_titles if t in text]
        assert pieces, f"heading {text!r} names no title"
        seen.update(pieces)
        check_breaks(text, fragments, columns - indent, pieces)
    assert seen >= {r["area_title"] for r in records()} | {r["initiative_title"] for r in records()}


def test_at_80_columns_every_name_up_to_56_cells_is_on_one_line() -> None:
    names, _, _ = list_rows(screen("list", columns=80), 80)
    by_id = {r["id"]: r for r in records()}
    short = [pid for pid, r in by_id.items() if text_width(r["name"]) <= 56]
    assert len(short) > 60
    assert [pid for pid in short if len(names[pid]) != 1] == []
    assert max(len(fragments) for fragments in names.values()) <= 2


def tree_labels(lines: list[str]) -> list[tuple[str, list[str], int]]:
    """Each tree label's fragments and the column it starts at."""
    labels: list[tuple[str, list[str], int]] = []
    for line in lines[1:]:
        match = re.match(r"^((?:│   |    )*)(├── |└── )?(.*)$", line)
        assert match is not None
        guides, branch, text = match.groups()
        if branch:
            labels.append((text, [text], len(guides) + 4))
        elif labels:
            labels[-1][1].append(text)
    return labels


@pytest.mark.parametrize("columns", WIDTHS)
def test_tree_labels_break_between_phrases(columns: int) -> None:
    rows = records()
    pieces = {r["name"] for r in rows} | {r["initiative_title"] for r in rows}
    pieces |= {r["area_title"] for r in rows} | {r["field_title"] for r in rows if r["field_title"]}
    pieces |= {r["theme"] for r in rows if r["theme"]}
    labels = tree_labels(screen("tree", columns=columns))
    assert len(labels) > 82
    for _, fragments, start in labels:
        text = " ".join(fragments)  # the label, rejoined (breaks at spaces drop the space)
        joined = "".join(fragments)
        label = text if any(p in text for p in pieces) and " " in text else joined
        check_breaks(label, fragments, columns - start, [p for p in pieces if p in label])


@pytest.mark.parametrize("columns", WIDTHS)
def test_stats_titles_break_between_phrases(columns: int) -> None:
    lines = screen("stats", columns=columns)
    rows = records()
    titles = {r["area_title"] for r in rows} | {r["field_title"] for r in rows if r["field_title"]}
    titles |= {r["initiative_title"] for r in rows}
    checked = 0
    for index, line in enumerate(lines):
        if not line.startswith("Key"):
            continue
        start, end = line.index("Title"), line.index("Projects") - 1
        body = lines[index + 2 :]
        for number, row in enumerate(body):
            if re.match(r"^[A-Za-z]", row) or "placements" in row:  # a title or the caption
                break
            if row[0].strip():
                fragments = [cells(row, start, end).rstrip()]
                for more in body[number + 1 :]:
                    if cells(more, 0, start).strip() or not cells(more, start, end).strip():
                        break
                    fragments.append(cells(more, start, end).rstrip())
                title = "".join(fragments)
                assert title in titles, title
                check_breaks(title, fragments, end - start, [title])
                checked += 1
    assert checked >= len(titles) - 1


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("name", ["", *COMMAND_NAMES])
def test_help_fits_the_terminal_and_breaks_no_word(name: str, columns: int) -> None:
    args = [name, "--help"] if name else ["--help"]
    done = run_in_pty(*args, columns=columns, env=process_env(TERM="xterm"))
    text = done.stdout.decode("utf-8")
    lines = text.splitlines()
    assert lines and all(text_width(line) <= columns for line in lines)
    # No word broken: every word of the help's source text is shown whole.
    import typer

    from renkei_cli.cli import app  # the help's source: every docstring and option help

    group: Any = typer.main.get_command(app)
    with group.make_context("renkei", [], resilient_parsing=True) as ctx:
        command = group.get_command(ctx, name) if name else group
        sources = [command.help or "", command.epilog or ""]
        sources += [getattr(p, "help", None) or "" for p in command.params]
    source_words = set(re.findall(r"[A-Za-z]+", " ".join(sources)))
    shown = set(re.findall(r"[A-Za-z]+", text))
    assert source_words - shown <= {"b"}, source_words - shown  # \b is click's marker
