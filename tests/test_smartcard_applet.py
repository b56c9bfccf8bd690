"""The identity-lock applet as the virtual lock runs it, APDU by APDU (no reader).

These pin down the protocol of ``docs/identity-lock.md``: status words, the retry
counter that is saved before the answer, blocking, and chained signing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from nacl.signing import VerifyKey

from regsync.adapters.smartcard import protocol as p
from regsync.adapters.smartcard.applet import Applet
from regsync.adapters.smartcard.card_state import CardState, create_state, load_state, save_state
from regsync.adapters.smartcard.errors import LockStateExists

PIN = b"246810"


def _sw(response: bytes) -> int:
    return int.from_bytes(response[-2:], "big")


@pytest.fixture
def state_file(tmp_path: Path) -> Path:
    path = tmp_path / "lock.json"
    create_state(path, CardState.new(pin=PIN.decode(), unit="太原市建筑设计研究院"))
    return path


def _power_on(path: Path) -> Applet:
    return Applet(load_state(path), lambda s: save_state(path, s))


def _selected(path: Path) -> Applet:
    applet = _power_on(path)
    assert applet.process(p.select_apdu()) == bytes([p.APPLET_VERSION]) + b"\x90\x00"
    return applet


def test_nothing_answers_before_select_and_a_foreign_aid_is_not_found(state_file: Path) -> None:
    applet = _power_on(state_file)
    assert _sw(applet.process(p.get_public_key_apdu())) == p.SW_CONDITIONS_NOT_SATISFIED
    foreign = p.apdu(0x00, p.INS_SELECT, 0x04, 0x00, b"\xa0\x00\x00\x00\x03", le=0)
    assert _sw(applet.process(foreign)) == p.SW_NOT_FOUND
    assert _sw(applet.process(b"\x00\xa4")) == p.SW_WRONG_LENGTH


def test_sign_needs_the_pin_and_the_signature_verifies(state_file: Path) -> None:
    applet = _selected(state_file)
    key = applet.process(p.get_public_key_apdu())
    assert _sw(key) == p.SW_OK
    assert len(key) == 34
    message = bytes(range(256)) * 3 + b"tail"  # 772 bytes: four chained blocks
    (first, *_) = p.sign_apdus(message)
    assert _sw(applet.process(first)) == p.SW_SECURITY_NOT_SATISFIED
    assert applet.process(p.verify_apdu(PIN)) == b"\x90\x00"
    out = b""
    for command in p.sign_apdus(message):
        out = applet.process(command)
        assert _sw(out) == p.SW_OK
    VerifyKey(key[:-2]).verify(message, out[:-2])


def test_a_new_power_on_forgets_the_pin(state_file: Path) -> None:
    applet = _selected(state_file)
    assert _sw(applet.process(p.verify_apdu(PIN))) == p.SW_OK
    assert _sw(applet.process(p.verify_apdu(b""))) == p.SW_OK
    again = _selected(state_file)
    assert _sw(again.process(p.verify_apdu(b""))) == p.SW_PIN_WRONG_BASE | 3
    assert _sw(again.process(p.sign_apdus(b"x")[0])) == p.SW_SECURITY_NOT_SATISFIED


def test_wrong_pins_count_down_persist_and_block_for_good(state_file: Path) -> None:
    applet = _selected(state_file)
    assert _sw(applet.process(p.verify_apdu(b"000000"))) == 0x63C2
    assert load_state(state_file).tries_left == 2  # saved before the answer
    assert _sw(applet.process(p.verify_apdu(PIN))) == p.SW_OK
    assert load_state(state_file).tries_left == 3  # a right PIN restores the tries
    for left in (2, 1):
        assert _sw(applet.process(p.verify_apdu(b"000000"))) == 0x63C0 | left
    applet = _selected(state_file)  # pulling the card out refunds nothing
    assert _sw(applet.process(p.verify_apdu(b""))) == 0x63C1
    assert _sw(applet.process(p.verify_apdu(b"000000"))) == 0x63C0
    assert _sw(applet.process(p.verify_apdu(PIN))) == p.SW_PIN_BLOCKED
    assert _sw(applet.process(p.sign_apdus(b"x")[0])) == p.SW_PIN_BLOCKED
    info = p.parse_tlvs(applet.process(p.get_info_apdu())[:-2])
    assert (info[p.TAG_TRIES_LEFT], info[p.TAG_TRIES_MAX]) == (b"\x00", b"\x03")


def test_pin_length_and_reference_are_checked_without_costing_a_try(state_file: Path) -> None:
    applet = _selected(state_file)
    assert _sw(applet.process(p.verify_apdu(b"123"))) == p.SW_WRONG_LENGTH
    bad_ref = p.apdu(0x00, p.INS_VERIFY, 0x00, 0x01, PIN)
    assert _sw(applet.process(bad_ref)) == p.SW_WRONG_P1P2
    assert load_state(state_file).tries_left == 3


def test_an_interrupted_chain_is_dropped(state_file: Path) -> None:
    applet = _selected(state_file)
    applet.process(p.verify_apdu(PIN))
    first, *_ = p.sign_apdus(b"a" * 600)
    assert _sw(applet.process(first)) == p.SW_OK
    assert _sw(applet.process(p.get_public_key_apdu())) == p.SW_CHAIN_EXPECTED
    # The next SIGN starts afresh: the signature covers only its own message.
    out = b""
    for command in p.sign_apdus(b"b"):
        out = applet.process(command)
    key = applet.process(p.get_public_key_apdu())[:-2]
    VerifyKey(key).verify(b"b", out[:-2])


def test_info_and_unknown_instructions(state_file: Path) -> None:
    applet = _selected(state_file)
    info = p.parse_tlvs(applet.process(p.get_info_apdu())[:-2])
    state = load_state(state_file)
    assert info[p.TAG_SERIAL].decode() == state.serial
    assert info[p.TAG_UNIT].decode() == "太原市建筑设计研究院"
    assert _sw(applet.process(p.apdu(0x80, 0x99, 0, 0))) == p.SW_INS_UNSUPPORTED
    assert _sw(applet.process(p.apdu(0x00, 0xCA, 0, 0))) == p.SW_CLA_UNSUPPORTED


def test_a_lock_state_is_never_overwritten(state_file: Path) -> None:
    before = state_file.read_bytes()
    with pytest.raises(LockStateExists):
        create_state(state_file, CardState.new(pin="111111", unit="x"))
    assert state_file.read_bytes() == before
    assert state_file.stat().st_mode & 0o777 == 0o600


def test_derive_opens_a_sealed_key_and_needs_the_pin(state_file: Path) -> None:
    from nacl.bindings import crypto_box_open_afternm, crypto_sign_ed25519_pk_to_curve25519
    from nacl.public import PublicKey, SealedBox

    applet = _selected(state_file)
    key = applet.process(p.get_public_key_apdu())[:-2]
    own = crypto_sign_ed25519_pk_to_curve25519(key)
    sealed = SealedBox(PublicKey(own)).encrypt(b"k" * 32)
    ephemeral = sealed[:32]
    assert _sw(applet.process(p.derive_apdu(ephemeral))) == p.SW_SECURITY_NOT_SATISFIED
    applet.process(p.verify_apdu(PIN))
    assert _sw(applet.process(p.derive_apdu(ephemeral[:31]))) == p.SW_WRONG_LENGTH
    answer = applet.process(p.derive_apdu(ephemeral))
    assert _sw(answer) == p.SW_OK
    nonce = hashlib.blake2b(ephemeral + own, digest_size=24).digest()
    assert crypto_box_open_afternm(sealed[32:], nonce, answer[:-2]) == b"k" * 32
