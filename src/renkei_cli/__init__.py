"""renkei: query the cooperation projects of the Kitakyushu metropolitan area (北九州都市圏域).

The Python API (docs/api.md): `renkei_cli.load()` returns a catalog to `list`, `search` and
`show`, answering with the records `renkei ... --json` prints.
"""

__version__ = "0.1.0"

# typing.TYPE_CHECKING without importing typing (~10 ms for a script that only imports this).
TYPE_CHECKING = False

if TYPE_CHECKING:
    from renkei_cli.answers import PlacementRow, ProjectDetail, SearchHit, SearchResults
    from renkei_cli.api import LoadedCatalog, load
    from renkei_cli.api import list_placements as list_placements
    from renkei_cli.api import show as show
    from renkei_cli.errors import (
        AmbiguousError,
        DataError,
        NotFoundError,
        Problem,
        RenkeiError,
        UsageError,
    )

# The public names, each imported from its module on first use, so that `import renkei_cli`
# (every command line run) stays cheap. renkei_cli.search is the search package, not a function:
# search with the catalog's `search` method.
_LAZY = {
    "load": "api",
    "LoadedCatalog": "api",
    "PlacementRow": "answers",
    "SearchHit": "answers",
    "SearchResults": "answers",
    "ProjectDetail": "answers",
    # The record-returning functions the CLI calls (api.py), outside __all__.
    "list_placements": "api",
    "show": "api",
    "RenkeiError": "errors",
    "DataError": "errors",
    "Problem": "errors",
    "UsageError": "errors",
    "NotFoundError": "errors",
    "AmbiguousError": "errors",
}
__all__ = [
    "AmbiguousError",
    "DataError",
    "LoadedCatalog",
    "NotFoundError",
    "PlacementRow",
    "Problem",
    "ProjectDetail",
    "RenkeiError",
    "SearchHit",
    "SearchResults",
    "UsageError",
    "__version__",
    "load",
]


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'renkei_cli' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"renkei_cli.{module}"), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
