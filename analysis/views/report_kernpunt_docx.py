"""One kernpunt in the nota van antwoord DOCX: heading, "Wat u inbracht", "Onze reactie",
"Wat verandert", its exceptions (views stage).

Compact on purpose (about a hundred kernpunten in a document that should stay under fifteen
pages): the three parts are run-in bold labels, not headings, in a slightly smaller font. In the
internal variant what is internal is a paragraph of its own after the reaction, marked "Intern",
never inside the reaction text.
"""
from __future__ import annotations

from collections.abc import Callable

from docx.shared import Pt

from analysis.core import dutch
from analysis.views.report_kernpunten import KernpuntBlock

BODY_PT, QUOTE_PT = 10, 9.5


def _para(doc, label: str, text: str, size: float = BODY_PT, style: str | None = None):
    p = doc.add_paragraph(style=style)
    p.paragraph_format.space_after = Pt(2)
    if label:
        run = p.add_run(f"{label} ")
        run.bold = True
        run.font.size = Pt(size)
    p.add_run(text).font.size = Pt(size)
    return p


def _brought_in(kp: KernpuntBlock, t: dict) -> str:
    parts = t["brought_in"].format(
        contributions=dutch.number(kp.contributions), participants=dutch.number(kp.participants),
        sessions=dutch.number(kp.sessions),
        contributions_word=t["contribution_words"][kp.contributions != 1],
        participants_word=t["participant_words"][kp.participants != 1],
        sessions_word=t["session_words"][kp.sessions != 1])
    return f"{parts}: {kp.standpunten}." if kp.standpunten else f"{parts}."


def kernpunt(doc, kp: KernpuntBlock, internal: bool, cfg: dict, internal_lines: Callable) -> None:
    """Write kp; internal_lines(decision) gives the internal variant's lines (not published,
    note, who decided) for the kernpunt and for each exception."""
    t, lab = cfg["text"], cfg["kernpunt"]
    heading = doc.add_heading(kp.label, level=3)
    heading.paragraph_format.keep_with_next = True
    _para(doc, lab["brought_in"], _brought_in(kp, t)).paragraph_format.keep_with_next = True
    if kp.quotes:
        quoted = _para(doc, "", "  ".join(f"‘{q}’" for q in kp.quotes), QUOTE_PT, "Quote")
        quoted.paragraph_format.keep_with_next = True
    _para(doc, lab["reaction"], kp.reaction or t["no_explanation"])
    if internal:
        _para(doc, lab["internal"], " ".join(internal_lines(kp)) or t["internal_nothing"])
    _para(doc, lab["change"], kp.change + ".")
    if kp.exceptions:
        _para(doc, lab["exceptions"], t["exceptions"].format(n=dutch.number(sum(g.n for g in kp.exceptions))))
        for g in kp.exceptions:
            said = g.text + (f" ({t['group'].format(n=g.n)})" if g.n > 1 else "")
            where = f", {g.section}" if g.section != t["no_section"] else ""
            p = _para(doc, "", f"{said} — {g.status_label}{where}: {g.explanation or t['no_explanation']}",
                      QUOTE_PT, "List Bullet")
            p.paragraph_format.space_after = Pt(0)
            if internal:
                _para(doc, lab["internal"], " ".join(internal_lines(g)) or t["internal_nothing"], QUOTE_PT)
