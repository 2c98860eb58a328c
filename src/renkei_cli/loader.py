"""Read a data file, validate it completely and build the Catalog: the loader's entry points.

yamlnodes composes the text into located nodes, builder validates them into the model; every
problem found is collected and reported as `FILE:LINE:COL: message`; nothing is half-loaded, and
the data file is only ever read, never written.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path

from renkei_cli.errors import DataError, Problem
from renkei_cli.model import Catalog
from renkei_cli.paths import default_data_path


def load_catalog(path: Path | str | None = None, data: bytes | None = None) -> Catalog:
    """Load and validate a data file (the bundled one by default); raise DataError if invalid.

    Messages name the file as given: a string is shown exactly as the user typed it. With
    `data`, those bytes are parsed (already read by the caller) and `path` only names them.
    """
    # Imported here: a cache hit imports this module for the name only, and never parses.
    from renkei_cli.builder import build_catalog
    from renkei_cli.datafile import decode_data, read_data
    from renkei_cli.yamlnodes import compose

    file = Path(path) if path is not None else default_data_path()
    shown = path if isinstance(path, str) else str(file)
    text = decode_data(read_data(file, shown) if data is None else data, shown)
    # Every node is a new object that lives until the end: the cyclic collector would only
    # rescan them, which makes large files superlinear (3x slower at 1 MiB).
    collecting = gc.isenabled()
    gc.disable()
    try:
        root = compose(text, shown)
        return build_catalog(root, shown)
    finally:
        if collecting:
            gc.enable()


@dataclass(frozen=True, slots=True)
class Validation:
    """The outcome of checking one data file: every problem, or the counts of what it holds."""

    path: str
    problems: tuple[Problem, ...]
    catalog: Catalog | None

    @property
    def valid(self) -> bool:
        return self.catalog is not None and not self.problems

    def counts(self) -> dict[str, int] | None:
        """How many of each thing a valid file holds (None for an invalid one)."""
        if self.catalog is None:
            return None
        catalog = self.catalog
        return {
            "areas": len(catalog.areas),
            "fields": len(catalog.fields),
            "initiatives": len(catalog.initiatives),
            "projects": len(catalog.projects),
            "placements": len(catalog.placements),
            "reposts": sum(1 for p in catalog.placements if p.repost),
        }

    def summary(self) -> str:
        """One line for a valid file: `PATH: ok (82 placements, 77 projects)`."""
        counts = self.counts() or {}
        placements, projects = counts.get("placements", 0), counts.get("projects", 0)
        return (
            f"{self.path}: ok ({placements} placement{'s' * (placements != 1)}, "
            f"{projects} project{'s' * (projects != 1)})"
        )

    def lines(self) -> list[str]:
        """Every problem as `FILE:LINE:COL: message`."""
        return [problem.format(self.path) for problem in self.problems]


def validate_file(path: Path | str | None = None) -> Validation:
    """Check a data file completely; the problems come back instead of being raised."""
    file = Path(path) if path is not None else default_data_path()
    shown = path if isinstance(path, str) else str(file)
    try:
        catalog = load_catalog(path if path is not None else file)
    except DataError as error:
        return Validation(path=shown, problems=tuple(error.problems), catalog=None)
    return Validation(path=shown, problems=(), catalog=catalog)
