"""Widgets every page draws the same way: filters, charts with a text alternative, downloads."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from analysis.core import dutch, files, labels
from analysis.tracker import concept_versions
from analysis.views import charts, export, frame, people_export, report, report_data, report_images
from app_pages import _common as ui

# Long texts get a wide column (hover shows the whole text).
TEXT_COLUMNS = {name: st.column_config.TextColumn(width=560) for name in ("Bijdrage", "Voorbeeld")}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def fictional_notice(df: pd.DataFrame) -> None:
    """A visible badge wherever generated example rows are shown."""
    n = int(df["is_fictional"].sum()) if len(df) else 0
    if n:
        st.badge(f"{labels.fictional_label()}: {dutch.number(n)} van {dutch.count(len(df), 'bijdrage', 'bijdragen')}",
                 icon=":material/science:", color="orange")
        st.caption(labels.labels()["fictional"]["explanation"])


def chart(fig, table: pd.DataFrame | None = None, summary: str = "", key: str | None = None) -> None:
    """A plotly chart without plotly's (English) toolbar, its Dutch PNG download (drawn on the
    server only when clicked) and its text alternative: a sentence and/or the table behind it."""
    st.plotly_chart(fig, width="stretch", key=key, alt=summary or None, config=charts.NO_TOOLBAR)
    st.download_button("Grafiek downloaden (PNG)", data=lambda: report_images.chart_png(fig), mime="image/png",
                       file_name=files.dated_name(charts.title(fig) or "grafiek", suffix=".png"),
                       key=f"{key}_png" if key else None, on_click="ignore", icon=":material/image:")
    if summary:
        st.caption(summary)
    if table is not None:
        with st.expander("Tekstalternatief: de cijfers als tabel"):
            st.dataframe(table, hide_index=True, width="stretch")


def concept_version_picker(key: str, container=st):
    """The concept version a page works on (the newest first chosen), drawn in container; stops
    the page with a message when no concept version is known."""
    versions = concept_versions.load_versions(ui.store())
    if not versions:
        st.info("Er is nog geen conceptversie bekend.")
        st.stop()
    by_id = {v.id: v for v in versions}
    return by_id[container.selectbox("Conceptversie", list(by_id), index=len(by_id) - 1, key=key,
                                     format_func=lambda i: by_id[i].name)]


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
    present = frame.metadata_fields(df)
    if present and not ui.is_public():
        meta_cols = st.columns(len(present))
        for col, (field, label) in zip(meta_cols, present.items()):
            with col:
                metadata.append((field, multiselect_filter(
                    f"{label} (raadpleging)", frame.options(df, field), f"{key}_{field}")))
    return frame.Filters(sources=sources, sessions=sessions, sections=chosen_sections,
                         metadata=tuple(metadata))


def table_downloads(table: Callable[[], pd.DataFrame], name: str, key: str, label: str,
                    rows: int | None = None, title: str | None = None) -> None:
    """CSV and XLSX buttons; the table is made only when a file is asked for (formula-safe export).
    With a title, the XLSX's first sheet says what it is and when it was made (a CSV stays a bare table)."""
    count = f" ({dutch.count(rows, 'rij', 'rijen')})" if rows is not None else ""
    public = ui.is_public()

    def data(fmt: str) -> bytes:
        t = table()
        about = people_export.about(title, len(t), public, people_export.has_fictional_rows(t)) if title else None
        return export.to_bytes(t, fmt, about, sheet=people_export.texts()["sheet"],
                               about_sheet=people_export.texts()["about_sheet"])

    name = files.dated_name(name)  # "Thema Cumulatie / stapeling" -> thema-cumulatie-stapeling-2026-12-06
    left, right = st.columns(2)
    left.download_button(f"{label} als CSV{count}", data=lambda: data("csv"),
                         file_name=f"{name}.csv", mime="text/csv", key=f"{key}_csv", on_click="ignore",
                         icon=":material/download:", width="stretch")
    right.download_button(f"{label} als Excel (XLSX)", data=lambda: data("xlsx"),
                          file_name=f"{name}.xlsx", mime=XLSX_MIME, key=f"{key}_xlsx", on_click="ignore",
                          icon=":material/download:", width="stretch")


def export_title(kind: str, **values: str) -> str:
    """The first line of a download (data/export.toml [titles])."""
    return people_export.texts()["titles"][kind].format(**values)


def download_buttons(df: pd.DataFrame, name: str, key: str, title: str | None = None) -> None:
    """CSV and XLSX of the selection in Dutch (people_export), formula-safe."""
    public = ui.is_public()
    title = title or people_export.texts()["titles"]["contributions"]
    table_downloads(lambda: people_export.contributions(
        df, public=public, versions=concept_versions.load_versions(ui.store()),
        cluster_names=ui.cluster_names()), name, key, "Download selectie", rows=len(df), title=title)


@st.cache_data(show_spinner="Verslag maken (dit duurt even)...", max_entries=4)
def _report(url: str, version: int, event: str, concept_version: str, internal: bool) -> bytes:
    return report.report_bytes(ui.store(), event, concept_version, internal)


@st.cache_data(show_spinner=False, max_entries=16)
def _report_name(url: str, version: int, event: str, concept_version: str, internal: bool) -> str:
    return report_data.file_name(ui.store(), event, concept_version, internal)


def report_download(concept_version: str, key: str, internal_allowed: bool) -> None:
    """Choose a session (or all) and download its terugkoppeling as a Word file; the internal
    variant only where the page allows it. Made when the button is pressed, then cached."""
    s = ui.store()
    options = [report_data.ALL, *report_data.events(s)]
    names = {report_data.ALL: report_data.texts()["titles"]["all_events"]}
    left, right = st.columns([3, 2])
    event = left.selectbox("Bijeenkomst of raadpleging", options, key=f"{key}_event",
                           format_func=lambda e: names.get(e, e))
    internal = internal_allowed and right.checkbox(
        "Interne versie (met interne notities en niet-openbare besluiten)", key=f"{key}_intern")
    kind = "intern" if internal else "openbaar"
    st.download_button(
        f"Download verslag ({kind}, Word)",
        data=lambda: _report(s.url, s.version(), event, concept_version, internal),
        file_name=_report_name(s.url, s.contributions_version(), event, concept_version, internal), mime=DOCX_MIME,
        key=f"{key}_docx", on_click="ignore", icon=":material/description:")
