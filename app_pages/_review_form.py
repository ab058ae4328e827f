"""The workbench's decision form: proposals, status keys, section, reason or organisation,
explanation, note, publish, and the two save buttons (callbacks only: a click reruns the
workbench fragment, no more).

The widgets keep the same keys from one suggestion to the next (so the browser updates them
instead of building them anew), and the form belongs to one suggestion: whenever another one is
shown, for whatever reason (save, skip, back, another queue), it is filled with that
suggestion's stored decision before any widget is drawn (`own`), or emptied when there is none.
A save writes only what the person changed (analysis.tracker.edits). Every button has a key
(data/review.toml [keys]), shown on the button.
"""
from __future__ import annotations

import streamlit as st

from analysis.core.errors import InputError, PermissionDenied, StaleVersionError
from analysis.tracker import batches, edits, queries, review, vocabulary
from analysis.views import display, review_view

# The form's widgets and their empty values. They are set, not removed: the browser keeps a
# widget's value too and would send the previous suggestion's text back with the next click.
EMPTY = {"rv_st": None, "rv_se": None, "rv_re": None, "rv_to": None, "rv_ex": "", "rv_no": "",
         "rv_pu": False}
HELPERS = ("rv_exauto", "rv_accepted", "rv_error", "rv_initial")


def keys() -> dict:
    return review.settings()["keys"]


def own(sid: str, row, version, sections) -> None:
    """Make the form suggestion sid's: filled with its stored decision (or empty) whenever it
    held another one's values. After a save refused as stale the form stays as the person left
    it, and a second save puts only their changes over the newer decision."""
    if st.session_state.get("rv_form_for") == sid:
        return
    for key in HELPERS:
        st.session_state.pop(key, None)
    values = edits.stored(row)
    st.session_state.update({**EMPTY, "rv_st": values.status, "rv_se": values.section,
                             "rv_ex": values.public_explanation, "rv_no": values.internal_note,
                             "rv_pu": values.published})
    st.session_state["rv_initial"] = values
    template = review_view.explanation(values.status, values.section, version.name, sections)
    if template and template == values.public_explanation:  # still the template: may follow
        st.session_state["rv_exauto"] = template
    st.session_state["rv_form_for"] = sid


def _set(sid: str, status: str | None, section: str | None, version, sections,
         accepted: bool = False) -> None:
    """Fill status, section and the explanation template (callback of the proposals)."""
    st.session_state["rv_st"] = status
    st.session_state["rv_se"] = section
    st.session_state["rv_accepted"] = section if accepted else None
    prefill(sid, version, sections)


def _status(sid: str, status: str, best: str | None, version, sections) -> None:
    """Callback of a status key: a status in the programme keeps the chosen section (or takes
    the best proposal's), one outside it has none."""
    rules = vocabulary.statuses()[status]
    section = None
    if rules["needs_section"]:
        section = st.session_state.get("rv_se") or best
    st.session_state["rv_st"] = status
    st.session_state["rv_se"] = section
    prefill(sid, version, sections)


def prefill(sid: str, version, sections) -> None:
    """Explanation from the template of the chosen status and section (and reason or
    organisation), unless the person typed one."""
    key, auto = "rv_ex", "rv_exauto"
    get = st.session_state.get
    text = review_view.explanation(get("rv_st"), get("rv_se"), version.name, sections,
                                   reason=get("rv_re"), referral=get("rv_to"))
    if get(key, "") in ("", get(auto, "")):
        st.session_state[key] = text
        st.session_state[auto] = text


def go(sid: str | None) -> None:
    """Show suggestion sid next (None: the end of the queue); the current one goes on the back list."""
    if st.session_state.get("rv_current"):
        st.session_state.setdefault("rv_back", []).append(st.session_state["rv_current"])
    st.session_state["rv_current"] = sid
    st.session_state["rv_end"] = sid is None


def proposals(props, sid: str, version, sections, editable: bool) -> None:
    st.markdown("#### Voorgestelde secties")
    if props.empty:
        st.caption("Geen voorstel; kies zelf een status en sectie.")
    status = vocabulary.statuses()
    accept = review.settings()["bulk"]["accept_status"]
    shortcuts = keys()["proposals"]
    for i, p in enumerate(props.itertuples()):
        c1, c2 = st.columns([6, 1])
        c1.markdown(f"**{i + 1}. {display.md_escape(p.name)}** · score {p.score}  \n{p.evidence}")
        c2.button("Overnemen", key=f"rv_acc_{i}", disabled=not editable,
                  shortcut=shortcuts[i] if i < len(shortcuts) else None,
                  on_click=_set, args=(sid, accept, p.section, version, sections, True),
                  help=f"Status '{status[accept]['label']}' in {p.name}; bij opslaan is de "
                       "koppeling bevestigd")


