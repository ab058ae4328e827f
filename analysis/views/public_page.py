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
    """'Opgenomen in: NMP conceptversie 4, §6.2.2 Stapeling van effecten', only for a decision
    that puts the input in the programme (verwerkt, deels verwerkt); empty otherwise ("al in
    beleid" and "niet verwerkt" are not in the programme text)."""
    if _text(row.status) not in vocabulary.in_programme() or not _text(row.concept_version_name):
        return ""
    where = ", ".join(p for p in (_text(row.concept_version_name), _text(row.concept_section)) if p)
    return f"Opgenomen in: {where}"


def similar(row) -> str:
    """'Dit idee brachten nog 2 anderen (bijna) zo in; het besluit geldt voor allemaal.'"""
    n = int(getattr(row, "n_similar", 0) or 0)
    if not n:
        return ""
    who = "nog 1 ander" if n == 1 else f"nog {dutch.number(n)} anderen"
    return f"Dit idee brachten {who} (bijna) zo in; het besluit geldt voor allemaal."


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


def months(df: pd.DataFrame) -> list[str]:
    """The months ('2024-06') in which the public input was given, in order."""
    days = pd.to_datetime(df["date"], errors="coerce").dropna()
    return sorted(days.dt.strftime("%Y-%m").unique())


def month_label(month: str) -> str:
    """'juni 2024' for '2024-06'."""
    year, number = month.split("-")
    return f"{dutch.month_name(int(number))} {year}"
