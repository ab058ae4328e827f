"""Over deze analyse: sources, the active NLP pipeline, how themes are assigned and how well, limits."""
import streamlit as st

from analysis.core import dutch, labels
from analysis.tracker import decisions, learning
from analysis.views import about, frame, sources
from app_pages import _common as ui
from app_pages import _widgets as w

st.title("Over deze analyse")

st.header("Bronnen")
st.write("Alle bijdragen komen uit deze documenten. Werksessieverslagen en de OFL-verkenning zijn "
         "openbaar; de antwoorden uit de milieuraadpleging zijn niet openbaar. De raadplegingsrijen "
         f"in de standaard dataset zijn daarom gemaakt door een generator en heten overal "
         f"**{labels.fictional_label()}**.")
documents = about.documents_table(ui.store().load_documents())
st.dataframe(documents, hide_index=True, width="stretch")
w.fictional_notice(ui.data())

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
- Er zijn **{len(frame.theme_labels())} vaste thema's** (bestand `data/taxonomy.toml`), elk met
  kernwoorden en zinsdelen die mensen erover schrijven.
- Een rekenmodel (logistische regressie) leest de woorden, woorddelen en kernwoorden van een
  bijdrage en geeft per thema een kans. Het is getraind op de werksessiebijdragen, met hun
  onderwerp als juist thema, en op zelf geschreven voorbeeldzinnen. Het onderwerp van de
  werksessie of de vraag in de raadpleging telt mee als context.
- Het thema met de hoogste score wordt het **hoofdthema**; andere thema's met voldoende eigen
  bewijs komen erbij (een bijdrage kan dus bij meer thema's horen).
- Is de hoogste score lager dan **{dutch.decimal(about.uncertain_below())}**, dan krijgt de bijdrage
  het label *{frame.theme_label('onzeker')}* in plaats van een gok. Die bijdragen staan op de pagina
  Verkennen.
""")

st.subheader("Hoe goed is dat?")
summary = sources.evaluation_summary()
if not summary:
    st.write("Er is nog geen meting. Draai `python -m analysis evaluate` om de toekenning te "
             "vergelijken met de hand gelabelde bijdragen.")
else:
    st.dataframe(about.evaluation_table(summary), hide_index=True, width="stretch")
    st.caption(f"Gemeten op {summary.get('computed_at', '?')[:10]} met {summary.get('pipeline', '?')}.")

st.subheader("Persoonsgegevens: hoe goed worden ze verwijderd?")
personal, public_names = about.deidentify_tables(summary)
if personal.empty:
    st.write("Er is nog geen meting van het verwijderen van persoonsgegevens.")
else:
    st.write(about.deidentify_sentence(summary))
    st.dataframe(personal, hide_index=True, width="stretch")
    st.dataframe(public_names, hide_index=True, width="stretch")

st.subheader("Leert het model van mensen?")
agree = learning.agreement(ui.store())
if agree.empty:
    st.write("Nog niemand heeft thema's van bijdragen bevestigd of gewijzigd (pagina Beoordelen, "
             "Bijdragen of Thema's).")
else:
    st.write(f"Mensen hebben de thema's van {dutch.number(int(agree['n'].sum()))} bijdragen "
             "bevestigd of gewijzigd. Zo vaak gaf het model hetzelfde hoofdthema:")
    st.dataframe(about.agreement_table(agree), hide_index=True, width="stretch")
curve = about.learning_curve_table(summary or {})
if len(curve):
    st.write(f"Simulatie op de fictieve raadpleging ({dutch.number(summary['learning_curve']['n'])} "
             f"antwoorden): zonder correcties is {dutch.percent(summary['learning_curve']['baseline'])} "
             "van de hoofdthema's juist. Als mensen een deel corrigeren en het model daarmee opnieuw "
             "leert, is het op de overige antwoorden zo vaak juist:")
    st.dataframe(curve, hide_index=True, width="stretch")
if not ui.is_public() and decisions.can_edit(ui.store(), ui.role(), "edit_theme_codes") \
        and st.button("Model opnieuw trainen met de codes van mensen", key="over_retrain"):
    with st.spinner("Opnieuw trainen en scoren..."):
        result = learning.retrain(ui.store(), ui.role())
    st.success(f"Getraind met {dutch.number(result['n_codes'])} codes; "
               f"{dutch.number(result['changed'])} bijdragen kregen een ander hoofdthema van het model.")

st.header("Beperkingen")
st.markdown("""
- De thema's komen uit een rekenmodel op woorden, niet uit begrip van de tekst: ironie, ontkenning
  ("geen extra normen") en nieuwe woorden worden gemist. Lees bij besluiten altijd de bijdragen zelf.
- Verslagen van werksessies zijn samenvattingen door de organisatie, geen letterlijke inbreng.
- Aantallen zeggen iets over hoe vaak iets is genoemd, niet over hoe belangrijk het is of
  hoeveel mensen het vinden: een werksessie met 50 deelnemers levert minder regels op dan een
  raadpleging met duizenden respondenten.
- (Bijna) dubbele bijdragen worden gemarkeerd, maar tellen in de aantallen mee.
""")
