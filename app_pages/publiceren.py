"""Publiceren (internal, editors): build the static public site as a preview, look at it, and
publish exactly that preview on confirmation.

Thin: building, the preview and the atomic swap live in analysis.publish; the role is checked
on the server before anything is written (data/roles.toml publish_site).
"""
import streamlit as st

from analysis.access import roles
from analysis.core import dutch
from analysis.core.errors import InputError, PermissionDenied
from analysis.publish import preview, site
from app_pages import _common as ui
from app_pages import _widgets as w

st.title("Publiceren: de openbare site")
st.write("De openbare site is een map met gewone webpagina's: per bijeenkomst en per thema wat er "
         "is ingebracht en wat er is besloten, een zoekpagina en de verslagen als Word-bestand. "
         "Er staan alleen openbare besluiten in, zonder persoonsgegevens. Maak eerst een voorbeeld "
         "en bekijk het. Publiceren zet precies dat voorbeeld online, in één keer.")

store = ui.store()
role = ui.role()
PAGES = ("pagina", "pagina's")
version = w.concept_version_picker("pub_versie")
preview_dir, site_dir = site.preview_dir(), site.site_dir()


def _allowed() -> bool:
    try:
        roles.require(role, "publish_site")
    except PermissionDenied as exc:
        st.error(str(exc))
        return False
    return True


if st.button("Voorbeeld maken", icon=":material/preview:", key="pub_voorbeeld") and _allowed():
    with st.spinner("De site wordt gemaakt. Dit duurt ongeveer een minuut (de Word-verslagen)..."):
        try:
            site.build(store, version.id, preview_dir)
        except InputError as exc:
            st.error(str(exc))

made = site.read(preview_dir)
live = site.read(site_dir)
if live is not None:
    st.caption(f"Nu gepubliceerd: {live.version_name}, gemaakt op {site.when(live.made_at)}.")
if made is None:
    st.info("Er is nog geen voorbeeld. Kies de conceptversie en klik op **Voorbeeld maken**.")
    st.stop()

st.header("Wat er gepubliceerd wordt")
stale = made.store_version != store.version()
st.write(f"Voorbeeld van {made.version_name}, gemaakt op {site.when(made.made_at)}: "
         f"{dutch.count(len(made.pages), *PAGES)}, waarvan "
         f"{dutch.number(made.indexed)} doorzoekbaar.")
if stale:
    st.warning("De gegevens zijn veranderd sinds dit voorbeeld is gemaakt. Maak een nieuw voorbeeld.")
cols = st.columns(3)
for i, (label, value) in enumerate(made.counts.items()):
    cols[i % 3].metric(label, value)

pages = preview.previewable(made)
chosen = st.selectbox("Pagina bekijken", list(pages), format_func=pages.get, key="pub_pagina")
st.iframe(preview.page_html(preview_dir, chosen), height=560)
st.caption(f"Het voorbeeld staat in de map {preview_dir}. Open index.html daar in uw browser om "
           "de links te volgen; het zoeken werkt pas op de webserver.")

st.header("Publiceren")
sure = st.checkbox("Ik heb het voorbeeld bekeken. Zet het online.", key="pub_zeker", disabled=stale)
if st.button("Publiceren", type="primary", disabled=stale or not sure, icon=":material/publish:",
             key="pub_publiceren") and _allowed():
    try:
        done = site.promote(preview_dir, site_dir, store.version())
    except InputError as exc:
        st.error(str(exc))
    else:
        st.success(f"Gepubliceerd: {dutch.count(len(done.pages), *PAGES)} in {site_dir}.")
