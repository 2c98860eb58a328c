"""renkei's cross-cutting topics (data/topics.yaml): load, validate and look them up.

Topics are this project's editorial classification, not the document's: the table groups
projects by area and initiative only, and a topic (子育て, 防災, 交通...) gathers the projects
people ask about together wherever the table put them. Each assignment names the criterion of
its topic's rule that it follows, so that a reader can check it.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from renkei_cli.errors import DataError, Problem
from renkei_cli.paths import bundled_file

if TYPE_CHECKING:
    from renkei_cli.model import Catalog

TOPICS_FILE = "topics.yaml"
MAX_TOPICS_PER_PROJECT = 3
_SLUG = re.compile(r"[a-z][a-z0-9_]*")
_KANA_ONLY = re.compile(r"[ぁ-ゖー]+")
_KATAKANA_ONLY = re.compile(r"[ァ-ヺー]+")
_DATA_FILE_KEYS = "schema_version, source and areas"
# Shown wherever topics are: they are renkei's, not the vision document's.
EDITORIAL_NOTE = "topics are renkei's own editorial classification, not the document's"


def default_topics_path() -> Path:
    """The bundled topic file."""
    return bundled_file(TOPICS_FILE)


class Topic(NamedTuple):
    """One topic of the vocabulary: its titles, reading, synonyms and rule of inclusion.

    NamedTuples and a plain class, not dataclasses: every command that prints records loads
    the topics, and a dataclass costs its definition time at import.
    """

    id: str
    title: str
    reading: str
    title_en: str
    synonyms: tuple[str, ...]
    synonyms_en: tuple[str, ...]
    rule: str

    @property
    def criteria(self) -> tuple[str, ...]:
        """The criteria of the rule `<scope>: <criterion>; <criterion>; ...`."""
        return criteria_of(self.rule)


class Assignment(NamedTuple):
    """A topic given to a project, and why (`<criterion>: <detail>`)."""

    topic: str
    why: str


class TopicTable:
    """Every topic, every project's assignments and the synonyms' readings."""

    __slots__ = ("assignments", "names", "synonym_readings", "topics")

    def __init__(
        self,
        topics: tuple[Topic, ...],
        assignments: dict[str, tuple[Assignment, ...]],  # project id -> its topics, in order
        synonym_readings: dict[str, str] | None = None,
        names: dict[str, str] | None = None,  # project id -> the name an assignment is for
    ) -> None:
        self.topics = topics
        self.assignments = assignments
        self.synonym_readings = synonym_readings or {}
        self.names = names or {}

    def for_catalog(self, catalog: Catalog) -> TopicTable:
        """The assignments that belong to this catalog's projects: where an assignment names
        its project, id and name must both agree, so another data file (`--data`) never gets
        the topics of a different project that happens to have the same id."""
        kept = {
            pid: entries
            for pid, entries in self.assignments.items()
            if pid not in self.names
            or ((project := catalog.project(pid)) is not None and project.name == self.names[pid])
        }
        if len(kept) == len(self.assignments):
            return self
        return TopicTable(self.topics, kept, self.synonym_readings, self.names)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TopicTable):
            return NotImplemented
        return self.to_plain() == other.to_plain()

    __hash__ = None  # type: ignore[assignment]

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def topics_of(self, project_id: str) -> tuple[str, ...]:
        """The ids of a project's topics, in the order the file gives them."""
        return tuple(a.topic for a in self.assignments.get(project_id, ()))

    def projects_of(self, topic_id: str) -> tuple[str, ...]:
        """The ids of the projects with a topic, in file order."""
        return tuple(
            pid
            for pid, entries in self.assignments.items()
            if any(a.topic == topic_id for a in entries)
        )

    def resolve(self, text: str) -> Topic | None:
        """The topic a user names by id, title, a ・ part of its title or reading (any script)."""
        from renkei_cli.search.terms import parse_terms

        lowered = text.strip().casefold()
        for topic in self.topics:
            if topic.id == lowered:
                return topic
        terms = parse_terms(text)
        if len(terms) != 1:
            joined = "".join(term.key for term in terms)
            kana = "".join(term.kana or "" for term in terms) or None
        else:
            joined, kana = terms[0].key, terms[0].kana
        for topic in self.topics:
            if joined in title_keys(topic) or (kana and kana in reading_keys(topic)):
                return topic
        return None

    def to_plain(self) -> dict[str, Any]:
        """The table as builtins (for the JSON cache)."""
        return {
            "topics": [
                {
                    "id": t.id,
                    "title": t.title,
                    "reading": t.reading,
                    "title_en": t.title_en,
                    "synonyms": list(t.synonyms),
                    "synonyms_en": list(t.synonyms_en),
                    "rule": t.rule,
                }
                for t in self.topics
            ],
            "assignments": {
                pid: [[a.topic, a.why] for a in entries]
                for pid, entries in self.assignments.items()
            },
            "synonym_readings": dict(self.synonym_readings),
            "names": dict(self.names),
        }

    @classmethod
    def from_plain(cls, plain: dict[str, Any]) -> TopicTable:
        """The table back from to_plain's builtins (TypeError/KeyError if malformed)."""
        topics = tuple(
            Topic(
                id=str(t["id"]),
                title=str(t["title"]),
                reading=str(t["reading"]),
                title_en=str(t["title_en"]),
                synonyms=tuple(map(str, t["synonyms"])),
                synonyms_en=tuple(map(str, t["synonyms_en"])),
                rule=str(t["rule"]),
            )
            for t in plain["topics"]
        )
        assignments = {
            str(pid): tuple(Assignment(str(topic), str(why)) for topic, why in entries)
            for pid, entries in plain["assignments"].items()
        }
        readings = {str(k): str(v) for k, v in plain["synonym_readings"].items()}
        names = {str(k): str(v) for k, v in plain["names"].items()}
        return cls(topics, assignments, readings, names)


