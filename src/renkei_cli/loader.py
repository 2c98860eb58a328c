"""Read a data file, validate it completely and build the Catalog.

The YAML is composed into nodes (never constructed into objects), so no tag can run code and
every value keeps its line and column. Every problem found is collected and reported as
`FILE:LINE:COL: message`; nothing is half-loaded.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
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
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_FLOW_DEPTH = 100
MAX_INDENT = 400
READING_PATTERN = re.compile(r"[ぁ-ゖー]+(?: [ぁ-ゖー]+)*")
LETTERS = "abcdefghijklmnopqrstuvwxyz"

_YAML = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_YAML + name for name in ("str", "int", "float", "bool", "null", "map", "seq")}
_ALLOWED_TAGS.add(_YAML + "timestamp")  # implicit dates: refused later as a wrong type
_TYPE_NAMES = {
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "bool": "a boolean",
    "null": "empty (null)",
    "timestamp": "a date",
    "map": "a mapping",
    "seq": "a list",
}


def default_data_path() -> Path:
    """The bundled data file: inside the installed package, else the repository's data/."""
    packaged = Path(__file__).resolve().parent / "data" / "initiatives.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "initiatives.yaml"


def load_catalog(path: Path | str | None = None) -> Catalog:
    """Load and validate a data file (the bundled one by default); raise DataError if invalid."""
    path = Path(path) if path is not None else default_data_path()
    text = read_text(path)
    root = compose(text, str(path))
    return build_catalog(root, str(path))


def read_text(path: Path) -> str:
    """The file's text as UTF-8 (a BOM is accepted), refusing what cannot be a data file."""
    shown = str(path)
    if not path.exists():
        raise DataError(shown, [Problem(1, 1, "no such file")])
    if path.is_dir():
        raise DataError(shown, [Problem(1, 1, "is a directory, not a data file")])
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            message = f"file is {size:,} bytes, over the {limit} MiB limit for a data file"
            raise DataError(shown, [Problem(1, 1, message)])
        data = path.read_bytes()
    except OSError as error:
        raise DataError(shown, [Problem(1, 1, f"cannot read: {error.strerror}")]) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _position_of_byte(data, nul)
        message = "binary file (NUL byte), not YAML text"
        raise DataError(shown, [Problem(line, column, message)])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _position_of_byte(data, error.start)
        message = "not UTF-8"
        try:
            data.decode("cp932")
            message += (
                " (it looks like Shift_JIS/cp932: convert it with "
                f"`iconv -f CP932 -t UTF-8 {shown} > utf8.yaml`)"
            )
        except UnicodeDecodeError:
            message += " (save it as UTF-8)"
        raise DataError(shown, [Problem(line, column, message)]) from None


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in bytes) of a byte offset."""
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def compose(text: str, shown: str) -> Any:
    """Parse YAML text into ruamel nodes (nothing constructed); raise DataError on bad syntax."""
    _check_nesting(text, shown)
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        root = YAML(typ="safe").compose(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise DataError(
            shown, [Problem(line, column, _syntax_message(error, text, mark))]
        ) from None
    except YAMLError as error:
        raise DataError(shown, [Problem(1, 1, f"YAML error: {error}")]) from None
    except RecursionError:
        raise DataError(shown, [Problem(1, 1, "structure nested too deeply")]) from None
    if root is None:
        message = "the file is empty: expected a mapping with schema_version, source and areas"
        raise DataError(shown, [Problem(1, 1, message)])
    return root


def _syntax_message(error: Any, text: str, mark: Any) -> str:
    """One line for a YAML syntax error, with a hint for the usual causes."""
    problem = " ".join(str(error.problem or error.context or "invalid YAML").split())
    if mark is not None:
        lines = text.splitlines()
        if mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            return f"YAML syntax error: {problem} (a tab: YAML is indented with spaces only)"
    return f"YAML syntax error: {problem}"


def _check_nesting(text: str, shown: str) -> None:
    """Refuse structures nested deep enough to exhaust the parser, before parsing."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    if deepest > MAX_FLOW_DEPTH:
        message = f"structure nested more than {MAX_FLOW_DEPTH} levels deep"
        raise DataError(shown, [Problem(1, 1, message)])
    for number, line in enumerate(text.splitlines(), 1):
        indent = len(line) - len(line.lstrip(" "))
        if indent > MAX_INDENT:
            message = f"indented {indent} columns: structure nested too deeply"
            raise DataError(shown, [Problem(number, indent + 1, message)])


