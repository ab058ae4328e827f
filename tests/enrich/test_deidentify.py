"""Personal data in open answers is replaced, the rest of the answer is kept, and it is logged."""
from __future__ import annotations

import re
import tomllib

import pytest

from analysis.core import paths
from analysis.devtools.generator import generate_with_truth
from analysis.enrich import deidentify
from analysis.store import public_texts


@pytest.mark.parametrize("text, datum, placeholder", [
    ("Mail mij op jan.devries@example.nl als u vragen heeft.", "jan.devries@example.nl", "[e-mailadres]"),
    ("Bel 06-12345678 voor overleg.", "06-12345678", "[telefoonnummer]"),
    ("Bel 06 1234 5678 voor overleg.", "06 1234 5678", "[telefoonnummer]"),
    ("Bel +31 6 12345678 voor overleg.", "+31 6 12345678", "[telefoonnummer]"),
    ("Bel +31 (0)20 123 4567 voor overleg.", "+31 (0)20 123 4567", "[telefoonnummer]"),
    ("Bel (010) 123 45 67 voor overleg.", "(010) 123 45 67", "[telefoonnummer]"),
    ("Ik woon op 3511 AB 12 naast de fabriek.", "3511 AB 12", "[adres]"),
    ("Ik woon op 3511ab 12a naast de fabriek.", "3511ab 12a", "[adres]"),
    ("Ik woon op Kerkstraat 12, 3511 AB naast de fabriek.", "Kerkstraat 12, 3511 AB", "[adres]"),
    ("Mijn BSN is 123456782 als dat helpt.", "123456782", "[BSN-nummer]"),
    ("Mijn BSN is 1234.56.782 als dat helpt.", "1234.56.782", "[BSN-nummer]"),
    ("Stort op NL91 ABNA 0417 1643 00 graag.", "NL91 ABNA 0417 1643 00", "[rekeningnummer]"),
    ("Mijn naam is Jan van der Berg en ik woon hier al lang.", "Jan van der Berg", "[naam]"),
    ("Het stinkt hier. Met vriendelijke groet, Esra El Amrani", "Esra El Amrani", "[naam]"),
    ("Het stinkt hier. Groet, J.P. Jansen", "J.P. Jansen", "[naam]"),
    ("Zoals Henk de Boer al zei: meer bomen.", "Henk de Boer", "[naam]"),
])
def test_replaces_only_the_personal_datum(text, datum, placeholder):
    redacted, findings = deidentify.redact(text, use_ner=False)
    assert datum not in redacted
    assert redacted == text.replace(datum, placeholder)  # the rest stays recognisable
    assert len(findings) == 1 and findings[0].reason


@pytest.mark.parametrize("text", [
    "In 2030 de 10 doelen halen en in 2050 NL klimaatneutraal.",
    "De raadpleging liep van 05-06-2023 tot 14-07-2023 en kreeg 12.345 reacties.",
    "Kosten: 1.250.000 euro per jaar, 1,5 graad, 123456789 is geen geldig BSN.",
    "Ik ben Nederlander en ik ben boos. Namens Stichting Gezonde Lucht Nu.",
    "Rijkswaterstaat en de Tweede Kamer moeten sneller handelen.",
])
def test_leaves_ordinary_text_alone(text):
    assert deidentify.redact(text, use_ner=False) == (text, [])


def test_elfproef():
    assert deidentify.elfproef("123456782")
    assert not deidentify.elfproef("123456789")
    assert not deidentify.elfproef("000000000")
    assert not deidentify.elfproef("12345678")


def test_every_planted_datum_in_the_generated_consultation_is_removed():
    """The generator appends a sentence with fictional personal data to half of the answers."""
    export, truth = generate_with_truth(200, seed=11, personal_data_rate=0.5)
    with open(paths.DATA_DIR / "generator" / "phrases.toml", "rb") as fh:
        personal = tomllib.load(fh)["personal"]
    questions = truth["question"].unique()
    texts = [t for q in questions for t in export[q].dropna()]
    assert int(truth["has_personal_data"].sum()) > 50
    leaks = []
    for text, (redacted, _) in zip(texts, deidentify.redact_many(texts, use_ner=False)):
        found = ["@"] if "@" in redacted else []
        found += re.findall(r"\d{5,}|\d{2,3}[ -]\d{6,7}|\d{4} [A-Z]{2}", redacted)
        found += [n for n in (*personal["voornamen"], *personal["achternamen"])
                  if re.search(rf"\b{re.escape(n)}\b", redacted)]
        if found:
            leaks.append((text, found))
    assert leaks == []


