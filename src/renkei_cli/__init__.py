"""renkei: query the cooperation projects of the Kitakyushu metropolitan area (北九州都市圏域)."""

__version__ = "0.1.0"

# The Python API (api.py), imported on first use so that `import renkei_cli` (every command
# line run) stays cheap. `search` is renkei_cli.search, the search package: use api.search.
_API = ("LoadedCatalog", "list_placements", "load", "show")
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> object:
    if name in _API:
        from renkei_cli import api

        return getattr(api, name)
    raise AttributeError(f"module 'renkei_cli' has no attribute {name!r}")
