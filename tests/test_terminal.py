"""renkei on a terminal: a pseudo-terminal for the table, colour and width cases, and the
Environment that decides them."""

from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len

from renkei_cli.model import Catalog
from renkei_cli.output import displayable, fit_columns
from renkei_cli.terminal import Environment
from renkei_cli.views import LIST_COLUMNS

from .clitools import ANSI_ESCAPE, process_env, pty_unavailable, run_in_pty, write_tricky_data

_NO_PTY = pty_unavailable()
needs_pty = pytest.mark.skipif(_NO_PTY is not None, reason=f"pseudo-terminal tests: {_NO_PTY}")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def tty_env(**overrides: str) -> dict[str, str]:
    return process_env(**{"TERM": "xterm-256color", **overrides})


@needs_pty
def test_a_terminal_gets_a_coloured_table_by_default(catalog: Catalog) -> None:
    in_area_1 = sum(1 for p in catalog.placements if p.area == 1)
    done = run_in_pty("list", "--area", "1", env=tty_env())
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")
    assert ANSI_ESCAPE in text  # bold ids and headers
    plain = ANSI.sub("", text)
    assert re.search(r"^\s*ID\s+Project\s+再掲", plain, re.M)
    assert re.search(r"^Area 1 経済成長のけん引に係る取組$", plain, re.M)  # a heading row
    assert "\t" not in plain
    assert f"\n{in_area_1} placements" in plain


@needs_pty
@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("--no-color",), {}),
        ((), {"NO_COLOR": "1"}),
        ((), {"TERM": "dumb"}),
    ],
    ids=["--no-color", "NO_COLOR", "TERM=dumb"],
)
def test_colour_can_be_turned_off(args: tuple[str, ...], env: dict[str, str]) -> None:
    done = run_in_pty("list", "--area", "2", *args, env=tty_env(**env))
    text = done.stdout.decode("utf-8")
    assert re.search(r"^ +ID +Project", text, re.M)  # still a table
    assert ANSI_ESCAPE not in text


@needs_pty
def test_the_global_no_color_option_works_too() -> None:
    done = run_in_pty("--no-color", "list", "--area", "2", env=tty_env())
    assert ANSI_ESCAPE not in done.stdout.decode("utf-8")


@needs_pty
@pytest.mark.parametrize("fmt", ["tsv", "json", "csv"])
def test_machine_formats_on_a_terminal_have_no_colour(fmt: str) -> None:
    done = run_in_pty("list", "--format", fmt, env=tty_env())
    assert done.returncode == 0
    assert ANSI_ESCAPE.encode() not in done.stdout


@needs_pty
@pytest.mark.parametrize("columns", [40, 60, 80, 120])
def test_the_table_fits_the_terminal_width(columns: int) -> None:
    """Sized by the terminal itself (TIOCSWINSZ), no COLUMNS variable."""
    done = run_in_pty("list", "--no-color", env=tty_env(), columns=columns)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode("utf-8").splitlines()
    assert max(cell_len(line) for line in lines) <= columns
    header = next(line for line in lines if line.lstrip().startswith("ID"))
    assert "Project" in header
    ids = [line.split()[0] for line in lines if re.match(r"^ *\d-", line)]
    assert len(ids) == 82  # every placement has its id on a line of its own


@needs_pty
def test_a_40_column_terminal_keeps_id_area_and_project_readable() -> None:
    done = run_in_pty("list", "--no-color", env=tty_env(COLUMNS="40"), columns=40)
    text = done.stdout.decode("utf-8")
    header = next(line for line in text.splitlines() if line.lstrip().startswith("ID"))
    assert header.split() == ["ID", "Project", "再掲"]
    assert re.search(r"^Area 1 ", text, re.M) and re.search(r"^3\(1\) ", text, re.M)
    assert text.rstrip().endswith("82 placements")
    # The Project column is wide enough for 8 or more characters a line.
    first_row = next(line for line in text.splitlines() if line.startswith("    1-a-1"))
    assert cell_len(first_row.split()[-1]) >= 16


@needs_pty
def test_fields_on_a_narrow_terminal_are_never_hidden() -> None:
    done = run_in_pty("list", "--no-color", "--fields", "id,name,area_title", columns=40)
    text = done.stdout.decode("utf-8")
    assert "no room" not in text
    header = next(line for line in text.splitlines() if line.lstrip().startswith("id"))
    assert header.split() == ["id", "name", "area_title"]


