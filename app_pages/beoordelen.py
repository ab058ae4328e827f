"""Beoordelen (internal, editor): decide the suggestions one at a time from a queue.

Thin: the queue and writes live in analysis.tracker (review, batches, codes), the page data in
analysis.views.review_view; the item and its form are drawn in a fragment (_review_item, with
_review_form and the cached reads of _review_data), so an action reruns only that part.
"""
import streamlit as st

from analysis.tracker import decisions, review, vocabulary
from analysis.views import frame, review_view, tracker_overview
from app_pages import _common as ui
from app_pages import _review_bulk, _review_item, _review_kernpunt
from app_pages import _widgets as w

st.title("Beoordelen")
store = ui.store()
role = ui.role()
editable = decisions.can_edit(store, role)
top = st.columns([1, 1, 1])
version = w.concept_version_picker("rv_versie", top[0])
actor = ui.actor_input("Uw naam (voor de geschiedenis)", top[1], key="rv_actor",
                       placeholder="Voornaam en achternaam") if editable else ""
search = top[2].text_input("Zoeken in de tekst", key="rv_f_zoek", placeholder="Bijvoorbeeld: stapeling geluid")
per = st.radio("Beoordelen per", ["suggestie", "kernpunt"], key="rv_per", horizontal=True,
               captions=["Eén suggestie (of groep) tegelijk",
                         "Eén besluit voor alle suggesties van een kernpunt"])
if not editable:
    st.info("Uw rol mag alleen kijken; een redacteur kan besluiten vastleggen.")

contribs = ui.data()
ui.require_data(contribs)
sections = tracker_overview.section_names(version.sections)

with st.expander("Wachtrij kiezen: filters en volgorde", expanded=False):
    cols = st.columns(3)
    filters = review.QueueFilters(
        themes=tuple(cols[0].multiselect("Thema", review_view.theme_choices(), key="rv_f_thema",
                                         format_func=frame.theme_label, placeholder="Alle",
                                         select_all=False)),
        sessions=tuple(cols[1].multiselect("Sessie", frame.options(contribs, frame.SESSION),
                                           key="rv_f_sessie", placeholder="Alle", select_all=False)),
        sources=tuple(cols[2].multiselect("Bron", frame.options(contribs, "source_type"),
                                          key="rv_f_bron", placeholder="Alle", select_all=False,
                                          format_func=review_view.source_name)),
        statuses=tuple(cols[0].multiselect("Status", list(vocabulary.statuses()), key="rv_f_status",
                                           format_func=vocabulary.status_label, placeholder="Alle", select_all=False)),
        search=search,
        reviewed=cols[1].radio("Welke", list(review.reviewed_choices()), key="rv_f_welke",
                               format_func=review.reviewed_choices().get, horizontal=True),
    )
    order = cols[2].selectbox("Volgorde", list(review.orders()), key="rv_f_volgorde",
                              format_func=review.orders().get)
    if per == "kernpunt":
        st.caption("Per kernpunt gelden alleen het thema en de zoektekst; onbesliste kernpunten "
                   "komen eerst, per thema.")

if per == "kernpunt":
    _review_kernpunt.workbench(store, version, sections, filters.themes, search, editable, actor, role)
else:
    _review_item.workbench(store, version, sections, filters, order, editable, actor, role)
if editable and per == "suggestie":
    _review_bulk.bulk(store, version, sections, actor, role)
st.page_link("app_pages/tracker.py", label="Naar het overzicht in de Tracker",
             icon=":material/checklist:")
