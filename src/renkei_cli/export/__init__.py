"""Exports: the whole catalog written to another form, for people and programs elsewhere.

Each export is one module here (an HTML page, a SQLite database, ...), built from the
records of records.py (the JSON contract) through api.py, so an export holds exactly what
`renkei ... --json` prints. An export imports its heavy libraries inside its functions, and
its command in cli.py stays a thin call. sqlite.py writes a SQLite database (its tables are
declared in tables.py).
"""
