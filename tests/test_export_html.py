"""`renkei export html` without a browser: the file, its structure, its policy, its escaping.

The page parsed as HTML (as it is before any script runs) must hold the whole table; the
browser tests (test_html_browser.py) check what its script does.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import os
import re
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from renkei_cli import __version__
from renkei_cli.api import LoadedCatalog
from renkei_cli.export import html as export
from renkei_cli.model import Catalog, Project
from renkei_cli.records import stats_rows

from .clitools import process_env, pty_unavailable, run_in_pty, run_piped
from .conftest import DATA, FIXTURES

Run = Callable[..., Result]
DATE = ("--date", "2026-12-01")
MARKUP = FIXTURES / "valid" / "markup.yaml"


class Page(HTMLParser):
    """The parts of the page the tests look at, as an HTML parser sees them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[dict[str, str]] = []  # the attributes of each li.row
        self.tags: list[str] = []
        self.metas: list[dict[str, str]] = []
        self.links: dict[str, list[tuple[str, str]]] = {}  # row id -> (class, href) of its links
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.styles: list[str] = []
        self.names: list[str] = []  # the text of each .name span, in order
        self.names_en: list[str] = []  # the text of each English .name span (.name.en)
        self.svg_text: dict[str, str] = {}
        self._row: str | None = None
        self._capture: str | None = None
        self._buffer: list[str] = []
        self._attrs: dict[str, str] = {}
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        self.tags.append(tag)
        classes = values.get("class", "").split()
        if tag == "meta":
            self.metas.append(values)
        elif tag == "li" and "row" in classes:
            self.rows.append(values)
            self._row = values["id"]
            self.links[self._row] = []
        elif tag == "a" and self._row is not None:
            self.links[self._row].append((values.get("class", ""), values["href"]))
        if tag in ("script", "style", "title", "desc") or (tag == "span" and "name" in classes):
            self._capture, self._buffer, self._attrs = tag, [], values

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self._row is not None:
            self._row = None
        if self._capture is None:
            return
        text = "".join(self._buffer)
        if tag == "script":
            self.scripts.append((self._attrs, text))
        elif tag == "style":
            self.styles.append(text)
        elif tag in ("title", "desc"):
            self.svg_text[self._attrs.get("id", tag)] = text
        elif tag == "span" and self._capture == "span":
            english = "en" in self._attrs.get("class", "").split()
            (self.names_en if english else self.names).append(text)
        self._capture = None

    def handle_data(self, data: str) -> None:
        if self._capture is not None:
            self._buffer.append(data)

    def data(self) -> Any:
        return json.loads(next(t for a, t in self.scripts if a.get("id") == "renkei-data"))


def _export(run: Run, path: Path, *options: str) -> str:
    result = run(*options, "export", "html", "-o", str(path), *DATE)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    from typer.testing import CliRunner

    from renkei_cli.cli import app

    path = tmp_path_factory.mktemp("export") / "renkei.html"
    result = CliRunner().invoke(app, ["export", "html", "-o", str(path), *DATE])
    assert result.exit_code == 0, result.stderr
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page(page_text: str) -> Page:
    return Page(page_text)


def test_every_placement_is_in_the_html_in_document_order(page: Page, catalog: Catalog) -> None:
    assert [row["data-id"] for row in page.rows] == [p.id for p in catalog.placements]
    assert len(page.rows) == 82
    assert all(row["id"] == row["data-id"] for row in page.rows)
    projects = {p.id: catalog.project_of(p).id for p in catalog.placements}
    assert {row["id"]: row["data-project"] for row in page.rows} == projects
    assert page.names == [catalog.project_of(p).name for p in catalog.placements]
    assert page.names_en == [catalog.project_of(p).name_en for p in catalog.placements]


def test_reposts_link_to_the_primary_which_lists_its_other_places(
    page: Page, catalog: Catalog
) -> None:
    for placement in catalog.placements:
        links = page.links[placement.id]
        others = [p.id for p in catalog.placements_of(placement.project_id) if p != placement]
        if placement.repost:
            assert ("primary", f"#{placement.project_id}") in links
        else:
            assert [href for kind, href in links if kind == "other"] == [f"#{i}" for i in others]
    assert sum(1 for row in page.rows if "repost" in row["class"]) == 5


