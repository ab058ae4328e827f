"""Page data functions timed at scale, per backend: what each page computes on a rerun.

Part of the backend benchmark (analysis.devtools.backend_bench); decisions are seeded first so
the tracker and public pages have something to show (devtools stage).
"""
from __future__ import annotations

import time
from collections.abc import Callable

DECISIONS = 2000  # suggestions that get a (published) decision before the tracker pages are timed


def seed_decisions(store, n: int = DECISIONS) -> None:
    """Give n suggestions a published decision, as a team would after a while (one group save)."""
    from analysis.tracker import decisions, queries
    from analysis.tracker.concept_versions import load_versions

    ids = queries.suggestions(store)["id"].head(n).tolist()
    version = load_versions(store)[-1].id
    decisions.save_decisions(store, ids, version, decisions.Decision(
        "doorverwezen", public_explanation="Wordt uitgewerkt in het uitvoeringsprogramma.",
        published=True), {}, actor="bench", role="editor")


def page_functions(store) -> list[tuple[str, str, Callable[[dict], object]]]:
    """(page, function, call) for every data function a page runs, in page order.

    Calls take a shared context dict: what an earlier call returned (the loaded
    frame, the selected theme, ...) is what the page passes to the next one.
    """
    from analysis.compare import sessions as compare_sessions
    from analysis.tracker import flow, queries
    from analysis.tracker.concept_versions import load_versions
    from analysis.views import (
        about,
        contribution_view,
        display,
        frame,
        overview,
        public,
        public_counts,
        public_search,
        theme_view,
        tracker_view,
    )

    def biggest_theme(c):
        counts = overview.theme_counts(c["df"])
        return counts.sort_values("Bijdragen").iloc[-1]["thema_id"]

    def setup(c):
        c["df"] = frame.load(store)
        c["version"] = load_versions(store)[-1].id
        c["theme"] = biggest_theme(c)
        return c["df"]

    def member(c):
        c["member"] = frame.apply_filters(frame.in_theme(c["df"], c["theme"]), frame.Filters())
        return c["member"]

    def tracker_rows(c):
        c["tracker"] = queries.tracker_table(store, c["version"])
        return c["tracker"]

    def public_rows(c):
        c["public"] = public.public_contributions(store)
        return c["public"]

    def one_suggestion(c):
        return c["tracker"]["id"].iloc[0]

    return [
        ("(alle)", "frame.load (gecachet per opslagversie)", setup),
        ("Overzicht", "overview.headline", lambda c: overview.headline(c["df"])),
        ("Overzicht", "overview.by_source", lambda c: overview.by_source(c["df"])),
        ("Overzicht", "overview.by_session", lambda c: overview.by_session(c["df"])),
        ("Overzicht", "overview.over_time", lambda c: overview.over_time(c["df"])),
        ("Overzicht", "overview.theme_counts", lambda c: overview.theme_counts(c["df"])),
        ("Overzicht", "overview.theme_section_balance x2", lambda c: [
            overview.theme_section_balance(c["df"], s)
            for s in (("sterk", "zwak", "verbeter"), ("overwegende", "advies"))]),
        ("Overzicht", "overview.last_import", lambda c: overview.last_import(store.load_imports())),
        ("Thema's", "frame.in_theme + apply_filters", member),
        ("Thema's", "overview.by_session", lambda c: overview.by_session(c["member"])),
        ("Thema's", "tracker_table + tracker_view.tracker_beside", lambda c: tracker_view.tracker_beside(
            tracker_rows(c))),
        ("Thema's", "display.display_table + attach_tracker", lambda c: tracker_view.attach_tracker(
            display.display_table(c["member"].head(200)), c["member"].head(200)["id"],
            tracker_view.tracker_beside(c["tracker"]))),
        ("Thema's", "theme_view.top_terms", lambda c: theme_view.top_terms(c["member"]["text"])),
        ("Thema's", "theme_view.representative_quotes", lambda c: theme_view.representative_quotes(c["member"])),
        ("Thema's", "compare.sessions.comparison", lambda c: compare_sessions.comparison(
            c["df"], c["theme"], compare_sessions.placements(store),
            compare_sessions.decisions(c["tracker"]))),
        ("Thema's", "theme_view.cooccurring", lambda c: theme_view.cooccurring(c["df"], c["theme"])),
        ("Bijdragen", "frame.apply_filters (zoekwoord)", lambda c: frame.apply_filters(
            c["df"], frame.Filters(query="lucht"))),
        ("Bijdragen", "display.display_table (500 rijen)", lambda c: display.display_table(
            c["df"].head(500))),
        ("Bijdragen", "contribution_view.detail", lambda c: contribution_view.detail(c["df"], c["df"]["id"].iloc[-1])),
        ("Tracker", "queries.tracker_table", tracker_rows),
        ("Tracker", "queries.export_table", lambda c: queries.export_table(store, c["version"])),
        ("Tracker", "queries.current_links (een suggestie)", lambda c: queries.current_links(
            store, one_suggestion(c))),
        ("Tracker", "queries.audit_log (een suggestie)", lambda c: queries.audit_log(
            store, one_suggestion(c))),
        ("Tracker", "flow.sankey + flow.coverage", lambda c: (
            flow.sankey(c["tracker"], c["version"]), flow.coverage(c["tracker"]))),
        ("Publiek", "public.public_contributions", public_rows),
        ("Publiek", "public_search.search", lambda c: public_search.search(c["public"], "lucht",
                                                             suggestions_only=True)),
        ("Publiek", "public_counts.theme_summary + summary_table", lambda c: public_counts.summary_table(
            public_counts.theme_summary(c["public"]))),
        ("Over", "about.documents_table", lambda c: about.documents_table(store.load_documents())),
    ]


def time_pages(store) -> list[dict]:
    """Seconds (wall and CPU) per page data function, first call after a cold start (no page
    cache). CPU seconds tell a slow function from a busy machine."""
    context: dict = {}
    rows = []
    for page, name, call in page_functions(store):
        wall, cpu = time.perf_counter(), time.process_time()
        call(context)
        rows.append({"page": page, "function": name, "s": round(time.perf_counter() - wall, 3),
                     "cpu_s": round(time.process_time() - cpu, 3)})
    return rows

