"""``regsync demo``: the whole life of applications across the four editions.

A province, its 11 cities and N enterprises are built and enrolled; the enterprises
enter persons and applications and report them; the cities receive (one submission
fails the computer check, one is refused and comes back in a new round), review and
forward; the province approves and issues certificates and seals and publishes exam
results; everything flows back to the enterprises.  A reported application is frozen
at its enterprise (the edit is refused); the enterprise's phone, changed at the firm
while its city records another, reaches the conflict ledger and an administrator
resolves it.  The register: a second 初始注册 of a person just certified is refused,
and a filed pre-go-live registration that ended shows 停止注册.  Forms, summaries and
exports are written.

The orchestration lives here; the offices and the command runner in
:mod:`regsync.app.demo.world`, the personal and enterprise steps (packages, reporting,
re-applying) in :mod:`regsync.app.demo.steps`.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from regsync.app.bootstrap import clock_from_env
from regsync.app.demo import steps as demo_steps
from regsync.app.demo.world import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    DemoStepFailed,
    Office,
    Runner,
    World,
    language,
    make_id_number,
    say,
    use_language,
)
from regsync.core import catalogue
from regsync.core.errors import InvalidValue
from regsync.packages_bpz.files import atomic_output

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
Progress = Callable[[str], None]
RENAMED_OPINION = "单位已更名，申请表单位名称与登记名称不一致，请办理更改、补办后重新申报"


@dataclasses.dataclass
class Story:
    """What happened, for the closing summary."""

    applications: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # firm home
    check_failure: str = ""
    refused: str = ""
    conflict: str = ""
    conflict_resolution: str = ""
    conflict_city: str = ""
    packages: int = 0
    files: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)


def _today(env: Mapping[str, str]) -> dt.date:
    return clock_from_env(env).now().date()


def enter_applications(world: World, story: Story, progress: Progress) -> None:
    """Persons and applications with 工作业绩, checked and reported.

    Both ways of working: every fifth firm's architect fills in the personal edition
    and hands the firm a package (个人版 + 企业版); everything else the firm enters
    itself (单独使用企业版).
    """
    qualified = (_today(world.env) - dt.timedelta(days=400)).isoformat()
    for i, firm in enumerate(world.firms):
        assert firm.city is not None
        numbers = []
        # The second firm (of 太原, like the first) files one application: the one that
        # fails the city's check after the city records the firm's new name.
        specialties = ("architect",) if i == 1 else ("architect", "structural")
        for j, specialty in enumerate(specialties):
            person = make_id_number(firm.city, f"198{j}0{1 + i % 9}15", 10 * i + j)
            name = SURNAMES[(2 * i + j) % len(SURNAMES)] + ("建华" if j == 0 else "国强")
            if j == 0 and i % 5 == 0:
                numbers.append(
                    demo_steps.personal_package(world, firm, i, (person, name), qualified)
                )
                story.packages += 1
                continue
            world.run(firm, "person", "add", "--id-number", person, "--name", name,
                      "--qualification-cert", f"Q{i:03d}{j}",
                      "--qualification-date", qualified)  # fmt: skip
            numbers.append(_new_application(world, firm, specialty, person))
        demo_steps.report(world, firm, numbers, f"report-firm{i + 1:02d}")
        story.applications[str(firm.home)] = numbers
        progress(say("demo.firm_reported", n=i + 1, total=len(world.firms), count=len(numbers)))
    total = sum(len(v) for v in story.applications.values())
    progress(say("demo.applications", firms=len(world.firms), total=total, packages=story.packages))


def _new_application(world: World, firm: Office, specialty: str, person: str) -> str:
    number = world.run(firm, "apply", "new", "--kind", "initial", "--specialty", specialty,
                       "--person", person)  # fmt: skip
    world.run(firm, "perf", "add", number, "--project", "太原市滨河住宅小区", "--role",
              "专业负责人", "--start", "2023-03-01", "--end", "2024-06-30")  # fmt: skip
    return number


def refuse_and_resubmit(world: World, story: Story, progress: Progress) -> None:
    """One city refuses a submission; the firm corrects it and reports it in round 2."""
    firm = world.firms[-1] if len(world.firms) > 2 else world.firms[0]
    city = world.city_of(firm)
    number = story.applications[str(firm.home)][1]
    world.run(city, "receive", "refuse", number, "--reason",
              "工作业绩证明材料不清晰，请补充后重新申报", "--clerk", "接收员赵六")  # fmt: skip
    world.down(firm, "refusal-to-firm")
    demo_steps.reopen(world, firm, number)
    world.run(firm, "perf", "add", number, "--project", "晋阳湖公园配套建筑", "--role",
              "设计人", "--start", "2024-07-01", "--end", "2025-05-31")  # fmt: skip
    demo_steps.report(world, firm, [number], "resubmission")
    story.refused = number
    progress(say("demo.refused", city=city.name, number=number))


def concurrent_edit(world: World, story: Story, progress: Progress) -> None:
    """A reported submission is read-only at its enterprise (frozen after reporting: the
    city corrects it instead); the firm's phone, changed at the firm while its city
    records another, meets the city's in the ledger and an administrator settles it."""
    firm = world.firms[2] if len(world.firms) > 2 else world.firms[-1]
    city = world.city_of(firm)
    number = story.applications[str(firm.home)][0]
    argv = ("apply", "edit", number, "--set", "qualification_cert_no=Q-CORRECTED")
    code, message = world.try_run(firm, *argv)
    if code == 0:
        raise DemoStepFailed(argv=" ".join(argv), message=say("demo.editable"))
    reason = message.split("；")[0].split("; ")[0]
    progress(say("demo.frozen", number=number, reason=reason))
    world.run(firm, "enterprise", "update", "--phone", "0351-7654321")
    world.run(city, "registry", "enterprise", "edit", str(firm.uscc), "--phone", "0351-1112222")
    world.up(firm, "late-edit")
    ledger = world.json(city, "conflicts", "list")
    story.conflict_city = city.city or ""
    story.conflict = ledger[0]["id"] if ledger else ""
    progress(say("demo.concurrent", city=city.name, count=len(ledger)))
    if story.conflict:
        # The administrator calls the firm: its own new number is right.
        settled = world.json(city, "conflicts", "resolve", story.conflict, "--take", "remote")
        story.conflict_resolution = settled["resolution"]
        progress(say("demo.conflict_resolved", id=story.conflict, how=settled["resolution"]))


