"""Printed documents and spreadsheets: reportlab PDFs, Code 128 barcodes, openpyxl workbooks."""

from regsync.adapters.documents.renderer import ReportlabRenderer

__all__ = ["ReportlabRenderer"]
