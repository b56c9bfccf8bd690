"""SmartCardSigner through the real stack: pyscard -> pcscd -> vpcd -> the virtual lock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from nacl.signing import VerifyKey

from regsync.adapters.smartcard import CardState, SmartCardSigner, create_state
from regsync.adapters.smartcard.errors import (
    LockRemoved,
    NoCard,
    PinBlocked,
    WrongCard,
    WrongLock,
    WrongPin,
)
from tests.lock_helpers import PIN, OtherCard, VirtualLock, pcsc, wait_for

__all__ = ["pcsc"]  # the fixture, imported for pytest
pytestmark = pytest.mark.usefixtures("pcsc")


@pytest.fixture
def lock(tmp_path: Path) -> Iterator[VirtualLock]:
    state = tmp_path / "lock.json"
    create_state(state, CardState.new(pin=PIN, unit="晋城市住房和城乡建设局", tries=3))
    virtual = VirtualLock(state, {})
    virtual.start()
    yield virtual
    virtual.stop()


def test_sign_and_verify_through_pcscd(lock: VirtualLock) -> None:
    signer = SmartCardSigner.connect()
    try:
        assert signer.info.unit == "晋城市住房和城乡建设局"
        assert signer.info.serial.startswith("RSL")
        signer.verify_pin(PIN)
        for message in (b"", b"head", bytes(range(256)) * 40):  # 0, 4 and 10240 bytes
            VerifyKey(signer.public_key()).verify(message, signer.sign(message))
    finally:
        signer.close()


def test_wrong_pin_counts_down_then_blocks(lock: VirtualLock) -> None:
    signer = SmartCardSigner.connect()
    try:
        with pytest.raises(WrongPin) as first:
            signer.verify_pin("000000")
        assert first.value.params["tries"] == 2
        assert "2" in first.value.message("en")
        with pytest.raises(WrongPin):
            signer.verify_pin("000000")
        with pytest.raises(PinBlocked):
            signer.verify_pin("000000")
        with pytest.raises(PinBlocked):
            signer.verify_pin(PIN)  # blocked for good: the right PIN no longer helps
        with pytest.raises(PinBlocked):
            signer.sign(b"anything")
    finally:
        signer.close()


def test_a_lock_with_another_key_is_refused(lock: VirtualLock) -> None:
    with pytest.raises(WrongLock) as refused:
        SmartCardSigner.connect(expected_key=bytes(32))
    assert refused.value.params["unit"] == "晋城市住房和城乡建设局"


def test_a_lock_pulled_out_before_the_signature(lock: VirtualLock) -> None:
    signer = SmartCardSigner.connect()
    signer.verify_pin(PIN)
    lock.stop()
    with pytest.raises(LockRemoved):
        signer.sign(b"stream head")
    signer.close()
    lock.start()  # the fixture stops it again


def test_no_card_and_a_card_that_is_not_a_lock(pcsc: None) -> None:
    wait_for("none")
    with pytest.raises(NoCard) as empty:
        SmartCardSigner.connect()
    assert "Virtual PCD" in empty.value.message("en")
    card = OtherCard()
    try:
        with pytest.raises(WrongCard) as wrong:
            SmartCardSigner.connect()
        assert wrong.value.params["sw"] == "6A 82"
    finally:
        card.remove()
