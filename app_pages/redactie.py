"""Afscherming controleren: per bijdrage de oorspronkelijke tekst naast de openbare tekst, elke
afscherming gemarkeerd met de reden; afscherming toevoegen of ongedaan maken, niet publiceren.

Reads and writes only through analysis.views.redaction_view (role check server-side).
Text from the data is drawn with st.text or st.dataframe (no Markdown, no HTML).
"""
import streamlit as st

from analysis.core import dutch
from analysis.core.errors import InputError, PermissionDenied
from analysis.views import redaction_view as rv
from app_pages import _common as ui
from app_pages import _derived as d


@st.cache_data(show_spinner="Teksten nalopen...", max_entries=2)
def _overview(url: str, version: int):
    """Every contribution with its public text and suspect words, once per store version."""
    return rv.overview_all(ui.store())


@st.fragment
def check(rows) -> None:
    """One contribution of the page shown: original beside public text, and the editor's checks.
    A fragment: picking another contribution reruns only this part; a change reruns the page."""
    store, role = ui.store(), ui.role()
    texts = dict(zip(rows["id"], rows["public"].fillna(rows["text"])))
    chosen = st.selectbox("Kies een bijdrage om te controleren", list(texts), key="red_keuze",
                          format_func=lambda i: (texts[i] or "")[:110])
    info = rv.detail(store, chosen)
    col_a, col_b = st.columns(2)
    with col_a:
        st.markdown("**Oorspronkelijke tekst, afschermingen gemarkeerd**")
        st.text(info["marked"])
    with col_b:
        st.markdown("**Openbare tekst**")
        st.text("Niet gepubliceerd." if info["hidden"] else info["public"])
        st.caption(f"Toestemming om openbaar te maken: {info['consent']}")
        if info["consent_note"]:
            (st.warning if info["withheld"] else st.caption)(info["consent_note"])
    shown = info["redactions"].drop(columns=["_edit", "_auto"])
    if len(shown):
        st.dataframe(shown, hide_index=True, width="stretch", key="red_afschermingen")
    else:
        st.write("In deze bijdrage is niets afgeschermd.")

    editable = True
    try:
        rv.require_editor(store, role, rv.ACTION)
    except PermissionDenied as exc:
        editable = False
        st.info(str(exc))

    if editable:
        actor = st.text_input("Uw naam (voor de geschiedenis)", key="red_actor")

        def _do(fn, *args, done: str) -> None:
            try:
                fn(store, chosen, *args, actor, role)
            except (InputError, PermissionDenied) as exc:
                st.error(str(exc))
                return
            st.success(done)
            st.rerun()

        with st.form("red_toevoegen"):
            st.markdown("**Afscherming toevoegen**")
            phrase = st.text_input("Woord of zin uit de oorspronkelijke tekst", key="red_zin")
            reason = st.text_input("Reden", key="red_reden", placeholder="bijvoorbeeld: naam van een buurman")
            if st.form_submit_button("Afschermen"):
                _do(rv.add_redaction, phrase, reason, done="Afgeschermd.")
        undoable = info["redactions"][info["redactions"]["Vervangen door"] != ""]
        if len(undoable):
            with st.form("red_ongedaan"):
                st.markdown("**Afscherming ongedaan maken**")
                pick = st.selectbox("Welke afscherming?", list(range(len(undoable))), key="red_welke",
                                    format_func=lambda i: f"{undoable.iloc[i]['Afgeschermd']} "
                                                          f"({undoable.iloc[i]['Door']})")
                if st.form_submit_button("Ongedaan maken"):
                    r = undoable.iloc[pick]
                    edit = None if r["_auto"] or r["_edit"] is None or r["_edit"] != r["_edit"] else int(r["_edit"])
                    _do(rv.undo_redaction, edit, r["Afgeschermd"], done="Ongedaan gemaakt.")
        with st.form("red_publiceren"):
            label = "Weer publiceren" if info["hidden"] else "Niet publiceren"
            st.markdown(f"**{label}**")
            why = st.text_input("Reden", key="red_waarom")
            if st.form_submit_button(label):
                _do(rv.set_hidden, not info["hidden"], why, done="Opgeslagen.")

    if len(info["history"]):
        st.subheader("Geschiedenis van deze bijdrage")
        st.dataframe(info["history"], hide_index=True, width="stretch", key="red_geschiedenis")


st.title("Afscherming controleren")
st.write("Hier ziet u per bijdrage de oorspronkelijke tekst naast de tekst die het publiek ziet. "
         "Afgeschermde stukken staan tussen ⟦ en ⟧, met de reden eronder. Voeg een afscherming "
         "toe, maak er een ongedaan, of zet een bijdrage op 'niet publiceren'. Elke wijziging "
         "wordt vastgelegd en geldt meteen voor de openbare pagina en de openbare export.")

store, role = ui.store(), ui.role()
left, right = st.columns([2, 1])
words = left.text_input("Zoek in de oorspronkelijke tekst", key="red_zoek",
                        placeholder="bijvoorbeeld: groet")
suspect = right.toggle("Alleen teksten die mogelijk nog een naam bevatten", value=True,
                       key="red_verdacht",
                       help="Hoofdletterwoorden midden in een zin die de filters lieten staan, "
                            "de meest verdachte eerst.")
rows = rv.narrow(_overview(store.url, store.version()), suspect_only=suspect, words=words)
st.subheader(f"{dutch.number(len(rows))} {'bijdrage' if len(rows) == 1 else 'bijdragen'}")
if rows.empty:
    st.write("Geen bijdragen gevonden. Zet het filter uit of zoek op andere woorden.")
    st.stop()
page_rows = d.paged(rows, "red_tabel")
st.dataframe(rv.overview_table(page_rows), hide_index=True, width="stretch", key="red_tabel")
check(page_rows)

