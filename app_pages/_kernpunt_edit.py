"""The editor's part of the page Kernpunten: one kernpunt of the theme shown, and per tab one
change (rename, merge, split, move members, set a standpunt) through analysis.tracker.kernpunt_edits.

Every button is a callback: it reads the widgets and the name at the moment of the click,
writes one change (or nothing, with the Dutch reason) and leaves a message for the next run.
"""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from analysis.core import dutch
from analysis.core.errors import InputError, PermissionDenied
from analysis.tracker import kernpunt_edits as edits
from analysis.views import kernpunt_view, review_view


def _run(change: Callable[[str], object], said: Callable[[object], str]) -> None:
    """Callback: change(actor) and the message of its outcome, or the reason nothing was saved."""
    try:
        out = change(st.session_state.get("kp_actor", ""))
    except (InputError, PermissionDenied) as exc:
        st.session_state["kp_msg"] = ("error", str(exc))
        return
    st.session_state["kp_msg"] = ("success", said(out))


def _message() -> None:
    kind, text = st.session_state.pop("kp_msg", (None, ""))
    if kind == "error":
        st.error(text)
    elif kind == "success":
        st.success(text)


def _members_pick(mine: pd.DataFrame, key: str, label: str) -> list[str]:
    names = {r["contribution_id"]: kernpunt_view.member_label(r) for _, r in mine.iterrows()}
    return st.multiselect(label, list(names), key=key, format_func=names.get,
                          placeholder="Kies suggesties")


def editor(store, shown: pd.DataFrame, members: pd.DataFrame, role: str) -> None:
    """Choose a kernpunt of the theme shown and change it."""
    st.markdown("#### Kernpunt wijzigen")
    _message()
    rows = shown.set_index("kernpunt")
    kid = st.selectbox("Kernpunt", list(rows.index), key="kp_kies",
                       format_func=lambda k: kernpunt_view.choice_label(rows.loc[k]))
    if kid is None:
        return
    label = str(rows.loc[kid, "label"])
    mine = members[members["kernpunt_id"] == kid]
    others = [k for k in rows.index if k != kid]
    other_name = lambda k: kernpunt_view.choice_label(rows.loc[k])  # noqa: E731
    tabs = st.tabs(["Hernoemen", "Samenvoegen", "Splitsen", "Verplaatsen", "Standpunt"])
    with tabs[0]:
        st.text_input("Nieuwe naam", value=label, key=f"kp_naam_{kid}")
        st.button("Naam opslaan", key="kp_hernoem", on_click=_run, args=(
            lambda actor: edits.rename(store, kid, st.session_state[f"kp_naam_{kid}"], actor, role),
            lambda _: f"Kernpunt hernoemd: '{st.session_state[f'kp_naam_{kid}'].strip()}'."))
    with tabs[1]:
        st.multiselect("Voeg deze kernpunten van hetzelfde thema hierbij", others, key="kp_samen",
                       format_func=other_name, placeholder="Kies kernpunten")
        st.button("Samenvoegen", key="kp_samenvoegen", on_click=_run, args=(
            lambda actor: edits.merge(store, kid, st.session_state.get("kp_samen") or [], actor, role),
            lambda n: f"Samengevoegd met '{label}': {review_view.count_words(n)} verplaatst."))
    with tabs[2]:
        _members_pick(mine, "kp_splits", "Deze suggesties gaan naar een nieuw kernpunt")
        st.text_input("Naam van het nieuwe kernpunt (leeg: het model stelt er een voor)",
                      key="kp_splits_naam")
        st.button("Splitsen", key="kp_splitsen", on_click=_run, args=(
            lambda actor: edits.split(store, kid, st.session_state.get("kp_splits") or [], actor,
                                      role, st.session_state.get("kp_splits_naam") or None),
            lambda _: "Gesplitst: de gekozen suggesties (met hun bijna-gelijke) staan nu in een "
                      "nieuw kernpunt van dit thema."))
    with tabs[3]:
        _members_pick(mine, "kp_verplaats", "Deze suggesties verplaatsen")
        st.selectbox("Naar kernpunt", others, index=None, key="kp_naar", format_func=other_name,
                     placeholder="Kies een kernpunt van hetzelfde thema")
        st.button("Verplaatsen", key="kp_verplaatsen", on_click=_run, args=(
            lambda actor: edits.move(store, st.session_state.get("kp_verplaats") or [],
                                     _target(), actor, role),
            lambda n: f"{dutch.count(n, 'suggestie', 'suggesties')} verplaatst naar "
                      f"'{rows.loc[st.session_state['kp_naar'], 'label']}'."))
    with tabs[4]:
        _members_pick(mine, "kp_stand", "Standpunt van deze suggesties")
        names = kernpunt_view.standpunten()
        st.selectbox("Standpunt", list(names), key="kp_standpunt", format_func=names.get)
        st.button("Standpunt opslaan", key="kp_stand_opslaan", on_click=_run, args=(
            lambda actor: edits.set_standpunt(store, st.session_state.get("kp_stand") or [],
                                              st.session_state["kp_standpunt"], actor, role),
            lambda n: f"Standpunt '{names[st.session_state['kp_standpunt']]}' vastgelegd "
                      f"voor {review_view.count_words(n)}."))


def _target() -> int:
    target = st.session_state.get("kp_naar")
    if target is None:
        raise InputError("Kies het kernpunt waar de suggesties heen gaan; er is niets opgeslagen.")
    return int(target)
