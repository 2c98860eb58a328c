"""Time the loader on the bundled file, on bad files, and on 1 MiB of the worst kinds of text.

Run: .venv/bin/python bench/bad_files.py   (issue 6: every bad file refused within a second)
Each case is written to a temporary directory, then checked with validate_file (the library
path `renkei validate` takes; add ~0.1 s for the interpreter and Typer at the command line).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from renkei_cli.loader import validate_file
from renkei_cli.paths import MAX_FILE_BYTES, default_data_path

BUNDLED = default_data_path().read_text(encoding="utf-8")
LIMIT = 1024 * 1024  # the cost of a file under MAX_FILE_BYTES grows linearly from here


def many_projects() -> str:
    """A valid file as large as allowed: the last initiative padded with projects."""
    line = "              - name: 追加事業{}\n"
    count = (LIMIT - len(BUNDLED.encode())) // len(line.format(99999).encode())
    return BUNDLED + "".join(line.format(n) for n in range(count))


CASES: dict[str, Callable[[], str | bytes]] = {
    "bundled file": lambda: BUNDLED,
    "valid, 1 MiB": many_projects,
    "1 MiB list of scalars": lambda: "- a\n" * (LIMIT // 4),
    "1 MiB flow list": lambda: "[" + "a, " * (LIMIT // 3 - 1) + "]",
    "1 MiB of unknown keys": lambda: "".join(f"k{n}: 1\n" for n in range(LIMIT // 10)),
    "1 MiB single line": lambda: "a: " + "x" * (LIMIT - 4),
    "100k nested [": lambda: "k: " + "[" * 100_000 + "]" * 100_000,
    "100k nested - ": lambda: "k:\n" + "- " * 100_000 + "x\n",
    "alias bomb": lambda: (
        "a: &a [x]\n"
        + "".join(
            f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
    ),
    "over the size limit": lambda: "#" * (MAX_FILE_BYTES + 1),
    "cp932": lambda: BUNDLED.encode("cp932"),
}


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        for name, make in CASES.items():
            content = make()
            path = Path(directory) / "case.yaml"
            if isinstance(content, str):
                content = content.encode("utf-8")
            path.write_bytes(content)
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                report = validate_file(path)
                best = min(best, time.perf_counter() - start)
            outcome = report.summary() if report.valid else report.lines()[0]
            outcome = outcome.replace(str(path), "")
            print(f"{name:30} {len(content):>9,} B {best * 1000:8.1f} ms  {outcome[:60]}")


if __name__ == "__main__":
    main()
