"""Reads data/settings.toml: limits and the default data set live there, not in code.

An operator may override the file size limit without editing the file:
NMP_MAX_FILE_MB=200 (megabytes, may be fractional).
"""
from __future__ import annotations

import os
from pathlib import Path

from analysis import paths


def settings() -> dict:
    return paths.data_toml("settings.toml")


def max_file_bytes() -> int:
    """Files and uploads larger than this are refused before parsing."""
    override = os.environ.get("NMP_MAX_FILE_MB", "").strip()
    mb = float(override) if override else float(settings()["limits"]["max_file_mb"])
    return int(mb * 1024 * 1024)


def max_rows() -> int:
    return int(settings()["limits"]["max_rows"])


def default_files() -> list[Path]:
    return [paths.DATA_DIR / rel for rel in settings()["default_data"]["files"]]
