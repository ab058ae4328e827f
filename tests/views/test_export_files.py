"""analysis.views.export and the chart PNG layout: a CSV is a bare table with Dutch numbers and
ISO dates, an XLSX has typed cells and formula-like text as text, names carry what and when."""
from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd

from analysis.core import files
from analysis.views import charts, export

TABLE = pd.DataFrame({
    "Tekst": ["=SUM(A1)", "-3", "+31 6", "@naam", "gewoon"],
    "Aantal": pd.array([1, 2, None, 1234, 5], dtype="Int64"),
    "Score": [0.53, 1.2, None, 3.0, -3.0],
    "Datum": pd.to_datetime(["2024-06-26", None, "2024-01-01", "2024-02-02", "2024-03-03"]),
    "Moment": pd.to_datetime(["2024-06-26 14:05", None, None, None, None]),
})


def test_csv_header_first_decimal_comma_iso_dates_formulas_defused():
    data = export.to_bytes(TABLE, "csv", about=["Wat dit is", "Gemaakt op ..."])
    assert data.decode("utf-8-sig").splitlines()[0] == "Tekst;Aantal;Score;Datum;Moment"
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert pd.api.types.is_numeric_dtype(back["Aantal"]) and pd.api.types.is_float_dtype(back["Score"])
    assert back["Score"].tolist()[:2] == [0.53, 1.2]
    assert back["Tekst"].tolist() == ["'=SUM(A1)", "-3", "'+31 6", "'@naam", "gewoon"]
    assert back["Datum"].tolist()[0] == "2024-06-26" and back["Moment"].tolist()[0] == "2024-06-26 14:05"


def test_xlsx_dates_numbers_and_text_cells():
    wb = openpyxl.load_workbook(io.BytesIO(export.to_bytes(TABLE, "xlsx", about=["Wat dit is"])))
    assert wb.sheetnames == ["Over dit bestand", "Gegevens"]
    rows = list(wb["Gegevens"].iter_rows(min_row=2))
    text, count, score, day, moment = rows[0]
    assert text.value == "=SUM(A1)" and text.data_type == "s" and text.quotePrefix
    assert rows[1][0].value == "-3" and rows[1][0].data_type == "s"
    assert count.data_type == "n" and count.number_format == "#,##0"
    assert score.value == 0.53 and score.number_format == "#,##0.00"
    assert day.is_date and day.number_format == "DD-MM-YYYY"
    assert moment.is_date and moment.number_format == "DD-MM-YYYY HH:MM"
    assert rows[1][3].value is None  # a missing date is an empty cell, not NaT


def test_dated_name_says_what_and_when():
    name = files.dated_name("Thema Cumulatie / stapeling", suffix=".xlsx")
    assert re.fullmatch(r"thema-cumulatie-stapeling-\d{4}-\d{2}-\d{2}\.xlsx", name)
    assert re.search(r"-\d{4}-\d{2}-\d{2}$", files.dated_name("x" * 300))


def test_png_layout_puts_the_legend_under_the_plot():
    table = pd.DataFrame({"Thema": ["Een", "Twee"], "Sterk punt": [1, 2], "Zwak punt": [2, 1],
                          "Verbeterpunt": [0, 3]})
    fig = charts.stacked_bars(table, "Thema", "Titel")
    png = charts.for_png(fig)
    assert png.layout.width == charts.PNG_WIDTH and png.layout.legend.orientation == "h"
    assert png.layout.legend.yref == "container" and png.layout.legend.y == 0
    assert png.layout.margin.b > fig.layout.margin.b and png.layout.height > fig.layout.height
    assert fig.layout.width is None  # the page's figure is not changed
    single = charts.for_png(charts.theme_bars(pd.DataFrame({"Thema": ["Een"], "Bijdragen": [3]})))
    assert single.layout.showlegend is False
