"""Counts whose noun agrees with the number, and months as a person reads them."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis.core import dutch, schema
from analysis.core.errors import InputError
from analysis.store.import_report import DocumentChange, ImportReport


def test_a_count_writes_the_singular_for_one_and_the_plural_otherwise():
    assert dutch.count(1, "rij", "rijen") == "1 rij"
    assert dutch.count(1234, "rij", "rijen") == "1.234 rijen"
    assert dutch.count(0, "document", "documenten") == "0 documenten"


def test_messages_say_1_document_not_document_en():
    one = ImportReport(changes=[DocumentChange("a.txt", added=1, removed=0, skipped=False)])
    assert one.summary_line() == "1 document: 1 bijdrage toegevoegd, 0 verwijderd, 0 documenten ongewijzigd"
    rows = pd.DataFrame({"id": ["x", "x", "y"], "source_type": "werksessie", "document": "a.txt",
                         "position": [0, 1, 2], "section": "advies", "text": ["a", "b", "c"]})
    with pytest.raises(InputError, match=r"^1 bijdrage met een dubbel id\.$"):
        schema.validate(rows)
    with pytest.raises(InputError, match=r"^Onbekende sectie: raar\.$"):
        schema.validate(rows.assign(id=["x", "y", "z"], section=["advies", "raar", "raar"]))


def test_months_are_dutch():
    assert dutch.month_year(pd.Period("2023-06", "M"), short=True) == "jun 2023"
    assert dutch.month_year(pd.Period("2024-03", "M"), short=True) == "mrt 2024"
    assert dutch.month_year(pd.Timestamp("2024-11-06")) == "november 2024"
    assert dutch.month_year(date(2024, 10, 1), short=True) == "okt 2024"
