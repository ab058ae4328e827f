"""Overzicht: how much input, from where, over time; balance per theme; last import."""
import streamlit as st

from analysis.core import dutch
from analysis.views import overview, review_view
from app_pages import _common as ui
from app_pages import _derived as d
from app_pages import _widgets as w

st.title("Overzicht van de inbreng")
df = ui.data()
ui.require_data(df)
w.fictional_notice(df)

h = d.of_data(overview.headline)
cols = st.columns(4)
cols[0].metric("Bijdragen", dutch.number(h["bijdragen"]))
cols[1].metric("Bronnen", h["bronnen"])
cols[2].metric("Sessies en raadplegingen", h["sessies"])
cols[3].metric("Suggesties", dutch.number(h["suggesties"]),
               help="Adviezen, verbeterpunten, zwakke punten en antwoorden: de bijdragen die "
                    "een besluit in de tracker krijgen.")

if not ui.is_public():
    versions = ui.concept_versions()
    if versions:
        latest = list(versions)[-1]
        done, total = review_view.review_progress(ui.tracker_table(latest))
        st.progress(done / total if total else 0.0,
                    text=f"Beoordeling in {versions[latest]}: {review_view.progress_line(done, total)}")
        st.page_link("app_pages/beoordelen.py", label="Verder beoordelen", icon=":material/rate_review:")

left, right = st.columns([2, 3])
with left:
    st.subheader("Per bron")
    st.dataframe(d.of_data(overview.by_source), hide_index=True, width="stretch")
with right:
    st.subheader("Per sessie")
    st.dataframe(d.of_data(overview.by_session), hide_index=True, width="stretch")

months = d.of_data(overview.over_time)
if len(months):
    w.chart(d.figure("per_month", months), months, d.of_data(overview.over_time_caption), key="per_maand")

st.header("Per thema")
counts = d.of_data(overview.theme_counts)
top = counts.sort_values("Bijdragen", ascending=False).iloc[0]
w.chart(d.figure("theme_bars", counts.drop(columns="thema_id")), counts.drop(columns="thema_id"),
         f"Het meest genoemde thema is '{top['Thema']}' met {dutch.number(int(top['Bijdragen']))} "
         "bijdragen. Een bijdrage kan bij meer thema's horen.", key="themas")

st.subheader("Sterke, zwakke en verbeterpunten per thema")
st.caption("Uit de reflectie op conceptversie 4 (werksessie november 2024).")
balance = d.of_data(overview.theme_section_balance, ("sterk", "zwak", "verbeter"))
w.chart(d.figure("stacked_bars", balance, "Thema", "Sterk / zwak / verbeter per thema"), balance,
         key="balans_v4")

st.subheader("Overwegingen en adviezen per thema")
advice = d.of_data(overview.theme_section_balance, ("overwegende", "advies"))
w.chart(d.figure("stacked_bars", advice, "Thema", "Overwegende / advies per thema"), advice,
         key="balans_advies")

st.header("Wat is er veranderd sinds de vorige import?")
at, changes = overview.last_import(ui.store().load_imports())
if at is None:
    st.write("Er is nog niets ingelezen.")
else:
    st.write(f"Laatste import: **{at}**.")
    st.dataframe(changes, hide_index=True, width="stretch")
