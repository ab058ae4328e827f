"""Reads data/settings.toml: limits and the default data set live there, not in code."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from analysis import paths


@lru_cache(maxsize=1)
def settings() -> dict:
    with open(paths.DATA_DIR / "settings.toml", "rb") as fh:
        return tomllib.load(fh)


def max_file_bytes() -> int:
    return int(settings()["limits"]["max_file_mb"] * 1024 * 1024)


def max_rows() -> int:
    return int(settings()["limits"]["max_rows"])


def default_files() -> list[Path]:
    return [paths.DATA_DIR / rel for rel in settings()["default_data"]["files"]]
