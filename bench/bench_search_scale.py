"""Benchmark: the search index and queries on a large synthetic table, in process.

Usage: python bench/bench_search_scale.py [--projects N] [QUERY ...]

Builds a catalog of N projects (default 100,000) by repeating the bundled 77 with a number
appended to each name (readings, source texts and initiatives kept, one placement each), then
times building a SearchIndex and each query twice: the first run of a query includes keys
built on first use (readings for a kana or romaji term, variant forms for a variant term),
the second is warm. Loading a YAML file of that size is not measured here.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from renkei_cli.loader import load_catalog  # noqa: E402
from renkei_cli.model import Catalog, Placement, Project  # noqa: E402
from renkei_cli.search import SearchIndex  # noqa: E402
from renkei_cli.variants import load_variants  # noqa: E402

QUERIES = ["空港", "kuukou", "取り組み", "福祉 広域", "北九州空巷", "宇宙開発", "LAB0"]


def synthetic(catalog: Catalog, count: int) -> Catalog:
    """A catalog of `count` projects, the bundled ones repeated with numbered names."""
    projects: list[Project] = []
    placements: list[Placement] = []
    base = catalog.projects
    for number in range(count):
        project = base[number % len(base)]
        placement = catalog.placements_of(project.id)[0]
        project_id = f"{placement.initiative_key}-{number + 1}"
        projects.append(dataclasses.replace(project, id=project_id, name=f"{project.name}{number}"))
        placements.append(
            dataclasses.replace(placement, id=project_id, project_id=project_id, index=number + 1)
        )
    return dataclasses.replace(catalog, projects=tuple(projects), placements=tuple(placements))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("queries", nargs="*", default=QUERIES)
    args = parser.parse_args(argv)
    catalog = synthetic(load_catalog(), args.projects)
    variants = load_variants()
    start = time.perf_counter()
    index = SearchIndex(catalog, variants)
    built = 1e3 * (time.perf_counter() - start)
    print(f"{args.projects:,} projects: index built in {built:.0f} ms")
    print(f"{'query':<14} {'first ms':>9} {'warm ms':>8} {'matches':>8}")
    for query in args.queries:
        times = []
        for _ in range(2):
            start = time.perf_counter()
            outcome = index.search(query, limit=args.limit)
            times.append(1e3 * (time.perf_counter() - start))
        print(f"{query:<14} {times[0]:>9.0f} {times[1]:>8.0f} {outcome.total:>8,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
