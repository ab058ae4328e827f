"""What makes a page answer fast: derived data cached on the right version, figures built once,
big tables sent one page at a time (page layer, beside _common's shared caches).

- of_data(fn, ...): fn over the contributions (narrowed to a theme and filters), cached per
  contributions version and arguments; of_tracker(fn, version, ...): the same over the tracker table,
  per store version. A rerun for an unrelated widget reads the cache instead of recomputing.
- figure(name, ...): a plotly figure of analysis.views.charts, built once per distinct input.
- paged(df, key): the rows of one page (data/settings.toml [pages] table_rows) and a page picker.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.views import charts, frame, paging, tracker_overview, tracker_view
from app_pages import _common as ui


@st.cache_resource(show_spinner=False, max_entries=64)
def _figure(name: str, args: tuple):
    return getattr(charts, name)(*args)


def figure(name: str, *args):
    """charts.<name>(*args), built once per distinct input: building a plotly figure costs
    0,1-0,5 s, so a rerun for an unrelated widget reuses it (st.plotly_chart does not change it)."""
    return _figure(name, args)


def paged(df: pd.DataFrame, key: str, label: str = "Pagina") -> pd.DataFrame:
    """The rows of the page the user picked (data/settings.toml [pages] table_rows per page), with
    a page picker when there is more than one page: a big table is never sent whole."""
    per_page = paging.rows_per_page()
    pages = paging.page_count(len(df), per_page)
    state = f"{key}_pagina"
    if pages <= 1:
        return df
    current = st.session_state.get(state, 1)
    if not isinstance(current, int) or not 1 <= current <= pages:  # other rows now: first page
        st.session_state[state] = 1
    page = st.selectbox(label, range(1, pages + 1), key=state,
                        format_func=lambda p: paging.page_label(p, len(df), per_page))
    return paging.page_rows(df, page, per_page)


@st.cache_data(show_spinner=False, max_entries=256)
def _of_data(url: str, version: int, public_mode: bool, name: str, args: tuple, theme: str | None,
             filters: frame.Filters | None, _fn):
    rows = ui._load(url, version, public_mode)
    if theme is not None:
        rows = frame.in_theme(rows, theme)
    if filters is not None:
        rows = frame.apply_filters(rows, filters)
    return _fn(rows, *args)


def of_data(fn, *args, theme: str | None = None, filters: frame.Filters | None = None):
    """fn(rows, *args) with rows = data(), narrowed to a theme and filters when given; cached per
    contributions version and arguments, so a rerun for another widget does not recompute it.
    fn must be a named function of analysis.views (its name is part of the key)."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    assert "<lambda>" not in name, "of_data needs a named function"
    s = ui.store()
    return _of_data(s.url, s.contributions_version(), ui.is_public(), name, args, theme, filters, fn)


@st.cache_data(show_spinner=False, max_entries=64)
def _of_tracker(url: str, version: int, concept_version: str, public_mode: bool, name: str, args: tuple,
                filters: tracker_overview.TrackerFilters | None, _fn):
    rows = ui._tracker_table(url, version, concept_version, public_mode)
    if filters is not None:
        rows = tracker_overview.filtered(rows, filters)
    return _fn(rows, *args)


def of_tracker(fn, concept_version: str, *args, filters: tracker_overview.TrackerFilters | None = None):
    """fn(rows, *args) with rows = tracker_table(concept_version), filtered when filters are given;
    cached per store version and arguments (a named function, as for of_data)."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    assert "<lambda>" not in name, "of_tracker needs a named function"
    s = ui.store()
    return _of_tracker(s.url, s.version(), concept_version, ui.is_public(), name, args, filters, fn)


@st.cache_data(show_spinner=False, max_entries=4)
def _tracker_status(url: str, version: int, concept_version: str, public_mode: bool) -> pd.DataFrame:
    return tracker_view.tracker_beside(ui._tracker_table(url, version, concept_version, public_mode),
                                       public_mode)


def tracker_status(concept_version: str) -> pd.DataFrame:
    """Status and section per suggestion (as _common.tracker_status), cached per store version."""
    s = ui.store()
    return _tracker_status(s.url, s.version(), concept_version, ui.is_public())
