"""Tables out: CSV and XLSX, safe against formula injection, written atomically (views stage).

Spreadsheet programs execute cells that start with = + - @ (and tab/CR tricks);
user text goes out with a leading apostrophe instead. Files are written to a
temporary name and renamed, so a failed export never leaves half a file.
"""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from analysis.core.errors import InputError
from analysis.core.files import write_atomically

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


def _dutch_dates(df: pd.DataFrame) -> pd.DataFrame:
    """Date columns as 26-06-2024 (or 26-06-2024 14:05 when they hold a time), for CSV."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            values = out[col]
            timed = bool((values.dropna() != values.dropna().dt.normalize()).any())
            out[col] = values.dt.strftime("%d-%m-%Y %H:%M" if timed else "%d-%m-%Y").fillna("")
    return out


def to_bytes(df: pd.DataFrame, fmt: str, about: list[str] | None = None, sheet: str = "Gegevens",
             about_sheet: str = "Over dit bestand") -> bytes:
    """The neutralised table as CSV (UTF-8 with BOM, for Excel) or XLSX bytes, for downloads.

    With `about` (lines saying what the file is and when it was made) the file is for people:
    a CSV opens with those lines and an empty line before the header and is written the way
    Dutch Excel reads it (semicolons, decimal comma); an XLSX gets them on a first sheet. The
    data sheet is named `sheet`; date columns read 26-06-2024 in both.
    """
    safe = neutralise(df)
    if fmt == "csv":
        if not about:
            return _dutch_dates(safe).to_csv(index=False).encode("utf-8-sig")
        head = pd.DataFrame([[neutralise_cell(line)] for line in about]).to_csv(
            index=False, header=False, sep=";") + "\n"
        body = _dutch_dates(safe).to_csv(index=False, sep=";", decimal=",")
        return (head + body).encode("utf-8-sig")
    if fmt == "xlsx":
        buf = io.BytesIO()
        with pd.ExcelWriter(buf, engine="openpyxl") as writer:
            if about:
                pd.DataFrame({about_sheet: [neutralise_cell(line) for line in about]}).to_excel(
                    writer, sheet_name=about_sheet[:31], index=False)
            safe.to_excel(writer, sheet_name=sheet[:31], index=False)
            _widths(writer, sheet[:31], safe)
        return buf.getvalue()
    raise InputError(f"Onbekend exportformaat '{fmt}': kies csv of xlsx.")


def _widths(writer, sheet: str, df: pd.DataFrame) -> None:
    """Readable column widths and a frozen header row."""
    from openpyxl.utils import get_column_letter

    ws = writer.sheets[sheet]
    ws.freeze_panes = "A2"
    for i, col in enumerate(df.columns, start=1):
        if pd.api.types.is_datetime64_any_dtype(df[col]):
            values = df[col].dropna()
            fmt = "DD-MM-YYYY HH:MM" if bool((values != values.dt.normalize()).any()) else "DD-MM-YYYY"
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = fmt
        sample = df[col].astype("string").fillna("").head(200).str.len()
        width = max(len(str(col)), int(sample.max()) if len(sample) else 0)
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(10, width + 2))


def write_table(df: pd.DataFrame, out: Path, about: list[str] | None = None, **names: str) -> None:
    fmt = out.suffix.lower().lstrip(".")
    write_atomically(to_bytes(df, fmt, about, **names), out)
