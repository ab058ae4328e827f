"""What a decision form starts from and what a save writes (tracker stage).

A form opens with the decision that is stored (own, or inherited from the original of a
near-duplicate), so changing one field and saving can never wipe the others. A save writes
only the fields the person changed: each member of a group keeps its own values for every
other field (an exception stays an exception), and a member whose decision would not change
is not written at all.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import pandas as pd

from analysis.tracker import vocabulary
from analysis.tracker.decisions import Decision


@dataclass(frozen=True)
class FormValues:
    """The form's fields, as the person sees them (status None: nothing chosen yet)."""

    status: str | None = None
    section: str | None = None
    public_explanation: str = ""
    internal_note: str = ""
    published: bool = False

    def changes(self, initial: FormValues) -> dict[str, object]:
        """Field -> new value, for the fields that differ from what the form opened with."""
        out = {}
        for f in fields(self):
            new, old = _norm(getattr(self, f.name)), _norm(getattr(initial, f.name))
            if new != old:
                out[f.name] = getattr(self, f.name)
        return out


def _norm(value: object) -> object:
    if isinstance(value, str):
        return value.strip() or None
    return value


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def is_decided(row: pd.Series | dict) -> bool:
    """A decision of its own, or one inherited from the original it duplicates."""
    own = int(row.get("row_version") or 0) > 0
    inherited = isinstance(row.get("decision_from"), str)
    return own or inherited


def of_decision(status: str, section: object, explanation: object, note: object,
                published: object) -> FormValues:
    """The form values of a stored decision's columns (missing texts empty; no section for a
    status outside the programme, as the decision is shown)."""
    section = section if isinstance(section, str) else None
    return FormValues(status, vocabulary.shown_section(status, section), _text(explanation),
                      _text(note), bool(published))


def stored(row: pd.Series | dict) -> FormValues:
    """The form values of a tracker-table row: its decision, or an empty form when undecided."""
    if not is_decided(row):
        return FormValues()
    return of_decision(row.get("status"), row.get("decided_section"), row.get("public_explanation"),
                       row.get("internal_note"), row.get("published"))


def group_items(group: pd.DataFrame, changes: dict[str, object]) -> list[tuple[str, Decision]]:
    """Per member of the group shown: its stored decision with the changed fields applied; members
    that would end up as they are (or without any status) are left out."""
    out = []
    for row in group.to_dict("records"):
        now = stored(row)
        new = FormValues(**{**now.__dict__, **changes})
        if new.status is None or (is_decided(row) and not new.changes(now)):
            continue
        out.append((row["id"], Decision(new.status, new.section, new.public_explanation,
                                        new.internal_note, new.published)))
    return out
