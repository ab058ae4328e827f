"""Verkennen: what the fixed themes miss. Topics found in the texts (named by their distinctive
phrases), a map, one topic's contributions to read and download, and contributions without a theme."""
import streamlit as st

from analysis.access import roles
from analysis.core import dutch
from analysis.views import display, explore, frame
from app_pages import _common as ui
from app_pages import _derived as d
from app_pages import _widgets as w


@st.fragment
def topic_reader(found: explore.Exploration) -> None:
    """One topic's contributions, one page at a time; a fragment: another topic reruns only this."""
    st.subheader("Lees een onderwerp")
    name = st.selectbox("Open een onderwerp", found.topic_names(), key="verkennen_onderwerp")
    members = found.members(name)
    st.write(f"**{dutch.number(len(members))}** bijdragen in '{display.md_escape(name)}'.")
    rows = d.paged(members, "verkennen_onderwerp_tabel")
    st.dataframe(display.display_table(rows, ["text", "themes", frame.SESSION, "source_type"]),
                 hide_index=True, width="stretch", column_config=w.TEXT_COLUMNS)
    w.download_buttons(members, f"onderwerp {name}", key="verkennen_onderwerp_download",
                       title=w.export_title("topic", topic=name))


@st.fragment
def topic_map(found: explore.Exploration) -> None:
    """The map; a fragment: another colouring reruns only the map."""
    st.subheader("Kaart van de bijdragen")
    color = st.radio("Kleur naar", ["Thema", "Onderwerp"], horizontal=True, key="kleur")
    biggest = found.topics.iloc[0]
    w.chart(d.figure("topic_map", found.points, color), found.topics[["Onderwerp", "Bijdragen"]],
            f"Elke stip is een bijdrage; bijdragen die dicht bij elkaar liggen gebruiken dezelfde "
            f"woorden. Het grootste onderwerp is '{biggest['Onderwerp']}' "
            f"({dutch.number(int(biggest['Bijdragen']))} bijdragen).", key="kaart")

st.title("Verkennen")
st.write("De vaste thema's vangen niet alles. Hier zoekt de computer zelf naar onderwerpen in de "
         "teksten (zonder de themalijst), zodat u ziet wat er nog meer speelt. Een onderwerp heet "
         "naar de woorden en woordparen die er het meest kenmerkend voor zijn.")
df = ui.data()
ui.require_data(df)
w.fictional_notice(df)

settings = ui.discovery_settings()
k = st.slider("Aantal onderwerpen", min_value=2, max_value=int(settings["k_max"]) * 2,
              value=int(settings["k_min"]) + 4, key="aantal_onderwerpen",
              help="Meer onderwerpen geeft kleinere, specifiekere groepen.")
found = ui.exploration(k)
if found.sampled < found.total:
    st.caption(f"Berekend op een vaste steekproef van {dutch.number(found.sampled)} van de "
               f"{dutch.number(found.total)} bijdragen.")

st.subheader("Gevonden onderwerpen")
st.dataframe(found.topics, hide_index=True, width="stretch",
             column_config=w.TEXT_COLUMNS)
if found.no_topic():
    st.caption(f"{dutch.number(found.no_topic())} bijdragen hebben geen kenmerkend woord (alleen veelgebruikte "
               f"woorden of woorden die maar één keer voorkomen): die staan onder '{explore.NO_TOPIC_NAME}'.")

topic_reader(found)
topic_map(found)

if not ui.is_public() and roles.allowed(ui.role(), "import_data"):
    with st.expander("Opgeslagen onderwerpen opnieuw berekenen"):
        st.write(explore.refit_note(ui.store()))
        if st.button("Opnieuw berekenen", key="onderwerpen_herberekenen"):
            with st.spinner("Onderwerpen berekenen..."):
                k = explore.refit_clusters(ui.store(), ui.role())
            st.success(f"Klaar: {k} onderwerpen.")

st.subheader("Bijdragen die bij geen thema passen")
loose = explore.without_theme(df)
st.write(explore.without_theme_sentence(loose))
st.dataframe(display.display_table(d.paged(loose, "zonder_thema"), ["text", "themes", frame.SESSION, "source_type"]),
             hide_index=True, width="stretch", column_config=w.TEXT_COLUMNS)
w.download_buttons(loose, "zonder-thema", key="verkennen_download", title=w.export_title("loose"))