def form(store, version, sections, sid, group, following, best, editable, actor, role) -> None:
    """The decision form for suggestion sid (its group shown); following is the next queue item."""
    st.markdown("#### Besluit")
    cfg = keys()
    chosen = [s for s in vocabulary.statuses() if s != "open"]
    cols = st.columns(len(chosen))
    for col, s in zip(cols, chosen):
        col.button(vocabulary.status_label(s), key=f"rv_k_{s}", disabled=not editable,
                   shortcut=cfg["statuses"].get(s), on_click=_status,
                   args=(sid, s, best, version, sections), width="stretch")
    c1, c2 = st.columns(2)
    status = c1.selectbox("Status", list(vocabulary.statuses()), index=None,
                          placeholder="Kies een status", format_func=vocabulary.status_label,
                          key="rv_st", on_change=prefill, args=(sid, version, sections))
    c2.selectbox(f"Sectie in {version.name}", list(sections), index=None,
                 placeholder="Geen sectie", format_func=sections.get, key="rv_se",
                 on_change=prefill, args=(sid, version, sections))
    if review_view.asks_reason(status):
        st.selectbox("Reden (komt in de toelichting)", [r["label"] for r in review_view.reasons()],
                     index=None, placeholder="Kies een reden", key="rv_re",
                     on_change=prefill, args=(sid, version, sections))
    if review_view.asks_referral(status):
        st.selectbox("Doorgestuurd naar", [r["label"] for r in review_view.referrals()],
                     index=None, placeholder="Kies een organisatie", key="rv_to",
                     on_change=prefill, args=(sid, version, sections))
    st.text_area("Openbare toelichting", key="rv_ex", placeholder=vocabulary.explanation_help())
    st.text_area("Interne notitie", key="rv_no", placeholder="Alleen voor het programmateam")
    st.checkbox("Publiceren (tonen op de openbare pagina)", key="rv_pu")
    n = len(group)
    which = "" if n == 1 else f" voor {n} suggesties"
    args = (store, version, sections, sid, group, following, actor, role)
    c1, c2 = st.columns(2)
    c1.button(f"Opslaan{which} en volgende", key="rv_save", type="primary",
              disabled=not editable or not status, shortcut=cfg["save_next"],
              on_click=_save, args=args)
    c2.button(f"Opslaan{which}, publiceren en volgende", key="rv_save_pub",
              disabled=not editable or not status, shortcut=cfg["publish_next"],
              on_click=_save, args=args, kwargs={"publish": True})
    if st.session_state.get("rv_error"):
        st.error(st.session_state["rv_error"])


def _save(store, version, sections, sid, group, following, actor, role, publish: bool = False) -> None:
    """Callback of the save buttons: the changed fields for the shown group, then the next one."""
    if st.session_state.get("rv_form_for") != sid:  # never another suggestion's values
        return
    get = st.session_state.get
    values = edits.FormValues(get("rv_st"), get("rv_se"), get("rv_ex", ""), get("rv_no", ""),
                              bool(get("rv_pu")) or publish)
    items = edits.group_items(group, values.changes(get("rv_initial") or edits.FormValues()))
    if not items:
        st.session_state["rv_saved"] = "Niets gewijzigd; er is niets opgeslagen."
        go(following)
        return
    based = dict(zip(group["id"], group["row_version"]))
    accepted = get("rv_accepted")
    confirm = [m for m, d in items if accepted and accepted == d.section]
    try:
        batches.save_items(store, version.id, items, based, actor, role,
                           kind="groep" if len(group) > 1 else "enkel", confirm=confirm)
    except StaleVersionError as exc:
        now = queries.current_decisions(store, [sid])
        now = now[now["concept_version"] == version.id]
        st.session_state["rv_error"] = " ".join([
            str(exc), review_view.stored_sentence(now.iloc[0], sections) if len(now) else "",
            "Uw invoer staat nog in het formulier: opnieuw opslaan zet alleen wat u wijzigde over "
            "het nieuwe besluit heen."])
        return
    except (InputError, PermissionDenied) as exc:
        st.session_state["rv_error"] = f"{exc} Er is niets opgeslagen."
        return
    st.session_state.pop("rv_error", None)
    what = vocabulary.status_label(items[0][1].status) + (", gepubliceerd" if values.published else "")
    st.session_state["rv_saved"] = (f"Opgeslagen voor {review_view.count_words(len(items))}: "
                                    f"{what}.")
    go(following)
