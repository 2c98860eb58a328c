"""The parse cache: used when fresh, rebuilt when stale or corrupt, atomic, never runs code."""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from renkei_cli import cache
from renkei_cli.loader import load_catalog

from .conftest import DATA


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "initiatives.yaml"
    shutil.copyfile(DATA, copy)
    return copy


def test_second_load_comes_from_the_cache(data_copy: Path, isolated_cache: Path) -> None:
    first = cache.load(data_copy)
    files = list(isolated_cache.glob("catalog-*.pickle"))
    assert len(files) == 1
    key = cache.cache_key(data_copy.read_bytes())
    cached = cache.read_cache(files[0], key)
    assert cached == first == load_catalog(data_copy)
    assert cache.load(data_copy) == first


def test_an_edited_file_is_parsed_again(data_copy: Path, isolated_cache: Path) -> None:
    assert len(cache.load(data_copy).placements) == 82
    text = data_copy.read_text(encoding="utf-8")
    data_copy.write_text(text.replace("name: 創業支援事業", "name: 創業支援事業（改）"), "utf-8")
    names = {p.name for p in cache.load(data_copy).projects}
    assert "創業支援事業（改）" in names
    assert len(list(isolated_cache.glob("catalog-*.pickle"))) == 1  # replaced, not piled up


@pytest.mark.parametrize("content", [b"", b"garbage", b"\x80\x04K\x01."])
def test_a_corrupt_cache_is_ignored_and_rebuilt(
    data_copy: Path, isolated_cache: Path, content: bytes
) -> None:
    cache.load(data_copy)
    file = cache.cache_file(data_copy)
    file.write_bytes(content)
    assert len(cache.load(data_copy).placements) == 82
    assert cache.read_cache(file, cache.cache_key(data_copy.read_bytes())) is not None


def test_a_cache_naming_other_classes_is_not_unpickled(
    data_copy: Path, isolated_cache: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    file = cache.cache_file(data_copy)
    file.parent.mkdir(parents=True, exist_ok=True)

    class Exploit:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (Path.touch, (marker,))

    file.write_bytes(pickle.dumps(Exploit()))
    assert len(cache.load(data_copy).placements) == 82
    assert not marker.exists()


def test_writes_are_atomic_and_leave_no_temporary_files(
    data_copy: Path, isolated_cache: Path
) -> None:
    cache.load(data_copy)
    assert [p.name for p in isolated_cache.iterdir() if not p.name.endswith(".pickle")] == []


def test_an_unwritable_cache_directory_is_not_an_error(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert len(cache.load(data_copy).placements) == 82


def test_no_cache_neither_reads_nor_writes(
    run: Callable[..., Result], data_copy: Path, isolated_cache: Path
) -> None:
    result = run("--no-cache", "--data", str(data_copy), "list", "--json")
    assert result.exit_code == 0
    assert not isolated_cache.exists()
    result = run("--data", str(data_copy), "list", "--json")
    assert result.exit_code == 0
    assert len(list(isolated_cache.glob("*.pickle"))) == 1


def test_the_data_file_is_never_written(data_copy: Path) -> None:
    before = (data_copy.read_bytes(), data_copy.stat().st_mtime_ns)
    cache.load(data_copy)
    cache.load(data_copy)
    assert (data_copy.read_bytes(), data_copy.stat().st_mtime_ns) == before


def test_derived_data_is_cached_beside_the_catalog(data_copy: Path, isolated_cache: Path) -> None:
    catalog, slot = cache.load_with_slot(data_copy)
    calls: list[int] = []

    def build() -> dict[str, list[str]]:
        calls.append(1)
        return {"names": [p.name for p in catalog.projects]}

    first = cache.derived(slot, "demo", build)
    again = cache.derived(cache.load_with_slot(data_copy)[1], "demo", build)
    assert first == again and len(calls) == 1
    assert len(list(isolated_cache.glob("demo-*.pickle"))) == 1


def test_derived_data_is_rebuilt_when_stale_corrupt_or_uncached(
    data_copy: Path, isolated_cache: Path
) -> None:
    _, slot = cache.load_with_slot(data_copy)
    assert cache.derived(slot, "demo", lambda: [1]) == [1]
    file = next(isolated_cache.glob("demo-*.pickle"))
    file.write_bytes(b"garbage")
    assert cache.derived(slot, "demo", lambda: [2]) == [2]
    data_copy.write_text(data_copy.read_text("utf-8") + "\n", "utf-8")  # new content, new key
    assert cache.derived(cache.load_with_slot(data_copy)[1], "demo", lambda: [3]) == [3]
    uncached_catalog, no_slot = cache.load_with_slot(data_copy, use_cache=False)
    assert no_slot is None and len(uncached_catalog.placements) == 82
    assert cache.derived(no_slot, "demo", lambda: [4]) == [4]


def test_derived_data_holding_classes_is_refused(data_copy: Path, isolated_cache: Path) -> None:
    _, slot = cache.load_with_slot(data_copy)
    cache.derived(slot, "demo", lambda: [1])
    file = next(isolated_cache.glob("demo-*.pickle"))
    key = cache.cache_key(data_copy.read_bytes())
    file.write_bytes(pickle.dumps((cache._MAGIC, key, [Path("/")])))  # right key, a class inside
    assert cache.derived(slot, "demo", lambda: [5]) == [5]
    file.write_bytes(pickle.dumps((cache._MAGIC, key, [6])))  # the same, plain: accepted
    assert cache.derived(slot, "demo", lambda: [7]) == [6]


def test_search_reads_its_keys_from_the_cache(
    run: Callable[..., Result], data_copy: Path, isolated_cache: Path
) -> None:
    first = run("--data", str(data_copy), "search", "kuukou", "--json")
    assert first.exit_code == 0
    assert len(list(isolated_cache.glob("search-*.pickle"))) == 1
    second = run("--data", str(data_copy), "search", "kuukou", "--json")
    assert second.stdout == first.stdout


def test_a_model_of_another_shape_never_reads_the_entry(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A field added to the model (same version) changes the key: the old entry is not served."""
    import dataclasses

    from renkei_cli import model

    before = cache.cache_key(data_copy.read_bytes())

    @dataclasses.dataclass(frozen=True)
    class Project(model.Project):  # the model as a later commit might have it
        name_xx: str | None = None

    monkeypatch.setattr(model, "Project", Project)
    assert cache.cache_key(data_copy.read_bytes()) != before