def criteria_of(rule: str) -> tuple[str, ...]:
    """The criteria of a rule `<scope>: <c1>; <c2>; ...` (its final full stop dropped)."""
    if ": " not in rule:
        return ()
    body = rule.split(": ", 1)[1].rstrip(".")
    return tuple(c.strip() for c in body.split("; ") if c.strip())


def title_parts(topic: Topic) -> tuple[str, ...]:
    """The title, and its ・ parts when it has several (環境・エネルギー: 環境, エネルギー)."""
    parts = [part for part in topic.title.split("・") if part]
    return (topic.title, *parts) if len(parts) > 1 else (topic.title,)


def title_keys(topic: Topic) -> set[str]:
    """The search keys of the title and its ・ parts."""
    from renkei_cli.textnorm import normalize

    return {key for text in title_parts(topic) if (key := normalize(text))}


def reading_keys(topic: Topic) -> set[str]:
    """The reading's key, and each word's when the title has one ・ part per word."""
    from renkei_cli.textnorm import normalize

    words = topic.reading.split()
    keys = {normalize("".join(words))}
    if len(title_parts(topic)) - 1 == len(words) > 1:
        keys.update(normalize(word) for word in words)
    return keys


# -- loading --------------------------------------------------------------------------------


def load_topics(path: Path | str | None = None, data: bytes | None = None) -> TopicTable:
    """Load and validate a topic file (the bundled one by default); DataError lists every
    problem as FILE:LINE:COL. With `data`, those bytes are parsed."""
    from renkei_cli.builder import TooManyProblems
    from renkei_cli.builder import _EntryReader as NodeReader
    from renkei_cli.datafile import decode_data, read_data
    from renkei_cli.yamlnodes import compose

    file = Path(path) if path is not None else default_topics_path()
    shown = path if isinstance(path, str) else str(file)
    try:
        text = decode_data(read_data(file, shown) if data is None else data, shown)
        root = compose(text, shown)
    except DataError as error:  # compose words an empty or non-mapping root for a data file
        problems = [
            Problem(p.line, p.column, p.message.replace(_DATA_FILE_KEYS, "topics and assignments"))
            for p in error.problems
        ]
        raise DataError(shown, problems) from None
    reader = _TopicReader(NodeReader())
    table = None
    with contextlib.suppress(TooManyProblems):
        table = reader.read(root)
    if reader.nodes.problems or table is None:
        raise DataError(shown, reader.nodes.problems)
    return table


