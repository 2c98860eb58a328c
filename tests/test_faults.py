"""renkei under faults, as a real process: full disks, closed streams, hostile text and
arguments, unreadable paths, odd homes, a poisoned or booby-trapped cache, and a data file that
changes while it is read. Each case asserts the exit code, the one-line message, and that
nothing wrong was printed or written."""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from renkei_cli import cache, datafile
from renkei_cli.errors import ExitCode
from renkei_cli.loader import load_catalog

from .clitools import RENKEI, process_env, pty_unavailable, run_in_pty

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
IO_ERROR = int(ExitCode.IO_ERROR)
posix_only = pytest.mark.skipif(os.name != "posix", reason="needs POSIX descriptors and devices")
_NO_PTY = pty_unavailable()
needs_pty = pytest.mark.skipif(_NO_PTY is not None, reason=f"pseudo-terminal tests: {_NO_PTY}")
needs_setpriv = pytest.mark.skipif(
    shutil.which("setpriv") is None or not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="changing user or dropping capabilities needs setpriv, run as root",
)

SMALL = """\
schema_version: 1
source:
  title: テスト文書
  section: V テスト
areas:
  - number: 1
    title: 試験の取組
    pages: [1, 2]
    initiatives:
      - letter: a
        title: 取組
        projects:
          - name: "{name}"
            source_text: "{name} 隣の事業"
            corrections:
              - {{kind: split, part: 1, note: "{note}"}}
"""


def small_data(directory: Path, name: str = "創業支援事業", note: str = "two rows") -> Path:
    path = directory / "small.yaml"
    path.write_text(SMALL.format(name=name, note=note), encoding="utf-8")
    return path


def run(
    *args: str,
    env: dict[str, str] | None = None,
    prefix: tuple[str, ...] = (),
    timeout: float = 60,
    **streams: object,
) -> subprocess.CompletedProcess[bytes]:
    """Run renkei (after `prefix`, e.g. setpriv) with the given streams; output captured."""
    options: dict[str, object] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    options.update(streams)
    return subprocess.run(
        [*prefix, *RENKEI, *args],
        env=env if env is not None else process_env(),
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        check=False,
        **options,  # type: ignore[call-overload]
    )


def stderr_lines(done: subprocess.CompletedProcess[bytes]) -> list[str]:
    return (done.stderr or b"").decode("utf-8").splitlines()


# -- output errors ---------------------------------------------------------------------------


