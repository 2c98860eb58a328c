"""The JSON contract: every record list, search, show, xref, tree, stats and validate print.

The one place a record's keys and their order are decided (schemas/ describes them, and
tests/test_json_contract.py pins them); keys may be added, none renamed. Core: no Typer, no
Rich, and the model is needed for annotations only, so `--help` need not import it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from renkei_cli.loader import Validation
    from renkei_cli.model import Area, Catalog, Initiative, Placement, PolicyField, Project
    from renkei_cli.search import SearchResult
    from renkei_cli.topics import TopicTable
    from renkei_cli.xref import Related, SharedTerm, TermIndex

TreeNode = dict[str, Any]
STATS_KEYS = ("level", "key", "title", "projects", "reposts", "placements", "title_en")

# The keys of a placement record, in output order. The contract: keys may be added, none renamed.
RECORD_KEYS = (
    "id",
    "name",
    "area",
    "area_title",
    "field",
    "field_title",
    "initiative",
    "initiative_title",
    "theme",
    "pages",
    "repost",
    "primary_id",
    "placements",
    "name_en",
    "area_title_en",
    "field_title_en",
    "initiative_title_en",
    "theme_en",
    "topics",
)


# -- list and search ---------------------------------------------------------------------


def placement_record(
    catalog: Catalog, placement: Placement, topics: TopicTable | None = None
) -> dict[str, Any]:
    """One placement as a plain dict with the keys of RECORD_KEYS (the JSON contract)."""
    return placement_records(catalog, (placement,), topics)[0]


def placement_records(
    catalog: Catalog, placements: Iterable[Placement], topics: TopicTable | None = None
) -> list[dict[str, Any]]:
    """Records of many placements; what they share per initiative and per project is worked
    out once (a 100k-row listing builds in a third of the time). `topics` are the ids of
    renkei's own topics of the project (none without a topic table)."""
    contexts: dict[str, tuple[Any, ...]] = {}
    projects: dict[str, tuple[str, list[str], str | None]] = {}
    records = []
    for placement in placements:
        key = placement.initiative_key
        context = contexts.get(key)
        if context is None:
            area = catalog.area(placement.area)
            policy_field = catalog.field_of(placement)
            initiative = catalog.initiative_of(placement)
            context = (
                area.title if area else None,
                policy_field.title if policy_field else None,
                initiative.title,
                catalog.pages_of(placement),
                (
                    area.title_en if area else None,
                    policy_field.title_en if policy_field else None,
                    initiative.title_en,
                ),
            )
            contexts[key] = context
        area_title, field_title, initiative_title, (first, last), english = context
        project = projects.get(placement.project_id)
        if project is None:
            ids = [p.id for p in catalog.placements_of(placement.project_id)]
            found = catalog.project_of(placement)
            project = (found.name, ids, found.name_en)
            projects[placement.project_id] = project
        records.append(
            {
                "id": placement.id,
                "name": project[0],
                "area": placement.area,
                "area_title": area_title,
                "field": placement.field,
                "field_title": field_title,
                "initiative": placement.letter,
                "initiative_title": initiative_title,
                "theme": placement.theme,
                "pages": [first, last],
                "repost": placement.repost,
                "primary_id": placement.project_id if placement.repost else None,
                "placements": list(project[1]),
                "name_en": project[2],
                "area_title_en": english[0],
                "field_title_en": english[1],
                "initiative_title_en": english[2],
                "theme_en": placement.theme_en,
                "topics": list(topics.topics_of(placement.project_id)) if topics else [],
            }
        )
    return records


def section_label(record: dict[str, Any]) -> str:
    """`1` or `3(2)`: the area and field as the document numbers them."""
    if record["field"] is None:
        return str(record["area"])
    return f"{record['area']}({record['field']})"


def search_record(
    catalog: Catalog, result: SearchResult, topics: TopicTable | None = None
) -> dict[str, Any]:
    """A search result: its placement's record, then `score` and `match` (the level)."""
    return {
        **placement_record(catalog, result.placement, topics),
        "score": result.score,
        "match": result.match.value,
    }


def breadcrumb(record: dict[str, Any], theme_joiner: str = "－") -> str:
    """Area › field › initiative of a placement record, titled as the document titles them."""
    parts = [f"{record['area']} {record['area_title']}"]
    if record["field"] is not None:
        parts.append(f"({record['field']}) {record['field_title']}")
    initiative = f"{record['initiative']} {record['initiative_title']}"
    if record.get("theme"):
        initiative += f"{theme_joiner}{record['theme']}"
    parts.append(initiative)
    return " › ".join(parts)


