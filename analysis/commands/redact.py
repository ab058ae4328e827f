"""`redact --refresh`: recompute the stored public texts with the current redaction rules,
keeping the editors' checks (command line stage)."""
from __future__ import annotations

import argparse

from analysis.core import dutch
from analysis.core.errors import InputError
from analysis.store import public_texts
from analysis.store.store import open_store

HELP = ("Openbare teksten opnieuw afschermen met de huidige regels (data/privacy.toml, Deduce); "
        "handmatige afschermingen en 'niet publiceren' blijven staan.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--refresh", action="store_true", help="alle opgeslagen openbare teksten opnieuw berekenen")


def run(args: argparse.Namespace) -> int:
    if not args.refresh:
        raise InputError("Geef --refresh om de openbare teksten opnieuw te berekenen.")
    store = open_store()
    if not store.count():
        raise InputError("De opslag is leeg; lees eerst gegevens in met `python -m analysis ingest`.")
    was = public_texts.stored_fingerprint(store)
    log = public_texts.refresh(store)
    changed = "regels gewijzigd" if was != public_texts.fingerprint() else "regels ongewijzigd"
    print(f"{dutch.number(store.count())} bijdragen opnieuw afgeschermd ({changed}); "
          f"{dutch.number(int(log['n'].sum()) if len(log) else 0)} persoonsgegevens vervangen.")
    return 0
