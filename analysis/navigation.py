"""Which pages the dashboard offers, from data/pages.toml, for a mode and a role.

Kept out of dashboard.py so the rule is testable without Streamlit and the
page list is data, not code.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from analysis import paths
from analysis.errors import InputError

MODES = ("internal", "public")


@dataclass(frozen=True)
class PageSpec:
    file: str
    title: str
    icon: str
    modes: tuple[str, ...]
    min_role: str
    default: bool = False


def _config() -> dict:
    return paths.data_toml("pages.toml")


def current_mode() -> str:
    """NMP_MODE, 'internal' unless set; an unknown value is refused rather than guessed."""
    mode = os.environ.get("NMP_MODE", "internal").strip().lower() or "internal"
    if mode not in MODES:
        raise InputError(f"NMP_MODE moet 'internal' of 'public' zijn, niet '{mode}'.")
    return mode


def all_pages() -> list[PageSpec]:
    return [PageSpec(p["file"], p["title"], p["icon"], tuple(p["modes"]), p["min_role"],
                     bool(p.get("default", False))) for p in _config()["pages"]]


def pages_for(mode: str, role: str) -> list[PageSpec]:
    """The pages a user with `role` may see in `mode`, in menu order."""
    from analysis import auth  # auth reads current_mode from here; import late to avoid a cycle

    return [p for p in all_pages()
            if mode in p.modes and auth.rank(p.min_role) <= auth.rank(role)
            and (paths.ROOT / p.file).exists()]
