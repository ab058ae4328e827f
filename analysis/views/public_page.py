"""The sentences of the public page "Wat is er met uw input gedaan?" (views stage).

The page draws them with st.text / st.write; the words come from here so they are tested
without Streamlit and read the same everywhere.
"""
from __future__ import annotations

import pandas as pd

from analysis.core import config, dutch, labels
from analysis.tracker import vocabulary


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def search_placeholder() -> str:
    """'bijvoorbeeld: stapeling gezondheid' (data/public.toml search_example)."""
    return f"bijvoorbeeld: {config.data_toml('public.toml')['search_example']}"


def found_heading(n: int) -> str:
    return f"{dutch.number(n)} {'bijdrage' if n == 1 else 'bijdragen'} gevonden"


def origin(row) -> str:
    """'Werksessie · Werksessie ... · 26 juni 2024': where and when a contribution was made."""
    parts = (labels.source_label(row.source_type), row.event, dutch.day(row.date) if _text(row.date) else "")
    return " · ".join(str(v) for v in parts if isinstance(v, str) and v)


def placement(row) -> str:
    """'Opgenomen in: conceptversie v4 §6.2.2', or empty when it is not in a concept version
    (no decision, or a status that means "not in the programme")."""
    if not _text(row.concept_version) or _text(row.status) in vocabulary.not_in_programme():
        return ""
    return f"Opgenomen in: conceptversie {row.concept_version} {_text(row.concept_section)}".strip()


def theme_sentence(row) -> str:
    """'U zei: 12 ideeën ... Wij deden: 3 verwerkt; 9 nog zonder besluit.' for one theme."""
    statuses = [s for s in vocabulary.statuses() if s != "open"]
    done = "; ".join(f"{dutch.number(getattr(row, s))} {vocabulary.status_label(s).lower()}"
                     for s in statuses if getattr(row, s))
    waiting = row.suggesties - row.besloten
    rest = f"; {dutch.number(waiting)} nog zonder besluit" if waiting and done else ""
    return (f"**U zei:** {dutch.number(row.suggesties)} ideeën en verbeterpunten.  \n"
            f"**Wij deden:** {done or 'nog geen besluiten openbaar'}{rest}.")


def summary_sentence(table: pd.DataFrame, summary: pd.DataFrame) -> str:
    """The text alternative of the 'besluiten per thema' chart."""
    most = table.sort_values("Ideeën", ascending=False).iloc[0]
    return (f"Het thema met de meeste ideeën is '{most['Thema']}' "
            f"({dutch.number(int(most['Ideeën']))}). In totaal zijn "
            f"{dutch.number(int(summary['besloten'].sum()))} van "
            f"{dutch.number(int(summary['suggesties'].sum()))} ideeën besloten.")
