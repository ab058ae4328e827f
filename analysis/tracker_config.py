"""Reads data/tracker.toml: statuses, link states, roles and tracing weights live there."""
from __future__ import annotations

import tomllib
from functools import lru_cache

from analysis import paths


@lru_cache(maxsize=1)
def config() -> dict:
    with open(paths.DATA_DIR / "tracker.toml", "rb") as fh:
        return tomllib.load(fh)


def statuses() -> dict[str, dict]:
    """Status id -> its settings (label, public_explanation_required, ...), in display order."""
    return config()["statuses"]


def status_label(status: str | None) -> str:
    return statuses().get(status or "open", {}).get("label", status or "")


def link_states() -> dict[str, str]:
    return config()["link_states"]


def tracing() -> dict:
    return config()["tracing"]

