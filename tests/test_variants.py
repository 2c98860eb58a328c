"""data/variants.yaml: the bundled table loads, and a broken one is refused with located errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from renkei_cli import cache
from renkei_cli.errors import DataError
from renkei_cli.paths import default_variants_path
from renkei_cli.variants import load_variants

from .conftest import ROOT


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "variants.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_table_loads_every_group() -> None:
    groups = load_variants()
    assert default_variants_path() == ROOT / "data" / "variants.yaml"
    assert ("取組", "取り組み", "取組み") in groups
    assert ("館", "舘") in groups
    assert all(len(group) >= 2 for group in groups)
    assert len(groups) == 19


def test_a_spelling_normalisation_folds_already_is_kept_harmlessly(tmp_path: Path) -> None:
    path = write(tmp_path, "variants:\n  - [サステナブル, サスティナブル, サステイナブル]\n")
    assert load_variants(path) == (("サステナブル", "サスティナブル", "サステイナブル"),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("variants:\n  - [取組]\n", "2:5: a variant group needs at least two spellings"),
        ("variants:\n  - [取組, '']\n", "2:10: a spelling must not be empty"),
        ("variants:\n  - [取組, 3]\n", "2:10: a spelling must be text, not a whole number"),
        ("variants:\n  - 取組\n", "2:5: a variant group must be a list, not text"),
        ("variants:\n  - [取組, '・']\n", "2:10: '・' has no letters to search for"),
        (
            "variants:\n  - [マネジメント, マネージメント]\n",
            "2:5: these spellings already search the same",
        ),
        (
            "variants:\n  - [子供, こども]\n  - [児童, 子ども, 子供]\n",
            "3:15: '子供' is already in the group at line 2",
        ),
        ("variant:\n  - [a, b]\n", "1:1: unknown key 'variant' in the variants file"),
        ("variants: []\n", "1:11: variants must not be empty"),
        ("- [a, b]\n", "1:1: the file must be a mapping (key: value lines) with a `variants` list"),
        ("variants:\n  - &x [a, b]\n  - *x\n", "2:5: anchor '&x' is not allowed"),
    ],
)
def test_broken_tables_are_refused_with_a_located_message(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(DataError) as caught:
        load_variants(path)
    assert any(message in line for line in caught.value.lines()), caught.value.lines()
    assert all(line.startswith(f"{path}:") for line in caught.value.lines())


def test_an_empty_file_is_described_as_a_variants_file(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        load_variants(write(tmp_path, "# nothing\n"))
    (line,) = caught.value.lines()
    expected = "the file holds no data, only comments: expected a mapping with a `variants` list"
    assert line.endswith(f":1:1: {expected}")


def test_a_missing_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        load_variants(tmp_path / "absent.yaml")


# -- the JSON cache of the table (cache.load_variants) ---------------------------------------


def test_a_second_load_comes_from_the_cache(
    tmp_path: Path, isolated_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "variants:\n  - [子供, こども]\n")
    assert cache.load_variants(path) == (("子供", "こども"),)
    assert [f.name.startswith("variants-") for f in isolated_cache.iterdir()] == [True]

    def parse_again(*_: object) -> None:
        raise AssertionError("parsed the YAML again")

    monkeypatch.setattr("renkei_cli.variants.load_variants", parse_again)
    assert cache.load_variants(path) == (("子供", "こども"),)


def test_an_edited_table_is_parsed_again(tmp_path: Path, isolated_cache: Path) -> None:
    path = write(tmp_path, "variants:\n  - [子供, こども]\n")
    cache.load_variants(path)
    path.write_text("variants:\n  - [館, 舘]\n", encoding="utf-8")
    assert cache.load_variants(path) == (("館", "舘"),)


def test_an_invalid_table_is_never_cached(tmp_path: Path, isolated_cache: Path) -> None:
    path = write(tmp_path, "variants:\n  - [取組]\n")
    for _ in range(2):
        with pytest.raises(DataError, match="at least two spellings"):
            cache.load_variants(path)
    assert not isolated_cache.exists() or not list(isolated_cache.iterdir())


@pytest.mark.parametrize("junk", ["", "{", "[]", '{"magic": 1}', '{"magic": "x", "key": 2}'])
def test_a_corrupt_cache_is_ignored_and_rebuilt(
    tmp_path: Path, isolated_cache: Path, junk: str
) -> None:
    path = write(tmp_path, "variants:\n  - [子供, こども]\n")
    cache.load_variants(path)
    (cached,) = isolated_cache.iterdir()
    cached.write_text(junk, encoding="utf-8")
    assert cache.load_variants(path) == (("子供", "こども"),)
    assert '"groups"' in cached.read_text(encoding="utf-8")


def test_no_cache_neither_reads_nor_writes(tmp_path: Path, isolated_cache: Path) -> None:
    path = write(tmp_path, "variants:\n  - [子供, こども]\n")
    assert cache.load_variants(path, use_cache=False) == (("子供", "こども"),)
    assert not isolated_cache.exists() or not list(isolated_cache.iterdir())


def test_the_bundled_table_through_the_cache_is_the_table() -> None:
    assert cache.load_variants() == load_variants() == cache.load_variants()


def test_a_data_files_own_variants_are_searched(
    run: Callable[..., Result], tmp_path: Path, isolated_cache: Path
) -> None:
    """`variants:` in a data file joins data/variants.yaml: here it alone makes the match."""
    bundled = (ROOT / "data" / "initiatives.yaml").read_text(encoding="utf-8")
    plain = tmp_path / "plain.yaml"
    plain.write_text(bundled, encoding="utf-8")
    own = tmp_path / "own.yaml"
    own.write_text(bundled + "variants:\n  - [物流拠点, ロジスティクス拠点]\n", encoding="utf-8")
    assert run("--data", str(plain), "search", "ロジスティクス拠点", "--json").exit_code == 1
    found = run("--data", str(own), "search", "ロジスティクス拠点", "--json")
    assert found.exit_code == 0, found.stderr
    (record,) = json.loads(found.stdout)
    assert (record["id"], record["match"]) == ("1-c-1", "variant")
