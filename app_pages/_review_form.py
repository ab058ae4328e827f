"""The workbench's decision form: status keys, section, reason or organisation, explanation,
note, publish, and the two save buttons (callbacks only: a click reruns the workbench fragment,
no more). What the form holds and when it is filled is in _review_state; a save writes only
what the person changed (analysis.tracker.edits).
"""
from __future__ import annotations

import streamlit as st

from analysis.core.errors import InputError, PermissionDenied, StaleVersionError
from analysis.tracker import batches, edits, explanations, queries, vocabulary
from analysis.views import review_view
from app_pages._review_state import go, keys, prefill, set_status


def form(store, version, sections, sid, group, following, best, editable, actor, role) -> None:
    """The decision form for suggestion sid (its group shown); following is the next queue item."""
    status = fields(sid, best, version, sections, editable)
    n = len(group)
    buttons("" if n == 1 else f" voor {n} suggesties", not editable or not status, _save,
            (store, version, sections, sid, group, following, actor, role))


def fields(form_for: str, best, version, sections, editable: bool) -> str | None:
    """Status keys, status, section, reason or organisation, explanation, note and publish of
    the form that belongs to form_for; returns the chosen status."""
    st.markdown("#### Besluit")
    cfg = keys()
    chosen = [s for s in vocabulary.statuses() if s != "open"]
    cols = st.columns(len(chosen))
    for col, s in zip(cols, chosen):
        col.button(vocabulary.status_label(s), key=f"rv_k_{s}", disabled=not editable,
                   shortcut=cfg["statuses"].get(s), on_click=set_status,
                   args=(form_for, s, best, version, sections), width="stretch")
    again = (form_for, version, sections)
    c1, c2 = st.columns(2)
    status = c1.selectbox("Status", list(vocabulary.statuses()), index=None,
                          placeholder="Kies een status", format_func=vocabulary.status_label,
                          key="rv_st", on_change=prefill, args=again)
    c2.selectbox(f"Sectie in {version.name}", list(sections), index=None,
                 placeholder="Geen sectie", format_func=sections.get, key="rv_se",
                 on_change=prefill, args=again)
    if explanations.asks_reason(status):
        st.selectbox("Reden (komt in de toelichting)", [r["label"] for r in explanations.reasons()],
                     index=None, placeholder="Kies een reden", key="rv_re", on_change=prefill, args=again)
    if explanations.asks_referral(status):
        st.selectbox("Doorgestuurd naar", [r["label"] for r in explanations.referrals()],
                     index=None, placeholder="Kies een organisatie", key="rv_to",
                     on_change=prefill, args=again)
    st.text_area("Openbare toelichting", key="rv_ex", placeholder=vocabulary.explanation_help())
    st.text_area("Interne notitie", key="rv_no", placeholder="Alleen voor het programmateam")
    st.checkbox("Publiceren (tonen op de openbare pagina)", key="rv_pu")
    return status


def buttons(which: str, disabled: bool, save, args: tuple) -> None:
    """The two save buttons ("Opslaan{which} en volgende", and with publishing) and the last error."""
    cfg = keys()
    c1, c2 = st.columns(2)
    c1.button(f"Opslaan{which} en volgende", key="rv_save", type="primary", disabled=disabled,
              shortcut=cfg["save_next"], on_click=save, args=args)
    c2.button(f"Opslaan{which}, publiceren en volgende", key="rv_save_pub", disabled=disabled,
              shortcut=cfg["publish_next"], on_click=save, args=args, kwargs={"publish": True})
    if st.session_state.get("rv_error"):
        st.error(st.session_state["rv_error"])


def values(publish: bool = False) -> edits.FormValues:
    """What the form holds now (publish: the button that publishes was used)."""
    get = st.session_state.get
    return edits.FormValues(get("rv_st"), get("rv_se"), get("rv_ex", ""), get("rv_no", ""),
                            bool(get("rv_pu")) or publish)


def _save(store, version, sections, sid, group, following, actor, role, publish: bool = False) -> None:
    """Callback of the save buttons: the changed fields for the shown group, then the next one."""
    if st.session_state.get("rv_form_for") != sid:  # never another suggestion's values
        return
    get = st.session_state.get
    now = values(publish)
    items = edits.group_items(group, now.changes(get("rv_initial") or edits.FormValues()))
    if not items:
        st.session_state["rv_saved"] = "Niets gewijzigd; er is niets opgeslagen."
        go(following)
        return
    based = dict(zip(group["id"], group["row_version"]))
    accepted = get("rv_accepted")
    confirm = [m for m, d in items if accepted and accepted == d.section]
    try:
        batches.save_items(store, version.id, items, based, actor, role,
                           kind="groep" if len(group) > 1 else "enkel", confirm=confirm)
    except StaleVersionError as exc:
        theirs = queries.current_decisions(store, [sid])
        theirs = theirs[theirs["concept_version"] == version.id]
        st.session_state["rv_error"] = " ".join([
            str(exc), review_view.stored_sentence(theirs.iloc[0], sections) if len(theirs) else "",
            "Uw invoer staat nog in het formulier: opnieuw opslaan zet alleen wat u wijzigde over "
            "het nieuwe besluit heen."])
        return
    except (InputError, PermissionDenied) as exc:
        st.session_state["rv_error"] = f"{exc} Er is niets opgeslagen."
        return
    st.session_state.pop("rv_error", None)
    what = vocabulary.status_label(items[0][1].status) + (", gepubliceerd" if now.published else "")
    st.session_state["rv_saved"] = (f"Opgeslagen voor {review_view.count_words(len(items))}: "
                                    f"{what}.")
    go(following)
