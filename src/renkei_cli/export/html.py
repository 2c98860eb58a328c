"""`renkei export html`: the whole table as one self-contained page that searches like the CLI.

The page is one UTF-8 file: the table in the document's structure (area → policy field →
initiative → projects, each placement an element with `data-id` and an anchor), the counts of
`renkei stats` as an SVG chart, and a search box. Its Content-Security-Policy allows no network
access at all; the only script is inline and allowed by its hash.

Search in the page has the semantics of `renkei search` without re-implementing the index:
the Python side emits every project's normalised keys from the loaded catalog's own
`SearchIndex` (its `match_keys()`: names, readings, variant-rewritten names, context titles,
source text), the index `renkei search` uses; page.js only
normalises the query (a port of textnorm.normalize and romaji.romaji_to_hiragana) and matches
at the same levels, with the same AND semantics, scores and typo tolerance.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from renkei_cli.errors import UsageError
from renkei_cli.model import Catalog, Placement, Project

if TYPE_CHECKING:
    from renkei_cli.api import LoadedCatalog
    from renkei_cli.search import SearchIndex

__all__ = [
    "MAX_PAGE_BYTES",
    "PageInfo",
    "export_date",
    "file_digest",
    "page_data",
    "render_page",
    "search_keys",
    "write_page",
]

ASSETS = Path(__file__).resolve().parent
# The budget for one page that is mailed around; tests hold the export to it.
MAX_PAGE_BYTES = 400 * 1024
BMP_END = 0x10000


@dataclass(frozen=True)
class PageInfo:
    """What the page says about itself: the data file's digest, renkei's version, the date."""

    data_digest: str  # sha256 hex of the data file's bytes
    version: str
    date: str  # YYYY-MM-DD


# -- the search keys ------------------------------------------------------------------------


def search_keys(index: SearchIndex) -> dict[str, Any]:
    """Every key `renkei search` matches a query against, as plain data for page.js.

    Read from the SearchIndex the CLI searches with, so the page cannot drift from it: names,
    readings (words joined by `|`), variant-rewritten names, context titles per (initiative,
    theme) group, source texts with the range that is the project's own, the variant table,
    and each project's English words (name and titles, folded as search/english.py folds them).
    """
    from renkei_cli.search import FUZZY_MIN_LENGTH, SUGGEST_THRESHOLD

    keys = index.match_keys()
    table = keys.variants
    sources: list[list[Any] | None] = []
    for key, own_start, own_end in keys.sources:
        if not key:
            sources.append(None)
            continue
        entry: list[Any] = [key, own_start, own_end]
        if table.touches(key):
            canonical, origin = table.canonical_with_map(key)
            entry += [canonical, [list(span) for span in origin]]
        sources.append(entry)
    return {
        "names": list(keys.names),
        "canonicalNames": list(keys.canonical_names),
        "readings": list(keys.readings),
        "titles": [list(title) for title in keys.titles],
        "titleReadings": [list(suffixes) for suffixes in keys.title_readings],
        "readingsAcross": list(keys.readings_across),
        "topics": [[title, list(n), list(s), list(p)] for title, n, s, p in keys.topics],
        "groups": [[list(titles), list(projects)] for titles, projects in keys.groups],
        "sources": sources,
        "variants": [list(pair) for pair in table.forms()],
        "fuzzyThreshold": keys.fuzzy_threshold,
        "fuzzyMinLength": FUZZY_MIN_LENGTH,
        "suggestThreshold": SUGGEST_THRESHOLD,
        "english": [
            [list(words), first, count, [[list(title), weight] for title, weight in titles]]
            for words, first, count, titles in keys.english
        ],
    }


def casefold_exceptions() -> dict[str, str]:
    """The characters whose str.casefold() is not their str.lower(), for page.js's casefold.

    JavaScript has toLowerCase() but no full case folding; the page applies these on top.
    They all lie in the Basic Multilingual Plane (tests check the rest), which takes 10 ms
    to scan instead of 200.
    """
    return {
        char: folded
        for char in map(chr, range(BMP_END))
        if (folded := char.casefold()) != char.lower()
    }


def page_data(loaded: LoadedCatalog) -> dict[str, Any]:
    """The page's JSON: projects (with English and topics when the data has them) and keys."""
    catalog = loaded.catalog
    projects = []
    for project in catalog.projects:
        record: dict[str, Any] = {
            "id": project.id,
            "name": project.name,
            "placements": [p.id for p in catalog.placements_of(project.id)],
        }
        name_en = _english(project)
        if name_en:
            record["name_en"] = name_en
        topics = _topics(project)
        if topics:
            record["topics"] = topics
        projects.append(record)
    return {
        "projects": projects,
        "keys": search_keys(loaded.search_index()),
        "casefold": casefold_exceptions(),
    }


