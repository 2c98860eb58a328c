"""Read a data file, validate it completely and build the Catalog.

The YAML is parsed into events and composed here into plain located nodes (never constructed
into objects), so no tag can run code and every value keeps its line and column. Anchors,
aliases, tags, a second document and deep nesting are refused while parsing, before anything is
built. Every problem found is collected and reported as `FILE:LINE:COL: message`; nothing is
half-loaded, and the data file is only ever read, never written.
"""

from __future__ import annotations

import difflib
import gc
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from renkei_cli.errors import DataError, Problem
from renkei_cli.model import (
    Area,
    Catalog,
    Correction,
    Initiative,
    Placement,
    PolicyField,
    Project,
    Provenance,
    SourceInfo,
    apply_corrections,
)

SCHEMA_VERSION = 1
# The bundled file is ~15 KiB; bench/synthetic.py's 100,000 projects are ~15 MiB. 32 MiB
# leaves room for twice that; anything larger is refused before it is read.
MAX_FILE_BYTES = 32 * 1024 * 1024
# The bundled file nests 11 levels deep (document > areas > area > fields > field >
# initiatives > initiative > projects > project > corrections > correction).
MAX_DEPTH = 50
# After this many problems the file is surely not a renkei data file: stop and say so.
MAX_PROBLEMS = 100
READING_PATTERN = re.compile(r"[ぁ-ゖー]+(?: [ぁ-ゖー]+)*")
_KANA = frozenset(chr(code) for code in range(ord("ぁ"), ord("ゖ") + 1)) | {"ー"}
LETTERS = "abcdefghijklmnopqrstuvwxyz"

_YAML = "tag:yaml.org,2002:"
_PLAIN_KINDS = frozenset({"str", "int", "float", "bool", "null", "timestamp"})
_TYPE_NAMES = {
    "str": "text",
    "int": "a whole number",
    "float": "a decimal number",
    "bool": "true/false",
    "null": "empty",
    "timestamp": "a date",
    "map": "a mapping (key: value lines)",
    "seq": "a list",
}


_ANCHORS_HINT = "write the value out in full: a data file needs no anchors or aliases"


def bundled_file(name: str) -> Path:
    """A file of data/: inside the installed package (the wheel), else in the repository."""
    packaged = Path(__file__).resolve().parent / "data" / name
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / name


def default_data_path() -> Path:
    """The bundled data file."""
    return bundled_file("initiatives.yaml")


def load_catalog(path: Path | str | None = None) -> Catalog:
    """Load and validate a data file (the bundled one by default); raise DataError if invalid.

    Messages name the file as given: a string is shown exactly as the user typed it.
    """
    file = Path(path) if path is not None else default_data_path()
    shown = path if isinstance(path, str) else str(file)
    text = read_text(file, shown)
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

    def record(self) -> dict[str, Any]:
        """The JSON form: path, valid, problems [{line, column, message}], counts."""
        return {
            "path": self.path,
            "valid": self.valid,
            "problems": [
                {"line": p.line, "column": p.column, "message": p.message} for p in self.problems
            ],
            "counts": self.counts(),
        }


def validate_file(path: Path | str | None = None) -> Validation:
    """Check a data file completely; the problems come back instead of being raised."""
    file = Path(path) if path is not None else default_data_path()
    shown = path if isinstance(path, str) else str(file)
    try:
        catalog = load_catalog(path if path is not None else file)
    except DataError as error:
        return Validation(path=shown, problems=tuple(error.problems), catalog=None)
    return Validation(path=shown, problems=(), catalog=catalog)


