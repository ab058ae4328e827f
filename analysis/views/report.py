"""The terugkoppeling / nota van antwoord as an accessible DOCX (views stage).

Built with python-docx from analysis.views.report_data: real Word heading styles, tables with a
repeating header row, document language nl-NL on every style, charts as images with alt text
(docPr descr) and the same figures as a table; the internal variant says "intern" in the header
of every page. Texts come from data/report.toml.
"""
from __future__ import annotations

import io
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from analysis.core import dutch, files
from analysis.core.errors import InputError
from analysis.store.store import Store
from analysis.tracker import vocabulary
from analysis.views import charts, docx_layout, frame, report_data, report_images, report_kernpunt_docx
from analysis.views.report_data import ReportData, texts

PAGE_WIDTH_CM, MARGIN_CM, TOP_CM = 21.0, 1.8, 1.5  # A4; narrow: a hundred kernpunten
TEXT_WIDTH_CM = PAGE_WIDTH_CM - 2 * MARGIN_CM


def _set_language(doc, lang: str) -> None:
    """w:lang on the document defaults and on every style, so spelling and screen readers use Dutch."""
    def put(rpr) -> None:
        for old in rpr.findall(qn("w:lang")):
            rpr.remove(old)
        el = OxmlElement("w:lang")
        for attr in ("w:val", "w:eastAsia", "w:bidi"):
            el.set(qn(attr), lang)
        rpr.append(el)

    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if rpr_default is not None:
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_default.append(rpr)
        put(rpr)
    for style in doc.styles:
        if style.type in (1, 2, 3):  # paragraph, character, table
            put(style.element.get_or_add_rPr())
    doc.core_properties.language = lang


def _figures(data: ReportData, cfg: dict) -> list[tuple]:
    """(figure, title, alt text) for the two charts."""
    t, col = cfg["text"], cfg["columns"]
    ov = data.overview
    status_cols = [c for c in ov.columns if c not in (col["theme"], col["contributions"], col["suggestions"])]
    status = ov[[col["theme"], *status_cols]]
    top = ov.sort_values(col["contributions"], ascending=False).head(3)
    counts_summary = "Meeste bijdragen: " + ", ".join(
        f"{r[col['theme']]} ({dutch.number(r[col['contributions']])})" for _, r in top.iterrows()) + "."
    status_summary = (f"In totaal {dutch.number(data.suggestions)} suggesties; "
                      f"{dutch.number(data.decided)} met een besluit, "
                      f"{dutch.number(data.undecided)} nog zonder.")
    # long theme names on two or three lines, so the bars keep most of the image's width
    wrap = int(cfg["chart_label_chars"])
    lines = ov[col["theme"]].map(lambda name: textwrap.wrap(name, wrap))
    names = lines.map("<br>".join)
    counts = pd.DataFrame({"Thema": names, "Bijdragen": ov[col["contributions"]]})
    figs = [charts.stacked_bars(status.assign(**{col["theme"]: names}), col["theme"], "",
                                counted=t["chart_status_axis"]),
            charts.theme_bars(counts)]
    font = int(cfg["chart_font_px"])
    # every bar as tall as the longest label needs, so no label runs into its neighbour's
    per_bar = max(int(cfg["chart_px_per_bar"]), round(max(lines.map(len), default=1) * font * 1.3 + 14))
    for fig, extra in zip(figs, (150, 80)):
        fig.update_layout(title_text="", font={"size": font}, margin={"t": 10},
                          height=extra + per_bar * len(ov))
        fig.update_yaxes(ticklabelstandoff=8)  # a gap between a label and its bar
    figs[0].update_layout(legend_y=-70 / (per_bar * len(ov)))  # the legend right under the axis title
    return [
        (figs[0], t["chart_status_title"],
         t["chart_status_alt"].format(summary=status_summary)),
        (figs[1], t["chart_counts_title"], t["chart_counts_alt"].format(summary=counts_summary)),
    ]


def _title_page(doc, data: ReportData, cfg: dict) -> None:
    ti, lab = cfg["titles"], cfg["labels"]
    kind = ti["kind_all"] if data.event == report_data.ALL else ti["kind_session"]
    doc.add_paragraph(f"{kind}: {data.event_label}", style="Title")
    doc.add_paragraph(ti["subtitle"], style="Subtitle")
    facts = [(lab["session"], data.event_label), (lab["date"], data.dates or "–"),
             (lab["version"], data.version_name), (lab["report_date"], dutch.day(data.made_at)),
             (lab["variant"], lab["variant_internal"] if data.internal else lab["variant_public"])]
    for name, value in facts:
        p = doc.add_paragraph()
        p.add_run(f"{name}: ").bold = True
        p.add_run(value)


