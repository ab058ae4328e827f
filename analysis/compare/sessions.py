"""One theme across the sessions and the consultation, side by side (compare stage).

The analyst asks "June vs November 2024 vs the consultation": so every session is named with
its date ("Werksessie 26 juni 2024 — Samen werken aan het NMP"), sessions come in date order,
sessions without a contribution in the theme are left out, and per session the table gives the
contributions in the theme, their share of the session, the theme's kernpunten, the standpunten
and the decisions of one concept version.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from analysis.core import config, dutch
from analysis.enrich import standpunt
from analysis.store import kernpunten as stored
from analysis.store.store import Store
from analysis.store.tables import kernpunt_members, kernpunten
from analysis.tracker import vocabulary
from analysis.views import tracker_view
from analysis.views.frame import SESSION, in_theme

SESSION_COLUMN = "Sessie"
SHARE = "_share"  # the share as a number (0..1), for the chart; the table shows it in Dutch
PLACED_COLUMNS = ["contribution_id", "kernpunt", "kernpunt_theme", "standpunt"]
_QUOTES = " '\"‘’“”"


def settings() -> dict:
    return config.data_toml("compare.toml")


def period(first: pd.Timestamp, last: pd.Timestamp) -> str:
    """'26 juni 2024'; a session over several days '5 juni – 14 juli 2023', '5 – 14 juni 2023'."""
    if first.date() == last.date():
        return dutch.day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} – {dutch.day(last)}"
    if first.year == last.year:
        return f"{first.day} {dutch.month_name(first.month)} – {dutch.day(last)}"
    return f"{dutch.day(first)} – {dutch.day(last)}"


def dated_name(name: str, when: str) -> str:
    """The session's name with its date (data/compare.toml [names]); unchanged without a date."""
    if not when:
        return name
    names = settings()["names"]
    for kind in sorted(names["kinds"], key=len, reverse=True):
        if name.lower().startswith(kind.lower()):
            rest = name[len(kind):].strip(_QUOTES)
            if any(ch.isalpha() for ch in rest):
                return names["with_rest"].format(kind=name[:len(kind)], period=when, rest=rest)
            break
    return names["plain"].format(name=name, period=when)


def dated_names(df: pd.DataFrame) -> dict[str, str]:
    """Session -> its dated name, in date order (by first day, then name; undated sessions last)."""
    frame = pd.DataFrame({"session": df[SESSION].astype(object),
                          "date": pd.to_datetime(df["date"], errors="coerce")}).dropna(subset=["session"])
    spans = frame.groupby("session")["date"].agg(["min", "max"])
    spans = spans.assign(name=spans.index).sort_values(["min", "name"], na_position="last")
    return {s: dated_name(s, period(r["min"], r["max"]) if pd.notna(r["min"]) else "")
            for s, r in spans.iterrows()}


def placements(store: Store) -> pd.DataFrame:
    """Every suggestion in a kernpunt that is not merged away: PLACED_COLUMNS (the kernpunt's
    theme beside the member's standpunt); empty before the first kernpunten refresh."""
    if not stored.has_tables(store):
        return pd.DataFrame(columns=PLACED_COLUMNS)
    query = (select(kernpunt_members.c.contribution_id, kernpunt_members.c.kernpunt_id.label("kernpunt"),
                    kernpunten.c.theme.label("kernpunt_theme"), kernpunt_members.c.standpunt)
             .join(kernpunten, kernpunten.c.id == kernpunt_members.c.kernpunt_id)
             .where(kernpunten.c.merged_into.is_(None)))
    with store.engine.connect() as conn:
        return pd.read_sql(query, conn)


def decisions(tracker_table: pd.DataFrame, public: bool = False) -> pd.Series:
    """Suggestion id -> status label in one concept version (the tracker's reading: a
    near-duplicate carries its original's decision; in public mode only published ones)."""
    beside = tracker_view.tracker_beside(tracker_table, public)
    return beside.set_index("id")[tracker_view.TRACKER_COLUMNS[0]]


