"""The chosen theme compared, drawn the same way on Thema's and in the Dossier: side by side per
dated session (table and chart) and, in internal mode, by respondent group with the small and
under-heard groups marked. The data: analysis.compare."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.compare import breakdown, sessions
from analysis.views import frame
from app_pages import _common as ui
from app_pages import _derived as d
from app_pages import _widgets as w


@st.cache_data(show_spinner="Sessies vergelijken...", max_entries=16)
def _comparison(url: str, version: int, contributions_version: int, public: bool, theme_id: str,
                concept_version: str) -> pd.DataFrame:
    """Keyed on the store version: a decision or a kernpunt edit changes the counts."""
    rows = ui._load(url, contributions_version, public)
    decided = (sessions.decisions(ui._tracker_table(url, version, concept_version, public), public)
               if concept_version else None)
    return sessions.comparison(rows, theme_id, sessions.placements(ui._store(url, public)), decided)


def across_sessions(theme_id: str, key: str, concept_version: str | None = None) -> None:
    """The theme per session, side by side; decisions of concept_version (a picker when None)."""
    versions = ui.concept_versions()
    if concept_version is None and versions:
        concept_version = st.selectbox("Besluiten uit conceptversie", list(versions), index=len(versions) - 1,
                                       format_func=versions.get, key=f"{key}_versie")
    s = ui.store()
    table = _comparison(s.url, s.version(), s.contributions_version(), ui.is_public(), theme_id,
                        concept_version or "")
    theme = frame.theme_label(theme_id)
    if table.empty:
        st.info(sessions.summary(table, theme))
        return
    st.dataframe(sessions.side_by_side(table), hide_index=True, width="stretch")
    chart = sessions.chart_data(table)
    texts = sessions.settings()["texts"]
    fig = d.figure("share_bars", chart, sessions.SESSION_COLUMN, texts["axis"],
                   texts["chart_title"].format(theme=theme))
    w.chart(fig, None, sessions.summary(table, theme), key=f"{key}_grafiek")
    st.caption(sessions.explanation(versions.get(concept_version or "", "")))


def by_group(df: pd.DataFrame, theme_id: str, key: str) -> None:
    """The theme's respondents per metadata field (internal mode: public data has none)."""
    fields = frame.metadata_fields(df)
    if not fields or ui.is_public():
        return
    texts = breakdown.settings()["texts"]
    st.subheader(texts["heading"].format(theme=frame.theme_label(theme_id)))
    field = st.selectbox("Uitsplitsen naar", list(fields), format_func=fields.get, key=f"{key}_veld")
    b = d.of_data(breakdown.breakdown, theme_id, field, fields[field])
    if warning := breakdown.warning(b):
        st.warning(warning, icon=":material/warning:")
    st.info(breakdown.heard(b))
    st.dataframe(breakdown.table(b), hide_index=True, width="stretch")
    if b.theme_people:
        title = texts["chart_title"].format(theme=frame.theme_label(theme_id), field=fields[field].lower())
        fig = d.figure("share_bars", breakdown.chart_data(b), "Groep", texts["axis"], title, "Reeks")
        w.chart(fig, None, texts["chart_alt"], key=f"{key}_groepen")
    st.caption(breakdown.rule(b))
