"""renkei as a real process: in pipes, under hostile locales and encodings, and interrupted."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from .clitools import (
    ANSI_ESCAPE,
    RENKEI,
    process_env,
    run_closed_pipe,
    run_piped,
    write_tricky_data,
)

FORMATS = ["table", "tsv", "csv", "json", "jsonl", "yaml", "markdown"]
HOSTILE = {
    "LC_ALL=C": {"LC_ALL": "C", "LANG": "C"},
    "PYTHONIOENCODING=ascii": {"PYTHONIOENCODING": "ascii"},
    "PYTHONIOENCODING=cp932": {"PYTHONIOENCODING": "cp932"},
    "LC_ALL=C PYTHONUTF8=0 PYTHONIOENCODING=latin-1": {
        "LC_ALL": "C",
        "PYTHONUTF8": "0",
        "PYTHONIOENCODING": "latin-1",
    },
}
posix_only = pytest.mark.skipif(os.name != "posix", reason="needs POSIX pipes, signals and FIFOs")


def test_piped_list_is_tsv_without_ansi_codes() -> None:
    done = run_piped("list")
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")
    assert ANSI_ESCAPE not in text
    assert len(text.splitlines()) == 82
    assert all(len(line.split("\t")) == 5 for line in text.splitlines())


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_format_writes_ansi_codes_into_a_pipe(fmt: str) -> None:
    done = run_piped("list", "--format", fmt)
    assert done.returncode == 0, done.stderr
    assert ANSI_ESCAPE.encode() not in done.stdout
    assert done.stderr == ""


def test_force_color_puts_colour_into_a_pipe_and_no_color_wins() -> None:
    forced = run_piped("list", "--format", "table", env=process_env(FORCE_COLOR="1"))
    assert ANSI_ESCAPE.encode() in forced.stdout
    both = run_piped("list", "--format", "table", env=process_env(FORCE_COLOR="1", NO_COLOR="1"))
    assert ANSI_ESCAPE.encode() not in both.stdout
    flag = run_piped("list", "--format", "table", "--no-color", env=process_env(FORCE_COLOR="1"))
    assert ANSI_ESCAPE.encode() not in flag.stdout


@posix_only
@pytest.mark.parametrize(
    "args",
    [
        *(["list", "--format", fmt] for fmt in FORMATS),
        ["--help"],
        ["list", "--help"],
        ["--version"],
        ["schema"],
        ["completion", "bash"],
    ],
    ids=lambda args: " ".join(args),
)
def test_a_closed_pipe_ends_quietly_with_141(args: list[str]) -> None:
    """`renkei ... | true`: the reader is gone before anything is written."""
    done = run_closed_pipe(*args)
    assert done.stderr == ""  # no BrokenPipeError, no "Exception ignored" at exit
    assert done.returncode == 141


def _big_data(directory: Path, projects: int = 2000) -> Path:
    """A valid data file whose list output is far larger than a pipe's buffer."""
    lines = [
        "schema_version: 1",
        "source: {title: 大きな試験文書, section: V 試験}",
        "areas:",
        "  - number: 1",
        "    title: 大量の取組",
        "    pages: [1, 2]",
        "    initiatives:",
        "      - letter: a",
        "        title: 大量の事業を持つ取組",
        "        projects:",
    ]
    lines += [f"          - name: 試験事業その{n}（大量出力の確認用）" for n in range(projects)]
    path = directory / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@posix_only
