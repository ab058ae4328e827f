"""The standpunt classifier: the held-out split is never trained on and reaches the goal; cues
with negation, section priors; labels for people."""
from __future__ import annotations

from analysis.enrich import kernpunt_labels, standpunt
from analysis.enrich.evaluation import standpunt_heldout


def test_heldout_is_apart_and_good_enough():
    df = standpunt.labelled_set()
    held, train = df[df["split"] == "heldout"], df[df["split"] == "train"]
    assert len(df) >= 150 and len(held) >= 50
    assert not set(held["text"]) & set(train["text"])
    assert set(df["register"]) == {"werksessie", "raadpleging"}
    r = standpunt_heldout()
    assert r["accuracy"] >= 0.80 and set(r["f1"]) == set(standpunt.STANDPUNTEN)


def test_cues_negation_and_priors():
    f = standpunt.cue_features(["Goed dat dit erin staat", "Niet goed dat dit erin staat",
                                "Geen bezwaar tegen windmolens", "Waarom?", "Maak normen"],
                               ["antwoord", "antwoord", "antwoord", "zwak", "advies"])
    s, b, z, v = (standpunt.STANDPUNTEN.index(x) for x in ("steunt", "bezwaar", "zorg_vraag", "voorstel"))
    assert f[0, s] > 0 and f[0, b] == 0
    assert f[1, b] > 0 and f[1, s] == 0
    assert f[2, s] > 0
    assert f[3, 4] > 0 and f[3, 5 + z] > 0 and f[3, 5 + b] > 0
    assert f[4, v] > 0 and f[4, 5 + v] > 0
    assert standpunt.label("zorg_vraag") == "zorg of vraag"


def test_labels_read_as_phrases():
    assert kernpunt_labels.shorten("De overheid moet eindelijk normen voor PFAS sneller vaststellen, "
                                   "omdat kinderen kwetsbaar zijn.") == "Normen voor PFAS sneller vaststellen"
    assert kernpunt_labels.shorten("Ik maak me zorgen over het gebrek aan toezicht op de industrie.") == \
        "Zorgen over het gebrek aan toezicht op de industrie"
    assert kernpunt_labels.shorten("Maak het Nationaal Milieu Programma (NMP) samen met VWS") == \
        "Maak het Nationaal Milieu Programma samen met VWS"