def test_the_policy_allows_no_network_and_only_the_inline_script(page: Page) -> None:
    policy = next(
        m["content"] for m in page.metas if m.get("http-equiv") == "Content-Security-Policy"
    )
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    (script,) = [text for attrs, text in page.scripts if "type" not in attrs]
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    style_digest = base64.b64encode(hashlib.sha256(page.styles[0].encode()).digest()).decode()
    assert directives == {
        "default-src": "'none'",
        "script-src": f"'sha256-{digest}'",
        "style-src": f"'sha256-{style_digest}'",
        "img-src": "data:",
        "base-uri": "'none'",
        "form-action": "'none'",
    }
    assert not {"img", "iframe", "link", "object", "embed"} & set(page.tags)


def test_the_page_is_small_and_names_no_network_address(page_text: str) -> None:
    assert len(page_text.encode("utf-8")) < export.MAX_PAGE_BYTES
    addresses = re.findall(r"(?:https?:)?//[\w.-]+", page_text)
    assert set(addresses) <= {"http://www.w3.org"}  # the SVG namespace, not a request


def test_the_footer_names_source_digest_version_and_date(page_text: str) -> None:
    digest = hashlib.sha256(DATA.read_bytes()).hexdigest()
    assert f'<code class="digest">{digest}</code>' in page_text
    assert f'renkei {__version__}、<time datetime="2026-12-01">' in page_text
    assert "北九州都市圏域連携中枢都市圏ビジョン V 連携協約に基づき推進する具体的取組" in page_text


def test_the_chart_has_the_counts_of_stats(page: Page, page_text: str, catalog: Catalog) -> None:
    rows = stats_rows(catalog)
    assert page_text.count('<text class="value"') == len(rows)
    assert "77 件、再掲 5 件" in page.svg_text["chart-title"]
    for row in rows:
        assert f"{row['key']} {row['title']}: {row['projects']} 件" in page.svg_text["chart-desc"]
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in page_text


def test_the_search_keys_are_those_of_the_cli(page: Page, catalog: Catalog) -> None:
    data = page.data()
    keys = data["keys"]
    assert [p["id"] for p in data["projects"]] == [p.id for p in catalog.projects]
    assert len(keys["names"]) == len(keys["readings"]) == len(keys["sources"]) == 77
    assert keys["readings"][9] == "きたきゅしゅ|くこ|の|ぶつりゅ|きょてん|か"  # 1-c-1
    assert keys["fuzzyThreshold"] == 75.0
    assert ["取り組み", "取組"] in keys["variants"]
    assert data["projects"][9]["name_en"] == "Developing Kitakyushu Airport as a logistics hub"


def test_the_page_searches_with_the_data_files_own_variants(tmp_path: Path, run: Run) -> None:
    """The page's keys come from the index `renkei search` uses, so a data file's own
    `variants:` reach the page too (ロジスティクス拠点 finds 1-c-1 there only by them)."""
    own = tmp_path / "own.yaml"
    bundled = DATA.read_text(encoding="utf-8")
    own.write_text(bundled + "variants:\n  - [物流拠点, ロジスティクス拠点]\n", encoding="utf-8")
    keys = Page(_export(run, tmp_path / "own.html", "--data", str(own))).data()["keys"]
    assert ["ろじすてぃくす拠点", "物流拠点"] in keys["variants"]
    assert ["取り組み", "取組"] in keys["variants"]  # with data/variants.yaml's


def test_casefold_exceptions_cover_every_plane() -> None:
    folded = {c for c in map(chr, range(sys.maxunicode + 1)) if c.casefold() != c.lower()}
    assert folded == set(export.casefold_exceptions())


def test_markup_in_the_data_is_text(tmp_path: Path, run: Run) -> None:
    text = _export(run, tmp_path / "markup.html", "--data", str(MARKUP))
    page = Page(text)
    assert page.names[:3] == [
        "<img src=x onerror=alert(1)>",
        "</script><script>alert(2)</script>",
        "&lt;already escaped&gt; &amp; {{table}}",
    ]
    assert "img" not in page.tags and len(page.scripts) == 2 and len(page.styles) == 1
    assert page.data()["projects"][0]["name"] == "<img src=x onerror=alert(1)>"
    assert "<img" not in text and "</script><script>" not in text


