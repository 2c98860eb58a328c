"""The exported HTML page in a real headless Chromium: it loads offline and clean, searches
exactly like `renkei search`, its anchors land, its data stays text, and axe-core passes it.

Skipped, with one line saying why, where Chromium, chromedriver or selenium is missing;
RENKEI_REQUIRE_BROWSER=1 (set by .ci/run) turns that skip into a failure.
"""

from __future__ import annotations

import base64
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import Result

from renkei_cli import api
from renkei_cli.model import Catalog
from renkei_cli.search import FUZZY_MIN_LENGTH, parse_terms
from renkei_cli.textnorm import normalize

from .browser import AxeUnavailable, axe_core_source, start_chromium, unavailable
from .conftest import FIXTURES, ROOT

_why = unavailable()
if _why is not None:
    if os.environ.get("RENKEI_REQUIRE_BROWSER") == "1":
        raise RuntimeError(f"browser tests required but cannot run: {_why}")
    pytest.skip(f"browser tests skipped: {_why}", allow_module_level=True)

CASES = YAML(typ="safe").load((ROOT / "tests" / "search_cases.yaml").read_text("utf-8"))["cases"]
QUERIES = [case["query"] for case in CASES]
MARKUP = FIXTURES / "valid" / "markup.yaml"


def _export(run: Callable[..., Result], path: Path, *data: str) -> Path:
    result = run(*data, "export", "html", "-o", str(path), "--date", "2026-12-01")
    assert result.exit_code == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The page of the bundled data and of the markup fixture, exported by the CLI."""
    from typer.testing import CliRunner

    from renkei_cli.cli import app

    directory = tmp_path_factory.mktemp("pages")

    def run(*args: str) -> Result:
        return CliRunner().invoke(app, list(args), env={"RENKEI_DATA": None})

    return {
        "table": _export(run, directory / "renkei.html"),
        "markup": _export(run, directory / "markup.html", "--data", str(MARKUP)),
    }


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield driver
    finally:
        driver.quit()


def _open(browser: Any, page: Path, fragment: str = "") -> None:
    browser.get("about:blank")
    browser.get_log("browser")  # drain what came before this page
    browser.get_log("performance")
    browser.get(page.as_uri() + fragment)


def _requests(browser: Any) -> list[str]:
    """The URLs the page asked for since the last drain (Chrome's performance log)."""
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _shown(browser: Any, query: str) -> dict[str, Any]:
    """Type a query (as the input event does) and read what the page shows."""
    return browser.execute_script(
        """
        const input = document.getElementById("q");
        input.value = arguments[0];
        input.dispatchEvent(new Event("input", {bubbles: true}));
        const rows = [...document.querySelectorAll("li.row")].filter((r) => r.checkVisibility());
        return {
          projects: [...new Set(rows.map((r) => r.dataset.project))],
          ranked: [...document.querySelectorAll("#results a")].map((a) => a.hash.slice(1)),
          count: document.getElementById("count").textContent,
        };
        """,
        query,
    )


def test_page_loads_offline_without_console_errors(browser: Any, pages: dict[str, Path]) -> None:
    _open(browser, pages["table"])
    assert browser.execute_script("return typeof window.renkei.search") == "function"
    assert browser.get_log("browser") == []
    requests = _requests(browser)
    assert requests == [pages["table"].as_uri()], requests


def test_the_policy_forbids_network_access(browser: Any, pages: dict[str, Path]) -> None:
    _open(browser, pages["table"])
    violated = browser.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        document.addEventListener("securitypolicyviolation", (e) => done(e.violatedDirective));
        fetch("http://127.0.0.1:9/").catch(() => {});
        """
    )
    assert violated == "connect-src"
    assert not [url for url in _requests(browser) if url.startswith("http")]


def _generated_queries(catalog: Catalog) -> list[str]:
    """Queries at the edges of the rules, made from the data: per project, its name's first
    four characters with the third one wrong (a typo at exactly the fuzzy threshold), the
    second word of its reading (a word start), and its name's key in two halves (AND)."""
    queries = []
    for project in catalog.projects:
        key = normalize(project.name)
        queries.append(key[:2] + "〇" + key[3:4])
        words = (project.reading or "").split()
        if len(words) > 1:
            queries.append(words[1])
        queries.append(f"{key[: len(key) // 2]} {key[len(key) // 2 :]}")
    return queries


@pytest.mark.parametrize("queries", ["test set", "generated"])
def test_search_parity_with_the_cli(
    browser: Any,
    pages: dict[str, Path],
    run: Callable[..., Result],
    catalog: Catalog,
    queries: str,
) -> None:
    _open(browser, pages["table"])
    differ, order_differs = [], []
    chosen = QUERIES if queries == "test set" else _generated_queries(catalog)
    for query in chosen:
        result = run("search", query, "--json")
        expected = [record["id"] for record in json.loads(result.stdout)]
        shown = _shown(browser, query)
        if set(shown["projects"]) != set(expected) or len(shown["ranked"]) != len(expected):
            differ.append((query, sorted(expected), sorted(shown["projects"])))
        elif shown["ranked"] != expected:
            order_differs.append((query, expected, shown["ranked"]))
    assert differ == [], f"{len(differ)} of {len(chosen)} queries differ: {differ[:5]}"
    assert order_differs == [], f"same projects, other order: {order_differs}"


def test_the_count_is_announced_and_the_query_kept_in_the_url(
    browser: Any, pages: dict[str, Path]
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _open(browser, pages["table"])
    body = browser.find_element(By.TAG_NAME, "body")
    # The skip link, the language switch (the data has English), then the search box.
    body.send_keys(Keys.TAB, Keys.TAB, Keys.TAB)
    field = browser.switch_to.active_element
    assert field.get_attribute("id") == "q"
    field.send_keys("kuukou")
    status = browser.find_element(By.ID, "count")
    assert status.get_attribute("aria-live") == "polite"
    assert status.text == "4 件の事業が一致しました"  # the three 空港 names and, by topic, 1-e-5
    assert browser.execute_script("return location.hash") == "#q=kuukou"
    # A shared link opens with the search done.
    _open(browser, pages["table"], "#q=" + "福祉 広域".replace(" ", "%20"))
    shown = browser.execute_script("return document.getElementById('q').value")
    assert shown == "福祉 広域"
    assert _shown(browser, "福祉 広域")["count"] == browser.find_element(By.ID, "count").text


def test_javascript_normaliser_equals_python(
    browser: Any, pages: dict[str, Path], catalog: Catalog
) -> None:
    _open(browser, pages["table"])
    texts = [project.name for project in catalog.projects]
    for project in catalog.projects:
        if project.reading:
            texts += [project.reading, *project.reading.split()]
    texts += [item.title for item in (*catalog.areas, *catalog.fields, *catalog.initiatives)]
    texts += QUERIES
    got = browser.execute_script(
        "return arguments[0].map((t) => [window.renkei.normalize(t), "
        "window.renkei.romajiToHiragana(t)])",
        texts,
    )
    from renkei_cli.romaji import romaji_to_hiragana

    expected = [[normalize(text), romaji_to_hiragana(text)] for text in texts]
    wrong = [(t, e, g) for t, e, g in zip(texts, expected, got, strict=True) if e != g]
    assert wrong == [], f"{len(wrong)} of {len(texts)} texts normalise differently"
    variants = api.load().search_index().variants  # the table `renkei search` rewrites with
    terms = browser.execute_script(
        "return arguments[0].map((q) => window.renkei.parseTerms(q).map("
        "(t) => [t.text, t.key, t.kana, t.canonical]))",
        QUERIES,
    )
    python_terms = [
        [[t.text, t.key, t.kana, list(t.canonical)] for t in parse_terms(query, variants)]
        for query in QUERIES
    ]
    assert terms == python_terms


def test_javascript_normaliser_equals_python_on_every_character(
    browser: Any, pages: dict[str, Path]
) -> None:
    """Each assigned character of the Basic Multilingual Plane, alone and after a kana."""
    _open(browser, pages["table"])
    chars = [
        chr(code)
        for code in range(0x10000)
        if not 0xD800 <= code <= 0xDFFF and unicodedata.category(chr(code)) != "Cn"
    ]
    texts = chars + ["か" + char for char in chars]
    got = browser.execute_script("return arguments[0].map(window.renkei.normalize)", texts)
    wrong = [(t, normalize(t), g) for t, g in zip(texts, got, strict=True) if normalize(t) != g]
    assert wrong == [], f"{len(wrong)} of {len(texts)}: {wrong[:10]}"


def test_typo_similarity_equals_rapidfuzz(
    browser: Any, pages: dict[str, Path], catalog: Catalog
) -> None:
    from rapidfuzz import fuzz

    _open(browser, pages["table"])
    keys = [normalize(project.name) for project in catalog.projects]
    keys += [normalize(project.reading or "") for project in catalog.projects]
    needles = [
        key
        for query in QUERIES
        for word in query.split()
        if len(key := normalize(word)) >= FUZZY_MIN_LENGTH
    ]
    pairs = [(needle, key) for needle in needles for key in keys]
    got = browser.execute_script(
        "return arguments[0].map(([n, k]) => window.renkei.partialRatio(n, k))", pairs
    )
    pad = "\x00"
    wrong = [
        (needle, key, score, similarity)
        for (needle, key), similarity in zip(pairs, got, strict=True)
        if (
            score := fuzz.partial_ratio(
                needle, pad * (len(needle) - 1) + key + pad * (len(needle) - 1)
            )
        )
        != similarity
    ]
    assert wrong == [], f"{len(wrong)} of {len(pairs)} pairs: {wrong[:5]}"


def _target(browser: Any) -> dict[str, Any]:
    return browser.execute_script(
        """
        const row = document.querySelector(":target");
        const box = row.getBoundingClientRect();
        return {id: row.dataset.id, visible: row.checkVisibility(),
                inView: box.top >= -1 && box.bottom <= window.innerHeight};
        """
    )


def test_anchors_land_on_their_row(browser: Any, pages: dict[str, Path], catalog: Catalog) -> None:
    for placement_id in ("1-b-6", "3-1-g-2", "3-3-c-3", "1-a-1"):
        _open(browser, pages["table"], "#" + placement_id)
        assert _target(browser) == {"id": placement_id, "visible": True, "inView": True}
    # A row hidden by a search is shown again when a link points at it.
    _open(browser, pages["table"], "#q=空港")
    browser.execute_script("location.hash = '#3-3-a-1'")
    assert _target(browser) == {"id": "3-3-a-1", "visible": True, "inView": True}


def test_repost_links_land_on_the_primary_and_back(
    browser: Any, pages: dict[str, Path], catalog: Catalog
) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, pages["table"])
    reposts = [p for p in catalog.placements if p.repost]
    assert len(reposts) == 5
    for placement in reposts:
        row = browser.find_element(By.ID, placement.id)
        row.find_element(By.CSS_SELECTOR, "a.primary").click()
        assert _target(browser) == {"id": placement.project_id, "visible": True, "inView": True}
        primary = browser.find_element(By.ID, placement.project_id)
        primary.find_element(By.CSS_SELECTOR, f'a.other[href="#{placement.id}"]').click()
        assert _target(browser) == {"id": placement.id, "visible": True, "inView": True}


def test_markup_in_the_data_shows_as_text(browser: Any, pages: dict[str, Path]) -> None:
    _open(browser, pages["markup"])
    page = browser.execute_script(
        """
        return {
          images: document.images.length,
          scripts: document.scripts.length,
          styles: document.querySelectorAll("style").length,
          names: [...document.querySelectorAll("li.row .name")].map((n) => n.textContent),
          heading: document.querySelector("h1").firstChild.textContent,
          visible: document.querySelector("main").checkVisibility(),
        };
        """
    )
    assert page["images"] == 0 and page["scripts"] == 2 and page["styles"] == 1
    assert page["names"][:3] == [
        "<img src=x onerror=alert(1)>",
        "</script><script>alert(2)</script>",
        "&lt;already escaped&gt; &amp; {{table}}",
    ]
    assert page["heading"] == "</title><script>alert('title')</script>"
    assert page["visible"] is True
    assert _shown(browser, "img")["projects"] == ["1-a-1"]
    assert browser.get_log("browser") == []


def test_without_javascript_the_whole_table_shows(
    tmp_path_factory: pytest.TempPathFactory, pages: dict[str, Path]
) -> None:
    driver = start_chromium(tmp_path_factory.mktemp("no-script-profile"))
    try:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        driver.get(pages["table"].as_uri() + "#3-1-g-3")
        shown = driver.execute_script(  # WebDriver's own scripts still run
            "return [[...document.querySelectorAll('li.row')].filter((r) => r.checkVisibility())"
            ".length, document.querySelector('.search').checkVisibility(), typeof window.renkei]"
        )
        assert shown == [82, False, "undefined"]
        assert _target(driver) == {"id": "3-1-g-3", "visible": True, "inView": True}
    finally:
        driver.quit()


def test_printing_gives_a4_pages_of_the_whole_table_without_the_search(
    browser: Any, pages: dict[str, Path]
) -> None:
    _open(browser, pages["table"], "#q=空港")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        printed = browser.execute_script(
            "return [[...document.querySelectorAll('li.row')].filter((r) => r.checkVisibility())"
            ".length, document.querySelector('.search').checkVisibility()]"
        )
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert printed == [82, False]
    pdf = base64.b64decode(
        browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"]
    )
    boxes = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf))
    assert {(round(float(w) / 72 * 25.4), round(float(h) / 72 * 25.4)) for w, h in boxes} == {
        (210, 297)
    }


