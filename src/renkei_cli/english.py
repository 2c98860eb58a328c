"""The project's English in a data file: what a valid English text is, and when it is required.

The English (`title_en`, `name_en`, `theme_en`, and the source's `title_en`, `section_en`,
`english_note`) is this project's own, unofficial translation. The builder reads each key
through `EnglishCheck.read`, which validates the text; `EnglishCheck.finish` then applies the
file-wide rules: a file with any English has it for every title, name and theme, one theme has
one English, and no two projects share an English name.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from renkei_cli.builder import NodeReader

# Japanese script and Japanese/full-width punctuation: CJK symbols and punctuation (「」、。),
# hiragana, katakana (with ・ and ー), katakana extensions, CJK ideographs (with extension A and
# compatibility ideographs), half-width and full-width forms (（）ＡＢ ｶﾅ).
JAPANESE_SCRIPT = re.compile(
    "[\u3000-\u303f\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
# Beyond printable ASCII (curly quotes, dashes, macrons): not typeable, so not searchable.
_NON_ASCII = re.compile(r"[^\x20-\x7e]")


def has_japanese(text: str) -> bool:
    """Tell whether a text holds any Japanese script or full-width form."""
    return JAPANESE_SCRIPT.search(text) is not None


def english_text_problem(text: str) -> str | None:
    """What is wrong with an English title or name, or None: plain typeable ASCII, no Japanese
    script, sentence case (a capital, digit or quote first), no double space, no final period."""
    if found := JAPANESE_SCRIPT.search(text):
        return f"has Japanese script '{found.group()}': English only"
    if found := _NON_ASCII.search(text):
        return f"has the non-ASCII character {found.group()!r}: plain ASCII only"
    if "  " in text:
        return "has a double space"
    if text.endswith("."):
        return "ends with a period (titles and names have none)"
    if not (text[0].isupper() or text[0].isdigit() or text[0] == '"'):
        return f"starts with '{text[0]}': sentence case starts with a capital"
    return None


class _Slot(NamedTuple):
    """One place that takes English: what it is, its Japanese text's node, and its English."""

    what: str
    ja_node: Any
    key: str
    english: str | None
    english_node: Any


class EnglishCheck:
    """Collects every place that takes English while the builder walks the file."""

    def __init__(self) -> None:
        self.slots: list[_Slot] = []

    def read(
        self, reader: NodeReader, keys: dict[str, Any], key: str, ja_key: str, what: str
    ) -> str | None:
        """The English under `key` beside `ja_key` (None if absent or invalid), recorded."""
        node = keys.get(key)
        value = reader.string(node, f"{what} English ({key})") if node is not None else None
        if node is not None and value is not None and (problem := english_text_problem(value)):
            reader.problem(node, f"{what} English ({key}) '{value}' {problem}")
            value = None
        if ja_key in keys:
            self.slots.append(_Slot(what, keys[ja_key], key, value, node))
        return value

    def finish(self, reader: NodeReader) -> None:
        """The file-wide rules: all or nothing, one theme one English, unique project names."""
        present = [slot for slot in self.slots if slot.english_node is not None]
        if not present:
            return
        first = present[0]
        for slot in self.slots:
            if slot.english_node is None:
                reader.problem(
                    slot.ja_node,
                    f"{slot.what} has no English: add '{slot.key}:' after it (the file has "
                    f"English, first at line {first.english_node.line}, so every title, name "
                    "and theme needs it)",
                )
        themes: dict[str, tuple[str, int]] = {}
        names: dict[str, int] = {}
        for slot in present:
            if slot.english is None:
                continue
            if slot.key == "theme_en":
                theme = slot.ja_node.value
                earlier = themes.setdefault(theme, (slot.english, slot.english_node.line))
                if earlier[0] != slot.english:
                    reader.problem(
                        slot.english_node,
                        f"theme '{theme}' is '{earlier[0]}' in English at line {earlier[1]}: "
                        "one theme, one English",
                    )
            elif slot.key == "name_en":
                folded = slot.english.casefold()
                if folded in names:
                    reader.problem(
                        slot.english_node,
                        f"English name '{slot.english}' is already the English of the project "
                        f"at line {names[folded]}: each project needs its own",
                    )
                names.setdefault(folded, slot.english_node.line)
