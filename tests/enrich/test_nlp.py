"""The Dutch NLP loader: lemmas on both paths (model where installed, blank + lookups otherwise)."""
from __future__ import annotations

import importlib.util

import pytest
import spacy

from analysis.enrich import nlp

HAS_MODEL = importlib.util.find_spec(nlp.MODEL) is not None


def test_pipeline_info_names_the_active_pipeline():
    info = nlp.pipeline_info()
    assert info["model"] == (nlp.MODEL if HAS_MODEL else "blank")
    assert "lemmatizer" in info["components"]
    assert info["description"]


@pytest.mark.parametrize("word, lemma", [
    ("bedrijven", "bedrijf"), ("gemeenten", "gemeente"), ("regels", "regel"),
    ("kinderen", "kind"), ("stoffen", "stof"), ("normen", "norm"),
])
def test_common_plurals_are_lemmatised(word, lemma):
    assert nlp.lemmatize([f"De {word} zijn hier."]) == [[lemma]]


def test_sentence_start_capital_is_lemmatised_too():
    assert nlp.lemmatize(["Bedrijven en Gemeenten"]) == [["bedrijf", "gemeente"]]


def test_verb_forms_from_the_exception_table():
    doc = nlp.get_nlp()("Zij werden gemaakt")
    assert [t.lemma_.lower() for t in doc][1:] == ["worden", "maken"]


def test_compound_gets_the_lemma_of_its_head():
    assert nlp.lemmatize(["omgevingsdiensten milieunormen"]) == [["omgevingsdienst", "milieunorm"]]


@pytest.mark.parametrize("text, lemmas", [
    ("Gezonde lucht", ["gezond", "lucht"]),        # the lookup table says zonnen
    ("Het geluid is hoog", ["geluid", "hoog"]),    # luiden, oog
    ("De vervuiler betaalt", ["vervuiler", "betalen"]),
])
def test_domain_words_keep_their_common_reading(text, lemmas):
    assert nlp.lemmatize([text]) == [lemmas]


def test_stop_words_punctuation_and_numbers_are_dropped():
    assert nlp.lemmatize(["Het is 2024, en de lucht is vies!"]) == [["lucht", "vies"]]


def test_repeated_texts_give_identical_results():
    out = nlp.lemmatize(["Schone lucht", None, "Schone lucht"])
    assert out[0] == out[2] and out[1] == []


def test_char_ngrams_link_compound_and_part():
    x = nlp.char_ngram_counts([["vergunningverlening"], ["vergunning"], ["biodiversiteit"]])
    overlap = (x @ x.T).toarray()
    assert overlap[0, 1] > 5 * overlap[0, 2]


@pytest.mark.skipif(HAS_MODEL, reason="fallback path only when the model is absent")
def test_blank_fallback_uses_lookup_lemmatizer():
    nlp_ = nlp.get_nlp()
    assert nlp_.get_pipe("lemmatizer").mode == "lookup"


@pytest.mark.skipif(not HAS_MODEL, reason=f"{nlp.MODEL} not installed")
def test_model_path_excludes_parser_and_ner():
    assert not {"parser", "ner"} & set(nlp.get_nlp().pipe_names)
    assert spacy.util.is_package(nlp.MODEL)
