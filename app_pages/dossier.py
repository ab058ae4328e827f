"""Dossier per sectie (internal): for one section of a concept version, in time order, the input
linked to it, the consultation answers linked to it, what participants later said about the
section, and the decisions (their counts side by side on top; full-width tables whose long texts
wrap); then the section's theme compared across the dated sessions and by respondent group
(app_pages._compare); with a download. Data: analysis.views.dossier_view, analysis.compare.
"""
import streamlit as st

from analysis.core import dutch
from analysis.tracker import concept_versions
from analysis.views import dossier_view, frame
from app_pages import _common as ui
from app_pages import _compare
from app_pages import _widgets as w

st.title("Dossier per sectie")
st.write("Kies een sectie van een conceptversie. U ziet dan in één overzicht, in de volgorde van de "
         "tijd: wat er vooraf over is gezegd, wat de raadpleging zei, hoe deelnemers daarna op de sectie "
         "reageerden, en wat er besloten is.")
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

# In time order: what was asked (input before the version, the consultation), what participants
# said about the result, what was decided; the counts side by side on top. Full width, and rows
# three lines high so long texts wrap (Streamlit wraps cells in rows over 4rem).
ROW = 76
WIDTHS = {"Bijdrage": 440, "Suggestie": 300, "Openbare toelichting": 260, "Interne notitie": 220,
          "Sessie": 180, "Onderdeel": 180, "Besloten door": 170, "Besloten op": 130}
DECISION_ORDER = ["Suggestie", "Besluit", "Onderdeel", "Openbare toelichting", "Openbaar gemaakt",
                  "Interne notitie", "Besloten door", "Besloten op", "Sessie"]


def show(table, shown: list[str], rows: int) -> None:
    st.dataframe(dossier_view.display(table[shown]), hide_index=True, width="stretch", row_height=ROW,
                 height=min(rows * ROW + 40, ROW * len(table) + 40),
                 column_config={c: st.column_config.TextColumn(width=WIDTHS.get(c, 110)) for c in shown})


metrics = st.columns(4)
for col, (label, n) in zip(metrics, [("1. Inbreng vooraf", len(d.input)), ("2. Raadpleging", len(d.consultation)),
                                     ("3. Reacties op de sectie", len(d.reflections)),
                                     ("4. Besluiten", len(d.decisions))]):
    col.metric(label, dutch.number(n), border=True)
parts = [("1. Inbreng vooraf", "Gekoppelde bijdragen uit werksessies en verkenningen; bevestigd eerst.",
          d.input, ["Bijdrage", "Koppeling", "Besluit", "Sessie", "Datum"]),
         ("2. Raadpleging", "Gekoppelde antwoorden uit de raadpleging.", d.consultation,
          ["Bijdrage", "Koppeling", "Besluit"]),
         (f"3. Reacties op {version.name}", "Sterke punten, zwakke punten en verbeterpunten over deze sectie.",
          d.reflections, ["Bijdrage", "Soort", "Sessie"])]
for title, help_text, table, shown in parts:
    st.subheader(title)
    st.caption(help_text)
    if len(table):
        show(table, shown, 6)
    else:
        st.caption("Niets gevonden.")

st.subheader("4. Besluiten")
if len(d.decisions):
    show(d.decisions, DECISION_ORDER, 8)
else:
    st.caption("Voor deze sectie en de gekoppelde bijdragen is nog niets besloten.")

st.subheader("5. Het thema door de sessies heen")
themes = list(frame.theme_labels())
first = next((t for t in d.section.themes if t in themes), themes[0])
theme_id = st.selectbox("Thema", themes, index=themes.index(first), format_func=frame.theme_label,
                        key=f"dossier_thema_{number}", help="Eerst het thema van deze sectie.")
_compare.across_sessions(theme_id, "dossier_vergelijk", version.id)
_compare.by_group(df, theme_id, "dossier_groep")

w.table_downloads(d.download, f"dossier {version.name} {options[number]}", "dossier",
                  "Download dossier", title=w.export_title("dossier", section=options[number],
                                                           version=version.name))
