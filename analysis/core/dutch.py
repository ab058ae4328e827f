"""Dutch formatting of numbers and moments for everything a person reads (core stage).

One place for the decimal comma, the thousands dot and local time, so pages, exports,
evidence texts and reports agree: 1.234, 0,32, 18,8 %, 1-12-2026 14:05 (Amsterdam time).
"""
from __future__ import annotations

import math
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd

TIMEZONE = ZoneInfo("Europe/Amsterdam")
_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"]
_SHORT_MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def month_name(month: int) -> str:
    """'november' for 11."""
    return _MONTHS[int(month) - 1]


def month_year(value, short: bool = False) -> str:
    """'juni 2023', or with short 'jun 2023' (a chart axis), for a month or a day (anything with
    .month and .year: a pandas Period or Timestamp, a date)."""
    return f"{(_SHORT_MONTHS if short else _MONTHS)[int(value.month) - 1]} {value.year}"


def number(n: float | int) -> str:
    """Whole number with a thousands dot: 12.345."""
    return f"{round(n):,}".replace(",", ".")


def count(n: int, one: str, many: str) -> str:
    """'1 suggestie', '12 suggesties', '1.234 suggesties': the noun agrees with the number."""
    return f"{number(n)} {one if n == 1 else many}"


def decimal(x: float, digits: int = 2) -> str:
    """Decimal comma, thousands dot: 1.234,57."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return f"{x:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def percent(share: float, digits: int = 1) -> str:
    """A share (0..1) as a Dutch percentage, a space before the sign: 0.188 -> 18,8 %."""
    return f"{decimal(share * 100, digits)} %"


def local(moment) -> pd.Timestamp | None:
    """A stored moment (UTC or naive UTC) as Amsterdam time; None when missing or unreadable."""
    ts = pd.to_datetime(moment, utc=True, errors="coerce")
    return None if pd.isna(ts) else ts.tz_convert(TIMEZONE)


def moment(value) -> str:
    """Date and local time: 1-12-2026 14:05; empty when missing."""
    ts = local(value)
    return "" if ts is None else f"{ts.day}-{ts.month}-{ts.year} {ts:%H:%M}"


def moments(values: pd.Series) -> pd.Series:
    """moment() for a column."""
    ts = pd.to_datetime(values, utc=True, errors="coerce").dt.tz_convert(TIMEZONE)
    text = (ts.dt.day.astype("Int64").astype("string") + "-" + ts.dt.month.astype("Int64").astype("string")
            + "-" + ts.dt.year.astype("Int64").astype("string") + " " + ts.dt.strftime("%H:%M"))
    return text.fillna("")


def days(values: pd.Series) -> pd.Series:
    """day() for a column, each distinct value parsed once (dates repeat over thousands of rows)."""
    distinct = values.dropna().unique()
    return values.astype(object).map({v: day(v) for v in distinct}).astype(object).fillna("").astype(str)


def day(value) -> str:
    """A calendar date, written out: 26 juni 2024; empty when missing or unreadable."""
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        parsed = pd.to_datetime(value, errors="coerce")
        if pd.isna(parsed):
            return ""
        value = parsed.date()
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
