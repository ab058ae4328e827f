"""AppTest of the dossier page, started from dashboard.py: choose a section, see the four parts."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from analysis.core.paths import ROOT

ENTRY = str(ROOT / "dashboard.py")


def test_dossier_shows_input_consultation_reflections_and_decisions(monkeypatch, default_data_store):
    monkeypatch.setenv("DATABASE_URL", default_data_store.url)
    monkeypatch.setenv("NMP_MODE", "internal")
    at = AppTest.from_file(ENTRY, default_timeout=180)
    at.run()
    at.switch_page("app_pages/dossier.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Dossier per sectie"
    section = at.selectbox(key="dossier_sectie")
    assert "§6.2.2 Stapeling van effecten" in section.options and "6.2.2" not in section.options
    section.set_value("6.2.2").run()
    assert not at.exception
    heads = [s.value for s in at.subheader]
    assert heads[:3] == ["1. Inbreng vooraf", "2. Raadpleging", "3. Reacties op NMP conceptversie 4"]
    assert "4. Besluiten" in heads
    summary = " ".join(m.value for m in at.markdown)
    assert "§6.2.2 Stapeling van effecten" in summary and "reacties op deze sectie" in summary
    counts = {m.label: m.value for m in at.metric}
    assert list(counts) == ["1. Inbreng vooraf", "2. Raadpleging", "3. Reacties op de sectie", "4. Besluiten"]
    assert counts["3. Reacties op de sectie"] == "11" and int(counts["1. Inbreng vooraf"]) > 0
    assert list(at.dataframe[0].value.columns) == ["Bijdrage", "Koppeling", "Besluit", "Sessie", "Datum"]
    assert set(at.dataframe[0].value["Koppeling"]) <= {"Voorgesteld", "Bevestigd"}
    reflections = at.dataframe[2].value
    assert list(reflections.columns) == ["Bijdrage", "Soort", "Sessie"]
    assert set(reflections["Soort"]) <= {"Sterk punt", "Zwak punt", "Verbeterpunt"}
    # 5. the section's theme (cumulatie for §6.2.2) across the dated sessions, and by group
    assert "5. Het thema door de sessies heen" in heads
    assert at.selectbox(key="dossier_thema_6.2.2").value == "cumulatie"
    side = next(d.value for d in at.dataframe if "Wat" in d.value.columns)
    assert "Werksessie 26 juni 2024 — Samen werken aan het NMP" in side.columns
    assert "Besluiten: uit de tracker, in NMP conceptversie 4." in " ".join(c.value for c in at.caption)
    assert any("Let op" in d.value.columns for d in at.dataframe)
    at.selectbox(key="dossier_groep_veld").set_value("provincie").run()
    assert not at.exception
    groups = next(d.value for d in at.dataframe if "Let op" in d.value.columns)
    assert groups.columns[0] == "Provincie"


def test_dossier_is_not_in_the_public_app(monkeypatch, default_data_store):
    monkeypatch.setenv("DATABASE_URL", default_data_store.url)
    monkeypatch.setenv("NMP_MODE", "public")
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.run()
    try:
        at.switch_page("app_pages/dossier.py")
        at.run()
    except Exception:  # noqa: BLE001 - AppTest refuses a page that is not routed
        return
    assert at.title[0].value != "Dossier per sectie"
