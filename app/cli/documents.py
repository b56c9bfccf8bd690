"""``regsync print form|sample|summary``, ``regsync export`` and ``regsync scan``.

Forms and summaries are built in the core (what they say) and rendered by
:mod:`regsync.adapters.documents` (how they look); every output file is written
whole or not at all.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from regsync.app.cli.context import Context, FailedOutput
from regsync.app.cli.render import Output, kind_text, say, specialty_text, stage_text
from regsync.app.progress import show
from regsync.app.writing import WritingRenderer
from regsync.core.documents import ApplicationForm, DocumentRenderer
from regsync.core.exports import QUERIES
from regsync.core.model import ApplicationKind, Specialty
from regsync.core.state import Stage
from regsync.core.usecases import documents, summaries
from regsync.core.usecases.documents import CachedLookup
from regsync.core.usecases.printed import field_label
from regsync.core.usecases.queries import query_filters

# The export filters: option name -> help; each query accepts the ones it lists.
EXPORT_FILTERS = {
    "kind": "申请类别 (applications)",
    "specialty": "注册专业",
    "stage": "状态 (applications)",
    "name": "姓名",
    "id_number": "身份证号",
    "uscc": "统一社会信用代码 of the enterprise",
    "year": "年度 (exam-results)",
}


def renderer() -> DocumentRenderer:
    """The renderer the commands use (one place to swap it); a full medium is a message."""
    # reportlab: when printing
    from regsync.adapters.documents import ReportlabRenderer  # noqa: PLC0415

    return WritingRenderer(ReportlabRenderer())


def _print_forms(ctx: Context, *, sample: bool) -> Output:
    """Print what can be printed; name each application left out (exit 1 if any)."""
    # reportlab: when printing
    from regsync.adapters.documents.fonts import font_glyphs  # noqa: PLC0415

    a = ctx.args
    with ctx.services() as s, s.unit_of_work() as uow:
        batch = documents.application_forms(
            uow, a.numbers, today=s.today(), sample=sample, rules=s.rules, glyphs=font_glyphs()
        )
    forms: list[ApplicationForm] = batch.forms
    what = "sample" if sample else "form"
    total = len(forms)
    label = say(f"cli.print.{what}_progress")
    count = renderer().forms_pdf(
        forms, a.output, lambda done: show(label, done, total, every=1, minimum=2)
    )
    lang = "en" if a.lang == "en" else "zh"
    refused = [exc.message(lang) for _, exc in batch.refused]
    data = {
        "output": a.output,
        "forms": count,
        "barcodes": [f.barcode for f in forms],
        "refused": [{"number": n, "message": exc.message(lang)}
                    for n, exc in batch.refused],
    }  # fmt: skip
    done = say(f"cli.print.{what}_done", count=count, file=a.output)
    if not refused:
        return Output(data, done)
    left_out = say("cli.print.not_printed", count=len(refused))
    return FailedOutput(data, "\n".join([done, left_out, *refused]))


def cmd_print_form(ctx: Context) -> Output:
    """申请表 of reported applications, with the barcode."""
    return _print_forms(ctx, sample=False)


def cmd_print_sample(ctx: Context) -> Output:
    """样表: proof prints, marked, without a barcode."""
    return _print_forms(ctx, sample=True)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    return "xlsx" if Path(args.output).suffix.lower() == ".xlsx" else "pdf"


def cmd_print_summary(ctx: Context) -> Output:
    """汇总表 of one kind and specialty, as PDF or workbook."""
    a = ctx.args
    with ctx.services() as s, s.unit_of_work() as uow:
        table = documents.summary(
            uow,
            kind=a.kind,
            specialty=a.specialty,
            stage=a.stage,
            operator=a.operator or "",
            today=s.today(),
            rules=s.rules,
            date_from=summaries.parse_day(a.date_from, "--from"),
            date_to=summaries.parse_day(a.date_to, "--to"),
            numbers=a.numbers,
        )
    fmt = _format(a)
    if fmt == "xlsx":
        renderer().summary_xlsx(table, a.output)
    else:
        renderer().summary_pdf(table, a.output)
    data = {"output": a.output, "format": fmt, "title": table.title, "rows": len(table.rows)}
    shown = say("cli.print.summary_done", title=table.title, count=len(table.rows), file=a.output)
    return Output(data, shown)


def add_filter_options(p: Any) -> None:
    """The search conditions of ``regsync query`` and ``regsync export`` (as typed text:
    :func:`query_filters` checks them as the window's search fields are checked)."""
    for option, text in EXPORT_FILTERS.items():
        p.add_argument("--" + option.replace("_", "-"), dest=option, help=text)


def filter_options(args: Any) -> dict[str, str]:
    """The search conditions given on the command line."""
    return {k: v for k in EXPORT_FILTERS if (v := getattr(args, k)) is not None}


def cmd_export(ctx: Context) -> Output:
    """Any query result as a workbook, streamed."""
    a = ctx.args
    query = documents.export_query(a.query, "en" if a.lang == "en" else "zh")
    equals = query_filters(query, filter_options(a))
    with ctx.services() as s, s.unit_of_work() as uow:
        rows = documents.export_rows(uow, CachedLookup(uow, today=s.today()), query, equals)
        count = renderer().sheet_xlsx(query.sheet, rows, a.output)
    data = {"output": a.output, "query": query.name, "title": query.title, "rows": count}
    return Output(data, say("cli.export.done", title=query.title, count=count, file=a.output))


def cmd_scan(ctx: Context) -> Output:
    """Find the application of a scanned barcode; exit 1 when the paper is out of date."""
    with ctx.services() as s, s.unit_of_work() as uow:
        found = documents.scan(uow, ctx.args.barcode)
    app = found.application
    lang = "en" if ctx.args.lang == "en" else "zh"
    head = (
        f"{app.number}  {app.person_name}  {kind_text(app.kind)}  "
        f"{specialty_text(app.specialty)}  {stage_text(app.stage)}  {app.enterprise_name}"
    )
    if found.matches:
        verdict = say("cli.scan.matches")
    else:
        verdict = say("cli.scan.reprint", barcode=found.current_barcode)
        if found.differing is not None:
            names = say("cli.scan.sep").join(field_label(n, lang) for n in found.differing)
            verdict += "\n" + say("cli.scan.changed", fields=names)
        else:
            verdict += "\n" + say("cli.scan.no_copy")
    data = {
        "number": app.number,
        "barcode": found.barcode,
        "matches": found.matches,
        "reprint_needed": not found.matches,
        "current_barcode": found.current_barcode,
        "differing_fields": list(found.differing) if found.differing is not None else None,
        "application": app,
    }
    return (Output if found.matches else FailedOutput)(data, f"{head}\n{verdict}")


Add = Callable[[Any, str, Callable[[Context], Output], str], argparse.ArgumentParser]
Group = Callable[[Any, str, str], Any]


def add_commands(sub: Any, add: Add, group: Group) -> Any:
    """Register ``print``, ``export`` and ``scan``; returns the ``print`` group (others add)."""
    printing = group(sub, "print", "printed documents: 申请表, 样表, 汇总表")
    for name, handler, text in (
        ("form", cmd_print_form, "print the 申请表 of reported applications, with the barcode"),
        ("sample", cmd_print_sample, "print a 样表 proof (marked, no barcode) of any application"),
    ):
        p = add(printing, name, handler, text)
        p.add_argument("numbers", nargs="+", metavar="NUMBER", help="application number(s)")
        p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p = add(printing, "summary", cmd_print_summary, "print the 汇总表 of one kind and specialty")
    p.add_argument("numbers", nargs="*", metavar="NUMBER",
                   help="exactly these applications (the ticked rows)")  # fmt: skip
    kinds = [k.value for k in ApplicationKind if k is not ApplicationKind.CANCELLATION]
    p.add_argument("--kind", required=True, choices=kinds)
    p.add_argument("--specialty", required=True, choices=[x.value for x in Specialty])
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD",
                   help="period start (firm: reported on; city: passed to forward)")  # fmt: skip
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="period end (inclusive)")
    p.add_argument("--stage", choices=[x.value for x in Stage if x is not Stage.DRAFT],
                   help="only this stage (default: firm reported, city forwarded)")  # fmt: skip
    p.add_argument("--operator", help="经办人 printed in the footer (blank: sign by hand)")
    p.add_argument("--format", choices=["pdf", "xlsx"], help="default: from the file suffix")
    p.add_argument("-o", "--output", required=True, metavar="FILE")

    p = add(sub, "export", cmd_export, "export a query result to an Excel workbook")
    p.add_argument("query", metavar="QUERY", choices=list(QUERIES), help=", ".join(QUERIES))
    add_filter_options(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")

    p = add(
        sub, "scan", cmd_scan, "look up a scanned 申请表 barcode; exit 1 if a reprint is needed"
    )
    p.add_argument("barcode", metavar="BARCODE")
    return printing
