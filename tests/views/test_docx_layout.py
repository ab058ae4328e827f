"""Report table layout: no column narrower than its widest word, the room left to the columns
with the most text, fixed widths Word keeps, header rows that repeat and rows that never split."""
from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn

from analysis.views import docx_layout

HEADER = ["Suggestie", "Besluit", "Onderdeel van het programma", "Toelichting"]
ROWS = [["Houd rekening met cumulatie bij normering en vergunningverlening in de hele regio.",
         "Doorverwezen", "§6.3.1/6.3.2/6.3.3 Rechtvaardige toekomstbestendige economie",
         ["Wij hebben dit doorgestuurd naar het ministerie van VRO.", "Nog niet openbaar."]],
        ["Kort.", "Verwerkt", "§6.2.2 Stapeling van effecten", "Dit staat nu in paragraaf 6.2.2."]]


def test_every_column_is_at_least_its_widest_word_and_long_text_gets_the_room():
    widths, fits = docx_layout.column_widths(HEADER, ROWS, 17.0, 9.5)
    assert fits and sum(widths) == pytest.approx(17.0)
    for i, column in enumerate(zip(HEADER, *ROWS)):
        words = [w for cell in column for part in (cell if isinstance(cell, list) else [cell]) for w in part.split()]
        assert widths[i] >= max(docx_layout._text_cm(w, 9.5, False) for w in words)
    assert widths[0] > widths[1] and widths[3] > widths[1]  # sentences beat single labels
    # "programma" (wide letters) is wider than "Onderdeel" (same length): the header is not broken
    assert widths[2] >= docx_layout._text_cm("programma", 9.5, True) + 0.4


def test_too_long_tokens_step_the_font_down_then_only_their_column_gives_way():
    rows = [["Een gewone zin.", "NOTITIE-ALLEEN-INTERN-3141-" * 3, "toekomstbestendige"]]
    widths, size = docx_layout.fitted(["Suggestie", "Notitie", "Onderdeel"], rows, 12.0)
    assert size == 8.0 and sum(widths) == pytest.approx(12.0)
    assert widths[2] >= docx_layout._text_cm("toekomstbestendige", 8.0, False)  # the word stays whole


def test_table_has_fixed_widths_repeating_header_and_rows_that_do_not_split():
    doc = docx.Document()
    table = docx_layout.table(doc, HEADER, ROWS, 17.0)
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    widths = [c.width.cm for c in table.columns]
    assert sum(widths) == pytest.approx(17.0, abs=0.01)
    assert [c.width.cm for c in table.rows[1].cells] == pytest.approx(widths, abs=0.01)
    assert [p.text for p in table.rows[1].cells[3].paragraphs] == ROWS[0][3]
