"""What every page shares: the store handle and the cached data, keyed on the right version.

Contributions are keyed on the contributions version (an import bumps it; a tracker decision
does not), tracker tables and cluster names on the store version (every write bumps it).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.access import mode, roles
from analysis.ingest import preview
from analysis.tracker import queries
from analysis.views import explore, frame, people_export, public, sources, tracker_view
from app_pages._actor import actor_input as actor_input  # one name field for every page


def is_public() -> bool:
    return mode.current_mode() == "public"


@st.cache_resource(show_spinner=False)
def _store(url: str, read_only: bool):
    return sources.open_default(url, read_only)


def store():
    """The store named by DATABASE_URL (or the default SQLite file), one handle per process.

    The public process opens it read-only: it never writes.
    """
    return _store(sources.default_url(), is_public())


@st.cache_data(show_spinner="Bijdragen laden...", max_entries=2)
def _load(url: str, version: int, public_mode: bool) -> pd.DataFrame:
    """Public mode reads through analysis.views.public: no respondent data, redacted text."""
    s = _store(url, public_mode)
    return frame.prepare(public.public_frame(s)) if public_mode else frame.load(s)


def data() -> pd.DataFrame:
    """All contributions, prepared; in public mode redacted and without respondent data."""
    s = store()
    return _load(s.url, s.contributions_version(), is_public())


def require_data(df: pd.DataFrame) -> None:
    """Stop the page with a helpful message when the store is empty."""
    if len(df):
        return
    if is_public():
        st.info("Er zijn nog geen bijdragen gepubliceerd.")
    else:
        st.info("Er zijn nog geen bijdragen. Lees bestanden in via **Importeren**, of draai "
                "`python -m analysis ingest` voor de standaard dataset.")
    st.stop()


def role() -> str:
    """The session's role (see analysis.access.roles); dashboard.py stores it for the pages."""
    return st.session_state.get("role") or roles.session_role(None, login_configured=False)


@st.cache_data(show_spinner="Bestand lezen...", max_entries=4)
def read_table(data: bytes, name: str) -> pd.DataFrame:
    return preview.read_table(data, name)


@st.cache_data(show_spinner="Bijdragen herkennen...", max_entries=4)
def preview_upload(data: bytes, name: str, mapping: dict | None) -> preview.Preview:
    return preview.preview(data, name, mapping)


def document_types() -> tuple[str, ...]:
    """File endings the document upload fields offer (data/harvest.toml)."""
    return preview.DOCUMENT_TYPES


@st.cache_resource(show_spinner="Taalmodel laden...")
def pipeline_info() -> dict:
    """Loads the Dutch NLP pipeline once per process and describes it."""
    return sources.pipeline_info()


@st.cache_resource(show_spinner=False)
def warm_up_nlp() -> bool:
    """Once per process, after the first page is drawn: load the pipeline in the background."""
    sources.warm_up_nlp()
    return True


@st.cache_data(show_spinner="Tracker laden...", max_entries=4)
def _tracker_table(url: str, version: int, concept_version: str, public_mode: bool) -> pd.DataFrame:
    return queries.tracker_table(_store(url, public_mode), concept_version)


def tracker_table(concept_version: str) -> pd.DataFrame:
    """One row per suggestion for a concept version; decisions bump the store version."""
    s = store()
    return _tracker_table(s.url, s.version(), concept_version, is_public())


def tracker_status(concept_version: str) -> pd.DataFrame:
    """Status and section per suggestion, to show beside the contributions."""
    return tracker_view.tracker_beside(tracker_table(concept_version), is_public())


@st.cache_data(show_spinner="Tracker-export maken...", max_entries=2)
def _tracker_export(url: str, version: int, concept_version: str) -> pd.DataFrame:
    return people_export.tracker_download(_store(url, False), concept_version)


def tracker_export(concept_version: str) -> pd.DataFrame:
    """The tracker download (with evidence), made when a download is asked for, then cached."""
    s = store()
    return _tracker_export(s.url, s.version(), concept_version)


@st.cache_data(show_spinner=False, max_entries=2)
def _cluster_names(url: str, version: int, public_mode: bool) -> dict[int, str]:
    return sources.cluster_names(_store(url, public_mode))


def cluster_names() -> dict[int, str]:
    """Names of the stored discovery clusters, as of the contributions' version."""
    s = store()
    return _cluster_names(s.url, s.contributions_version(), is_public())


def concept_versions() -> dict[str, str]:
    """Concept version id -> name, oldest first."""
    return sources.concept_version_names(store())


def discovery_settings() -> dict:
    return sources.discovery_settings()


@st.cache_data(show_spinner="Onderwerpen zoeken...", max_entries=8)
def _exploration(url: str, version: int, public_mode: bool, k: int) -> explore.Exploration:
    return explore.explore(_load(url, version, public_mode), k, int(discovery_settings()["map_points"]))


def exploration(k: int) -> explore.Exploration:
    """Topics and map for k topics, keyed on the contributions' version (as data() is), so a
    tracker decision does not recompute them."""
    s = store()
    return _exploration(s.url, s.contributions_version(), is_public(), k)
