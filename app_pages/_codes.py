"""The theme-code editor shared by Beoordelen, Bijdragen and Thema's: an editor confirms or
changes a contribution's themes (stored append-only by analysis.tracker.codes).

On the workbench the correction applies to the whole group shown (members): one code per
member, each with its own row and audit entry, the count on the button before saving. The save
is a button callback, so the rerun that follows already shows the new themes (no st.rerun:
inside the workbench fragment only the fragment reruns).
"""
from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from analysis.core import dutch
from analysis.core.errors import InputError, PermissionDenied
from analysis.tracker import codes, decisions, learning
from analysis.tracker.batches import new_batch_id
from analysis.views import frame
from app_pages import _common as ui


def _save(store, widget: str, members: list[str], actor_key: str | None, actor: str | None,
          role: str, error_key: str) -> None:
    chosen = st.session_state.get(widget) or []
    name = st.session_state.get(actor_key, "") if actor_key else actor
    try:
        n = codes.save_codes(store, dict.fromkeys(members, chosen), name or "", role,
                             batch_id=new_batch_id() if len(members) > 1 else None)
    except (InputError, PermissionDenied) as exc:
        st.session_state[error_key] = str(exc)
        return
    st.session_state.pop(error_key, None)
    st.toast(f"Thema's opgeslagen voor {dutch.count(n, 'bijdrage', 'bijdragen')}.")
    if learning.due(store):  # every N new codes (data/review.toml) the model learns
        learning.retrain(store, role)
        st.toast("Genoeg nieuwe codes: het model heeft ervan geleerd.")


def theme_editor(store, contribution_id: str, themes: object, key: str, role: str,
                 actor: str | None = None, members: Sequence[str] | None = None) -> None:
    """Multiselect of the current themes (the first is the primary) and a save button; with
    members (the group shown, contribution_id included) the save codes every member."""
    editable = decisions.can_edit(store, role, "edit_theme_codes")
    labels = frame.theme_labels()
    current = [t for t in str(themes if isinstance(themes, str) else "").split(";") if t in labels]
    widget = f"{key}_th_{contribution_id}"
    st.multiselect("Thema's (de eerste is het hoofdthema)", list(labels), default=current,
                   format_func=labels.get, key=widget, disabled=not editable,
                   select_all=False)  # its label is English only
    actor_key = None
    if actor is None:
        actor_key = f"{key}_thactor"
        ui.actor_input("Uw naam", key=actor_key, disabled=not editable)
    group = list(dict.fromkeys([contribution_id, *(members or [])]))
    label = "Thema's opslaan" if len(group) == 1 else \
        f"Thema's opslaan voor alle {dutch.number(len(group))} suggesties in de groep"
    error_key = f"{key}_therr_{contribution_id}"
    st.button(label, key=f"{key}_thsave_{contribution_id}", disabled=not editable,
              on_click=_save, args=(store, widget, group, actor_key, actor, role, error_key),
              help="Uw keuze wint overal van het model: pagina's, openbare pagina, exports.")
    if st.session_state.get(error_key):
        st.error(st.session_state[error_key])
