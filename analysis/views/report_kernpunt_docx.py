"""One kernpunt in the nota van antwoord DOCX: heading, "Wat u inbracht", "Onze reactie",
"Wat verandert", its exceptions (views stage).

Compact on purpose (about a hundred kernpunten in a document that should stay under fifteen
pages): the three parts are run-in bold labels in two paragraphs, not headings (separate
paragraphs each lost most of a line to wrapping), in a slightly smaller font. In the
internal variant what is internal is a paragraph of its own after the reaction, marked "Intern",
never inside the reaction text.
"""
from __future__ import annotations

from collections.abc import Callable

from docx.shared import Pt

from analysis.core import dutch
from analysis.views.report_kernpunten import KernpuntBlock

BODY_PT, QUOTE_PT = 9, 9


def style_headings(doc) -> None:
    """A kernpunt's heading (Heading 3) a little larger than its text, with little space around."""
    h3 = doc.styles["Heading 3"]
    h3.font.size = Pt(10)
    h3.paragraph_format.space_before, h3.paragraph_format.space_after = Pt(6), Pt(1)


def _para(doc, size: float = BODY_PT, style: str | None = None):
    p = doc.add_paragraph(style=style)
    p.paragraph_format.space_after = Pt(1)
    p.paragraph_format.line_spacing = 1.0
    return p


def _run(p, text: str, size: float = BODY_PT, bold: bool = False, italic: bool = False) -> None:
    run = p.add_run(text)
    run.font.size, run.bold, run.italic = Pt(size), bold, italic


def _brought_in(kp: KernpuntBlock, t: dict) -> str:
    parts = t["brought_in"].format(
        contributions=dutch.number(kp.contributions), participants=dutch.number(kp.participants),
        sessions=dutch.number(kp.sessions),
        contributions_word=t["contribution_words"][kp.contributions != 1],
        participants_word=t["participant_words"][kp.participants != 1],
        sessions_word=t["session_words"][kp.sessions != 1])
    return f"{parts}: {kp.standpunten}." if kp.standpunten else f"{parts}."


def kernpunt(doc, kp: KernpuntBlock, internal: bool, cfg: dict, internal_lines: Callable) -> None:
    """Write kp: its heading, one paragraph with what was brought in (counts, standpunten, quotes),
    one with our reaction and what changes; internal_lines(decision) gives the internal
    variant's lines (not published, note, who decided), a paragraph of their own."""
    t, lab = cfg["text"], cfg["kernpunt"]
    doc.add_heading(kp.label, level=3).paragraph_format.keep_with_next = True
    brought = _para(doc)
    brought.paragraph_format.keep_with_next = True
    _run(brought, f"{lab['brought_in']} ", bold=True)
    _run(brought, _brought_in(kp, t))
    for q in kp.quotes:
        _run(brought, f"  ‘{q}’", QUOTE_PT, italic=True)
    answer = _para(doc)
    _run(answer, f"{lab['reaction']} ", bold=True)
    _run(answer, (kp.reaction or t["no_explanation"]) + "  ")
    _run(answer, f"{lab['change']} ", bold=True)
    _run(answer, kp.change + ".")
    if internal:
        _internal(doc, lab, internal_lines(kp) or [t["internal_nothing"]])
    if kp.exceptions:
        _run(_para(doc), t["exceptions"].format(n=dutch.number(sum(g.n for g in kp.exceptions))), bold=True)
        for g in kp.exceptions:
            said = g.text + (f" ({t['group'].format(n=g.n)})" if g.n > 1 else "")
            where = f", {g.section}" if g.section != t["no_section"] else ""
            _run(_para(doc, style="List Bullet"), f"{said} — {g.status_label}{where}: "
                 f"{g.explanation or t['no_explanation']}", QUOTE_PT)
            if internal:
                _internal(doc, lab, internal_lines(g) or [t["internal_nothing"]])


def _internal(doc, lab: dict, lines: list[str]) -> None:
    p = _para(doc)
    _run(p, f"{lab['internal']} ", QUOTE_PT, bold=True)
    _run(p, " ".join(lines), QUOTE_PT)
