"""``regsync package`` (个人版: 申报 → 生成) and ``regsync receive-package`` (企业版: 注册数据接收).

A personal node is never certified: the enterprise trusts it by its card,
installed with ``regsync node trust APPLICANT.card`` after comparing the
fingerprint with the applicant (docs/decisions/0012-personal-packages.md).  The
package is sealed to the enterprise's key and addressed to its node id, so the
applicant's own node, and every node but that enterprise, can neither open nor
import it.
"""

from __future__ import annotations

from regsync.app.bootstrap import Services
from regsync.app.cli.bundles import key_opener
from regsync.app.cli.context import Context
from regsync.app.cli.enterprise import writable
from regsync.app.cli.render import Output, say, table_text
from regsync.app.cli.trust import install_trust, read_input
from regsync.app.errors import NotEnterpriseCard
from regsync.app.writing import writing
from regsync.core.model import Role
from regsync.core.scopes import personal_scope
from regsync.core.usecases.packages import Intake
from regsync.sync.inbox import read_bundle_header
from regsync.sync.packages import take_in_package, write_package
from regsync.sync.ports import KeyOpener
from regsync.sync.trust.cards import NodeCard
from regsync.sync.trust.certificates import Certificate, read_trust_file
from regsync.sync.trust.errors import UntrustedKey
from regsync.sync.trust.files import fingerprint


def _enterprise_card(path: str) -> NodeCard:
    item = read_trust_file(read_input(path))
    card = item.subject if isinstance(item, Certificate) else item
    if not isinstance(card, NodeCard) or card.role is not Role.ENTERPRISE:
        what = card.role.value if isinstance(card, NodeCard) else type(item).__name__
        raise NotEnterpriseCard(path=path, what=what)
    return card


def cmd_package(ctx: Context) -> Output:
    """Write the applicant's drafts as a package sealed to one enterprise."""
    a = ctx.args
    with ctx.services() as s:
        return package_file(s, a.numbers or [], a.to, a.output, key_opener(ctx, s))


def package_file(
    s: Services, numbers: list[str], card_path: str, output: str, open_key: KeyOpener
) -> Output:
    """个人版 申报 → 生成 (CLI and window): the drafts sealed to the enterprise of a card."""
    card = _enterprise_card(card_path)
    writable(output)
    with writing(output):
        numbers = write_package(s, numbers, card, output, open_key)
    data = {"file": output, "to": card.node_id, "enterprise": card.name, "applications": numbers}
    text = say("cli.package.written", file=output, count=len(numbers), enterprise=card.name)
    return Output(data, text)


def cmd_receive_package(ctx: Context) -> Output:
    """Verify a personal package completely, then take its drafts in, all or nothing."""
    with ctx.services() as s:
        return receive_file(s, ctx.args.file, key_opener(ctx, s))


def receive_file(s: Services, path: str, open_key: KeyOpener) -> Output:
    """企业版 注册数据接收 (CLI and window) of the personal package at ``path``."""
    read_input(path)  # a clear error for a missing file
    # Addressed to another node (another enterprise, or opened by its author):
    # refused here, before anything is read.
    header = read_bundle_header(s, path)
    writer, intakes = take_in_package(s, path, header, open_key, today=s.today())
    return _intake_output(path, writer.node_id, intakes)


def unknown_sender(s: Services, path: str) -> tuple[str, str] | None:
    """注册数据接收: the applicant's node and key fingerprint when this enterprise does
    not trust the package's sender yet (the package would be refused); else None."""
    read_input(path)
    header = read_bundle_header(s, path)
    try:
        s.trust().verify_chain(header.sender_key)
    except UntrustedKey:
        return header.sender, fingerprint(header.sender_key.hex())
    return None


def trust_sender(s: Services, path: str) -> Output:
    """信任并导入, first half: the applicant's card, as the package's signature shows
    it, installed as ``regsync node trust APPLICANT.card`` installs the card file
    (the clerk has compared the fingerprint with the applicant's)."""
    header = read_bundle_header(s, path)
    card = NodeCard(
        node_id=header.sender,
        role=Role.PERSONAL,
        name=header.sender,
        scope=personal_scope(header.sender),
        city_code=None,
        uscc=None,
        public_key=header.sender_key.hex(),
        created=s.clock.now().isoformat(),
    )
    return install_trust(s, card.to_file_bytes())


def _intake_output(path: str, sender: str, intakes: list[Intake]) -> Output:
    rows = [(i.number, i.person_name, i.original, say(f"cli.package.outcome.{i.outcome.value}"))
            for i in intakes]  # fmt: skip
    data = {
        "file": path,
        "sender": sender,
        "applications": [
            {
                "number": i.number,
                "original": i.original,
                "person_name": i.person_name,
                "outcome": i.outcome.value,
            }
            for i in intakes
        ],
    }
    head = say("cli.package.received", file=path, count=len(intakes), sender=sender) + "\n"
    headers = ["申请编号", "姓名", "个人版编号",
               "结果"]  # fmt: skip
    return Output(data, head + table_text(headers, rows))
