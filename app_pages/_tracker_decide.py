"""The tracker page's decision form: choose suggestions, set status and section, review links."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.core import dutch
from analysis.core.errors import InputError, PermissionDenied, StaleVersionError
from analysis.tracker import decisions, queries, vocabulary
from analysis.views import display

MAX_CHOICES = 500


def _choose(shown: pd.DataFrame) -> tuple[list[str], pd.DataFrame]:
    choosable = shown.head(MAX_CHOICES)
    texts = dict(zip(choosable["id"], choosable["text"]))
    ids = st.multiselect(
        "Kies suggestie(s) om over te besluiten (meer dan één: groepsbesluit)", list(texts),
        key="trk_keuze", placeholder="Kies uit de gefilterde suggesties",
        format_func=lambda i: texts[i][:100] + ("..." if len(texts[i]) > 100 else ""))
    if len(shown) > MAX_CHOICES:
        st.caption(f"Alleen de eerste {MAX_CHOICES} zijn te kiezen; filter om andere te vinden.")
    return ids, (shown.set_index("id").loc[ids].reset_index() if ids else shown.iloc[0:0])


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _form(store, version, ids, selected, sections, editable, actor, role) -> None:
    statuses = vocabulary.statuses()
    first = selected.iloc[0]
    k = f"{version.id}_{abs(hash(tuple(ids)))}"  # inputs survive a refused (stale) save
    with st.form("trk_besluit"):
        status_ids = list(statuses)
        status = st.selectbox("Status", status_ids, index=status_ids.index(first["status"]),
                              format_func=vocabulary.status_label, key=f"trk_st_{k}")
        section_ids = ["", *sections]
        current = _text(first["decided_section"]) or _text(first["best_link"])
        section = st.selectbox(f"Sectie in {version.name}", section_ids,
                               index=section_ids.index(current) if current in section_ids else 0,
                               format_func=lambda s: sections.get(s, "(geen)"), key=f"trk_se_{k}")
        explanation = st.text_area("Openbare toelichting", value=_text(first["public_explanation"]),
                                   help=vocabulary.explanation_help(),
                                   key=f"trk_pt_{k}")
        note = st.text_area("Interne notitie", value=_text(first["internal_note"]), key=f"trk_in_{k}")
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


def _links(store, version, sid, sections, editable, actor, role) -> None:
    st.subheader("Koppelingen met secties")
    links = queries.current_links(store, sid)
    links = links[(links["suggestion_id"] == sid) & (links["version"] == version.id)]
    states = vocabulary.link_states()
    for link in links.sort_values("score", ascending=False).itertuples():
        c1, c2, c3 = st.columns([6, 1, 1])
        c1.markdown(f"**{sections.get(link.section, link.section)}** · "
                    f"{states[link.state]} · score {dutch.decimal(link.score or 0)}  \n"
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
        st.dataframe(pd.DataFrame({"Wanneer": dutch.moments(history["at"]),
                                   "Wie": history["actor"], "Wat": history["summary"]}),
                     hide_index=True, width="stretch")


def decide(store, version, shown: pd.DataFrame, sections: dict[str, str], editable: bool,
           actor: str, role: str) -> None:
    ids, selected = _choose(shown)
    st.header("Besluit")
    if selected.empty:
        st.info("Kies hierboven een of meer suggesties. Kiest u er meer, dan geldt het besluit "
                "voor de hele groep.")
        return
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
    _form(store, version, ids, selected, sections, editable, actor, role)
    if len(ids) == 1:
        _links(store, version, ids[0], sections, editable, actor, role)
