"""Bijdragen: every contribution, searchable and filterable, with a detail view."""
import streamlit as st

from analysis.core import dutch, labels, schema
from analysis.views import contribution_view, display, frame
from app_pages import _codes, _original
from app_pages import _common as ui
from app_pages import _derived as d
from app_pages import _widgets as w


@st.fragment
def details(df, shown) -> None:
    """One contribution in full; a fragment: opening another one reruns only this part."""
    st.header("Details")
    ids = shown["id"].tolist()
    texts = dict(zip(shown["id"], shown["text"]))
    chosen = st.selectbox("Toon details van", ids, key="detail",
                          format_func=lambda i: texts[i][:110] + ("..." if len(texts[i]) > 110 else ""))
    info = contribution_view.detail(df, chosen, ui.cluster_names())
    if info["fictief"]:
        st.badge(labels.fictional_label(), icon=":material/science:", color="orange")
    st.markdown(f"> {display.md_escape(info['text'])}")
    _original.original(ui.store(), chosen, "bd", ui.role())
    left, right = st.columns(2)
    left.markdown("\n".join([
        f"- **Bron:** {info['bron']}",
        f"- **Sessie:** {display.md_escape(info['sessie'])} ({info['datum'] or 'datum onbekend'})",
        f"- **Document:** {display.md_escape(info['document'])}",
        f"- **Onderwerp:** {display.md_escape(info['onderwerp'] or '-')}",
        f"- **Conceptversie:** {info['conceptversie'] or '-'}",
        f"- **Soort:** {info['soort']}",
        *([f"- **Vraag:** {display.md_escape(info['vraag'])}"] if info["vraag"] else []),
        *[f"- **{display.md_escape(k)}:** {display.md_escape(v)}" for k, v in info["metadata"].items()],
    ]))
    score = f"{info['score']:.2f}".replace(".", ",") if info["score"] is not None else "-"
    right.markdown("\n".join([
        f"- **Hoofdthema:** {info['thema'] or '-'} (zekerheid {score})",
        f"- **Alle thema's:** {', '.join(info['themas']) or '-'}",
        f"- **Gevonden onderwerp:** {display.md_escape(info['cluster'] or '-')}",
    ]))
    if not ui.is_public():
        with st.expander("Thema's bevestigen of wijzigen"):
            _codes.theme_editor(ui.store(), chosen, df.set_index("id").at[chosen, "themes"], "bd", ui.role())
    dups = info["duplicaten"]
    if len(dups):
        st.markdown(f"**(Bijna) dubbele bijdragen: {len(dups)}**")
        st.dataframe(display.display_table(dups, ["text", frame.SESSION, "document"]), hide_index=True,
                     width="stretch")
    else:
        st.caption("Geen (bijna) dubbele bijdragen gevonden.")


st.title("Alle bijdragen")
df = ui.data()
ui.require_data(df)

query = st.text_input("Zoek op woorden", key="zoek", placeholder="bijv. stapeling geluid",
                      help="Alle woorden moeten in de bijdrage voorkomen (hoofdletters maken niet uit).")
theme_ids = [*frame.theme_labels(), schema.UNCERTAIN_THEME]
themes = w.multiselect_filter("Thema", theme_ids, "bijdragen_thema", frame.theme_label)
filters = w.filter_widgets(df, key="bijdragen")
selection = frame.apply_filters(df, frame.Filters(
    sources=filters.sources, sessions=filters.sessions, sections=filters.sections,
    metadata=filters.metadata, themes=themes, query=query))

st.metric("Gevonden bijdragen", dutch.number(len(selection)))
w.fictional_notice(selection)
if selection.empty:
    st.info("Geen bijdragen gevonden. Probeer minder of andere woorden of filters.")
    st.stop()

w.download_buttons(selection, "bijdragen", key="bijdragen_download")
shown = d.paged(selection, "bijdragen")
st.dataframe(display.display_table(shown), hide_index=True, width="stretch",
             column_config=w.TEXT_COLUMNS)

details(df, shown)
