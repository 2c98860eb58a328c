"""Safe YAML: compose a data file's text (datafile.py reads it) into plain located nodes.

The YAML is parsed into events and composed here into plain located nodes (never constructed
into objects), so no tag can run code and every value keeps its line and column. Anchors,
aliases, tags, a second document and deep nesting are refused while parsing, before anything is
built.
"""

from __future__ import annotations

from typing import Any

from renkei_cli.errors import DataError, Problem

# The bundled file nests 11 levels deep (document > areas > area > fields > field >
# initiatives > initiative > projects > project > corrections > correction).
MAX_DEPTH = 50
# After this many problems the file is surely not a renkei data file: stop and say so.
MAX_PROBLEMS = 100

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


class YamlNode:
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


def compose(text: str, shown: str) -> YamlNode:
    """Parse YAML text into located nodes; raise DataError on bad syntax or refused YAML.

    Refused while parsing, each at its place: anchors and aliases (alias bombs), every explicit
    tag (`!!python/...` and all others: nothing is constructed, so nothing runs), a second
    document, and nesting deeper than MAX_DEPTH (checked event by event, so a bomb of ten
    thousand `[` stops at the first one too many, before the parser slows down).
    """
    if not text.strip():
        message = "the file is empty: expected a mapping with schema_version, source and areas"
        raise DataError(shown, [Problem(1, 1, message)])
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    composer = _Composer(shown)
    try:
        composer.feed(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = _within(text, mark.line + 1, mark.column + 1) if mark else (1, 1)
        composer.problems.append(Problem(line, column, _syntax_message(error, text, mark)))
        raise DataError(shown, composer.problems) from None
    except YAMLError as error:
        composer.problems.append(_reader_problem(error, text))
        raise DataError(shown, composer.problems) from None
    if composer.problems:
        raise DataError(shown, composer.problems)
    if composer.root is None:
        message = (
            "the file holds no data, only comments: expected a mapping with "
            "schema_version, source and areas"
        )
        raise DataError(shown, [Problem(1, 1, message)])
    return composer.root


class _Composer:
    """Turns a stream of YAML parser events into YamlNodes, refusing what a data file forbids."""

    def __init__(self, shown: str) -> None:
        from ruamel.yaml import YAML

        self.shown = shown
        self.yaml = YAML(typ="safe")
        self.resolver = self.yaml.resolver
        self.kinds: dict[str, str] = {}  # plain scalar -> its kind; keys repeat, resolve once
        # The first characters that can begin a non-text plain scalar (digits, t, f, n, ~, ...);
        # a None key would mean a resolver for any first character: then ask it every time.
        self.starts = self.resolver.versioned_resolver
        self.text_for_sure = None not in self.starts
        self.problems: list[Problem] = []
        self.stack: list[YamlNode] = []  # the open collections
        self.root: YamlNode | None = None
        self.documents = 0
        self.aliases: set[str] = set()

    def refuse(self, event: Any, message: str) -> None:
        mark = event.start_mark
        self.problems.append(Problem(mark.line + 1, mark.column + 1, message))
        if len(self.problems) >= MAX_PROBLEMS:
            raise DataError(self.shown, [*self.problems, too_many(mark.line + 1, mark.column + 1)])

    def feed(self, text: str) -> None:
        """Compose every event of the text; stop at a second document."""
        from ruamel.yaml.events import (
            AliasEvent,
            DocumentStartEvent,
            MappingEndEvent,
            MappingStartEvent,
            ScalarEvent,
            SequenceEndEvent,
            SequenceStartEvent,
        )

        for event in self.yaml.parse(text):
            cls = type(event)
            if cls is ScalarEvent:
                node = self.scalar(event)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                node = self.collection(event, "map" if cls is MappingStartEvent else "seq")
            elif cls is MappingEndEvent:
                mapping = self.stack.pop()
                items = mapping.value
                mapping.value = list(zip(items[0::2], items[1::2], strict=True))
                continue
            elif cls is SequenceEndEvent:
                self.stack.pop()
                continue
            elif cls is AliasEvent:
                node = self.alias(event)
            elif cls is DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    self.refuse(
                        event,
                        "a second YAML document ('---'): a data file holds exactly one",
                    )
                    break
                continue
            else:
                continue
            self.check_decorations(event, cls is AliasEvent)
            self.attach(node)

    def scalar(self, event: Any) -> YamlNode:
        """A scalar node; a plain one gets its kind from the resolver (1, true, null...)."""
        from ruamel.yaml.nodes import ScalarNode

        value = event.value
        if event.implicit[0]:
            kind = self.kinds.get(value)
            if kind is not None:
                pass
            elif self.text_for_sure and value and value[0] not in self.starts:  # 経済, name
                kind = "str"
            else:
                tag = str(self.resolver.resolve(ScalarNode, value, (True, False)))
                kind = tag[len(_YAML) :] if tag.startswith(_YAML) else "str"
                kind = self.kinds[value] = kind if kind in _PLAIN_KINDS else "str"
        else:
            kind = "str"
        mark = event.start_mark
        return YamlNode(kind, value, mark.line + 1, mark.column + 1)

    def collection(self, event: Any, kind: str) -> YamlNode:
        """A new empty map or seq node, refused past MAX_DEPTH open collections."""
        mark = event.start_mark
        if len(self.stack) >= MAX_DEPTH:
            message = f"nested more than {MAX_DEPTH} levels deep (a renkei data file nests 11)"
            deepest = Problem(mark.line + 1, mark.column + 1, message)
            raise DataError(self.shown, [*self.problems, deepest])
        return YamlNode(kind, [], mark.line + 1, mark.column + 1)

    def alias(self, event: Any) -> YamlNode:
        """A placeholder for a refused alias, reported once per name (a bomb repeats each)."""
        if event.anchor not in self.aliases:
            self.aliases.add(event.anchor)
            self.refuse(event, f"alias '*{event.anchor}' is not allowed: {_ANCHORS_HINT}")
        mark = event.start_mark
        return YamlNode("alias", None, mark.line + 1, mark.column + 1)

    def check_decorations(self, event: Any, is_alias: bool) -> None:
        """Refuse an anchor or an explicit tag on the event."""
        anchor = getattr(event, "anchor", None)
        if anchor is not None and not is_alias:
            self.refuse(event, f"anchor '&{anchor}' is not allowed: {_ANCHORS_HINT}")
        tag = getattr(event, "tag", None)
        if tag is not None:
            self.refuse(
                event,
                f"tag '{display_tag(str(tag))}' is not allowed: a data file holds plain "
                "text, numbers and lists only (remove the tag)",
            )

    def attach(self, node: YamlNode) -> None:
        """Put a node in its open collection, or make it the root (which must be a mapping)."""
        if self.stack:
            self.stack[-1].value.append(node)
        elif node.kind not in ("map", "alias"):  # a wrong file (a JSON array): stop now
            self.problems.append(Problem(node.line, node.column, not_a_mapping(node)))
            raise DataError(self.shown, self.problems)
        else:
            self.root = node
        if node.kind in ("map", "seq"):
            self.stack.append(node)


def _within(text: str, line: int, column: int) -> tuple[int, int]:
    """A position on a line of the text: the parser's end of file after a last line with no
    newline is one line further, where no editor can go; point at the end of the last line."""
    lines = text.splitlines()
    if line > len(lines) and lines and not text.endswith(("\n", "\r")):
        return len(lines), len(lines[-1]) + 1
    return line, column


def not_a_mapping(root: YamlNode) -> str:
    return (
        "the file must be a mapping (key: value lines) with schema_version, source and areas, "
        f"not {describe(root)}"
    )


def too_many(line: int, column: int) -> Problem:
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


def describe(node: YamlNode) -> str:
    """The kind of a value in words, with a short quote of a scalar: `text ('一')`."""
    name = _TYPE_NAMES.get(node.kind, node.kind)
    if node.kind in _PLAIN_KINDS and node.kind != "null":
        value = str(node.value)
        quoted = value if len(value) <= 20 else value[:19] + "…"
        return f"{name} ('{quoted}')"
    return name


def display_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML) :] if tag.startswith(_YAML) else tag
