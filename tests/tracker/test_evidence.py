"""Evidence quotes the concept section, never a contribution (checked on every default-data link)."""
from __future__ import annotations

import re

from analysis.tracker.concept_versions import load_versions
from analysis.tracker.evidence import echo_clause
from analysis.tracker.queries import current_links

_QUOTED = re.compile(r"staat: '(.*?)'(?:; |$)")


def test_no_evidence_quotes_a_contribution(default_data_store):
    links = current_links(default_data_store)
    texts = default_data_store.load_contributions(["text"])["text"].dropna().astype(str)
    texts = {" ".join(t.split()) for t in texts if len(t.strip()) >= 12}
    assert len(links) > 100
    for evidence in links["evidence"]:
        assert not any(t in evidence for t in texts), evidence


def test_the_quoted_sentence_is_from_the_linked_section(default_data_store):
    sections = {(v.id, s.number): " ".join(s.text.split()) for v in load_versions(default_data_store)
                for s in v.sections}
    links = current_links(default_data_store)
    quoted = 0
    for version, number, evidence in zip(links["version"], links["section"], links["evidence"]):
        m = _QUOTED.search(evidence)
        if m:
            quoted += 1
            assert m[1].rstrip("…") in sections[(version, number)], evidence
    assert quoted == len(links)  # every default section has text, so every link quotes it


def test_echo_clauses_say_what_was_said_without_quoting():
    assert echo_clause("zwak", "in november 2024", repeat=True, by_theme=False) == (
        "in november 2024 herhaalden deelnemers deze suggestie als zwak punt bij deze sectie "
        "(dus misschien nog niet verwerkt)")
    assert echo_clause("sterk", "in november 2024", repeat=False, by_theme=True) == (
        "in november 2024 noemden deelnemers het onderwerp van deze sectie een sterk punt")
    assert echo_clause("verbeter", "later", repeat=False, by_theme=False) == (
        "later noemden deelnemers iets vergelijkbaars een verbeterpunt van deze sectie "
        "(dus misschien nog niet verwerkt)")
