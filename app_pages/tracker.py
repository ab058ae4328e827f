"""Tracker (internal): per suggestion, what happened to it in which concept version and section.

Thin: all rules (validation, versions, permissions, audit) live in analysis.tracker.
"""
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.core.errors import InputError, PermissionDenied, StaleVersionError
from analysis.harvest import concept_document
from analysis.tracker import concept_versions, decisions, flow, queries, vocabulary
from analysis.views import display, export
from app_pages import _common as ui

MAX_CHOICES = 500

st.title("Tracker: wat is er met de suggesties gedaan?")
store = ui.store()
role = ui.role()
editable = decisions.can_edit(store, role)

versions = concept_versions.load_versions(store)
if not versions:
    st.info("Er is nog geen conceptversie bekend.")
    st.stop()
by_id = {v.id: v for v in versions}
version = by_id[st.selectbox("Conceptversie", list(by_id), index=len(by_id) - 1, key="trk_versie",
                             format_func=lambda i: f"{by_id[i].name} ({i})")]
if version.label:
    st.caption(version.label)


@st.cache_data(show_spinner="Tracker laden...", max_entries=4)
def _table(url: str, version_id: str, store_version: int) -> pd.DataFrame:
    return queries.tracker_table(ui.store(), version_id)


table = _table(store.url, version.id, store.version())
actor = st.text_input("Uw naam (voor de geschiedenis)", key="trk_actor") if editable else ""
if table.empty:
    st.info("Er zijn nog geen suggesties. Lees eerst bijdragen in via **Importeren**.")
    st.stop()
statuses = vocabulary.statuses()
sections = {s.number: f"{s.ref} {s.title}" for s in version.sections}

# ---- filters ---------------------------------------------------------------
cols = st.columns(4)
themes = cols[0].multiselect("Thema", sorted(table["theme"].dropna().unique()), key="trk_thema",
                             format_func=flow.theme_label, placeholder="Alle")
sessions = cols[1].multiselect("Sessie", sorted(table["event"].dropna().unique()), key="trk_sessie",
                               placeholder="Alle")
chosen_status = cols[2].multiselect("Status", list(statuses), key="trk_status",
                                    format_func=vocabulary.status_label, placeholder="Alle")
chosen_sections = cols[3].multiselect("Sectie (besloten of voorgesteld)", list(sections),
                                      key="trk_sectie", format_func=sections.get, placeholder="Alle")
shown = table
if themes:
    shown = shown[shown["theme"].isin(themes)]
if sessions:
    shown = shown[shown["event"].isin(sessions)]
if chosen_status:
    shown = shown[shown["status"].isin(chosen_status)]
if chosen_sections:
    shown = shown[shown["decided_section"].isin(chosen_sections) | shown["best_link"].isin(chosen_sections)]
shown = shown.reset_index(drop=True)
st.metric("Suggesties", ui.number(len(shown)))

view = pd.DataFrame({
    "Sessie": shown["event"], "Onderwerp": shown["topic"].fillna(""), "Suggestie": shown["text"],
    "Thema": shown["theme"].map(flow.theme_label), "Status": shown["status_label"],
    "Sectie": shown["decided_section"].map(lambda s: sections.get(s, s) if isinstance(s, str) else ""),
    "Bevestigde koppelingen": shown["confirmed_links"].fillna(""),
    "Voorstel": shown["best_link"].map(lambda s: sections.get(s, "") if isinstance(s, str) else ""),
    "Score": shown["best_score"], "Gepubliceerd": shown["published"],
})
st.dataframe(view, hide_index=True, width="stretch", key="trk_tabel",
             column_config={"Suggestie": st.column_config.TextColumn(width="large"),
                            "Score": st.column_config.NumberColumn(format="%.2f")})
choosable = shown.head(MAX_CHOICES)
texts = dict(zip(choosable["id"], choosable["text"]))
ids = st.multiselect(
    "Kies suggestie(s) om over te besluiten (meer dan één: groepsbesluit)", list(texts),
    key="trk_keuze", placeholder="Kies uit de gefilterde suggesties",
    format_func=lambda i: texts[i][:100] + ("..." if len(texts[i]) > 100 else ""))
