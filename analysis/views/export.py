"""Tables out: CSV and XLSX that tools and people can read, safe against formula injection,
written atomically (views stage).

CSV: the header is the first line (pandas, spreadsheets and BI tools read it as a table),
semicolons, decimal comma, ISO dates (2024-06-26), UTF-8 with BOM for Excel; text that a
spreadsheet would run (= + - @, tab/CR) gets a leading apostrophe, as OWASP advises for CSV;
a plain number such as -3 is left alone. What a file is and when it was made goes only in the
XLSX (a first sheet), never above the CSV header.

XLSX: one writer for every workbook (analysis.views.export.to_bytes); dates are date cells shown
dd-mm-jjjj, numbers are number cells with their decimals (Excel shows the Dutch separators
itself), and formula-like text is a text cell (no apostrophe in the value, never a formula).
Files are written to a temporary name and renamed, so a failed export never leaves half a file.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from analysis.core import dutch
from analysis.core.errors import InputError
from analysis.core.files import write_atomically

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+([.,]\d+)?")
DATE_FORMAT = "DD-MM-YYYY"
MOMENT_FORMAT = "DD-MM-YYYY HH:MM"
_MAX_DECIMALS = 3


def formula_like(value: object) -> bool:
    """Text a spreadsheet would run as a formula (a plain number such as -3 is not)."""
    return (isinstance(value, str) and value.startswith(FORMULA_PREFIXES)
            and not _PLAIN_NUMBER.fullmatch(value))


def neutralise_cell(value):
    return "'" + value if formula_like(value) else value


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of df in which every text cell that a spreadsheet would run is made inert (CSV)."""
    out = df.copy()
    for col in out.columns:
        if _is_text(out[col]):
            out[col] = out[col].map(neutralise_cell, na_action="ignore")
    return out


def _is_text(values: pd.Series) -> bool:
    return values.dtype == object or pd.api.types.is_string_dtype(values)


def timed(values: pd.Series) -> bool:
    """A datetime column holds times of day (not only dates)."""
    v = values.dropna()
    return bool((v != v.dt.normalize()).any())


def _naive(values: pd.Series) -> pd.Series:
    """Aware moments as Amsterdam wall-clock time: spreadsheets have no time zones."""
    if getattr(values.dt, "tz", None) is not None:
        return values.dt.tz_convert(dutch.TIMEZONE).dt.tz_localize(None)
    return values


def _iso_dates(df: pd.DataFrame) -> pd.DataFrame:
    """Date columns as 2024-06-26 (or 2024-06-26 14:05 when they hold a time), for CSV."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            values = _naive(out[col])
            out[col] = values.dt.strftime("%Y-%m-%d %H:%M" if timed(values) else "%Y-%m-%d").fillna("")
    return out


def to_bytes(df: pd.DataFrame, fmt: str, about: list[str] | None = None, sheet: str = "Gegevens",
             about_sheet: str = "Over dit bestand") -> bytes:
    """The table as CSV (header first) or XLSX bytes, for downloads and the command line.

    `about` (lines saying what the file is and when it was made) becomes the XLSX's first
    sheet `about_sheet`; a CSV stays a bare table. The XLSX data sheet is named `sheet`.
    """
    if fmt == "csv":
        return _iso_dates(neutralise(df)).to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")
    if fmt == "xlsx":
        sheets = [(about_sheet, pd.DataFrame({about_sheet: about}))] if about else []
        return workbook_bytes([*sheets, (sheet, df)])
    raise InputError(f"Onbekend exportformaat '{fmt}': kies csv of xlsx.")


def workbook_bytes(sheets: list[tuple[str, pd.DataFrame]]) -> bytes:
    """An XLSX with one sheet per (name, table): typed cells, readable widths, frozen header."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name, df in sheets:
        _sheet(wb.create_sheet(name[:31]), df)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet(ws, df: pd.DataFrame) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = "A2"
    columns = [_column(df[col]) for col in df.columns]
    for i, col in enumerate(df.columns, start=1):
        sample = df[col].astype("string").fillna("").head(200).str.len()
        width = max(len(str(col)), int(sample.max()) if len(sample) else 0)
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(10, width + 2))

    def cell(value, number_format: str | None):
        if value is None:
            return None
        c = WriteOnlyCell(ws, value)
        if number_format:
            c.number_format = number_format
        elif isinstance(value, str) and c.data_type != "s":  # '=SUM(A1)' is text, not a formula
            c.data_type = "s"
            c.quotePrefix = True  # Excel keeps it text when the cell is edited
        return c

    ws.append([cell(str(c), None) for c in df.columns])
    for row in zip(*(values for values, _ in columns)) if columns else ():
        ws.append([cell(v, fmt) for v, (_, fmt) in zip(row, columns)])


def _column(values: pd.Series) -> tuple[list, str | None]:
    """A column's cell values (None for empty) and its number format (None for text)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        v = _naive(values)
        fmt = MOMENT_FORMAT if timed(v) else DATE_FORMAT
        return [None if pd.isna(x) else x.to_pydatetime() for x in v], fmt
    if pd.api.types.is_bool_dtype(values):
        return [None if pd.isna(x) else bool(x) for x in values], None
    if pd.api.types.is_integer_dtype(values):
        return [None if pd.isna(x) else int(x) for x in values], "#,##0"
    if pd.api.types.is_float_dtype(values):
        v = values.astype("float64")
        return [None if pd.isna(x) else float(x) for x in v], _number_format(v)
    return [None if _missing(x) else x if isinstance(x, str) else str(x) for x in values], None


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _number_format(values: pd.Series) -> str:
    """'#,##0' for whole numbers, else as many decimals as the values have (at most 3)."""
    v = values.dropna()
    digits = next((d for d in range(_MAX_DECIMALS) if (v.round(d) == v).all()), _MAX_DECIMALS)
    return "#,##0" + ("." + "0" * digits if digits else "")


def write_table(df: pd.DataFrame, out: Path, about: list[str] | None = None, **names: str) -> None:
    fmt = out.suffix.lower().lstrip(".")
    write_atomically(to_bytes(df, fmt, about, **names), out)
