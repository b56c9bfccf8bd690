"""How codes are shown: kinds, specialties and stages in the window's language."""

from __future__ import annotations

from regsync.core.catalogue import has, text
from regsync.core.checks.messages import CheckMessage, Severity
from regsync.core.model import Application, ApplicationKind, Specialty
from regsync.core.state import Stage


def _word(prefix: str, code: str, lang: str) -> str:
    """The catalogue's word for a code (the code itself when the catalogue has none)."""
    key = f"{prefix}.{code}"
    return text(key, lang) if has(key) else code


def kind_label(kind: str, lang: str) -> str:
    """初始注册 / initial ..."""
    return _word("gui.kind", kind, lang)


def specialty_label(specialty: str, lang: str) -> str:
    """二级注册建筑师 / architect ..."""
    return _word("gui.specialty", specialty, lang)


def stage_label(stage: str, lang: str) -> str:
    """草稿 / draft ..."""
    return _word("gui.stage", stage, lang)


def gender_label(gender: str | None, lang: str) -> str:
    """男 / male, 女 / female."""
    return _word("gender", gender or "", lang) if gender else ""


def status_label(status: str, lang: str) -> str:
    """A registered person's 注册状态 on the day of the query: 有效 / valid, 停止注册 / stopped
    (blank for a person never registered)."""
    key = f"gui.registration.{status}"
    return text(key, lang) if has(key) else ""


def kind_choices(lang: str, *, any_: bool = False) -> tuple[tuple[str, str], ...]:
    """``(value, label)`` of every kind; ``any_`` puts “(全部)” with value "" first."""
    head = (("", text("col.any", lang)),) if any_ else ()
    return head + tuple((k.value, kind_label(k.value, lang)) for k in ApplicationKind)


def specialty_choices(lang: str, *, any_: bool = False) -> tuple[tuple[str, str], ...]:
    """``(value, label)`` of both specialties."""
    head = (("", text("col.any", lang)),) if any_ else ()
    return head + tuple((s.value, specialty_label(s.value, lang)) for s in Specialty)


def stage_choices(lang: str, *, any_: bool = False) -> tuple[tuple[str, str], ...]:
    """``(value, label)`` of every stage."""
    head = (("", text("col.any", lang)),) if any_ else ()
    return head + tuple((s.value, stage_label(s.value, lang)) for s in Stage)


def application_cells(app: Application, lang: str) -> tuple[str, ...]:
    """The cells of an application row: number, name, kind, specialty, stage, round, unit."""
    return (
        app.number,
        app.person_name,
        kind_label(app.kind, lang),
        specialty_label(app.specialty, lang),
        stage_label(app.stage, lang),
        str(app.round),
        app.enterprise_name,
    )


def messages_cell(messages: tuple[CheckMessage, ...] | list[CheckMessage], lang: str) -> str:
    """The 信息提示 cell: every message on one line with its severity (错误 / 警告),
    errors first."""
    ordered = sorted(messages, key=lambda m: m.severity is not Severity.ERROR)
    shown = [f"[{text(f'severity.{m.severity}', lang)}] {m.text(lang)}" for m in ordered]
    return text("gui.join.messages", lang).join(shown)


def severity_tag(messages: tuple[CheckMessage, ...] | list[CheckMessage]) -> tuple[str, ...]:
    """The row colour: red with an error, amber with only warnings."""
    if any(m.severity is Severity.ERROR for m in messages):
        return ("error",)
    return ("warning",) if messages else ()