@pytest.mark.skipif(shutil.which("head") is None, reason="needs head(1)")
@pytest.mark.parametrize("fmt", ["json", "tsv", "yaml", "table"])
def test_head_n1_reads_one_line_and_renkei_ends_quietly(fmt: str, tmp_path: Path) -> None:
    """`renkei list | head -n 1` with output larger than the pipe buffer."""
    data = _big_data(tmp_path)
    command = " ".join([*RENKEI, "--data", str(data), "list", "--format", fmt])
    script = f'{command} 2>"$1" | head -n 1; echo "status=${{PIPESTATUS[0]}}"'
    errors = tmp_path / "stderr.txt"
    done = subprocess.run(
        ["bash", "-c", script, "bash", str(errors)],
        env=process_env(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    out = done.stdout.decode("utf-8").splitlines()
    assert len(out) == 2, out
    assert out[1] == "status=141"  # the output really was cut short
    assert errors.read_text(encoding="utf-8") == ""


@pytest.mark.parametrize("name", list(HOSTILE))
def test_machine_formats_are_utf8_whatever_the_locale(name: str) -> None:
    env = process_env(**HOSTILE[name])
    as_json = run_piped("list", "--json", env=env)
    assert as_json.returncode == 0, as_json.stderr
    records = json.loads(as_json.stdout.decode("utf-8"))
    assert len(records) == 82 and records[0]["name"].startswith("北九州")
    jsonl = run_piped("list", "--format", "jsonl", env=env).stdout.decode("utf-8")
    assert [json.loads(line) for line in jsonl.splitlines()] == records
    yaml = run_piped("list", "--format", "yaml", env=env).stdout.decode("utf-8")
    assert YAML(typ="safe").load(yaml) == records
    csv_text = run_piped("list", "--format", "csv", env=env).stdout.decode("utf-8")
    assert [row["name"] for row in csv.DictReader(io.StringIO(csv_text))] == [
        r["name"] for r in records
    ]
    tsv = run_piped("list", env=env)
    assert tsv.returncode == 0 and tsv.stderr == ""
    assert tsv.stdout.decode("utf-8").splitlines()[0].split("\t")[3] == records[0]["name"]
    schema = run_piped("schema", env=env)
    assert json.loads(schema.stdout.decode("utf-8"))["title"] == "renkei list --json"


@pytest.mark.parametrize("name", list(HOSTILE))
def test_help_and_errors_survive_the_locale(name: str) -> None:
    env = process_env(**HOSTILE[name])
    helped = run_piped("list", "--help", env=env)
    assert helped.returncode == 0, helped.stderr
    assert b"Usage: renkei list" in helped.stdout
    failed = run_piped("list", "--area", "9", env=env)
    assert failed.returncode == 2
    assert failed.stderr == "renkei: error: no area 9: valid areas are 1, 2, 3\n"


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_table_on_a_narrow_encoding_degrades_without_crashing(name: str, tmp_path: Path) -> None:
    env = process_env(**HOSTILE[name])
    data = str(write_tricky_data(tmp_path))
    done = run_piped("--data", data, "list", "--format", "table", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "Traceback" not in done.stderr
    encoding = env.get("PYTHONIOENCODING") or "utf-8"
    if name == "LC_ALL=C":  # Python coerces the C locale to UTF-8 (PEP 538/540)
        encoding = "utf-8"
    text = done.stdout.decode(encoding)  # the console's own encoding, strictly
    assert "1-a-1" in text and "3 placements" in text
    if encoding == "cp932":
        assert "〓田町の事業―その一" in text  # 𠮷 -> 〓 (geta), — -> ― (cp932's dash)
    elif encoding != "utf-8":
        assert "??" in text  # each wide character -> ??, keeping the columns' widths


def test_markdown_and_tsv_stay_utf8_on_cp932(tmp_path: Path) -> None:
    env = process_env(PYTHONIOENCODING="cp932")
    data = str(write_tricky_data(tmp_path))
    for fmt in ("markdown", "tsv", "csv"):
        done = run_piped("--data", data, "list", "--format", fmt, env=env)
        assert "𠮷田町の事業—その一" in done.stdout.decode("utf-8")


@posix_only
def test_ctrl_c_exits_130_without_a_traceback(tmp_path: Path) -> None:
    """Interrupt renkei while it waits to read its data file (a FIFO nobody writes yet)."""
    fifo = tmp_path / "data.fifo"
    os.mkfifo(fifo)
    process = subprocess.Popen(
        [*RENKEI, "--data", str(fifo), "list"],
        env=process_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    # Opening the FIFO for writing returns once renkei has opened it for reading: it is then
    # blocked inside the command, past start-up.
    descriptor = os.open(fifo, os.O_WRONLY)
    try:
        time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        os.close(descriptor)
    assert process.returncode == 130
    assert err.decode("utf-8") == "renkei: interrupted\n"
    assert out == b""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX shells")
def test_python_m_and_the_script_share_the_program_name() -> None:
    done = run_piped("--help")
    assert done.stdout.decode("utf-8").startswith("Usage: renkei [OPTIONS]")
