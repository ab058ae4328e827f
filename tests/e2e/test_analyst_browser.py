"""The analyst's journey in Debian's chromium, as a person does it: import a consultation file
with metadata columns the example data does not have, compare one theme across the June and
November sessions and that consultation, split it by provincie, filter on Fryslân, download
(CSV, Excel, chart), then mask a group name in three identical answers and undo it.

Every click and every typed field is counted, and each step's wait is timed (printed, never
asserted). Screenshots go to test-artifacts/analist/.
"""
from __future__ import annotations

import csv
import io
import re
import time
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
from browser_support import needs_chromium, settle

from analysis.core.paths import ROOT
from analysis.store.store import Store
from analysis.views import frame as views_frame
from analysis.views import public

ARTIFACTS = ROOT / "test-artifacts" / "analist"
GROUP = "Zonnehoek"
SAME = f"Ons buurtcomité {GROUP} wil meepraten over de stapeling van geluid, geur en fijnstof in de wijk."
QUESTIONS = ["Wat merkt u van de stapeling van milieubelasting?", "Wat moet het NMP anders doen?"]
ROWS = [  # Respondentnummer, Leeftijd, Provincie, Datum, toestemming, two answers
    ("R01", "17", "friesland", "3-3-2025", "ja", SAME, "Meet de optelsom van geluid en fijnstof."),
    ("R02", "42", "Fryslân", "4-3-2025", "ja", SAME, "Tel alle bronnen bij elkaar op bij een vergunning."),
    ("R03", "70", "Noord Holland", "5-3-2025", "ja", SAME, ""),
    ("R04", "35", "N-Holland", "6-3-2025", "ja",
     "Wij wonen naast de snelweg en de haven; samen is die stapeling van lawaai ongezond.",
     "Houd rekening met cumulatie bij de normen."),
    ("R05", "58", "utrecht", "7-3-2025", "ja",
     "De optelsom van stikstof, geluid en geur rond ons dorp wordt nergens gemeten.",
     "Gezondheid van omwonenden eerst."),
    ("R06", "24", "Zh", "8-3-2025", "ja",
     "Stapeling van effecten op gezondheid moet in elke vergunning worden meegewogen.", ""),
]
HEADER = ["Respondentnummer", "Leeftijd", "Provincie", "Datum",
          "Mag uw reactie openbaar worden gemaakt?", *QUESTIONS]
EVENT = "Raadpleging stapeling 2025"

pytestmark = needs_chromium


class Journey:
    """Counts what a person does (clicks, typed fields) and how long each step keeps them waiting."""

    def __init__(self, page) -> None:
        self.page, self.clicks, self.typed, self.waits, self.reopened = page, 0, 0, {}, 0

    def click(self, locator) -> None:
        locator.click()
        self.clicks += 1

    def type(self, locator, text: str, enter: bool = False) -> None:
        locator.fill(text)
        if enter:
            locator.press("Enter")
        self.typed += 1

    def pick(self, label: str, option) -> None:
        """A selectbox or multiselect: open it, click the option (two clicks). In headless
        chromium the list sometimes stays closed on the first click; a person clicks again,
        and so does this (counted, and reported as `reopened`)."""
        wanted = self.page.get_by_role("option", name=option).first
        for _ in range(3):
            self.click(self.page.get_by_role("combobox", name=label).first)
            try:
                wanted.wait_for(timeout=3000)
                break
            except Exception:  # noqa: BLE001 - the list did not open: click again
                self.reopened += 1
                self.page.keyboard.press("Escape")
        self.click(wanted)

    def step(self, name: str) -> None:
        """Wait until the app is idle; the wait counts for the step `name`."""
        start = time.monotonic()
        settle(self.page)
        self.waits[name] = round(time.monotonic() - start, 2)

    def menu(self, title: str) -> None:
        self.click(self.page.locator('[data-testid="stSidebarNavLink"]', has_text=title).first)
        self.step(f"open {title}")

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _consultation_file(folder: Path) -> Path:
    """As a consultation tool exports it: semicolons, fields with a semicolon quoted."""
    path = folder / "raadpleging-stapeling-2025.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, delimiter=";").writerows([HEADER, *ROWS])
    return path


def _public_texts(store: Store) -> list[str]:
    rows = public.public_frame(store)
    return rows.loc[rows["text"].str.contains("buurtcomit", na=False), "text"].tolist()


def _tick_labels(page) -> list[str]:
    """The category labels of the first chart on the page (plotly draws them as SVG text)."""
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.wait_for()
    return chart.locator("g.ytick text").all_text_contents()