def _intro(doc, data: ReportData, cfg: dict) -> None:
    h, t = cfg["headings"], cfg["text"]
    doc.add_heading(h["intro"], level=1)
    if data.event == report_data.ALL:
        doc.add_paragraph(t["intro_all"].format(events=", ".join(data.events), version=data.version_name))
    else:
        doc.add_paragraph(t["intro_session"].format(date=data.dates, event=data.event, version=data.version_name))
    doc.add_paragraph(t["counts"].format(
        contributions=dutch.number(data.contributions), suggestions=dutch.number(data.suggestions),
        decided=dutch.number(data.decided), undecided=dutch.number(data.undecided),
        published=t["internal_word"] if data.internal else t["published_word"]))
    doc.add_heading(h["how"], level=2)
    doc.add_paragraph(t["how"])
    doc.add_heading(h["statuses"], level=2)
    doc.add_paragraph(t["status_intro"])
    col = cfg["columns"]
    docx_layout.table(doc, [col["word"], col["meaning"]],
                      [[vocabulary.status_label(s), cfg["meaning"].get(s, "")] for s in vocabulary.statuses()],
                      TEXT_WIDTH_CM, size=11)


def _overview(doc, data: ReportData, cfg: dict) -> None:
    doc.add_heading(cfg["headings"]["overview"], level=1)
    doc.add_paragraph(cfg["text"]["overview"])
    ov, col = data.overview, cfg["columns"]
    first = [col["theme"], col["contributions"], col["suggestions"]]
    statuses = [c for c in ov.columns if c not in first]
    decided = ov[statuses[:-1]].sum(axis=1)
    docx_layout.table(doc, [*first, col["decided"], statuses[-1]],
                      [[r[col["theme"]], *(dutch.number(r[c]) for c in first[1:]), dutch.number(d),
                        dutch.number(r[statuses[-1]])] for (_, r), d in zip(ov.iterrows(), decided)],
                      TEXT_WIDTH_CM)
    doc.add_paragraph(cfg["text"]["overview_statuses"]).paragraph_format.space_before = Pt(12)
    docx_layout.table(doc, [col["theme"], *statuses[:-1]],
                      [[r[col["theme"]], *(dutch.number(r[c]) for c in statuses[:-1])] for _, r in ov.iterrows()],
                      TEXT_WIDTH_CM)
    figures = _figures(data, cfg)
    pngs, reason = report_images.to_png([f for f, _, _ in figures], int(cfg["chart_width_px"]))
    for (_, title, alt), png in zip(figures, pngs):
        doc.add_heading(title, level=2)
        if png is None:
            doc.add_paragraph(cfg["text"]["chart_missing"].format(reason=reason or "onbekende oorzaak"))
            continue
        docx_layout.picture(doc, png, alt, title, float(cfg["chart_width_cm"]))
        doc.add_paragraph(alt, style="Caption")


def _decision_cells(g: report_data.Group, data: ReportData, cfg: dict) -> list:
    """Suggestion, decision, section, explanation; in the internal variant a fifth column with
    what is internal (not published, the note, who decided), never inside the explanation."""
    t = cfg["text"]
    said = g.text + (f" ({t['group'].format(n=g.n)})" if g.n > 1 else "")
    cells = [said, g.status_label, g.section, g.explanation or t["no_explanation"]]
    return [*cells, _internal_lines(g, cfg)] if data.internal else cells


def _internal_lines(g, cfg: dict) -> list[str]:
    """What only the internal variant says about a decision (Group or KernpuntBlock)."""
    t = cfg["text"]
    lines = [] if g.published else [t["not_published"]]
    if g.note:
        lines.append(t["internal_note"].format(note=g.note))
    if g.actor:
        lines.append(t["decided_by"].format(actor=g.actor, moment=g.moment))
    return lines


