"""The one place that loads the Dutch spaCy pipeline and turns texts into lemmas (enrich stage).

nl_core_news_sm is used where it is installed (parser and NER excluded: only
lemmas are needed, and they cost most of the time). Otherwise spacy.blank("nl")
gets the lookup lemmatizer from spacy-lookups-data, with the POS-keyed
`lemma_exc` table merged into the lookup table first: without that, common
plurals and participles (bedrijven, gemeenten, regels, kinderen, werden, gemaakt)
stay unchanged. A few table entries that pick a rare reading of a common word in
this domain (gezond -> zonnen, geluid -> luiden) are corrected from data/nlp.toml.
Compounds the tables do not know (omgevingsdiensten) get the lemma of their
longest known head (diensten -> dienst => omgevingsdienst).
"""
from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice

import numpy as np
import pandas as pd
import scipy.sparse as sp
import spacy
from sklearn.feature_extraction.text import HashingVectorizer
from spacy.attrs import ORTH

from analysis.core import config
from analysis.enrich.ngrams import Tokens

MODEL = "nl_core_news_sm"
_BATCH = 2000
# Order in which the POS-keyed exception tables are merged: for a content analysis
# a noun reading (regels -> regel) beats a verb reading of the same form.
_EXC_POS_ORDER = ("noun", "verb", "adj", "adv", "aux", "pron", "det", "adp", "cconj", "sconj", "num")
_MIN_HEAD = 5     # shortest compound head that may decide a lemma
_MIN_MODIFIER = 3  # shortest first part of a compound
_WORD = re.compile(r"[^\W_][\w'’\-]*", re.UNICODE)
_CACHE_TEXTS = 250_000  # texts whose lemmas this process remembers (about 30 MB at 100,000)
_LEMMAS: dict[str, list[str]] = {}


def settings() -> dict:
    """data/nlp.toml: settings of the NLP stages that analysts may change without code."""
    return config.data_toml("nlp.toml")


_LOAD_LOCK = threading.Lock()


def _load() -> tuple[spacy.Language, dict[str, str] | None, str]:
    """Load once per process, also when a warm-up thread and a page ask at the same time."""
    with _LOAD_LOCK:
        return _load_once()


@lru_cache(maxsize=1)
def _load_once() -> tuple[spacy.Language, dict[str, str] | None, str]:
    """(pipeline, lemma lookup table or None, description)."""
    try:
        nlp = spacy.load(MODEL, exclude=["parser", "ner"])
        return nlp, None, f"{MODEL} {nlp.meta.get('version', '')}".strip()
    except OSError:
        pass
    from spacy.lookups import Lookups

    lookup = _merged_lookup_table()
    merged = Lookups()
    merged.add_table("lemma_lookup", lookup)
    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"}).initialize(lookups=merged)
    return nlp, lookup, "spacy.blank('nl') + lookup-lemmatizer (spacy-lookups-data, met lemma_exc)"


def _merged_lookup_table() -> dict[str, str]:
    """nl_lemma_lookup with the POS-keyed nl_lemma_exc forms added (string keys, read as JSON),
    then the domain corrections from data/nlp.toml."""
    import spacy_lookups_data
    import srsly

    lookup = dict(srsly.read_gzip_json(spacy_lookups_data.get_file("nl_lemma_lookup.json.gz")))
    exc = srsly.read_gzip_json(spacy_lookups_data.get_file("nl_lemma_exc.json.gz"))
    for pos in _EXC_POS_ORDER:
        for form, lemmas in exc.get(pos, {}).items():
            if form in lookup or not lemmas:
                continue
            # the verb table also maps bare stems to infinitives (bodem -> bodemen,
            # lucht -> luchten): for content words the noun reading is the useful one
            if pos == "verb" and len(lemmas[0]) > len(form):
                continue
            lookup[form] = lemmas[0]
    lookup.update(settings().get("lemmas", {}).get("overrides", {}))
    return lookup


