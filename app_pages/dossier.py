"""Dossier per sectie (internal): for one section of a concept version, side by side in time, the
input linked to it, the consultation answers linked to it, what participants later said about
the section, and the decisions; with a download. Data: analysis.views.dossier_view.
"""
import streamlit as st

from analysis.core import dutch
from analysis.tracker import concept_versions
from analysis.views import dossier_view
from app_pages import _common as ui
from app_pages import _widgets as w

st.title("Dossier per sectie")
st.write("Kies een sectie van een conceptversie. U ziet dan naast elkaar: wat er vooraf over is "
         "gezegd, wat de raadpleging zei, hoe deelnemers daarna op de sectie reageerden, en wat er "
         "besloten is.")
store = ui.store()
df = ui.data()
ui.require_data(df)
versions = {v.id: v for v in concept_versions.load_versions(store)}
left, right = st.columns([1, 2])
version = versions[left.selectbox("Conceptversie", list(versions), index=len(versions) - 1,
                                  key="dossier_versie", format_func=lambda i: versions[i].name)]
options = dossier_view.section_options(version)
if not options:
    st.info("Deze conceptversie heeft nog geen secties.")
    st.stop()
number = right.selectbox("Sectie", list(options), key="dossier_sectie", format_func=options.get)
d = dossier_view.dossier(store, version, number, df)
st.write(d.summary())
if d.section.text:
    with st.expander(f"Wat er in {version.name} staat ({options[number]})"):
        st.text(d.section.text)

COMPACT = w.TEXT_COLUMNS
cols = st.columns(3)
parts = [("1. Inbreng vooraf", "Gekoppelde bijdragen uit werksessies en verkenningen; bevestigd eerst.",
          d.input, ["Bijdrage", "Sessie", "Koppeling", "Besluit"]),
         ("2. Raadpleging", "Gekoppelde antwoorden uit de raadpleging.", d.consultation,
          ["Bijdrage", "Koppeling", "Besluit"]),
         (f"3. Reacties op {version.name}", "Sterke punten, zwakke punten en verbeterpunten over deze sectie.",
          d.reflections, ["Bijdrage", "Soort", "Sessie"])]
for col, (title, help_text, table, shown) in zip(cols, parts):
    with col:
        st.subheader(title)
        st.metric("Aantal", dutch.number(len(table)), label_visibility="collapsed")
        st.caption(help_text)
        if len(table):
            st.dataframe(table[shown], hide_index=True, width="stretch", height=min(420, 38 + 35 * len(table)),
                         column_config={"Bijdrage": st.column_config.TextColumn(width="medium")})
        else:
            st.caption("Niets gevonden.")

st.subheader("4. Besluiten")
if len(d.decisions):
    st.dataframe(d.decisions, hide_index=True, width="stretch", column_config=COMPACT)
else:
    st.caption("Voor deze sectie en de gekoppelde bijdragen is nog niets besloten.")

w.table_downloads(d.download, f"dossier-{version.id}-{number}".replace("/", "-"), "dossier",
                  "Download dossier", title=w.export_title("dossier", section=options[number],
                                                           version=version.name))
