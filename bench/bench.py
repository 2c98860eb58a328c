"""Start-up benchmark: median wall time of renkei commands, as ratios to the stack's floor.

Usage: python bench/bench.py [--runs N] [--json FILE]

Each command runs as a real process (the `renkei` console script next to this Python), many
times, after warm-up runs. The floor is a do-nothing Typer app (bench/typer_floor.py: the same
pinned Typer, two commands, no completion) measured in the same run with the same Python, so
ratios compare like with like on whatever machine runs them; the bare interpreter is shown
too. The table is measured in a pseudo-terminal, the other outputs in a pipe. Not a test:
numbers go to docs/performance.md.

renkei's own modules are byte-compiled first, as `pip install` does for an installed package:
an editable install under PYTHONDONTWRITEBYTECODE=1 would otherwise recompile every module on
every run and measure the compiler, not renkei.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import pty
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
RENKEI = str(BIN / "renkei")

FLOOR = str(Path(__file__).resolve().parent / "typer_floor.py")

# name, argv, how (pipe | pty), target ratio to the floor (the Typer app, the first case)
CASES: list[tuple[str, list[str], str, float | None]] = [
    ("typer floor (first)", [sys.executable, FLOOR, "first"], "pipe", None),
    ("python -c pass", [sys.executable, "-c", "pass"], "pipe", None),
    ("list --json", [RENKEI, "list", "--json"], "pipe", 1.25),
    ("list (piped)", [RENKEI, "list"], "pipe", 1.25),
    ("list (table, pty)", [RENKEI, "list"], "pty", 1.6),
    ("search 空港 --json", [RENKEI, "search", "空港", "--json"], "pipe", 1.25),
    ("show 2-d-1 --json", [RENKEI, "show", "2-d-1", "--json"], "pipe", 1.25),
    ("--help", [RENKEI, "--help"], "pipe", 1.25),
]


def run_piped(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - start


def run_in_pty(argv: list[str], env: dict[str, str]) -> float:
    """Run with stdout on a pseudo-terminal (so renkei draws its table) and drain it."""
    master, slave = pty.openpty()
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=slave, stderr=subprocess.DEVNULL, env=env)
    os.close(slave)
    while True:
        try:
            if not os.read(master, 65536):
                break
        except OSError:  # EIO once the child has closed the terminal
            break
    process.wait()
    elapsed = time.perf_counter() - start
    os.close(master)
    return elapsed


def measure(argv: list[str], how: str, runs: int, env: dict[str, str]) -> list[float]:
    runner = run_in_pty if how == "pty" else run_piped
    for _ in range(3):
        runner(argv, env)  # warm the OS cache and renkei's parse cache
    return [runner(argv, env) for _ in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    package = subprocess.run(
        [
            sys.executable,
            "-c",
            "import renkei_cli, os; print(os.path.dirname(renkei_cli.__file__))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    compileall.compile_dir(package, quiet=1)
    env = {**os.environ, "COLUMNS": "120", "LANG": "C.UTF-8"}
    env.pop("RENKEI_DATA", None)
    results = []
    floor = None
    for name, argv, how, target in CASES:
        times = measure(argv, how, args.runs, env)
        median = statistics.median(times) * 1000
        floor = floor or median
        ratio = median / floor
        results.append(
            {
                "case": name,
                "median_ms": round(median, 1),
                "p90_ms": round(sorted(times)[int(len(times) * 0.9) - 1] * 1000, 1),
                "ratio": round(ratio, 2),
                "target": target,
                "ok": target is None or ratio <= target,
            }
        )
    print(f"| case | median ms | p90 ms | x floor | target | ok |  (runs={args.runs})")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for r in results:
        target = f"<= {r['target']}x" if r["target"] else ""
        ok = "" if r["target"] is None else ("yes" if r["ok"] else "NO")
        print(
            f"| {r['case']} | {r['median_ms']} | {r['p90_ms']} | {r['ratio']} | {target} | {ok} |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
