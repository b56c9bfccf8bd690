"""Code 128 barcodes drawn as vector bars.

python-barcode encodes the text (it picks code set C for digits, two per symbol,
and adds the check symbol); the bars are drawn here as PDF rectangles rather than
placed as a bitmap, so they stay sharp at any printer resolution.
"""

from __future__ import annotations

from barcode.codex import Code128
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

MODULE = 0.33 * mm  # narrowest bar: at 600 dpi 7.8 dots, at 300 dpi 3.9
QUIET = 10  # quiet zone on each side, in modules (Code 128 asks for at least 10)


def modules(text: str) -> str:
    """The bar pattern of ``text``: ``1`` a dark module, ``0`` a light one."""
    pattern: list[str] = Code128(text, writer=None).build()
    return pattern[0]


class BarcodeFlowable(Flowable):
    """A Code 128 barcode with its text printed beneath in digits."""

    def __init__(self, text: str, font: str, *, height: float = 13 * mm) -> None:
        super().__init__()
        self.text, self.font = text, font
        self.pattern = modules(text)
        self.bar_height = height
        self.width = (len(self.pattern) + 2 * QUIET) * MODULE
        self.height = height + 5 * mm

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803  # reportlab's names
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        x = QUIET * MODULE
        run = 0
        # Adjacent dark modules become one rectangle: no hairline gaps between them.
        for i, bit in enumerate(self.pattern + "0"):
            if bit == "1":
                run += 1
                continue
            if run:
                start = x + (i - run) * MODULE
                canvas.rect(start, 5 * mm, run * MODULE, self.bar_height, stroke=0, fill=1)
                run = 0
        canvas.setFont(self.font, 9)  # the embedded font: nothing left to the viewer
        canvas.drawCentredString(self.width / 2, 1.2 * mm, self.text)
        canvas.restoreState()