class _TopicReader:
    """Validates a composed topic file, recording each problem at its node."""

    def __init__(self, nodes: Any) -> None:
        self.nodes = nodes
        self.id_nodes: dict[str, Any] = {}

    def read(self, root: Any) -> TopicTable | None:
        nodes = self.nodes
        top = nodes.mapping(
            root,
            "the topic file",
            ("schema_version", "topics", "assignments"),
            ("synonym_readings",),
        )
        if top is None:
            return None
        if "schema_version" in top:
            version = nodes.integer(top["schema_version"], "schema_version")
            if version is not None and version != 1:
                nodes.problem(
                    top["schema_version"], f"schema_version {version} is not supported (1 is)"
                )
        topics = self.topics(top["topics"]) if "topics" in top else []
        by_id = {topic.id: topic for topic in topics}
        assignments: dict[str, tuple[Assignment, ...]] = {}
        self.names: dict[str, str] = {}
        if "assignments" in top:
            assignments = self.assignments(top["assignments"], by_id)
        readings = {}
        if "synonym_readings" in top:
            readings = self.synonym_readings(top["synonym_readings"], topics)
        for topic in topics:
            if not any(a.topic == topic.id for entries in assignments.values() for a in entries):
                nodes.problem(self.id_nodes[topic.id], f"topic '{topic.id}' has no project")
        if nodes.problems:
            return None
        return TopicTable(tuple(topics), assignments, readings, self.names)

    def topics(self, node: Any) -> list[Topic]:
        from renkei_cli.textnorm import normalize

        nodes = self.nodes
        topics: list[Topic] = []
        seen: dict[str, int] = {}
        synonym_owner: dict[str, str] = {}
        for item in nodes.sequence(node, "topics"):
            keys = nodes.mapping(
                item,
                "a topic",
                ("id", "title", "reading", "title_en", "synonyms", "synonyms_en", "rule"),
            )
            if keys is None or "id" not in keys:
                continue
            topic_id = nodes.string(keys["id"], "topic id")
            title = nodes.optional(keys, "title", nodes.string, "topic title")
            reading = nodes.optional(keys, "reading", nodes.reading, "topic reading")
            title_en = nodes.optional(keys, "title_en", nodes.string, "topic title_en")
            rule = nodes.optional(keys, "rule", nodes.string, "topic rule") or ""
            synonyms = self.words(keys["synonyms"], "synonyms") if "synonyms" in keys else []
            en = keys.get("synonyms_en")
            synonyms_en = self.words(en, "synonyms_en") if en is not None else []
            if topic_id is not None and not _SLUG.fullmatch(topic_id):
                nodes.problem(keys["id"], f"topic id '{topic_id}' must be a-z, 0-9 and _")
            if topic_id is not None and topic_id in seen:
                nodes.problem(
                    keys["id"], f"duplicate topic id '{topic_id}' (first at line {seen[topic_id]})"
                )
            if rule and not criteria_of(rule):
                nodes.problem(
                    keys["rule"], "a rule is one line '<scope>: <criterion>; <criterion>; ...'"
                )
            for synonym, synonym_node in (*synonyms, *synonyms_en):
                key = normalize(synonym)
                owner = synonym_owner.get(key)
                if owner is not None and owner != topic_id:
                    nodes.problem(synonym_node, f"synonym '{synonym}' also belongs to '{owner}'")
                synonym_owner[key] = topic_id or ""
            if topic_id is None or topic_id in seen:
                continue
            # Kept even with a bad field (reported above, so the file is refused): its
            # assignments and synonyms are then checked against it, not reported as unknown.
            seen[topic_id] = keys["id"].line
            self.id_nodes[topic_id] = keys["id"]
            topics.append(
                Topic(
                    id=topic_id,
                    title=title or "",
                    reading=reading or "",
                    title_en=title_en or "",
                    synonyms=tuple(s for s, _ in synonyms),
                    synonyms_en=tuple(s for s, _ in synonyms_en),
                    rule=rule,
                )
            )
        return topics

    def words(self, node: Any, what: str) -> list[tuple[str, Any]]:
        """A non-empty list of texts, each with its node."""
        found = []
        for item in self.nodes.sequence(node, what):
            text = self.nodes.string(item, f"a word of {what}")
            if text is not None:
                found.append((text, item))
        return found

    def assignments(self, node: Any, topics: dict[str, Topic]) -> dict[str, tuple[Assignment, ...]]:
        from renkei_cli.ids import canonical_id

        nodes = self.nodes
        result: dict[str, tuple[Assignment, ...]] = {}
        if node.kind != "map":
            nodes.mapping(node, "assignments", ())
            return result
        for key_node, value_node in node.value:
            project_id = nodes.string(key_node, "a project id")
            if project_id is None:
                continue
            if canonical_id(project_id) != project_id:
                nodes.problem(key_node, f"'{project_id}' is not a placement id like 3-1-c-2")
            if project_id in result:
                nodes.problem(key_node, f"project {project_id} is assigned twice")
            value_node = self.named(value_node, project_id)
            if value_node is None:
                continue
            entries = nodes.sequence(value_node, f"the topics of {project_id}", non_empty=False)
            if len(entries) > MAX_TOPICS_PER_PROJECT:
                nodes.problem(
                    value_node,
                    f"{project_id} has {len(entries)} topics: at most "
                    f"{MAX_TOPICS_PER_PROJECT} (keep the ones its name is about)",
                )
            assigned: list[Assignment] = []
            for entry in entries:
                assignment = self.assignment(entry, project_id, topics)
                if assignment is None:
                    continue
                if any(a.topic == assignment.topic for a in assigned):
                    nodes.problem(entry, f"{project_id} has topic '{assignment.topic}' twice")
                    continue
                assigned.append(assignment)
            result[project_id] = tuple(assigned)
        return result

    def named(self, node: Any, project_id: str) -> Any:
        """An assignment's list of topics: the value itself, or its `topics` when the value is
        `{name: NAME, topics: [...]}` (the name is then recorded, to be checked on use)."""
        if node.kind != "map":
            return node
        keys = self.nodes.mapping(node, f"the assignment of {project_id}", ("name", "topics"))
        if keys is None or "topics" not in keys or "name" not in keys:
            return None
        name = self.nodes.string(keys["name"], "name")
        if name is not None:
            self.names[project_id] = name
        return keys["topics"]

    def assignment(self, node: Any, project_id: str, topics: dict[str, Topic]) -> Assignment | None:
        nodes = self.nodes
        keys = nodes.mapping(node, f"a topic of {project_id}", ("topic", "why"))
        if keys is None or "topic" not in keys or "why" not in keys:
            return None
        topic_id = nodes.string(keys["topic"], "topic")
        why = nodes.string(keys["why"], "why")
        if topic_id is None or why is None:
            return None
        topic = topics.get(topic_id)
        if topic is None:
            import difflib

            close = difflib.get_close_matches(topic_id, list(topics), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            nodes.problem(keys["topic"], f"unknown topic '{topic_id}'{hint}")
            return None
        criterion, _, detail = why.partition(": ")
        if topic.criteria and (criterion not in topic.criteria or not detail.strip()):
            nodes.problem(
                keys["why"],
                f"why must be '<criterion>: <detail>' with a criterion of {topic_id}'s rule "
                f"({'; '.join(topic.criteria)})",
            )
            return None
        return Assignment(topic_id, why)

    def synonym_readings(self, node: Any, topics: Iterable[Topic]) -> dict[str, str]:
        nodes = self.nodes
        synonyms = {s for topic in topics for s in topic.synonyms}
        readings: dict[str, str] = {}
        if node.kind != "map":
            nodes.mapping(node, "synonym_readings", ())
            return readings
        for key_node, value_node in node.value:
            synonym = nodes.string(key_node, "a synonym")
            reading = nodes.reading(value_node, f"the reading of {synonym}")
            if synonym is None or reading is None:
                continue
            if synonym not in synonyms:
                nodes.problem(key_node, f"'{synonym}' is not a synonym of any topic")
            elif synonym in readings:
                nodes.problem(key_node, f"'{synonym}' has two readings")
            readings[synonym] = reading
        for synonym in sorted(synonyms - readings.keys()):
            if not _KANA_ONLY.fullmatch(synonym) and not _KATAKANA_ONLY.fullmatch(synonym):
                nodes.problem(node, f"synonym '{synonym}' needs a reading")
        return readings


def resolve_topic(table: TopicTable, text: str) -> Topic:
    """The topic named by `text` (id, title, ・ part or reading, any script); UsageError listing
    the topics if none is."""
    from renkei_cli.errors import UsageError

    topic = table.resolve(text)
    if topic is None:
        listing = ", ".join(f"{t.id} ({t.title})" for t in table.topics)
        raise UsageError(f"no topic '{text}': topics are {listing}")
    return topic
