"""Tracker (internal): per suggestion, what happened to it in which concept version and section.

Thin: rules (validation, versions, permissions, audit) live in analysis.tracker, the table and
chart data in analysis.views.tracker_overview.
"""
import streamlit as st

from analysis.core import dutch
from analysis.core.errors import InputError, PermissionDenied
from analysis.tracker import concept_versions, decisions, flow, vocabulary
from analysis.views import display, tracker_overview
from app_pages import _common as ui
from app_pages import _derived as d
from app_pages import _widgets as w


@st.fragment
def suggestion_table(shown, sections: dict[str, str]) -> None:
    """One page of suggestions; a fragment: paging reruns only the table."""
    rows = d.paged(shown, "trk_tabel")
    st.dataframe(tracker_overview.display_rows(rows, sections), hide_index=True, width="stretch",
                 key="trk_tabel", column_config={"Suggestie": st.column_config.TextColumn(width="large"),
                                                 "Score": st.column_config.NumberColumn(format="%.2f")})


st.title("Tracker: wat is er met de suggesties gedaan?")
store = ui.store()
role = ui.role()
editable = decisions.can_edit(store, role)

version = w.concept_version_picker("trk_versie")
if version.label:
    st.caption(version.label)

table = ui.tracker_table(version.id)
actor = ui.actor_input("Uw naam (voor de geschiedenis)", key="trk_actor") if editable else ""
if table.empty:
    st.info("Er zijn nog geen suggesties. Lees eerst bijdragen in via **Importeren**.")
    st.stop()
sections = tracker_overview.section_names(version.sections)

cols = st.columns(4)
chosen = tracker_overview.TrackerFilters(
    themes=tuple(cols[0].multiselect("Thema", tracker_overview.options(table, "theme"), key="trk_thema",
                                     format_func=flow.theme_label, placeholder="Alle")),
    sessions=tuple(cols[1].multiselect("Sessie", tracker_overview.options(table, "event"),
                                       key="trk_sessie", placeholder="Alle")),
    statuses=tuple(cols[2].multiselect("Status", list(vocabulary.statuses()), key="trk_status",
                                       format_func=vocabulary.status_label, placeholder="Alle")),
    sections=tuple(cols[3].multiselect("Sectie (besloten of voorgesteld)", list(sections),
                                       key="trk_sectie", format_func=sections.get, placeholder="Alle")),
)
shown = tracker_overview.filtered(table, chosen)
st.metric("Suggesties", dutch.number(len(shown)))
suggestion_table(shown, sections)
w.table_downloads(lambda: ui.tracker_export(version.id), f"tracker {version.name}", "trk",
                  "Download tracker", title=tracker_overview.export_title(version.name))
with st.expander("Verslag voor deelnemers: terugkoppeling of nota van antwoord (Word)"):
    w.report_download(version.id, "trk_verslag", internal_allowed=True)

if editable:  # the workbench is an editor's page: for other roles it is not in the menu at all
    st.page_link("app_pages/beoordelen.py", label="Besluiten nemen: naar Beoordelen",
                 icon=":material/rate_review:",
                 help="Suggestie voor suggestie beoordelen, met wachtrij, groepen en bulk.")

st.header("Van sessie via thema naar status")
f = d.of_tracker(flow.sankey, version.id, version.name, filters=chosen)
w.chart(d.figure("sankey", f), f.table, f.summary, key="trk_sankey")

st.header("Dekking per thema")
cov = d.of_tracker(flow.coverage, version.id, filters=chosen)
w.chart(d.figure("coverage_bars", cov), cov.rename(columns={"aandeel_besloten": "aandeel besloten",
                                                            "aandeel_verwerkt": "aandeel verwerkt"}),
               flow.coverage_summary(cov), key="trk_dekking")

if editable:
    with st.expander("Nieuwe conceptversie inlezen (PDF, DOCX of TXT)"):
        with st.form("trk_import"):
            upload = st.file_uploader("Document", type=list(ui.document_types()))
            c1, c2, c3 = st.columns(3)
            new_id = c1.text_input("Versie-id", placeholder="v5")
            new_name = c2.text_input("Naam", placeholder="NMP conceptversie 5")
            new_date = c3.text_input("Datum (JJJJ-MM-DD)")
            go_import = st.form_submit_button("Inlezen")
        if go_import:
            try:
                if upload is None:
                    raise InputError("Kies eerst een document.")
                parsed = concept_versions.parse_version(upload.getvalue(), upload.name, new_id, new_name,
                                                        new_date or None)
                diff = decisions.import_concept_version(store, parsed, actor, role)
            except (InputError, PermissionDenied) as exc:
                st.error(str(exc))
            else:
                st.success(f"{display.md_escape(parsed.name)}: {len(parsed.sections)} secties ingelezen; "
                           "koppelingen opnieuw voorgesteld.")
                if not diff.empty:
                    st.dataframe(tracker_overview.version_changes(diff), hide_index=True, width="stretch")