def short_breadcrumb(record: dict[str, Any]) -> str:
    """`3(1) › g 環境`: the section as numbered and the initiative's title."""
    return f"{section_label(record)} › {record['initiative']} {record['initiative_title']}"


# -- records: the JSON contract of `xref`, `xref --terms` and `show` ---------------------------


def xref_record(catalog: Catalog, project: Project) -> dict[str, Any]:
    """A project with several placements: `id`, `name`, `placements` (ids, document order)."""
    return {
        "id": project.id,
        "name": project.name,
        "placements": [p.id for p in catalog.placements_of(project.id)],
        "name_en": project.name_en,
    }


def term_record(catalog: Catalog, term: SharedTerm) -> dict[str, Any]:
    """One shared term with the projects it links and the initiatives and areas they span."""
    from renkei_cli import xref

    initiatives = sorted(
        {key for p in term.project_ids for key in xref.initiative_keys_of(catalog, p)},
        key=_initiative_order(catalog),
    )
    return {
        "term": term.text,
        "weight": round(term.weight, 1),
        "idf": round(term.idf, 3),
        "information": round(term.information, 1),
        "projects": [_project_ref(catalog, p) for p in term.project_ids],
        "initiatives": initiatives,
        "areas": sorted({a for p in term.project_ids for a in xref.areas_of(catalog, p)}),
        "across_initiatives": xref.links_across(catalog, term),
        "across_areas": xref.crosses_areas(catalog, term),
    }


