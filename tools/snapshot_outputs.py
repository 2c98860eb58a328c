"""Record every command's output on the bundled data, to diff before and after a refactor.

Usage: python tools/snapshot_outputs.py OUT_DIR   (then `diff -r BEFORE AFTER`)

Each case writes OUT_DIR/NAME.out holding the exit code, stdout and stderr of
`python -m renkei_cli ARGS`. A refactor that claims to change no behaviour must leave the
directory byte-identical.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SEARCHES = [
    "空港",
    "くうこう",
    "クウコウ",
    "kuukou",
    "kukou",
    "北九州空巷",
    "福祉 広域",
    "環境",
    "観光",
    "しごと",
    "ロボット",
    "ＩＣＴ",
    "zzzznothing",
    "物流",
    "防災",
]
SHOWS = [
    "1-c-1",
    "3(1)g2",
    "物流拠点",
    "北九州空港の物流",
    "空港",
    "nothing-here",
    "2-a-1",
    "3-1-a-1",
    "3-1-g-2",
    "3-2-e-2",
    "北九州空巷の物流拠",
    "9-z-9",
    "1-b-99",
    "くうこう",
]
FORMATS = ["tsv", "csv", "yaml", "jsonl", "json", "markdown"]
SCHEMAS = ["list", "search", "show", "xref", "tree", "stats", "validate"]


def cases() -> list[tuple[str, list[str]]]:
    """Every (name, argv) pair: each command's JSON, filters, and list/search formats."""
    out: list[tuple[str, list[str]]] = [
        ("list", ["list", "--json"]),
        ("list-a3", ["list", "--area", "3", "--json"]),
        ("list-a3-f2", ["list", "-a", "3", "-f", "2", "--json"]),
        ("list-a1-ib", ["list", "-a", "1", "-i", "b", "--json"]),
        ("list-noreposts", ["list", "--no-reposts", "--json"]),
        ("list-fields", ["list", "-a", "1", "--fields", "id,name", "--json"]),
        ("list-nomatch", ["list", "-a", "1", "-i", "z", "--json"]),
        ("list-excel", ["list", "-a", "2", "--excel"]),
        ("list-ascii", ["list", "-a", "2", "--json", "--ascii"]),
        ("xref", ["xref", "--json"]),
        ("xref-terms", ["xref", "--terms", "--json"]),
        ("xref-terms-all", ["xref", "--terms", "--all", "--json"]),
        ("xref-tsv", ["xref", "--format", "tsv"]),
        ("xref-terms-tsv", ["xref", "--terms", "--format", "tsv"]),
        ("tree", ["tree", "--json"]),
        ("tree-d1", ["tree", "--depth", "1", "--json"]),
        ("tree-d2", ["tree", "--depth", "2", "--json"]),
        ("tree-plain", ["tree"]),
        ("stats", ["stats", "--json"]),
        ("stats-tsv", ["stats"]),
        ("validate", ["validate", "--json"]),
        ("validate-plain", ["validate"]),
        ("search-empty", ["search", " ", "--json"]),
        ("search-limit-area", ["search", "環境", "--area", "3", "--limit", "3", "--json"]),
        ("export-html", ["export", "html", "--date", "2026-12-01"]),  # dated: reproducible
    ]
    for i, query in enumerate(SEARCHES):
        out.append((f"search-{i:02d}", ["search", *query.split(), "--json"]))
        out.append((f"search-{i:02d}-tsv", ["search", *query.split(), "--format", "tsv"]))
    for i, name in enumerate(SHOWS):
        out.append((f"show-{i:02d}", ["show", name, "--json"]))
        out.append((f"show-{i:02d}-tsv", ["show", name, "--format", "tsv"]))
    for command in SCHEMAS:
        out.append((f"schema-{command}", ["schema", command]))
    for command in ["", *SCHEMAS, "completion", "export", "export html"]:
        out.append((f"help-{command or 'main'}", [*command.split(), "--help"]))
    for fmt in FORMATS:
        out.append((f"list-{fmt}", ["list", "-a", "3", "--format", fmt]))
        out.append((f"search-{fmt}", ["search", "空港", "--format", fmt]))
    english = [["list", "-a", "1"], ["tree"], ["stats"], ["show", "1-b-8"], ["xref"]]
    english += [["search", "airports"], ["search", "decarbonization"], ["show", "logistics hub"]]
    for argv in english:
        out.append(("en-" + "-".join(argv).replace(" ", "_"), ["--lang", "en", *argv]))
    return out


def main(argv: list[str]) -> int:
    """Run every case into the directory given as the one argument."""
    if len(argv) != 1:
        print("usage: snapshot_outputs.py OUT_DIR", file=sys.stderr)
        return 2
    target = Path(argv[0])
    target.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "RENKEI_NO_CACHE": "1"}
    env.pop("RENKEI_DATA", None)
    for name, args in cases():
        done = subprocess.run(
            [sys.executable, "-m", "renkei_cli", "--no-cache", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        head = f"$ renkei {' '.join(args)}\nexit {done.returncode}\n"
        text = f"{head}--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
        (target / f"{name}.out").write_text(text, encoding="utf-8")
    print(f"{len(cases())} cases written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
