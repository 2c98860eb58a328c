"""Generate the `reading:` line of every project in data/initiatives.yaml (dev tool).

A reading is the hiragana reading of a project name (plus ー where the word has a
long-vowel mark), cut into word segments by single spaces. The search uses the
segments for word-start matching, so a segment should be a word a person would
start typing: 空港 is a segment (くうこう), but くこう must not match inside
みりょく こうじょう.

How a reading is made:

1. SudachiPy with sudachidict-core analyses the name in split mode B. Mode A cuts
   dictionary words into pieces that nobody types on their own (半 導体, 図書 館,
   懇談 会, 災害 時); mode C glues whole phrases together (北九州空港, 人材育成,
   筑豊電気鉄道, 地方創生), so that 空港, 育成 or 創生 would no longer start a segment.
   Mode B keeps ordinary dictionary words whole and proper nouns separate from
   what follows (北九州 空港), which is what word-start matching wants.
2. The overrides in tools/reading_overrides.yaml replace the analyser's tokens
   wherever their surface occurs: readings it gets wrong (Latin letters, rendaku),
   place names pinned so that no dictionary update can change them (小倉 alone is
   おぐら), and a few segmentations (都市圏+域 becomes とし けんいき).
3. Symbols (・「」（）) are dropped: they have no reading.
4. Inflections are joined to their verb (おけ+る, し+た, つい+て), so that the
   segments are words (における is read に おける, 連携した れんけい した).
5. Katakana becomes hiragana; ー is kept.

Every reading is checked to be hiragana/ー segments separated by single spaces;
anything else (a Latin letter the dictionary left alone) stops the script and
names the project, so that an override can be added.

Titles get one too (renkei's search data, so that kana and romaji reach them as kanji
does): `reading:` after each area, field and initiative `title:` line, `theme_reading:`
after each `theme:` line, made the same way.

The `reading:` line goes right after the `name:` line, at the indentation of
`name:`; the file is edited line by line, so comments and formatting are kept,
and rerunning the script replaces the existing reading lines (idempotent).

Usage (from the repository root, in a venv with the dev tools installed):

    pip install sudachipy sudachidict-core ruamel.yaml
    python tools/gen_readings.py            # write the readings
    python tools/gen_readings.py --check    # exit 1 if the file differs
    python tools/gen_readings.py --raw      # show the analyser's unaided output

The output depends on the dictionary: it was produced with the versions in
TESTED_WITH, and --check warns when others are installed.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from sudachipy import dictionary, tokenizer

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "initiatives.yaml"
OVERRIDES = Path(__file__).resolve().parent / "reading_overrides.yaml"

TESTED_WITH = {"sudachipy": "0.7.0", "sudachidict-core": "20261015"}

NAME_LINE = re.compile(r"^(?P<indent>\s*)- name: (?P<value>.+?)\s*$")
READING_LINE = re.compile(r"^\s*reading:")
# Titles of areas, fields and initiatives (indented under `areas:`, unlike the source's title)
# and themes: their readings go on the next line, `reading:` and `theme_reading:`.
TITLE_LINE = re.compile(r"^(?P<indent>\s{4,})(?P<key>title|theme): (?P<value>.+?)\s*$")
THEME_READING_LINE = re.compile(r"^\s*theme_reading:")
NAME_EN_LINE = re.compile(r"^\s*name_en:")
VALID_READING = re.compile(r"^[\u3041-\u3096ー]+(?: [\u3041-\u3096ー]+)*$")
KATAKANA = re.compile(r"[\u30a1-\u30f6]")


@dataclass
class Token:
    """One unit of a reading: an analyser morpheme or an override."""

    surface: str
    begin: int
    end: int
    reading: str
    pos: tuple[str, ...]
    override: bool = False


@dataclass(frozen=True)
class Override:
    """An entry of reading_overrides.yaml."""

    surface: str
    reading: str
    kind: str
    why: str


class ReadingError(Exception):
    """A name that the analyser plus overrides cannot turn into a valid reading."""


def to_hiragana(text: str) -> str:
    """Map katakana to hiragana (ァ-ヶ shift by 0x60); ー and the rest unchanged."""
    return KATAKANA.sub(lambda m: chr(ord(m.group()) - 0x60), text)


def load_overrides(path: Path = OVERRIDES) -> list[Override]:
    """Read the override table, longest surface first, validating each reading."""
    raw = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    result = []
    for entry in raw["overrides"]:
        ov = Override(str(entry["surface"]), str(entry["reading"]), entry["kind"], entry["why"])
        if not VALID_READING.match(ov.reading):
            raise ReadingError(f"override {ov.surface!r}: bad reading {ov.reading!r}")
        if ov.kind not in {"fix", "pin", "segment"}:
            raise ReadingError(f"override {ov.surface!r}: unknown kind {ov.kind!r}")
        result.append(ov)
    return sorted(result, key=lambda o: -len(o.surface))


def make_tokenizer() -> tokenizer.Tokenizer:
    """Create a Sudachi tokenizer over sudachidict-core."""
    return dictionary.Dictionary(dict="core").tokenizer()


def analyse(tok: tokenizer.Tokenizer, name: str) -> list[Token]:
    """Tokenise a name in split mode B."""
    return [
        Token(m.surface(), m.begin(), m.end(), m.reading_form(), m.part_of_speech())
        for m in tok.tokenize(name, tokenizer.Tokenizer.SplitMode.B)
    ]


def apply_overrides(
    name: str, tokens: list[Token], overrides: list[Override], used: set[str]
) -> list[Token]:
    """Replace the tokens under each override occurrence by one override token."""
    taken = [False] * len(name)
    spans: list[tuple[int, int, Override]] = []
    for ov in overrides:
        for m in re.finditer(re.escape(ov.surface), name):
            if any(taken[m.start() : m.end()]):
                continue
            spans.append((m.start(), m.end(), ov))
            for i in range(m.start(), m.end()):
                taken[i] = True
    starts = {t.begin for t in tokens}
    ends = {t.end for t in tokens}
    for begin, end, ov in spans:
        if begin not in starts or end not in ends:
            raise ReadingError(
                f"{name}: override {ov.surface!r} does not cover whole tokens "
                f"({' '.join(t.surface for t in tokens)}); widen it"
            )
        used.add(ov.surface)
    result: list[Token] = []
    for t in tokens:
        span = next(((b, e, o) for b, e, o in spans if b <= t.begin < e), None)
        if span is None:
            result.append(t)
        elif span[0] == t.begin:
            b, e, ov = span
            result.append(Token(ov.surface, b, e, ov.reading, ("override",), True))
    return result


def is_symbol(t: Token) -> bool:
    """Tell whether a token is punctuation or space, which has no reading."""
    return not t.override and t.pos[0] in {"補助記号", "空白"}


def attaches_to_verb(t: Token) -> bool:
    """Tell whether a token is an inflection that belongs to the verb before it."""
    if t.override:
        return False
    if t.pos[0] == "助動詞":
        return True
    return t.pos[0] == "助詞" and t.pos[1] == "接続助詞" and t.surface in {"て", "で"}


def segments_of(tokens: list[Token]) -> list[str]:
    """Turn tokens into hiragana word segments, joining inflections to their verb."""
    segments: list[str] = []
    after_verb = False
    for t in tokens:
        if is_symbol(t):
            after_verb = False
            continue
        reading = to_hiragana(t.reading)
        if after_verb and attaches_to_verb(t):
            segments[-1] += reading
            continue
        segments.extend(reading.split(" "))
        after_verb = not t.override and t.pos[0] == "動詞"
    return segments


def reading_of(
    tok: tokenizer.Tokenizer,
    name: str,
    overrides: list[Override],
    used: set[str] | None = None,
) -> str:
    """Compute the validated reading of one project name."""
    if used is None:
        used = set()
    tokens = apply_overrides(name, analyse(tok, name), overrides, used)
    reading = " ".join(segments_of(tokens))
    if not VALID_READING.match(reading):
        raise ReadingError(f"{name}: invalid reading {reading!r}; add an override")
    return reading


def raw_reading(tok: tokenizer.Tokenizer, name: str) -> str:
    """Compute the analyser's unaided reading (no overrides), for measuring it."""
    return " ".join(segments_of(analyse(tok, name)))


