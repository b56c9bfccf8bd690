"""The 申请表 and 样表 on A4, laid out like the government form: boxed, labelled cells."""

from __future__ import annotations

import dataclasses
import html
import io
import re
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from regsync.adapters.documents.barcode import BarcodeFlowable
from regsync.core.documents import ApplicationForm, Section
from regsync.core.documents import Table as FormTable
from regsync.core.forms import SAMPLE_MARK

WIDTH = A4[0] - 30 * mm
GRID = colors.black
SHADE = colors.HexColor("#E8E8E8")


class Styles:
    """The paragraph styles of one document, all in the embedded CJK font."""

    def __init__(self, font: str) -> None:
        self.font = font
        self.title = ParagraphStyle("title", fontName=font, fontSize=17, leading=22,
                                    alignment=TA_CENTER, spaceAfter=3 * mm)  # fmt: skip
        self.cell = ParagraphStyle("cell", fontName=font, fontSize=9.5, leading=12.5,
                                   wordWrap="CJK")  # fmt: skip
        self.label = ParagraphStyle("label", parent=self.cell, alignment=TA_CENTER)
        self.head = ParagraphStyle("head", parent=self.cell, fontSize=10.5, leading=14)
        self.mark = ParagraphStyle("mark", parent=self.head, textColor=colors.red,
                                   alignment=TA_CENTER, fontSize=13, leading=17)  # fmt: skip


# Control characters other than the newline have no glyph; data may still carry them.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: markup characters escaped, runs of spaces kept.

    reportlab paragraphs read a small XML markup and collapse spaces; record values
    may hold ``<`` or ``&``, and signature lines need their blank runs.
    """
    visible = _CONTROL.sub("", text)
    escaped = html.escape(visible, quote=False).replace("\n", "<br/>")
    return Paragraph(re.sub(r" {2,}", lambda m: "&nbsp;" * len(m.group()), escaped), style)


def cell(text: str, style: ParagraphStyle) -> Paragraph | str:
    """A value cell: a wrapping paragraph, or a plain string when it is empty."""
    return para(text, style) if text else ""


def grid(font: str, extra: list[Any] | None = None) -> TableStyle:
    """Boxed cells; plain-string cells in the embedded font (else reportlab uses Helvetica)."""
    return TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), 9.5),
        ("GRID", (0, 0), (-1, -1), 0.6, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *(extra or []),
    ])  # fmt: skip


def section_table(section: Section, st: Styles, width: float = WIDTH) -> Table:
    """A section as label | value | label | value rows under a shaded title row."""
    rows: list[list[Any]] = [[para(section.title, st.head), "", "", ""]]
    fields = list(section.fields)
    for i in range(0, len(fields), 2):
        pair = fields[i : i + 2]
        row: list[Any] = []
        for f in pair:
            # Labels are short constants and most values fit one line: plain strings
            # skip the paragraph parser and line breaker, a third of the render time.
            row += [f.label, cell(f.value, st.cell)]
        rows.append(row + [""] * (4 - len(row)))
    label, value = 0.18 * width, 0.32 * width
    style = grid(
        st.font,
        [
            ("SPAN", (0, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("BACKGROUND", (0, 1), (0, -1), SHADE),
            ("BACKGROUND", (2, 1), (2, -1), SHADE),
            ("ALIGN", (0, 1), (0, -1), "CENTER"),
            ("ALIGN", (2, 1), (2, -1), "CENTER"),
        ],
    )
    return Table(rows, colWidths=[label, value, label, value], style=style)


PHOTO_W, PHOTO_H = 30 * mm, 40 * mm
"""The photo box: room for a 2-inch ID photo (33 × 48 mm scaled into it) or a glued one."""


def photo_cell(photo: bytes | None, st: Styles) -> Flowable:
    """The photo drawn to fit the box keeping its proportions, or the box's caption."""
    if photo is not None:
        try:
            reader = ImageReader(io.BytesIO(photo))
            w, h = reader.getSize()
        except Exception:  # a damaged image leaves the box for a glued photo
            reader = None
        if reader is not None and w > 0 and h > 0:
            scale = min((PHOTO_W - 4) / w, (PHOTO_H - 4) / h)
            return Image(io.BytesIO(photo), width=w * scale, height=h * scale)
    return para("照片\n（一寸免冠）", st.label)


def person_with_photo(section: Section, form: ApplicationForm, st: Styles) -> Table:
    """个人信息 beside the photo box, as on the paper form."""
    gap = 2 * mm
    left = section_table(section, st, WIDTH - PHOTO_W - gap)
    box = Table(
        [[photo_cell(form.photo, st)]],
        colWidths=[PHOTO_W],
        rowHeights=[PHOTO_H],
        style=TableStyle([("FONTNAME", (0, 0), (-1, -1), st.font),
                          ("BOX", (0, 0), (-1, -1), 0.6, GRID),
                          ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                          ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]),
    )  # fmt: skip
    return Table(
        [[left, "", box]],
        colWidths=[WIDTH - PHOTO_W - gap, gap, PHOTO_W],
        style=TableStyle([("FONTNAME", (0, 0), (-1, -1), st.font),
                          ("VALIGN", (0, 0), (-1, -1), "TOP"),
                          ("LEFTPADDING", (0, 0), (-1, -1), 0),
                          ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                          ("TOPPADDING", (0, 0), (-1, -1), 0),
                          ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]),
    )  # fmt: skip