def _themes(doc, data: ReportData, cfg: dict) -> None:
    h, t, col = cfg["headings"], cfg["text"], cfg["columns"]
    word = t["internal_word"] if data.internal else t["published_word"]
    doc.add_heading(h["themes"], level=1)
    doc.add_paragraph(t["themes_intro"])
    header = [col["suggestion"], col["status"], col["section"], col["explanation"]]
    header += [col["internal"]] if data.internal else []
    rows = {b.theme: [_decision_cells(g, data, cfg) for g in b.decided] for b in data.themes}
    # one set of column widths for every theme's table, so they line up page after page
    layout = docx_layout.fitted(header, [r for theme_rows in rows.values() for r in theme_rows], TEXT_WIDTH_CM)
    for block in data.themes:
        doc.add_heading(block.label, level=2)
        doc.add_paragraph(t["said"].format(contributions=dutch.number(block.contributions),
                                           suggestions=dutch.number(block.suggestions)))
        for kp in block.kernpunten:
            report_kernpunt_docx.kernpunt(doc, kp, data.internal, cfg, lambda g: _internal_lines(g, cfg))
        if block.decided:
            doc.add_heading(h["other_decisions"], level=3)
            docx_layout.table(doc, header, rows[block.theme], TEXT_WIDTH_CM, layout=layout)
        if block.open:
            doc.add_paragraph(t["open" if block.open != 1 else "open_one"].format(
                n=dutch.number(block.open), published=word, next=data.next_decision))
        elif not block.kernpunten and not block.decided and block.suggestions:
            doc.add_paragraph(t["done_none"].format(published=word))


def _closing(doc, cfg: dict) -> None:
    h, c = cfg["headings"], cfg["closing"]
    doc.add_heading(h["closing"], level=1)
    for part in ("thanks", "next", "contact"):  # run-in labels, not headings: the nota stays short
        p = doc.add_paragraph()
        p.add_run(f"{h[part]} ").bold = True
        p.add_run(c[part])


def _method(doc, cfg: dict) -> None:
    h, m = cfg["headings"], cfg["method"]
    doc.add_heading(h["method"], level=1)
    doc.add_heading(h["taxonomy"], level=2)
    doc.add_paragraph(m["taxonomy"])
    for label in frame.theme_labels().values():
        doc.add_paragraph(label, style="List Bullet")
    doc.add_heading(h["links"], level=2)
    doc.add_paragraph(m["links"])
    doc.add_heading(h["privacy"], level=2)
    doc.add_paragraph(m["privacy"])


def _properties(doc, data: ReportData, cfg: dict) -> None:
    """File > Properties as the programme team's own document: author, title, subject, made now
    (python-docx's template says "python-docx", 2013); the language is set by _set_language."""
    props, titles = doc.core_properties, cfg["titles"]
    kind = titles["kind_all"] if data.event == report_data.ALL else titles["kind_session"]
    now = datetime.now(UTC).replace(microsecond=0)
    props.author = props.last_modified_by = cfg["author"]
    props.created = props.modified = now
    props.revision = 1
    props.title = f"{kind}: {data.event_label}"
    props.subject = f"{titles['subtitle']} ({data.version_name})"
    props.keywords = cfg["keywords"]
    props.category = titles["internal_title"] if data.internal else kind
    props.comments = ""


def document_bytes(data: ReportData) -> bytes:
    """The report as DOCX bytes."""
    cfg = texts()
    doc = Document()
    page = doc.sections[0]
    page.page_width, page.page_height = Cm(PAGE_WIDTH_CM), Cm(29.7)
    page.left_margin = page.right_margin = Cm(MARGIN_CM)
    page.top_margin = page.bottom_margin = Cm(TOP_CM)
    normal = doc.styles["Normal"]
    normal.font.name = cfg["font"]
    normal.font.size = Pt(11)
    _set_language(doc, cfg["language"])
    report_kernpunt_docx.style_headings(doc)
    _properties(doc, data, cfg)
    if data.internal:
        header = doc.sections[0].header.paragraphs[0]
        header.add_run(cfg["titles"]["internal_mark"]).bold = True
    _title_page(doc, data, cfg)
    _intro(doc, data, cfg)
    if not data.contributions:
        doc.add_paragraph(cfg["text"]["empty"])
    else:
        _overview(doc, data, cfg)
        _themes(doc, data, cfg)
    _closing(doc, cfg)
    _method(doc, cfg)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def report_bytes(store: Store, event: str, version: str, internal: bool = False) -> bytes:
    return document_bytes(report_data.build(store, event, version, internal))


def write(data: bytes, out: Path) -> None:
    """Write atomically: a failed report never leaves half a file."""
    if out.suffix.lower() != ".docx":
        raise InputError("Het verslag is een Word-bestand: geef een naam die eindigt op .docx.")
    files.write_atomically(data, out)
