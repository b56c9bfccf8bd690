"""The 汇总表 on A4 landscape: title, unit, one row per applicant, totals, footer."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate, Spacer, Table
from reportlab.platypus.doctemplate import BaseDocTemplate

from regsync.adapters.documents.pdf_form import SHADE, Styles, grid, para
from regsync.core.documents import SummaryTable

PAGE = landscape(A4)
# Relative widths of 序号 申请编号 姓名 性别 身份证号 类别 专业 单位 核查 审核意见.
_WEIGHTS = (3, 20, 6, 3, 19, 6, 9, 14, 9, 12, 9, 6, 10)


def write_summary_pdf(table: SummaryTable, path: str, font: str) -> None:
    """Write the 汇总表 to ``path``; the header row repeats on every page."""
    st = Styles(font)
    doc = SimpleDocTemplate(path, pagesize=PAGE, leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=14 * mm, bottomMargin=15 * mm, title=table.title,
                            author="regsync", creator="regsync", initialFontName=font)  # fmt: skip
    width = PAGE[0] - 24 * mm
    total = sum(_WEIGHTS)
    widths = [width * w / total for w in _WEIGHTS]
    rows: list[list[Any]] = [[para(h, st.label) for h in table.headers]]
    rows += [[para(c, st.cell) for c in r] for r in table.rows]
    rows.append([para(table.totals, st.head)] + [""] * (len(table.headers) - 1))
    style = grid(font, [("BACKGROUND", (0, 0), (-1, 0), SHADE), ("SPAN", (0, -1), (-1, -1))])
    footer = "        ".join(f"{f.label}：{f.value or '________'}" for f in table.footer)
    story: list[Any] = [
        para(table.title, st.title),
        para(f"单位：{table.unit}", st.cell),
        Spacer(1, 2 * mm),
        Table(rows, colWidths=widths, style=style, repeatRows=1),
        Spacer(1, 5 * mm),
        para(footer, st.head),
    ]

    def page_number(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(font, 8.5)
        canvas.setFillColor(colors.black)
        canvas.drawString(12 * mm, 8 * mm, table.title)
        canvas.drawRightString(PAGE[0] - 12 * mm, 8 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