def list_table(table: FormTable, st: Styles) -> Table:
    """工作业绩 / 继续教育: a title row, a header row, and one row per record."""
    n = len(table.headers)
    rows: list[list[Any]] = [[para(table.title, st.head)] + [""] * (n - 1)]
    rows.append([para(h, st.label) for h in table.headers])
    body = table.rows or (("（无）",) + ("",) * (n - 1),)
    rows += [[cell(c, st.cell) for c in r] for r in body]
    weights = table.weights or (1,) * n
    widths = [WIDTH * w / sum(weights) for w in weights]
    style = grid(st.font, [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 1), SHADE)])
    return Table(rows, colWidths=widths, style=style, repeatRows=2)


def opinions_table(form: ApplicationForm, st: Styles) -> Table:
    """The three boxes left for signatures and seals."""
    heads = [para(o.title, st.head) for o in form.opinions]
    blank = [Spacer(1, 24 * mm) for _ in form.opinions]
    lines = [para(o.signature, st.cell) for o in form.opinions]
    n = len(form.opinions)
    # Each box is one column: title, room for the opinion, the signature line.
    style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), st.font),
            ("BOX", (0, 0), (-1, -1), 0.6, GRID),
            ("LINEAFTER", (0, 0), (-2, -1), 0.6, GRID),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    return Table([heads, blank, lines], colWidths=[WIDTH / n] * n, style=style)


@dataclasses.dataclass
class _PageState:
    """Whose form the page being drawn belongs to, and the page it started on."""

    form: ApplicationForm | None = None
    first_page: int = 1


class _FormStart(Flowable):
    """Marks where a form begins, so the page decorations know whose page it is."""

    def __init__(self, state: _PageState, form: ApplicationForm, done: Callable[[], None]) -> None:
        super().__init__()
        self.state, self.form, self.done = state, form, done
        self.width = self.height = 0

    def draw(self) -> None:
        self.state.form = self.form
        self.state.first_page = self.canv.getPageNumber()
        self.done()


def _header(form: ApplicationForm, st: Styles) -> Table:
    info = para(f"申请编号：{form.number}\n打印日期：{form.printed_on.isoformat()}", st.cell)
    right: Any
    if form.barcode is None:
        right = para(f"{SAMPLE_MARK}\n（样表不印条形码）", st.mark)
    else:
        right = BarcodeFlowable(form.barcode, st.font)
    return Table([[info, right]], colWidths=[0.42 * WIDTH, 0.58 * WIDTH],
                 style=TableStyle([("FONTNAME", (0, 0), (-1, -1), st.font),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("ALIGN", (1, 0), (1, 0), "RIGHT")]))  # fmt: skip


def form_story(form: ApplicationForm, st: Styles, start: Flowable) -> list[Any]:
    """The flowables of one form, in order, after its start marker."""
    story: list[Any] = [start, para(form.title, st.title), _header(form, st)]
    story.append(Spacer(1, 3 * mm))
    for i, section in enumerate(form.sections):
        drawn = (
            person_with_photo(section, form, st)
            if i == 0 and form.photo_box
            else section_table(section, st)
        )
        story += [drawn, Spacer(1, 2.5 * mm)]
    for table in form.tables:
        story += [list_table(table, st), Spacer(1, 2.5 * mm)]
    story.append(para(form.declaration, st.cell))
    story.append(para("申请人（签字）：                    年    月    日", st.cell))
    story += [Spacer(1, 3 * mm), opinions_table(form, st)]
    return story


def _decorate(canvas: Canvas, doc: BaseDocTemplate, state: _PageState, font: str) -> None:
    """Footer on every page; on a 样表 also a banner and a diagonal watermark."""
    form = state.form
    canvas.saveState()
    canvas.setFont(font, 8.5)
    label = f"申请编号 {form.number}" if form else ""
    canvas.drawString(15 * mm, 9 * mm, label)
    # Pages count per form: a batch of forms is split into single forms after printing.
    canvas.drawRightString(A4[0] - 15 * mm, 9 * mm, f"第 {doc.page - state.first_page + 1} 页")
    if form is not None and form.sample:
        canvas.setFillColor(colors.red)
        canvas.setFont(font, 11)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 9 * mm, SAMPLE_MARK)
        canvas.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.18))
        canvas.setFont(font, 120)
        canvas.translate(A4[0] / 2, A4[1] / 2)
        canvas.rotate(45)
        canvas.drawCentredString(0, -40, "样表")
    canvas.restoreState()


def write_forms(
    forms: Sequence[ApplicationForm],
    path: str,
    font: str,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write every form into one PDF at ``path``; ``progress(done)`` as each is drawn."""
    if not forms:
        raise ValueError("no forms to print")
    st = Styles(font)
    drawn = [0]

    def done() -> None:
        drawn[0] += 1
        if progress is not None:
            progress(drawn[0])

    state = _PageState()
    doc = BaseDocTemplate(path, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                          topMargin=14 * mm, bottomMargin=15 * mm, title="申请表",
                          author="regsync", creator="regsync", initialFontName=font)  # fmt: skip
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    decorate = PageTemplate(
        "form", frames=[frame], onPageEnd=lambda c, d: _decorate(c, d, state, font)
    )
    doc.addPageTemplates([decorate])
    story: list[Any] = []
    for i, form in enumerate(forms):
        if i:
            story.append(PageBreak())
        story += form_story(form, st, _FormStart(state, form, done))
    doc.build(story)
    return len(forms)
