"""How codes are shown: kinds, specialties and stages in the window's language."""

from __future__ import annotations

from regsync.core.catalogue import text
from regsync.core.checks.messages import CheckMessage, Severity
from regsync.core.model import Application, ApplicationKind, Specialty
from regsync.core.state import Stage

# (Chinese, English) of a person's codes, indexed by ``lang == "en"``.
STATUS = {"active": ("有效", "valid"), "stopped": ("停止注册", "stopped")}
GENDER = {"male": ("男", "male"), "female": ("女", "female")}


def kind_label(kind: str, lang: str) -> str:
    """初始注册 / initial ..."""
    return ApplicationKind(kind).zh if lang != "en" else kind.replace("_", " ")


def specialty_label(specialty: str, lang: str) -> str:
    """二级注册建筑师 / architect ..."""
    return Specialty(specialty).zh if lang != "en" else specialty


def stage_label(stage: str, lang: str) -> str:
    """草稿 / draft ..."""
    return Stage(stage).zh if lang != "en" else stage.replace("_", " ")


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
    return "；".join(shown) if lang != "en" else "; ".join(shown)


def severity_tag(messages: tuple[CheckMessage, ...] | list[CheckMessage]) -> tuple[str, ...]:
    """The row colour: red with an error, amber with only warnings."""
    if any(m.severity is Severity.ERROR for m in messages):
        return ("error",)
    return ("warning",) if messages else ()
