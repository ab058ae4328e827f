"""What the kernpunt queue and the page Kernpunten read, kept per store version (as _review_data):
a click that writes nothing (a status key, skip) reads nothing; a save or an edit bumps the store
version and they are read once more. Kept objects are shared: callers only read them.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.tracker import kernpunt_decisions, kernpunt_queries
from analysis.views import kernpunt_view
from app_pages import _common as ui
from app_pages import _review_data
from app_pages._review_data import Snapshot


@st.cache_resource(show_spinner=False, max_entries=4)
def _table(url: str, version: int, concept_version: str) -> pd.DataFrame:
    return kernpunt_queries.kernpunt_table(ui.store(), concept_version)


def table(snap: Snapshot, concept_version: str) -> pd.DataFrame:
    """kernpunt_queries.kernpunt_table: one row per kernpunt, with what was decided."""
    return _table(*snap, concept_version)


@st.cache_resource(show_spinner=False, max_entries=4)
def _members(url: str, version: int, concept_version: str) -> pd.DataFrame:
    review = _review_data.table((url, version), concept_version)
    return kernpunt_view.with_suggestions(kernpunt_queries.members(ui.store()), review)


def members(snap: Snapshot, concept_version: str) -> pd.DataFrame:
    """Every member with its suggestion's session, own status and best proposal."""
    return _members(*snap, concept_version)


@st.cache_resource(show_spinner=False, max_entries=4)
def _decisions(url: str, version: int, concept_version: str) -> pd.DataFrame:
    done = kernpunt_decisions.current(ui.store(), concept_version)
    return done.set_index("kernpunt_id", drop=False) if len(done) else done


def decision(snap: Snapshot, concept_version: str, kernpunt_id: int) -> pd.Series | None:
    """The kernpunt's stored decision (kernpunt_decisions.current), None when there is none."""
    done = _decisions(*snap, concept_version)
    return done.loc[kernpunt_id] if len(done) and kernpunt_id in done.index else None


@st.cache_data(show_spinner=False, max_entries=32)
def _detail(url: str, version: int, concept_version: str, kernpunt_id: int,
            ids: tuple[str, ...]) -> tuple[list[str], set[str]]:
    s = ui.store()
    with s.engine.connect() as conn:
        kept = kernpunt_decisions.exceptions(conn, list(ids), concept_version)
    return kernpunt_queries.quotes(s, kernpunt_id), kept


def detail(snap: Snapshot, concept_version: str, kernpunt_id: int,
           ids: tuple[str, ...]) -> tuple[list[str], set[str]]:
    """The kernpunt's quotes and its members with an exception (a decision of their own)."""
    return _detail(*snap, concept_version, kernpunt_id, ids)
