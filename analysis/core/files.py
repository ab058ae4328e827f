"""Writing files so that a failure or a second process never leaves half a file (core stage).

Downloads, reports, the evaluation figures and the cached theme models are all written through
a temporary file beside the target and then renamed over it; the temporary name is unique, so
two processes (the internal and the public dashboard, or parallel test workers) writing the
same file at once each replace it whole.
"""
from __future__ import annotations

import io
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import joblib

from analysis.core import dutch
from analysis.core.errors import InputError


def clean_name(*parts: str, suffix: str = "", max_chars: int = 100) -> str:
    """A file name people can read and every system accepts: the parts in lower case, accents
    dropped, words joined by single hyphens ("Werksessie 'Samen werken' 26 juni 2024" ->
    "werksessie-samen-werken-26-juni-2024"), cut at a word within max_chars, plus suffix."""
    text = unicodedata.normalize("NFKD", " ".join(p for p in parts if p)).encode("ascii", "ignore").decode()
    name = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(name) > max_chars:
        name = name[:max_chars].rsplit("-", 1)[0]
    return (name or "bestand") + suffix


def dated_name(*parts: str, suffix: str = "", max_chars: int = 100) -> str:
    """clean_name of what the file holds plus the day it was made in Dutch time, so a download
    says what and when: ("Thema Cumulatie",) -> "thema-cumulatie-2026-12-06" + suffix."""
    today = datetime.now(dutch.TIMEZONE).date().isoformat()
    return f"{clean_name(*parts, max_chars=max_chars - len(today) - 1)}-{today}{suffix}"


def write_atomically(data: bytes, out: Path) -> None:
    """Write data to out via a uniquely named temporary file in the same folder."""
    target_dir = out.parent if str(out.parent) else Path(".")
    if not target_dir.is_dir():
        raise InputError(f"Map bestaat niet: {target_dir}")
    fd, tmp = tempfile.mkstemp(dir=target_dir, prefix=f".{out.stem}-", suffix=out.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_text_atomically(text: str, out: Path) -> None:
    write_atomically(text.encode("utf-8"), out)


def dump_atomically(obj: object, out: Path) -> None:
    """joblib.dump through write_atomically (models of a few MB: held in memory once)."""
    buffer = io.BytesIO()
    joblib.dump(obj, buffer)
    write_atomically(buffer.getvalue(), out)


def cached_model(folder: Path, name: str, key: str, build: Callable[[], object]) -> object:
    """folder/<name>-<key>.joblib, or build() kept there when it is missing or unreadable; the
    files of other keys (older labelled data) are removed, so one model per name stays."""
    path = folder / f"{name}-{key}.joblib"
    try:
        return joblib.load(path)
    except Exception:  # not cached yet, stale or truncated: build and keep
        model = build()
        path.parent.mkdir(parents=True, exist_ok=True)
        dump_atomically(model, path)
        for stale in path.parent.glob(f"{name}-*.joblib"):
            if stale != path:
                stale.unlink(missing_ok=True)
        return model