def test_english_names_bring_a_language_switch(catalog: Catalog) -> None:
    """A project that carries `name_en` shows it, switchable; a file without English has no
    switch."""

    def named(english: Callable[[Project], str | None]) -> Catalog:
        projects = tuple(dataclasses.replace(p, name_en=english(p)) for p in catalog.projects)
        return dataclasses.replace(catalog, projects=projects)

    info = export.PageInfo("0" * 64, __version__, "2026-12-01")
    english = named(lambda p: f"Project {p.id}")
    with_english = export.render_page(LoadedCatalog(english, use_cache=False), info)
    without = export.render_page(LoadedCatalog(named(lambda p: None), use_cache=False), info)
    assert 'id="lang"' in with_english and 'id="lang"' not in without
    assert '<span class="name en" lang="en">Project 1-c-1</span>' in with_english
    assert Page(with_english).data()["projects"][9]["name_en"] == "Project 1-c-1"


def test_stdout_in_a_pipe_is_the_same_page(tmp_path: Path, run: Run) -> None:
    written = _export(run, tmp_path / "page.html")
    piped = run_piped("export", "html", *DATE)
    assert (piped.returncode, piped.stderr) == (0, "")
    assert piped.stdout.decode("utf-8") == written


def test_source_date_epoch_makes_exports_reproducible() -> None:
    env = process_env(SOURCE_DATE_EPOCH="1764547200")  # 2025-12-01 00:00 UTC
    first, second = run_piped("export", "html", env=env), run_piped("export", "html", env=env)
    assert first.returncode == 0 and first.stdout == second.stdout
    assert b'<time datetime="2025-12-01">' in first.stdout


@pytest.mark.skipif(pty_unavailable() is not None, reason=str(pty_unavailable()))
def test_a_terminal_is_refused() -> None:
    done = run_in_pty("export", "html")
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.startswith("renkei: error: the page is HTML, not for a terminal")
    assert done.stderr.count("\n") == 1


def test_an_existing_file_is_replaced_whole(tmp_path: Path, run: Run) -> None:
    target = tmp_path / "page.html"
    target.write_text("old", encoding="utf-8")
    text = _export(run, target)
    assert text.startswith("<!DOCTYPE html>") and text.endswith("</html>\n")
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no temporary file left


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "{tmp}/missing/page.html"], "cannot write {tmp}/missing/page.html: "),
        (["-o", "{tmp}"], "cannot write {tmp}: "),
        (["--date", "1 Dec"], "--date: not a date YYYY-MM-DD: '1 Dec'"),
    ],
)
def test_bad_output_or_date_is_one_line(
    tmp_path: Path, run: Run, args: list[str], message: str
) -> None:
    result = run("export", "html", *(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("renkei: error: " + message.format(tmp=tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_a_bad_source_date_epoch_is_one_line(run: Run) -> None:
    result = run("export", "html", env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert result.exit_code == 2
    assert result.stderr == (
        "renkei: error: SOURCE_DATE_EPOCH: not a number of seconds since 1970: 'yesterday'\n"
    )


def test_a_failed_write_keeps_the_old_file(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "page.html"
    target.write_text("old", encoding="utf-8")

    def full(descriptor: int) -> None:  # a full disk often shows only when data is flushed
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = run("export", "html", "-o", str(target))
    monkeypatch.undo()
    assert result.exit_code == 2
    assert result.stderr == f"renkei: error: cannot write {target}: No space left on device\n"
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_the_export_module_is_a_library_without_heavy_imports() -> None:
    from .test_imports import imported_by

    loaded = imported_by("import renkei_cli.export.html")
    assert not loaded & {"typer", "click", "rich", "ruamel", "rapidfuzz"}


def test_the_page_carries_the_english_marked_as_the_projects_own(page_text: str) -> None:
    assert '<span class="en" lang="en">Initiatives aiming at the decarbonisation of society' in (
        page_text
    )
    assert "English names and topics are renkei's own, not the document's." in page_text
    english = Page(page_text).data()["keys"]["english"]
    words = ["a", "airport", "as", "developing", "hub", "kitakyushu", "logistic"]
    assert english[9][:3] == [words, "developing", 7]  # 1-c-1: its name, folded


def test_the_digest_is_of_the_bytes_the_page_shows(tmp_path: Path) -> None:
    """A data file saved again after loading must not lend the page the new file's digest."""
    from renkei_cli import api
    from renkei_cli.export import html as page_module

    data = tmp_path / "data.yaml"
    original = DATA.read_bytes()
    data.write_bytes(original)
    loaded = api.load(data, use_cache=False)
    data.write_bytes(original + b"\n# edited while the export ran\n")
    page = page_module.build_page(loaded, str(data), "2026-12-01")
    assert f'<code class="digest">{hashlib.sha256(original).hexdigest()}</code>' in page