def rename_firm(world: World, story: Story, progress: Progress) -> None:
    """太原 records the second firm's new name (更名): its pending submission no longer
    carries the registered name, which the city's computer check finds on receipt."""
    firm = world.firms[1]
    city = world.city_of(firm)
    world.run(city, "registry", "enterprise", "edit", str(firm.uscc),
              "--name", firm.name.replace("建筑设计院", "建筑规划设计研究院"))  # fmt: skip
    story.check_failure = story.applications[str(firm.home)][0]
    pending = world.json(city, "receive", "show", story.check_failure)
    errors = [m[language()] for m in pending["messages"] if m["severity"] == "error"]
    progress(say("demo.check_failure", city=city.name, number=story.check_failure,
                 hint=errors[0] if errors else say("demo.none")))  # fmt: skip


def city_work(world: World, story: Story, progress: Progress) -> dict[str, int]:
    """申报接收 → 申报审核 → 申报上报 in every city; returns counts."""
    counts: collections.Counter[str] = collections.Counter()
    for code, city in world.cities.items():
        pending = world.json(city, "receive", "list")
        counts["errors_on_receipt"] += sum(1 for p in pending if p["has_errors"])
        if pending:
            world.run(city, "receive", "accept", "--all")
        received = [r["application"]["number"] for r in world.json(city, "review", "list")]
        if story.check_failure in received:
            world.run(city, "review", "fail", story.check_failure, "--reviewer", "审核员王五",
                      "--opinion", RENAMED_OPINION)  # fmt: skip
            received.remove(story.check_failure)
            counts["failed"] += 1
        if received:
            world.run(city, "review", "pass", *received, "--reviewer", "审核员王五",
                      "--opinion", "材料齐全，符合要求")  # fmt: skip
            counts["passed"] += len(received)
        if received and world.online(city):
            url = world.urls[world.province.node_id]
            world.run(city, "forward", "send", "--all", "--via", "http", "--server", url)
            counts["forwarded_http"] += len(received)
        elif received:
            bundle = world.usb / f"forward-{code}.bpz"
            world.run(city, "forward", "send", "--all", "-o", str(bundle))
            world.json(world.province, "bundle", "import", str(bundle))
        counts["forwarded"] += len(received)
        progress(say("demo.city_done", city=city.name, received=len(pending),
                     forwarded=len(received)))  # fmt: skip
    progress(say("demo.cities_done", errors=counts["errors_on_receipt"], passed=counts["passed"],
                 failed=counts["failed"], forwarded=counts["forwarded"]))  # fmt: skip
    return dict(counts)


def province_work(world: World, story: Story, progress: Progress) -> dict[str, int]:
    """Approve, issue certificates and seals, publish exam results, record conduct."""
    p = world.province
    decided = world.json(p, "decision", "approve", "--all", "--by", "省厅审批处",
                         "--opinion", "同意注册")  # fmt: skip
    issued = world.json(p, "issue", "--all")
    sheet = _exam_sheet(world, issued)
    imported = world.json(p, "filing", "exam-import", str(sheet), "--only-good")
    story.files.append(str(sheet))
    if issued:
        person = issued[0]["certificate"]["person_id_number"]
        world.run(p, "registry", "conduct", "add", "--person", person, "--good",
                  "--description", "获评省级优秀设计奖", "--by", "省厅")  # fmt: skip
    example = issued[0]["certificate"]["certificate_number"] if issued else "-"
    progress(say("demo.province_done", approved=len(decided), issued=len(issued),
                 example=example, imported=imported["added"],
                 skipped=len(imported["skipped_rows"])))  # fmt: skip
    return {"approved": len(decided), "issued": len(issued), "exam_results": imported["added"]}


