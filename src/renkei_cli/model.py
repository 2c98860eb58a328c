"""The table as frozen dataclasses, and the catalog that looks things up in it.

Nothing here parses or prints: the loader builds a Catalog, the query and output layers read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields


@dataclass(frozen=True, slots=True)
class Correction:
    """One change from the extracted source text to the document's text."""

    kind: str  # "split": take one space-separated part; "ocr": replace a misread string
    note: str
    part: int | None = None
    old: str | None = None
    new: str | None = None


def _constructor_call(instance: object) -> tuple[type, tuple[object, ...]]:
    """`(class, init arguments)` for __reduce__: derived from the fields, so a field added later
    cannot be left out of the cache, and fields built in __post_init__ are rebuilt, not stored."""
    arguments = tuple(getattr(instance, f.name) for f in fields(instance) if f.init)  # type: ignore[arg-type]
    return type(instance), arguments


def apply_corrections(source_text: str, corrections: Iterable[Correction]) -> str:
    """Replay recorded corrections on raw source text; the result must be the corrected value."""
    text = source_text
    for correction in corrections:
        if correction.kind == "split":
            parts = text.split()
            index = (correction.part or 0) - 1
            if not 0 <= index < len(parts):
                raise ValueError(f"split part {correction.part} of {len(parts)}")
            text = parts[index]
        elif correction.kind == "ocr":
            if not correction.old or correction.old not in text:
                raise ValueError(f"{correction.old!r} does not occur in {text!r}")
            text = text.replace(correction.old, correction.new or "")
        else:
            raise ValueError(f"unknown correction kind {correction.kind!r}")
    return text


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a corrected value came from: the raw extracted text and what was changed."""

    source_text: str
    corrections: tuple[Correction, ...]


@dataclass(frozen=True, slots=True)
class Area:
    """One of the three policy areas of section V (1, 2, 3)."""

    number: int
    title: str
    pages: tuple[int, int]
    provenance: Provenance | None = None
    title_en: str | None = None  # the project's own English (unofficial), as for every title
    reading: str | None = None  # renkei's hiragana reading of the title (search data)

    @property
    def key(self) -> str:
        return str(self.number)


@dataclass(frozen=True, slots=True)
class PolicyField:
    """A policy field (政策分野) of area 3, numbered (1), (2), (3)."""

    area: int
    number: int
    title: str
    pages: tuple[int, int]
    provenance: Provenance | None = None
    title_en: str | None = None
    reading: str | None = None  # renkei's hiragana reading of the title (search data)

    @property
    def key(self) -> str:
        return f"{self.area}-{self.number}"


@dataclass(frozen=True, slots=True)
class Initiative:
    """A concrete initiative (具体的取組), lettered within its area or field."""

    area: int
    field: int | None
    letter: str
    title: str
    title_en: str | None = None
    reading: str | None = None  # renkei's hiragana reading of the title (search data)

    @property
    def key(self) -> str:
        """`1-b` or `3-1-g`: the id prefix of the placements under it."""
        if self.field is None:
            return f"{self.area}-{self.letter}"
        return f"{self.area}-{self.field}-{self.letter}"


@dataclass(frozen=True, slots=True)
class Project:
    """A cooperation project (連携事業): one name, listed in one or more placements."""

    id: str  # the id of its primary (non-【再掲】) placement
    name: str
    reading: str | None = None
    provenance: Provenance | None = None
    name_en: str | None = None

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        """Pickle as constructor arguments: twice as fast to load from the parse cache."""
        return _constructor_call(self)


@dataclass(frozen=True, slots=True)
class Placement:
    """One row of the table: a project listed under an initiative, perhaps as a 【再掲】."""

    id: str
    area: int
    field: int | None
    letter: str
    index: int
    project_id: str
    repost: bool
    theme: str | None = None
    theme_en: str | None = None
    theme_reading: str | None = None  # renkei's hiragana reading of the theme (search data)

    @property
    def initiative_key(self) -> str:
        return self.id.rsplit("-", 1)[0]

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        """Pickle as constructor arguments: twice as fast to load from the parse cache."""
        return _constructor_call(self)


@dataclass(frozen=True)
class SourceInfo:
    """The document the table comes from."""

    title: str
    section: str
    text: str | None = None
    title_en: str | None = None
    section_en: str | None = None
    english_note: str | None = None  # says the English is the project's, not the document's


@dataclass(frozen=True)
class Catalog:
    """The validated table with the lookups every command needs; built once per load."""

    schema_version: int
    source: SourceInfo
    areas: tuple[Area, ...]
    fields: tuple[PolicyField, ...]
    initiatives: tuple[Initiative, ...]
    projects: tuple[Project, ...]
    placements: tuple[Placement, ...]
    variants: tuple[tuple[str, ...], ...] = ()
    _areas: dict[int, Area] = field(init=False, repr=False, compare=False)
    _fields: dict[tuple[int, int], PolicyField] = field(init=False, repr=False, compare=False)
    _initiatives: dict[str, Initiative] = field(init=False, repr=False, compare=False)
    _projects: dict[str, Project] = field(init=False, repr=False, compare=False)
    _placements: dict[str, Placement] = field(init=False, repr=False, compare=False)
    _placements_of: dict[str, tuple[Placement, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        grouped: dict[str, list[Placement]] = {}
        for placement in self.placements:
            grouped.setdefault(placement.project_id, []).append(placement)
        setters = {
            "_areas": {area.number: area for area in self.areas},
            "_fields": {(f.area, f.number): f for f in self.fields},
            "_initiatives": {i.key: i for i in self.initiatives},
            "_projects": {p.id: p for p in self.projects},
            "_placements": {p.id: p for p in self.placements},
            "_placements_of": {key: tuple(value) for key, value in grouped.items()},
        }
        for name, value in setters.items():
            object.__setattr__(self, name, value)

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        """Pickle the table only; the lookups are rebuilt on load (smaller and faster)."""
        return _constructor_call(self)

    @property
    def has_english(self) -> bool:
        """Tell whether the file carries English (the loader then required it everywhere)."""
        return any(project.name_en for project in self.projects)

    def area(self, number: int) -> Area | None:
        return self._areas.get(number)

    def policy_field(self, area: int, number: int) -> PolicyField | None:
        return self._fields.get((area, number))

    def field_of(self, placement: Placement) -> PolicyField | None:
        """The policy field a placement sits in (None in areas 1 and 2, which have none)."""
        if placement.field is None:
            return None
        return self._fields.get((placement.area, placement.field))

    def fields_of(self, area: int) -> tuple[PolicyField, ...]:
        return tuple(f for f in self.fields if f.area == area)

    def initiative(self, key: str) -> Initiative | None:
        return self._initiatives.get(key)

    def initiative_of(self, placement: Placement) -> Initiative:
        return self._initiatives[placement.initiative_key]

    def project(self, project_id: str) -> Project | None:
        return self._projects.get(project_id)

    def project_of(self, placement: Placement) -> Project:
        return self._projects[placement.project_id]

    def placement(self, placement_id: str) -> Placement | None:
        return self._placements.get(placement_id)

    def placements_of(self, project_id: str) -> tuple[Placement, ...]:
        """Every placement of a project, in document order, the primary among them."""
        return self._placements_of.get(project_id, ())

    def pages_of(self, placement: Placement) -> tuple[int, int]:
        """The page range of the table the placement stands in (its field's, else its area's)."""
        if placement.field is not None:
            return self._fields[(placement.area, placement.field)].pages
        return self._areas[placement.area].pages
