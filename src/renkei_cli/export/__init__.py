"""Exports: the whole catalog written to another form, for people and programs elsewhere.

Each export is one module here (an HTML page, a SQLite database, ...), built through api.py
from a loaded catalog (its records, its search index), so an export holds what `renkei`
prints. An export imports its heavy libraries inside its functions, and its command in cli.py
stays a thin call.

- `html`: `renkei export html`, the whole table as one self-contained page whose search box
  matches with the keys of the LoadedCatalog's own search index, as `renkei search` does.
- `sqlite`: `renkei export sqlite`, the tables with their keys, a joined view and a full-text
  index, for SQL and Datasette (the tables are declared once in `tables.py`).
"""
