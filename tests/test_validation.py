"""Every bad data file is refused with located one-line messages, exit 2 and no traceback.

One fixture per rule in tests/fixtures/invalid/ (files that cannot sensibly be committed, such
as the cp932, binary and oversize ones, are written in tmp_path by the tests below), each with
the exact `FILE:LINE:COL: message` lines a user sees from `renkei validate`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from renkei_cli.errors import DataError
from renkei_cli.loader import load_catalog, validate_file
from renkei_cli.paths import MAX_FILE_BYTES
from renkei_cli.yamlnodes import MAX_DEPTH, MAX_PROBLEMS

from .conftest import DATA, FIXTURES

INVALID = FIXTURES / "invalid"
VALID = FIXTURES / "valid"
ANCHORS = "write the value out in full: a data file needs no anchors or aliases"
TAGS = "a data file holds plain text, numbers and lists only (remove the tag)"

# fixture -> the exact lines after `PATH:` on stderr, in order.
EXPECTED: dict[str, list[str]] = {
    "empty.yaml": [
        "1:1: the file is empty: expected a mapping with schema_version, source and areas"
    ],
    "comments_only.yaml": [
        "1:1: the file holds no data, only comments: expected a mapping with schema_version, "
        "source and areas"
    ],
    "not_a_mapping.yaml": [
        "2:1: the file must be a mapping (key: value lines) with schema_version, source and "
        "areas, not a list"
    ],
    "syntax_error.yaml": [
        "10:16: YAML syntax error: did not find expected ',' or ']' "
        "(the list '[' opened at line 9, column 12 is not closed)"
    ],
    "tab_indent.yaml": [
        "8:1: YAML syntax error: a tab character: YAML is indented with spaces only"
    ],
    "unknown_key.yaml": ["8:5: unknown key 'titel' in an area (did you mean 'title'?)"],
    "missing_key.yaml": ["11:9: an initiative is missing required key 'title'"],
    "wrong_type.yaml": [
        "7:13: area number must be a whole number, not text ('one')",
        "9:12: area pages must be a range [first, last], not a whole number ('30')",
    ],
    "duplicate_key.yaml": ["10:5: duplicate key 'title' in an area (first at line 8)"],
    "duplicate_project.yaml": [
        "18:19: duplicate project '創業支援事業' (first listed as 1-a-1, line 14): "
        "list it again with 'repost:'"
    ],
    "duplicate_id.yaml": ["15:13: duplicate area number 1 (first at line 7)"],
    "repost_dangling.yaml": [
        "15:21: 【再掲】 reference '創業支援事' matches no project (did you mean '創業支援事業'?)"
    ],
    "repost_ambiguous.yaml": [
        "15:19: duplicate project '創業支援事業' (first listed as 1-a-1, line 14): "
        "list it again with 'repost:'",
        "16:21: 【再掲】 reference '創業支援事業' is ambiguous: it matches 1-a-1, 1-a-2",
    ],
    "letter_out_of_order.yaml": ["15:17: initiative letter 'c' out of order: expected 'b'"],
    "letter_repeated.yaml": ["15:17: duplicate initiative letter 'a' (first at line 11)"],
    "number_out_of_order.yaml": ["7:13: area number 2 out of order: expected 1"],
    "number_repeated.yaml": ["19:17: duplicate field number 1 (first at line 11)"],
    "reading_not_kana.yaml": [
        "15:22: reading 'ソウギョウ支援' must be in hiragana (and ー): found ソウギョ支援"
    ],
    "python_tag.yaml": [f"8:12: tag '!!python/object/apply:os.system' is not allowed: {TAGS}"],
    "other_tag.yaml": [
        f"7:13: tag '!!int' is not allowed: {TAGS}",
        f"8:12: tag '!custom' is not allowed: {TAGS}",
        f"9:12: tag '!!set' is not allowed: {TAGS}",
    ],
    "anchor.yaml": [f"8:12: anchor '&title' is not allowed: {ANCHORS}"],
    "alias.yaml": [
        f"9:12: anchor '&pages' is not allowed: {ANCHORS}",
        f"17:12: alias '*pages' is not allowed: {ANCHORS}",
    ],
    # Each anchor, and the first use of each alias: nine levels, 17 lines, nothing expanded.
    "alias_bomb.yaml": [f"2:4: anchor '&a' is not allowed: {ANCHORS}"]
    + [
        line
        for number, (name, used) in enumerate(zip("bcdefghi", "abcdefgh", strict=True), 3)
        for line in (
            f"{number}:4: anchor '&{name}' is not allowed: {ANCHORS}",
            f"{number}:8: alias '*{used}' is not allowed: {ANCHORS}",
        )
    ],
    "second_document.yaml": ["15:1: a second YAML document ('---'): a data file holds exactly one"],
    "corrections_mismatch.yaml": [
        "17:15: project name: the corrections turn source_text into "
        "'試験栽培事業における広域連携', not '北九州空港の物流拠点化'"
    ],
    "source_text_alone.yaml": [
        "15:26: project name has source_text but no corrections: record what was changed and "
        "why, or remove source_text"
    ],
    "correction_kind.yaml": [
        "17:24: unknown correction kind 'spilt' (did you mean 'split'? valid: split, ocr)"
    ],
    "correction_part.yaml": ["17:37: correction part 0 must be 1 or more"],
    "project_entry.yaml": [
        "14:13: write a project as '- name: 創業支援事業', not bare text",
        "16:21: a project entry has 'name' (a project) or 'repost' (a 【再掲】 reference to a "
        "project listed elsewhere), not both",
        "17:13: a project entry needs 'name' (a project) or 'repost' (a 【再掲】 reference to a "
        "project listed elsewhere)",
    ],
    "field_pages.yaml": ["13:16: field pages [44, 71] lie outside the area's pages [44, 70]"],
    "area_both.yaml": [
        "16:7: an area has either 'initiatives' or 'fields' (policy fields), not both"
    ],
    "area_neither.yaml": [
        "7:5: an area needs 'initiatives', or 'fields' (policy fields) that hold them"
    ],
    "schema_version.yaml": ["2:17: schema_version 2 is not supported (renkei reads 1)"],
    "many_problems.yaml": [
        "8:5: unknown key 'titel' in an area (did you mean 'title'?)",
        "9:12: area pages [39, 30] is not a page range (1 <= first <= last)",
        "11:17: initiative letter 'b' out of order: expected 'a'",
        "15:22: reading 'そうぎょう  しえん' must be words separated by single spaces",
        "16:21: 【再掲】 reference '存在しない事業' matches no project",
    ],
}


def assert_refused(result: Result, path: str, expected: list[str]) -> None:
    """Exit 2, nothing on stdout, exactly the expected located lines on stderr."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"{path}:{line}" for line in expected]
    assert "Traceback" not in result.stderr


