"""Exports: the table in forms meant for people who never run a command (an HTML page)."""