def comparison(df: pd.DataFrame, theme_id: str, placed: pd.DataFrame | None = None,
               decided: pd.Series | None = None) -> pd.DataFrame:
    """One row per session with contributions in the theme, in date order: the dated name,
    counts per data/compare.toml [rows] (kernpunten and standpunten when `placed` is given,
    decisions when `decided` is), and SHARE. Rows whose count is zero in every session are left out."""
    rows = settings()["rows"]
    member = in_theme(df, theme_id)
    names = dated_names(df)
    counts = member.groupby(SESSION, observed=True).size()
    order = [s for s in names if counts.get(s, 0) > 0]
    out = pd.DataFrame({SESSION_COLUMN: [names[s] for s in order]}, index=pd.Index(order, dtype=object))
    out[rows["contributions"]] = counts.reindex(order).astype(int).to_numpy()
    out[rows["session_total"]] = df.groupby(SESSION, observed=True).size().reindex(order).astype(int).to_numpy()
    out[SHARE] = out[rows["contributions"]] / out[rows["session_total"]]
    keyed = pd.DataFrame({"id": member["id"].astype(str).to_numpy(), "session": member[SESSION].astype(object)})
    if placed is not None and len(placed):
        mine = keyed.merge(placed.assign(contribution_id=placed["contribution_id"].astype(str)),
                           left_on="id", right_on="contribution_id")
        own = mine[mine["kernpunt_theme"] == theme_id]
        if len(own):
            out[rows["kernpunten"]] = own.groupby("session")["kernpunt"].nunique().reindex(order, fill_value=0)
        said = pd.crosstab(mine["session"], mine["standpunt"]).reindex(index=order, fill_value=0)
        for key in standpunt.STANDPUNTEN:
            if key in said and said[key].sum():
                out[rows["standpunt"].format(label=standpunt.label(key))] = said[key]
    if decided is not None and len(decided):
        status = keyed.assign(status=keyed["id"].map(decided)).dropna(subset=["status"])
        done = pd.crosstab(status["session"], status["status"]).reindex(index=order, fill_value=0)
        for key in vocabulary.statuses():
            label = vocabulary.status_label(key)
            if label in done and done[label].sum():
                name = rows["undecided"] if key == "open" else rows["decision"].format(label=label)
                out[name] = done[label]
    return out.reset_index(drop=True)


def side_by_side(table: pd.DataFrame) -> pd.DataFrame:
    """The comparison as people read it: one column per session (dated, in date order), one row
    per measure, Dutch numbers and shares ("31,2 %")."""
    rows = settings()["rows"]
    measure = settings()["texts"]["measure"]
    counted = [c for c in table.columns if c not in (SESSION_COLUMN, SHARE)]
    shown = {c: table[c].map(dutch.number) for c in counted}
    at = counted.index(rows["session_total"]) + 1
    ordered = [*counted[:at], rows["share"], *counted[at:]]
    shown[rows["share"]] = table[SHARE].map(dutch.percent)
    out = pd.DataFrame([shown[c].tolist() for c in ordered], columns=table[SESSION_COLUMN].tolist())
    out.insert(0, measure, ordered)
    return out


def chart_data(table: pd.DataFrame) -> pd.DataFrame:
    """What the bar chart draws: dated session, share in %, the bar's label '31,2 % (51)'."""
    texts = settings()["texts"]
    contributions = settings()["rows"]["contributions"]
    return pd.DataFrame({
        SESSION_COLUMN: table[SESSION_COLUMN], texts["axis"]: (table[SHARE] * 100).round(1),
        "Label": [texts["bar"].format(share=dutch.percent(s), count=dutch.number(n))
                  for s, n in zip(table[SHARE], table[contributions])]})


def summary(table: pd.DataFrame, theme: str) -> str:
    """One sentence: the session where the theme had its largest share."""
    texts = settings()["texts"]
    if table.empty:
        return texts["none"]
    peak = table.loc[table[SHARE].idxmax()]
    return texts["peak"].format(theme=theme, session=peak[SESSION_COLUMN], share=dutch.percent(peak[SHARE]))


def explanation(version_name: str = "") -> str:
    """What the table counts (data/compare.toml [texts]); which concept version's decisions."""
    texts = settings()["texts"]
    return texts["explained"] + (" " + texts["decisions_from"].format(version=version_name) if version_name else "")
