"""One theme by respondent group (provincie, leeftijdsgroep, rol, any metadata field in the
store), with the groups that are too small to say anything about and the under-heard ones
marked (compare stage).

People count, not contributions: a respondent who gave five answers in the theme counts once.
The rule (data/compare.toml [breakdown], written out on the page by rule()): a group with fewer
than `min_group` respondents in the theme is small; a group is under-heard when its share of the
theme's respondents is below `under_factor` times its share of all respondents who filled in
the field, judged only for groups with at least `min_group` respondents overall and when the
theme has at least `min_group` such respondents.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.core import config, dutch
from analysis.views.frame import in_theme

THEME_PEOPLE, THEME_ROWS, THEME_SHARE = "theme_people", "theme_contributions", "theme_share"
ALL_PEOPLE, ALL_SHARE, SMALL, UNDER = "all_people", "all_share", "small", "under"


def settings() -> dict:
    return config.data_toml("compare.toml")["breakdown"]


@dataclass(frozen=True)
class Breakdown:
    """Per group (index: the group's value) the counts, shares and flags (columns named above)."""

    field: str           # the metadata column
    label: str           # its Dutch label
    groups: pd.DataFrame
    theme_people: int    # respondents in the theme with the field filled in

    def judged(self) -> bool:
        """Whether the theme has enough respondents to compare groups at all."""
        return self.theme_people >= int(settings()["min_group"])


def _people(df: pd.DataFrame) -> pd.Series:
    """Who gave a row: its respondent, else the row itself (one unknown person per row)."""
    return df["respondent_id"].astype(object).where(df["respondent_id"].notna(), "rij:" + df["id"].astype(str))


def breakdown(df: pd.DataFrame, theme_id: str, field: str, label: str) -> Breakdown:
    """The theme's respondents per value of `field`, beside all respondents of that field;
    groups present overall but absent from the theme are kept (0): the least heard of all."""
    spec = settings()
    minimum, factor = int(spec["min_group"]), float(spec["under_factor"])
    known = df[df[field].notna()]
    member = in_theme(known, theme_id)
    everyone = known.assign(who=_people(known)).drop_duplicates([field, "who"])[field].value_counts()
    here = member.assign(who=_people(member)).drop_duplicates([field, "who"])[field].value_counts()
    groups = pd.DataFrame({ALL_PEOPLE: everyone.astype(int)})
    groups[THEME_PEOPLE] = here.reindex(groups.index, fill_value=0).astype(int)
    groups[THEME_ROWS] = member[field].value_counts().reindex(groups.index, fill_value=0).astype(int)
    theme_total = int(groups[THEME_PEOPLE].sum())
    groups[THEME_SHARE] = groups[THEME_PEOPLE] / theme_total if theme_total else 0.0
    groups[ALL_SHARE] = groups[ALL_PEOPLE] / max(int(groups[ALL_PEOPLE].sum()), 1)
    groups[SMALL] = groups[THEME_PEOPLE] < minimum
    groups[UNDER] = ((theme_total >= minimum) & (groups[ALL_PEOPLE] >= minimum)
                     & (groups[THEME_SHARE] < factor * groups[ALL_SHARE]))
    groups = groups.rename_axis(field).reset_index()
    groups = groups.sort_values([ALL_PEOPLE, field], ascending=[False, True]).set_index(field)
    return Breakdown(field, label, groups, theme_total)


def table(b: Breakdown) -> pd.DataFrame:
    """The breakdown as people read it: Dutch numbers and shares, a 'Let op' column."""
    columns, texts = settings()["columns"], settings()["texts"]
    minimum = int(settings()["min_group"])
    g = b.groups
    notes = [", ".join(n for n, on in ((texts["small"].format(n=minimum), small), (texts["under"], under)) if on)
             for small, under in zip(g[SMALL], g[UNDER])]
    return pd.DataFrame({
        columns["group"].format(field=b.label): g.index.astype(str),
        columns["theme_people"]: g[THEME_PEOPLE].map(dutch.number),
        columns["theme_contributions"]: g[THEME_ROWS].map(dutch.number),
        columns["theme_share"]: g[THEME_SHARE].map(dutch.percent),
        columns["all_people"]: g[ALL_PEOPLE].map(dutch.number),
        columns["all_share"]: g[ALL_SHARE].map(dutch.percent),
        columns["note"]: notes,
    }).reset_index(drop=True)


def rule(b: Breakdown) -> str:
    """The rule behind the marks, in Dutch (shown on the page)."""
    spec = settings()
    return spec["texts"]["rule"].format(factor=dutch.percent(float(spec["under_factor"]), 0),
                                        field=b.label, n=int(spec["min_group"]))


def heard(b: Breakdown) -> str:
    """Which groups are under-heard in the theme, in one sentence; or why nothing can be said."""
    texts, minimum = settings()["texts"], int(settings()["min_group"])
    if not b.theme_people:
        return texts["none"].format(field=b.label)
    if not b.judged():
        return texts["too_few"].format(n=minimum)
    under = b.groups[b.groups[UNDER]]
    if under.empty:
        return texts["under_none"]
    return texts["under_found"].format(groups="; ".join(
        texts["under_group"].format(group=name, theme_share=dutch.percent(r[THEME_SHARE]),
                                    all_share=dutch.percent(r[ALL_SHARE])) for name, r in under.iterrows()))


def warning(b: Breakdown) -> str:
    """The groups too small to say anything about (n < min_group), in one sentence; '' when none."""
    texts, minimum = settings()["texts"], int(settings()["min_group"])
    small = b.groups[b.groups[SMALL]]
    if small.empty or not b.theme_people:
        return ""
    return texts["small_found"].format(n=minimum, groups=", ".join(
        f"{name} ({dutch.number(n)})" for name, n in small[THEME_PEOPLE].items()))


def chart_data(b: Breakdown) -> pd.DataFrame:
    """Long table for the paired bars: group, which share, the share in % and its Dutch label."""
    columns, axis = settings()["columns"], settings()["texts"]["axis"]
    g = b.groups
    parts = [pd.DataFrame({"Groep": g.index.astype(str), "Reeks": columns[col], axis: (g[col] * 100).round(1),
                           "Label": g[col].map(dutch.percent)}) for col in (THEME_SHARE, ALL_SHARE)]
    return pd.concat(parts, ignore_index=True)
