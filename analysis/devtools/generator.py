"""A fictional milieuraadpleging: the survey export the real consultation would give (devtools stage).

No raw answers of the 2023 milieuraadpleging are public, so the example data,
the tests and the benchmarks use answers composed from the phrase templates in
data/generator/ (one table per theme of data/taxonomy.toml). The export looks like a
real one: one row per respondent, short categorical metadata, long open
answers, empty answers, campaign texts sent in by many respondents, and, at
`personal_data_rate`, fictional personal data for the privacy filters.
Everything is labelled "fictief voorbeeld" and reproducible from the seed.
"""
from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.core import paths
from analysis.core.errors import InputError

GENERATOR_DIR = paths.DATA_DIR / "generator"
_FORMATTER = string.Formatter()


@dataclass(frozen=True)
class Vocabulary:
    survey: dict
    phrases: dict

    @property
    def theme_ids(self) -> list[str]:
        return list(self.phrases["themes"])


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    with open(GENERATOR_DIR / "survey.toml", "rb") as fh:
        survey = tomllib.load(fh)
    with open(GENERATOR_DIR / "phrases.toml", "rb") as fh:
        phrases = tomllib.load(fh)
    return Vocabulary(survey, phrases)


def _slots(template: str) -> list[str]:
    return [name for _, name, _, _ in _FORMATTER.parse(template) if name]


def _pick(options: list[str], u: float) -> str:
    """The option a uniform draw u in [0, 1) points at."""
    return options[int(u * len(options))]


class _Composer:
    """Fills one question's templates with the phrases of an answer's themes.

    An answer is [opener] body [closing]; the body is a template whose slots
    take phrases of the answer's theme (or of a second theme for slots ending
    in 2). The draws u of one answer are consumed in a fixed order, so the same
    draws always give the same text.
    """

    _FIXED_DRAWS = 5  # opener, closing, years, place, reason inside reden_zin

    def __init__(self, vocab: Vocabulary, question: str):
        phrases = vocab.phrases
        self.templates = phrases["templates"][question]
        self.slots = [_slots(t) for t in self.templates]
        self.themes = [phrases["themes"][t] for t in vocab.theme_ids]
        self.shared = {k: phrases["templates"][k] for k in ("reden_zin", "reden_kort", "aanhef")}
        self.openers = phrases["openers"][question]
        self.closings = phrases["fill"]["afsluiting"]
        self.places = phrases["fill"]["plaats"]
        low, high = phrases["fill"]["jaren"]
        self.years = [str(y) for y in range(low, high + 1)]
        self.n_draws = max(len(s) for s in self.slots) + self._FIXED_DRAWS
        self.uses_second = np.array([any(s.endswith("2") for s in slots) for slots in self.slots])

    def compose(self, template: int, theme: int, theme2: int, u: np.ndarray) -> str:
        values = {}
        for k, slot in enumerate(self.slots[template]):
            if slot == "reden_zin":
                reden = _pick(self.themes[theme]["reden"], u[-1])
                values[slot] = _pick(self.shared[slot], u[k]).format(reden=reden)
            elif slot in self.shared:
                values[slot] = _pick(self.shared[slot], u[k])
            elif slot.endswith("2"):
                values[slot] = _pick(self.themes[theme2][slot[:-1]], u[k])
            else:
                values[slot] = _pick(self.themes[theme][slot], u[k])
        parts = (_pick(self.openers, u[-5]), self.templates[template].format_map(values),
                 _pick(self.closings, u[-4]))
        text = " ".join(p for p in parts if p)
        if "{" in text:
            text = text.replace("{jaren}", _pick(self.years, u[-3])).replace(
                "{plaats}", _pick(self.places, u[-2]))
        return text


def _digits(rng: np.random.Generator, n: int) -> str:
    return "".join(map(str, rng.integers(0, 10, n).tolist()))


def _bsn(rng: np.random.Generator) -> str:
    """A 9-digit number that passes the BSN eleven-test (fictional, never issued on purpose)."""
    while True:
        d = rng.integers(0, 10, 8).tolist()
        d[0] = d[0] or 1
        check = sum(w * x for w, x in zip(range(9, 1, -1), d)) % 11
        if check < 10:
            return "".join(map(str, d)) + str(check)


def personal_sentence(rng: np.random.Generator) -> str:
    """One sentence with fictional personal data: name, e-mail, phone, address or BSN."""
    p = vocabulary().phrases["personal"]
    u = rng.random(8).tolist()
    first, last = _pick(p["voornamen"], u[0]), _pick(p["achternamen"], u[1])
    phone_format = _pick(p["telefoon_formaten"], u[2])
    n_digits = int(phone_format[phone_format.index("{") + 1])
    letters = "ABCDEFGHJKLMNPRTUVWXZ"
    values = {
        "naam": f"{first} {last}",
        "email": f"{first.lower()}.{last.lower().replace(' ', '')}@{_pick(p['email_domeinen'], u[3])}",
        "telefoon": phone_format.replace(f"{{{n_digits}}}", str(1 + int(u[4] * 9)) + _digits(rng, n_digits - 1)),
        "postcode": f"{1000 + int(u[5] * 9000)} {_pick(letters, u[6])}{_pick(letters, rng.random())}",
        "huisnummer": str(1 + int(rng.random() * 249)),
        "bsn": _bsn(rng),
    }
    return _pick(p["templates"], u[7]).format_map(values)


