"""Tables out: CSV and XLSX, safe against formula injection, written atomically (views stage).

Spreadsheet programs execute cells that start with = + - @ (and tab/CR tricks);
user text goes out with a leading apostrophe instead. Files are written to a
temporary name and renamed, so a failed export never leaves half a file.
"""
from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pandas as pd

from analysis.core.errors import InputError

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of df in which every text cell that a spreadsheet would run is made inert."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise_cell, na_action="ignore")
    return out


def to_bytes(df: pd.DataFrame, fmt: str) -> bytes:
    """The neutralised table as CSV (UTF-8 with BOM, for Excel) or XLSX bytes, for downloads."""
    safe = neutralise(df)
    if fmt == "csv":
        return safe.to_csv(index=False).encode("utf-8-sig")
    if fmt == "xlsx":
        buf = io.BytesIO()
        safe.to_excel(buf, index=False, engine="openpyxl")
        return buf.getvalue()
    raise InputError(f"Onbekend exportformaat '{fmt}': kies csv of xlsx.")


def write_table(df: pd.DataFrame, out: Path) -> None:
    fmt = out.suffix.lower().lstrip(".")
    data = to_bytes(df, fmt)
    target_dir = out.parent if str(out.parent) else Path(".")
    if not target_dir.is_dir():
        raise InputError(f"Map bestaat niet: {target_dir}")
    fd, tmp = tempfile.mkstemp(dir=target_dir, prefix=".export-", suffix=out.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