@pytest.fixture(scope="module")
def axe_script(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """axe-core from the npm registry, kept in pytest's cache directory after the first run."""
    cache = getattr(request.config, "cache", None)
    directory = cache.mkdir("axe-core") if cache is not None else tmp_path_factory.mktemp("axe")
    try:
        return axe_core_source(directory)
    except AxeUnavailable as why:
        if os.environ.get("RENKEI_REQUIRE_BROWSER") == "1":
            raise
        pytest.skip(f"axe-core tests skipped: {why}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation(
    browser: Any, pages: dict[str, Path], axe_script: str, scheme: str
) -> None:
    _open(browser, pages["table"])
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
    )
    try:
        _shown(browser, "福祉")  # with results and a count on screen
        browser.execute_script(axe_script)
        report = browser.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document).then((r) => done({violations: r.violations.map((v) => "
            "({id: v.id, impact: v.impact, nodes: v.nodes.length})), passes: r.passes.length}))"
        )
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    serious = [v for v in report["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], report["violations"]
    assert report["passes"] > 10  # axe ran its rules at all


def test_screenshot(browser: Any, pages: dict[str, Path], tmp_path: Path) -> None:
    """A picture of the page mid-search; RENKEI_SCREENSHOT=docs/html-export.png updates the
    README's."""
    _open(browser, pages["table"], "#q=kuukou")
    browser.set_window_size(1100, 1000)
    target = Path(os.environ.get("RENKEI_SCREENSHOT") or tmp_path / "page.png")
    assert browser.save_screenshot(str(target))
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
