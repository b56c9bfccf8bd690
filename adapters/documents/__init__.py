"""Printed documents and spreadsheets: reportlab PDFs, Code 128 barcodes, openpyxl workbooks.

The renderer is loaded on first use (module ``__getattr__``): importing this package for
its errors must not import reportlab and openpyxl (``regsync --help`` starts at once).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from regsync.adapters.documents.renderer import ReportlabRenderer

__all__ = ["ReportlabRenderer"]


def __getattr__(name: str) -> Any:
    if name == "ReportlabRenderer":
        from regsync.adapters.documents.renderer import ReportlabRenderer  # noqa: PLC0415

        return ReportlabRenderer
    raise AttributeError(name)
