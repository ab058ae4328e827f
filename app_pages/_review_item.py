"""The workbench item: one suggestion, its context, group, themes and proposals, and the form.

Drawn in st.fragment: accepting a proposal or saving reruns only this part, and what it reads
is kept per store version (_review_data), so a click that writes nothing reads nothing. The
form and its callbacks are in _review_form; a theme correction applies to the group shown.
"""
from __future__ import annotations

import streamlit as st

from analysis.tracker import review, vocabulary
from analysis.views import display, review_view
from app_pages import _codes, _original, _review_form, _review_state
from app_pages import _review_data as data


def proposals(props, sid: str, version, sections, editable: bool, confirm: bool = True) -> None:
    """The proposed sections with an "Overnemen" button each (keys 1/2/3); confirm: a save
    also confirms the accepted link (a suggestion's own proposal, not a kernpunt's)."""
    st.markdown("#### Voorgestelde secties")
    if props.empty:
        st.caption("Geen voorstel; kies zelf een status en sectie.")
    status = vocabulary.statuses()
    accept = review.settings()["bulk"]["accept_status"]
    shortcuts = _review_state.keys()["proposals"]
    for i, p in enumerate(props.itertuples()):
        c1, c2 = st.columns([6, 1])
        c1.markdown(f"**{i + 1}. {display.md_escape(p.name)}** · score {p.score}  \n{p.evidence}")
        c2.button("Overnemen", key=f"rv_acc_{i}", disabled=not editable,
                  shortcut=shortcuts[i] if i < len(shortcuts) else None,
                  on_click=_review_state.accept, args=(sid, accept, p.section, version, sections, confirm),
                  help=f"Status '{status[accept]['label']}' in {p.name}"
                       + ("; bij opslaan is de koppeling bevestigd" if confirm else ""))


@st.fragment
def workbench(store, version, sections, filters, order, editable, actor, role) -> None:
    # Everything is read first and drawn after: the browser then gets the whole item at once
    # instead of redrawing after each element while a save's reads are still going on.
    snap = data.snapshot()
    table = data.table(snap, version.id)
    done, total = review.progress(table)
    ids, n_suggestions = data.queue(snap, version.id, filters, order)
    current = _review_state.current(ids, set(table["id"]), (filters, order))
    place = review_view.queue_place(ids, current)
    if current is not None:
        row = data.row(snap, version.id, current)
        _review_state.own(current, row, version, sections)  # before any form widget
        group = review.members(table, current)
        props = data.proposals(snap, version.id, current, row["text"], sections)
        best = props["section"].iloc[0] if len(props) else None
        history = data.history(snap, current)
        later = data.reactions_of(row)

    st.progress(done / total if total else 0.0, text=review_view.progress_line(done, total))
    keys = _review_state.keys()
    nav = st.columns([1, 1, 4])
    nav[0].button("Vorige", key="rv_vorige", on_click=_review_state.back, icon=":material/arrow_back:",
                  disabled=not st.session_state.get("rv_back"), shortcut=keys["back"])
    nav[1].button("Overslaan", key="rv_overslaan", on_click=_review_state.go,
                  args=(place.following,), disabled=current is None,
                  icon=":material/skip_next:", shortcut=keys["skip"])
    nav[2].caption(review_view.queue_line(place, len(ids), n_suggestions) + " "
                   + st.session_state.pop("rv_saved", ""))
    if current is None:
        if ids:
            st.info(review_view.end_line(len(ids)))
            st.button("Terug naar het begin van de wachtrij", key="rv_opnieuw",
                      on_click=_review_state.restart, args=(ids[0],))
        else:
            st.success("Niets meer te beoordelen met deze filters.")
        return
    st.markdown(f"### {display.md_escape(row['text'])}")
    _original.original(store, current, "rv", role, actor)
    st.caption(" · ".join(f"{k}: {display.md_escape(v)}" for k, v in review_view.context(row)))
    st.markdown("**Thema's:** " + (", ".join(review_view.themes(row)) or "geen"))
    st.caption(review_view.status_line(row))
    if len(group) > 1:
        st.warning(f"Deze suggestie hoort bij een groep van {len(group)} (bijna) gelijke "
                   f"suggesties. Het besluit geldt voor alle {len(group)}.", icon=":material/group:")
        with st.expander(f"De {len(group)} suggesties in deze groep"):
            st.dataframe(review_view.group_rows(group), hide_index=True, width="stretch")
    if len(later):
        st.markdown("#### Wat latere sessies hierover zeiden")
        st.caption("Een reactie op deze suggestie, geen kopie: die krijgt een eigen besluit.")
        for lead in later["lead"]:
            st.markdown(f"- {display.md_escape(lead)}")
    proposals(props, current, version, sections, editable)
    _review_form.form(store, version, sections, current, group, place.following, best, editable,
                      actor, role)
    with st.expander("Thema's bevestigen of wijzigen"):
        if len(group) > 1:
            st.caption(f"Uw keuze geldt voor alle {len(group)} suggesties in de groep.")
        _codes.theme_editor(store, current, row.get("themes"), "rv", role, actor,
                            members=list(group["id"]))
    with st.expander("Geschiedenis"):
        if len(history):
            st.dataframe(history, hide_index=True, width="stretch")
        else:
            st.caption("Nog geen wijzigingen.")