def _weighted(rng: np.random.Generator, spec: dict, n: int) -> np.ndarray:
    weights = np.asarray(spec["weights"], dtype=float)
    return rng.choice(np.asarray(spec["values"], dtype=object), size=n, p=weights / weights.sum())


def _generate(n_respondents: int, seed: int, personal_data_rate: float
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    if n_respondents < 0:
        raise InputError("Het aantal respondenten mag niet negatief zijn.")
    if not 0.0 <= personal_data_rate <= 1.0:
        raise InputError("personal_data_rate moet tussen 0 en 1 liggen.")
    vocab = vocabulary()
    survey = vocab.survey
    cols = survey["columns"]
    rng = np.random.default_rng(seed)
    n = n_respondents
    start, end = (np.datetime64(d) for d in survey["period"])
    days = rng.integers(0, int((end - start).astype(int)) + 1, n)

    table: dict[str, object] = {
        cols["respondent_id"]: [f"R{i:06d}" for i in range(1, n + 1)],
        cols["datum"]: (start + days).astype(str),
    }
    for key, spec in survey["metadata"].items():
        table[cols[key]] = _weighted(rng, spec, n)
    table[cols["fictief"]] = np.full(n, survey["label"], dtype=object)

    n_themes = len(vocab.theme_ids)
    main_theme = rng.integers(0, n_themes, n)   # a respondent tends to return to one concern
    campaign = survey["campaign"]
    in_campaign = rng.random(n) < campaign["rate"]
    truth = []
    for question, spec in survey["questions"].items():
        composer = _Composer(vocab, question)
        theme = np.where(rng.random(n) < 0.6, main_theme, rng.integers(0, n_themes, n))
        theme2 = (theme + rng.integers(1, n_themes, n)) % n_themes
        template = rng.integers(0, len(composer.templates), n)
        draws = rng.random((n, composer.n_draws))
        empty = rng.random(n) < spec["empty_rate"]
        personal = rng.random(n) < personal_data_rate
        answers = np.empty(n, dtype=object)
        for i in range(n):
            if empty[i]:
                answers[i] = None
                continue
            text = composer.compose(template[i], theme[i], theme2[i], draws[i])
            if personal[i]:
                text = f"{text} {personal_sentence(rng)}"
            answers[i] = text
        kind = np.where(empty, "leeg", "thema")
        if question == campaign["question"]:
            texts = np.asarray(campaign["texts"], dtype=object)
            w = np.asarray(campaign["weights"], dtype=float)
            answers[in_campaign] = rng.choice(texts, size=int(in_campaign.sum()), p=w / w.sum())
            kind = np.where(in_campaign, "campagne", kind)
        table[spec["header"]] = answers
        themes = np.asarray(vocab.theme_ids, dtype=object)
        truth.append(pd.DataFrame({
            "respondent_id": table[cols["respondent_id"]], "question": spec["header"],
            "kind": kind, "theme": np.where(kind == "thema", themes[theme], None),
            "theme2": np.where((kind == "thema") & composer.uses_second[template], themes[theme2], None),
            "has_personal_data": personal & (kind == "thema"),
        }))
    return pd.DataFrame(table), pd.concat(truth, ignore_index=True)


def generate_raadpleging(n_respondents: int, seed: int = 0,
                         personal_data_rate: float = 0.05) -> pd.DataFrame:
    """A wide survey export, one row per respondent; the same seed gives the same table."""
    return _generate(n_respondents, seed, personal_data_rate)[0]


def generate_with_truth(n_respondents: int, seed: int = 0, personal_data_rate: float = 0.05
                        ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The export plus, per (respondent, question), what generated the answer.

    The truth table (kind leeg/thema/campagne, theme, theme2 when the template
    used a second theme's phrase, has_personal_data) lets tests and evaluation
    check classifiers, duplicate detection and privacy filters on the same data.
    """
    return _generate(n_respondents, seed, personal_data_rate)


def planted_recall(n_respondents: int = 300, seed: int = 7) -> dict:
    """Share of the answers with planted personal data from which all of it is removed by
    analysis.enrich.deidentify.redact (no planted name part, digit run or e-mail left)."""
    import re

    from analysis.enrich import deidentify

    export, truth = generate_with_truth(n_respondents, seed=seed, personal_data_rate=0.5)
    p = vocabulary().phrases["personal"]
    names = [w for n in [*p["voornamen"], *p["achternamen"]] for w in n.split() if w[0].isupper()]
    planted = truth[truth["has_personal_data"]]
    answers = export.set_index("respondent_id")
    leaked = []
    for r in planted.itertuples():
        red = deidentify.redact(answers.loc[r.respondent_id, r.question])[0]
        if re.search(r"@|\d{5,}|\d{2,}[\s.-]\d{2,}", red) or any(
                re.search(rf"\b{re.escape(w)}\b", red) for w in names):
            leaked.append(red)
    n = len(planted)
    return {"n": n, "recall": round(1 - len(leaked) / n, 3) if n else 1.0, "leaked": leaked[:5]}