def related_record(
    related: Related,
    titles: dict[str, str] | None = None,
    english: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A related project: `id`, `name`, `shared` (the terms), `score`, `across_areas`, the
    `topics` both have (renkei's, ids) and the `reasons` in words, strongest first."""
    return {
        "id": related.project.id,
        "name": related.project.name,
        "shared": [term.text for term in related.shared],
        "score": round(related.score, 1),
        "across_areas": related.across_areas,
        "name_en": related.project.name_en,
        "topics": list(related.topics),
        "reasons": related.reasons(titles),
        "reasons_en": related.reasons(english, terms=False) if english is not None else None,
    }


def _project_ref(catalog: Catalog, project_id: str) -> dict[str, str | None]:
    project = catalog.project(project_id)
    return {
        "id": project_id,
        "name": project.name if project else "",
        "name_en": project.name_en if project else None,
    }


def _initiative_order(catalog: Catalog) -> Callable[[str], int]:
    order = {initiative.key: i for i, initiative in enumerate(catalog.initiatives)}
    return lambda key: order.get(key, len(order))


def show_record(
    catalog: Catalog, index: TermIndex, project: Project, topics: TopicTable | None = None
) -> dict[str, Any]:
    """A project in its whole context: the `list` record of its primary placement, then its
    reading, source text and corrections, every placement with its breadcrumb, related
    projects (strongest first, each with its reasons) and renkei's topics with their reasons."""
    from renkei_cli import xref

    primary = catalog.placement(project.id)
    if primary is None:
        raise KeyError(project.id)
    details = []
    for placement in catalog.placements_of(project.id):
        record = placement_record(catalog, placement, topics)
        details.append({**record, "breadcrumb": breadcrumb(record)})
    provenance = project.provenance
    return {
        **placement_record(catalog, primary, topics),
        "reading": project.reading,
        "source_text": provenance.source_text if provenance else None,
        "corrections": [
            {"kind": c.kind, "note": c.note, "part": c.part, "from": c.old, "to": c.new}
            for c in (provenance.corrections if provenance else ())
        ],
        "placement_details": details,
        "related": [
            related_record(
                r,
                {t.id: t.title for t in topics.topics} if topics else None,
                {t.id: t.title_en for t in topics.topics} if topics else None,
            )
            for r in xref.related_projects(
                catalog, index, project.id, limit=xref.RELATED_LIMIT, topics=topics
            )
        ],
        "topic_details": [
            topic_ref(topics, a.topic, a.why) for a in topics.assignments.get(project.id, ())
        ]
        if topics
        else [],
    }


def topic_ref(topics: TopicTable, topic_id: str, why: str | None = None) -> dict[str, Any]:
    """A topic of a project: `id`, `title`, `title_en` and, in `show`, `why` it was given."""
    topic = topics.topic(topic_id)
    record: dict[str, Any] = {
        "id": topic_id,
        "title": topic.title if topic else "",
        "title_en": topic.title_en if topic else "",
    }
    if why is not None:
        record["why"] = why
        record["why_en"] = why.partition(": ")[0]  # the criterion: the detail may quote Japanese
    return record


TOPIC_KEYS = (
    "id",
    "title",
    "reading",
    "title_en",
    "synonyms",
    "synonyms_en",
    "rule",
    "count",
    "projects",
)


def topic_records(topics: TopicTable, catalog: Catalog) -> list[dict[str, Any]]:
    """renkei's topics (not the document's), each with the ids of its projects in the catalog."""
    records = []
    for topic in topics.topics:
        projects = [p for p in topics.projects_of(topic.id) if catalog.project(p)]
        records.append(
            {
                "id": topic.id,
                "title": topic.title,
                "reading": topic.reading,
                "title_en": topic.title_en,
                "synonyms": list(topic.synonyms),
                "synonyms_en": list(topic.synonyms_en),
                "rule": topic.rule,
                "count": len(projects),
                "projects": projects,
            }
        )
    return records


# -- tree and stats ------------------------------------------------------------------------


def _area_node(groups: dict[str, list[Placement]], area: Area) -> TreeNode:
    from renkei_cli import overview

    return {
        "level": "area",
        "key": area.key,
        "title": area.title,
        "pages": list(area.pages),
        **overview.counts(groups.get(area.key, [])),
        "title_en": area.title_en,
    }


def _field_node(groups: dict[str, list[Placement]], field: PolicyField) -> TreeNode:
    from renkei_cli import overview

    key = overview.field_key(field)
    return {
        "level": "field",
        "key": key,
        "title": field.title,
        "pages": list(field.pages),
        **overview.counts(groups.get(key, [])),
        "title_en": field.title_en,
    }


def _initiative_node(groups: dict[str, list[Placement]], initiative: Initiative) -> TreeNode:
    from renkei_cli import overview

    return {
        "level": "initiative",
        "key": initiative.key,
        "title": initiative.title,
        **overview.counts(groups.get(initiative.key, [])),
        "title_en": initiative.title_en,
    }


def _placement_node(catalog: Catalog, placement: Placement) -> TreeNode:
    return {
        "level": "placement",
        "id": placement.id,
        "name": catalog.project_of(placement).name,
        "theme": placement.theme,
        "repost": placement.repost,
        "primary_id": placement.project_id if placement.repost else None,
        "name_en": catalog.project_of(placement).name_en,
        "theme_en": placement.theme_en,
    }


def build_tree(catalog: Catalog, depth: int | None = None) -> list[TreeNode]:
    """The areas as nested nodes; `depth` keeps that many levels as drawn (1 = areas only)."""
    from renkei_cli import overview

    groups = overview.placement_groups(catalog)

    def initiatives(area: int, field: int | None, level: int) -> list[TreeNode]:
        nodes = []
        for initiative in overview.initiatives_in(catalog, area, field):
            node = _initiative_node(groups, initiative)
            if depth is None or level < depth:
                node["children"] = [
                    _placement_node(catalog, p) for p in groups.get(initiative.key, [])
                ]
            nodes.append(node)
        return nodes

    tree = []
    for area in catalog.areas:
        node = _area_node(groups, area)
        if depth is None or depth > 1:
            fields = catalog.fields_of(area.number)
            if fields:
                children = []
                for field in fields:
                    field_node = _field_node(groups, field)
                    if depth is None or depth > 2:
                        field_node["children"] = initiatives(area.number, field.number, 3)
                    children.append(field_node)
                node["children"] = children
            else:
                node["children"] = initiatives(area.number, None, 2)
        tree.append(node)
    return tree


def stats_rows(catalog: Catalog) -> list[TreeNode]:
    """One row per area, policy field and initiative, in that order, each in document order."""
    from renkei_cli import overview

    groups = overview.placement_groups(catalog)
    rows = [_area_node(groups, a) for a in catalog.areas]
    rows += [_field_node(groups, f) for f in catalog.fields]
    rows += [_initiative_node(groups, i) for i in catalog.initiatives]
    return [{key: row[key] for key in STATS_KEYS} for row in rows]


# -- validate ------------------------------------------------------------------------------


def validation_record(validation: Validation) -> dict[str, Any]:
    """The JSON form of a check: path, valid, problems [{line, column, message}], counts."""
    return {
        "path": validation.path,
        "valid": validation.valid,
        "problems": [
            {"line": p.line, "column": p.column, "message": p.message} for p in validation.problems
        ],
        "counts": validation.counts(),
    }
