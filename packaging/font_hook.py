"""PyInstaller runtime hook: the PDFs embed the CJK font shipped in the program folder.

Runs before the program; an office that sets REGSYNC_CJK_FONT itself keeps its choice.
The spec ships exactly one font (face 0 of its file) in fonts/.
"""

import os
import sys
from pathlib import Path

_shipped = sorted((Path(getattr(sys, "_MEIPASS", "")) / "fonts").glob("*.tt[cf]"))
if _shipped:
    os.environ.setdefault("REGSYNC_CJK_FONT", str(_shipped[0]))
