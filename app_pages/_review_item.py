"""The workbench item: one suggestion, its context, group, themes and proposals, and the form.

Drawn in st.fragment: accepting a proposal or saving reruns only this part. Every widget key
carries the suggestion id, so after "Opslaan en volgende" the form is empty for the next one
and nothing chosen for one suggestion can carry over to another.
"""
from __future__ import annotations

import streamlit as st

from analysis.core.errors import InputError, PermissionDenied, StaleVersionError
from analysis.tracker import batches, queries, review, vocabulary
from analysis.tracker.decisions import Decision
from analysis.views import display, review_view
from app_pages import _codes
from app_pages import _common as ui


def _set(sid: str, status: str | None, section: str | None, version, sections) -> None:
    """Fill status, section and the explanation template (callback of the quick actions)."""
    st.session_state[f"rv_st_{sid}"] = status
    st.session_state[f"rv_se_{sid}"] = section
    _prefill(sid, version, sections)


def _prefill(sid: str, version, sections) -> None:
    """Explanation from the template of the chosen status and section, unless the person typed one."""
    key, auto = f"rv_ex_{sid}", f"rv_exauto_{sid}"
    text = review_view.explanation(st.session_state.get(f"rv_st_{sid}"),
                                   st.session_state.get(f"rv_se_{sid}"), version.name, sections)
    if st.session_state.get(key, "") in ("", st.session_state.get(auto, "")):
        st.session_state[key] = text
        st.session_state[auto] = text


def _go(sid: str | None) -> None:
    if sid is not None and st.session_state.get("rv_current"):
        st.session_state.setdefault("rv_back", []).append(st.session_state["rv_current"])
    st.session_state["rv_current"] = sid


def _back() -> None:
    history = st.session_state.get("rv_back") or []
    if history:
        st.session_state["rv_current"] = history.pop()


@st.fragment
def workbench(store, version, sections, contribs, filters, order, editable, actor, role) -> None:
    table = review_view.review_table(ui.tracker_table(version.id), contribs)
    done, total = review.progress(table)
    st.progress(done / total if total else 0.0, text=review_view.progress_line(done, total))
    queue = review.queue(table, filters, order)
    ids = queue["id"].tolist()
    current = st.session_state.get("rv_current")
    if st.session_state.get("rv_queue") != (filters, order):  # another queue: start at its top
        st.session_state["rv_queue"] = (filters, order)
        current = None
    if current not in set(table["id"]):
        current = ids[0] if ids else None
        st.session_state["rv_current"] = current
    nav = st.columns([1, 1, 4])
    nav[0].button("Vorige", key="rv_vorige", on_click=_back, icon=":material/arrow_back:",
                  disabled=not st.session_state.get("rv_back"))
    later = [i for i in ids if i != current]
    nav[1].button("Overslaan", key="rv_overslaan", on_click=_go, args=(later[0] if later else None,),
                  disabled=not later, icon=":material/skip_next:")
    nav[2].caption(f"Nog {len(ids)} in de wachtrij met deze filters.")
    if current is None:
        st.success("Niets meer te beoordelen met deze filters.")
        return
    row = table.set_index("id").loc[current]
    group = review.members(table, current)
    st.markdown(f"### {display.md_escape(row['text'])}")
    st.caption(" · ".join(f"{k}: {display.md_escape(v)}" for k, v in review_view.context(row)))
    st.markdown("**Thema's:** " + (", ".join(review_view.themes(row)) or "geen"))
    st.caption(f"Status nu: {row['status_label']}")
    if len(group) > 1:
        st.warning(f"Deze suggestie hoort bij een groep van {len(group)} (bijna) gelijke "
                   f"suggesties. Het besluit geldt voor alle {len(group)}.", icon=":material/group:")
        with st.expander(f"De {len(group)} suggesties in deze groep"):
            st.dataframe(review_view.group_rows(group), hide_index=True, width="stretch")
    _proposals(store, version, sections, current, row, editable)
    _form(store, version, sections, current, group, later, editable, actor, role)
    with st.expander("Thema's bevestigen of wijzigen"):
        _codes.theme_editor(store, current, row.get("themes"), "rv", role, actor)
    with st.expander("Geschiedenis"):
        history = queries.audit_log(store, current)
        if len(history):
            st.dataframe(review_view.history_rows(history), hide_index=True, width="stretch")
        else:
            st.caption("Nog geen wijzigingen.")


