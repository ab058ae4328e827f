"""Which pages the dashboard offers, from data/pages.toml, for a mode and a role (access stage).

Kept out of dashboard.py so the rule is testable without Streamlit and the
page list is data, not code."""
from __future__ import annotations

from dataclasses import dataclass

from analysis.core import config, paths


@dataclass(frozen=True)
class PageSpec:
    file: str
    title: str
    icon: str
    modes: tuple[str, ...]
    min_role: str
    default: bool = False


def _config() -> dict:
    return config.data_toml("pages.toml")


def all_pages() -> list[PageSpec]:
    return [PageSpec(p["file"], p["title"], p["icon"], tuple(p["modes"]), p["min_role"],
                     bool(p.get("default", False))) for p in _config()["pages"]]


def pages_for(mode: str, role: str) -> list[PageSpec]:
    """The pages a user with `role` may see in `mode`, in menu order."""
    from analysis.access import roles

    return [p for p in all_pages()
            if mode in p.modes and roles.rank(p.min_role) <= roles.rank(role)
            and (paths.ROOT / p.file).exists()]