def read_text(path: Path, shown: str | None = None) -> str:
    """The file's text as UTF-8 (a BOM is accepted), refusing what cannot be a data file."""
    shown = shown if shown is not None else str(path)

    def refuse(message: str, line: int = 1, column: int = 1) -> DataError:
        return DataError(shown, [Problem(line, column, message)])

    try:
        if path.is_dir():
            raise refuse("this is a directory, not a data file: give the path of a YAML file")
        if not path.exists():
            raise refuse("no such file")
        # The size first, so a huge file is not read; then at most one byte past the limit,
        # since a device or pipe (/dev/zero) reports no size.
        if path.is_file() and path.stat().st_size > MAX_FILE_BYTES:
            raise _too_big(shown)
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise refuse(f"cannot read the file: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(shown)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise refuse(
            "the file is UTF-16 (Windows 'Unicode'), not UTF-8: save it as UTF-8, or convert "
            f"it with `iconv -f UTF-16 -t UTF-8 {shown} > utf8.yaml`"
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _position_of_byte(data, nul)
        raise refuse("a binary file (it contains NUL bytes), not YAML text", line, column)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _position_of_byte(data, error.start)
        if _decodes(data, "cp932"):
            message = (
                "the file is not UTF-8: it looks like Shift_JIS (cp932); save it as UTF-8, or "
                f"convert it with `iconv -f CP932 -t UTF-8 {shown} > utf8.yaml`"
            )
        else:
            message = "the file is not UTF-8 text: save it as UTF-8"
        raise refuse(message, line, column) from None


def _too_big(shown: str) -> DataError:
    limit = MAX_FILE_BYTES // (1024 * 1024)
    message = (
        f"the file is larger than {limit} MiB, the limit for a data file "
        "(the bundled one is about 15 KiB)"
    )
    return DataError(shown, [Problem(1, 1, message)])


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters, as in every other message) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


class Node:
    """A composed YAML value: its kind (str, int, ..., map, seq), value and 1-based position.

    A map's value is a list of (key, value) node pairs, a seq's a list of nodes, a scalar's
    its text.
    """

    __slots__ = ("column", "kind", "line", "value")

    def __init__(self, kind: str, value: Any, line: int, column: int) -> None:
        self.kind = kind
        self.value = value
        self.line = line
        self.column = column


