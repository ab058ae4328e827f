"""Reads data/taxonomy.toml: the fixed theme ids, their labels, seed terms and onderwerp patterns (enrich stage)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.core import config


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    seeds: tuple[str, ...]
    topic_patterns: tuple[re.Pattern, ...]


def _raw() -> dict:
    return config.data_toml("taxonomy.toml")


@lru_cache(maxsize=1)
def themes() -> tuple[Theme, ...]:
    return tuple(
        Theme(t["id"], t["label"], tuple(t.get("seeds", ())),
              tuple(re.compile(p, re.IGNORECASE) for p in t.get("topic_patterns", ())))
        for t in _raw()["themes"]
    )


def theme_ids() -> list[str]:
    return [t.id for t in themes()]


def labels() -> dict[str, str]:
    return {t.id: t.label for t in themes()}


def setting(name: str) -> float:
    return float(_raw()["settings"][name])


def topic_themes(topic: str | None) -> list[str]:
    """Theme ids an onderwerp heading maps to (empty when none does)."""
    if not topic or not isinstance(topic, str):
        return []
    heading = " ".join(topic.split())
    return [t.id for t in themes() if any(p.search(heading) for p in t.topic_patterns)]