def _proposals(store, version, sections, sid, row, editable) -> None:
    st.markdown("#### Voorgestelde secties")
    props = review_view.proposals(queries.current_links(store, sid), row["text"], version.id, sections)
    if props.empty:
        st.caption("Geen voorstel; kies zelf een sectie of 'niet in het programma'.")
    status = vocabulary.statuses()
    accept = review.settings()["bulk"]["accept_status"]
    for i, p in enumerate(props.itertuples()):
        c1, c2 = st.columns([6, 1])
        c1.markdown(f"**{i + 1}. {display.md_escape(p.name)}** · score {p.score}  \n{p.evidence}")
        c2.button("Overnemen", key=f"rv_acc_{sid}_{p.section}", disabled=not editable,
                  on_click=_set, args=(sid, accept, p.section, version, sections),
                  help=f"Status '{status[accept]['label']}' in {p.name}")


def _form(store, version, sections, sid, group, later, editable, actor, role) -> None:
    st.markdown("#### Besluit")
    st.button("Niet in het programma", key=f"rv_niet_{sid}", disabled=not editable,
              on_click=_set, args=(sid, "niet_verwerkt", None, version, sections))
    c1, c2 = st.columns(2)
    status_ids = list(vocabulary.statuses())
    status = c1.selectbox("Status", status_ids, index=None, placeholder="Kies een status",
                          format_func=vocabulary.status_label, key=f"rv_st_{sid}",
                          on_change=_prefill, args=(sid, version, sections))
    c2.selectbox(f"Sectie in {version.name}", list(sections), index=None,
                           placeholder="Geen sectie", format_func=sections.get, key=f"rv_se_{sid}",
                           on_change=_prefill, args=(sid, version, sections))
    st.text_area("Openbare toelichting", key=f"rv_ex_{sid}",
                               help=vocabulary.explanation_help())
    st.text_area("Interne notitie", key=f"rv_no_{sid}")
    st.checkbox("Publiceren (tonen op de openbare pagina)", key=f"rv_pu_{sid}")
    n = len(group)
    label = "Opslaan en volgende" if n == 1 else f"Opslaan voor {n} suggesties en volgende"
    st.button(label, key=f"rv_save_{sid}", type="primary", disabled=not editable or not status,
              on_click=_save, args=(store, version, sid, group, later, actor, role))
    if st.session_state.get("rv_error", (None,))[0] == sid:
        st.error(st.session_state["rv_error"][1])


def _save(store, version, sid, group, later, actor, role) -> None:
    """Callback of "Opslaan en volgende": one decision for the shown group, then the next one."""
    get = st.session_state.get
    decision = Decision(get(f"rv_st_{sid}"), get(f"rv_se_{sid}"), get(f"rv_ex_{sid}", ""),
                        get(f"rv_no_{sid}", ""), bool(get(f"rv_pu_{sid}")))
    based = dict(zip(group["id"], group["row_version"]))
    try:
        batches.save_items(store, version.id, [(m, decision) for m in group["id"]], based,
                           actor, role, kind="groep" if len(group) > 1 else "enkel")
    except (InputError, PermissionDenied, StaleVersionError) as exc:
        st.session_state["rv_error"] = (sid, str(exc))
        return
    st.session_state.pop("rv_error", None)
    st.toast(f"Opgeslagen voor {len(group)} suggestie(s).")
    _go(later[0] if later else None)
