"""Validate a composed data file and build the Catalog, collecting every problem with its place."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from typing import Any

from renkei_cli.english import EnglishCheck
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
from renkei_cli.paths import SCHEMA_VERSION
from renkei_cli.safe_text import unsafe_problem
from renkei_cli.yamlnodes import (
    MAX_PROBLEMS,
    YamlNode,
)
from renkei_cli.yamlnodes import (
    describe as _describe,
)
from renkei_cli.yamlnodes import (
    not_a_mapping as _not_a_mapping,
)
from renkei_cli.yamlnodes import (
    too_many as _too_many,
)

READING_PATTERN = re.compile(r"[ぁ-ゖー]+(?: [ぁ-ゖー]+)*")
_KANA = frozenset(chr(code) for code in range(ord("ぁ"), ord("ゖ") + 1)) | {"ー"}
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def build_catalog(root: YamlNode, shown: str) -> Catalog:
    """Validate a composed document and build the Catalog; raise DataError with every problem."""
    builder = CatalogBuilder()
    try:
        catalog = builder.build(root)
    except TooManyProblems:
        catalog = None
    if builder.problems or catalog is None:
        raise DataError(shown, builder.problems)
    return catalog


class TooManyProblems(Exception):
    """Raised by the builder once it has MAX_PROBLEMS problems: the rest would be noise."""


def _kind(node: YamlNode) -> str:
    return node.kind


class NodeReader:
    """Typed access to composed nodes, each wrong value recorded as a problem at its place."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    # -- reporting ---------------------------------------------------------------------------

    def problem(self, node: YamlNode, message: str) -> None:
        self.problems.append(Problem(node.line, node.column, message))
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems.append(_too_many(node.line, node.column))
            raise TooManyProblems

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
        value: str = node.value
        if not value.strip():
            self.problem(node, f"{what} must not be empty")
            return None
        if value != value.strip():
            self.problem(node, f"{what} has leading or trailing spaces")
        if what.endswith(("name", "title", "repost")) and (bad := unsafe_problem(value, what)):
            self.problem(node, bad)
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


class _EntryReader(NodeReader):
    """Reads the leaf entries of a data file: source, variants, numbering, provenance, readings."""

    english: EnglishCheck  # the places that take English, checked together at the end

    def source(self, node: Any) -> SourceInfo | None:
        english = ("title_en", "section_en", "english_note")
        keys = self.mapping(node, "source", ("title", "section"), ("text", *english))
        if keys is None:
            return None
        title = self.string(keys["title"], "source title") if "title" in keys else None
        section = self.string(keys["section"], "source section") if "section" in keys else None
        text = self.optional(keys, "text", self.string, "source text")
        title_en = self.english.read(self, keys, "title_en", "title", "source title")
        section_en = self.english.read(self, keys, "section_en", "section", "source section")
        note = self.english.read(self, keys, "english_note", "title", "source")
        if title is None or section is None:
            return None
        return SourceInfo(title, section, text, title_en, section_en, note)

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
        read = [self.correction(item) for item in items]
        corrections = [correction for correction in read if correction is not None]
        if source_text is None or value is None or not items or len(corrections) < len(read):
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