def compose(text: str, shown: str) -> Node:
    """Parse YAML text into located nodes; raise DataError on bad syntax or refused YAML.

    Refused while parsing, each at its place: anchors and aliases (alias bombs), every explicit
    tag (`!!python/...` and all others: nothing is constructed, so nothing runs), a second
    document, and nesting deeper than MAX_DEPTH (checked event by event, so a bomb of ten
    thousand `[` stops at the first one too many, before the parser slows down).
    """
    if not text.strip():
        message = "the file is empty: expected a mapping with schema_version, source and areas"
        raise DataError(shown, [Problem(1, 1, message)])
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )
    from ruamel.yaml.nodes import ScalarNode

    yaml = YAML(typ="safe")
    resolver = yaml.resolver
    kinds: dict[str, str] = {}  # plain scalar -> its kind; keys repeat, so resolve each once
    # The first characters that can begin a non-text plain scalar (digits, t, f, n, ~, ...);
    # a None key would mean a resolver for any first character: then ask it every time.
    starts = resolver.versioned_resolver
    text_for_sure = None not in starts
    problems: list[Problem] = []
    stack: list[Node] = []  # the open collections
    root: Node | None = None
    documents = 0
    aliases: set[str] = set()

    def refuse(event: Any, message: str) -> None:
        mark = event.start_mark
        problems.append(Problem(mark.line + 1, mark.column + 1, message))
        if len(problems) >= MAX_PROBLEMS:
            raise DataError(shown, [*problems, _too_many(mark.line + 1, mark.column + 1)])

    try:
        for event in yaml.parse(text):
            cls = type(event)
            if cls is ScalarEvent:
                value = event.value
                if event.implicit[0]:  # plain: the value says its kind (1, true, null...)
                    kind = kinds.get(value)
                    if kind is not None:
                        pass
                    elif text_for_sure and value and value[0] not in starts:  # 経済, name
                        kind = "str"
                    else:
                        tag = str(resolver.resolve(ScalarNode, value, (True, False)))
                        kind = tag[len(_YAML) :] if tag.startswith(_YAML) else "str"
                        kind = kinds[value] = kind if kind in _PLAIN_KINDS else "str"
                else:
                    kind = "str"
                mark = event.start_mark
                node = Node(kind, value, mark.line + 1, mark.column + 1)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                mark = event.start_mark
                if len(stack) >= MAX_DEPTH:
                    message = (
                        f"nested more than {MAX_DEPTH} levels deep (a renkei data file nests 11)"
                    )
                    deepest = Problem(mark.line + 1, mark.column + 1, message)
                    raise DataError(shown, [*problems, deepest])
                kind = "map" if cls is MappingStartEvent else "seq"
                node = Node(kind, [], mark.line + 1, mark.column + 1)
            elif cls is MappingEndEvent:
                mapping = stack.pop()
                items = mapping.value
                mapping.value = list(zip(items[0::2], items[1::2], strict=True))
                continue
            elif cls is SequenceEndEvent:
                stack.pop()
                continue
            elif cls is AliasEvent:
                if event.anchor not in aliases:  # once per name: a bomb repeats each many times
                    aliases.add(event.anchor)
                    refuse(event, f"alias '*{event.anchor}' is not allowed: {_ANCHORS_HINT}")
                mark = event.start_mark
                node = Node("alias", None, mark.line + 1, mark.column + 1)
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    refuse(
                        event,
                        "a second YAML document ('---'): a data file holds exactly one",
                    )
                    break
                continue
            else:
                continue
            anchor = getattr(event, "anchor", None)
            if anchor is not None and cls is not AliasEvent:
                refuse(event, f"anchor '&{anchor}' is not allowed: {_ANCHORS_HINT}")
            tag = getattr(event, "tag", None)
            if tag is not None:
                refuse(
                    event,
                    f"tag '{_display_tag(str(tag))}' is not allowed: a data file holds plain "
                    "text, numbers and lists only (remove the tag)",
                )
            if stack:
                stack[-1].value.append(node)
            elif node.kind not in ("map", "alias"):  # a wrong file (a JSON array): stop now
                problems.append(Problem(node.line, node.column, _not_a_mapping(node)))
                raise DataError(shown, problems)
            else:
                root = node
            if node.kind in ("map", "seq"):
                stack.append(node)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = _within(text, mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.append(Problem(line, column, _syntax_message(error, text, mark)))
        raise DataError(shown, problems) from None
    except YAMLError as error:
        problems.append(_reader_problem(error, text))
        raise DataError(shown, problems) from None
    if problems:
        raise DataError(shown, problems)
    if root is None:
        message = (
            "the file holds no data, only comments: expected a mapping with "
            "schema_version, source and areas"
        )
        raise DataError(shown, [Problem(1, 1, message)])
    return root


def _within(text: str, line: int, column: int) -> tuple[int, int]:
    """A position on a line of the text: the parser's end of file after a last line with no
    newline is one line further, where no editor can go; point at the end of the last line."""
    lines = text.splitlines()
    if line > len(lines) and lines and not text.endswith(("\n", "\r")):
        return len(lines), len(lines[-1]) + 1
    return line, column


def _not_a_mapping(root: Node) -> str:
    return (
        "the file must be a mapping (key: value lines) with schema_version, source and areas, "
        f"not {_describe(root)}"
    )


def _too_many(line: int, column: int) -> Problem:
    return Problem(line, column, f"too many problems: stopped after {MAX_PROBLEMS}")


def _reader_problem(error: Any, text: str) -> Problem:
    """A problem for a YAML error without a mark: in practice a character YAML refuses."""
    position = getattr(error, "position", None)
    character = getattr(error, "character", None)
    if isinstance(position, int) and 0 <= position <= len(text):
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        if isinstance(character, int):
            code = f"U+{character:04X}"
            message = f"control character {code} is not allowed in YAML text (a binary file?)"
            return Problem(line, column, message)
        return Problem(line, column, f"YAML error: {' '.join(str(error).split())}")
    return Problem(1, 1, f"YAML error: {' '.join(str(error).split())}")


_SYNTAX_HINTS = {
    "mapping values are not allowed": "a ': ' inside a value: put the value in quotes",
    "did not find expected key": "this line is indented differently from the keys above it",
    "did not find expected '-' indicator": "this line is indented differently from the list",
    "expected <block end>": "this line is indented differently from the lines above it",
}
_CONTEXT_HINTS = {
    "while parsing a flow sequence": "the list '[' opened at line {line}, column {column}",
    "while parsing a flow mapping": "the mapping '{{' opened at line {line}, column {column}",
    "while scanning a quoted scalar": "the quoted text opened at line {line}, column {column}",
    "while scanning a simple key": "the key at line {line}, column {column}",
}


def _syntax_message(error: Any, text: str, mark: Any) -> str:
    """One line for a YAML syntax error, in words a non-programmer can act on."""
    problem = " ".join(str(error.problem or error.context or "invalid YAML").split())
    lines = text.splitlines()
    if mark is not None and mark.line < len(lines):
        line = lines[mark.line]
        if "\t" in line[: mark.column + 1]:
            return "YAML syntax error: a tab character: YAML is indented with spaces only"
        character = line[mark.column : mark.column + 1]
        if "cannot start any token" in problem and character in ("@", "`", "%"):
            return f"YAML syntax error: a value cannot start with {character}: put it in quotes"
    hints = [hint for start, hint in _SYNTAX_HINTS.items() if problem.startswith(start)]
    context_mark = getattr(error, "context_mark", None)
    context = " ".join(str(getattr(error, "context", "") or "").split())
    if context in _CONTEXT_HINTS and context_mark is not None:
        where = _CONTEXT_HINTS[context].format(
            line=context_mark.line + 1, column=context_mark.column + 1
        )
        hints.append(f"{where} has no ': '" if "key" in where else f"{where} is not closed")
    return f"YAML syntax error: {problem}" + (f" ({'; '.join(hints)})" if hints else "")


def build_catalog(root: Node, shown: str) -> Catalog:
    """Validate a composed document and build the Catalog; raise DataError with every problem."""
    builder = _Builder()
    try:
        catalog = builder.build(root)
    except _TooManyProblems:
        catalog = None
    if builder.problems or catalog is None:
        raise DataError(shown, builder.problems)
    return catalog


class _TooManyProblems(Exception):
    """Raised by the builder once it has MAX_PROBLEMS problems: the rest would be noise."""


def _kind(node: Node) -> str:
    return node.kind


def _describe(node: Node) -> str:
    """The kind of a value in words, with a short quote of a scalar: `text ('一')`."""
    name = _TYPE_NAMES.get(node.kind, node.kind)
    if node.kind in _PLAIN_KINDS and node.kind != "null":
        value = str(node.value)
        quoted = value if len(value) <= 20 else value[:19] + "…"
        return f"{name} ('{quoted}')"
    return name


def _display_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML) :] if tag.startswith(_YAML) else tag


