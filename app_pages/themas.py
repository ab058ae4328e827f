"""Thema's: one theme's contributions, filtered, with terms, quotes, the comparison across sessions and
respondent groups (app_pages._compare), co-occurrence and download."""
import streamlit as st

from analysis.core import dutch, labels, schema
from analysis.views import display, frame, overview, theme_view, tracker_view
from app_pages import _codes, _compare
from app_pages import _common as ui
from app_pages import _derived as d
from app_pages import _widgets as w

MAX_ROWS = 1000  # contributions offered in the theme-code editor


@st.fragment
def section_tables(selection, filters, theme_id: str) -> None:
    """The contributions per section, one page of rows each, with the tracker status beside them.
    A fragment: paging or another concept version reruns only this part of the page."""
    if selection.empty:
        st.info("Geen bijdragen met deze filters.")
    versions = ui.concept_versions()
    version = st.selectbox("Wat is ermee gedaan in conceptversie", list(versions),
                           index=len(versions) - 1, format_func=versions.get, key="themas_versie",
                           help="Status en sectie uit de tracker, naast elke suggestie "
                                "(adviezen, verbeterpunten, zwakke punten, antwoorden).")
    done = d.tracker_status(version) if version else None
    columns = ["text", frame.SESSION, "topic", "concept_ref", "source_type"]
    for section, heading in labels.labels()["section_groups"].items():
        part = selection[selection["section"] == section]
        if part.empty:
            continue
        st.subheader(f"{heading} ({dutch.number(len(part))})")
        rows = d.paged(part, f"themas_{section}", f"Pagina ({heading.lower()})")
        shown = display.display_table(rows, columns)
        if done is not None and section in schema.SUGGESTION_SECTIONS:
            shown = tracker_view.attach_tracker(shown, rows["id"], done)
        st.dataframe(shown, hide_index=True, width="stretch", column_config=w.TEXT_COLUMNS)

    if not ui.is_public() and len(selection):
        with st.expander("Thema's van een bijdrage bevestigen of wijzigen"):
            pick = selection.head(MAX_ROWS)
            texts = dict(zip(pick["id"], pick["text"]))
            cid = st.selectbox("Bijdrage", list(texts), key="themas_code_id",
                               format_func=lambda i: texts[i][:110] + ("…" if len(texts[i]) > 110 else ""))
            _codes.theme_editor(ui.store(), cid, pick.set_index("id").at[cid, "themes"], "tm", ui.role())


st.title("Thema's")
st.markdown("**Zo werkt het:** 1. kies een thema, 2. beperk desgewenst met de filters "
            "(bron, sessie, soort bijdrage), 3. download de selectie. Daaronder staan de "
            "bijdragen per soort: sterke punten, zwakke punten, verbeterpunten, adviezen, ...")
df = ui.data()
ui.require_data(df)

theme_ids = [*frame.theme_labels(), schema.UNCERTAIN_THEME]
wanted = st.query_params.get("thema")
theme_id = st.selectbox("1. Kies een thema", theme_ids, format_func=frame.theme_label,
                        index=theme_ids.index(wanted) if wanted in theme_ids else 0, key="thema")
theme = frame.theme_label(theme_id)
member = frame.in_theme(df, theme_id)

st.markdown("**2. Filters** (leeg laten = alles)")
filters = w.filter_widgets(member, key="themas")
selection = frame.apply_filters(member, filters)
w.fictional_notice(selection)

sessions = d.of_data(overview.by_session, theme=theme_id, filters=filters)
cols = st.columns(4)
cols[0].metric("Bijdragen in de selectie", dutch.number(len(selection)))
cols[1].metric("Sessies", len(sessions))
cols[2].metric("Sterke punten", dutch.number(int(selection["section"].eq("sterk").sum())))
cols[3].metric("Zwakke punten", dutch.number(int(selection["section"].eq("zwak").sum())))
if len(sessions):
    st.caption("Uit: " + "; ".join(f"{r.Sessie} ({dutch.number(r.Bijdragen)})"
                                  for r in sessions.itertuples()))

st.markdown("**3. Download de selectie**")
w.download_buttons(selection, f"thema {theme}", key="themas_download", title=w.export_title("theme", theme=theme))

tab_items, tab_terms, tab_trend, tab_co = st.tabs(
    ["Bijdragen per soort", "Termen en citaten", "Sessies vergelijken", "Samen met andere thema's"])

with tab_items:
    section_tables(selection, filters, theme_id)

with tab_terms:
    words, phrases = d.of_data(theme_view.terms, theme=theme_id, filters=filters)
    left, right = st.columns(2)
    left.markdown("**Meest gebruikte woorden**")
    left.dataframe(words, hide_index=True, width="stretch")
    right.markdown("**Veelgebruikte zinsdelen**")
    right.dataframe(phrases, hide_index=True, width="stretch")
    if len(selection) > theme_view.TERM_SAMPLE:
        st.caption(f"Geteld op een vaste steekproef van {dutch.number(theme_view.TERM_SAMPLE)} bijdragen.")
    st.markdown("**Typerende citaten**")
    for row in d.of_data(theme_view.representative_quotes, theme=theme_id, filters=filters).itertuples():
        label = f" · *{labels.fictional_label()}*" if row.is_fictional else ""
        st.markdown(f"> {display.md_escape(row.text)}\n\n— {display.md_escape(row.session)}, "
                    f"{labels.section_label(row.section)}{label}")

with tab_trend:
    _compare.across_sessions(theme_id, "themas_vergelijk")
    _compare.by_group(df, theme_id, "themas_groep")

with tab_co:
    co = d.of_data(theme_view.cooccurring, theme_id)
    if co.empty:
        st.write("Dit thema komt niet samen met andere thema's voor.")
    else:
        st.write(f"Bijdragen over '{theme}' gaan vaak ook over:")
        st.dataframe(co, hide_index=True, width="stretch")
