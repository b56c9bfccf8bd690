"""How the city's 申报上报 reaches the province: a bundle file now, live HTTP when present.

``forward send --via http`` needs the HTTP sync of ``regsync sync`` (issue 4); until
that is part of this build it stops with a clear message before anything is written.
"""

from __future__ import annotations

from regsync.app.errors import AppError


class HttpNotAvailable(AppError):
    zh = "此版本尚未包含在线同步（HTTP）：请用 --via bundle -o FILE.bpz 生成数据包交省级导入"
    en = (
        "live HTTP sync is not available in this build yet: "
        "use --via bundle -o FILE.bpz and carry the bundle to the province"
    )


def require_http() -> None:
    """Refuse ``--via http`` while this build has no HTTP client."""
    raise HttpNotAvailable()
