"""What the static site says, as plain data read from the public read model (publish stage).

Everything comes from analysis.views.public (public columns, published decisions, redacted
text), the sentences of analysis.views.public_page and, for the counts per session and in
total, the terugkoppeling / nota data of analysis.views.report_data, so the site, the page
and the documents say the same. Nothing here reads the store's tables.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis.core import dutch, labels
from analysis.publish import names
from analysis.store.store import Store
from analysis.views import frame, public, public_counts, public_page, report_data


@dataclass(frozen=True)
class Item:
    """One contribution as a participant reads it: text, what kind, what was decided (the page
    it is on names the session or theme)."""

    text: str
    kind: str
    status: str
    status_explanation: str
    placement: str
    explanation: str
    fictional: bool
    similar: str = ""


@dataclass(frozen=True)
class Group:
    """Items under one heading (an onderwerp, a question or a session); anchor for links."""

    heading: str
    anchor: str
    items: list[Item]


@dataclass
class SessionPage:
    name: str
    file: str
    source: str
    dates: str
    contributions: int
    suggestions: int
    decided: int
    groups: list[Group]
    document: str = ""

    @property
    def summary(self) -> str:
        """'108 bijdragen, 54 ideeën en verbeterpunten, 3 met een openbaar besluit'."""
        return (f"{dutch.count(self.contributions, 'bijdrage', 'bijdragen')}, "
                f"{_ideas(self.suggestions)}, {dutch.number(self.decided)} met een openbaar besluit")


@dataclass
class ThemePage:
    label: str
    file: str
    sentence: str
    suggestions: int
    groups: list[Group]


@dataclass
class Site:
    """The whole public truth of one concept version, ready for the templates."""

    version_name: str
    contributions: int
    suggestions: int
    decided: int
    fictional: int
    sessions: list[SessionPage] = field(default_factory=list)
    themes: list[ThemePage] = field(default_factory=list)
    nota: str = ""
    reports: dict[str, report_data.ReportData] = field(default_factory=dict)

    @property
    def totals(self) -> str:
        """The counts of the nota van antwoord (per suggestion, not per theme), in one sentence."""
        return (f"In totaal {dutch.count(self.contributions, 'bijdrage', 'bijdragen')} uit "
                f"{dutch.count(len(self.sessions), 'bijeenkomst of raadpleging', 'bijeenkomsten en raadplegingen')}: "
                f"{_ideas(self.suggestions)}, waarvan {dutch.number(self.decided)} met een openbaar besluit.")


def _ideas(n: int) -> str:
    return dutch.count(n, "idee of verbeterpunt", "ideeën en verbeterpunten")


def _str(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def item(row) -> Item:
    """A row of public.public_contributions() in the words of the public page."""
    return Item(_str(row.text), labels.section_label(_str(row.section)),
                _str(row.status_label), _str(row.status_explanation), public_page.placement(row),
                _str(row.public_explanation), row.is_fictional is True, public_page.similar(row))


def _groups(df: pd.DataFrame, by: pd.Series, other: str) -> list[Group]:
    """df's rows as items under the values of `by` (in order of appearance; empty: `other`); a
    near-duplicate folded into its original is shown with it, not again."""
    if "folded" in df.columns:
        keep = ~df["folded"].fillna(False).astype(bool)
        df, by = df[keep], by[keep]
    heads = by.fillna("").astype(str).str.strip().replace("", other)
    out, anchors = [], names.Unique()
    for head, part in df.groupby(heads.to_numpy(), sort=False):
        out.append(Group(head, anchors.slug(head), [item(r) for r in part.itertuples()]))
    return out


def _session(df: pd.DataFrame, data: report_data.ReportData, file: str, document: str,
             other: str) -> SessionPage:
    rows = df[df["event"] == data.event]
    source = labels.source_label(_str(rows["source_type"].iloc[0])) if len(rows) else ""
    heading = rows["topic"].where(rows["topic"].fillna("").str.strip().ne(""), rows["question"])
    return SessionPage(data.event, file, source, data.dates, data.contributions, data.suggestions,
                       data.decided, _groups(rows, heading, other), document)


def _theme(df: pd.DataFrame, summary_row, file: str, other: str) -> ThemePage:
    rows = public_counts.in_theme(df, summary_row.theme)
    return ThemePage(frame.theme_label(summary_row.theme), file, public_page.theme_sentence(summary_row),
                     int(summary_row.suggesties), _groups(rows, rows["event"], other))


def build(store: Store, version: str, paths: dict, other: str) -> Site:
    """The site's content for concept version `version`; InputError (from the report data) for
    an unknown version. `paths` is data/site/publish.toml [paths]."""
    nota = report_data.build(store, report_data.ALL, version)
    df = public.public_contributions(store)
    site = Site(nota.version_name, nota.contributions, nota.suggestions, nota.decided,
                int(df["is_fictional"].fillna(False).sum()))
    site.nota = f"{paths['documents']}/{paths['nota'].format(name=names.slug(nota.version_name))}"
    site.reports[site.nota] = nota
    files = names.Unique()
    for event in nota.events:
        data = report_data.build(store, event, version)
        base = files.slug(event)
        document = f"{paths['documents']}/{paths['session_report'].format(name=base)}"
        site.reports[document] = data
        site.sessions.append(_session(df, data, f"{paths['sessions']}/{base}.html", document, other))
    for row in public_counts.theme_summary(df).itertuples():
        file = f"{paths['themes']}/{files.slug(frame.theme_label(row.theme))}.html"
        site.themes.append(_theme(df, row, file, other))
    return site


def counts(site: Site) -> dict[str, str]:
    """What will be published, in Dutch, for the preview and the command line."""
    return {"Bijdragen": dutch.number(site.contributions),
            "Ideeën en verbeterpunten": dutch.number(site.suggestions),
            "Met een openbaar besluit": dutch.number(site.decided),
            "Bijeenkomsten en raadplegingen": dutch.number(len(site.sessions)),
            "Thema's": dutch.number(len(site.themes)),
            "Documenten": dutch.number(len(site.reports))}
