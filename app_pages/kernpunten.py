"""Kernpunten (internal): per theme the kernpunten with their counts, standpunten and decision;
an editor renames, merges, splits them and moves members or sets their standpunt.

Thin: the reads are analysis.tracker.kernpunt_queries (kept per store version in
_kernpunt_data), the writes analysis.tracker.kernpunt_edits (drawn in _kernpunt_edit), the
shaping analysis.views.kernpunt_view; the download is the `kernpunten` command's table.
"""
import streamlit as st

from analysis.tracker import decisions, kernpunt_edits
from analysis.views import frame, kernpunt_view, people_export, review_view
from app_pages import _common as ui
from app_pages import _kernpunt_data, _kernpunt_edit, _review_data
from app_pages import _widgets as w

st.title("Kernpunten")
st.caption("Een kernpunt is een punt dat meerdere suggesties binnen één thema maken. Het model "
           "stelt ze voor; wat u hier wijzigt, blijft bij een volgende import staan.")
store = ui.store()
role = ui.role()
editable = decisions.can_edit(store, role, kernpunt_edits.ACTION)
top = st.columns(3)
version = w.concept_version_picker("kp_versie", top[0])
actor = ui.actor_input("Uw naam (voor de geschiedenis)", top[1], key="kp_actor",
                       placeholder="Voornaam en achternaam") if editable else ""
snap = _review_data.snapshot()
table = _kernpunt_data.table(snap, version.id)
if table.empty:
    st.info("Er zijn nog geen kernpunten. Ze ontstaan bij het importeren van suggesties.")
    st.stop()
themes = list(dict.fromkeys(table["theme"]))
theme = top[2].selectbox("Thema", themes, key="kp_thema", format_func=frame.theme_label)
shown = table[table["theme"] == theme]
_, line = kernpunt_view.progress_line(shown)
st.markdown(f"**{frame.theme_label(theme)}**: {line}, samen "
            f"{review_view.count_words(int(shown['contributions'].sum()))}.")
st.dataframe(kernpunt_view.theme_rows(shown), hide_index=True, width="stretch")

if editable:
    _kernpunt_edit.editor(store, shown, _kernpunt_data.members(snap, version.id), role)
else:
    st.info("Uw rol mag alleen kijken; een redacteur kan kernpunten hernoemen, samenvoegen, "
            "splitsen en suggesties verplaatsen.")

st.markdown("#### Downloaden")
w.table_downloads(lambda: people_export.kernpunten(table), f"kernpunten {version.name}", "kp_dl",
                  "Download alle kernpunten", rows=len(table),
                  title=w.export_title("kernpunten", version=version.name))
if editable:
    st.page_link("app_pages/beoordelen.py", label="Besluiten per kernpunt in Beoordelen",
                 icon=":material/rate_review:")
