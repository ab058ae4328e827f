"""Dutch numbers and local times, as every page, export and report writes them."""
from __future__ import annotations

import pandas as pd

from analysis.core import dutch


def test_numbers_use_the_dutch_separators():
    assert dutch.number(1234567) == "1.234.567"
    assert dutch.number(12) == "12"
    assert dutch.decimal(0.3214) == "0,32"
    assert dutch.decimal(1234.5, 1) == "1.234,5"
    assert dutch.percent(0.188) == "18,8 %"
    assert dutch.decimal(float("nan")) == ""


def test_moments_are_amsterdam_time_not_utc():
    assert dutch.moment("2026-12-01T13:05:00+00:00") == "1-12-2026 14:05"  # winter: UTC+1
    assert dutch.moment(pd.Timestamp("2024-06-26 10:00", tz="UTC")) == "26-6-2024 12:00"  # summer: UTC+2
    assert dutch.moment(None) == ""
    col = dutch.moments(pd.Series(["2026-12-01T13:05:00Z", None]))
    assert col.tolist() == ["1-12-2026 14:05", ""]


def test_days_are_written_out():
    assert dutch.day("2024-06-26") == "26 juni 2024"
    assert dutch.day(pd.Timestamp("2024-11-06")) == "6 november 2024"
    assert dutch.day("geen datum") == ""


def test_days_of_a_column_without_any_date_is_empty_text():
    from analysis.core import schema

    empty = schema.conform(pd.DataFrame({"date": [pd.NA, pd.NA]}))["date"]
    assert dutch.days(empty).tolist() == ["", ""]
