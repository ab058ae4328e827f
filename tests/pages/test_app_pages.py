"""AppTest: every page, started from dashboard.py, in internal and public mode, on the default data.

AppTest cannot see plotly charts or edit data_editor cells; the numbers behind the
charts are tested in test_views.py.
"""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analysis.core.paths import ROOT
from analysis.views import display, explore
from analysis.views import frame as views_frame

ENTRY = str(ROOT / "dashboard.py")


@pytest.fixture
def app(monkeypatch, default_data_store):
    """A started app for a mode: app('internal', 'app_pages/themas.py')."""
    monkeypatch.setenv("DATABASE_URL", default_data_store.url)

    def start(mode: str = "internal", page: str | None = None) -> AppTest:
        monkeypatch.setenv("NMP_MODE", mode)
        at = AppTest.from_file(ENTRY, default_timeout=120)
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    return start


@pytest.fixture(scope="module")
def frame(default_data_store):
    return views_frame.load(default_data_store)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def texts(at: AppTest) -> str:
    return "\n".join([*(m.value for m in at.markdown), *(c.value for c in at.caption),
                      *(s.value for s in at.subheader), *(h.value for h in at.header)])


def test_public_address_opens_on_what_was_done(app):
    at = app("public")  # the default page
    assert at.title[0].value == "Wat is er met uw input gedaan?"
    assert not at.exception


@pytest.mark.parametrize("mode", ["internal", "public"])
def test_overzicht_counts_what_is_stored(app, frame, mode):
    at = app(mode) if mode == "internal" else app(mode, "app_pages/overzicht.py")
    assert at.title[0].value == "Overzicht van de inbreng"
    assert metric(at, "Bijdragen") == f"{len(frame):,}".replace(",", ".")
    assert int(metric(at, "Bronnen")) == frame["source_type"].nunique()
    assert "Laatste import" in texts(at)
    assert "fictief voorbeeld" in texts(at)  # the generated raadpleging rows are labelled


@pytest.mark.parametrize("mode", ["internal", "public"])
def test_themas_cumulatie_journey(app, frame, mode):
    at = app(mode, "app_pages/themas.py")
    at.selectbox(key="thema").set_value("cumulatie").run()
    cumulatie = views_frame.in_theme(frame, "cumulatie")
    assert metric(at, "Bijdragen in de selectie") == str(len(cumulatie))
    headings = [s.value for s in at.subheader]
    assert any(h.startswith("Sterke punten") for h in headings)
    assert any(h.startswith("Zwakke punten") for h in headings)
    june, november = [s for s in views_frame.options(frame, views_frame.SESSION) if "Werksessie" in s]
    caption = texts(at)
    assert june in caption and november in caption  # both sessions are in the selection
    labels = [b.proto.label for b in at.get("download_button")]  # the selection twice, the chart once
    assert sum(label.startswith("Download selectie als ") for label in labels) == 2
    charts = labels.count("Grafiek downloaden (PNG)")  # the sessions; internally also the groups
    assert charts == (2 if mode == "internal" else 1) and len(labels) == 2 + charts
    # sterk is no suggestion: the first table with tracker columns is the weak points
    weak = next(d.value for d in at.dataframe if "Status" in d.value.columns)
    assert list(weak.columns[:3]) == ["Bijdrage", "Status", "Sectie in conceptversie"]
    assert weak["Status"].notna().all()
    # the comparison tab: one column per dated session with the theme, in date order
    side = next(d.value for d in at.dataframe if "Wat" in d.value.columns)
    dated = [c for c in side.columns if c.startswith("Werksessie")]
    assert dated == ["Werksessie 26 juni 2024 — Samen werken aan het NMP",
                     "Werksessie 6 november 2024 — reflectie op conceptversie 4"]
    assert not any(c.startswith("OFL") for c in side.columns)  # no cumulatie there: left out
    assert side.set_index("Wat").loc["Aandeel van de sessie"].str.fullmatch(r"\d{1,3},\d %").all()
    assert "kreeg het grootste aandeel in" in texts(at)
    groups = [d.value for d in at.dataframe if "Let op" in d.value.columns]
    if mode == "internal":  # respondent groups, with the rule on the page
        assert list(groups[0].columns)[:2] == ["Leeftijdsgroep", "Respondenten in het thema"]
        assert any("klein (n < 10)" in n for n in groups[0]["Let op"])
        assert any(w.value.startswith("Te klein om iets over te zeggen") for w in at.warning)
        assert "ondervertegenwoordigd" in texts(at)
    else:  # the public data has no respondent metadata
        assert groups == []

    at.multiselect(key="themas_sessie").set_value([november]).run()
    in_november = cumulatie[cumulatie[views_frame.SESSION] == november]
    assert metric(at, "Bijdragen in de selectie") == str(len(in_november))
    assert metric(at, "Sterke punten") == str(int(in_november["section"].eq("sterk").sum()))
    assert not any(s.value.startswith("Adviezen") for s in at.subheader)  # June-only section gone


