"""Where the bundled files are, and the constants of the data file format.

Small on purpose: the cache and the CLI need these without importing the YAML loader.
"""

from __future__ import annotations

from pathlib import Path

SCHEMA_VERSION = 1
# The bundled file is ~15 KiB; bench/synthetic.py's 100,000 projects are ~15 MiB. 32 MiB
# leaves room for twice that; anything larger is refused before it is read.
MAX_FILE_BYTES = 32 * 1024 * 1024


def bundled_file(name: str) -> Path:
    """A file of data/: inside the installed package (the wheel), else in the repository."""
    packaged = Path(__file__).resolve().parent / "data" / name
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / name


def default_data_path() -> Path:
    """The bundled data file."""
    return bundled_file("initiatives.yaml")


def default_variants_path() -> Path:
    """The bundled spelling-variant table."""
    return bundled_file("variants.yaml")