def build_catalog(root: Any, shown: str) -> Catalog:
    """Validate a composed document and build the Catalog; raise DataError with every problem."""
    builder = _Builder()
    catalog = builder.build(root)
    if builder.problems or catalog is None:
        raise DataError(shown, builder.problems)
    return catalog


def _iter_nodes(root: Any) -> Iterator[Any]:
    """Every node of the tree, depth first, without recursion (an alias yields its node again)."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        value = node.value
        if isinstance(value, list):
            for item in reversed(value):
                if isinstance(item, tuple):
                    stack.extend(reversed(item))
                else:
                    stack.append(item)


def _kind(node: Any) -> str:
    tag = node.tag if isinstance(node.tag, str) else str(node.tag)
    return tag[len(_YAML) :] if tag.startswith(_YAML) else tag


def _describe(node: Any) -> str:
    return _TYPE_NAMES.get(_kind(node), f"tagged {_kind(node)}")


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

    def problem(self, node: Any, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(mark.line + 1, mark.column + 1, message))

    # -- typed access ------------------------------------------------------------------------

    def mapping(
        self, node: Any, what: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        """The keys of a mapping node; unknown, duplicate and missing keys are problems."""
        if _kind(node) != "map":
            self.problem(node, f"{what} must be a mapping, not {_describe(node)}")
            return None
        allowed = required + optional
        found: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if _kind(key_node) != "str":
                self.problem(key_node, f"keys in {what} must be strings, not {_describe(key_node)}")
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
                continue
            found[key] = value_node
            first_line[key] = key_node.start_mark.line + 1
        for key in required:
            if key not in found:
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
            self.problem(node, f"{what} must be a string, not {_describe(node)}")
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
            self.problem(node, f"{what} must be an integer, not {_describe(node)}")
            return None
        try:
            return int(node.value.replace("_", ""), 0)
        except ValueError:
            self.problem(node, f"{what} must be a plain decimal integer")
            return None

    def pages(self, node: Any, what: str) -> tuple[int, int] | None:
        items = self.sequence(node, what)
        if _kind(node) != "seq":
            return None
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
        if not self.check_tree(root):
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

    def check_tree(self, root: Any) -> bool:
        """Refuse aliases (alias bombs) and every tag but plain YAML values, before building."""
        seen: set[int] = set()
        ok = True
        for node in _iter_nodes(root):
            if id(node) in seen:
                self.problem(
                    node, "anchors and aliases (&, *) are not allowed: write the value out"
                )
                return False
            seen.add(id(node))
            tag = node.tag if isinstance(node.tag, str) else str(node.tag)
            if tag not in _ALLOWED_TAGS:
                message = (
                    f"tag {_display_tag(tag)} is not allowed: data files hold plain values only"
                )
                self.problem(node, message)
                ok = False
        return ok

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
                        seen.setdefault(number, value_node.start_mark.line + 1)
                        break
            yield item, number

    def provenance(self, keys: dict[str, Any], value: str | None, what: str) -> Provenance | None:
        """The recorded source text and corrections of a value; they must reproduce it."""
        if "source_text" not in keys and "corrections" not in keys:
            return None
        if "source_text" not in keys or "corrections" not in keys:
            node = keys.get("source_text") or keys.get("corrections")
            self.problem(node, f"{what}: source_text and corrections go together")
            return None
        source_text = self.string(keys["source_text"], f"{what} source_text")
        corrections = []
        for item in self.sequence(keys["corrections"], f"{what} corrections"):
            correction = self.correction(item)
            if correction is not None:
                corrections.append(correction)
        if (
            source_text is None
            or value is None
            or len(corrections) != len(keys["corrections"].value)
        ):
            return None
        try:
            result = apply_corrections(source_text, corrections)
        except ValueError as error:
            self.problem(keys["corrections"], f"{what}: corrections do not apply: {error}")
            return None
        if result != value:
            self.problem(
                keys["corrections"],
                f"{what}: corrections turn the source_text into '{result}', not '{value}'",
            )
            return None
        return Provenance(source_text=source_text, corrections=tuple(corrections))

    def correction(self, node: Any) -> Correction | None:
        keys = self.mapping(node, "a correction", ("kind", "note"), ("part", "from", "to"))
        if keys is None or "kind" not in keys or "note" not in keys:
            return None
        kind = self.string(keys["kind"], "correction kind")
        note = self.string(keys["note"], "correction note")
        if kind == "split":
            if "part" not in keys:
                self.problem(node, "a split correction needs 'part' (1 for the first)")
                return None
            part = self.integer(keys["part"], "correction part")
            return Correction(kind="split", note=note or "", part=part) if part else None
        if kind == "ocr":
            if "from" not in keys or "to" not in keys:
                self.problem(node, "an ocr correction needs 'from' and 'to'")
                return None
            old = self.string(keys["from"], "correction from")
            new = self.string(keys["to"], "correction to")
            if old is None or new is None:
                return None
            return Correction(kind="ocr", note=note or "", old=old, new=new)
        if kind is not None:
            self.problem(keys["kind"], f"unknown correction kind '{kind}' (valid: split, ocr)")
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
        if ("initiatives" in keys) == ("fields" in keys):
            self.problem(
                node, "an area needs either 'initiatives' or 'fields' (policy fields), not both"
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
                seen.setdefault(letter, keys["letter"].start_mark.line + 1)
            letter = letter or expected
            initiative = Initiative(area=area, field=field, letter=letter, title=title or "")
            self.initiatives.append(initiative)
            if "projects" in keys:
                self.project_list(keys["projects"], initiative)

    # -- projects and placements -------------------------------------------------------------

    def project_list(self, node: Any, initiative: Initiative) -> None:
        for index, item in enumerate(self.sequence(node, "projects"), 1):
            placement_id = f"{initiative.key}-{index}"
            keys = self.mapping(
                item,
                "a project",
                (),
                ("name", "repost", "reading", "theme", "source_text", "corrections"),
            )
            if keys is None:
                continue
            theme = self.optional(keys, "theme", self.string, "theme")
            if ("name" in keys) == ("repost" in keys):
                self.problem(
                    item,
                    "a project entry needs either 'name' (a project) or 'repost' "
                    "(a 【再掲】 reference to a project listed elsewhere), not both",
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
            bad = sorted({c for c in value if not READING_PATTERN.fullmatch(c) and c != " "})
            detail = f" (found {''.join(bad)})" if bad else " (single spaces between words)"
            self.problem(
                node,
                f"reading '{value}' must be hiragana and ー, single spaces between words{detail}",
            )
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
                    f"{first_node.start_mark.line + 1}): list it again with 'repost:'",
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
    """The bundled variant table: inside the installed package, else the repository's data/."""
    packaged = Path(__file__).resolve().parent / "data" / "variants.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "variants.yaml"


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
    root = compose(read_text(path), shown)
    builder = _Builder()
    if not builder.check_tree(root):
        raise DataError(shown, builder.problems)
    top = builder.mapping(root, "the variants file", ("variants",))
    groups: list[tuple[str, ...]] = []
    group_of_key: dict[str, tuple[str, int]] = {}  # search key -> (spelling, line of its group)
    if top is not None and "variants" in top:
        for group_node in builder.sequence(top["variants"], "variants"):
            items = builder.sequence(group_node, "a variant group")
            if _kind(group_node) != "seq":
                continue
            if len(items) < 2:
                builder.problem(group_node, "a variant group needs at least two spellings")
            line = group_node.start_mark.line + 1
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
                group_of_key[key] = (spelling, line)
            groups.append(tuple(spellings))
    if builder.problems:
        raise DataError(shown, builder.problems)
    return tuple(groups)
