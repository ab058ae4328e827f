"""A store with a fictional consultation full of planted personal data, and decisions with
internal notes: what the public must never see. Shared by test_public.py and the browser test.

Import as `from planted import ...` (pytest puts tests/ on sys.path).
"""
from __future__ import annotations

import re
from pathlib import Path

from analysis.devtools.generator import generate_raadpleging
from analysis.ingest.pipeline import ingest_paths
from analysis.store.store import Store
from analysis.tracker import decisions

# What a participant wrote; the search word finds it, the rest must never be shown.
FIND_WORD = "zonnebloemenveld"
PLANTED = {
    "naam": "Wilhelmina Zonnebloem",
    "email": "w.zonnebloem@voorbeeld-mail.nl",
    "telefoon": "06-98765432",
    "adres": "2511 CV 17",
    "bsn": "123456782",
}
ANSWER = (f"Maak van het braakliggende terrein een {FIND_WORD} voor bijen. Mijn naam is "
          f"{PLANTED['naam']}, mail {PLANTED['email']} of bel {PLANTED['telefoon']}. Ik woon op "
          f"{PLANTED['adres']}. Mijn BSN is {PLANTED['bsn']}.")
INTERNAL_NOTE = "INTERNE-NOTITIE-7731 bel de wethouder"
UNPUBLISHED = "ONGEPUBLICEERDE-UITLEG-4411"
WITHDRAWN = "INGETROKKEN-UITLEG-5522"
EXPLANATION_EMAIL = "contact.planted@example.org"
SECRETS = [*PLANTED.values(), INTERNAL_NOTE, UNPUBLISHED, WITHDRAWN, EXPLANATION_EMAIL, "R0000"]


def build_planted_store(tmp: Path) -> Store:
    """The planted consultation in a new SQLite store under tmp, with three kinds of decisions:
    published (explanation with an e-mail address), unpublished, and withdrawn."""
    export = generate_raadpleging(30, seed=3, personal_data_rate=1.0)
    question = [c for c in export.columns if c.startswith("Wat moet de overheid")][0]
    export.loc[0, question] = ANSWER
    csv = tmp / "raadpleging-fictief-geplant.csv"
    export.to_csv(csv, index=False)
    store = Store(url=f"sqlite:///{tmp / 'store.sqlite'}")
    ingest_paths(store, [csv])
    df = store.load_contributions()
    mine = df.loc[df["text"].str.contains(FIND_WORD), "id"].iloc[0]
    others = df.loc[df["section"].eq("antwoord") & ~df["id"].eq(mine), "id"].tolist()
    role, actor = "editor", "test@minienw.example"
    decisions.save_decision(store, mine, "v4", decisions.Decision(
        "verwerkt", "6.2.2", f"Opgenomen in de paragraaf over stapeling. Vragen: {EXPLANATION_EMAIL}",
        INTERNAL_NOTE, published=True), 0, actor, role)
    decisions.save_decision(store, others[0], "v4", decisions.Decision(
        "niet_verwerkt", None, UNPUBLISHED, INTERNAL_NOTE, published=False), 0, actor, role)
    decisions.save_decision(store, others[1], "v4", decisions.Decision(
        "al_in_beleid", None, WITHDRAWN, INTERNAL_NOTE, published=True), 0, actor, role)
    decisions.save_decision(store, others[1], "v4", decisions.Decision(
        "al_in_beleid", None, WITHDRAWN, INTERNAL_NOTE, published=False), 1, actor, role)
    return store


def leaks(text: str) -> list[str]:
    found = [s for s in SECRETS if s in text]
    found += re.findall(r"[\w.]+@(?:example|voorbeeld)[\w.-]*", text)
    return found
