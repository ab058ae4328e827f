"""`refit`: fit the discovery topics again on every stored contribution (command line stage).

An import puts new rows into the existing topics and keeps every number and name; this is the
explicit full refit, which may renumber and rename the topics.
"""
from __future__ import annotations

import argparse
import time

from analysis.core import dutch
from analysis.core.errors import InputError
from analysis.store import clusters
from analysis.store.store import open_store

HELP = "Onderwerpen (Verkennen) opnieuw berekenen over alle opgeslagen bijdragen."


def add_arguments(p: argparse.ArgumentParser) -> None:
    del p  # no options


def run(args: argparse.Namespace) -> int:
    store = open_store()
    if not store.is_initialised() or store.count() < 2:
        raise InputError("Er zijn nog te weinig bijdragen opgeslagen om onderwerpen te zoeken.")
    before = clusters.status(store)
    print(f"Onderwerpen opnieuw berekenen over {dutch.number(before.rows)} bijdragen "
          f"(duurt ongeveer {dutch.decimal(before.estimate_seconds, 0)} seconden)...")
    start = time.perf_counter()
    k = clusters.refresh(store)
    print(f"Klaar: {k} onderwerpen in {dutch.decimal(time.perf_counter() - start, 1)} seconden. "
          "Nummers en namen van de onderwerpen kunnen zijn veranderd.")
    return 0