@posix_only
@pytest.mark.parametrize("args", [["list", "--json"], ["list"], ["--help"], ["--version"]])
def test_a_full_disk_is_one_line_and_exit_74(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = run(*args, stdout=full)
    assert done.returncode == IO_ERROR
    assert stderr_lines(done) == ["renkei: error: cannot write the output: No space left on device"]


@posix_only
@pytest.mark.parametrize("args", [["list", "--json"], ["show", "1-a-1"], ["--version"]])
def test_a_closed_stdout_is_one_line_and_exit_74(args: list[str]) -> None:
    done = run(*args, prefix=("bash", "-c", 'exec "$@" >&-', "bash"))
    assert done.returncode == IO_ERROR
    assert stderr_lines(done) == ["renkei: error: cannot write the output: Bad file descriptor"]


@posix_only
@pytest.mark.parametrize("stderr", ["closed", "/dev/full"])
def test_a_closed_or_full_stderr_keeps_a_successful_exit_code(stderr: str) -> None:
    if stderr == "closed":
        done = run("list", "--json", prefix=("bash", "-c", 'exec "$@" 2>&-', "bash"))
    else:
        with open(stderr, "wb") as full:
            done = run("list", "--json", stderr=full)
    assert done.returncode == 0
    assert len(json.loads(done.stdout)) == 82


@posix_only
def test_a_closed_stderr_keeps_an_error_exit_code_and_writes_nothing_else() -> None:
    done = run("show", "no-such-id", prefix=("bash", "-c", 'exec "$@" 2>&-', "bash"))
    assert done.returncode == 2
    assert done.stdout == b""


# -- the terminal ----------------------------------------------------------------------------


@needs_pty
@pytest.mark.parametrize("columns", ["0", "-5", "wide"])
@pytest.mark.parametrize("command", [["list"], ["show", "1-a-1"], ["tree"], ["stats"]])
def test_a_useless_columns_value_is_ignored(columns: str, command: list[str]) -> None:
    done = run_in_pty(*command, env=process_env(TERM="xterm-256color", COLUMNS=columns))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    widths = [len(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(widths) > 5 and max(widths) > 40  # printed, at the terminal's width (80)


@needs_pty
def test_control_characters_from_the_data_are_escaped_on_a_terminal(tmp_path: Path) -> None:
    data = small_data(tmp_path, note=r"赤\e[31m字\u202e逆")
    done = run_in_pty("--data", str(data), "show", "1-a-1", env=process_env(TERM="dumb"))
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")
    assert "赤\\x1b[31m字\\u202e逆" in text
    assert "\x1b[31m" not in text and "\u202e" not in text
    # Machine formats stay exact: the JSON carries the characters themselves.
    exact = run("--data", str(data), "show", "1-a-1", "--json")
    assert "赤\x1b[31m字\u202e逆" in json.loads(exact.stdout)["corrections"][0]["note"]


@pytest.mark.parametrize("name", [r"創業支援\e[31m事業\u202e", r"創業\u2066支援"])
def test_validate_refuses_control_characters_in_a_name(tmp_path: Path, name: str) -> None:
    data = small_data(tmp_path, name=name)
    for args in (["validate", str(data)], ["--data", str(data), "list"]):
        done = run(*args)
        assert done.returncode == 2
        assert done.stdout == b""
        (line,) = stderr_lines(done)
        assert line.startswith(f"{data}:13:19: project name contains the control character U+")
        assert "\x1b" not in line and "\u202e" not in line and "\u2066" not in line


@needs_pty
def test_control_characters_in_an_argument_are_escaped_on_stderr() -> None:
    done = run_in_pty("show", "\x1b]0;pwned\x07abc", env=process_env(TERM="xterm-256color"))
    assert done.returncode == 2
    assert done.stdout == b""
    assert done.stderr.splitlines() == ["renkei: error: no project matches '\\x1b]0;pwned\\x07abc'"]


# -- input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (["あ" * 16000], "the query is 16000 characters long; the limit is 1000"),
        (["空港" * 101], "a word of the query is 202 characters long; the limit is 200"),
    ],
)
def test_a_long_query_is_refused(query: list[str], message: str) -> None:
    done = run("search", *query, timeout=20)
    assert done.returncode == 2
    assert done.stdout == b""
    assert stderr_lines(done)[0].startswith(f"renkei: error: {message}")
    assert len(stderr_lines(done)) == 1


def test_a_query_under_the_limit_still_finds_by_typo() -> None:
    done = run("search", "北九州空巷", "--json")
    assert done.returncode == 0, done.stderr
    assert any(record["match"] == "fuzzy" for record in json.loads(done.stdout))


@posix_only
@pytest.mark.parametrize("cache_option", [[], ["--no-cache"]])
@pytest.mark.parametrize("case", ["ENOENT", "EISDIR", "ENAMETOOLONG", "ELOOP", "ENOTDIR"])
def test_an_unreadable_data_path_is_one_located_line(
    tmp_path: Path, case: str, cache_option: list[str]
) -> None:
    paths = {
        "ENOENT": (tmp_path / "missing.yaml", "no such file"),
        "EISDIR": (tmp_path, "this is a directory, not a data file"),
        "ENAMETOOLONG": (tmp_path / ("x" * 300 + ".yaml"), "cannot read the file: File name too"),
        "ELOOP": (tmp_path / "loop.yaml", "cannot read the file: Too many levels of symbolic"),
        "ENOTDIR": (small_data(tmp_path) / "x.yaml", "no such file (a part of the path"),
    }
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    path, message = paths[case]
    for args in ([*cache_option, "--data", str(path), "list"], ["validate", str(path)]):
        done = run(*args)
        assert done.returncode == 2
        assert done.stdout == b""
        (line,) = stderr_lines(done)
        assert line.startswith(f"{path}:1:1: {message}")


@needs_setpriv
@pytest.mark.parametrize("cache_option", [[], ["--no-cache"]])
def test_a_data_file_without_permission_is_one_located_line(
    tmp_path: Path, cache_option: list[str]
) -> None:
    data = small_data(tmp_path)
    data.chmod(0)
    # Root reads anything: drop the capabilities that let it, keeping its uid.
    drop = ("setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all")
    done = run(*cache_option, "--data", str(data), "list", prefix=drop)
    assert done.returncode == 2
    assert done.stdout == b""
    assert stderr_lines(done) == [f"{data}:1:1: cannot read the file: Permission denied"]


def test_an_empty_data_path_says_so() -> None:
    done = run("--data", "", "list")
    assert done.returncode == 2
    assert stderr_lines(done) == [
        "renkei: error: the data path is empty (--data '' or RENKEI_DATA=''): give a YAML file"
    ]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
def test_utf16_is_named_with_its_iconv_line(tmp_path: Path, encoding: str) -> None:
    data = tmp_path / "wide.yaml"
    data.write_bytes(small_data(tmp_path).read_text(encoding="utf-8").encode(encoding))
    done = run("--data", str(data), "list")
    assert done.returncode == 2
    (line,) = stderr_lines(done)
    codec = {"utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE", "utf-16": "UTF-16"}[encoding]
    assert line.startswith(f"{data}:1:1: the file is UTF-16 (")
    assert line.endswith(f"`iconv -f {codec} -t UTF-8 {data} > utf8.yaml`")


def test_arguments_under_a_c_locale_are_decoded_as_utf8() -> None:
    env = process_env(LC_ALL="C", LANG="C", PYTHONUTF8="0")
    done = run("search", "空港", "--json", env=env)
    assert done.returncode == 0, done.stderr
    names = [record["name"] for record in json.loads(done.stdout)]
    assert sum("空港" in name for name in names) == 3  # the fourth through renkei's airport topic


# -- where the cache goes --------------------------------------------------------------------


def _python_for_any_user() -> list[str] | None:
    """A python another uid can run, with renkei's sources and dependencies on its path."""
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    system = Path("/usr/bin") / version
    site = Path(sys.prefix) / "lib" / version / "site-packages"
    if not system.exists() or not site.is_dir():
        return None
    return [str(system), str(site)]


@needs_setpriv
@pytest.mark.parametrize("home", ["unset", ""])
def test_no_usable_home_means_no_cache(tmp_path: Path, home: str) -> None:
    python = _python_for_any_user()
    if python is None:
        pytest.skip("no system python of this version for an unprivileged user")
    try:
        import pwd

        pwd.getpwuid(54321)
        pytest.skip("uid 54321 has a passwd entry here")
    except KeyError:
        pass
    tmp_path.chmod(0o777)
    env = {k: v for k, v in process_env().items() if k not in ("HOME", "XDG_CACHE_HOME")}
    env["PYTHONPATH"] = f"{SRC}{os.pathsep}{python[1]}"
    if home == "":
        env["HOME"] = ""
    before = set(Path("/").iterdir())
    stranger = ("setpriv", "--reuid=54321", "--regid=54321", "--clear-groups")
    done = subprocess.run(
        [*stranger, python[0], "-m", "renkei_cli", "list", "--json"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert len(json.loads(done.stdout)) == 82
    assert list(tmp_path.iterdir()) == []  # no ./~/.cache/renkei
    assert set(Path("/").iterdir()) == before  # no /.cache


def test_a_relative_xdg_cache_home_is_ignored(tmp_path: Path) -> None:
    home = tmp_path / "home"
    work = tmp_path / "work"
    home.mkdir()
    work.mkdir()
    env = process_env(XDG_CACHE_HOME="relative/cache", HOME=str(home))
    done = subprocess.run(
        [*RENKEI, "list", "--json"], env=env, cwd=work, capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert list(work.iterdir()) == []
    assert list((home / ".cache" / "renkei").glob("catalog-*.pickle"))


def test_renkei_no_cache_reads_and_writes_no_cache(tmp_path: Path, isolated_cache: Path) -> None:
    data = small_data(tmp_path)
    done = run("--data", str(data), "list", env=process_env(RENKEI_NO_CACHE="1"))
    assert done.returncode == 0, done.stderr
    assert not isolated_cache.exists()


# -- a booby-trapped cache -------------------------------------------------------------------


def _trap(isolated_cache: Path, data: Path) -> Path:
    entry = cache.cache_file(data)
    assert entry is not None and entry.parent == isolated_cache
    isolated_cache.mkdir(parents=True, exist_ok=True)
    return entry


@posix_only
@pytest.mark.parametrize("trap", ["fifo", "/dev/zero"])
def test_a_fifo_or_device_at_the_cache_path_is_not_read(
    tmp_path: Path, isolated_cache: Path, trap: str
) -> None:
    data = small_data(tmp_path)
    entry = _trap(isolated_cache, data)
    if trap == "fifo":
        os.mkfifo(entry)
    else:
        entry.symlink_to("/dev/zero")
    done = run("--data", str(data), "list", "--json", timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert [r["name"] for r in json.loads(done.stdout)] == ["創業支援事業"]
    assert entry.is_file() and not entry.is_symlink()  # replaced by a real entry


def test_a_poisoned_entry_with_the_right_key_is_rebuilt(
    tmp_path: Path, isolated_cache: Path
) -> None:
    data = small_data(tmp_path)
    entry = _trap(isolated_cache, data)
    good = load_catalog(data)
    orphan = dataclasses.replace(good.placements[0], project_id="no-such-project")
    poisoned = dataclasses.replace(good, placements=(orphan,))
    key = cache.cache_key(data.read_bytes())
    entry.write_bytes(pickle.dumps((cache._MAGIC, key, poisoned)))
    assert cache.read_cache(entry, key) is None  # inconsistent: refused on load
    expected = run("--no-cache", "--data", str(data), "list", "--json").stdout
    for _ in range(2):
        done = run("--data", str(data), "list", "--json")
        assert done.returncode == 0, done.stderr
        assert done.stderr == b""
        assert done.stdout == expected
    assert cache.read_cache(entry, key) == good


def test_an_entry_a_command_fails_on_is_dropped_and_the_command_rerun(
    tmp_path: Path, isolated_cache: Path
) -> None:
    """An entry that passes every check on load but breaks a command (a reading that is not
    text) costs one rerun from the data file, never a traceback."""
    data = small_data(tmp_path)
    entry = _trap(isolated_cache, data)
    good = load_catalog(data)
    broken = dataclasses.replace(good.projects[0], reading=12345)
    key = cache.cache_key(data.read_bytes())
    entry.write_bytes(
        pickle.dumps((cache._MAGIC, key, dataclasses.replace(good, projects=(broken,))))
    )
    expected = run("--no-cache", "--data", str(data), "search", "そうぎょう", "--json")
    done = run("--data", str(data), "search", "そうぎょう", "--json")
    assert (done.returncode, done.stdout, done.stderr) == (
        expected.returncode,
        expected.stdout,
        expected.stderr,
    )
    assert cache.read_cache(entry, key) == good


def test_a_stale_temporary_file_is_removed_and_a_fresh_one_kept(
    tmp_path: Path, isolated_cache: Path
) -> None:
    data = small_data(tmp_path)
    isolated_cache.mkdir(parents=True)
    stale = isolated_cache / ".catalog-0123-dead.tmp"
    fresh = isolated_cache / ".catalog-0123-alive.tmp"
    stale.write_bytes(b"x" * 1000)
    fresh.write_bytes(b"x" * 1000)
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    done = run("--data", str(data), "list")
    assert done.returncode == 0, done.stderr
    assert not stale.exists()
    assert fresh.exists()


# -- one read, one truth ---------------------------------------------------------------------

VERSION_A = "創業支援事業"
VERSION_B = "観光振興事業"


def test_a_file_changed_between_reads_is_cached_as_what_was_parsed(
    tmp_path: Path, isolated_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old design read the file for the key, then again to parse: an edit in between
    stored version B under version A's key. Here the edit happens right after the one read."""
    data = small_data(tmp_path, name=VERSION_A)
    bytes_a = data.read_bytes()
    bytes_b = SMALL.format(name=VERSION_B, note="two rows").encode("utf-8")
    real_read = datafile.read_data

    def read_then_edit(path: Path | str, shown: str | None = None) -> bytes:
        read = real_read(path, shown)
        data.write_bytes(bytes_b)  # an editor saves while renkei runs
        return read

    monkeypatch.setattr(datafile, "read_data", read_then_edit)
    first = cache.load(data)
    monkeypatch.setattr(datafile, "read_data", real_read)
    assert [p.name for p in first.projects] == [VERSION_A]
    entry = cache.cache_file(data)
    assert entry is not None
    _, key, stored = pickle.loads(entry.read_bytes())
    assert key == cache.cache_key(bytes_a)
    assert [p.name for p in stored.projects] == [VERSION_A]
    assert [p.name for p in cache.load(data).projects] == [VERSION_B]  # the file is B now


def test_a_file_flipping_during_cold_runs_never_poisons_the_cache(tmp_path: Path) -> None:
    data = small_data(tmp_path, name=VERSION_A)
    versions = {
        name: SMALL.format(name=name, note="two rows").encode("utf-8")
        for name in (VERSION_A, VERSION_B)
    }
    stop = threading.Event()

    def flip() -> None:
        staged = tmp_path / "staged.yaml"
        while not stop.is_set():
            for content in versions.values():
                staged.write_bytes(content)
                os.replace(staged, data)  # each read sees one whole version
                time.sleep(0.002)

    def cold_run(index: int) -> tuple[int, bytes, Path]:
        directory = tmp_path / f"cache-{index}"
        env = process_env(XDG_CACHE_HOME=str(directory))
        done = run("--data", str(data), "list", "--fields", "name", "--format", "tsv", env=env)
        return done.returncode, done.stdout, directory / "renkei"

    flipper = threading.Thread(target=flip, daemon=True)
    flipper.start()
    try:
        with ThreadPoolExecutor(max_workers=6) as pool:
            outcomes = list(pool.map(cold_run, range(50)))
    finally:
        stop.set()
        flipper.join()
    answers = {(name + "\n").encode("utf-8") for name in versions}
    for returncode, stdout, _ in outcomes:
        assert returncode == 0
        assert stdout in answers
    # Every entry holds the catalog of the bytes its key names; warm runs agree with --no-cache.
    catalogs = {}
    for name, content in versions.items():
        parsed_from = tmp_path / f"{name}.yaml"
        parsed_from.write_bytes(content)
        catalogs[cache.cache_key(content)] = load_catalog(parsed_from)
    for _, _, directory in outcomes:
        (entry,) = directory.glob("catalog-*.pickle")
        _, key, stored = pickle.loads(entry.read_bytes())
        assert stored == catalogs[key]
    expected = run("--no-cache", "--data", str(data), "list", "--fields", "name", "--format", "tsv")
    with ThreadPoolExecutor(max_workers=6) as pool:
        warm = list(pool.map(cold_run, range(0, 50, 5)))
    assert all(stdout == expected.stdout for _, stdout, _ in warm)


def test_concurrent_cold_runs_agree_and_leave_one_sane_entry(
    tmp_path: Path, isolated_cache: Path
) -> None:
    data = small_data(tmp_path)
    args = [*RENKEI, "--data", str(data), "list", "--json"]
    processes = [
        subprocess.Popen(args, env=process_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(20)
    ]
    results = [(p.communicate(timeout=120), p.returncode) for p in processes]
    expected = run("--no-cache", "--data", str(data), "list", "--json").stdout
    assert all(code == 0 and out == expected and err == b"" for (out, err), code in results)
    entries = sorted(p.name for p in isolated_cache.iterdir() if not p.name.startswith("topics-"))
    assert len(entries) == 1 and entries[0].startswith("catalog-")  # (and the topic table's)
    (entry,) = (p for p in isolated_cache.iterdir() if p.name.startswith("catalog-"))
    assert cache.read_cache(entry, cache.cache_key(data.read_bytes())) == load_catalog(data)
