"""Integer-coded n-gram counts equal scikit-learn's vectorisers, and the theme model's features are unchanged."""
from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from analysis.enrich import labelled, nlp
from analysis.enrich.ngrams import NgramVocabulary, Tokens, tfidf
from analysis.enrich.theme_model import get_model

LISTS = [["lucht", "kwaliteit", "slecht"], [], ["lucht", "kwaliteit"], ["level playing", "field"],
         ["kwaliteit", "lucht", "lucht", "kwaliteit", "slecht"], ["onbekend"]]


def test_counts_equal_count_vectorizer_up_to_trigrams():
    joined = [" ".join(x) for x in LISTS]
    vec = CountVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=(1, 3)).fit(joined[:5])
    ours = NgramVocabulary(vec.vocabulary_).counts(Tokens.of(LISTS))
    assert (ours != vec.transform(joined)).nnz == 0


def test_tfidf_equals_tfidf_vectorizer():
    joined = [" ".join(x) for x in LISTS]
    vec = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=(1, 2), sublinear_tf=True).fit(joined)
    ours = tfidf(NgramVocabulary(vec.vocabulary_).counts(Tokens.of(LISTS)), vec.idf_, True, "l2")
    assert abs(ours - vec.transform(joined)).max() < 1e-12


def test_theme_features_equal_the_vectorisers_on_the_labelled_sentences():
    model = get_model()
    lemma_lists = nlp.lemmatize(labelled.training_sentences()["text"].tolist())
    joined = [" ".join(x) for x in lemma_lists]
    x, seed_ev = model.features(lemma_lists)
    words = model.words.transform(joined)
    assert abs(x[:, :words.shape[1]] - words).max() < 1e-12
    expected = 1.0 - np.exp(-(model.seeds.vectoriser.transform(joined) @ model.seeds.to_theme).toarray())
    assert np.array_equal(seed_ev, expected) and seed_ev.max() > 0
