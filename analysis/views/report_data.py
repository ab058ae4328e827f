"""What a terugkoppeling / nota van antwoord says, as plain data: counts, quotes and decisions
per theme for one session (or all) and one concept version (views stage).

The public variant reads only through analysis.views.public (redacted texts, published
decisions, no internal notes or who decided); the internal variant reads the store and the
tracker's current decisions, published or not. analysis.views.report writes the DOCX.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd

from analysis.core import config, dutch, files, schema
from analysis.core.errors import InputError
from analysis.store import public_texts
from analysis.store.store import Store
from analysis.tracker import concept_versions, queries, vocabulary
from analysis.views import consent, frame, public, report_kernpunten

ALL = "alle"


def texts() -> dict:
    return config.data_toml("report.toml")


@dataclass
class Group:
    """One suggestion, or a group of near-duplicates, with what was decided (or not yet)."""

    text: str
    n: int
    status: str = "open"
    status_label: str = ""
    section: str = ""
    explanation: str = ""
    published: bool = False
    note: str = ""
    actor: str = ""
    moment: str = ""


@dataclass
class ThemeBlock:
    theme: str
    label: str
    contributions: int
    suggestions: int
    kernpunten: list[report_kernpunten.KernpuntBlock] = field(default_factory=list)
    decided: list[Group] = field(default_factory=list)
    undecided: list[Group] = field(default_factory=list)

    @property
    def open(self) -> int:
        return sum(g.n for g in self.undecided)


@dataclass
class ReportData:
    event: str
    event_label: str
    events: list[str]
    dates: str
    version_id: str
    version_name: str
    internal: bool
    made_at: datetime
    contributions: int
    suggestions: int
    decided: int
    themes: list[ThemeBlock]
    overview: pd.DataFrame
    next_decision: str = ""

    @property
    def undecided(self) -> int:
        return self.suggestions - self.decided


def events(store: Store) -> list[str]:
    """The sessions and consultations in the store, in date order."""
    df = store.load_contributions(["event", "date"]).dropna(subset=["event"])
    return list(dict.fromkeys(df.sort_values(["date", "event"])["event"].tolist()))


def file_name(store: Store, event: str, version_id: str, internal: bool = False) -> str:
    """The report's file name as people read it: kind, session, its day, concept version
    ("terugkoppeling-werksessie-samen-werken-aan-het-nmp-26-juni-2024-nmp-conceptversie-4.docx"),
    never a raw id; '-intern' for the internal variant."""
    titles = texts()["titles"]
    parts = [titles["kind_all"] if event == ALL else titles["kind_session"]]
    if event != ALL:
        rows = store.load_contributions(["event", "date"])
        days = rows.loc[rows["event"] == event, "date"].dropna().unique()
        day = dutch.day(days[0]) if len(days) == 1 else ""
        parts += [event, day if day.casefold() not in event.casefold() else ""]
    parts.append(_version(store, version_id).name)
    return files.clean_name(*parts, "intern" if internal else "", suffix=".docx")


def _version(store: Store, version_id: str):
    for v in concept_versions.load_versions(store):
        if v.id == version_id:
            return v
    known = ", ".join(v.id for v in concept_versions.load_versions(store))
    raise InputError(f"Onbekende conceptversie '{version_id}'; bekend: {known}.")


def _section_names(version) -> dict[str, str]:
    return {s.number: s.name for s in version.sections}


def _decisions(store: Store, version_id: str, internal: bool) -> tuple[pd.DataFrame, set[str]]:
    """The decisions the report prints (suggestion_id, status, section, public_explanation,
    published, internal_note, actor, at; 'open' left out), and the ids that have a decision of
    their own in this version (published or not: those never inherit an original's)."""
    if internal:
        d = queries.current_decisions(store)
        d = d[d["concept_version"] == version_id]
        own = set(d["suggestion_id"])
    else:
        d = public.version_decisions(store, version_id).assign(published=True)
        own = public.own_decision_ids(store, version_id)
    cols = ["suggestion_id", "status", "section", "public_explanation", "published",
            "internal_note", "actor", "at"]
    d = d.reindex(columns=cols)
    return d[d["status"].notna() & d["status"].ne("open")].reset_index(drop=True), own


def _dates(df: pd.DataFrame) -> str:
    days = pd.to_datetime(df["date"], errors="coerce").dropna()
    if days.empty:
        return ""
    lo, hi = dutch.day(days.min()), dutch.day(days.max())
    return lo if lo == hi else f"{lo} tot en met {hi}"


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _keys(sugg: pd.DataFrame, d: pd.DataFrame, own: set[str] | None) -> pd.Series:
    """Per suggestion the id whose decision it shows (its own, else its original's; see _groups)."""
    own = set(d.index) if own is None else own
    has_own = sugg["id"].isin(own)
    key = sugg["id"].where(has_own & sugg["id"].isin(d.index))
    return key.fillna(sugg["duplicate_of"].where(~has_own & sugg["duplicate_of"].isin(d.index)))


def _by_kernpunt(store: Store, scope: report_kernpunten.Scope, sugg: pd.DataFrame, decided: pd.DataFrame,
                 own: set[str], internal: bool) -> tuple[list[report_kernpunten.KernpuntBlock], set[str]]:
    """The decided kernpunten of these suggestions (most members first) and the suggestions they
    answer: members showing the kernpunt's decision, and exceptions (listed under it)."""
    d = decided.set_index("suggestion_id")
    key = _keys(sugg, d, own)
    m = scope.members.set_index("contribution_id")
    kp = sugg["id"].map(m["kernpunt_id"])
    quotable = set(sugg.loc[~consent.withheld(sugg), "id"])
    out, covered = [], set()
    for k in kp[kp.isin(scope.decisions.index)].value_counts().index:
        here = sugg[kp == k]
        row = scope.decisions.loc[k]
        target = report_kernpunten.said(scope, row["status"], row["section"], row["public_explanation"])
        shown = [report_kernpunten.said(scope, *d.loc[i, ["status", "section", "public_explanation"]])
                 if isinstance(i, str) else None for i in key[here.index]]
        decided_here = [s is not None for s in shown]
        differs = here[[s is not None and s != target for s in shown]]
        blk = report_kernpunten.block(store, scope, int(k), m.loc[here["id"]], quotable)
        blk.exceptions = _groups(differs, decided, scope.sections, internal, own)[0]
        out.append(blk)
        covered |= set(here.loc[decided_here, "id"])
    return out, covered


def _groups(sugg: pd.DataFrame, decided: pd.DataFrame, sections: dict[str, str],
            internal: bool, own: set[str] | None = None) -> tuple[list[Group], list[Group]]:
    """Near-duplicates follow the decision of the suggestion they duplicate unless they have their
    own (`own`: ids with any decision row in this version, published or not, even 'open'; default
    the ids in `decided`). So in the public variant a near-duplicate whose own decision is not
    published has no published decision, rather than its original's. Suggestions with the same
    original and the same decision are one group."""
    d = decided.set_index("suggestion_id")
    root = sugg["duplicate_of"].fillna(sugg["id"])
    key = _keys(sugg, d, own)
    out_dec: dict[tuple, Group] = {}
    out_open: dict[str, Group] = {}
    cfg = texts()["text"]
    for (_, row), r, k in zip(sugg.iterrows(), root, key):
        if isinstance(k, str):
            dec = d.loc[k]
            sec = _text(vocabulary.shown_section(dec["status"], _text(dec["section"])))
            explanation = _text(dec["public_explanation"])
            gkey = (r, dec["status"], sec, explanation)
            if gkey in out_dec:
                out_dec[gkey].n += 1
                continue
            out_dec[gkey] = Group(
                _text(row["text"]), 1, dec["status"], vocabulary.status_label(dec["status"]),
                sections.get(sec, f"§{sec}") if sec else cfg["no_section"],
                explanation, bool(dec["published"]),
                _text(dec["internal_note"]) if internal else "",
                _text(dec["actor"]) if internal else "",
                dutch.moment(dec["at"]) if internal else "")
        elif r in out_open:
            out_open[r].n += 1
        else:
            out_open[r] = Group(_text(row["text"]), 1)
    order = {s: i for i, s in enumerate(vocabulary.statuses())}
    decided_groups = sorted(out_dec.values(), key=lambda g: (order.get(g.status, 99), g.section, g.text))
    return decided_groups, list(out_open.values())


def build(store: Store, event: str, version_id: str, internal: bool = False) -> ReportData:
    """Everything the report prints; InputError for an unknown session or concept version."""
    version = _version(store, version_id)
    known = events(store)
    if event != ALL and event not in known:
        choices = ", ".join(f"'{e}'" for e in [ALL, *known])
        raise InputError(f"Onbekende bijeenkomst '{event}'; kies uit: {choices}.")
    df = store.load_contributions(masked=public_texts.INTERNAL) if internal else public.public_frame(store)
    df = df if event == ALL else df[df["event"] == event]
    df = df.reset_index(drop=True)
    decided, own = _decisions(store, version_id, internal)
    sections = _section_names(version)
    cfg = texts()
    df["theme"] = df["theme"].fillna(schema.UNCERTAIN_THEME)
    is_sugg = df["section"].isin(schema.SUGGESTION_SECTIONS)
    order = [*frame.theme_labels(), schema.UNCERTAIN_THEME]
    blocks, rows, n_decided = [], [], 0
    statuses = [s for s in vocabulary.statuses() if s != "open"]
    scope = report_kernpunten.load(store, version.id, version.name, sections, internal)
    for theme in order:
        part = df[df["theme"] == theme]
        if part.empty:
            continue
        sugg = part[is_sugg[part.index]]
        kernpunten, covered = _by_kernpunt(store, scope, sugg, decided, own, internal)
        dec_groups, open_groups = _groups(sugg[~sugg["id"].isin(covered)], decided, sections, internal, own)
        block = ThemeBlock(theme, frame.theme_label(theme), len(part), len(sugg), kernpunten,
                           dec_groups, open_groups)
        blocks.append(block)
        row = {cfg["columns"]["theme"]: block.label, cfg["columns"]["contributions"]: len(part),
               cfg["columns"]["suggestions"]: len(sugg)}
        shown = _keys(sugg, decided.set_index("suggestion_id"), own).map(decided.set_index("suggestion_id")["status"])
        for s in statuses:
            row[vocabulary.status_label(s)] = int(shown.eq(s).sum())
        decided_here = int(shown.notna().sum())
        row[cfg["columns"]["no_decision"]] = len(sugg) - decided_here
        n_decided += decided_here
        rows.append(row)
    overview = pd.DataFrame(rows, columns=[cfg["columns"][c] for c in ("theme", "contributions", "suggestions")]
                            + [vocabulary.status_label(s) for s in statuses] + [cfg["columns"]["no_decision"]])
    present = [e for e in known if event == ALL or e == event]
    return ReportData(event, cfg["titles"]["all_events"] if event == ALL else event, present,
                      _dates(df), version.id, version.name, internal, dutch.local(datetime.now(UTC)).to_pydatetime(),
                      len(df), int(is_sugg.sum()), n_decided, blocks, overview, public.expected(store))