def test_redact_frame_and_persisted_log(store):
    from factories import make_doc, put

    doc = make_doc("raadpleging-test.csv", [
        "Meer groen in de wijk. Mail: anna@example.org of bel 06-11223344.",
        "Minder verkeer bij scholen.",
    ], section="antwoord")
    put(store, doc)
    log = public_texts.refresh_log(store)
    assert sorted(log["kind"]) == ["email", "telefoon"]
    saved = public_texts.load_log(store)
    assert set(saved["kind"]) == {"email", "telefoon"} and saved["n"].sum() == 2
    assert "anna@example.org" not in saved.to_string()  # the log keeps kinds and reasons, never data
    public_texts.refresh_log(store)  # refreshing replaces, it does not add up
    assert public_texts.load_log(store)["n"].sum() == 2


def test_ner_is_optional():
    """Without nl_core_news_sm the patterns still work; with it, NER may add names."""
    redacted, _ = deidentify.redact("Groet, Karel Appel", use_ner=None)
    assert "Karel" not in redacted
    assert isinstance(deidentify.ner_active(), bool)


@pytest.mark.parametrize("text, read", [
    ("Wij wonen in de buurt van Amsterdam en dicht bij Gouda.", False),  # public names only
    ("Na 17 jaar is het nog steeds niet opgelost.", False),              # a common word + number
    ("Het gaat om de Waddenzee en de Maas.", False),
    ("Mevrouw Gouda belde over de geluidsoverlast.", True),              # a cue before a public name
    ("MEVROUW Jansen belde over de geluidsoverlast.", True),             # the cue in capitals
    ("Piet van Gouda woont naast de fabriek.", True),                    # a first name
    ("Het hek bij Kerkstraat 12 is kapot.", True),                       # a street with a number
    ("Zoals de Boer al zei: meer bomen.", True),                         # interfix + surname
    ("Groet, J. Jansen", True),
])
def test_the_cheap_test_sends_names_to_deduce_and_skips_public_names(text, read):
    from analysis.enrich import deduce_names

    if not deduce_names.available():
        pytest.skip("Deduce is niet geïnstalleerd")
    assert deduce_names.may_hold_name(text) is read


def test_a_kinds_quick_test_finds_something_wherever_one_of_its_patterns_does():
    """`requires` in data/privacy.toml only skips work: on the evaluation set, the generator's
    planted data and hand-made edge cases, no pattern finds anything its kind's test missed."""
    from analysis.enrich import deid_evaluation

    wide, _ = generate_with_truth(600, seed=5)
    texts = [deid_evaluation.parse(t)[0] for t in deid_evaluation.load_set()["text"]]
    texts += [str(v) for col in wide.columns for v in wide[col].dropna().unique()]
    texts += ["bel 0031 6 1234 5678", "+31 (0) 20 - 123 4567", "0 6 - 1 2 3 4 5 6 7 8", "1234.56.782",
              "123 456 782", "(020)-1234567"]
    kinds = [k for k in deidentify._kinds() if k.requires is not None]
    assert kinds
    for kind in kinds:
        for pattern in kind.patterns:
            for text in texts:
                if next(iter(pattern.finditer(text)), None) is not None:
                    assert kind.requires.search(text), (kind.name, text)


@pytest.mark.parametrize("text, found", [
    ("Anne zei het al.", True), ("Volgens Anne-Marie Bos klopt het.", True), ("De Annemarieweg.", False),
    ("Zie Janssen.", False), ("anne schreef het", False), ("x-Anne zei het", False), ("", False),
])
def test_first_names_are_tried_only_where_a_listed_name_is_a_whole_word(text, found):
    first_names = deidentify._kinds()[-1].patterns[1]
    assert type(first_names).__name__ == "_ListedWords"
    assert (next(iter(first_names.finditer(text)), None) is not None) == found
    assert (first_names.pattern.search(text) is not None) == found  # the same as the pattern alone