@needs_pty
def test_a_cp932_terminal_gets_a_cp932_table(tmp_path: object) -> None:
    from pathlib import Path

    data = write_tricky_data(Path(str(tmp_path)))
    done = run_in_pty(
        "--data", str(data), "list", "--no-color", env=tty_env(PYTHONIOENCODING="cp932")
    )
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("cp932")  # strictly: every byte is cp932
    assert "〓田町の事業―その一" in text
    assert "-----" in text and "─" not in text  # an ASCII rule instead of box drawing


@needs_pty
def test_json_on_a_terminal_is_still_utf8_json() -> None:
    done = run_in_pty("list", "--json", env=tty_env(PYTHONIOENCODING="cp932"))
    import json

    assert len(json.loads(done.stdout.decode("utf-8"))) == 82


# The Environment, decided once per command.


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.mark.parametrize(
    ("tty", "variables", "flag", "colour"),
    [
        (True, {}, False, True),
        (False, {}, False, False),
        (True, {"NO_COLOR": "1"}, False, False),
        (True, {"NO_COLOR": ""}, False, True),  # no-color.org: only a non-empty value counts
        (True, {}, True, False),
        (True, {"TERM": "dumb"}, False, False),
        (False, {"FORCE_COLOR": "1"}, False, True),
        (False, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),
        (True, {"FORCE_COLOR": "1"}, True, False),
        (True, {"TERM": "dumb", "FORCE_COLOR": "1"}, False, True),
    ],
)
def test_environment_colour_rules(
    monkeypatch: pytest.MonkeyPatch, tty: bool, variables: dict, flag: bool, colour: bool
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    env = Environment.detect(_Stream(tty), no_color=flag)
    assert env.is_tty is tty
    assert env.color is colour


def test_environment_reads_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    assert Environment.detect(_Stream(True)).width == 40
    monkeypatch.setenv("COLUMNS", "wide")
    assert Environment.detect(_Stream(True)).width is None


# Text a console cannot show, and columns a terminal cannot fit.


@pytest.mark.parametrize(
    ("encoding", "text", "shown"),
    [
        ("utf-8", "𠮷田—", "𠮷田—"),
        ("cp932", "𠮷田—", "〓田―"),
        ("cp932", "〜−‖～", "〜−‖～"),  # cp932 has both forms of each
        ("shift_jis", "𠮷～－∥—", "〓〜−‖―"),
        ("euc_jp", "￠￡￢", "¢£¬"),
        ("ascii", "𠮷田-a—", "????-a?"),
        ("latin-1", "café 田", "café ??"),
    ],
)
def test_displayable_replaces_what_the_console_cannot_show(
    encoding: str, text: str, shown: str
) -> None:
    result = displayable(text, encoding)
    assert result == shown
    result.encode(encoding)  # never raises


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp932", "shift_jis"])
def test_stand_ins_keep_the_width_of_what_they_replace(encoding: str) -> None:
    text = "𠮷野家の𩸽定食 — café"
    assert cell_len(displayable(text, encoding)) == cell_len(text)


def _record(n: int) -> dict:
    return {
        "id": f"3-1-g-{n}",
        "area": 3,
        "field": 1,
        "initiative_title": "環境" * 10,
        "theme": None,
        "name": "名前" * 10,
        "primary_id": "1-b-5",
        "repost": True,
    }


@pytest.mark.parametrize(
    ("width", "hidden"),
    [
        (120, []),
        (54, []),
        (53, ["Initiative"]),
        (37, ["Initiative"]),
        (36, ["Initiative", "再掲"]),
        (29, ["Initiative", "再掲"]),
        (28, ["Initiative", "再掲", "Area"]),
        (10, ["Initiative", "再掲", "Area"]),  # ID and Project are never hidden
    ],
)
def test_fit_columns_hides_columns_in_drop_order(width: int, hidden: list[str]) -> None:
    # Text: ID 7, Area 4, 再掲 7 (→ 1-b-5), Initiative and Project folding at 16 each; a table
    # of n columns takes n - 1 cells more (one-space dividers): 54 for all five, 37 for four,
    # 29 for three.
    records = [_record(n) for n in range(1, 4)]
    shown, dropped = fit_columns(records, LIST_COLUMNS, width)
    assert [c.header for c in dropped] == hidden
    assert [c.header for c in shown] == [c.header for c in LIST_COLUMNS if c.header not in hidden]
