"""The labelled set for link proposals: it matches the reports, keeps a third apart, and is met."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.enrich import labelled
from analysis.tracker import evaluation


@pytest.fixture(scope="module")
def accuracy() -> dict:
    return evaluation.section_accuracy()


def test_the_set_is_labelled_and_split():
    gold = labelled.sections()
    assert len(gold) >= 40
    assert set(gold["split"]) == {"dev", "heldout"}
    assert abs((gold["split"] == "heldout").mean() - 1 / 3) < 0.02
    assert gold["note"].str.len().gt(0).all() and gold["gold"].str.len().gt(0).all()


def test_every_labelled_suggestion_is_found_and_proposals_are_good_enough(accuracy):
    for split in ("dev", "heldout"):
        figures = accuracy[split]
        assert figures["n"] > 0
        assert figures["top3"] >= 0.95 and figures["top1"] >= 0.85, (split, figures)
        assert figures["top1_first"] <= figures["top1"] <= figures["top3"]


def test_a_label_that_no_longer_matches_is_an_error():
    contribs, _ = evaluation.default_data()
    gold = pd.DataFrame({"text": ["Bestaat niet."], "document": ["x.txt"], "gold": ["H5"]})
    with pytest.raises(ValueError, match="niet gevonden"):
        evaluation.ranks(gold, contribs, pd.DataFrame(columns=["suggestion_id", "version", "section", "rank"]))
