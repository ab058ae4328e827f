"""Reads data/tracker.toml: statuses, link states, roles and tracing weights live there (tracker stage)."""
from __future__ import annotations

from analysis.core import config as core_config


def config() -> dict:
    return core_config.data_toml("tracker.toml")


def statuses() -> dict[str, dict]:
    """Status id -> its settings (label, public_explanation_required, ...), in display order."""
    return config()["statuses"]


def status_label(status: str | None) -> str:
    return statuses().get(status or "open", {}).get("label", status or "")


def needs_explanation() -> list[str]:
    """Statuses that can only be published with a public explanation."""
    return [s for s, spec in statuses().items() if spec.get("public_explanation_required")]


def explanation_help() -> str:
    """'Verplicht om 'Niet verwerkt' of 'Doorverwezen' te publiceren.', from data/tracker.toml."""
    names = [f"'{status_label(s)}'" for s in needs_explanation()]
    return f"Verplicht om {' of '.join(names)} te publiceren." if names else ""


def not_in_programme() -> set[str]:
    """Statuses meaning "not in the programme" (open, niet_verwerkt, doorverwezen): no section."""
    return {s for s, spec in statuses().items() if spec.get("not_in_programme")}


def in_programme() -> set[str]:
    """Statuses that put a suggestion in the programme's text (verwerkt, deels verwerkt): only
    those say "opgenomen in" a section."""
    return {s for s, spec in statuses().items() if spec.get("done")}


def shown_section(status: str | None, section: str | None) -> str | None:
    """The section to show with a decision: none for a not-in-the-programme status (rows saved
    before that rule may still hold one)."""
    if (status or "open") in not_in_programme():
        return None
    return section or None


def link_states() -> dict[str, str]:
    return config()["link_states"]


def tracing() -> dict:
    return config()["tracing"]



def reactions() -> dict:
    """Which later contributions react to a suggestion: kinds and similarity (analysis.tracker.reactions)."""
    return config()["reactions"]
