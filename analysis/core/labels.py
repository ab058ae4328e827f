"""Dutch labels of sections, sources and the fictional marker, from data/labels.toml (core
stage). Respondent metadata is labelled from the data itself: analysis.views.frame.metadata_fields.
"""
from __future__ import annotations

from analysis.core import config


def labels() -> dict:
    return config.data_toml("labels.toml")


def section_label(section: str) -> str:
    return labels()["sections"].get(section, section)


def source_label(source_type: str) -> str:
    return labels()["source_types"].get(source_type, source_type)


def fictional_label() -> str:
    return labels()["fictional"]["label"]

