"""Scale benchmark: cold and warm runs on synthetic datasets of 1k, 10k and 100k projects.

Usage: python bench/scale.py [N ...]   (default: 1000 10000 100000)

For each N, bench/synthetic.py writes the dataset (once), then each case runs as a real
process with its own empty cache directory: `cold` parses the YAML (and fills the cache),
`warm` reads the cache. Wall time is the median of 3 runs (1 for cold); peak memory is the
child's maximum resident set size. Not a test: the numbers go to docs/performance.md.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RENKEI = str(Path(sys.executable).parent / "renkei")


def dataset(n: int) -> Path:
    path = HERE / "out" / f"synthetic-{n}.yaml"
    if not path.exists():
        subprocess.run([sys.executable, str(HERE / "synthetic.py"), str(n)], check=True)
    return path


def run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of one renkei process."""
    start = time.perf_counter()
    with subprocess.Popen([RENKEI, *args], stdout=subprocess.DEVNULL, env=env) as process:
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [1000, 10000, 100000]
    print("| projects | case | median s | peak MB |")
    print("| ---: | --- | ---: | ---: |")
    for n in sizes:
        path = str(dataset(n))
        with tempfile.TemporaryDirectory() as cache_home:
            env = {**os.environ, "XDG_CACHE_HOME": cache_home}
            cases = [
                ("cold list --json", ["--data", path, "list", "--json"], 1),
                ("warm list --json", ["--data", path, "list", "--json"], 3),
                ("warm list -a 2 -i z", ["--data", path, "list", "-a", "2", "-i", "z"], 3),
                ("first search kuukou", ["--data", path, "search", "kuukou", "-n", "20"], 1),
                ("warm search kuukou", ["--data", path, "search", "kuukou", "-n", "20"], 3),
                ("warm search 空港", ["--data", path, "search", "空港", "-n", "20"], 3),
            ]
            for name, args, repeat in cases:
                results = [run(args, env) for _ in range(repeat)]
                wall = statistics.median(r[0] for r in results)
                peak = max(r[1] for r in results)
                print(f"| {n:,} | {name} | {wall:.2f} | {peak:.0f} |", flush=True)


if __name__ == "__main__":
    main()