def _exam_sheet(world: World, issued: list[dict[str, Any]]) -> Path:
    """A 考试成绩 sheet with one bad row (a wrong 身份证号), to show row-level errors."""
    import openpyxl  # noqa: PLC0415  # only the demo writes an input sheet

    from regsync.core.usecases.filings import EXAM_COLUMNS  # noqa: PLC0415

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(EXAM_COLUMNS))
    year = _today(world.env).year - 1
    for x in issued[:5]:
        cert = x["certificate"]
        sheet.append(
            ["考生", cert["person_id_number"], "二级注册建筑师", year, "建筑设计", 72, "合格"]
        )
    sheet.append(["错号", "140100198001011234", "二级注册建筑师", year, "建筑设计", 60, "合格"])
    path = world.out / "考试成绩-导入.xlsx"
    with atomic_output(path) as tmp:
        book.save(tmp)
    return path


def flow_back(world: World, progress: Progress) -> dict[str, int]:
    """Decisions, certificates and seals: province → cities → enterprises."""
    for n, (code, city) in enumerate(world.cities.items(), 1):
        world.down(city, f"back-{code}")
        progress(say("demo.back_city", n=n, total=len(world.cities)))
    stages: collections.Counter[str] = collections.Counter()
    for i, firm in enumerate(world.firms):
        world.down(firm, f"back-firm{i + 1:02d}")
        for app in world.json(firm, "apply", "list"):
            stages[app["stage"]] += 1
        progress(say("demo.back_firm", n=i + 1, total=len(world.firms)))
    shown = ", ".join(f"{k} {v}" for k, v in sorted(stages.items()))
    progress(say("demo.back_done", stages=shown))
    return dict(stages)


def register_rules(world: World, story: Story, progress: Progress) -> dict[str, str]:
    """The computer check knows the register.  A firm tries a second 初始注册 for a
    person the province just certified: its check names the certificate and the
    report is refused.  The province files a person registered before go-live whose
    registration ended last year: the register shows 停止注册 without any write."""
    firm = world.firms[0]
    done = next(a for a in world.json(firm, "apply", "list") if a["stage"] == "issued")
    person, specialty = done["person_id_number"], done["specialty"]
    again = world.json(firm, "apply", "new", "--kind", "initial", "--specialty", specialty,
                       "--person", person)["number"]  # fmt: skip
    code, _ = world.try_run(firm, "check", again)
    refused, message = world.try_run(firm, "report", again, "--via", "bundle",
                                     "-o", str(world.usb / "duplicate.bpz"))  # fmt: skip
    if code == 0 or refused == 0:
        raise DemoStepFailed(argv=f"report {again}", message=say("demo.accepted_twice"))
    why = next((part for part in message.split("；") if "已持有" in part), message)
    progress(say("demo.duplicate", number=again, reason=why.strip()))
    lapsed_id = make_id_number(firm.city or "140100", "19650301", 999)
    p = world.province
    world.run(p, "filing", "register-add", "--person", lapsed_id, "--name", "郝备案",
              "--specialty", "architect", "--certificate", "晋2J2015000123",
              "--seal", "晋2J-201500123", "--issued", "2015-03-01",
              "--valid-until", _lapsed_on(world.env), "--employer", str(firm.uscc))  # fmt: skip
    shown = world.json(p, "registry", "person", "show", lapsed_id)["person"]
    stored = str(shown["registration_status"])
    key = f"cli.registration.{stored}"
    status = say(key) if catalogue.has(key) else stored
    progress(say("demo.filed", name="郝备案", certificate="晋2J2015000123",
                 valid_until=_lapsed_on(world.env), status=status))  # fmt: skip
    return {"duplicate_refused": again, "lapsed_person": lapsed_id, "lapsed_status": status}


def _lapsed_on(env: Mapping[str, str]) -> str:
    """A registration end date in the past of the demo's clock (about a year ago)."""
    return (_today(env) - dt.timedelta(days=365)).isoformat()


