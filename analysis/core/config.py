"""Config readers (core stage): data_toml reads any data/*.toml once; settings.toml's limits and
the default data set live there, not in code.

An operator may override the file size limit without editing the file:
NMP_MAX_FILE_MB=200 (megabytes, may be fractional).
"""
from __future__ import annotations

import os
import tomllib
from functools import cache
from pathlib import Path

from analysis.core.paths import DATA_DIR


def settings() -> dict:
    return data_toml("settings.toml")


def max_file_bytes() -> int:
    """Files and uploads larger than this are refused before parsing."""
    override = os.environ.get("NMP_MAX_FILE_MB", "").strip()
    mb = float(override) if override else float(settings()["limits"]["max_file_mb"])
    return int(mb * 1024 * 1024)


def max_rows() -> int:
    return int(settings()["limits"]["max_rows"])


def default_files() -> list[Path]:
    return [DATA_DIR / rel for rel in settings()["default_data"]["files"]]


@cache
def data_toml(name: str) -> dict:
    """data/<name>, read once per process: settings and vocabularies are files, not code."""
    with open(DATA_DIR / name, "rb") as fh:
        return tomllib.load(fh)

