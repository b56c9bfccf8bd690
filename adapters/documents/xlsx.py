"""Workbooks: exports stream through openpyxl's write-only mode; the 汇总表 is a small sheet."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from regsync.core.documents import Cell, Sheet, SummaryTable

HEADER_FONT = Font(name="宋体", bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8E8E8")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
DATE_FORMAT = "yyyy-mm-dd"
# Excel refuses sheet titles longer than 31 characters or containing these.
_BAD_TITLE = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def _clean(text: str) -> str:
    """Text without the control characters XML (and so xlsx) cannot hold.

    Data typed or imported elsewhere may carry them (a pasted tab is fine, a vertical
    tab is not); openpyxl would refuse the whole export over one of them.  Line ends
    become ``\n``.
    """
    # XML reads a bare CR back as LF anyway; normalising here keeps what is written
    # equal to what every reader gets.
    return ILLEGAL_CHARACTERS_RE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")


def sheet_title(title: str) -> str:
    """A title Excel accepts."""
    return title.translate(_BAD_TITLE)[:31] or "Sheet"


def write_sheet(sheet: Sheet, rows: Iterable[Sequence[Cell]], path: str) -> int:
    """Stream ``rows`` into a one-sheet workbook at ``path``; returns the row count.

    Write-only mode keeps memory bounded: openpyxl writes each row to a temporary
    file as it comes and never builds the sheet in memory.  Dates are written as
    dates (with a date format), so Excel sorts and filters them as dates.
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title(sheet.title))
    for i, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    ws.freeze_panes = "A2"
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, CENTER, BOX
        header.append(cell)
    ws.append(header)
    count = 0
    for row in rows:
        # openpyxl gives date values the yyyy-mm-dd format itself.
        ws.append([_clean(v) if isinstance(v, str) else v for v in row])
        count += 1
    wb.save(path)
    return count


def _style_row(ws: Worksheet, row: int, ncols: int, *, header: bool = False) -> None:
    for col in range(1, ncols + 1):
        cell = ws.cell(row=row, column=col)
        cell.border = BOX
        if header:
            cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, CENTER


def write_summary(table: SummaryTable, path: str) -> None:
    """The 汇总表 as a printable sheet: title, unit, header, rows, totals, footer.

    Layout (rows): 1 title, 2 unit, 3 header, 4.. one per applicant, then the
    totals row and the footer row.
    """
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet_title(table.title)
    n = len(table.headers)
    last = get_column_letter(n)
    ws.append([table.title])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(name="宋体", bold=True, size=16)
    ws["A1"].alignment = CENTER
    ws.append([f"单位：{table.unit}"])
    ws.append(list(table.headers))
    _style_row(ws, 3, n, header=True)
    for row in table.rows:
        ws.append([_clean(v) for v in row])
        _style_row(ws, ws.max_row, n)
    ws.append([table.totals])
    ws.merge_cells(f"A{ws.max_row}:{last}{ws.max_row}")
    ws.append([f"{f.label}：{f.value}" for f in table.footer])
    for i, width in enumerate((6, 20, 10, 6, 21, 12, 20, 30, 16, 24), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    wb.save(path)
