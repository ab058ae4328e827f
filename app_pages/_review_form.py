"""The workbench's decision form: quick actions, status, section, explanation, note, publish,
and "Opslaan en volgende" (callbacks only: a click reruns the workbench fragment, no more).

The widgets keep the same keys from one suggestion to the next (so the browser updates them
instead of building them anew), and the form belongs to one suggestion: whenever another one is
shown, for whatever reason (save, skip, back, another queue), its values are emptied before any
widget is drawn (`own`), so after a save the form is empty for the next one and nothing chosen
for one suggestion can carry over to another. Accepting a proposal
("Overnemen") fills status, section and the explanation; saving with that section confirms the
link as well (for every member of the group, in the same transaction).
"""
from __future__ import annotations

import streamlit as st

from analysis.core.errors import InputError, PermissionDenied, StaleVersionError
from analysis.tracker import batches, review, vocabulary
from analysis.tracker.decisions import Decision
from analysis.views import display, review_view

# The form's widgets and their empty values. They are set, not removed: the browser keeps a
# widget's value too and would send the previous suggestion's text back with the next click.
EMPTY = {"rv_st": None, "rv_se": None, "rv_ex": "", "rv_no": "", "rv_pu": False}
HELPERS = ("rv_exauto", "rv_accepted", "rv_error")


def own(sid: str) -> None:
    """Make the form suggestion sid's: when it held another one's values, they are emptied."""
    if st.session_state.get("rv_form_for") != sid:
        st.session_state.update(EMPTY)
        for key in HELPERS:
            st.session_state.pop(key, None)
        st.session_state["rv_form_for"] = sid


def _set(sid: str, status: str | None, section: str | None, version, sections,
         accepted: bool = False) -> None:
    """Fill status, section and the explanation template (callback of the quick actions)."""
    st.session_state["rv_st"] = status
    st.session_state["rv_se"] = section
    st.session_state["rv_accepted"] = section if accepted else None
    prefill(sid, version, sections)


def prefill(sid: str, version, sections) -> None:
    """Explanation from the template of the chosen status and section, unless the person typed one."""
    key, auto = "rv_ex", "rv_exauto"
    text = review_view.explanation(st.session_state.get("rv_st"), st.session_state.get("rv_se"),
                                   version.name, sections)
    if st.session_state.get(key, "") in ("", st.session_state.get(auto, "")):
        st.session_state[key] = text
        st.session_state[auto] = text


def go(sid: str | None) -> None:
    """Show suggestion sid next (None: the queue's first); the current one goes on the back list."""
    if sid is not None and st.session_state.get("rv_current"):
        st.session_state.setdefault("rv_back", []).append(st.session_state["rv_current"])
    st.session_state["rv_current"] = sid


def proposals(props, sid: str, version, sections, editable: bool) -> None:
    st.markdown("#### Voorgestelde secties")
    if props.empty:
        st.caption("Geen voorstel; kies zelf een sectie of 'niet in het programma'.")
    status = vocabulary.statuses()
    accept = review.settings()["bulk"]["accept_status"]
    for i, p in enumerate(props.itertuples()):
        c1, c2 = st.columns([6, 1])
        c1.markdown(f"**{i + 1}. {display.md_escape(p.name)}** · score {p.score}  \n{p.evidence}")
        c2.button("Overnemen", key=f"rv_acc_{i}", disabled=not editable,
                  on_click=_set, args=(sid, accept, p.section, version, sections, True),
                  help=f"Status '{status[accept]['label']}' in {p.name}; bij opslaan is de "
                       "koppeling bevestigd")


def form(store, version, sections, sid, group, later, editable, actor, role) -> None:
    st.markdown("#### Besluit")
    st.button("Niet in het programma", key="rv_niet", disabled=not editable,
              on_click=_set, args=(sid, "niet_verwerkt", None, version, sections))
    c1, c2 = st.columns(2)
    status = c1.selectbox("Status", list(vocabulary.statuses()), index=None,
                          placeholder="Kies een status", format_func=vocabulary.status_label,
                          key="rv_st", on_change=prefill, args=(sid, version, sections))
    c2.selectbox(f"Sectie in {version.name}", list(sections), index=None,
                 placeholder="Geen sectie", format_func=sections.get, key="rv_se",
                 on_change=prefill, args=(sid, version, sections))
    st.text_area("Openbare toelichting", key="rv_ex", help=vocabulary.explanation_help())
    st.text_area("Interne notitie", key="rv_no")
    st.checkbox("Publiceren (tonen op de openbare pagina)", key="rv_pu")
    n = len(group)
    label = "Opslaan en volgende" if n == 1 else f"Opslaan voor {n} suggesties en volgende"
    st.button(label, key="rv_save", type="primary", disabled=not editable or not status,
              on_click=_save, args=(store, version, sid, group, later, actor, role))
    if st.session_state.get("rv_error"):
        st.error(st.session_state["rv_error"])


def _save(store, version, sid, group, later, actor, role) -> None:
    """Callback of "Opslaan en volgende": one decision for the shown group, then the next one."""
    if st.session_state.get("rv_form_for") != sid:  # never another suggestion's values
        return
    get = st.session_state.get
    decision = Decision(get("rv_st"), get("rv_se"), get("rv_ex", ""), get("rv_no", ""),
                        bool(get("rv_pu")))
    based = dict(zip(group["id"], group["row_version"]))
    accepted = get("rv_accepted")
    confirm = list(group["id"]) if accepted and accepted == decision.section else []
    try:
        batches.save_items(store, version.id, [(m, decision) for m in group["id"]], based,
                           actor, role, kind="groep" if len(group) > 1 else "enkel",
                           confirm=confirm)
    except (InputError, PermissionDenied, StaleVersionError) as exc:
        st.session_state["rv_error"] = str(exc)
        return
    st.session_state.pop("rv_error", None)
    st.session_state["rv_saved"] = (f"Opgeslagen voor {len(group)} suggestie(s): "
                                    f"{vocabulary.status_label(decision.status)}.")
    go(later[0] if later else None)
