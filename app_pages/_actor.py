"""The person's name for the history, typed once per session (pages reach it as ui.actor_input).

A widget's own state is dropped when its page is not shown, so the name also lives under a
key no widget uses (NAME); every name field starts from it and a change writes it back.
"""
from __future__ import annotations

import streamlit as st

NAME = "actor_name"  # not a widget key: kept while another page is shown


def _remember(key: str) -> None:
    st.session_state[NAME] = st.session_state.get(key, "")


def actor_input(label: str, container=st, *, key: str, **kwargs) -> str:
    """A name field (label as the page says it) that starts from the name typed last on any
    page of this session; kwargs go to st.text_input (placeholder, disabled)."""
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(NAME, "")
    return container.text_input(label, key=key, on_change=_remember, args=(key,), **kwargs)
