"""What the workbench's form holds and the callbacks that fill it (no drawing).

The widgets keep the same keys from one suggestion to the next (so the browser updates them
instead of building them anew), and the form belongs to one suggestion: whenever another one is
shown, for whatever reason (save, skip, back, another queue), it is filled with that
suggestion's stored decision before any widget is drawn (`own`), or emptied when there is none.
Every button has a key (data/review.toml [keys]), shown on the button.
"""
from __future__ import annotations

import streamlit as st

from analysis.tracker import edits, explanations, review, vocabulary

# The form's widgets and their empty values. They are set, not removed: the browser keeps a
# widget's value too and would send the previous suggestion's text back with the next click.
EMPTY = {"rv_st": None, "rv_se": None, "rv_re": None, "rv_to": None, "rv_ex": "", "rv_no": "",
         "rv_pu": False, "kp_all": False}
HELPERS = ("rv_exauto", "rv_accepted", "rv_error", "rv_initial")


def keys() -> dict:
    return review.settings()["keys"]


def own(sid: str, row, version, sections) -> None:
    """Make the form suggestion sid's: filled with its stored decision (or empty)."""
    own_values(sid, edits.stored(row), version, sections)


def own_values(form_for: str, values: edits.FormValues, version, sections) -> None:
    """Make the form form_for's (a suggestion id or a kernpunt's form key), filled with values,
    whenever it held another one's. After a save refused as stale the form stays as the person
    left it, and a second save puts only their changes over the newer decision."""
    if st.session_state.get("rv_form_for") == form_for:
        return
    for key in HELPERS:
        st.session_state.pop(key, None)
    st.session_state.update({**EMPTY, "rv_st": values.status, "rv_se": values.section,
                             "rv_ex": values.public_explanation, "rv_no": values.internal_note,
                             "rv_pu": values.published})
    st.session_state["rv_initial"] = values
    template = explanations.fill(values.status, values.section, sections.get(values.section or ""),
                                 version.name)
    if template and template == values.public_explanation:  # still the template: may follow
        st.session_state["rv_exauto"] = template
    st.session_state["rv_form_for"] = form_for


def accept(sid: str, status: str | None, section: str | None, version, sections,
         accepted: bool = False) -> None:
    """Fill status, section and the explanation template (callback of "Overnemen")."""
    st.session_state["rv_st"] = status
    st.session_state["rv_se"] = section
    st.session_state["rv_accepted"] = section if accepted else None
    prefill(sid, version, sections)


def set_status(sid: str, status: str, best: str | None, version, sections) -> None:
    """Callback of a status key: a status in the programme keeps the chosen section (or takes
    the best proposal's), one outside it has none."""
    rules = vocabulary.statuses()[status]
    section = None
    if rules["needs_section"]:
        section = st.session_state.get("rv_se") or best
    st.session_state["rv_st"] = status
    st.session_state["rv_se"] = section
    prefill(sid, version, sections)


def prefill(sid: str, version, sections) -> None:
    """Explanation from the template of the chosen status and section (and reason or
    organisation), unless the person typed one."""
    key, auto = "rv_ex", "rv_exauto"
    get = st.session_state.get
    text = explanations.fill(get("rv_st"), get("rv_se"), sections.get(get("rv_se") or ""),
                             version.name, reason=get("rv_re"), referral=get("rv_to"))
    if get(key, "") in ("", get(auto, "")):
        st.session_state[key] = text
        st.session_state[auto] = text


# Navigation, per queue: slot "rv" is the suggestion queue, "kp" the kernpunt queue; each keeps
# its current item, its back list and whether it reached the end.

def go(item, slot: str = "rv") -> None:
    """Show item next (None: the end of the queue); the current one goes on the back list."""
    state = st.session_state
    if state.get(f"{slot}_current") is not None:
        state.setdefault(f"{slot}_back", []).append(state[f"{slot}_current"])
    state[f"{slot}_current"] = item
    state[f"{slot}_end"] = item is None


def back(slot: str = "rv") -> None:
    history = st.session_state.get(f"{slot}_back") or []
    if history:
        st.session_state[f"{slot}_current"] = history.pop()
        st.session_state[f"{slot}_end"] = False


def restart(first, slot: str = "rv") -> None:
    st.session_state[f"{slot}_current"] = first
    st.session_state[f"{slot}_end"] = False


def stable(ids: tuple, queue: object, slot: str) -> tuple:
    """The queue in the order it had when it was formed, as long as it holds the same items: a
    queue ordered by "undecided first" keeps its order while deciding, so the place counts on
    ("3 van 101") instead of every next item being first again."""
    kept = st.session_state.get(f"{slot}_order")
    if kept is None or kept[0] != queue or set(kept[1]) != set(ids):
        st.session_state[f"{slot}_order"] = kept = (queue, ids)
    return kept[1]


def current(ids: tuple, known, queue: object, slot: str = "rv"):
    """The item to show: the one chosen before, the queue's top for a new queue or when the
    chosen one is gone (not in known), None at the end of the queue (it does not start over)."""
    state = st.session_state
    if state.get(f"{slot}_queue") != queue:  # another queue: start at its top
        state[f"{slot}_queue"] = queue
        state[f"{slot}_current"], state[f"{slot}_end"] = None, False
    if state.get(f"{slot}_end"):
        return None
    item = state.get(f"{slot}_current")
    if item is None or item not in known:
        item = ids[0] if ids else None
        state[f"{slot}_current"] = item
    return item