def test_themas_respondent_metadata_filter_internal_only(app, frame):
    at = app("internal", "app_pages/themas.py")
    at.selectbox(key="thema").set_value("cumulatie").run()
    member = views_frame.in_theme(frame, "cumulatie")
    provincie = member["provincie"].dropna().value_counts().index[0]
    at.multiselect(key="themas_provincie").set_value([provincie]).run()
    assert metric(at, "Bijdragen in de selectie") == str(int(member["provincie"].eq(provincie).sum()))

    public = app("public", "app_pages/themas.py")
    keys = {w.key for w in public.multiselect}
    assert "themas_provincie" not in keys and "themas_bron" in keys


def test_bijdragen_search_and_detail(app, frame):
    at = app("internal", "app_pages/bijdragen.py")
    assert metric(at, "Gevonden bijdragen") == f"{len(frame):,}".replace(",", ".")
    at.text_input(key="zoek").set_value("stapeling").run()
    expected = frame[views_frame.search_mask(frame["text"], "stapeling")]
    assert metric(at, "Gevonden bijdragen") == str(len(expected))
    first = at.selectbox(key="detail").value
    assert first in set(expected["id"])
    detail = texts(at)
    assert "**Bron:**" in detail and "**Hoofdthema:**" in detail


def test_bijdragen_theme_filter(app, frame):
    at = app("internal", "app_pages/bijdragen.py")
    at.multiselect(key="bijdragen_thema").set_value(["onzeker"]).run()
    assert metric(at, "Gevonden bijdragen") == str(int(views_frame.unassigned_mask(frame).sum()))


@pytest.mark.parametrize("page", ["app_pages/bijdragen.py", "app_pages/importeren.py", "app_pages/verkennen.py",
                                  "app_pages/publiceren.py"])
def test_public_mode_does_not_route_internal_pages(app, page):
    at = app("public")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(page)


@pytest.mark.parametrize("mode", ["internal", "public"])
def test_over_names_pipeline_and_sources(app, default_data_store, mode):
    at = app(mode, "app_pages/over.py")
    body = texts(at)
    assert "Actieve Nederlandse taalpijplijn" in body
    assert "spaCy" in body
    docs = at.dataframe[0].value
    assert set(docs["Document"]) == set(default_data_store.load_documents()["document"])
    figures = at.dataframe[1].value  # the committed data/evaluation.json, with Dutch descriptions
    werksessie = figures[figures["Meting"].str.contains("met het onderwerp als context")]
    assert len(werksessie) == 1 and werksessie["Waarde"].iloc[0] >= 0.95
    assert figures["Meting"].str.contains("Nooit geziene zinnen").any()
    # the learning curve of `evaluate` (data/evaluation.json), in Dutch
    curve = next(d.value for d in at.dataframe if "Juist op de rest" in d.value.columns)
    assert len(curve) == 8 and curve["Gecorrigeerd"].iloc[0].startswith("2 %")
    assert set(curve["Gekozen"]) == {"waar het model het minst zeker is", "willekeurig"}
    assert curve["Juist op de rest"].str.fullmatch(r"\d{1,3},\d %").all()
    assert "Simulatie op de fictieve raadpleging" in body