if len(shown) > MAX_CHOICES:
    st.caption(f"Alleen de eerste {MAX_CHOICES} zijn te kiezen; filter om andere te vinden.")
selected = shown.set_index("id").loc[ids].reset_index() if ids else shown.iloc[0:0]

export_table = queries.export_table(store, version.id)
left, right = st.columns(2)
left.download_button("Download tracker als CSV", data=lambda: export.to_bytes(export_table, "csv"),
                     file_name=f"tracker-{version.id}.csv", mime="text/csv", on_click="ignore",
                     key="trk_csv", icon=":material/download:", width="stretch")
right.download_button("Download tracker als Excel (XLSX)",
                      data=lambda: export.to_bytes(export_table, "xlsx"),
                      file_name=f"tracker-{version.id}.xlsx", on_click="ignore", key="trk_xlsx",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      icon=":material/download:", width="stretch")

# ---- deciding --------------------------------------------------------------
st.header("Besluit")
if selected.empty:
    st.info("Kies hierboven een of meer suggesties. Kiest u er meer, dan geldt het besluit "
            "voor de hele groep.")
else:
    # the versions the editor started from: kept until a save succeeds or they reload
    if st.session_state.get("trk_basis_ids") != (version.id, tuple(ids)):
        st.session_state["trk_basis_ids"] = (version.id, tuple(ids))
        st.session_state["trk_basis"] = dict(zip(selected["id"], selected["row_version"]))
    first = selected.iloc[0]
    if len(ids) > 1:
        st.write(f"Groepsbesluit voor {len(ids)} suggesties.")
    else:
        st.markdown(f"**{display.md_escape(first['text'])}**")
        st.caption(f"{display.md_escape(first['event'])} · {display.md_escape(first['topic'])}")
    if not editable:
        st.info("Uw rol mag alleen kijken; een redacteur kan besluiten vastleggen.")
    k = f"{version.id}_{abs(hash(tuple(ids)))}"  # inputs survive a refused (stale) save
    with st.form("trk_besluit"):
        status_ids = list(statuses)
        status = st.selectbox("Status", status_ids, index=status_ids.index(first["status"]),
                              format_func=vocabulary.status_label, key=f"trk_st_{k}")
        section_ids = ["", *sections]
        current = first["decided_section"] if isinstance(first["decided_section"], str) else (
            first["best_link"] if isinstance(first["best_link"], str) else "")
        section = st.selectbox(f"Sectie in {version.name}", section_ids,
                               index=section_ids.index(current) if current in section_ids else 0,
                               format_func=lambda s: sections.get(s, "(geen)"), key=f"trk_se_{k}")
        explanation = st.text_area("Openbare toelichting", value=first["public_explanation"]
                                   if isinstance(first["public_explanation"], str) else "",
                                   help="Verplicht om 'Niet verwerkt' of 'Doorverwezen' te publiceren.",
                                   key=f"trk_pt_{k}")
        note = st.text_area("Interne notitie", value=first["internal_note"]
                            if isinstance(first["internal_note"], str) else "", key=f"trk_in_{k}")
        published = st.checkbox("Publiceren (tonen op de openbare pagina)",
                                value=bool(first["published"]), key=f"trk_pu_{k}")
        submitted = st.form_submit_button("Besluit opslaan", disabled=not editable, type="primary")
    if submitted:
        try:
            saved = decisions.save_decisions(
                store, ids, version.id, decisions.Decision(status, section or None, explanation, note, published),
                st.session_state["trk_basis"], actor, role)
        except StaleVersionError as exc:
            st.session_state["trk_stale"] = str(exc)
        except (InputError, PermissionDenied) as exc:
            st.error(str(exc))
        else:
            st.session_state["trk_basis"] = saved
            st.session_state.pop("trk_stale", None)
            st.toast(f"Opgeslagen voor {len(saved)} suggestie(s).")
            st.rerun()
    if st.session_state.get("trk_stale"):
        st.error(st.session_state["trk_stale"])
        if st.button("Laad de nieuwste versie (uw invoer blijft staan)", key="trk_reload"):
            st.session_state.pop("trk_basis_ids", None)
            st.session_state.pop("trk_stale", None)
            st.rerun()

    if len(ids) == 1:
        sid = ids[0]
        st.subheader("Koppelingen met secties")
        links = queries.current_links(store, sid)
        links = links[(links["suggestion_id"] == sid) & (links["version"] == version.id)]
        states = vocabulary.link_states()
        for link in links.sort_values("score", ascending=False).itertuples():
            c1, c2, c3 = st.columns([6, 1, 1])
            c1.markdown(f"**{sections.get(link.section, link.section)}** · "
                        f"{states[link.state]} · score {ui.decimal(link.score or 0)}  \n"
                        f"{display.md_escape(link.evidence)}")
            for col, state, label in ((c2, "bevestigd", "Bevestig"), (c3, "afgewezen", "Wijs af")):
                if col.button(label, key=f"trk_{state}_{link.section}", disabled=not editable
                              or link.state == state):
                    try:
                        decisions.review_link(store, sid, version.id, link.section, state,
                                            link.review_version, actor, role)
                        st.rerun()
                    except (InputError, PermissionDenied, StaleVersionError) as exc:
                        st.error(str(exc))
        if links.empty:
            st.caption("Geen voorgestelde koppelingen.")

        st.subheader("Geschiedenis")
        history = queries.audit_log(store, sid)
        if history.empty:
            st.caption("Nog geen wijzigingen.")
        else:
            st.dataframe(pd.DataFrame({"Wanneer": queries.utc_text(history["at"]),
                                       "Wie": history["actor"], "Wat": history["summary"]}),
                         hide_index=True, width="stretch")

