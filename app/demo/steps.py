"""The personal and enterprise steps of the demo (附件2, 附件3), through their commands.

个人版: an applicant fills in a draft on a personal node and packages it for the
employer; 企业版: the enterprise takes the package in (注册数据接收), or enters the
data itself, then reports (在线上报) over HTTP where its city serves and by a bundle
for the city elsewhere, and re-applies after a refusal (重新申报).
"""

from __future__ import annotations

from regsync.app.demo.world import Office, World


def report(world: World, firm: Office, numbers: list[str], label: str) -> None:
    """在线上报 of checked drafts: online to the city's server, or a bundle the city imports."""
    city = world.city_of(firm)
    if world.online(firm):
        world.run(firm, "report", *numbers, "--via", "http", "--server", world.urls[city.node_id])
        return
    path = world.usb / f"{label}.bpz"
    world.run(firm, "report", *numbers, "--via", "bundle", "-o", str(path))
    world.run(city, "bundle", "import", str(path))


def reopen(world: World, firm: Office, number: str) -> None:
    """重新申报: the refused round is closed, the next one starts as a draft."""
    world.run(firm, "apply", "reopen", number)


def personal_package(
    world: World, firm: Office, index: int, person: tuple[str, str], qualified: str
) -> str:
    """个人版 → 企业版: the applicant's draft, packaged for the firm and taken in there.

    Returns the number of the enterprise's draft made from the package.
    """
    assert firm.city is not None
    id_number, name = person
    me = Office(world.root / f"applicant-{index + 1:02d}", "personal", name, city=firm.city)
    world.init(me, "--city", firm.city)
    world.run(me, "person", "add", "--id-number", id_number, "--name", name,
              "--qualification-cert", f"P{index:03d}",
              "--qualification-date", qualified)  # fmt: skip
    draft = world.run(me, "apply", "new", "--kind", "initial", "--specialty", "architect",
                      "--person", id_number, "--set", f"enterprise_name={firm.name}")  # fmt: skip
    world.run(me, "perf", "add", draft, "--project", "太原市滨河住宅小区", "--role",
              "专业负责人", "--start", "2023-03-01", "--end", "2024-06-30")  # fmt: skip
    card, package = world.usb / f"applicant-{index + 1}.card", world.usb / f"{name}.bpz"
    world.run(me, "node", "card", "-o", str(card))
    firm_card = world.usb / f"firm-{index + 1}.card"
    world.run(me, "package", "--to", str(firm_card), "-o", str(package))
    world.run(firm, "node", "trust", str(card))  # after comparing the fingerprint
    taken = world.json(firm, "receive-package", str(package))
    number: str = taken["applications"][0]["number"]
    return number