def _english(item: object) -> str | None:
    """The English name or title of a project or heading, once the data carries one."""
    value = getattr(item, "name_en", None) or getattr(item, "title_en", None)
    return value if isinstance(value, str) and value else None


def _topics(project: Project) -> list[str]:
    """The topic titles of a project, once the data carries them (none today)."""
    topics = getattr(project, "topics", None) or ()
    titles = []
    for topic in topics:
        title = topic if isinstance(topic, str) else getattr(topic, "title", None)
        if isinstance(title, str) and title:
            titles.append(title)
    return titles


# -- the page -------------------------------------------------------------------------------


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _json_for_script(value: Any) -> str:
    """JSON that cannot end its <script> element or open a comment in it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _pages(pages: tuple[int, int]) -> str:
    first, last = pages
    return f"p. {first}" if first == last else f"p. {first}–{last}"


def _name_html(name: str, english: str | None) -> str:
    out = f'<span class="name ja">{_e(name)}</span>'
    if english:
        out += f' <span class="name en" lang="en">{_e(english)}</span>'
    return out


def _title_html(item: object, text: str, english: str | None = None) -> str:
    english = english or _english(item)
    out = f'<span class="ja">{_e(text)}</span>'
    if english:
        out += f' <span class="en" lang="en">{_e(english)}</span>'
    return out


def _row(catalog: Catalog, placement: Placement) -> str:
    """One placement: its id (a link to itself), the name, and its other places."""
    project = catalog.project_of(placement)
    pid = _e(placement.id)
    parts = [
        f'<li id="{pid}" data-id="{pid}" data-project="{_e(project.id)}"'
        f' class="row{" repost" if placement.repost else ""}">',
        f'<a class="pid" href="#{pid}">{pid}</a> ',
        _name_html(project.name, _english(project)),
    ]
    topics = _topics(project)
    if topics:
        tags = "".join(f"<li>{_e(topic)}</li>" for topic in topics)
        parts.append(f' <ul class="topics" aria-label="トピック">{tags}</ul>')
    if placement.repost:
        parts.append(
            f' <span class="where">【再掲】 <a class="primary" href="#{_e(project.id)}">'
            f"{_e(project.id)} に掲載</a></span>"
        )
    else:
        others = [p for p in catalog.placements_of(project.id) if p.id != placement.id]
        if others:
            links = "、".join(f'<a class="other" href="#{_e(p.id)}">{_e(p.id)}</a>' for p in others)
            parts.append(f' <span class="where">再掲先: {links}</span>')
    parts.append("</li>")
    return "".join(parts)


def _initiative(catalog: Catalog, key: str, level: int, pages: tuple[int, int]) -> str:
    initiative = catalog.initiative(key)
    assert initiative is not None
    placements = [p for p in catalog.placements if p.initiative_key == key]
    heading = (
        f'<h{level} id="initiative-{_e(key)}"><span class="letter">{_e(initiative.letter)}</span> '
        f'{_title_html(initiative, initiative.title)} <span class="pages">{_pages(pages)}</span>'
        f"</h{level}>"
    )
    groups: list[tuple[str | None, list[Placement]]] = []
    for placement in placements:
        if groups and groups[-1][0] == placement.theme:
            groups[-1][1].append(placement)
        else:
            groups.append((placement.theme, [placement]))
    body = []
    for theme, members in groups:
        rows = "".join(_row(catalog, p) for p in members)
        if theme:
            title = _title_html(None, theme, members[0].theme_en)
            body.append(
                f'<div class="theme"><h{level + 1} class="theme-title">{title}</h{level + 1}>'
                f'<ul class="rows">{rows}</ul></div>'
            )
        else:
            body.append(f'<ul class="rows">{rows}</ul>')
    return f'<section class="initiative" data-key="{_e(key)}">{heading}{"".join(body)}</section>'


def _table(catalog: Catalog) -> str:
    out = []
    for area in catalog.areas:
        out.append(
            f'<section class="area" id="area-{area.number}"><h2>'
            f'<span class="number">{area.number}</span> {_title_html(area, area.title)} '
            f'<span class="pages">{_pages(area.pages)}</span></h2>'
        )
        fields = catalog.fields_of(area.number)
        if fields:
            for policy_field in fields:
                out.append(
                    f'<section class="field" id="field-{area.number}-{policy_field.number}"><h3>'
                    f'<span class="number">({policy_field.number})</span> '
                    f"{_title_html(policy_field, policy_field.title)} "
                    f'<span class="pages">{_pages(policy_field.pages)}</span></h3>'
                )
                for initiative in catalog.initiatives:
                    if initiative.area == area.number and initiative.field == policy_field.number:
                        out.append(_initiative(catalog, initiative.key, 4, policy_field.pages))
                out.append("</section>")
        else:
            for initiative in catalog.initiatives:
                if initiative.area == area.number and initiative.field is None:
                    out.append(_initiative(catalog, initiative.key, 3, area.pages))
        out.append("</section>")
    return "".join(out)


def _contents(catalog: Catalog) -> str:
    items = []
    for area in catalog.areas:
        fields = catalog.fields_of(area.number)
        sub = ""
        if fields:
            sub = "<ul>" + "".join(
                f'<li><a href="#field-{area.number}-{f.number}">({f.number}) {_e(f.title)}</a></li>'
                for f in fields
            )
            sub += "</ul>"
        items.append(
            f'<li><a href="#area-{area.number}">{area.number} {_e(area.title)}</a>{sub}</li>'
        )
    return "<ul>" + "".join(items) + "</ul>"


def stats_svg(catalog: Catalog) -> str:
    """The counts of `renkei stats` (projects and 【再掲】 per area, field, initiative) as bars."""
    from renkei_cli.overview import totals
    from renkei_cli.records import stats_rows

    rows = stats_rows(catalog)
    counts = totals(catalog)
    row_height, label_width, bar_width, top = 20, 300, 360, 28
    widest = max((row["placements"] for row in rows), default=1) or 1
    height = top + row_height * len(rows) + 8
    width = label_width + bar_width + 60
    description = "; ".join(
        f"{row['key']} {row['title']}: {row['projects']} 件"
        + (f"、再掲 {row['reposts']} 件" if row["reposts"] else "")
        for row in rows
    )
    out = [
        f'<svg class="chart" role="img" aria-labelledby="chart-title chart-desc"'
        f' viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">分野・政策分野・具体的取組ごとの連携事業の件数'
        f"（全 {counts['projects']} 件、再掲 {counts['reposts']} 件）</title>",
        f'<desc id="chart-desc">{_e(description)}</desc>',
        f'<g class="legend"><rect class="bar-projects" x="{label_width}" y="6" width="12"'
        f' height="12"/><text x="{label_width + 16}" y="16">事業</text>'
        f'<rect class="bar-reposts" x="{label_width + 60}" y="6" width="12" height="12"/>'
        f'<text x="{label_width + 76}" y="16">再掲</text></g>',
    ]
    for number, row in enumerate(rows):
        y = top + number * row_height
        title = row["title"]
        label = f"{row['key']} {title if len(title) <= 16 else title[:15] + '…'}"
        projects_width = bar_width * row["projects"] / widest
        reposts_width = bar_width * row["reposts"] / widest
        level = _e(row["level"])
        out.append(
            f'<g class="row-{level}"><text class="label" x="{label_width - 8}" y="{y + 14}"'
            f' text-anchor="end">{_e(label)}</text>'
            f'<rect class="bar-projects" x="{label_width}" y="{y + 3}"'
            f' width="{projects_width:.1f}" height="{row_height - 6}"/>'
        )
        if row["reposts"]:
            out.append(
                f'<rect class="bar-reposts" x="{label_width + projects_width:.1f}" y="{y + 3}"'
                f' width="{reposts_width:.1f}" height="{row_height - 6}"/>'
            )
        value = str(row["projects"]) + (f"+{row['reposts']}" if row["reposts"] else "")
        out.append(
            f'<text class="value" x="{label_width + projects_width + reposts_width + 6:.1f}"'
            f' y="{y + 14}">{value}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)


def render_page(loaded: LoadedCatalog, info: PageInfo) -> str:
    """The whole page as text: every data string escaped, the script allowed by its hash."""
    from renkei_cli.overview import totals

    catalog = loaded.catalog
    data = page_data(loaded)
    english = any("name_en" in project for project in data["projects"])
    script = _asset("page.js")
    style = _asset("page.css")
    csp = "; ".join(
        (
            "default-src 'none'",
            f"script-src {_csp_hash(script)}",
            f"style-src {_csp_hash(style)}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    counts = totals(catalog)
    source = catalog.source
    switch = ""
    if english:
        switch = (
            '<div class="lang-switch" hidden><button type="button" id="lang" aria-pressed="false"'
            ' lang="en">English</button></div>'
        )
    notes = ["検索用の読み仮名は renkei が付けたもので、文書の記載ではありません。"]
    if english or any("topics" in project for project in data["projects"]):
        notes.append(
            "<span lang=\"en\">English names and topics are renkei's own, not the document's."
            "</span>"
        )
    replacements = {
        "csp": _e(csp),
        "title": _e(f"{source.title}: 連携事業"),
        "version": _e(info.version),
        "style": style,
        "document": _e(source.title),
        "section": _e(source.section),
        "summary": _e(
            f"{counts['projects']} 事業・{counts['placements']} 掲載"
            f"（うち再掲 {counts['reposts']}）"
        ),
        "switch": switch,
        "contents": _contents(catalog),
        "table": _table(catalog),
        "chart": stats_svg(catalog),
        "digest": _e(info.data_digest),
        "date": _e(info.date),
        "notes": " ".join(notes),
        "data": _json_for_script(data),
        "script": script,
    }
    # One pass, so that a placeholder spelled inside the data is never substituted.
    return re.sub(r"\{\{(\w+)\}\}", lambda m: replacements[m.group(1)], _asset("page.html"))


# -- provenance, date, writing -------------------------------------------------------------


def file_digest(path: Path) -> str:
    """The sha256 of a file's bytes, hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export_date(given: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """The date the page says it was made: --date, else SOURCE_DATE_EPOCH, else today (UTC).

    Reproducible builds set SOURCE_DATE_EPOCH so that two exports of one data file are
    byte-identical.
    """
    if given is not None:
        try:
            return dt.date.fromisoformat(given).isoformat()
        except ValueError:
            raise UsageError(f"--date: not a date YYYY-MM-DD: {given!r}") from None
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise UsageError(
                f"SOURCE_DATE_EPOCH: not a number of seconds since 1970: {epoch!r}"
            ) from None
        return moment.date().isoformat()
    return dt.datetime.now(tz=dt.timezone.utc).date().isoformat()


def write_page(text: str, path: Path) -> None:
    """Write the page atomically (a temporary file beside it, renamed into place).

    Either the whole new page is there or the old file is untouched; UsageError says why not.
    """
    data = text.encode("utf-8")
    directory = path.parent
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "is a directory")
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}-", suffix=".tmp")
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            mask = os.umask(0)
            os.umask(mask)
            os.fchmod(stream.fileno(), 0o666 & ~mask)  # mkstemp's 0600 is for secrets
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def build_page(loaded: LoadedCatalog, data: str | None, date: str | None = None) -> str:
    """The page of a catalog loaded from `data` (None: the bundled file), dated `date`.

    Its search keys are the loaded catalog's search index's, built once (or read from the
    cache) exactly as for `renkei search`.
    """
    from renkei_cli import __version__
    from renkei_cli.paths import default_data_path

    day = export_date(date)
    path = Path(data) if data is not None else default_data_path()
    if loaded.data is not None:  # the bytes the page shows, not a second read that may differ
        digest = hashlib.sha256(loaded.data).hexdigest()
    else:
        try:
            digest = file_digest(path)
        except OSError as error:
            raise UsageError(f"cannot read {data or path}: {error.strerror or error}") from None
    return render_page(loaded, PageInfo(digest, __version__, day))
