"""Write a valid synthetic dataset of N projects, for scale benchmarks.

Usage: python bench/synthetic.py N [OUT]   (default OUT: bench/out/synthetic-N.yaml)

The shape follows the real table: areas 1 and 2 with initiatives, area 3 with three policy
fields; 26 initiatives (a-z) per area or field; about 1% of the rows are 【再掲】 references
to a project listed earlier. Names and readings are built from real words, so search has
realistic text to work on; every name is unique.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

PLACES = [
    ("北九州", "きたきゅうしゅう"),
    ("小倉", "こくら"),
    ("門司", "もじ"),
    ("若松", "わかまつ"),
    ("八幡", "やはた"),
    ("戸畑", "とばた"),
    ("行橋", "ゆくはし"),
    ("中間", "なかま"),
    ("遠賀", "おんが"),
    ("苅田", "かんだ"),
]
TOPICS = [
    ("空港", "くうこう"),
    ("観光", "かんこう"),
    ("医療", "いりょう"),
    ("福祉", "ふくし"),
    ("防災", "ぼうさい"),
    ("環境", "かんきょう"),
    ("教育", "きょういく"),
    ("交通", "こうつう"),
    ("産業", "さんぎょう"),
    ("人材", "じんざい"),
    ("文化", "ぶんか"),
    ("農業", "のうぎょう"),
]
ACTIONS = [
    ("振興事業", "しんこう じぎょう"),
    ("連携事業", "れんけい じぎょう"),
    ("推進", "すいしん"),
    ("支援事業", "しえん じぎょう"),
    ("整備事業", "せいび じぎょう"),
]
DIGITS = ["ぜろ", "いち", "に", "さん", "よん", "ご", "ろく", "なな", "はち", "きゅう"]
CONTAINERS = [(1, None), (2, None), (3, 1), (3, 2), (3, 3)]
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def number_reading(n: int) -> str:
    return " ".join(DIGITS[int(d)] for d in str(n))


def write(n: int, out: Path, seed: int = 1) -> None:
    rng = random.Random(seed)
    per_initiative = max(1, -(-n // (len(CONTAINERS) * len(LETTERS))))
    names: list[str] = []
    lines = [
        "schema_version: 1",
        "source:",
        f"  title: synthetic dataset of {n} projects",
        "  section: bench/synthetic.py",
        "areas:",
    ]
    made = 0

    def initiatives(indent: str) -> None:
        nonlocal made
        lines.append(f"{indent}initiatives:")
        for letter in LETTERS:
            if made >= n:
                break
            lines.append(f"{indent}  - letter: {letter}")
            lines.append(f"{indent}    title: 取組{letter.upper()}")
            lines.append(f"{indent}    projects:")
            for _ in range(per_initiative):
                if made >= n:
                    break
                if names and rng.random() < 0.01:
                    lines.append(f"{indent}      - repost: {rng.choice(names)}")
                    continue
                place, topic, action = rng.choice(PLACES), rng.choice(TOPICS), rng.choice(ACTIONS)
                name = f"{place[0]}{topic[0]}{action[0]}{made + 1}"
                reading = f"{place[1]} {topic[1]} {action[1]} {number_reading(made + 1)}"
                lines.append(f"{indent}      - name: {name}")
                lines.append(f"{indent}        reading: {reading}")
                names.append(name)
                made += 1

    page = 1
    for area in (1, 2, 3):
        lines += [f"  - number: {area}", f"    title: 分野{area}", "    pages: [1, 999]"]
        if area < 3:
            initiatives("    ")
            continue
        lines.append("    fields:")
        for field in (1, 2, 3):
            lines += [
                f"      - number: {field}",
                f"        title: 政策分野{field}",
                f"        pages: [{page}, {page}]",
            ]
            page += 1
            initiatives("        ")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    if len(sys.argv) < 2 or not sys.argv[1].isdigit():
        sys.exit("usage: python bench/synthetic.py N [OUT]")
    n = int(sys.argv[1])
    out = (
        Path(sys.argv[2])
        if len(sys.argv) > 2
        else Path(__file__).parent / "out" / f"synthetic-{n}.yaml"
    )
    write(n, out)
    print(out)


if __name__ == "__main__":
    main()
