"""Afscherming controleren: per bijdrage de oorspronkelijke tekst naast de openbare tekst, elke
afscherming gemarkeerd met de reden; afscherming toevoegen of ongedaan maken, niet publiceren.

Reads through views.redaction_view, writes through views.redaction_actions (role check there).
Identical texts are one entry, done together or one by one; choices are kept by contribution id.
Text from the data is drawn with st.text or st.dataframe, or escaped (no Markdown, no HTML).
"""
import streamlit as st

from analysis.core import dutch, labels
from analysis.core.errors import InputError, PermissionDenied
from analysis.views import display
from analysis.views import redaction_actions as ra
from analysis.views import redaction_view as rv
from app_pages import _common as ui
from app_pages import _derived as d

# not widget keys: the entry just edited, what was done, the entry chosen (its id)
FOCUS, SAID, CHOSEN = "red_focus", "red_melding", "red_gekozen"
TEXT = labels.labels()["redaction"]


@st.cache_data(show_spinner="Teksten nalopen...", max_entries=2)
def _overview(url: str, version: int):
    """Every contribution with its public text, suspect words and group, once per store version."""
    return rv.overview_all(ui.store())


def _unfocus() -> None:
    st.session_state.pop(FOCUS, None)


def _chose() -> None:
    st.session_state[CHOSEN] = st.session_state["red_keuze"]


@st.fragment
def check(entries, everything) -> None:
    """One entry of the page shown: original beside public text, and the editor's checks.
    A fragment: picking another contribution reruns only this part; a change reruns the page."""
    store, role = ui.store(), ui.role()
    names = dict(zip(entries["group"], entries["label"]))
    if st.session_state.get(CHOSEN) in names:  # by id: an edit changes the entry's name
        st.session_state["red_keuze"] = st.session_state[CHOSEN]
    group = st.selectbox("Kies een bijdrage om te controleren", list(names), key="red_keuze",
                         format_func=names.get, on_change=_chose)
    members = rv.members(everything, group)
    shown = group
    if len(members) > 1:
        shown = st.selectbox(f"Welke van de {dutch.number(len(members))} identieke bijdragen tonen?",
                             list(members), key="red_lid", format_func=members.get)
    info = rv.detail(store, shown)
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
    if len(info["redactions"]):
        st.dataframe(info["redactions"].drop(columns=["_key"]), hide_index=True, width="stretch",
                     key="red_afschermingen")
    else:
        st.write("In deze bijdrage is niets afgeschermd.")

    editable = True
    try:
        ra.require_editor(store, role, ra.ACTION)
    except PermissionDenied as exc:
        editable = False
        st.info(str(exc))
    if editable:
        _edit(store, role, everything, group, members, shown, info)
    log = rv.history(store, members)
    if len(log):
        st.subheader("Geschiedenis van deze " + ("bijdrage" if len(members) == 1 else "identieke bijdragen"))
        st.dataframe(log, hide_index=True, width="stretch", key="red_geschiedenis")


def _edit(store, role, everything, group, members, shown, info) -> None:
    """The editor's forms; each names the contributions it acts on."""
    actor = ui.actor_input("Uw naam (voor de geschiedenis)", key="red_actor")
    ids = [shown]
    if len(members) > 1:
        scope = st.radio("Voor welke bijdragen?", ["alle", "deze"], key="red_bereik", horizontal=True,
                         format_func=lambda s: TEXT["scope_all"].format(n=dutch.number(len(members)))
                         if s == "alle" else TEXT["scope_one"].format(who=members[shown]))
        ids = list(members) if scope == "alle" else [shown]
    st.caption(f"Wat u hieronder doet, geldt voor: {display.md_escape(rv.target(everything, ids))}")

    def _do(fn, *args) -> None:
        try:
            said = fn(store, everything, ids, *args, actor, role)
        except (InputError, PermissionDenied) as exc:
            st.error(str(exc))
            return
        st.session_state[SAID], st.session_state[FOCUS], st.session_state[CHOSEN] = said, group, group
        st.rerun()

    with st.form("red_toevoegen"):
        st.markdown("**Afscherming toevoegen**")
        phrase = st.text_input("Woord of zin uit de oorspronkelijke tekst", key="red_zin")
        reason = st.text_input("Reden", key="red_reden", placeholder="bijvoorbeeld: naam van een buurman")
        if st.form_submit_button(rv.action_label("Afschermen", ids)):
            _do(ra.add_redaction, phrase, reason)
    undoable = info["redactions"][info["redactions"]["_key"] != ""].drop_duplicates("_key")
    if len(undoable):
        with st.form("red_ongedaan"):
            st.markdown("**Afscherming ongedaan maken**")
            choices = {r["_key"]: f"{r['Afgeschermd']} ({r['Door']})" for _, r in undoable.iterrows()}
            key = st.selectbox("Welke afscherming?", list(choices), key="red_welke", format_func=choices.get)
            if st.form_submit_button(rv.action_label("Ongedaan maken", ids)):
                _do(ra.undo_redaction, key)
    with st.form("red_publiceren"):
        label = "Weer publiceren" if info["hidden"] else "Niet publiceren"
        st.markdown(f"**{label}**")
        why = st.text_input("Reden", key="red_waarom")
        if st.form_submit_button(rv.action_label(label, ids)):
            _do(ra.set_hidden, not info["hidden"], why)


st.title("Afscherming controleren")
st.write(TEXT["intro"])
if said := st.session_state.pop(SAID, None):
    st.success(display.md_escape(said))

store = ui.store()
left, right = st.columns([2, 1])
words = left.text_input("Zoek in de oorspronkelijke tekst", key="red_zoek", on_change=_unfocus,
                        placeholder="bijvoorbeeld: groet")
searching = bool(words.split())
suspect = right.toggle("Alleen teksten die mogelijk nog een naam bevatten", value=True, key="red_verdacht",
                       disabled=searching, on_change=_unfocus,
                       help="Hoofdletterwoorden midden in een zin die de filters lieten staan, "
                            "de meest verdachte eerst.")
if searching:
    right.caption(TEXT["searching"])
everything = _overview(store.url, store.version())
rows = rv.narrow(everything, suspect_only=suspect, words=words)
st.subheader(rv.count_line(rows))
page_rows = rv.focused(d.paged(rows, "red_tabel"), everything, st.session_state.get(FOCUS))
if page_rows.empty:
    st.write("Geen bijdragen gevonden. Zet het filter uit of zoek op andere woorden.")
    st.stop()
st.dataframe(rv.overview_table(page_rows), hide_index=True, width="stretch", key="red_tabel")
check(page_rows, everything)
