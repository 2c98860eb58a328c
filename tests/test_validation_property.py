"""Property: whatever is done to the bundled file, the loader loads it or raises DataError.

Truncations, byte flips, deleted and duplicated lines, alone and combined: never another
exception, and every problem is one located line inside the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renkei_cli.errors import DataError
from renkei_cli.loader import load_catalog
from renkei_cli.model import Catalog

from .conftest import DATA

ORIGINAL = DATA.read_bytes()


@st.composite
def mutations(draw: st.DrawFn) -> bytes:
    """The bundled file after one to three random edits."""
    data = ORIGINAL
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["truncate", "flip", "delete_line", "duplicate_line"]))
        if kind == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif kind == "flip" and data:
            at = draw(st.integers(0, len(data) - 1))
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
        elif kind in ("delete_line", "duplicate_line"):
            lines = data.splitlines(keepends=True)
            if lines:
                at = draw(st.integers(0, len(lines) - 1))
                copies = 0 if kind == "delete_line" else 2
                lines[at : at + 1] = [lines[at]] * copies
                data = b"".join(lines)
    return data


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=mutations())
def test_mutated_file_loads_or_raises_data_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "mutated.yaml"
    path.write_bytes(data)
    try:
        catalog = load_catalog(path)
    except DataError as error:
        assert error.problems, "a DataError names at least one problem"
        # YAML breaks lines at CR LF, LF and a lone CR alike (a flipped byte may be a CR).
        last_line = data.count(b"\n") + data.replace(b"\r\n", b"").count(b"\r") + 1
        for problem in error.problems:
            assert 1 <= problem.line <= last_line, problem
            assert problem.column >= 1, problem
            assert problem.message and "\n" not in problem.message, problem
        assert error.lines()[0].startswith(f"{path}:")
    else:
        assert isinstance(catalog, Catalog)


@pytest.mark.parametrize(
    ("cut", "expected"),
    [
        (0, "1:1: the file is empty: expected a mapping with schema_version, source and areas"),
        (1, "1:1: the file holds no data, only comments: expected a mapping"),  # `#`
        (100, "the file is not UTF-8 text"),  # inside a multi-byte character
        # halfway, inside a quoted English name: the string never ends
        (ORIGINAL.index(b'name_en: "', len(ORIGINAL) // 2) + 15, "YAML syntax error"),
        (len(ORIGINAL) - 1, None),  # only the last newline gone: still the whole table
    ],
)
def test_truncated_file_is_refused_or_loaded(
    tmp_path: Path, cut: int, expected: str | None
) -> None:
    """A few fixed cuts, each with the answer it must get (and so even with hypothesis off)."""
    path = tmp_path / "cut.yaml"
    path.write_bytes(ORIGINAL[:cut])
    if expected is None:
        assert len(load_catalog(path).placements) == 82
        return
    with pytest.raises(DataError) as raised:
        load_catalog(path)
    assert expected in raised.value.lines()[0]
