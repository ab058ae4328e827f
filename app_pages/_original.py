"""The original text of one contribution, on an editor's click (Bijdragen detail, Beoordelen item).

Pages show the de-identified text; analysis.tracker.originals checks the role and logs every
reveal. The revealed text is kept in the session for that one contribution only: opening another
one shows the de-identified text again, and a viewer or analyst never gets the button.
"""
from __future__ import annotations

import streamlit as st

from analysis.core.errors import InputError, PermissionDenied
from analysis.tracker import originals
from analysis.views import display
from app_pages._actor import actor_input

_SHOWN = "orig_shown"  # (contribution id, its original text)


def _reveal(store, contribution_id: str, actor_key: str | None, actor: str | None, role: str,
            error_key: str) -> None:
    name = st.session_state.get(actor_key, "") if actor_key else actor
    try:
        text = originals.reveal(store, contribution_id, name or "", role)
    except (InputError, PermissionDenied) as exc:
        st.session_state[error_key] = str(exc)
        return
    st.session_state.pop(error_key, None)
    st.session_state[_SHOWN] = (contribution_id, text)


def _hide() -> None:
    st.session_state.pop(_SHOWN, None)


def original(store, contribution_id: str, key: str, role: str, actor: str | None = None) -> None:
    """For an editor: "Oorspronkelijke tekst tonen" (the session's name field first when the page has none),
    the original once revealed, and who saw it before. Nothing for other roles."""
    if not originals.can_reveal(store, role):
        return
    actor_key = None if actor is not None else f"{key}_orig_actor"
    cols = st.columns([2, 1]) if actor_key else [st]
    if actor_key:
        actor_input("Uw naam (voor de geschiedenis)", cols[0], key=actor_key,
                    help="Wordt vastgelegd bij het tonen van de oorspronkelijke tekst.")
    shown = st.session_state.get(_SHOWN)
    error_key = f"{key}_orig_err"
    if shown and shown[0] == contribution_id:
        cols[-1].button("Oorspronkelijke tekst verbergen", key=f"{key}_orig_hide", on_click=_hide,
                        icon=":material/visibility_off:")
        st.markdown("**Oorspronkelijke tekst** (met persoonsgegevens: niet delen of overnemen)")
        st.markdown(f"> {display.md_escape(shown[1])}")
    else:
        cols[-1].button("Oorspronkelijke tekst tonen", key=f"{key}_orig_show", on_click=_reveal,
                        args=(store, contribution_id, actor_key, actor, role, error_key),
                        icon=":material/visibility:",
                        help="U ziet naam en gegevens van de indiener; dat wordt vastgelegd.")
    if st.session_state.get(error_key):
        st.error(st.session_state.pop(error_key))
    lines = originals.reveal_lines(originals.reveals(store, contribution_id))
    with st.expander(f"Wie zag de oorspronkelijke tekst ({len(lines)})"):
        st.markdown("\n".join(f"- {display.md_escape(line)}" for line in lines) if lines
                    else "Nog niemand.")