def parse_scalar(text: str) -> str:
    """Parse the YAML scalar on a `name:` line (plain or quoted)."""
    value = YAML(typ="safe").load(text)
    if not isinstance(value, str):
        raise ReadingError(f"name is not a string: {text!r}")
    return value


def project_names(lines: list[str]) -> list[str]:
    """List the project names in document order, from the `- name:` lines."""
    return [parse_scalar(m.group("value")) for line in lines if (m := NAME_LINE.match(line))]


def check_against_yaml(text: str, names: list[str]) -> None:
    """Make sure the line scan found exactly the projects the YAML parser sees."""
    doc = YAML(typ="safe").load(text)
    parsed = []
    for area in doc["areas"]:
        for group in area.get("fields", [area]):
            for initiative in group["initiatives"]:
                parsed.extend(p["name"] for p in initiative["projects"] if "name" in p)
    if parsed != names:
        raise ReadingError("the `- name:` lines do not match the parsed projects")


def title_texts(lines: list[str]) -> list[str]:
    """The titles and themes that get a reading, from their `title:` and `theme:` lines."""
    return [parse_scalar(m.group("value")) for line in lines if (m := TITLE_LINE.match(line))]


def render(text: str, readings: dict[str, str]) -> str:
    """Return the file text with one reading line after each name, title and theme line."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        m = NAME_LINE.match(line)
        if m:
            while i < len(lines) and NAME_EN_LINE.match(lines[i]):  # the English stays first
                out.append(lines[i])
                i += 1
            if i < len(lines) and READING_LINE.match(lines[i]):
                i += 1  # replaced below
            indent = " " * (len(m.group("indent")) + 2)
            out.append(f"{indent}reading: {readings[parse_scalar(m.group('value'))]}\n")
            continue
        m = TITLE_LINE.match(line)
        if m:
            theme = m.group("key") == "theme"
            following = THEME_READING_LINE if theme else READING_LINE
            if i < len(lines) and following.match(lines[i]):
                i += 1  # replaced below
            key = "theme_reading" if theme else "reading"
            value = readings[parse_scalar(m.group("value"))]
            out.append(f"{m.group('indent')}{key}: {value}\n")
    return "".join(out)


def version_warnings() -> list[str]:
    """List differences between installed and tested analyser versions."""
    warnings = []
    for package, tested in TESTED_WITH.items():
        installed = importlib.metadata.version(package)
        if installed != tested:
            warnings.append(f"{package} {installed} installed, tested with {tested}")
    return warnings


def main(argv: list[str] | None = None) -> int:
    """Write, check or show the readings; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 if out of date")
    mode.add_argument("--raw", action="store_true", help="show unaided analyser output")
    parser.add_argument("--data", type=Path, default=DATA, help="YAML file to edit")
    args = parser.parse_args(argv)

    text = args.data.read_text(encoding="utf-8")
    names = project_names(text.splitlines())
    check_against_yaml(text, names)
    names += [t for t in dict.fromkeys(title_texts(text.splitlines())) if t not in names]
    tok = make_tokenizer()
    overrides = load_overrides()

    if args.raw:
        for name in names:
            print(f"{name}\n  raw:   {raw_reading(tok, name)}")
            print(f"  final: {reading_of(tok, name, overrides)}")
        return 0

    used: set[str] = set()
    try:
        readings = {name: reading_of(tok, name, overrides, used) for name in names}
    except ReadingError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    unused = [o.surface for o in overrides if o.surface not in used]
    if unused:
        print(f"error: unused overrides: {', '.join(unused)}", file=sys.stderr)
        return 2
    new_text = render(text, readings)

    if args.check:
        for warning in version_warnings():
            print(f"warning: {warning}", file=sys.stderr)
        if new_text != text:
            print(
                f"{args.data}: readings are out of date; run tools/gen_readings.py",
                file=sys.stderr,
            )
            return 1
        print(f"{args.data}: {len(names)} readings up to date")
        return 0

    if new_text != text:
        args.data.write_text(new_text, encoding="utf-8")
        print(f"{args.data}: wrote {len(names)} readings")
    else:
        print(f"{args.data}: {len(names)} readings already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
