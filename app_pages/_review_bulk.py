"""The workbench's bulk action with a safety net: count and a sample before confirming, and
undo of a whole batch (new rows restore the previous state)."""
from __future__ import annotations

import streamlit as st

from analysis.core import dutch
from analysis.core.errors import InputError, PermissionDenied, StaleVersionError
from analysis.tracker import batches, flow, review
from analysis.tracker.decisions import Decision
from analysis.views import frame, review_view
from app_pages import _review_data as data


@st.fragment
def bulk(store, version, sections, actor, role) -> None:
    with st.expander("Voorstellen in één keer overnemen (met controle en ongedaan maken)"):
        cfg = review.settings()["bulk"]
        table = data.table(data.snapshot(), version.id)
        c1, c2 = st.columns(2)
        theme = c1.selectbox("Thema", list(frame.theme_labels()), index=None, key="rv_b_thema",
                             format_func=flow.theme_label, placeholder="Kies een thema")
        threshold = c2.slider("Score minstens", float(cfg["min_score"]), 1.0,
                              float(cfg["start_score"]), 0.05, key="rv_b_score")
        if theme:
            found = review.bulk_candidates(table, theme, threshold)
            st.markdown(f"**{dutch.number(len(found))} open suggesties** met thema "
                        f"'{flow.theme_label(theme)}' hebben een voorstel met score "
                        f"{dutch.decimal(threshold)} of hoger.")
            if len(found):
                st.caption("Een steekproef om na te kijken:")
                st.dataframe(review_view.sample_rows(review.sample(found), sections),
                             hide_index=True, width="stretch")
                if st.button(f"Bevestig: {dutch.number(len(found))} voorstellen overnemen",
                             key="rv_b_go", type="primary"):
                    status = cfg["accept_status"]
                    items = [(r.id, Decision(status, r.best_link, review_view.explanation(
                        status, r.best_link, version.name, sections))) for r in found.itertuples()]
                    try:
                        batches.save_items(store, version.id, items,
                                           dict(zip(found["id"], found["row_version"])),
                                           actor, role, kind="bulk")
                    except (InputError, PermissionDenied, StaleVersionError) as exc:
                        st.error(str(exc))
                    else:
                        st.toast(f"{len(items)} voorstellen overgenomen.")
                        st.rerun()
        recent = batches.recent_batches(store)
        if len(recent):
            st.markdown("**Recente reeksen**")
        for r in recent.itertuples():
            c1, c2 = st.columns([5, 1])
            c1.write(f"{'Bulk' if r.kind == 'bulk' else 'Groep' if r.kind == 'groep' else 'Besluit'}: "
                     f"{dutch.number(r.n)} suggestie(s), door {r.actor}, {dutch.moment(r.at)}")
            if c2.button("Ongedaan maken", key=f"rv_undo_{r.batch_id}"):
                try:
                    batches.undo_batch(store, r.batch_id, actor, role)
                except (InputError, PermissionDenied, StaleVersionError) as exc:
                    st.error(str(exc))
                else:
                    st.toast("Ongedaan gemaakt.")
                    st.rerun()
