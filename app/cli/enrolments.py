"""The enrolment requests an office received over HTTP, and 签发节点证书 for one of them:
``regsync node requests`` and ``regsync node certify`` for the window's 节点登记申请.

A city or province serving ``regsync serve`` keeps each node's card handed in by
``regsync node enrol`` (or the first-run wizard's 提交登记申请).  The CLI writes the
cards out (``node requests -o DIR``) and certifies one file (``node certify CARD -o
CERT``); the window certifies the request itself.  Either way the certificate is kept
in the office's trust store, where the server hands it to the node at its next
查询登记状态 (``GET /v1/enrolments/<node id>``).
"""

from __future__ import annotations

from regsync.app.bootstrap import Services
from regsync.app.errors import EnrolmentRequestMissing, NoTrustRoot
from regsync.app.operators import enrolment_requested
from regsync.core.catalogue import text
from regsync.gui_tk.services import NodeRequest, OwnEnrolment
from regsync.sync.ports import KeyOpener
from regsync.sync.trust.cards import NodeCard
from regsync.sync.trust.certificates import certify
from regsync.sync.trust.files import fingerprint


def enrolment_requests(s: Services) -> list[NodeRequest]:
    """The requests kept by this office, newest last: what ``node requests`` lists."""
    certified = {c.subject.node_id for c in s.trust().certificates()}
    found = []
    for node_id, raw, received in s.pending_enrolments():
        card = NodeCard.from_file_bytes(raw)
        found.append(
            NodeRequest(
                node_id=node_id,
                role=card.role.value,
                name=card.name,
                fingerprint=fingerprint(card.public_key),
                received=received,
                certified=node_id in certified,
                uscc=card.uscc,
                city_code=card.city_code,
            )
        )
    return found


def certify_request(
    s: Services, node_id: str, enterprise_number: str | None, key: KeyOpener, lang: str = "zh"
) -> str:
    """``node certify`` of the request of ``node_id`` (the card as it was handed in),
    kept in this office's trust store; the CLI's summary line (without the file)."""
    raw = next((card for n, card, _r in s.pending_enrolments() if n == node_id), None)
    if raw is None:
        raise EnrolmentRequestMissing(node_id=node_id)
    card = NodeCard.from_file_bytes(raw)
    store = s.trust()
    signer = key()  # opened before any work, as ``node certify`` opens it
    cert = certify(
        card,
        s.node,
        signer,
        serial=s.ids.new_id(),
        issued=s.clock.now().isoformat(),
        enterprise_number=enterprise_number or None,
        root_key=store.root_key,
    )
    store.add(cert)  # the issuer trusts what it certified; the server hands it out
    s.save_trust(store)
    return text("gui.enrolments.certified", lang, label=card.label, serial=cert.serial)


def own_enrolment(s: Services) -> OwnEnrolment:
    """登记状态: this node's own certificate in its trust store (issuer, date), else
    whether its request was handed in (``node enrol`` records when)."""
    requested = enrolment_requested(s)
    try:
        store = s.trust()
    except NoTrustRoot:  # no province directory yet: nothing can be certified
        store = None
    cert = store.current_certificate(s.node.node_id) if store is not None else None
    if store is None or cert is None or cert.subject.public_key != s.node.public_key:
        return OwnEnrolment("pending" if requested else "none", requested=requested)
    above = store.current_certificate(cert.issuer_node_id)
    cards = [c for c in store.cards() if c.node_id == cert.issuer_node_id]  # the root's
    card = above.subject if above is not None else (cards[0] if cards else None)
    issuer = card.label if card is not None else cert.issuer_node_id
    return OwnEnrolment(
        "certified", requested=requested, issuer=issuer, issued=cert.issued, serial=cert.serial
    )
