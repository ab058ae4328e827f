"""Streamlit's own English texts in Dutch: what data/accessibility.toml translates is what Streamlit's
multiselect and selectbox really show, and its patterns turn the texts with a number into Dutch."""
from __future__ import annotations

import re
from pathlib import Path

import streamlit

from analysis.core import config

_JS = "\n".join(p.read_text(encoding="utf-8", errors="ignore")
                for p in (Path(streamlit.__file__).parent / "static" / "static" / "js").glob("*.js"))
_NL = config.data_toml("accessibility.toml")


def test_every_multiselect_and_selectbox_text_is_translated():
    shown = {"Select all", "No results", "No options to select", "Clear all", "Clear value",
             "Choose an option", "Choose options", "Selected values", "Open"}
    for english in shown:
        assert f"`{english}`" in _JS, english  # still what Streamlit 1.67 renders
    translated = {**_NL["labels"], **_NL["placeholders"], **_NL["texts"]}
    assert shown <= set(translated)
    for english in [*_NL["placeholders"], *_NL["texts"]]:
        assert f"`{english}`" in _JS, english  # nothing translated that Streamlit does not show


def test_the_texts_with_a_number_or_value_become_dutch():
    for template in ("`Select ${", " matches`", "`Add: ${", "`You can only select up to ${"):
        assert template in _JS, template

    def dutch(text: str) -> str:  # what the page script does (these patterns read alike in Python)
        for pattern, out in _NL["patterns"].items():
            if re.search(pattern, text):
                return re.sub(pattern, out.replace("$1", r"\1"), text)
        return text
    assert dutch("Select 3 matches") == "Alle 3 treffers kiezen"
    assert dutch("Add: geluid") == "Toevoegen: geluid"
    assert dutch("You can only select up to 1 option. Remove an option first.") == (
        "U kunt er maar één kiezen. Haal eerst een keuze weg.")
    assert dutch("You can only select up to 4 options. Remove an option first.") == (
        "U kunt er hoogstens 4 kiezen. Haal eerst een keuze weg.")
    assert dutch("Selecteer dit") == "Selecteer dit"
