"""What the workbench reads, cached so that an action redraws without reading again.

The review table (tracker table + session, source and groups) and the queue are kept per store
version, so a click that writes nothing (accept a proposal, pick a status, skip) reads nothing;
a save bumps the store version and they are made once more from the suggestions, which are
kept per contributions version. Per suggestion, its proposals and history are
kept per store version too. Kept objects are shared: callers only read them. The store version
is read once per rerun (snapshot()) and passed along.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.tracker import queries, reactions, review
from analysis.views import review_view
from app_pages import _common as ui

Snapshot = tuple[str, int]  # (store url, store version)


def snapshot() -> Snapshot:
    s = ui.store()
    return s.url, s.version()


@st.cache_resource(show_spinner=False, max_entries=2)
def _suggestions(url: str, contributions_version: int) -> pd.DataFrame:
    """What the tracker table starts from, with its context columns: it changes with an import
    or a theme code, not with a decision, so a save reads only decisions again."""
    return review_view.with_context(queries.suggestions(ui.store()), ui.data())


@st.cache_resource(show_spinner=False, max_entries=4)
def _best(url: str, contributions_version: int, concept_version: str, reviews: int) -> pd.DataFrame:
    """The best proposals: they change with an import or a link review, not with a decision."""
    return queries.best_links(ui.store(), concept_version)


@st.cache_resource(show_spinner=False, max_entries=4)
def _table(url: str, version: int, concept_version: str) -> pd.DataFrame:
    s = ui.store()
    cv = s.contributions_version()
    best = _best(url, cv, concept_version, queries.review_count(s, concept_version))
    tracker = queries.tracker_table(s, concept_version, base=_suggestions(url, cv), best=best)
    return review_view.review_table(tracker)


def table(snap: Snapshot, concept_version: str) -> pd.DataFrame:
    """The review table of a concept version (review_view.review_table)."""
    return _table(*snap, concept_version)


@st.cache_resource(show_spinner=False, max_entries=16)
def _queue(url: str, version: int, concept_version: str, filters: review.QueueFilters,
           order: str) -> tuple[tuple[str, ...], int]:
    shown = review.queue(_table(url, version, concept_version), filters, order)
    return tuple(shown["id"]), int(shown["group_size"].sum())


def queue(snap: Snapshot, concept_version: str, filters: review.QueueFilters,
          order: str) -> tuple[tuple[str, ...], int]:
    """Ids of the queue's lead suggestions, in queue order, and how many suggestions their
    groups hold together."""
    return _queue(*snap, concept_version, filters, order)


@st.cache_resource(show_spinner=False, max_entries=4)
def _lookup(url: str, version: int, concept_version: str) -> pd.DataFrame:
    return _table(url, version, concept_version).set_index("id", drop=False)


def row(snap: Snapshot, concept_version: str, suggestion_id: str) -> pd.Series:
    return _lookup(*snap, concept_version).loc[suggestion_id]


@st.cache_data(show_spinner=False, max_entries=32)
def _proposals(url: str, version: int, concept_version: str, suggestion_id: str, text: str,
               sections: dict[str, str]) -> pd.DataFrame:
    links = queries.current_links(ui.store(), suggestion_id)
    return review_view.proposals(links, text, concept_version, sections)


def proposals(snap: Snapshot, concept_version: str, suggestion_id: str, text: str,
              sections: dict[str, str]) -> pd.DataFrame:
    """The suggestion's proposed sections, best first (review_view.proposals)."""
    return _proposals(*snap, concept_version, suggestion_id, text, sections)


@st.cache_data(show_spinner=False, max_entries=32)
def _history(url: str, version: int, suggestion_id: str) -> pd.DataFrame:
    history = queries.audit_log(ui.store(), suggestion_id)
    return review_view.history_rows(history) if len(history) else pd.DataFrame()


def history(snap: Snapshot, suggestion_id: str) -> pd.DataFrame:
    """The suggestion's changes, newest first, as people read them (empty: none yet)."""
    return _history(*snap, suggestion_id)


@st.cache_resource(show_spinner=False, max_entries=2)
def _reactions(url: str, contributions_version: int) -> reactions.Reactions:
    return reactions.index(ui.data())


def reactions_of(row: pd.Series) -> pd.DataFrame:
    """What later sessions of other events said about this suggestion (tracker.reactions)."""
    s = ui.store()
    return _reactions(s.url, s.contributions_version()).of(row)
