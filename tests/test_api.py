"""The Python API (api.py): what a script gets is what the CLI prints."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

import renkei_cli
from renkei_cli import api
from renkei_cli.errors import AmbiguousError, UsageError

from .conftest import ROOT


@pytest.fixture(scope="module")
def loaded() -> api.LoadedCatalog:
    return api.load(use_cache=False)


def test_list_placements_is_list_json(
    loaded: api.LoadedCatalog, run_json: Callable[..., Any]
) -> None:
    assert api.list_placements(loaded, area=3, field=2) == run_json("list", "-a", "3", "-f", "2")
    assert len(api.list_placements(loaded, reposts=False)) == 77
    with pytest.raises(UsageError, match="no area 9"):
        api.list_placements(loaded, area=9)


def test_search_ranks_the_projects_the_cli_prints(
    loaded: api.LoadedCatalog, run_json: Callable[..., Any]
) -> None:
    outcome = api.search(loaded, "kuukou")
    printed = run_json("search", "kuukou")
    assert [r.placement.id for r in outcome.results] == [r["id"] for r in printed]


def test_show_is_show_json(loaded: api.LoadedCatalog, run_json: Callable[..., Any]) -> None:
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