def test_over_shows_agreement_of_model_and_people(monkeypatch, store):
    """After people coded themes, Over shows per theme how many and how often the model agreed."""
    from factories import WERKSESSIE

    from analysis.ingest.pipeline import ingest_paths
    from analysis.tracker import codes

    ingest_paths(store, [WERKSESSIE])
    advice = store.load_contributions().query("section == 'advies'").head(3)
    kept = advice["theme"].iloc[0]
    codes.save_codes(store, {advice["id"].iloc[0]: [kept], advice["id"].iloc[1]: [kept],
                             advice["id"].iloc[2]: ["internationaal"]}, "Anna", "editor")
    monkeypatch.setenv("DATABASE_URL", store.url)
    monkeypatch.setenv("NMP_MODE", "internal")
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.run()
    at.switch_page("app_pages/over.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert "Mensen hebben de thema's van 3 bijdragen" in texts(at)
    agree = next(d.value for d in at.dataframe if "Model had hetzelfde hoofdthema" in d.value.columns)
    assert agree["Beoordeeld"].sum() == 3
    assert agree["Model had hetzelfde hoofdthema"].str.fullmatch(r"\d{1,3},\d %").all()
    assert not agree["Thema (volgens mensen)"].str.contains("_").any()  # labels, not ids


def test_importeren_preview_then_confirm(monkeypatch, store, tmp_path):
    """Nothing is stored before the user confirms; after confirming the rows are there."""
    monkeypatch.setenv("DATABASE_URL", store.url)
    monkeypatch.setenv("NMP_MODE", "internal")
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.run()
    at.switch_page("app_pages/importeren.py").run()
    csv = (ROOT / "data/examples/raadpleging-fictief-voorbeeld.csv").read_bytes()
    at.file_uploader(key="upload").set_value(("raadpleging.csv", csv, "text/csv")).run()
    assert not at.exception, [e.message for e in at.exception]
    assert "Raadplegingsexport" in at.success[0].value
    answers = at.multiselect(key="map_answers").value
    assert len(answers) == 4 and at.selectbox(key="map_respondent_id").value == "respondent_id"
    assert store.count() == 0

    at.multiselect(key="map_answers").set_value(answers[:1]).run()  # editing the mapping
    found = next(m.value for m in at.markdown if "bijdragen** gevonden" in m.value)
    assert store.count() == 0
    at.button(key="opslaan").click().run()
    assert not at.exception, [e.message for e in at.exception]
    n = int(found.split("**")[1].split()[0].replace(".", ""))
    assert store.count() == n
    assert "Opgeslagen" in at.success[-1].value


def test_importeren_bad_file_gives_plain_message(monkeypatch, store):
    monkeypatch.setenv("DATABASE_URL", store.url)
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.run()
    at.switch_page("app_pages/importeren.py").run()
    at.file_uploader(key="upload").set_value(("leeg.txt", b"", "text/plain")).run()
    assert not at.exception
    assert "leeg" in at.error[0].value
    assert store.count() == 0


def test_verkennen_slider_sets_number_of_topics(app, frame):
    at = app("internal", "app_pages/verkennen.py")
    at.slider(key="aantal_onderwerpen").set_value(5).run()
    assert not at.exception, [e.message for e in at.exception]
    topics = at.dataframe[0].value
    assert len(topics) == 5 and topics["Bijdragen"].sum() <= len(frame)
    at.slider(key="aantal_onderwerpen").set_value(9).run()
    assert len(at.dataframe[0].value) == 9
    body = texts(at)
    loose = explore.without_theme(frame)
    assert f"**{len(loose)}** bijdragen passen bij geen vast thema" in body  # = the download's rows
    assert f"{int(views_frame.unassigned_mask(frame).sum())} kregen geen thema" in body
    names = at.selectbox(key="verkennen_onderwerp").options
    assert names[:9] == at.dataframe[0].value["Onderwerp"].tolist()
    at.selectbox(key="verkennen_onderwerp").set_value(names[1]).run()
    size = int(at.dataframe[0].value.set_index("Onderwerp").loc[names[1], "Bijdragen"])
    assert f"**{size}** bijdragen in" in texts(at) and len(at.dataframe[1].value) == min(size, 500)


INJECTION = "Zie ![x](https://voorbeeld.invalid/p.png) en [klik](https://voorbeeld.invalid) :red[rood]"


def test_user_text_is_shown_literally_not_as_markdown(monkeypatch, store):
    """A respondent's markdown (an image from another site, a link, a colour directive) is
    escaped on the internal pages, so the browser fetches nothing and shows the words."""
    from factories import make_doc, put

    put(store, make_doc("injectie.txt", [INJECTION, "# Kop\n- lijst"]))
    monkeypatch.setenv("DATABASE_URL", store.url)
    monkeypatch.setenv("NMP_MODE", "internal")
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.run()
    at.switch_page("app_pages/bijdragen.py").run()
    at.text_input(key="zoek").set_value("klik").run()
    assert not at.exception, [e.message for e in at.exception]
    quote = next(m.value for m in at.markdown if "klik" in m.value)
    assert "![" not in quote and "](" not in quote and ":red[" not in quote
    assert quote == "> " + display.md_escape(INJECTION)


def test_public_search_example_finds_something(app):
    at = app("public")
    box = at.text_input[0]
    example = box.placeholder.removeprefix("bijvoorbeeld: ")
    box.set_value(example).run()
    heading = next(s.value for s in at.subheader if s.value.endswith("gevonden"))
    assert not heading.startswith("0 "), heading
    shown = "\n".join(t.value for t in at.text)
    assert "None" not in shown and "nan" not in shown.split()


def test_verkennen_refits_the_stored_topics_on_request_and_says_how_long(monkeypatch, store):
    from analysis.devtools.generator import generate_raadpleging
    from analysis.harvest.raadpleging import parse_table
    from analysis.ingest.pipeline import store_parsed
    from analysis.store import clusters

    store_parsed(store, [parse_table(generate_raadpleging(60, seed=5), "r.csv", [], None, "csv")])
    monkeypatch.setenv("DATABASE_URL", store.url)
    monkeypatch.setenv("NMP_MODE", "internal")
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.run()
    at.switch_page("app_pages/verkennen.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert "duurt ongeveer" in texts(at) and "seconden" in texts(at)
    fitted_before = clusters.stored_model(store).fit_seconds
    at.button(key="onderwerpen_herberekenen").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.success[0].value.startswith("Klaar: ")
    assert clusters.stored_model(store).fit_seconds != fitted_before or clusters.names(store)
