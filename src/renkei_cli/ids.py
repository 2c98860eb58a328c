"""Placement ids (`1-b-6`, `3-1-g-2`) and the variants people type for them."""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"\d+|[a-z]")
_SEPARATORS = re.compile(r"[\s\-.()_/:]+")
# Shapes of a full placement id: area-letter-index, or area-field-letter-index.
_SHAPES = {("d", "l", "d"), ("d", "d", "l", "d")}


def canonical_id(text: str) -> str | None:
    """Canonical form of an id typed as `3(1)g2`, `3.1.g.2`, `３－１－ｇ－２`...; None if none."""
    folded = unicodedata.normalize("NFKC", text).strip().lower()
    if not folded or _SEPARATORS.sub("", _TOKEN.sub("", folded)):
        return None
    tokens = _TOKEN.findall(folded)
    shape = tuple("d" if token.isdigit() else "l" for token in tokens)
    if shape not in _SHAPES:
        return None
    return "-".join(str(int(t)) if t.isdigit() else t for t in tokens)
