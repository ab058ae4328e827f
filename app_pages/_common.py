"""What every page shares: the store, cached data, filters, charts with a text alternative."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import harvest
from analysis.access import mode, roles
from analysis.core import labels
from analysis.ingest import preview
from analysis.store import db
from analysis.store.store import Store, open_store
from analysis.views import display, explore, export, frame, public, tracker_view

# Long texts get a wide column (hover shows the whole text).
TEXT_COLUMNS = {name: st.column_config.TextColumn(width=560) for name in ("Bijdrage", "Voorbeeld")}


def is_public() -> bool:
    return mode.current_mode() == "public"


@st.cache_resource(show_spinner=False)
def _store(url: str, read_only: bool) -> Store:
    return open_store(url=url, read_only=read_only)


def store() -> Store:
    """The store named by DATABASE_URL (or the default SQLite file), one handle per process.

    The public process opens it read-only: it never writes.
    """
    return _store(db.default_url(), is_public())


@st.cache_data(show_spinner="Bijdragen laden...", max_entries=2)
def _load(url: str, version: int, public_mode: bool) -> pd.DataFrame:
    """Keyed on the contributions version: an import bumps it, so new rows show at once;
    a tracker decision does not, so it does not reload every row.

    Public mode reads through analysis.views.public: no respondent data, redacted text.
    """
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


def fictional_notice(df: pd.DataFrame) -> None:
    """A visible badge wherever generated example rows are shown."""
    n = int(df["is_fictional"].sum()) if len(df) else 0
    if n:
        st.badge(f"{labels.fictional_label()}: {n:,} van {len(df):,} bijdragen".replace(",", "."),
                 icon=":material/science:", color="orange")
        st.caption(labels.labels()["fictional"]["explanation"])


def chart(fig, table: pd.DataFrame | None = None, summary: str = "", key: str | None = None) -> None:
    """A plotly chart followed by its text alternative: a sentence and/or the table behind it."""
    st.plotly_chart(fig, width="stretch", key=key, config={"displaylogo": False},
                    alt=summary or None)
    if summary:
        st.caption(summary)
    if table is not None:
        with st.expander("Tekstalternatief: de cijfers als tabel"):
            st.dataframe(table, hide_index=True, width="stretch")


def multiselect_filter(label: str, values: list[str], key: str, format_func=str,
                       default: list[str] | None = None) -> tuple[str, ...]:
    chosen = st.multiselect(label, values, default=default or [], key=key,
                            format_func=format_func, placeholder="Alle")
    return tuple(chosen)


def filter_widgets(df: pd.DataFrame, key: str, sections: bool = True) -> frame.Filters:
    """Source, session, section and (internal mode) respondent metadata filters."""
    cols = st.columns(3)
    with cols[0]:
        sources = multiselect_filter("Bron", frame.options(df, "source_type"), f"{key}_bron",
                                     labels.source_label)
    with cols[1]:
        sessions = multiselect_filter("Sessie", frame.options(df, frame.SESSION), f"{key}_sessie")
    with cols[2]:
        chosen_sections = multiselect_filter(
            "Soort bijdrage", [s for s in labels.labels()["section_groups"]
                               if s in set(df["section"].dropna())],
            f"{key}_soort", labels.section_label) if sections else ()
    metadata: list[tuple[str, tuple[str, ...]]] = []
    present = {k: lbl for k, lbl in labels.metadata_fields().items() if df[k].notna().any()}
    if present and not is_public():
        meta_cols = st.columns(len(present))
        for col, (field, label) in zip(meta_cols, present.items()):
            with col:
                metadata.append((field, multiselect_filter(
                    f"{label} (raadpleging)", frame.options(df, field), f"{key}_{field}")))
    return frame.Filters(sources=sources, sessions=sessions, sections=chosen_sections,
                         metadata=tuple(metadata))


def download_buttons(df: pd.DataFrame, name: str, key: str) -> None:
    """CSV and XLSX of the selection, through analysis.views.export (formula-safe)."""
    table = display.export_table(df, public=is_public())
    left, right = st.columns(2)
    left.download_button(f"Download selectie als CSV ({len(df):,} rijen)".replace(",", "."),
                         data=lambda: export.to_bytes(table, "csv"), file_name=f"{name}.csv",
                         mime="text/csv", key=f"{key}_csv", on_click="ignore", icon=":material/download:",
                         width="stretch")
    right.download_button("Download selectie als Excel (XLSX)",
                          data=lambda: export.to_bytes(table, "xlsx"), file_name=f"{name}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"{key}_xlsx", on_click="ignore", icon=":material/download:", width="stretch")


def number(n: int | float) -> str:
    """Dutch thousands separator."""
    return f"{n:,}".replace(",", ".")


def decimal(x: float, digits: int = 2) -> str:
    """Dutch decimal comma."""
    return f"{x:.{digits}f}".replace(".", ",")


def role() -> str:
    """The session's role (see analysis.access.roles); dashboard.py stores it for the pages."""
    return st.session_state.get("role") or roles.session_role(None, login_configured=False)


@st.cache_data(show_spinner="Bestand lezen...", max_entries=4)
def read_table(data: bytes, name: str) -> pd.DataFrame:
    return harvest.read_table(data, name)


@st.cache_data(show_spinner="Bijdragen herkennen...", max_entries=4)
def preview_upload(data: bytes, name: str, mapping: dict | None,
                   stored_documents: tuple[str, ...]) -> preview.Preview:
    return preview.preview(data, name, mapping, stored_documents)


@st.cache_resource(show_spinner="Taalmodel laden...")
def pipeline_info() -> dict:
    """Loads the Dutch NLP pipeline once per process and describes it."""
    from analysis.enrich import nlp
    return nlp.pipeline_info()


@st.cache_resource(show_spinner=False)
def warm_up_nlp() -> bool:
    """Once per process, after the first page is drawn: load the pipeline in the background."""
    from analysis.enrich import nlp
    nlp.warm_up()
    return True


@st.cache_data(show_spinner="Tracker laden...", max_entries=4)
def _tracker(url: str, version: int, concept_version: str, public_mode: bool) -> pd.DataFrame:
    from analysis.tracker import queries
    table = queries.tracker_table(_store(url, public_mode), concept_version)
    return tracker_view.tracker_beside(table, public_mode)


def tracker_status(concept_version: str) -> pd.DataFrame:
    """Status and section per suggestion for a concept version; decisions bump the store version."""
    s = store()
    return _tracker(s.url, s.version(), concept_version, is_public())


@st.cache_data(show_spinner=False, max_entries=2)
def _cluster_names(url: str, version: int, public_mode: bool) -> dict[int, str]:
    from analysis.store import clusters
    return clusters.names(_store(url, public_mode))


def cluster_names() -> dict[int, str]:
    """Names of the stored discovery clusters, as of the store's version."""
    s = store()
    return _cluster_names(s.url, s.version(), is_public())


def concept_versions() -> dict[str, str]:
    """Concept version id -> name, oldest first."""
    from analysis.tracker.concept_versions import load_versions
    return {v.id: v.name for v in load_versions(store())}


def discovery_settings() -> dict:
    from analysis.enrich import discover
    return discover.config()


@st.cache_data(show_spinner="Onderwerpen zoeken...", max_entries=8)
def _exploration(url: str, version: int, public_mode: bool, k: int) -> explore.Exploration:
    return explore.explore(_load(url, version, public_mode), k, int(discovery_settings()["map_points"]))


def exploration(k: int) -> explore.Exploration:
    """Topics and map for k topics, cached per store version."""
    s = store()
    return _exploration(s.url, s.version(), is_public(), k)
