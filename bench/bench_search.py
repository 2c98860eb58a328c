"""Benchmark: what `renkei search` adds to `renkei list --json`, in wall time per process.

Usage: python bench/bench_search.py [--runs N] [QUERY ...]

Runs, interleaved so that drift hits all alike, N times each (default 40):
  python -c pass                       (the interpreter alone)
  python -m renkei_cli list --json     (start-up, load and validate, JSON out)
  python -m renkei_cli search Q --json (the same plus the variant table, index and query)
and prints the median and quartiles of each, and the median differences. The default query is
空港 (exact name matches: no fuzzy stage, so rapidfuzz is not imported); add more, such as a
typo (北九州空巷), to see the cost of the fuzzy stage. Output goes to /dev/null; a non-zero
exit other than 1 (no match) stops the benchmark. Bytecode caching is on (see ENV).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

# Bytecode caching on, as an installed renkei has it (pip compiles on install): where
# PYTHONDONTWRITEBYTECODE is set, an editable install would otherwise recompile each module
# on every run, which costs search.py ~10 ms that no user pays.
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "RENKEI_DATA")}


def timed(command: list[str]) -> float:
    """Wall time of one run of a command, in milliseconds."""
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    elapsed = (time.perf_counter() - start) * 1000.0
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()}")
    return elapsed


def quartiles(samples: list[float]) -> tuple[float, float, float]:
    q1, median, q3 = statistics.quantiles(samples, n=4)
    return q1, median, q3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("queries", nargs="*", default=["空港"])
    args = parser.parse_args(argv)
    renkei = [sys.executable, "-m", "renkei_cli"]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "list --json": [*renkei, "list", "--json"],
    }
    for query in args.queries:
        commands[f"search {query} --json"] = [*renkei, "search", query, "--json"]
    for command in commands.values():  # warm the caches (files, .pyc) once
        timed(command)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            samples[name].append(timed(command))
    print(f"{args.runs} runs each, wall time in ms (Python {sys.version.split()[0]})")
    print(f"{'command':<28} {'q1':>7} {'median':>7} {'q3':>7}")
    for name, values in samples.items():
        q1, median, q3 = quartiles(values)
        print(f"{name:<28} {q1:>7.1f} {median:>7.1f} {q3:>7.1f}")
    base = statistics.median(samples["python -c pass"])
    listed = statistics.median(samples["list --json"])
    print(f"list --json over python -c pass: {listed - base:+.1f} ms")
    for query in args.queries:
        searched = statistics.median(samples[f"search {query} --json"])
        print(f"search {query} --json over list --json: {searched - listed:+.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