class _Builder:
    """Walks the composed tree once, recording problems and building the model."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.initiatives: list[Initiative] = []
        self.placements: list[Placement] = []
        self.projects: dict[str, Project] = {}  # id -> project
        self.primary_by_name: dict[str, list[tuple[str, Any]]] = {}  # name -> [(id, node)]
        self.reposts: list[tuple[str, str, Any, str | None]] = []  # (id, name, node, theme)

    # -- reporting ---------------------------------------------------------------------------

    def problem(self, node: Node, message: str) -> None:
        self.problems.append(Problem(node.line, node.column, message))
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems.append(_too_many(node.line, node.column))
            raise _TooManyProblems

    # -- typed access ------------------------------------------------------------------------

    def mapping(
        self, node: Any, what: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        """The keys of a mapping node; unknown, duplicate and missing keys are problems."""
        if _kind(node) != "map":
            message = f"{what} must be a mapping (key: value lines), not {_describe(node)}"
            self.problem(node, message)
            return None
        allowed = required + optional
        found: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        suggested: set[str] = set()
        for key_node, value_node in node.value:
            if _kind(key_node) != "str":
                self.problem(key_node, f"keys in {what} must be text, not {_describe(key_node)}")
                continue
            key = key_node.value
            if key in found:
                line = first_line[key]
                self.problem(key_node, f"duplicate key '{key}' in {what} (first at line {line})")
                continue
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else "valid: " + ", ".join(allowed)
                self.problem(key_node, f"unknown key '{key}' in {what} ({hint})")
                suggested.update(close)
                continue
            found[key] = value_node
            first_line[key] = key_node.line
        for key in required:
            if key not in found and key not in suggested:  # a misspelling was reported
                self.problem(node, f"{what} is missing required key '{key}'")
        return found

    def sequence(self, node: Any, what: str, non_empty: bool = True) -> list[Any]:
        if _kind(node) != "seq":
            self.problem(node, f"{what} must be a list, not {_describe(node)}")
            return []
        if non_empty and not node.value:
            self.problem(node, f"{what} must not be empty")
        return list(node.value)

    def string(self, node: Any, what: str) -> str | None:
        if _kind(node) != "str":
            self.problem(node, f"{what} must be text, not {_describe(node)}")
            return None
        value = node.value
        if not value.strip():
            self.problem(node, f"{what} must not be empty")
            return None
        if value != value.strip():
            self.problem(node, f"{what} has leading or trailing spaces")
        return value

    def integer(self, node: Any, what: str) -> int | None:
        if _kind(node) != "int":
            self.problem(node, f"{what} must be a whole number, not {_describe(node)}")
            return None
        try:
            return int(node.value.replace("_", ""), 0)
        except ValueError:
            self.problem(node, f"{what} must be a plain whole number like 12")
            return None

    def pages(self, node: Any, what: str) -> tuple[int, int] | None:
        if _kind(node) != "seq":
            self.problem(node, f"{what} must be a range [first, last], not {_describe(node)}")
            return None
        items = self.sequence(node, what)
        if len(items) != 2:
            self.problem(node, f"{what} must be [first, last], not {len(items)} values")
            return None
        first = self.integer(items[0], f"{what} first page")
        last = self.integer(items[1], f"{what} last page")
        if first is None or last is None:
            return None
        if first < 1 or last < first:
            self.problem(node, f"{what} [{first}, {last}] is not a page range (1 <= first <= last)")
            return None
        return first, last

    def optional(
        self, keys: dict[str, Any], key: str, read: Callable[[Any, str], Any], what: str
    ) -> Any:
        return read(keys[key], what) if key in keys else None

    # -- document ----------------------------------------------------------------------------

    def build(self, root: Any) -> Catalog | None:
        if _kind(root) != "map":
            self.problem(root, _not_a_mapping(root))
            return None
        top = self.mapping(
            root, "the document", ("schema_version", "source", "areas"), ("variants",)
        )
        if top is None:
            return None
        version = None
        if "schema_version" in top:
            version = self.integer(top["schema_version"], "schema_version")
            if version is not None and version != SCHEMA_VERSION:
                message = (
                    f"schema_version {version} is not supported (renkei reads {SCHEMA_VERSION})"
                )
                self.problem(top["schema_version"], message)
        source = self.source(top["source"]) if "source" in top else None
        variants = self.variants(top["variants"]) if "variants" in top else ()
        areas: list[Area] = []
        fields: list[PolicyField] = []
        if "areas" in top:
            for expected, (node, number) in enumerate(self.numbered(top["areas"], "area"), 1):
                area = self.area(node, number, expected, fields)
                if area is not None:
                    areas.append(area)
        self.resolve_reposts()
        if self.problems or source is None or version is None:
            return None
        placements = tuple(self.placements)
        projects = tuple(self.projects[p.id] for p in placements if not p.repost)
        return Catalog(
            schema_version=version,
            source=source,
            areas=tuple(areas),
            fields=tuple(fields),
            initiatives=tuple(self.initiatives),
            projects=projects,
            placements=placements,
            variants=variants,
        )

    def source(self, node: Any) -> SourceInfo | None:
        keys = self.mapping(node, "source", ("title", "section"), ("text",))
        if keys is None:
            return None
        title = self.string(keys["title"], "source title") if "title" in keys else None
        section = self.string(keys["section"], "source section") if "section" in keys else None
        text = self.optional(keys, "text", self.string, "source text")
        if title is None or section is None:
            return None
        return SourceInfo(title=title, section=section, text=text)

    def variants(self, node: Any) -> tuple[tuple[str, ...], ...]:
        groups = []
        for group_node in self.sequence(node, "variants"):
            items = self.sequence(group_node, "a variant group")
            words = [self.string(item, "a variant") for item in items]
            if len(items) < 2:
                self.problem(group_node, "a variant group needs at least two spellings")
            groups.append(tuple(word for word in words if word))
        return tuple(groups)

    def numbered(self, node: Any, what: str) -> Iterator[tuple[Any, int | None]]:
        """Items of a list of areas or fields, checking their numbers run 1, 2, 3..."""
        seen: dict[int, int] = {}
        for expected, item in enumerate(self.sequence(node, f"{what}s"), 1):
            number = None
            if _kind(item) == "map":
                for key_node, value_node in item.value:
                    if key_node.value == "number":
                        number = self.integer(value_node, f"{what} number")
                        if number is None:
                            break
                        if number in seen:
                            self.problem(
                                value_node,
                                f"duplicate {what} number {number} (first at line {seen[number]})",
                            )
                        elif number != expected:
                            self.problem(
                                value_node,
                                f"{what} number {number} out of order: expected {expected}",
                            )
                        seen.setdefault(number, value_node.line)
                        break
            yield item, number

    def provenance(self, keys: dict[str, Any], value: str | None, what: str) -> Provenance | None:
        """The recorded source text and corrections of a value; they must reproduce it."""
        if "source_text" not in keys and "corrections" not in keys:
            return None
        if "corrections" not in keys:
            self.problem(
                keys["source_text"],
                f"{what} has source_text but no corrections: record what was changed and why, "
                "or remove source_text",
            )
            return None
        if "source_text" not in keys:
            self.problem(
                keys["corrections"],
                f"{what} has corrections but no source_text: record the text they correct",
            )
            return None
        source_text = self.string(keys["source_text"], f"{what} source_text")
        items = self.sequence(keys["corrections"], f"{what} corrections")
        corrections = [self.correction(item) for item in items]
        if source_text is None or value is None or not items or None in corrections:
            return None  # the problem is reported: replaying would only add noise
        try:
            result = apply_corrections(source_text, corrections)
        except ValueError as error:
            self.problem(keys["corrections"], f"{what}: corrections do not apply: {error}")
            return None
        if result != value:
            self.problem(
                keys["corrections"],
                f"{what}: the corrections turn source_text into '{result}', not '{value}'",
            )
            return None
        return Provenance(source_text=source_text, corrections=tuple(corrections))

    def correction(self, node: Any) -> Correction | None:
        keys = self.mapping(node, "a correction", ("kind", "note"), ("part", "from", "to"))
        if keys is None or "kind" not in keys or "note" not in keys:
            return None
        kind = self.string(keys["kind"], "correction kind")
        note = self.string(keys["note"], "correction note")
        for key, owner in (("part", "split"), ("from", "ocr"), ("to", "ocr")):
            if key in keys and kind in ("split", "ocr") and kind != owner:
                self.problem(keys[key], f"'{key}' belongs to {owner} corrections, not {kind}")
        if kind == "split":
            if "part" not in keys:
                self.problem(node, "a split correction needs 'part' (1 for the first)")
                return None
            part = self.integer(keys["part"], "correction part")
            if part is not None and part < 1:
                self.problem(keys["part"], f"correction part {part} must be 1 or more")
                return None
            if part is None or note is None:
                return None
            return Correction(kind="split", note=note, part=part)
        if kind == "ocr":
            if "from" not in keys or "to" not in keys:
                self.problem(node, "an ocr correction needs 'from' and 'to'")
                return None
            old = self.string(keys["from"], "correction from")
            new = self.string(keys["to"], "correction to")
            if old is None or new is None or note is None:
                return None
            return Correction(kind="ocr", note=note, old=old, new=new)
        if kind is not None:
            close = difflib.get_close_matches(kind, ("split", "ocr"), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            self.problem(
                keys["kind"], f"unknown correction kind '{kind}' ({hint}valid: split, ocr)"
            )
        return None

    # -- areas, fields, initiatives ----------------------------------------------------------

    def area(
        self, node: Any, number: int | None, expected: int, fields: list[PolicyField]
    ) -> Area | None:
        keys = self.mapping(
            node,
            "an area",
            ("number", "title", "pages"),
            ("initiatives", "fields", "source_text", "corrections"),
        )
        if keys is None:
            return None
        title = self.optional(keys, "title", self.string, "area title")
        pages = self.optional(keys, "pages", self.pages, "area pages")
        provenance = self.provenance(keys, title, "area title")
        area_number = number if number is not None else expected
        if "initiatives" in keys and "fields" in keys:
            self.problem(
                keys["fields"],
                "an area has either 'initiatives' or 'fields' (policy fields), not both",
            )
        elif "initiatives" not in keys and "fields" not in keys:
            self.problem(
                node, "an area needs 'initiatives', or 'fields' (policy fields) that hold them"
            )
        elif "fields" in keys:
            for field_expected, (field_node, field_number) in enumerate(
                self.numbered(keys["fields"], "field"), 1
            ):
                policy_field = self.policy_field(
                    field_node, area_number, field_number or field_expected, pages
                )
                if policy_field is not None:
                    fields.append(policy_field)
        else:
            self.initiative_list(keys["initiatives"], area_number, None)
        if number is None or title is None or pages is None:
            return None
        return Area(number=number, title=title, pages=pages, provenance=provenance)

    def policy_field(
        self, node: Any, area: int, number: int, area_pages: tuple[int, int] | None
    ) -> PolicyField | None:
        keys = self.mapping(
            node,
            "a policy field",
            ("number", "title", "pages", "initiatives"),
            ("source_text", "corrections"),
        )
        if keys is None:
            return None
        title = self.optional(keys, "title", self.string, "field title")
        pages = self.optional(keys, "pages", self.pages, "field pages")
        provenance = self.provenance(keys, title, "field title")
        if pages and area_pages and not (area_pages[0] <= pages[0] <= pages[1] <= area_pages[1]):
            self.problem(
                keys["pages"],
                f"field pages {list(pages)} lie outside the area's pages {list(area_pages)}",
            )
        if "initiatives" in keys:
            self.initiative_list(keys["initiatives"], area, number)
        if title is None or pages is None:
            return None
        return PolicyField(
            area=area, number=number, title=title, pages=pages, provenance=provenance
        )

    def initiative_list(self, node: Any, area: int, field: int | None) -> None:
        seen: dict[str, int] = {}
        for position, item in enumerate(self.sequence(node, "initiatives")):
            expected = LETTERS[position] if position < len(LETTERS) else "?"
            keys = self.mapping(item, "an initiative", ("letter", "title", "projects"))
            if keys is None:
                continue
            letter = self.optional(keys, "letter", self.string, "initiative letter")
            title = self.optional(keys, "title", self.string, "initiative title")
            if letter is not None:
                if letter in seen:
                    self.problem(
                        keys["letter"],
                        f"duplicate initiative letter '{letter}' (first at line {seen[letter]})",
                    )
                elif letter != expected:
                    self.problem(
                        keys["letter"],
                        f"initiative letter '{letter}' out of order: expected '{expected}'",
                    )
                seen.setdefault(letter, keys["letter"].line)
            letter = letter or expected
            initiative = Initiative(area=area, field=field, letter=letter, title=title or "")
            self.initiatives.append(initiative)
            if "projects" in keys:
                self.project_list(keys["projects"], initiative)

    # -- projects and placements -------------------------------------------------------------

    def project_list(self, node: Any, initiative: Initiative) -> None:
        for index, item in enumerate(self.sequence(node, "projects"), 1):
            placement_id = f"{initiative.key}-{index}"
            if _kind(item) == "str":
                self.problem(item, f"write a project as '- name: {item.value}', not bare text")
                continue
            keys = self.mapping(
                item,
                "a project",
                (),
                ("name", "repost", "reading", "theme", "source_text", "corrections"),
            )
            if keys is None:
                continue
            theme = self.optional(keys, "theme", self.string, "theme")
            if "name" in keys and "repost" in keys:
                self.problem(
                    keys["repost"],
                    "a project entry has 'name' (a project) or 'repost' (a 【再掲】 reference "
                    "to a project listed elsewhere), not both",
                )
                continue
            if "name" not in keys and "repost" not in keys:
                self.problem(
                    item,
                    "a project entry needs 'name' (a project) or 'repost' (a 【再掲】 "
                    "reference to a project listed elsewhere)",
                )
                continue
            if "repost" in keys:
                for extra in ("reading", "source_text", "corrections"):
                    if extra in keys:
                        self.problem(
                            keys[extra],
                            f"'{extra}' belongs on the project's primary listing, not on a repost",
                        )
                name = self.string(keys["repost"], "repost")
                if name is not None:
                    self.reposts.append((placement_id, name, keys["repost"], theme))
                continue
            name = self.string(keys["name"], "project name")
            reading = self.optional(keys, "reading", self.reading, "reading")
            provenance = self.provenance(keys, name, "project name")
            if name is None:
                continue
            self.primary_by_name.setdefault(name, []).append((placement_id, keys["name"]))
            self.projects[placement_id] = Project(
                id=placement_id, name=name, reading=reading, provenance=provenance
            )
            self.placements.append(
                self.placement(placement_id, initiative, index, placement_id, theme)
            )

    def placement(
        self,
        placement_id: str,
        initiative: Initiative,
        index: int,
        project_id: str,
        theme: str | None,
        repost: bool = False,
    ) -> Placement:
        return Placement(
            id=placement_id,
            area=initiative.area,
            field=initiative.field,
            letter=initiative.letter,
            index=index,
            project_id=project_id,
            repost=repost,
            theme=theme,
        )

    def reading(self, node: Any, what: str) -> str | None:
        value = self.string(node, what)
        if value is not None and not READING_PATTERN.fullmatch(value):
            bad = "".join(dict.fromkeys(c for c in value if c != " " and c not in _KANA))
            if bad:
                message = f"reading '{value}' must be in hiragana (and ー): found {bad}"
            else:
                message = f"reading '{value}' must be words separated by single spaces"
            self.problem(node, message)
            return None
        return value

    def resolve_reposts(self) -> None:
        """Point each 【再掲】 entry at the one project of its name (no dangling, no ambiguity)."""
        for name, entries in self.primary_by_name.items():
            first_id, first_node = entries[0]
            for _, other_node in entries[1:]:
                self.problem(
                    other_node,
                    f"duplicate project '{name}' (first listed as {first_id}, line "
                    f"{first_node.line}): list it again with 'repost:'",
                )
        by_id = {p.id: p for p in self.placements}
        initiatives = {i.key: i for i in self.initiatives}
        for placement_id, name, node, theme in self.reposts:
            matches = self.primary_by_name.get(name, [])
            if not matches:
                close = difflib.get_close_matches(name, list(self.primary_by_name), n=1, cutoff=0.6)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.problem(node, f"【再掲】 reference '{name}' matches no project{hint}")
                continue
            if len(matches) > 1:
                ids = ", ".join(match_id for match_id, _ in matches)
                self.problem(node, f"【再掲】 reference '{name}' is ambiguous: it matches {ids}")
                continue
            primary_id = matches[0][0]
            if primary_id not in by_id:
                continue
            initiative = initiatives[placement_id.rsplit("-", 1)[0]]
            index = int(placement_id.rsplit("-", 1)[1])
            repost = self.placement(placement_id, initiative, index, primary_id, theme, repost=True)
            by_id[placement_id] = repost
        self.placements = sorted(by_id.values(), key=_document_order)


def _document_order(placement: Placement) -> tuple[int, int, str, int]:
    return (placement.area, placement.field or 0, placement.letter, placement.index)


# -- spelling variants (data/variants.yaml) -----------------------------------------------------


def default_variants_path() -> Path:
    """The bundled spelling-variant table."""
    return bundled_file("variants.yaml")


_DATA_FILE_KEYS = "schema_version, source and areas"


def load_variants(path: Path | str | None = None) -> tuple[tuple[str, ...], ...]:
    """Load and validate a spelling-variant table (the bundled one by default).

    The file is a mapping with one key, `variants`: a list of groups, each a list of at least
    two spellings of one word. Search compares textnorm keys, so a spelling whose key is empty
    or is found in a second group (which form would it become?) is refused, and so is a group
    whose spellings all share one key (normalisation folds them already). Raise DataError
    listing every problem as FILE:LINE:COL.
    """
    from renkei_cli.textnorm import normalize

    path = Path(path) if path is not None else default_variants_path()
    shown = str(path)
    try:
        root = compose(read_text(path), shown)
    except DataError as error:  # compose words an empty or non-mapping root for a data file
        problems = [
            Problem(p.line, p.column, p.message.replace(_DATA_FILE_KEYS, "a `variants` list"))
            for p in error.problems
        ]
        raise DataError(shown, problems) from None
    builder = _Builder()
    groups: list[tuple[str, ...]] = []
    try:
        top = builder.mapping(root, "the variants file", ("variants",))
        group_of_key: dict[str, tuple[str, int]] = {}  # search key -> (spelling, group line)
        has_groups = top is not None and "variants" in top
        group_nodes = builder.sequence(top["variants"], "variants") if has_groups else []
        for group_node in group_nodes:
            items = builder.sequence(group_node, "a variant group")
            if _kind(group_node) != "seq":
                continue
            if len(items) < 2:
                builder.problem(group_node, "a variant group needs at least two spellings")
            keys_here: dict[str, str] = {}
            spellings: list[str] = []
            for item in items:
                spelling = builder.string(item, "a spelling")
                if spelling is None:
                    continue
                key = normalize(spelling)
                if not key:
                    builder.problem(item, f"'{spelling}' has no letters to search for")
                elif key in keys_here:
                    spellings.append(spelling)  # redundant (normalize folds it) but harmless
                elif key in group_of_key:
                    other, other_line = group_of_key[key]
                    builder.problem(
                        item, f"'{spelling}' is already in the group at line {other_line} "
                        f"(as '{other}'): a spelling belongs to one group",
                    )  # fmt: skip
                else:
                    keys_here[key] = spelling
                    spellings.append(spelling)
            if len(items) >= 2 and len(keys_here) == 1 and len(spellings) == len(items):
                builder.problem(
                    group_node,
                    "these spellings already search the same (normalisation folds width, "
                    "kana, case and vowel length): the group is not needed",
                )
            for key, spelling in keys_here.items():
                group_of_key[key] = (spelling, group_node.line)
            groups.append(tuple(spellings))
    except _TooManyProblems:
        pass
    if builder.problems:
        raise DataError(shown, builder.problems)
    return tuple(groups)
