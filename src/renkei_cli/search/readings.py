"""Every project's reading as one normalised text, matched from word starts."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from renkei_cli.model import Project
from renkei_cli.textnorm import fold_long_vowels, normalize, segment_starts

WORD_BREAK = "|"  # separates the words of a reading: kept by normalize(), never in a kana key
PROJECT_BREAK = "\ufffc"  # separates projects: kept by normalize(), never in a key of typed text


class Readings:
    """Every project's reading as one normalised text, matched from word starts by a regex.

    The text is `P w|w|w P w|w P ...` (P = U+FFFC, one | per space of the reading). A kana
    key matches where its first character follows a separator and the rest follows with
    separators allowed between characters, so it may run on over the next words
    (やかんちゅがっこ matches やかん|ちゅがっこ) but never starts inside a word.
    """

    def __init__(self, projects: Sequence[Project], text: str | None = None) -> None:
        self.projects = projects
        self._cross: tuple[str, list[int], list[int]] | None = None
        if text is not None:  # from the cache: the text this constructor made before
            self.text = text
            self._index_starts(len(projects))
            return
        readings = [project.reading or "" for project in projects]
        joined = PROJECT_BREAK.join(readings)
        if joined.count(PROJECT_BREAK) != len(readings) - 1:  # a reading holding the separator
            joined = PROJECT_BREAK.join(reading.replace(PROJECT_BREAK, "") for reading in readings)
        joined = re.sub(
            r"\s+", WORD_BREAK, joined.replace(WORD_BREAK, "")
        )  # words as split() sees them
        # no word break next to a project break
        edges = f"\\{WORD_BREAK}*{PROJECT_BREAK}\\{WORD_BREAK}*"
        joined = re.sub(edges, PROJECT_BREAK, f"{PROJECT_BREAK}{joined}{PROJECT_BREAK}")
        self.text = normalize(joined)
        self._index_starts(len(readings))

    def _index_starts(self, count: int) -> None:
        """Where each project's reading starts in the text (one separator before each)."""
        self.starts: list[int] = []
        position = 0
        for _ in range(count):
            position = self.text.index(PROJECT_BREAK, position) + 1
            self.starts.append(position)
        self.starts.append(len(self.text))

    def words(self, index: int) -> list[str]:
        """The words of one project's reading, as written."""
        reading = (
            (self.projects[index].reading or "").replace(WORD_BREAK, "").replace(PROJECT_BREAK, "")
        )
        return reading.split()

    def find(self, kana: str) -> dict[int, tuple[int, int, float]]:
        """Per matching project: the first and last word matched, and the match's quality."""
        first = re.escape(kana[0])
        rest = "".join(f"\\{WORD_BREAK}*{re.escape(char)}" for char in kana[1:])
        pattern = re.compile(f"{first}(?<=[{WORD_BREAK}{PROJECT_BREAK}]{first}){rest}")
        found = self._find_in(pattern, self.text, self.starts, None)
        cross_text, cross_starts, owners = self._across_words()
        if owners:
            for index, hit in self._find_in(pattern, cross_text, cross_starts, owners).items():
                found.setdefault(index, hit)
        return found

    def _across_words(self) -> tuple[str, list[int], list[int]]:
        """The readings whose vowel length folds differently across a word break, folded as
        one text would be (built on first use): (text, starts, project of each).

        A typed word is folded as a whole: ちいきいりょう gives ちきりょ, dropping the い that
        starts いりょう after ちいき. The readings are folded word by word (ちき|いりょ), so each
        reading where a word starts with a vowel that the word before would lengthen is also
        kept folded across its breaks (ちき|りょ), and a term may match either form.
        """
        if self._cross is None:
            texts: list[str] = []
            owners: list[int] = []
            candidates = re.finditer(
                f"[^{WORD_BREAK}{PROJECT_BREAK}]\\{WORD_BREAK}[あいうえお]", self.text
            )
            for index in sorted(
                {bisect.bisect_right(self.starts, m.start()) - 1 for m in candidates}
            ):
                words = self.text[self.starts[index] : self.starts[index + 1] - 1].split(WORD_BREAK)
                folded = [words[0]]
                for word in words[1:]:
                    previous = next((w[-1] for w in reversed(folded) if w), "")
                    folded.append(fold_long_vowels(previous + word)[len(previous) :])
                if folded != words:
                    texts.append(WORD_BREAK.join(folded))
                    owners.append(index)
            text = PROJECT_BREAK + PROJECT_BREAK.join(texts) + PROJECT_BREAK
            starts = [0] * len(texts)
            position = 0
            for number in range(len(texts)):
                position = text.index(PROJECT_BREAK, position) + 1
                starts[number] = position
            self._cross = (text, [*starts, len(text)], owners)
        return self._cross

    def across_by_project(self) -> list[str]:
        """Per project, its reading folded across word breaks where that differs, else ""."""
        text, starts, owners = self._across_words()
        found = [""] * len(self.projects)
        for position, index in enumerate(owners):
            found[index] = text[starts[position] : starts[position + 1] - 1]
        return found

    def _find_in(
        self, pattern: re.Pattern[str], text: str, starts: list[int], owners: list[int] | None
    ) -> dict[int, tuple[int, int, float]]:
        found: dict[int, tuple[int, int, float]] = {}
        for match in pattern.finditer(text):
            position = bisect.bisect_right(starts, match.start()) - 1
            index = owners[position] if owners is not None else position
            if index in found:
                continue
            start, end = starts[position], starts[position + 1] - 1
            length = (end - start) - text.count(WORD_BREAK, start, end)
            first_word = text.count(WORD_BREAK, start, match.start())
            last_word = text.count(WORD_BREAK, start, match.end() - 1)
            quality = 0.6 * len(match.group().replace(WORD_BREAK, "")) / max(length, 1) + 0.4 * (
                first_word == 0
            )
            found[index] = (first_word, last_word, quality)
        return found

    def keys(self) -> list[str]:
        """Each project's reading key, its words run together (for fuzzy matching)."""
        return self.text[1:-1].replace(WORD_BREAK, "").split(PROJECT_BREAK)

    def key_of(self, index: int) -> tuple[str, list[int]]:
        """One project's reading key, and where each of its words starts in it."""
        keys = self.text[self.starts[index] : self.starts[index + 1] - 1].split(WORD_BREAK)
        return "".join(keys), list(segment_starts(keys))
