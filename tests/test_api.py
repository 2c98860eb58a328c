"""The Python API (docs/api.md): what it returns is what the commands print, its examples run,
its names are public and typed, and importing the package stays cheap."""

from __future__ import annotations

import doctest
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import renkei_cli
from renkei_cli import api
from renkei_cli.api import LoadedCatalog
from renkei_cli.errors import AmbiguousError, UsageError

from .conftest import DATA, FIXTURES, ROOT

RunJson = Callable[..., Any]


@pytest.fixture(scope="module")
def loaded() -> LoadedCatalog:
    return renkei_cli.load(DATA, use_cache=False)


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"area": 3},
        {"area": 3, "field": 1},
        {"area": 1, "initiative": "b"},
        {"reposts": False},
    ],
)
def test_list_records_are_the_json_of_renkei_list(
    loaded: LoadedCatalog, run_json: RunJson, filters: dict[str, Any]
) -> None:
    args = []
    for name, value in filters.items():
        args += ["--no-reposts"] if name == "reposts" else [f"--{name}", str(value)]
    assert [row.to_record() for row in loaded.list(**filters)] == run_json("list", *args)


@pytest.mark.parametrize("query", ["くうこう", "kuukou", "北九州空巷", "福祉 広域", "環境"])
def test_search_records_are_the_json_of_renkei_search(
    loaded: LoadedCatalog, run_json: RunJson, query: str
) -> None:
    hits = loaded.search(query)
    assert hits.to_records() == run_json("search", *query.split())
    assert [hit.to_record() for hit in hits] == hits.to_records()
    assert hits.total == len(hits) > 0


def test_search_limit_and_filters_are_those_of_the_command(
    loaded: LoadedCatalog, run_json: RunJson
) -> None:
    hits = loaded.search("環境", limit=2, area=3)
    assert hits.to_records() == run_json("search", "環境", "--limit", "2", "--area", "3")
    assert len(hits) == 2 < hits.total


@pytest.mark.parametrize(
    "query", ["1-c-1", "3(1)g2", "物流拠点", "北九州市U・Iターン応援プロジェクト"]
)
def test_show_record_is_the_json_of_renkei_show(
    loaded: LoadedCatalog, run_json: RunJson, query: str
) -> None:
    assert loaded.show(query).to_record() == run_json("show", query)


def test_a_hit_and_a_shown_project_carry_their_placements_list_records(
    loaded: LoadedCatalog,
) -> None:
    by_id = {row.id: row for row in loaded.list()}
    hit = loaded.search("くうこう")[0]
    assert hit.placement == by_id[hit.id]
    shown = loaded.show("1-e-3")
    assert shown.id == "3-2-e-2"
    assert shown.placements == (by_id["1-e-3"], by_id["3-2-e-2"])


def test_records_are_fresh_copies(loaded: LoadedCatalog) -> None:
    row = loaded.list()[0]
    record = row.to_record()
    record["pages"].append(99)
    record["name"] = "changed"
    assert row.to_record()["pages"] == [30, 39]
    assert row.name != "changed"


def test_any_is_search_any(loaded: LoadedCatalog, run_json: RunJson) -> None:
    every = loaded.search("子育て 半導体")
    some = loaded.search("子育て 半導体", any=True)
    assert some.to_records() == run_json("search", "子育て", "半導体", "--any")
    assert len(every) == 0 < len(some) == every.any_total
    assert every.no_match_message().endswith(f"--any finds {len(some)}")


def test_list_by_topic_is_list_topic(loaded: LoadedCatalog, run_json: RunJson) -> None:
    rows = loaded.list(topic="airport")
    assert [row.to_record() for row in rows] == run_json("list", "--topic", "airport")
    assert rows and all("airport" in row.to_record()["topics"] for row in rows)


def test_a_bad_data_file_raises_one_error_with_every_located_problem() -> None:
    with pytest.raises(renkei_cli.DataError) as raised:
        renkei_cli.load(FIXTURES / "invalid" / "many_problems.yaml")
    problems = raised.value.problems
    assert len(problems) > 1
    assert all(isinstance(p, renkei_cli.Problem) and p.line > 0 for p in problems)
    assert raised.value.lines()[0].startswith(str(FIXTURES / "invalid" / "many_problems.yaml"))


def test_load_uses_the_command_lines_cache(isolated_cache: Path) -> None:
    renkei_cli.load(DATA)
    assert list(isolated_cache.glob("catalog-*.pickle"))


def test_the_documentation_examples_run() -> None:
    failures, tried = doctest.testfile(
        str(ROOT / "docs" / "api.md"),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        raise_on_error=False,
    )
    assert tried > 20
    assert failures == 0


def test_every_public_name_is_importable_and_documented() -> None:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for name in renkei_cli.__all__:
        assert getattr(renkei_cli, name) is not None
        assert f"`{name}`" in text or name == "__version__"
    assert set(renkei_cli.__all__) <= set(dir(renkei_cli))
    with pytest.raises(AttributeError):
        _ = renkei_cli.no_such_name  # type: ignore[attr-defined]


@pytest.mark.slow
def test_the_wheel_ships_py_typed(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        assert "renkei_cli/py.typed" in archive.namelist()


def test_importing_the_package_imports_none_of_its_modules() -> None:
    probe = "import sys, renkei_cli; print(sorted(m for m in sys.modules if 'renkei' in m))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.replace("'", '"')) == ["renkei_cli"]


# -- the record-returning functions the commands call ------------------------------------


def test_list_placements_is_list_json(loaded: LoadedCatalog, run_json: Callable[..., Any]) -> None:
    assert api.list_placements(loaded, area=3, field=2) == run_json("list", "-a", "3", "-f", "2")
    assert len(api.list_placements(loaded, reposts=False)) == 77
    with pytest.raises(UsageError, match="no area 9"):
        api.list_placements(loaded, area=9)


def test_search_ranks_the_projects_the_cli_prints(
    loaded: LoadedCatalog, run_json: Callable[..., Any]
) -> None:
    outcome = api.search(loaded, "kuukou")
    printed = run_json("search", "kuukou")
    assert [r.placement.id for r in outcome.results] == [r["id"] for r in printed]


def test_show_is_show_json(loaded: LoadedCatalog, run_json: Callable[..., Any]) -> None:
    assert api.show(loaded, "3(1)g2") == run_json("show", "3(1)g2")
    with pytest.raises(AmbiguousError):
        api.show(loaded, "空港")


def test_the_package_reexports_the_api_lazily() -> None:
    assert renkei_cli.load is api.load
    probe = (
        "import sys, renkei_cli; assert 'renkei_cli.api' not in sys.modules; "
        "renkei_cli.list_placements; assert 'renkei_cli.api' in sys.modules; print('ok')"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert done.stdout.strip() == "ok", done.stderr
