"""Which pages the dashboard offers, from data/pages.toml, for a mode and a role (access stage).

Kept out of dashboard.py so the rule is testable without Streamlit and the
page list is data, not code."""
from __future__ import annotations

from dataclasses import dataclass, replace

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


def _default_in(spec: dict, mode: str | None) -> bool:
    """`default = true` (every mode) or `default = ["public"]` (the opening page of those modes)."""
    default = spec.get("default", False)
    if isinstance(default, list):
        return mode in default
    return bool(default)


def all_pages(mode: str | None = None) -> list[PageSpec]:
    """Every page of data/pages.toml in file order; `default` as it is in `mode`."""
    return [PageSpec(p["file"], p["title"], p["icon"], tuple(p["modes"]), p["min_role"],
                     _default_in(p, mode)) for p in _config()["pages"]]


def pages_for(mode: str, role: str) -> list[PageSpec]:
    """The pages a user with `role` may see in `mode`, in menu order: the mode's opening page
    first (on a phone the menu is folded away, so what opens must be what people came for)."""
    from analysis.access import roles

    pages = [p for p in all_pages(mode)
             if mode in p.modes and roles.rank(p.min_role) <= roles.rank(role)
             and (paths.ROOT / p.file).exists()]
    first = next((p for p in pages if p.default), None)
    if first is None and pages:
        first = pages[0]
    rest = [p for p in pages if p is not first]
    return [replace(first, default=True), *rest] if first is not None else []

