"""The :class:`regsync.core.documents.DocumentRenderer` of reportlab and openpyxl."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence

from reportlab.platypus.doctemplate import LayoutError

from regsync.adapters.documents.atomic import atomic_output
from regsync.adapters.documents.errors import CannotLayOut
from regsync.adapters.documents.fonts import cjk_font
from regsync.adapters.documents.pdf_form import write_forms
from regsync.adapters.documents.pdf_summary import write_summary_pdf
from regsync.adapters.documents.xlsx import write_sheet, write_summary
from regsync.core.documents import ApplicationForm, Cell, Sheet, SummaryTable


@contextlib.contextmanager
def _laid_out() -> Iterator[None]:
    """Turn reportlab's "flowable too large" into a message the user can act on."""
    try:
        yield
    except LayoutError as exc:
        raise CannotLayOut(reason=str(exc).splitlines()[0][:200]) from exc


class ReportlabRenderer:
    """Renders forms and summaries to PDF and workbooks; every file is written atomically."""

    def forms_pdf(
        self,
        forms: Sequence[ApplicationForm],
        path: str,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        font = cjk_font()  # a missing font fails before the output file is touched
        with _laid_out(), atomic_output(path) as tmp:
            return write_forms(forms, tmp, font, progress)

    def summary_pdf(self, table: SummaryTable, path: str) -> None:
        font = cjk_font()
        with _laid_out(), atomic_output(path) as tmp:
            write_summary_pdf(table, tmp, font)

    def summary_xlsx(self, table: SummaryTable, path: str) -> None:
        with atomic_output(path) as tmp:
            write_summary(table, tmp)

    def sheet_xlsx(self, sheet: Sheet, rows: Iterable[Sequence[Cell]], path: str) -> int:
        with atomic_output(path) as tmp:
            return write_sheet(sheet, rows, tmp)
