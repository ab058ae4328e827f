"""Theme assignment: own words, onderwerp and question context, second themes, 'onzeker', CLI."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.core import schema
from analysis.enrich import labelled, taxonomy
from analysis.enrich.evaluation import (
    _werksessie_contributions,
    werksessie_with_context,
)
from analysis.enrich.themes import assign_themes

NORMERING_TOPIC = "Milieunormering ten behoeve van de gezondheidsbescherming voor de mens"
ECONOMIE_TOPIC = "Rechtvaardige toekomstbestendige economie"


def themed(texts, **context) -> pd.DataFrame:
    return assign_themes(pd.DataFrame({"text": texts, **context}))


def test_taxonomy_has_the_twelve_fixed_ids():
    assert taxonomy.theme_ids() == [
        "doelen_waarden", "normering", "vth", "cumulatie", "beprijzen", "economie", "gedrag",
        "internationaal", "ruimte", "ecosystemen", "samenwerking", "gezondheid_framing"]


def test_no_dev_or_heldout_sentence_is_trained_on():
    trained = set(labelled.training_sentences()["text"]) | set(labelled.werksessie()["text"])
    assert not trained & set(labelled.dev()["text"])
    assert not trained & set(labelled.heldout()["text"])


@pytest.mark.parametrize("text", [
    "Vertel milieu als een verhaal over gezondheid, dan luisteren mensen wel.",
    "Zoek een ander woord dan milieu, bijvoorbeeld gezondheid.",
    "Frame het ook als gezondheid",
])
def test_how_milieu_is_told_is_gezondheid_framing(text):
    assert themed([text])["theme"].iloc[0] == "gezondheid_framing"


@pytest.mark.parametrize("text", [
    "De gezondheidsnormen voor fijnstof moeten naar de WHO-advieswaarden.",
    "Verbied zeer zorgwekkende stoffen zoals PFAS in producten.",
])
def test_health_norms_are_normering(text):
    assert themed([text])["theme"].iloc[0] == "normering"


def test_cumulatie_bullet_under_normering_carries_both():
    out = themed(["Houd rekening met cumulatie bij normering."], topic=[NORMERING_TOPIC])
    assert out["theme"].iloc[0] == "normering"
    assert "cumulatie" in out["themes"].iloc[0].split(";")


def test_pricing_under_economie_also_carries_beprijzen():
    out = themed(["Goed dat er nu pricing in staat"], topic=[ECONOMIE_TOPIC])
    assert out["themes"].iloc[0].split(";")[:1] == ["economie"]
    assert "beprijzen" in out["themes"].iloc[0]


def test_off_topic_text_is_onzeker_not_forced():
    out = themed(["Gisteren heb ik pannenkoeken met stroop gegeten.", ""])
    assert (out["theme"] == schema.UNCERTAIN_THEME).all()
    assert out["themes"].isna().all()


def test_text_only_abbreviations_and_loanwords():
    out = themed(["De ODs hebben te weinig capaciteit voor toezicht.", "Level playing field in de EU",
                  "SSbD moet de norm worden voor nieuwe producten."])
    assert out["theme"].tolist() == ["vth", "internationaal", "economie"]


def test_scores_are_between_zero_and_one_and_index_is_kept():
    df = pd.DataFrame({"text": ["Meer natuurherstel", "Belast vervuiling"]}, index=[10, 20])
    out = assign_themes(df)
    assert list(out.index) == [10, 20]
    assert out["theme_score"].between(0, 1).all()
    assert "text" in df.columns and "theme" not in df.columns  # input left alone


def test_question_gives_context_to_a_short_answer():
    q = "Hoe kan de overheid beter toezicht houden en handhaven bij bedrijven?"
    with_q = themed(["Vaker langskomen en controleren."], question=[q])
    assert with_q["theme"].iloc[0] == "vth"


def test_werksessie_with_context_macro_f1():
    result = werksessie_with_context(_werksessie_contributions())
    assert result["n"] > 250
    assert result["macro_f1"] >= 0.95


def test_classify_cli_round_trip(tmp_path, run_cli):
    src = tmp_path / "in.csv"
    pd.DataFrame({"antwoord": ["Strengere normen voor luchtkwaliteit", "Meer samenwerking met burgers"],
                  "nr": ["1", "2"]}).to_csv(src, index=False)
    out = tmp_path / "out.csv"
    proc = run_cli("classify", src, "--text-column", "antwoord", "--out", out)
    assert proc.returncode == 0, proc.stderr
    result = pd.read_csv(out, sep=";", dtype=str)
    assert list(result.columns) == ["antwoord", "nr", "theme", "themes", "theme_score"]
    assert result["theme"].tolist() == ["normering", "samenwerking"]


def test_classify_cli_missing_column(tmp_path, run_cli):
    src = tmp_path / "in.csv"
    pd.DataFrame({"antwoord": ["x"]}).to_csv(src, index=False)
    out = tmp_path / "out.csv"
    proc = run_cli("classify", src, "--out", out)
    assert proc.returncode == 2
    assert "Kolom 'text' ontbreekt" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()
