"""The language of the human views (`--lang en|ja`, RENKEI_LANG): which titles and names they show.

Records always carry both languages (`name` and `name_en` ...); machine formats print them as
they are. For the human views in English, `english_record` puts the English in the keys the
views read (`name`, `area_title`, `title` ...) and `chrome` gives the few words of the views
themselves that are Japanese by default (再掲, the brackets of the tree).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from renkei_cli.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from renkei_cli.api import LoadedCatalog
    from renkei_cli.model import Catalog, SourceInfo
    from renkei_cli.output import Column, Format
    from renkei_cli.terminal import Environment

JA, EN = "ja", "en"
LANGS = (JA, EN)
# The keys whose English sits beside them as KEY_en in every record that has them.
TRANSLATED_KEYS = (
    *("name", "area_title", "field_title", "initiative_title", "theme", "title"),
    *("why", "reasons"),  # renkei's topics in `show`
)


class Chrome(NamedTuple):
    """The words of the views themselves, per language (glossary: 再掲 is "listed again")."""

    repost: str  # a count of 【再掲】 placements, a column header
    repost_mark: str  # after a 【再掲】 placement in `show`
    repost_pointer: str  # a 【再掲】 placement in the tree: {id} is its primary
    theme: str  # a theme after a name in the tree
    theme_joiner: str  # between an initiative's title and its theme
    term_joiner: str  # between shared terms


CHROME = {
    JA: Chrome("再掲", " 【再掲】", " 【再掲 → {id}】", " （{theme}）", "－", "、"),
    EN: Chrome(
        "listed again", " [listed again]", " [listed again → {id}]", " ({theme})", " - ", ", "
    ),
}


def chrome(lang: str) -> Chrome:
    """The view words of a language (Japanese for any unknown one)."""
    return CHROME.get(lang, CHROME[JA])


def require_english(catalog: Catalog, shown: str | None) -> None:
    """UsageError unless the catalog has English to show (a data file may have none)."""
    if not catalog.has_english:
        where = f"the data file {shown}" if shown else "the data file"
        raise UsageError(
            f"--lang en: {where} has no English (title_en, name_en, theme_en); "
            "use --lang ja or add the English"
        )


def english_record(record: dict[str, Any]) -> dict[str, Any]:
    """A copy of a record with the English in the keys the views read, nested records too.

    A key whose English is missing (null) keeps its Japanese: a view never shows a blank.
    """
    english: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            value = english_record(value)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            value = [english_record(item) for item in value]
        english[key] = value
    for key in TRANSLATED_KEYS:
        translated = record.get(f"{key}_en")
        if translated is not None and key in record:
            english[key] = translated
    if "breadcrumb" in english:
        from renkei_cli.records import breadcrumb

        english["breadcrumb"] = breadcrumb(english, chrome(EN).theme_joiner)
    return english


def require_language(loaded: LoadedCatalog, lang: str, shown: str | None) -> LoadedCatalog:
    """The loaded file, if it has the language asked: --lang en on a file without English is a
    usage error, whatever the command and format."""
    if lang == EN:
        require_english(loaded.catalog, shown)
    return loaded


def view_lang(lang: str, fmt: Format, env: Environment) -> str:
    """The language a view is written in: `lang`, except that JSON, JSONL and YAML carry both
    languages as they are (JA: no key is swapped)."""
    from renkei_cli.output import Format, resolve_format

    machine = resolve_format(fmt, env) in (Format.JSON, Format.JSONL, Format.YAML)
    return EN if lang == EN and not machine else JA


def localized(record: dict[str, Any], lang: str) -> dict[str, Any]:
    """A record as a view in `lang` shows it (the English in the keys the views read)."""
    return english_record(record) if lang == EN else record


def in_english(
    records: Sequence[dict[str, Any]], columns: Sequence[Column]
) -> tuple[list[dict[str, Any]], tuple[Column, ...]]:
    """The records and columns of a flat view (table, TSV, CSV, Markdown) in English."""
    from renkei_cli.views import english_columns

    return [english_record(r) for r in records], english_columns(columns)


def source_heading(source: SourceInfo, lang: str) -> str:
    """The document's title and section in a language (the Japanese where English is missing)."""
    if lang == EN:
        return f"{source.title_en or source.title} {source.section_en or source.section}"
    return f"{source.title} {source.section}"


def show_record(loaded: LoadedCatalog, text: str, lang: str) -> dict[str, Any]:
    """`api.show`; in English, several matching projects are listed by their English names."""
    from renkei_cli import api
    from renkei_cli.errors import AmbiguousError

    try:
        return api.show(loaded, text)
    except AmbiguousError as error:
        if lang == EN:
            projects = (loaded.catalog.project(c.split(" ", 1)[0]) for c in error.candidates)
            error.candidates = [f"{p.id} {p.name_en or p.name}" for p in projects if p]
        raise
