"""The fictional milieuraadpleging: realistic, reproducible, labelled, and readable by the importer."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.core.errors import InputError
from analysis.core.paths import ROOT
from analysis.devtools.generator import (
    generate_raadpleging,
    generate_with_truth,
    vocabulary,
)
from analysis.enrich import deidentify, taxonomy
from analysis.harvest import parse_path
from analysis.harvest.raadpleging import detect_mapping

EXAMPLE = ROOT / "data" / "examples" / "raadpleging-fictief-voorbeeld.csv"
QUESTIONS = [q["header"] for q in vocabulary().survey["questions"].values()]


@pytest.fixture(scope="module")
def sample() -> tuple[pd.DataFrame, pd.DataFrame]:
    return generate_with_truth(600, seed=11, personal_data_rate=0.1)


def test_same_seed_same_table_other_seed_other_table():
    a = generate_raadpleging(50, seed=4)
    pd.testing.assert_frame_equal(a, generate_raadpleging(50, seed=4))
    assert not a.equals(generate_raadpleging(50, seed=5))


def test_shape_metadata_and_label(sample):
    df, _ = sample
    assert list(df.columns) == ["respondent_id", "datum", "leeftijdsgroep", "provincie", "rol",
                                "fictief", *QUESTIONS]
    assert df["respondent_id"].is_unique and len(df) == 600
    assert set(df["fictief"]) == {"fictief voorbeeld"}
    dates = pd.to_datetime(df["datum"])
    assert dates.min() >= pd.Timestamp("2023-06-05") and dates.max() <= pd.Timestamp("2023-07-14")
    assert {"inwoner", "ondernemer", "ambtenaar"} <= set(df["rol"])
    assert df["provincie"].nunique() == 12


def test_answers_cover_every_theme_in_realistic_length(sample):
    df, truth = sample
    assert set(truth["theme"].dropna()) == set(taxonomy.theme_ids())
    themed = truth["kind"] == "thema"
    assert truth.loc[themed, "theme2"].notna().mean() > 0.1  # some answers touch two themes
    answers = pd.concat([df[q] for q in QUESTIONS]).dropna()
    words = answers.str.split().str.len()
    assert words.between(15, 45).mean() > 0.9
    assert answers.str.match(r"^[A-Z]").all()


def test_empty_and_campaign_answers(sample):
    df, truth = sample
    assert df[QUESTIONS].isna().sum().min() > 0
    assert df[QUESTIONS[-1]].isna().mean() > df[QUESTIONS[0]].isna().mean()
    answers = pd.concat([df[q] for q in QUESTIONS], ignore_index=True)
    kinds = pd.concat([truth[truth["question"] == q]["kind"] for q in QUESTIONS], ignore_index=True)
    campaign_counts = answers[kinds == "campagne"].value_counts()
    assert len(campaign_counts) >= 2 and (campaign_counts >= 5).all()
    themed = answers[kinds == "thema"]
    assert themed.duplicated(keep=False).mean() < 0.05  # composed answers rarely coincide


def test_personal_data_is_planted_at_the_requested_rate(sample):
    df, truth = sample
    planted = truth[truth["has_personal_data"]]
    themed = (truth["kind"] == "thema").sum()
    assert 0.06 < len(planted) / themed < 0.14
    answers = {(r, q): df.set_index("respondent_id").at[r, q]
               for r, q in zip(planted["respondent_id"], planted["question"])}
    found = [deidentify.redact(text)[1] for text in answers.values()]
    assert sum(bool(f) for f in found) / len(found) > 0.9  # the privacy filter sees them
    bsns = [m for t in answers.values() for m in re.findall(r"\b\d{9}\b", t)]
    assert bsns and all(deidentify.elfproef(b) for b in bsns)


def test_no_personal_data_when_rate_is_zero():
    df = generate_raadpleging(300, seed=2, personal_data_rate=0)
    text = " ".join(pd.concat([df[q] for q in QUESTIONS]).dropna())
    assert "@" not in text and not re.search(r"\b\d{9}\b|06[- ]\d{8}", text)


@pytest.mark.parametrize("n, rate", [(-1, 0.05), (10, 1.5)])
def test_bad_arguments_are_refused(n, rate):
    with pytest.raises(InputError):
        generate_raadpleging(n, personal_data_rate=rate)


def test_shipped_example_is_the_generator_output():
    shipped = pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    fresh = generate_raadpleging(150, seed=2023).fillna("").astype(str)
    pd.testing.assert_frame_equal(shipped, fresh, check_dtype=False)


def test_importer_reads_the_example_as_a_consultation():
    table = pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    mapping = detect_mapping(table)
    assert mapping["answers"] == QUESTIONS
    assert set(mapping["metadata"]) == {"leeftijdsgroep", "provincie", "rol"}
    parsed = parse_path(EXAMPLE).contributions
    non_empty = int(table[QUESTIONS].ne("").sum().sum())
    assert len(parsed) == non_empty
    assert parsed["is_fictional"].all()
    assert set(parsed["question"]) == set(QUESTIONS)
    assert parsed["date"].between("2023-06-05", "2023-07-14").all()