class CatalogBuilder(_EntryReader):
    """Walks the composed tree once, recording problems and building the model."""

    def __init__(self) -> None:
        super().__init__()
        self.english = EnglishCheck()
        self.initiatives: list[Initiative] = []
        self.placements: list[Placement] = []
        self.projects: dict[str, Project] = {}  # id -> project
        self.primary_by_name: dict[str, list[tuple[str, Any]]] = {}  # name -> [(id, node)]
        # (id, name, node, (theme, theme_en, theme_reading)) of each 【再掲】 entry
        self.reposts: list[tuple[str, str, Any, tuple[str | None, ...]]] = []

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
        self.english.finish(self)
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

    def area(
        self, node: Any, number: int | None, expected: int, fields: list[PolicyField]
    ) -> Area | None:
        keys = self.mapping(
            node,
            "an area",
            ("number", "title", "pages"),
            ("initiatives", "fields", "source_text", "corrections", "title_en", "reading"),
        )
        if keys is None:
            return None
        title = self.optional(keys, "title", self.string, "area title")
        title_en = self.english.read(self, keys, "title_en", "title", "area title")
        reading = self.optional(keys, "reading", self.reading, "area title reading")
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
        return Area(number, title, pages, provenance, title_en, reading)

    def policy_field(
        self, node: Any, area: int, number: int, area_pages: tuple[int, int] | None
    ) -> PolicyField | None:
        keys = self.mapping(
            node,
            "a policy field",
            ("number", "title", "pages", "initiatives"),
            ("source_text", "corrections", "title_en", "reading"),
        )
        if keys is None:
            return None
        title = self.optional(keys, "title", self.string, "field title")
        title_en = self.english.read(self, keys, "title_en", "title", "field title")
        reading = self.optional(keys, "reading", self.reading, "field title reading")
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
        return PolicyField(area, number, title, pages, provenance, title_en, reading)

    def initiative_list(self, node: Any, area: int, field: int | None) -> None:
        seen: dict[str, int] = {}
        for position, item in enumerate(self.sequence(node, "initiatives")):
            expected = LETTERS[position] if position < len(LETTERS) else "?"
            keys = self.mapping(
                item, "an initiative", ("letter", "title", "projects"), ("title_en", "reading")
            )
            if keys is None:
                continue
            letter = self.optional(keys, "letter", self.string, "initiative letter")
            title = self.optional(keys, "title", self.string, "initiative title")
            title_en = self.english.read(self, keys, "title_en", "title", "initiative title")
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
            reading = self.optional(keys, "reading", self.reading, "initiative title reading")
            initiative = Initiative(area, field, letter, title or "", title_en, reading)
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
                (
                    *("name", "repost", "reading", "theme", "source_text", "corrections"),
                    *("name_en", "theme_en", "theme_reading"),
                ),
            )
            if keys is None:
                continue
            theme = self.optional(keys, "theme", self.string, "theme")
            theme_en = self.english.read(self, keys, "theme_en", "theme", "theme")
            theme_reading = self.optional(keys, "theme_reading", self.reading, "theme reading")
            if theme_reading is not None and theme is None:
                self.problem(keys["theme_reading"], "'theme_reading' needs a 'theme' beside it")
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
                for extra in ("reading", "source_text", "corrections", "name_en"):
                    if extra in keys:
                        self.problem(
                            keys[extra],
                            f"'{extra}' belongs on the project's primary listing, not on a repost",
                        )
                name = self.string(keys["repost"], "repost")
                if name is not None:
                    themes = (theme, theme_en, theme_reading)
                    self.reposts.append((placement_id, name, keys["repost"], themes))
                continue
            name = self.string(keys["name"], "project name")
            name_en = self.english.read(self, keys, "name_en", "name", "project name")
            reading = self.optional(keys, "reading", self.reading, "reading")
            provenance = self.provenance(keys, name, "project name")
            if name is None:
                continue
            self.primary_by_name.setdefault(name, []).append((placement_id, keys["name"]))
            self.projects[placement_id] = Project(placement_id, name, reading, provenance, name_en)
            self.placements.append(
                new_placement(
                    placement_id, initiative, index, placement_id, (theme, theme_en, theme_reading)
                )
            )

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
        for placement_id, name, node, themes in self.reposts:
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
            repost = new_placement(placement_id, initiative, index, primary_id, themes, repost=True)
            by_id[placement_id] = repost
        self.placements = sorted(by_id.values(), key=_document_order)


def _document_order(placement: Placement) -> tuple[int, int, str, int]:
    return (placement.area, placement.field or 0, placement.letter, placement.index)


def new_placement(
    placement_id: str,
    initiative: Initiative,
    index: int,
    project_id: str,
    theme: tuple[str | None, ...],  # the theme, its English, its reading
    repost: bool = False,
) -> Placement:
    """A placement of a project in an initiative (its area, field and letter come from it)."""
    return Placement(
        id=placement_id,
        area=initiative.area,
        field=initiative.field,
        letter=initiative.letter,
        index=index,
        project_id=project_id,
        repost=repost,
        theme=theme[0],
        theme_en=theme[1],
        theme_reading=theme[2] if len(theme) > 2 else None,
    )
