"""The spelling-variant table (data/variants.yaml): load and validate it."""

from __future__ import annotations

from pathlib import Path

from renkei_cli.builder import NodeReader, TooManyProblems
from renkei_cli.datafile import decode_data, read_data
from renkei_cli.errors import DataError, Problem
from renkei_cli.paths import default_variants_path
from renkei_cli.yamlnodes import compose

_DATA_FILE_KEYS = "schema_version, source and areas"


def load_variants(
    path: Path | str | None = None, data: bytes | None = None
) -> tuple[tuple[str, ...], ...]:
    """Load and validate a spelling-variant table (the bundled one by default).

    The file is a mapping with one key, `variants`: a list of groups, each a list of at least
    two spellings of one word. Search compares textnorm keys, so a spelling whose key is empty
    or is found in a second group (which form would it become?) is refused, and so is a group
    whose spellings all share one key (normalisation folds them already). Raise DataError
    listing every problem as FILE:LINE:COL. With `data`, those bytes are parsed.
    """
    from renkei_cli.textnorm import normalize

    path = Path(path) if path is not None else default_variants_path()
    shown = str(path)
    try:
        text = decode_data(read_data(path, shown) if data is None else data, shown)
        root = compose(text, shown)
    except DataError as error:  # compose words an empty or non-mapping root for a data file
        problems = [
            Problem(p.line, p.column, p.message.replace(_DATA_FILE_KEYS, "a `variants` list"))
            for p in error.problems
        ]
        raise DataError(shown, problems) from None
    builder = NodeReader()
    groups: list[tuple[str, ...]] = []
    try:
        top = builder.mapping(root, "the variants file", ("variants",))
        group_of_key: dict[str, tuple[str, int]] = {}  # search key -> (spelling, group line)
        has_groups = top is not None and "variants" in top
        group_nodes = builder.sequence(top["variants"], "variants") if top and has_groups else []
        for group_node in group_nodes:
            items = builder.sequence(group_node, "a variant group")
            if group_node.kind != "seq":
                continue
            if len(items) < 2:
                builder.problem(group_node, "a variant group needs at least two spellings")
            keys_here: dict[str, str] = {}
            spellings: list[str] = []
            for item in items:
                spelling = builder.string(item, "a spelling")
                if spelling is None:
                    continue
                key = normalize(spelling)
                if not key:
                    builder.problem(item, f"'{spelling}' has no letters to search for")
                elif key in keys_here:
                    spellings.append(spelling)  # redundant (normalize folds it) but harmless
                elif key in group_of_key:
                    other, other_line = group_of_key[key]
                    builder.problem(
                        item, f"'{spelling}' is already in the group at line {other_line} "
                        f"(as '{other}'): a spelling belongs to one group",
                    )  # fmt: skip
                else:
                    keys_here[key] = spelling
                    spellings.append(spelling)
            if len(items) >= 2 and len(keys_here) == 1 and len(spellings) == len(items):
                builder.problem(
                    group_node,
                    "these spellings already search the same (normalisation folds width, "
                    "kana, case and vowel length): the group is not needed",
                )
            for key, spelling in keys_here.items():
                group_of_key[key] = (spelling, group_node.line)
            groups.append(tuple(spellings))
    except TooManyProblems:
        pass
    if builder.problems:
        raise DataError(shown, builder.problems)
    return tuple(groups)
