"""PyInstaller runtime hook: the PDFs embed the CJK font shipped in the program folder.

Runs before the program; an office that sets REGSYNC_CJK_FONT itself keeps its choice.
"""

import os
import sys
from pathlib import Path

_bundled = Path(getattr(sys, "_MEIPASS", "")) / "fonts"
for _font in sorted(_bundled.glob("*.tt[cf]")):
    os.environ.setdefault("REGSYNC_CJK_FONT", str(_font))
    break
