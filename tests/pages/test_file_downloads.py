"""AppTest: the files the pages offer are files tools read. Every CSV loads with
pandas.read_csv(sep=";", decimal=",") with its header on line 1 and numbers as numbers; every
XLSX has date and number cells; names say what and when; each chart has a Dutch PNG download."""
from __future__ import annotations

import io
import re
from datetime import datetime

import openpyxl
import pandas as pd
import pytest
from apptests import open_page, record_downloads

from analysis.core import dutch

TODAY = datetime.now(dutch.TIMEZONE).date().isoformat()


def _page(monkeypatch, url: str, page: str):
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("NMP_MODE", "internal")
    files = record_downloads(monkeypatch)
    return open_page(page, timeout=300), files


def _csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")


@pytest.mark.parametrize("page,key,what,number,date", [
    ("app_pages/bijdragen.py", "bijdragen_download", "bijdragen", "Zekerheid hoofdthema", "Datum"),
    ("app_pages/kernpunten.py", "kp_dl", "kernpunten-nmp-conceptversie-4", "Bijdragen", None),
    ("app_pages/tracker.py", "trk", "tracker-nmp-conceptversie-4", "Score voorstel", "Datum"),
])
def test_table_downloads_are_files_tools_read(monkeypatch, default_data_store, page, key, what, number, date):
    at, files = _page(monkeypatch, default_data_store.url, page)
    assert not at.exception
    csv_name, csv_data = files[f"{key}_csv"]
    xlsx_name, xlsx_data = files[f"{key}_xlsx"]
    assert csv_name == f"{what}-{TODAY}.csv" and xlsx_name == f"{what}-{TODAY}.xlsx"
    table = _csv(csv_data())
    assert len(table) and number in table.columns
    assert pd.api.types.is_numeric_dtype(table[number])
    if date:
        assert table[date].dropna().astype(str).str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_data()))
    assert wb.sheetnames == ["Over dit bestand", "Gegevens"]
    ws = wb["Gegevens"]
    head = [c.value for c in ws[1]]
    assert head == list(table.columns)
    numbers = [r[head.index(number)] for r in ws.iter_rows(min_row=2) if r[head.index(number)].value is not None]
    assert numbers and {c.data_type for c in numbers} == {"n"}
    if date:
        dates = [r[head.index(date)] for r in ws.iter_rows(min_row=2) if r[head.index(date)].value is not None]
        assert dates and all(c.is_date for c in dates)


def test_topic_download_names_its_topic_and_day(monkeypatch, default_data_store):
    at, files = _page(monkeypatch, default_data_store.url, "app_pages/verkennen.py")
    assert not at.exception
    name, _ = files["verkennen_onderwerp_download_csv"]
    assert re.fullmatch(rf"onderwerp-[a-z0-9-]+-{TODAY}\.csv", name) and name != f"onderwerp-{TODAY}.csv"


def test_charts_have_a_dutch_png_download_and_no_plotly_toolbar(monkeypatch, default_data_store):
    at, files = _page(monkeypatch, default_data_store.url, "app_pages/overzicht.py")
    assert not at.exception
    buttons = [b for b in at.get("download_button") if b.proto.label == "Grafiek downloaden (PNG)"]
    assert len(buttons) >= 3
    for chart in at.get("plotly_chart"):
        assert '"displayModeBar": false' in chart.proto.config
    name, data = files["themas_png"]
    assert name == f"bijdragen-per-thema-{TODAY}.png"
    png = data()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
