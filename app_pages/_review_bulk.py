"""The workbench's bulk action with a safety net: count and a sample before confirming, and
undo of a whole batch (new rows restore the previous state)."""
from __future__ import annotations

import streamlit as st

from analysis.core import dutch
from analysis.core.errors import InputError, PermissionDenied, StaleVersionError
from analysis.tracker import batches, review
from analysis.views import display, frame, review_view
from app_pages import _review_data as data


@st.fragment
def bulk(store, version, sections, actor, role) -> None:
    with st.expander("Voorstellen in één keer overnemen (met controle en ongedaan maken)"):
        cfg = review.settings()["bulk"]
        table = data.table(data.snapshot(), version.id)
        c1, c2 = st.columns(2)
        theme = c1.selectbox("Thema", review_view.theme_choices(), index=None, key="rv_b_thema",
                             format_func=frame.theme_label, placeholder="Kies een thema")
        threshold = c2.slider("Score minstens", float(cfg["min_score"]), 1.0,
                              float(cfg["start_score"]), 0.05, key="rv_b_score",
                              help=cfg["score_help"])
        if theme:
            found = review.bulk_candidates(table, theme, threshold)
            st.markdown(f"**{review_view.count_words(len(found))} open** met thema "
                        f"'{frame.theme_label(theme)}' hebben een voorstel met score "
                        f"{dutch.decimal(threshold)} of hoger.")
            if len(found):
                shown = review.sample(found)
                which = "alle" if len(shown) == len(found) else f"de {dutch.number(len(shown))}"
                st.caption(f"Om na te kijken: {which} met de laagste score eerst.")
                st.dataframe(review_view.sample_rows(shown, sections), hide_index=True, width="stretch")
                publish = st.checkbox("Ook publiceren", key="rv_b_pub")
                items = review_view.bulk_decisions(found, cfg["accept_status"], publish,
                                                   version.name, sections)
                st.markdown("**Wat er wordt vastgelegd:**\n" + "\n".join(
                    f"- {display.md_escape(line)}" for line in review_view.bulk_summary(items, sections)))
                if st.button(f"Bevestig: {review_view.count_words(len(found))} vastleggen",
                             key="rv_b_go", type="primary"):
                    try:
                        batches.save_items(store, version.id, items,
                                           dict(zip(found["id"], found["row_version"])),
                                           actor, role, kind="bulk")
                    except (InputError, PermissionDenied, StaleVersionError) as exc:
                        st.error(f"{exc} Er is niets opgeslagen.")
                    else:
                        st.toast(f"{review_view.count_words(len(items))} vastgelegd.")
                        st.rerun()
        recent = batches.recent_batches(store)
        if len(recent):
            st.markdown("**Recente reeksen**")
        for r in recent.itertuples():
            c1, c2 = st.columns([5, 1])
            c1.write(f"{'Bulk' if r.kind == 'bulk' else 'Groep' if r.kind == 'groep' else 'Besluit'}: "
                     f"{review_view.count_words(r.n)}, door {r.actor}, {dutch.moment(r.at)}")
            if c2.button("Ongedaan maken", key=f"rv_undo_{r.batch_id}"):
                try:
                    batches.undo_batch(store, r.batch_id, actor, role)
                except (InputError, PermissionDenied, StaleVersionError) as exc:
                    st.error(str(exc))
                else:
                    st.toast("Ongedaan gemaakt.")
                    st.rerun()
