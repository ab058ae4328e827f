"""Wat is er met uw input gedaan? Participants find their input and what was decided.

Reads only analysis.views.public (public columns, published decisions, redacted text).
Every text that comes from the data is drawn with st.text (no Markdown, no HTML).
"""
import pandas as pd
import streamlit as st

from analysis.core import dutch, labels
from analysis.views import frame, public, public_counts, public_page, public_search
from app_pages import _common as ui
from app_pages import _derived as d
from app_pages import _widgets as w

PER_PAGE = 10


@st.cache_data(show_spinner="Gegevens laden...", ttl=60, max_entries=2)
def _load(url: str, version: int) -> pd.DataFrame:
    return public.public_contributions(ui.store())


@st.cache_data(show_spinner=False, ttl=60, max_entries=2)
def _summary(url: str, version: int) -> pd.DataFrame:
    return public_counts.theme_summary(_load(url, version))


@st.cache_resource(show_spinner=False, ttl=60, max_entries=2)
def _index(url: str, version: int) -> public_search.SearchIndex:
    return public_search.build(_load(url, version)["text"])


@st.fragment
def search_section(df: pd.DataFrame, index: public_search.SearchIndex) -> None:
    """Search and its results; a fragment: a search, a filter or another page of results
    reruns only this part of the page."""
    st.header("Zoek uw inbreng")
    words = st.text_input("Zoek op woorden uit uw inbreng",
                          placeholder=public_page.search_placeholder(),
                          help="Typ een of meer woorden en druk op Enter. Wij tonen eerst de "
                               "bijdragen waarin de meeste van uw woorden staan; kleine tikfouten "
                               "en andere vormen van een woord vinden ze ook.")
    left, middle = st.columns(2)
    with left:
        sessions = w.multiselect_filter("Bijeenkomst of raadpleging", frame.options(df, "event"),
                                         key="publiek_sessie")
    with middle:
        themes = w.multiselect_filter("Thema", list(frame.theme_labels()), key="publiek_thema",
                                       format_func=frame.theme_label)
    months = public_page.months(df)
    date_from = date_to = None
    if len(months) > 1:  # Dutch month names; Streamlit's date picker speaks English
        lo, hi = st.select_slider("Periode (van en tot)", options=list(months), value=(months[0], months[-1]),
                                  format_func=public_page.month_label, key="publiek_periode")
        date_from, date_to = f"{lo}-01", f"{hi}-31"
    only_suggestions = st.checkbox("Alleen ideeën en verbeterpunten (met een besluit of nog zonder)",
                                   value=True, key="publiek_alleen")

    found = public_search.search(df, words, sessions=sessions, themes=themes, date_from=date_from,
                                 date_to=date_to, suggestions_only=only_suggestions, index=index)
    n = len(found)
    st.subheader(public_page.found_heading(n))
    if n:
        pages = max(1, -(-n // PER_PAGE))
        current = st.session_state.get("publiek_pagina", 1)
        if not isinstance(current, int) or not 1 <= current <= pages:  # other results: first page
            st.session_state["publiek_pagina"] = 1
        page = st.selectbox("Pagina", range(1, pages + 1), key="publiek_pagina",
                            format_func=lambda p: f"{dutch.number(p)} van {dutch.number(pages)}") if pages > 1 else 1
        for row in found.iloc[(page - 1) * PER_PAGE: page * PER_PAGE].itertuples():
            with st.container(border=True):
                label = row.status_label if isinstance(row.status_label, str) else None
                if label:
                    st.markdown(f"**Besluit: {label}**")  # label comes from data/tracker.toml
                st.text(row.text)
                st.text(public_page.origin(row))
                if isinstance(row.status_explanation, str):
                    st.text(row.status_explanation)
                for line in (public_page.placement(row), public_page.similar(row)):
                    if line:
                        st.text(line)
                if isinstance(row.public_explanation, str) and row.public_explanation.strip():
                    st.text(f"Uitleg: {row.public_explanation}")
                if row.is_fictional is True:
                    st.text(f"({labels.fictional_label()})")
    else:
        st.write("Probeer minder of andere woorden, of maak de filters leeg.")


st.title("Wat is er met uw input gedaan?")
st.write("Veel mensen hebben meegedacht over het Nationaal Milieuprogramma. Op deze pagina "
         "ziet u wat er met die ideeën is gebeurd. Zoek uw eigen inbreng op. U ziet dan of uw "
         "idee in het programma staat, in welk deel, en waarom.")
st.info("Wij laten geen persoonsgegevens zien. Namen, e-mailadressen, telefoonnummers en "
        "adressen zijn vervangen door bijvoorbeeld [naam] of [e-mailadres]. De rest van uw "
        "tekst staat er zoals u die schreef.", icon=":material/shield_person:")

store = ui.store()
df = _load(store.url, store.version())
ui.require_data(df)
w.fictional_notice(df)

# ---- zoeken ----------------------------------------------------------------------
search_section(df, _index(store.url, store.version()))

# ---- verslag ------------------------------------------------------------------------
st.header("Verslag per bijeenkomst")
st.write("Wilt u alles over één bijeenkomst of de raadpleging lezen? Download het verslag als "
         "Word-bestand. Er staan alleen openbare besluiten in, zonder persoonsgegevens.")
w.report_download(list(ui.concept_versions())[-1], "publiek_verslag", internal_allowed=False)

# ---- U zei, wij deden ----------------------------------------------------------------
st.header("U zei, wij deden: per thema")
st.write("Per thema ziet u hoeveel ideeën en verbeterpunten er zijn, en wat wij ermee hebben "
         "gedaan. Wij tellen alleen besluiten die al openbaar zijn.")
summary = _summary(store.url, store.version())
for r in summary.itertuples():
    st.subheader(frame.theme_label(r.theme))
    st.write(public_page.theme_sentence(r))
if len(summary):
    table = public_counts.summary_table(summary)
    w.chart(d.figure("stacked_bars", table.drop(columns="Ideeën"), "Thema", "Besluiten per thema",
                     "Aantal ideeën"),
            table, public_page.summary_sentence(table, summary), key="publiek_themas")