def test_every_fixture_has_its_expected_message() -> None:
    assert sorted(p.name for p in INVALID.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_refuses_fixture(run: Callable[..., Result], name: str) -> None:
    path = str(INVALID / name)
    assert_refused(run("validate", path), path, EXPECTED[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_command_refuses_fixture_the_same_way(run: Callable[..., Result], name: str) -> None:
    path = str(INVALID / name)
    assert_refused(run("--data", path, "list"), path, EXPECTED[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_json_reports_the_same_problems(run: Callable[..., Result], name: str) -> None:
    path = str(INVALID / name)
    result = run("validate", path, "--json")
    assert result.exit_code == 2
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["path"] == path and report["valid"] is False and report["counts"] is None
    lines = [f"{p['line']}:{p['column']}: {p['message']}" for p in report["problems"]]
    assert lines == EXPECTED[name]


def test_path_is_shown_as_given(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURES)
    for given in ("./invalid//anchor.yaml", "invalid/../invalid/anchor.yaml"):
        assert run("validate", given).stderr.startswith(f"{given}:8:12: anchor")
        assert run("--data", given, "list").stderr.startswith(f"{given}:8:12: anchor")


# -- files that are not YAML text, written where the test runs ----------------------------------


def refuse_file(run: Callable[..., Result], path: Path, expected: str) -> None:
    assert_refused(run("validate", str(path)), str(path), [expected])


def test_cp932_file_is_named_with_the_fix(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "sjis.yaml"
    path.write_bytes(DATA.read_text(encoding="utf-8").encode("cp932"))
    # The first non-ASCII byte: the ー of "# renkei: the canonical encoding" is on line 3.
    expected = (
        "3:3: the file is not UTF-8: it looks like Shift_JIS (cp932); save it as UTF-8, or "
        f"convert it with `iconv -f CP932 -t UTF-8 {path} > utf8.yaml`"
    )
    refuse_file(run, path, expected)


def test_other_encodings_are_refused(run: Callable[..., Result], tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("schema_version: 1\ntitle: café\n".encode("latin-1"))
    refuse_file(run, latin1, "2:11: the file is not UTF-8 text: save it as UTF-8")
    utf16 = tmp_path / "utf16.yaml"
    utf16.write_bytes(DATA.read_text(encoding="utf-8").encode("utf-16"))
    refuse_file(
        run,
        utf16,
        "1:1: the file is UTF-16 (Windows 'Unicode'), not UTF-8: save it as UTF-8, or convert "
        f"it with `iconv -f UTF-16 -t UTF-8 {utf16} > utf8.yaml`",
    )


def test_binary_file_is_refused(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "picture.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    refuse_file(run, path, "3:1: a binary file (it contains NUL bytes), not YAML text")


def test_control_character_is_refused(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "bell.yaml"
    path.write_text("schema_version: 1\nsource:\n  title: a\x07b\n", encoding="utf-8")
    refuse_file(
        run, path, "3:11: control character U+0007 is not allowed in YAML text (a binary file?)"
    )


def test_directory_and_missing_path(run: Callable[..., Result], tmp_path: Path) -> None:
    refuse_file(
        run, tmp_path, "1:1: this is a directory, not a data file: give the path of a YAML file"
    )
    refuse_file(run, tmp_path / "missing.yaml", "1:1: no such file")
    refuse_file(run, tmp_path / "no" / "dir.yaml", "1:1: no such file")


def test_unreadable_file(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.yaml"
    path.write_bytes(DATA.read_bytes())

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # chmod does not stop root, who may run tests (test_faults runs it as another user)
    monkeypatch.setattr("renkei_cli.datafile.os.open", denied)
    refuse_file(run, path, "1:1: cannot read the file: Permission denied")


def test_file_over_the_size_limit(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as stream:  # sparse where the file system allows: nothing to write
        stream.truncate(MAX_FILE_BYTES + 1)
    expected = (
        "1:1: the file is larger than 32 MiB, the limit for a data file "
        "(the bundled one is about 15 KiB)"
    )
    refuse_file(run, path, expected)
    assert_refused(run("--data", str(path), "list"), str(path), [expected])


def test_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "padded.yaml"
    text = DATA.read_text(encoding="utf-8")
    padding = "#" * (MAX_FILE_BYTES - len(text.encode("utf-8")) - 1) + "\n"
    path.write_text(text + padding, encoding="utf-8")
    assert path.stat().st_size == MAX_FILE_BYTES
    assert len(load_catalog(path).placements) == 82


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_device_is_refused_without_reading_it_all(run: Callable[..., Result]) -> None:
    # /dev/zero reports size 0: the loader must read at most one byte past the limit.
    result = run("validate", "/dev/zero")
    assert result.exit_code == 2
    assert result.stderr.startswith("/dev/zero:1:1: the file is larger than")


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("flow", "areas: " + "[" * 100_000 + "]" * 100_000 + "\n", f"1:{7 + MAX_DEPTH}"),
        ("dashes", "k:\n" + "- " * 100_000 + "x\n", f"2:{2 * (MAX_DEPTH - 1) + 1}"),
        (
            "indented",
            "".join(" " * i + "k:\n" for i in range(200)) + " " * 200 + "v\n",
            f"{MAX_DEPTH + 1}:{MAX_DEPTH + 1}",
        ),
        ("mappings", "{a: " * 50_000 + "1" + "}" * 50_000 + "\n", f"1:{4 * MAX_DEPTH + 1}"),
    ],
)
def test_deep_nesting_is_refused_where_it_goes_too_deep(
    run: Callable[..., Result], tmp_path: Path, name: str, text: str, where: str
) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    message = f"{where}: nested more than {MAX_DEPTH} levels deep (a renkei data file nests 11)"
    refuse_file(run, path, message)


def test_tags_construct_nothing_and_run_nothing(run: Callable[..., Result], tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    text = (INVALID / "python_tag.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("echo pwned", f"touch {marker}"), encoding="utf-8")
    assert run("validate", str(path)).exit_code == 2
    assert run("--data", str(path), "list").exit_code == 2
    assert not marker.exists()


def test_problems_stop_at_the_limit(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "noise.yaml"
    path.write_text("".join(f"key{n}: {n}\n" for n in range(1000)), encoding="utf-8")
    lines = run("validate", str(path)).stderr.splitlines()
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[-1].endswith(f": too many problems: stopped after {MAX_PROBLEMS}")


# -- what is accepted ---------------------------------------------------------------------------


def test_bundled_file_is_valid(run: Callable[..., Result]) -> None:
    result = run("validate", str(DATA))
    assert result.exit_code == 0
    assert result.stdout == f"{DATA}: ok (82 placements, 77 projects)\n"
    assert result.stderr == ""


def test_validate_defaults_to_the_bundled_file(run: Callable[..., Result]) -> None:
    result = run("validate")
    assert result.exit_code == 0
    assert result.stdout.endswith("initiatives.yaml: ok (82 placements, 77 projects)\n")


def test_validate_json_of_a_valid_file(run: Callable[..., Result]) -> None:
    result = run("validate", "--json")
    assert result.exit_code == 0 and result.stderr == ""
    report = json.loads(result.stdout)
    assert report["valid"] is True and report["problems"] == []
    assert report["counts"] == {
        "areas": 3,
        "fields": 3,
        "initiatives": 25,
        "projects": 77,
        "placements": 82,
        "reposts": 5,
    }


def test_utf8_bom_is_accepted(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + DATA.read_bytes())
    result = run("validate", str(path))
    assert result.exit_code == 0, result.stderr
    assert load_catalog(path).placements == load_catalog(DATA).placements


def test_crlf_line_endings_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "crlf.yaml"
    path.write_bytes(DATA.read_bytes().replace(b"\n", b"\r\n"))
    assert load_catalog(path).placements == load_catalog(DATA).placements


@pytest.mark.parametrize(
    ("name", "summary"),
    [
        ("minimal.yaml", "ok (3 placements, 2 projects)"),
        # 238 '[' and 118 '{' in a comment and in quotes, a line indented 476 columns: none of it
        # is nesting, and none of it may be taken for nesting.
        ("brackets_and_indent.yaml", "ok (1 placement, 1 project)"),
    ],
)
def test_valid_fixtures(run: Callable[..., Result], name: str, summary: str) -> None:
    path = str(VALID / name)
    result = run("validate", path)
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"{path}: {summary}\n", "")


def test_data_option_and_environment_choose_the_file(run: Callable[..., Result]) -> None:
    minimal = str(VALID / "minimal.yaml")
    assert len(json.loads(run("--data", minimal, "list", "--json").stdout)) == 3
    result = run("list", "--json", env={"RENKEI_DATA": minimal})
    assert len(json.loads(result.stdout)) == 3
    # The option wins over the environment; validate's argument wins over both.
    result = run("--data", minimal, "list", "--json", env={"RENKEI_DATA": str(INVALID)})
    assert len(json.loads(result.stdout)) == 3
    result = run("--data", str(INVALID / "anchor.yaml"), "validate", minimal)
    assert result.exit_code == 0
    # An empty RENKEI_DATA is unset: the bundled file.
    assert len(json.loads(run("list", "--json", env={"RENKEI_DATA": ""}).stdout)) == 82


def test_every_command_honours_a_bad_data_path(run: Callable[..., Result], tmp_path: Path) -> None:
    """Each command reads --data and RENKEI_DATA, and refuses a bad one in one located line."""
    import typer.main

    from renkei_cli.cli import app

    # Arguments a command needs to get as far as reading the data (add new commands here).
    sample_args: dict[str, list[str]] = {"show": ["1-a-1"], "search": ["空港"], "export": ["html"]}
    # Commands that never read the data: the schema is fixed, completion scripts are static.
    data_free = {"schema", "completion"}
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    missing = str(tmp_path / "missing.yaml")
    assert data_free <= set(commands)
    for name in set(commands) - data_free:
        args = sample_args.get(name, [])
        for result in (
            run("--data", missing, name, *args),
            run(name, *args, env={"RENKEI_DATA": missing}),
        ):
            hint = f"{name}: if it needs arguments to reach the data, add them to sample_args"
            assert result.exit_code == 2, (hint, result.output)
            assert result.stderr == f"{missing}:1:1: no such file\n", (hint, result.stderr)


# -- the library -----------------------------------------------------------------------------


def test_load_catalog_raises_data_error_with_every_problem() -> None:
    with pytest.raises(DataError) as caught:
        load_catalog(str(INVALID / "many_problems.yaml"))
    assert [(p.line, p.column) for p in caught.value.problems] == [
        (8, 5),
        (9, 12),
        (11, 17),
        (15, 22),
        (16, 21),
    ]
    assert caught.value.exit_code == 2


def test_validate_file_returns_the_problems() -> None:
    report = validate_file(INVALID / "anchor.yaml")
    assert not report.valid and report.catalog is None
    assert report.lines() == [
        f"{INVALID / 'anchor.yaml'}:8:12: anchor '&title' is not allowed: {ANCHORS}"
    ]
    assert validate_file().valid


def test_the_data_file_is_never_written(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "initiatives.yaml"
    path.write_bytes(DATA.read_bytes())
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    for args in (("validate", str(path)), ("--data", str(path), "list"), ("validate", "--json")):
        assert run(*args).exit_code == 0
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert [p.name for p in tmp_path.iterdir()] == ["initiatives.yaml"]