def test_the_analysts_journey(journey_server, browser, journey_store, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1800}, accept_downloads=True,
                            locale="nl-NL")
    page.set_default_timeout(90_000)
    j = Journey(page)
    page.goto(journey_server)
    j.step("eerste pagina")

    # 1. Import: the new columns are recognised with their kind; store the file.
    j.menu("Importeren")
    page.locator('input[type="file"]').set_input_files(str(_consultation_file(tmp_path)))
    j.clicks += 1  # choosing the file in the file dialog
    j.step("bestand lezen")
    page.get_by_role("heading", name="Kolomindeling").wait_for()
    kinds = {col: page.get_by_role("combobox", name=f"Soort gegevens in '{col}'").input_value()
             for col in ("Leeftijd", "Provincie")}
    assert "Leeftijd of leeftijdsgroep" in kinds["Leeftijd"] and "Provincie" in kinds["Provincie"], kinds
    j.type(page.get_by_label("Naam van de raadpleging (leeg = uit de bestandsnaam)"), EVENT, enter=True)
    j.step("naam raadpleging")
    j.shot("01-import-kolomindeling")
    j.click(page.get_by_role("button", name="Bevestigen en opslaan"))
    j.step("opslaan")
    page.get_by_text("Opgeslagen").first.wait_for()
    j.shot("02-import-opgeslagen")
    stored = views_frame.load(journey_store)
    new = stored[stored["event"] == EVENT]
    assert len(new) == 10
    assert set(new["provincie"]) == {"Fryslân", "Noord-Holland", "Utrecht", "Zuid-Holland"}
    assert new["leeftijdsgroep"].notna().all()

    # 2. Compare cumulatie across the sessions and the consultation, by date.
    j.menu("Thema's")
    j.pick("1. Kies een thema", views_frame.theme_label("cumulatie"))
    j.step("thema kiezen")
    j.click(page.get_by_role("tab", name="Sessies vergelijken"))
    j.step("tab sessies vergelijken")
    panel = page.get_by_role("tabpanel", name="Sessies vergelijken")
    labels = [t for t in _tick_labels(panel) if t.strip()]
    joined = " | ".join(labels)
    assert "26 juni 2024" in joined and "november 2024" in joined and "2025" in joined, labels
    order = [next(i for i, t in enumerate(labels) if key in t) for key in ("juni 2024", "november 2024", "2025")]
    assert order == sorted(order) or order == sorted(order, reverse=True), labels  # one direction: by date
    assert not re.search(r"\d\.\d%", panel.inner_text())  # shares are Dutch: "10,2 %"
    panel.get_by_role("heading", name=re.compile("naar groep|per groep|Wie")).first.scroll_into_view_if_needed()
    j.pick("Uitsplitsen naar", "Provincie")
    j.step("uitsplitsen naar provincie")
    assert "Fryslân" in panel.inner_text() or page.get_by_text("Fryslân").count()
    j.shot("03-thema-sessies-vergelijken")

    # 3. Filter on the new metadata and download what is shown.
    j.pick("Provincie (raadpleging)", "Fryslân")
    page.keyboard.press("Escape")
    j.step("filter Fryslân")
    frisian = views_frame.in_theme(stored[stored["provincie"].eq("Fryslân")], "cumulatie")  # example rows too
    shown = page.locator('[data-testid="stMetric"]', has_text="Bijdragen in de selectie").inner_text()
    assert len(frisian) and shown.splitlines()[-1] == str(len(frisian))
    j.shot("04-thema-filter-fryslan")
    with page.expect_download() as info:
        j.click(page.get_by_role("button", name=re.compile("Download selectie als CSV")))
    csv_download = info.value
    assert re.fullmatch(r"thema-[a-z-]+-\d{4}-\d{2}-\d{2}\.csv", csv_download.suggested_filename)
    table = pd.read_csv(csv_download.path(), sep=";", decimal=",", encoding="utf-8-sig")
    assert set(table["Provincie"]) == {"Fryslân"} and table["Leeftijdsgroep"].notna().all()
    with page.expect_download() as info:
        j.click(page.get_by_role("button", name="Download selectie als Excel (XLSX)"))
    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    sheet = book[book.sheetnames[-1]] if book.sheetnames[0] == "Over dit bestand" else book.active
    header = [c.value for c in sheet[1]]
    dates = [sheet.cell(row=r, column=header.index("Datum") + 1).value for r in range(2, sheet.max_row + 1)]
    assert dates and all(isinstance(d, datetime) for d in dates)
    with page.expect_download(timeout=120_000) as info:
        j.click(page.get_by_role("button", name="Grafiek downloaden (PNG)").first)
    assert Path(info.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert info.value.suggested_filename.endswith(".png")

    # 4. Mask the group name in the three identical answers, check the public text, undo it.
    j.menu("Afscherming controleren")
    j.type(page.get_by_label("Zoek in de oorspronkelijke tekst"), GROUP, enter=True)
    j.step("zoeken")
    chosen = page.get_by_role("combobox", name="Kies een bijdrage om te controleren").input_value()
    assert chosen.startswith("3 identieke bijdragen"), chosen
    j.type(page.get_by_label("Uw naam (voor de geschiedenis)"), "Analist OFL", enter=True)
    j.step("naam")
    j.type(page.get_by_label("Woord of zin uit de oorspronkelijke tekst"), GROUP)
    j.type(page.get_by_label("Reden").first, "naam van een buurtgroep")
    j.click(page.get_by_role("button", name=re.compile(r"Afschermen \(3 bijdragen\)")))
    j.step("afschermen")
    j.shot("05-redactie-afgeschermd")
    masked = _public_texts(journey_store)
    assert len(masked) == 3 and not any(GROUP in t for t in masked), masked
    j.pick("Welke afscherming?", re.compile(GROUP))
    j.click(page.get_by_role("button", name=re.compile(r"Ongedaan maken \(3 bijdragen\)")))
    j.step("ongedaan maken")
    page.get_by_text(re.compile("ongedaan", re.I)).first.wait_for()
    j.shot("06-redactie-ongedaan")
    restored = _public_texts(journey_store)
    assert len(restored) == 3 and all(GROUP in t for t in restored), restored

    # 5. The name typed on Afscherming is still there on Beoordelen.
    j.menu("Beoordelen")
    assert page.get_by_label("Uw naam (voor de geschiedenis)").first.input_value() == "Analist OFL"

    print(f"\nAnalist: {j.clicks} klikken (waarvan {j.reopened} keer een keuzelijst opnieuw "
          f"openen), {j.typed} ingevulde velden; wachttijd per stap (s): "
          + ", ".join(f"{k} {v:.2f}" for k, v in j.waits.items()))
    page.close()
