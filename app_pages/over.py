"""Over deze analyse: sources, the active NLP pipeline, how themes are assigned and how well, limits."""
import pandas as pd
import streamlit as st

from analysis import taxonomy, views
from app_pages import _common as ui

st.title("Over deze analyse")

st.header("Bronnen")
st.write("Alle bijdragen komen uit deze documenten. Werksessieverslagen en de OFL-verkenning zijn "
         "openbaar; de antwoorden uit de milieuraadpleging zijn niet openbaar. De raadplegingsrijen "
         f"in de standaard dataset zijn daarom gemaakt door een generator en heten overal "
         f"**{views.fictional_label()}**.")
documents = views.documents_table(ui.store().load_documents())
st.dataframe(documents, hide_index=True, width="stretch")
ui.fictional_notice(ui.data())

st.header("Taalverwerking")
info = ui.pipeline_info()
st.write(f"Actieve Nederlandse taalpijplijn: **{info['description']}** (spaCy {info['spacy_version']}).")
if info["model"] == "blank":
    st.info("Het Nederlandse taalmodel nl_core_news_sm is hier niet geïnstalleerd. Woorden worden "
            "teruggebracht tot hun stam met opzoektabellen (spacy-lookups-data); samenstellingen "
            "krijgen de stam van hun laatste deel. Dat is iets minder nauwkeurig dan het model.")
st.caption("Onderdelen: " + (", ".join(info["components"]) or "alleen tokenizer"))

st.header("Hoe worden thema's toegekend?")
st.markdown(
    f"""
- Er zijn **{len(views.theme_labels())} vaste thema's** (bestand `data/taxonomy.toml`), elk met
  kernwoorden en zinsdelen die mensen erover schrijven.
- Een bijdrage krijgt punten per thema voor de kernwoorden die erin voorkomen (op de stam van de
  woorden). Het onderwerp van de werksessie of de vraag in de raadpleging telt mee als context.
- Het thema met de hoogste score wordt het **hoofdthema**; andere thema's met voldoende eigen
  bewijs komen erbij (een bijdrage kan dus bij meer thema's horen).
- Is de hoogste score lager dan **{ui.decimal(taxonomy.setting('uncertain_below'))}**, dan krijgt de bijdrage
  het label *{views.theme_label('onzeker')}* in plaats van een gok. Die bijdragen staan op de pagina
  Verkennen.
""")

st.subheader("Hoe goed is dat?")
summary = views.evaluation_summary()
if summary is None:
    st.write("Er is nog geen meting. Draai `python -m analysis evaluate` om de toekenning te "
             "vergelijken met de hand gelabelde bijdragen.")
else:
    headline, per_theme = views.evaluation_tables(summary)
    st.dataframe(headline, hide_index=True, width="stretch")
    if per_theme is not None:
        with st.expander("Per thema"):
            st.dataframe(per_theme, hide_index=True, width="stretch")

st.header("Beperkingen")
st.markdown("""
- De thema's komen uit een woordenlijst, niet uit begrip van de tekst: ironie, ontkenning
  ("geen extra normen") en nieuwe woorden worden gemist. Lees bij besluiten altijd de bijdragen zelf.
- Verslagen van werksessies zijn samenvattingen door de organisatie, geen letterlijke inbreng.
- Aantallen zeggen iets over hoe vaak iets is genoemd, niet over hoe belangrijk het is of
  hoeveel mensen het vinden: een werksessie met 50 deelnemers levert minder regels op dan een
  raadpleging met duizenden respondenten.
- (Bijna) dubbele bijdragen worden gemarkeerd, maar tellen in de aantallen mee.
""")
