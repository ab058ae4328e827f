"""Importeren: upload, check the detected format and column mapping, preview, then confirm."""
import streamlit as st

from analysis.core import dutch
from analysis.core.errors import InputError, PermissionDenied
from analysis.ingest import preview as ingest_preview
from analysis.views import display
from app_pages import _common as ui
from app_pages import _widgets as w


@st.cache_data(show_spinner=False, max_entries=4)
def _replacement(data: bytes, name: str, mapping: dict | None, url: str, version: int):
    """What storing would change in the store, read once per upload, mapping and store version
    (not on every rerun of a mapping choice: a stored consultation can hold 100.000 rows)."""
    return ingest_preview.replacement(ui.store(), ui.preview_upload(data, name, mapping))


st.title("Bestanden importeren")
st.write("Lees een werksessieverslag (PDF, DOCX, TXT) of een raadplegingsexport (CSV, XLSX) in. "
         "U ziet eerst wat er herkend is; er wordt pas iets opgeslagen als u bevestigt.")

upload = st.file_uploader("Kies een bestand", type=list(ingest_preview.UPLOAD_TYPES), key="upload")
if upload is None:
    st.stop()
data, name = upload.getvalue(), upload.name

recognised = st.empty()  # the format is said only once the file is readable
try:
    detected = ingest_preview.detect_format(data, name)
    table = ui.read_table(data, name) if detected.container in ("csv", "xlsx") else None
except InputError as exc:
    st.error(str(exc))
    st.stop()
recognised.success(f"Herkend formaat: **{detected}**")

mapping = None
if table is not None:
    st.subheader("Kolomindeling")
    st.caption("Controleer welke kolom wat is. De voorstellen komen uit de kolomnamen en de inhoud.")
    proposal = ingest_preview.detect_mapping(table)
    columns = list(table.columns)
    none = "(geen)"
    pick = [none, *columns]

    def single(label: str, key: str) -> str | None:
        current = proposal.get(key)
        value = st.selectbox(label, pick, index=pick.index(current) if current in columns else 0,
                             key=f"map_{key}")
        return None if value == none else value

    left, right = st.columns(2)
    with left:
        answers = st.multiselect("Kolommen met open antwoorden", columns,
                                 default=proposal["answers"], key="map_answers")
        metadata = st.multiselect("Kolommen met gegevens over de respondent", columns,
                                  default=[c for c in proposal["metadata"] if c not in answers],
                                  key="map_metadata")
        kinds = ingest_preview.metadata_kinds(table, metadata, proposal["metadata_kinds"])
        labels = ingest_preview.kind_labels()
        for col in metadata:
            kinds[col] = st.selectbox(f"Soort gegevens in '{col}'", list(labels), key=f"map_kind_{col}",
                                      index=list(labels).index(kinds[col]), format_func=labels.get)
    with right:
        respondent = single("Kolom met respondentnummer", "respondent_id")
        date = single("Kolom met datum", "date")
        fictional = single("Kolom die 'fictief' markeert", "fictional")
        consent = single("Kolom met toestemming om de reactie openbaar te maken", "consent")
        consent_name = single("Kolom met keuze naam en woonplaats openbaar", "consent_name")
        event = st.text_input("Naam van de raadpleging (leeg = uit de bestandsnaam)", key="map_event")
    st.caption("Toestemming: bij 'nee', een lege cel of een onbekende waarde telt het antwoord mee, "
               "maar het publiek ziet de tekst niet. Zonder toestemmingskolom zijn alle antwoorden "
               "openbaar (met persoonsgegevens afgeschermd). Namen tonen wij nooit openbaar.")
    mapping = {"respondent_id": respondent, "answers": answers, "metadata": metadata,
               "metadata_kinds": kinds, "date": date, "event": event.strip() or None, "fictional": fictional,
               "consent": consent, "consent_name": consent_name}
    with st.expander(f"Het bestand zelf ({dutch.count(len(table), 'rij', 'rijen')})"):
        st.dataframe(table.head(20), hide_index=True)

st.subheader("Voorbeeld van de bijdragen")
try:
    preview = ui.preview_upload(data, name, mapping)
except InputError as exc:
    st.error(f"Dit bestand kan zo niet worden ingelezen: {display.md_escape(exc)}")
    st.stop()
st.write(f"**{dutch.count(len(preview.rows), 'bijdrage', 'bijdragen')}** gevonden in "
         f"**{display.md_escape(name)}**.")
for problem in preview.problems:
    st.warning(problem)
replacement = _replacement(data, name, mapping, ui.store().url, ui.store().version())
if replacement:
    same, said = replacement
    (st.info if same else st.warning)(display.md_escape(said))
w.fictional_notice(preview.rows)
st.dataframe(display.display_table(preview.rows.head(200), ["text", "section", "topic", "event", "date"]),
             hide_index=True, width="stretch")

if not preview.can_store:
    st.stop()
if st.button("Bevestigen en opslaan", type="primary", key="opslaan"):
    bar = st.progress(0.0, text="Bezig met opslaan...")
    try:
        report = ingest_preview.store_upload(ui.store(), preview, ui.role(), progress=lambda f, m: bar.progress(
            min(max(f, 0.0), 1.0), text=m))
    except (InputError, PermissionDenied) as exc:
        st.error(str(exc))
        st.stop()
    bar.progress(1.0, text="Klaar")
    st.success(ingest_preview.outcome(report))
