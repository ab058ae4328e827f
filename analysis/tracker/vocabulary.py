"""Reads data/tracker.toml: statuses, link states, roles and tracing weights live there."""
from __future__ import annotations

from analysis.core import config as core_config


def config() -> dict:
    return core_config.data_toml("tracker.toml")


def statuses() -> dict[str, dict]:
    """Status id -> its settings (label, public_explanation_required, ...), in display order."""
    return config()["statuses"]


def status_label(status: str | None) -> str:
    return statuses().get(status or "open", {}).get("label", status or "")


def link_states() -> dict[str, str]:
    return config()["link_states"]


def tracing() -> dict:
    return config()["tracing"]

