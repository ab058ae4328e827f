"""`trace --out LINKS.csv`: proposed and reviewed suggestion -> concept-version links (command line stage)."""
from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from analysis.store.store import open_store
from analysis.tracker.links import refresh_links
from analysis.tracker.queries import current_links, suggestions
from analysis.views.export import write_table

HELP = ("Koppelingen van suggesties aan secties van conceptversies (voorgesteld, bevestigd, "
        "afgewezen) naar CSV of XLSX.")

COLUMNS = ["suggestion_id", "suggestion_text", "version", "section", "evidence", "score",
           "state", "rank", "reviewed_by", "reviewed_at"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, help="uitvoer, .csv of .xlsx")
    p.add_argument("--recompute", action="store_true",
                   help="voorstellen eerst opnieuw berekenen (anders de opgeslagen voorstellen)")


def links_table(store) -> pd.DataFrame:
    """Every link with the suggestion's text, in COLUMNS order."""
    links = current_links(store)
    if links.empty:
        return pd.DataFrame(columns=COLUMNS)
    links["suggestion_text"] = links["suggestion_id"].map(suggestions(store).set_index("id")["text"])
    return links.sort_values(["suggestion_id", "version", "rank"], na_position="last")[COLUMNS]


def run(args: argparse.Namespace) -> int:
    store = open_store()
    if args.recompute:
        refresh_links(store)
    table = links_table(store)
    write_table(table, Path(args.out))
    print(f"{len(table)} koppelingen -> {args.out}")
    return 0
