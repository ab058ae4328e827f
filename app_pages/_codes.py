"""The theme-code editor shared by Beoordelen, Bijdragen and Thema's: an editor confirms or
changes a contribution's themes (stored append-only by analysis.tracker.codes)."""
from __future__ import annotations

import streamlit as st

from analysis.core.errors import InputError, PermissionDenied
from analysis.tracker import codes, decisions, learning
from analysis.views import frame


def theme_editor(store, contribution_id: str, themes: object, key: str, role: str,
                 actor: str | None = None) -> None:
    """Multiselect of the current themes (the first is the primary) and a save button."""
    editable = decisions.can_edit(store, role, "edit_theme_codes")
    labels = frame.theme_labels()
    current = [t for t in str(themes if isinstance(themes, str) else "").split(";") if t in labels]
    chosen = st.multiselect("Thema's (de eerste is het hoofdthema)", list(labels), default=current,
                            format_func=labels.get, key=f"{key}_th_{contribution_id}",
                            disabled=not editable)
    if actor is None:
        actor = st.text_input("Uw naam", key=f"{key}_thactor", disabled=not editable)
    if st.button("Thema's opslaan", key=f"{key}_thsave_{contribution_id}", disabled=not editable,
                 help="Uw keuze wint overal van het model: pagina's, openbare pagina, exports."):
        try:
            codes.save_codes(store, {contribution_id: chosen}, actor, role)
        except (InputError, PermissionDenied) as exc:
            st.error(str(exc))
        else:
            st.toast("Thema's opgeslagen.")
            if learning.due(store):  # every N new codes (data/review.toml) the model learns
                with st.spinner("Genoeg nieuwe codes: het model leert ervan..."):
                    learning.retrain(store, role)
            st.rerun()
