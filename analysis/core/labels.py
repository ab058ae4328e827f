"""Dutch labels of sections, sources, respondent metadata and the fictional marker, from
data/labels.toml (core stage).
"""
from __future__ import annotations

from analysis.core import config


def labels() -> dict:
    return config.data_toml("labels.toml")


def section_label(section: str) -> str:
    return labels()["sections"].get(section, section)


def source_label(source_type: str) -> str:
    return labels()["source_types"].get(source_type, source_type)


def metadata_fields() -> dict[str, str]:
    """Respondent metadata key -> label, the filters the pages offer."""
    return dict(labels()["respondent_metadata"])


def fictional_label() -> str:
    return labels()["fictional"]["label"]

