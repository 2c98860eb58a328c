"""The wheel carries the data: install it into a fresh venv and run renkei from elsewhere."""

from __future__ import annotations

import json
import os
import subprocess
import venv
from pathlib import Path

import pytest


@pytest.mark.slow
def test_wheel_installs_and_runs_from_another_directory(tmp_path: Path, wheel: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    pip = [str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)]
    subprocess.run(pip, check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "RENKEI_DATA"}
    table = subprocess.run(
        [str(bin_dir / "renkei"), "list", "--area", "3"],
        cwd=elsewhere, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    assert len(table.stdout.splitlines()) == 54
    listed = subprocess.run(
        [str(bin_dir / "renkei"), "list", "--json"],
        cwd=elsewhere, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    assert len(json.loads(listed.stdout)) == 82
    assert json.loads(listed.stdout)[0]["topics"] == ["administration"]  # topics.yaml is in it
    version = subprocess.run(
        [str(bin_dir / "python"), "-m", "renkei_cli", "--version"],
        cwd=elsewhere, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    assert version.stdout.startswith("renkei ")
    # search finds a variant spelling (data/variants.yaml is in the wheel) and a typo
    # (rapidfuzz is installed as a dependency)
    searches = (("図書舘", "3-1-d-1", "variant"), ("北九州空巷", "1-c-1", "fuzzy"))
    for query, project, match in searches:
        found = subprocess.run(
            [str(bin_dir / "renkei"), "search", query, "--json"],
            cwd=elsewhere, env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        records = {r["id"]: r["match"] for r in json.loads(found.stdout)}
        assert records[project] == match
    # The HTML export's template, style and script are package files, shipped in the wheel.
    subprocess.run(
        [str(bin_dir / "renkei"), "export", "html", "-o", "page.html"],
        cwd=elsewhere, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    page = (elsewhere / "page.html").read_text(encoding="utf-8")
    assert page.count('data-id="') == 82 and "window.renkei" in page and "--bar:" in page