def documents(world: World, story: Story, progress: Progress) -> None:
    """汇总表, 申报查询 and certificate exports at 太原; a 申请表 PDF at a firm."""
    city = world.cities["140100"]
    out = world.out
    story.files += [
        w["file"] for w in world.json(city, "print", "summaries", "-o", str(out / "汇总表"))
    ]
    for query in ("applications", "certificates", "certificate-history", "exam-results"):
        path = out / f"140100-{query}.xlsx"
        world.run(city, "export", query, "-o", str(path))
        story.files.append(str(path))
    firm = world.firms[0]
    number = story.applications[str(firm.home)][0]
    for argv, path in (
        (("print", "form", number), out / f"申请表-{number}.pdf"),
        (
            ("print", "summary", "--kind", "initial", "--specialty", "architect"),
            out / "汇总表-太原.pdf",
        ),
    ):
        office = firm if argv[1] == "form" else city
        code, message = world.try_run(office, *argv, "-o", str(path))
        if code == 0:
            story.files.append(str(path))
        else:
            story.notes.append(say("demo.not_printed", file=path.name, message=message))
    progress(say("demo.documents", count=len(story.files), folder=out))


def province_stages(world: World) -> dict[str, int]:
    stages: collections.Counter[str] = collections.Counter()
    for row in world.json(world.province, "query", "applications", "--limit", "100000")["rows"]:
        stages[row["状态"]] += 1
    return dict(stages)


def run_demo(
    root: Path,
    *,
    enterprises: int,
    environ: Mapping[str, str],
    main: Runner,
    progress: Progress,
    http: bool = True,
    lang: str = "zh",
) -> dict[str, Any]:
    """Run the whole story in ``root``; returns the summary document.

    With ``http``, 太原 and the province run ``regsync serve``: 太原's firms report
    and hear back online, 太原 forwards online; every other office uses bundles.
    """
    use_language(lang)
    if enterprises < 2:
        expected = say("demo.enterprises_expected")
        raise InvalidValue(field="--enterprises", value=enterprises, expected=expected)
    started = time.monotonic()
    World.prepare(root)
    world = World(root, environ, main)
    world.env["REGSYNC_LANG"] = language()  # the story's commands speak the demo's language
    progress(passphrase_line(world.env, environ))
    progress(login_line())
    try:
        world.build(enterprises, progress)
        if http:
            urls = [world.serve(world.cities["140100"]), world.serve(world.province)]
            progress(say("demo.servers", city=urls[0], province=urls[1]))
        return _story(world, root, progress, started)
    finally:
        world.stop_servers()


def passphrase_line(env: Mapping[str, str], environ: Mapping[str, str]) -> str:
    """Which passphrase the demo's keys use: later signing commands and the window ask
    for it. A passphrase the user set is not echoed, only named."""
    if environ.get("REGSYNC_PASSPHRASE"):
        return say("demo.passphrase_given")
    return say("demo.passphrase", passphrase=env["REGSYNC_PASSPHRASE"])


def login_line() -> str:
    """The operator account every demo office has: the window opens on its login."""
    return say("demo.login", username=ADMIN_USER, password=ADMIN_PASSWORD)


def _story(world: World, root: Path, progress: Progress, started: float) -> dict[str, Any]:
    story = Story()
    enter_applications(world, story, progress)
    refuse_and_resubmit(world, story, progress)
    concurrent_edit(world, story, progress)
    rename_firm(world, story, progress)
    cities = city_work(world, story, progress)
    province = province_work(world, story, progress)
    firm_stages = flow_back(world, progress)
    register = register_rules(world, story, progress)
    documents(world, story, progress)
    conflicts = world.json(world.cities[story.conflict_city], "conflicts", "list", "--all")
    return {
        "dir": str(root),
        "offices": {"province": 1, "cities": len(world.cities), "enterprises": len(world.firms)},
        "transport": {
            "http": sum(1 for f in world.firms if world.online(f)),
            "bundle": sum(1 for f in world.firms if not world.online(f)),
            "servers": dict(world.served),
        },
        "stages_at_province": province_stages(world),
        "stages_at_enterprises": firm_stages,
        "city": cities,
        "province": province,
        "personal_packages": story.packages,
        "check_failure": story.check_failure,
        "refused_and_resubmitted": story.refused,
        "register": register,
        "conflicts": {
            "total": len(conflicts),
            "resolved": sum(1 for c in conflicts if c["resolved"]),
            "resolution": story.conflict_resolution,
        },
        "files": story.files,
        "notes": story.notes,
        "where": {
            "province": str(world.province.home),
            "taiyuan": str(world.cities["140100"].home),
            "first_enterprise": str(world.firms[0].home),
            "first_applicant": str(root / "applicant-01"),
            "usb": str(world.usb),
            "documents": str(world.out),
        },
        "passphrase": passphrase_line(world.env, world.env_given),
        "passphrase_given": bool(world.env_given.get("REGSYNC_PASSPHRASE")),
        "login": {"username": ADMIN_USER, "password": ADMIN_PASSWORD, "line": login_line()},
        "commands": world.commands,
        "seconds": round(time.monotonic() - started, 1),
    }
