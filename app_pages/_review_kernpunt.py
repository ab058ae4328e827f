"""The workbench per kernpunt: one kernpunt at a time from a queue, with its members, quotes and
the sections proposed for most of them, and the same decision form as per suggestion.

Drawn in st.fragment, reading through _kernpunt_data (kept per store version). The form's
widgets, keys and callbacks are the suggestion mode's (_review_form, _review_state); a save
writes the decision for the kernpunt and its members (analysis.tracker.kernpunt_decisions),
leaving a member's own exception unless asked otherwise.
"""
from __future__ import annotations

import streamlit as st

from analysis.core.errors import InputError, PermissionDenied, StaleVersionError
from analysis.tracker import kernpunt_decisions
from analysis.tracker.decisions import Decision
from analysis.tracker.edits import FormValues
from analysis.views import display, kernpunt_view, review_view
from analysis.views.frame import theme_label
from app_pages import _kernpunt_data as data
from app_pages import _review_data, _review_form, _review_item, _review_state

SLOT = "kp"


@st.fragment
def workbench(store, version, sections, themes, search, editable, actor, role) -> None:
    snap = _review_data.snapshot()
    table = data.table(snap, version.id)
    everyone = data.members(snap, version.id)
    ids = _review_state.stable(kernpunt_view.queue(table, everyone, themes, search),
                               (themes, search), SLOT)
    current = _review_state.current(ids, set(table["kernpunt"]), (themes, search), SLOT)
    place = review_view.queue_place(ids, current)
    if current is not None:
        row = table.set_index("kernpunt").loc[current]
        mine = everyone[everyone["kernpunt_id"] == current]
        stored = data.decision(snap, version.id, current)
        key = kernpunt_view.form_key(current)
        _review_state.own_values(key, kernpunt_view.stored(stored), version, sections)
        props = kernpunt_view.proposals(mine, sections)
        best = props["section"].iloc[0] if len(props) else None
        quotes, kept = data.detail(snap, version.id, current, tuple(mine["contribution_id"]))

    share, line = kernpunt_view.progress_line(table)
    st.progress(share, text=line)
    keys = _review_state.keys()
    nav = st.columns([1, 1, 4])
    nav[0].button("Vorige", key="kp_vorige", on_click=_review_state.back, args=(SLOT,),
                  icon=":material/arrow_back:", disabled=not st.session_state.get("kp_back"),
                  shortcut=keys["back"])
    nav[1].button("Overslaan", key="kp_overslaan", on_click=_review_state.go,
                  args=(place.following, SLOT), disabled=current is None,
                  icon=":material/skip_next:", shortcut=keys["skip"])
    nav[2].caption(kernpunt_view.queue_line(place.position, len(ids)) + " "
                   + st.session_state.pop("rv_saved", ""))
    if current is None:
        if ids:
            st.info(review_view.end_line(len(ids)))
            st.button("Terug naar het begin van de wachtrij", key="kp_opnieuw",
                      on_click=_review_state.restart, args=(ids[0], SLOT))
        else:
            st.success("Geen kernpunten met deze filters.")
        return
    st.markdown(f"### {display.md_escape(row['label'])}")
    st.caption(f"Thema {theme_label(row['theme'])} · {kernpunt_view.counts_line(row)}")
    st.markdown(f"**Standpunten:** {kernpunt_view.standpunt_line(row) or 'geen'}  \n"
                f"**Besluit nu:** {row['decision']}")
    for quote in quotes:
        st.markdown(f"> {display.md_escape(quote)}")
    st.dataframe(kernpunt_view.member_rows(mine, kept), hide_index=True, width="stretch",
                 height=min(38 + 35 * len(mine), 250))
    _review_item.proposals(props, key, version, sections, editable, confirm=False)
    status = _review_form.fields(key, best, version, sections, editable)
    everyone_too = st.checkbox(
        "Ook de uitzonderingen overschrijven", key="kp_all", disabled=not editable or not kept,
        help=kernpunt_view.exceptions_line(len(kept)))
    n = len(mine) - (0 if everyone_too else len(kept))
    based_on = int(stored["row_version"]) if stored is not None else 0
    _review_form.buttons(f" voor {review_view.count_words(n)}", not editable or not status, _save,
                         (store, version, current, based_on, place.following, actor, role))


def _save(store, version, kernpunt_id: int, based_on: int, following, actor, role,
          publish: bool = False) -> None:
    """Callback of the save buttons: the decision for the kernpunt shown, then the next one."""
    state = st.session_state
    if state.get("rv_form_for") != kernpunt_view.form_key(kernpunt_id):  # never another's values
        return
    now = _review_form.values(publish)
    if based_on and not now.changes(state.get("rv_initial") or FormValues()) and not state.get("kp_all"):
        state["rv_saved"] = "Niets gewijzigd; er is niets opgeslagen."
        _review_state.go(following, SLOT)
        return
    decision = Decision(now.status, now.section, now.public_explanation, now.internal_note,
                        now.published)
    try:
        result = kernpunt_decisions.decide(store, version.id, kernpunt_id, decision, based_on, actor,
                                           role, include_exceptions=bool(state.get("kp_all")))
    except StaleVersionError as exc:
        state["rv_error"] = (f"{exc} Uw invoer staat nog in het formulier: opnieuw opslaan legt "
                             "die vast in plaats van het nieuwere besluit.")
        return
    except (InputError, PermissionDenied) as exc:
        state["rv_error"] = f"{exc} Er is niets opgeslagen."
        return
    state.pop("rv_error", None)
    state["rv_saved"] = kernpunt_view.saved_line(result)
    _review_state.go(following, SLOT)