# ---- charts ----------------------------------------------------------------
st.header("Van sessie via thema naar status")
f = flow.sankey(shown, version.name)
fig = go.Figure(go.Sankey(node={"label": f.labels, "pad": 12},
                          link={"source": f.source, "target": f.target, "value": f.value}))
fig.update_layout(margin={"l": 8, "r": 8, "t": 8, "b": 8}, height=520)
ui.chart(fig, f.table, f.summary, key="trk_sankey")

st.header("Dekking per thema")
cov = flow.coverage(shown)
bars = go.Figure([
    go.Bar(name="Besloten", y=cov["thema"], x=cov["aandeel_besloten"], orientation="h"),
    go.Bar(name="(Deels) verwerkt", y=cov["thema"], x=cov["aandeel_verwerkt"], orientation="h"),
])
bars.update_layout(barmode="group", xaxis={"title": "Aandeel van de suggesties", "tickformat": ".0%",
                                           "range": [0, 1]},
                   yaxis={"title": ""}, height=120 + 40 * len(cov), margin={"t": 8})
ui.chart(bars, cov.rename(columns={"aandeel_besloten": "aandeel besloten",
                                   "aandeel_verwerkt": "aandeel verwerkt"}),
         flow.coverage_summary(cov), key="trk_dekking")

# ---- importing a concept version --------------------------------------------
if editable:
    with st.expander("Nieuwe conceptversie inlezen (PDF, DOCX of TXT)"):
        with st.form("trk_import"):
            upload = st.file_uploader("Document", type=["pdf", "docx", "txt"])
            c1, c2, c3 = st.columns(3)
            new_id = c1.text_input("Versie-id", placeholder="v5")
            new_name = c2.text_input("Naam", placeholder="NMP conceptversie 5")
            new_date = c3.text_input("Datum (JJJJ-MM-DD)")
            go_import = st.form_submit_button("Inlezen")
        if go_import:
            try:
                if upload is None:
                    raise InputError("Kies eerst een document.")
                parsed = concept_document.parse_version(upload.getvalue(), upload.name, new_id, new_name,
                                          new_date or None)
                diff = decisions.import_concept_version(store, parsed, actor, role)
            except (InputError, PermissionDenied) as exc:
                st.error(str(exc))
            else:
                st.success(f"{display.md_escape(parsed.name)}: {len(parsed.sections)} secties ingelezen; "
                           "koppelingen opnieuw voorgesteld.")
                if not diff.empty:
                    st.dataframe(diff.rename(columns={"number": "sectie", "old_number": "was sectie",
                                                      "title": "titel",
                                                      "old_title": "oude titel",
                                                      "similarity": "overeenkomst"}),
                                 hide_index=True, width="stretch")
