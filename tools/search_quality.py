"""Report search quality on tests/search_cases.yaml: recall and MRR per category.

Usage: python tools/search_quality.py [--threshold T] [--sweep] [--cases FILE]

Definitions (per category, over its cases):
- pass    the case's test criterion: every expected project found, `top` (if given) ranked
          first, and for `none` nothing found.
- recall  expected projects found / expected projects, counted over all the category's
          expectations (micro-averaged). Not defined for `none`, which expects nothing.
- MRR     mean reciprocal rank: a case's reciprocal rank is 1/r, where r is the rank of its
          `top` project if it names one, else the best rank of any of its expected projects
          (0 if none is found). MRR is the mean over the category's cases; 1.0 means the
          wanted project always came first.
- clean   for `none`: the share of cases that found nothing.

- extra   results that are not expected projects (allowed except for `none`: a title or a
          raw line can add some), shown by --sweep for the categories fuzzy matching decides.

--sweep runs the whole set at each fuzzy threshold from 50 to 95 and prints how many cases
pass, in all and in the categories the threshold can change (typo, none), with their extra
results: the threshold must pass every case without adding results nobody asked for. That is
how search.FUZZY_THRESHOLD was chosen.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from renkei_cli.loader import load_catalog  # noqa: E402
from renkei_cli.search import FUZZY_THRESHOLD, SearchIndex  # noqa: E402
from renkei_cli.topics import load_topics  # noqa: E402
from renkei_cli.variants import load_variants  # noqa: E402


@dataclass
class Tally:
    """Counts for one category."""

    cases: int = 0
    passed: int = 0
    expected: int = 0
    found: int = 0
    reciprocal_ranks: list[float] = field(default_factory=list)
    extra: int = 0  # results that are not among the expected projects


def load_cases(path: Path) -> list[dict[str, Any]]:
    """The cases of a search test set."""
    from ruamel.yaml import YAML

    with path.open(encoding="utf-8") as stream:
        return list(YAML(typ="safe").load(stream)["cases"])


def evaluate(index: SearchIndex, cases: list[dict[str, Any]]) -> dict[str, Tally]:
    """Run every case and tally it under its category, in first-seen category order."""
    tallies: dict[str, Tally] = {}
    for case in cases:
        tally = tallies.setdefault(case["category"], Tally())
        any_term = case["category"] == "any"  # searched as with --any
        ids = [r.project.id for r in index.search(case["query"], any_term=any_term).results]
        expected = list(case.get("expect") or [])
        top = case.get("top")
        tally.cases += 1
        tally.extra += len(set(ids) - set(expected))
        if case["category"] == "none":
            tally.passed += not ids
            continue
        found = [project for project in expected if project in ids]
        tally.expected += len(expected)
        tally.found += len(found)
        wanted = [top] if top else expected
        ranks = [ids.index(project) + 1 for project in wanted if project in ids]
        tally.reciprocal_ranks.append(1.0 / min(ranks) if ranks else 0.0)
        tally.passed += len(found) == len(expected) and (top is None or ids[:1] == [top])
    return tallies


def print_report(tallies: dict[str, Tally], threshold: float) -> None:
    """One line per category and a total line."""
    print(f"fuzzy threshold {threshold:g}")
    print(f"{'category':<10} {'cases':>5} {'pass':>5} {'recall':>7} {'MRR':>6}")
    total = Tally()
    for category, tally in tallies.items():
        total.cases += tally.cases
        total.passed += tally.passed
        total.expected += tally.expected
        total.found += tally.found
        total.reciprocal_ranks += tally.reciprocal_ranks
        if category == "none":
            clean = tally.passed / tally.cases
            print(f"{category:<10} {tally.cases:>5} {tally.passed:>5} {'—':>7} {'—':>6}"
                  f"  (clean {clean:.2f})")  # fmt: skip
            continue
        recall = tally.found / tally.expected if tally.expected else 0.0
        mrr = sum(tally.reciprocal_ranks) / len(tally.reciprocal_ranks)
        print(f"{category:<10} {tally.cases:>5} {tally.passed:>5} {recall:>7.3f} {mrr:>6.3f}")
    recall = total.found / total.expected
    mrr = sum(total.reciprocal_ranks) / len(total.reciprocal_ranks)
    print(f"{'all':<10} {total.cases:>5} {total.passed:>5} {recall:>7.3f} {mrr:>6.3f}")


def sweep(index: SearchIndex, cases: list[dict[str, Any]]) -> None:
    """Pass counts at each fuzzy threshold, and the range where every case passes."""
    print(f"{'threshold':>9} {'all':>7} {'typo':>6} {'none':>6} {'extra':>6}")
    safe: list[int] = []
    for threshold in range(50, 96):
        index.fuzzy_threshold = float(threshold)
        tallies = evaluate(index, cases)
        passed = sum(t.passed for t in tallies.values())
        typo, none = tallies.get("typo", Tally()), tallies.get("none", Tally())
        extra = typo.extra + none.extra
        print(f"{threshold:>9} {passed:>3}/{len(cases):<3} {typo.passed:>2}/{typo.cases:<3}"
              f" {none.passed:>2}/{none.cases:<3} {extra:>6}")  # fmt: skip
        if passed == len(cases) and extra == 0:
            safe.append(threshold)
    if safe:
        print(f"every case passes with no extra typo/none result for thresholds "
              f"{safe[0]}..{safe[-1]}")  # fmt: skip
    else:
        print("no threshold passes every case without extra results")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=FUZZY_THRESHOLD)
    parser.add_argument("--sweep", action="store_true", help="try thresholds 50..95")
    parser.add_argument("--cases", type=Path, default=ROOT / "tests" / "search_cases.yaml")
    args = parser.parse_args(argv)
    cases = load_cases(args.cases)
    index = SearchIndex(
        load_catalog(), load_variants(), fuzzy_threshold=args.threshold, topics=load_topics()
    )
    if args.sweep:
        sweep(index, cases)
    else:
        print_report(evaluate(index, cases), args.threshold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
