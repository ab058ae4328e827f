"""Clean file names and anchors from Dutch names (publish stage): people see them in the
address bar and in their downloads, so no ids, no accents lost to '?', no '--'."""
from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """'Werksessie 'Samen werken aan het NMP'' -> 'werksessie-samen-werken-aan-het-nmp'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_WORD.sub("-", plain.lower()).strip("-") or "pagina"


class Unique:
    """Slugs that never repeat within one set: the second 'x' becomes 'x-2'."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def slug(self, text: str) -> str:
        base = candidate = slug(text)
        n = 1
        while candidate in self._seen:
            n += 1
            candidate = f"{base}-{n}"
        self._seen.add(candidate)
        return candidate