def warm_up() -> None:
    """Load the pipeline in a background thread, so the first page that needs lemmas
    (Verkennen, an import) does not wait the second it takes."""
    threading.Thread(target=_load, name="nlp-warm-up", daemon=True).start()


def get_nlp() -> spacy.Language:
    """The cached Dutch pipeline (model or blank + lookup lemmatizer)."""
    return _load()[0]


def pipeline_info() -> dict:
    """Which pipeline is active, for the 'Over deze analyse' page and the bench."""
    nlp, table, description = _load()
    return {
        "model": MODEL if table is None else "blank",
        "description": description,
        "components": list(nlp.pipe_names),
        "spacy_version": spacy.__version__,
        "compound_fallback": table is not None,
        "noun_phrases": False,
    }


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's Dutch stop words, the same for the model and the blank pipeline; read from the
    language class so that counting words does not have to load the pipeline."""
    from spacy.lang.nl import Dutch
    return frozenset(w.lower() for w in Dutch.Defaults.stop_words)


@lru_cache(maxsize=200_000)
def _fallback_lemma(word: str) -> str:
    """Lemma of a lower-case word the pipeline left unchanged: table, else compound head."""
    table = _load()[1]
    if table is None:
        return word
    hit = table.get(word)
    if hit is not None:
        return hit.lower()
    for start in range(_MIN_MODIFIER, len(word) - _MIN_HEAD + 1):
        head = word[start:]
        lemma = table.get(head)
        if lemma is not None:
            # only an inflection of the head is stripped (diensten -> dienst), nothing longer
            keep = lemma != head and len(lemma) <= len(head) and lemma[:3] == head[:3]
            return word[:start] + lemma.lower() if keep else word
    return word


def _keep(lex) -> bool:
    """Content word? Not punctuation, space, number, single character or stop word."""
    text = lex.orth_
    return not (lex.is_punct or lex.is_space or lex.like_num or len(text) < 2
                or not any(ch.isalpha() for ch in text) or lex.lower_ in stop_words())


def _model_lemmas(doc) -> list[str]:
    """Lemmas from the model's own lemmatizer (it needs the tagger's POS)."""
    out = []
    for token in doc:
        if _keep(token.lex):
            lemma = token.lemma_.lower() if token.lemma_ and token.lemma_ != token.text else token.lower_
            if lemma not in stop_words():
                out.append(lemma)
    return out


def _lookup_lemma(word: str) -> str:
    """What the lookup lemmatizer gives (the same merged table), then lower case and compound head."""
    hit = _load()[1].get(word)
    return hit.lower() if hit is not None else _fallback_lemma(word.lower())


def lemmatize(texts: Iterable[str]) -> list[list[str]]:
    """Content lemmas per text: lower-case, no stop words, punctuation or bare numbers.

    Identical texts are processed once (consultations repeat campaign answers), and a text seen
    earlier in this process is not processed again (an import lemmatises for the themes, then
    for the clusters; up to _CACHE_TEXTS texts are remembered). On
    the lookup path a lemma depends only on the word, so the tokenizer runs and each
    distinct word is looked up once in the lemmatizer's table: the same lemmas as
    the pipeline's lemmatizer component, at about the tokenizer's speed.
    """
    texts = ["" if t is None or (isinstance(t, float) and t != t) else str(t) for t in texts]
    distinct = dict.fromkeys(texts)
    if len(_LEMMAS) + len(distinct) > _CACHE_TEXTS:
        _LEMMAS.clear()
    result: dict[str, list[str]] = {t: _LEMMAS[t] for t in distinct if t in _LEMMAS}
    unique = [t for t in distinct if t not in result]
    nlp_, table, _ = _load()
    if table is None:
        for text, doc in zip(unique, nlp_.pipe(unique, batch_size=_BATCH)):
            result[text] = _model_lemmas(doc)
        _LEMMAS.update(result)
        return [result[t] for t in texts]
    result.update(zip(unique, _lookup_lemmas(nlp_, unique)))
    _LEMMAS.update(result)
    return [result[t] for t in texts]


def _lookup_lemmas(nlp_: spacy.Language, texts: list[str]) -> list[list[str]]:
    """The lookup path of lemmatize(): the tokenizer's words of all texts as one array, each
    distinct word looked up once, the kept lemmas cut back into one list per text."""
    orths = [doc.to_array(ORTH) for doc in nlp_.tokenizer.pipe(texts, batch_size=_BATCH)]
    if not orths:
        return []
    codes, distinct = pd.factorize(np.concatenate(orths))
    vocab, stops = nlp_.vocab, stop_words()
    lemma_of = []
    for orth in distinct.tolist():
        lex = vocab[orth]
        lemma = _lookup_lemma(lex.orth_) if _keep(lex) else ""
        lemma_of.append("" if lemma in stops else lemma)
    kept = np.array([bool(lemma) for lemma in lemma_of] + [False], dtype=bool)[codes]
    per_text = np.add.reduceat(np.r_[kept, False], np.cumsum([0] + [len(o) for o in orths])[:-1])
    flat = iter(np.asarray(lemma_of + [""], dtype=object)[codes[kept]].tolist())
    return [list(islice(flat, n)) for n in per_text.tolist()]


def clear_lemma_cache() -> None:
    """Forget the lemmas of texts seen before (the bench times a stage as if it came first)."""
    _LEMMAS.clear()


def lemma_strings(texts: Iterable[str]) -> list[str]:
    """lemmatize() joined by spaces: the input of the TF-IDF vectorisers."""
    return [" ".join(lemmas) for lemmas in lemmatize(texts)]


def normalise(text: str) -> str:
    """Lower-case, accents folded, punctuation removed, whitespace collapsed."""
    text = str(text)
    if not text.isascii():  # most answers are plain ASCII: nothing to fold
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(_WORD.findall(text.lower()))


_CHARS = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), n_features=2**20,
                           alternate_sign=False, norm=None)


def char_ngram_factors(token_lists: list[list[str]], columns: np.ndarray | str | None = None
                       ) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """(texts x distinct words, distinct words x character 3-5-grams) counts, whose product
    is char_ngram_counts(): each distinct word is cut into n-grams once.

    `columns` keeps only those hashed columns, in that order (a fitted model's vocabulary),
    or with "used" only the columns that occur (for comparing the texts with each other).
    """
    tokens = Tokens.of(token_lists, split=False)
    if not tokens.uniques:
        width = _CHARS.n_features if columns is None else 0 if isinstance(columns, str) else len(columns)
        return (sp.csr_matrix((len(token_lists), 0), dtype=np.float32),
                sp.csr_matrix((0, width), dtype=np.float32))
    word_char = _CHARS.transform(tokens.uniques).astype(np.float32)
    if isinstance(columns, str):
        used = np.unique(word_char.indices)
        word_char = sp.csr_matrix((word_char.data, np.searchsorted(used, word_char.indices), word_char.indptr),
                                  shape=(word_char.shape[0], len(used)))
    elif columns is not None:
        word_char = word_char[:, columns]
    return tokens.doc_token(), word_char


def char_ngram_counts(token_lists: list[list[str]], columns: np.ndarray | str | None = None) -> sp.csr_matrix:
    """Character 3-5-gram counts per document (char_ngram_factors multiplied out).

    Char n-grams let compounds share evidence with their parts
    (vergunningverlening ~ vergunning). Hashing each distinct word once and
    multiplying by the document-word counts is far faster than running a char
    analyser over every document; cutting the columns on the words' matrix (`columns`)
    makes the product's work and memory those of the kept columns.
    """
    doc_word, word_char = char_ngram_factors(token_lists, columns)
    return (doc_word @ word_char).tocsr()
