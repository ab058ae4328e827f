"""`publish --version V --out DIR`: the static public site (command line stage)."""
from __future__ import annotations

import argparse
from pathlib import Path

from sqlalchemy.exc import OperationalError

from analysis.core import dutch
from analysis.core.errors import InputError
from analysis.publish import site
from analysis.store.store import Store, open_store

HELP = ("De openbare site schrijven: gewone HTML-pagina's per bijeenkomst en per thema, zoeken "
        "en de verslagen als download; vervangt een eerder gepubliceerde site in één keer.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--version", required=True, help="conceptversie-id, bijvoorbeeld v4")
    p.add_argument("--out", required=True, help="map van de site (leeg, nieuw of een eerder gepubliceerde site)")


def _store() -> Store:
    """The store, read-only; a missing or empty one is a plain refusal, not a traceback."""
    store = open_store(read_only=True)
    try:
        ready = store.is_initialised()
    except OperationalError:
        ready = False
    if not ready:
        raise InputError("Er zijn nog geen bijdragen opgeslagen; lees eerst bijdragen in "
                         "(python -m analysis ingest). Er is niets gepubliceerd.")
    return store


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    done = site.build(_store(), args.version, out)
    facts = "; ".join(f"{k.lower()} {v}" for k, v in done.counts.items())
    print(f"site gepubliceerd ({done.version_name}): {dutch.number(len(done.pages))} pagina's, "
          f"{dutch.number(done.indexed)} doorzoekbaar; {facts} -> {out}")
    return 0
