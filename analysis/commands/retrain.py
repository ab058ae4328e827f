"""`retrain`: retrain the theme model with the theme codes people set, and rescore (command line stage)."""
from __future__ import annotations

import argparse

from analysis.store.store import open_store
from analysis.tracker import learning

HELP = "Themamodel opnieuw trainen met de thema-codes van mensen en de bijdragen opnieuw scoren."


def add_arguments(p: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    result = learning.retrain(open_store(), "editor")
    print(f"Opnieuw getraind met {result['n_codes']} thema-codes van mensen; "
          f"{result['changed']} bijdragen kregen een ander hoofdthema van het model.")
    return 0
