"""The passphrase-protected key file behind the Signer port (issue 3, item 2)."""

from __future__ import annotations

import errno
import json
import os
import stat
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, SealedBox
from nacl.signing import SigningKey, VerifyKey

from regsync.adapters.keyfile import (
    KDF_MIN,
    KDF_MODERATE,
    KeyFile,
    KeyFileSigner,
    protect_legacy,
    read_public_key,
)
from regsync.adapters.keyfile.errors import (
    CorruptKeyFile,
    KeyFileError,
    KeyFileExists,
    KeyFileMissing,
    UnprotectedKeyFile,
    UnsealFailed,
    UnsupportedKeyFileVersion,
    WeakPassphrase,
    WrongPassphrase,
)
from regsync.core.errors import CoreError
from regsync.core.ports import Signer

PASS = "正确的口令 correct horse"


def make(path: Path, passphrase: str = PASS) -> KeyFileSigner:
    return KeyFileSigner.create(path, passphrase, limits=KDF_MIN)


def rewrite(path: Path, change: dict[str, object], kdf: dict[str, object] | None = None) -> None:
    doc = json.loads(path.read_bytes())
    doc.update(change)
    doc["kdf"].update(kdf or {})
    path.chmod(0o600)
    path.write_text(json.dumps(doc))


def test_create_and_open_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "node.key"
    created = make(path)
    opened = KeyFileSigner.open(path, PASS)
    assert opened.public_key() == created.public_key()
    assert len(opened.public_key()) == 32
    assert read_public_key(path) == created.public_key()
    assert opened.path == path


def test_signatures_verify_with_nacl(tmp_path: Path) -> None:
    signer: Signer = make(tmp_path / "node.key")  # satisfies the port
    message = "变更注册 bundle head".encode()
    signature = signer.sign(message)
    assert len(signature) == 64
    assert VerifyKey(signer.public_key()).verify(message, signature) == message


def test_limits_and_version_are_recorded(tmp_path: Path) -> None:
    path = tmp_path / "node.key"
    make(path)
    doc = json.loads(path.read_bytes())
    assert (doc["type"], doc["version"], doc["cipher"]) == ("regsync-key", 1, "xsalsa20poly1305")
    assert doc["kdf"]["algorithm"] == "argon2id"
    assert (doc["kdf"]["opslimit"], doc["kdf"]["memlimit"]) == (
        KDF_MIN.opslimit,
        KDF_MIN.memlimit,
    )
    assert KDF_MODERATE.memlimit > KDF_MIN.memlimit
    seed_hex_candidates = [v for v in doc.values() if isinstance(v, str) and len(v) == 64]
    assert seed_hex_candidates == [doc["public_key"]]  # nothing secret in clear


def test_wrong_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "node.key"
    make(path)
    with pytest.raises(WrongPassphrase) as caught:
        KeyFileSigner.open(path, "guess-7f3a9c")
    for lang in ("zh", "en"):
        text = caught.value.message(lang)
        assert str(path) in text
        assert "guess-7f3a9c" not in text
        assert PASS not in text
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


def test_passphrase_is_normalised(tmp_path: Path) -> None:
    path = tmp_path / "node.key"
    composed = "口令é-12345"
    make(path, unicodedata.normalize("NFC", composed))
    KeyFileSigner.open(path, unicodedata.normalize("NFD", composed))


def test_weak_passphrase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WeakPassphrase):
        make(tmp_path / "node.key", "short")
    assert not (tmp_path / "node.key").exists()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(KeyFileMissing):
        KeyFileSigner.open(tmp_path / "absent.key", PASS)
    with pytest.raises(KeyFileMissing):
        read_public_key(tmp_path / "absent.key")


@pytest.mark.parametrize(
    "content",
    [b"", b"garbage", b"{}", b"[1, 2]", b'{"type": "regsync-key"}', b"\xff" * 100, b" " * 70_000],
)
def test_corrupt_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "node.key"
    path.write_bytes(content)
    with pytest.raises(CorruptKeyFile) as caught:
        KeyFileSigner.open(path, PASS)
    assert caught.value.message("zh")
    assert caught.value.message("en")


@pytest.mark.parametrize(
    ("change", "kdf"),
    [
        ({"public_key": "00" * 32}, None),
        ({"ciphertext": "zz"}, None),
        ({"cipher": "aes"}, None),
        ({}, {"memlimit": 1 << 40}),  # would make the opening PC allocate a terabyte
        ({}, {"opslimit": 0}),
        ({}, {"salt": "00"}),
        ({"version": "1"}, None),
    ],
)
def test_damaged_fields(tmp_path: Path, change: dict[str, object], kdf: dict[str, object]) -> None:
    path = tmp_path / "node.key"
    make(path)
    rewrite(path, change, kdf)
    with pytest.raises(CorruptKeyFile):
        KeyFileSigner.open(path, PASS)


def test_damaged_ciphertext_reads_as_a_wrong_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "node.key"
    make(path)
    ciphertext = json.loads(path.read_bytes())["ciphertext"]
    flipped = ciphertext[:-1] + ("0" if ciphertext[-1] != "0" else "1")
    rewrite(path, {"ciphertext": flipped})
    with pytest.raises(WrongPassphrase) as caught:
        KeyFileSigner.open(path, PASS)
    assert "backup" in caught.value.message("en")


def test_unsupported_version(tmp_path: Path) -> None:
    path = tmp_path / "node.key"
    make(path)
    rewrite(path, {"version": 2})
    with pytest.raises(UnsupportedKeyFileVersion) as caught:
        KeyFileSigner.open(path, PASS)
    assert "2" in caught.value.message("en")


def test_file_mode_is_0600_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        make(tmp_path / "node.key")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "node.key").stat().st_mode) == 0o600


def test_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "node.key"
    make(path)
    before = path.read_bytes()
    with pytest.raises(KeyFileExists) as caught:
        make(path, "another passphrase")
    assert isinstance(caught.value, KeyFileError)
    assert isinstance(caught.value, CoreError)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["node.key"]


def test_no_temporary_files_are_left(tmp_path: Path) -> None:
    make(tmp_path / "a.key")
    make(tmp_path / "b.key")
    assert sorted(os.listdir(tmp_path)) == ["a.key", "b.key"]


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        make(tmp_path / "node.key")
    assert os.listdir(tmp_path) == []


def test_a_stale_temporary_file_does_not_block_creation(tmp_path: Path) -> None:
    (tmp_path / "node.key.tmp").write_text("left by a crash")
    make(tmp_path / "node.key")
    KeyFileSigner.open(tmp_path / "node.key", PASS)


def test_filesystems_without_hard_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(src: object, dst: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "node.key"
    created = make(path)
    assert KeyFileSigner.open(path, PASS).public_key() == created.public_key()
    assert os.listdir(tmp_path) == ["node.key"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(KeyFileExists):
        make(path)
    assert os.listdir(tmp_path) == ["node.key"]


def test_a_failed_rename_without_hard_links_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: object, dst: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="I/O error"):
        make(tmp_path / "node.key")
    assert os.listdir(tmp_path) == []


def test_unseal_opens_a_sealed_box_made_for_the_public_key(tmp_path: Path) -> None:
    signer = make(tmp_path / "node.key")
    recipient = VerifyKey(signer.public_key()).to_curve25519_public_key()
    secret = os.urandom(32)  # e.g. a bundle's symmetric key
    assert signer.unseal(SealedBox(recipient).encrypt(secret)) == secret
    reopened = KeyFileSigner.open(tmp_path / "node.key", PASS)
    assert reopened.unseal(SealedBox(recipient).encrypt(b"personal package")) == (
        b"personal package"
    )


def test_unseal_refuses_what_is_not_addressed_to_this_node(tmp_path: Path) -> None:
    signer = make(tmp_path / "node.key")
    other = SealedBox(PrivateKey.generate().public_key).encrypt(b"not for you")
    with pytest.raises(UnsealFailed) as caught:
        signer.unseal(other)
    assert isinstance(caught.value, CryptoError)  # what the bundle reader's Unsealer raises
    assert caught.value.message("zh")
    assert caught.value.message("en")
    with pytest.raises(UnsealFailed):
        signer.unseal(b"short")


def test_repr_shows_no_secret(tmp_path: Path) -> None:
    signer = make(tmp_path / "node.key")
    assert signer.public_key().hex() in repr(signer)
    assert not hasattr(signer, "__dict__")


def test_legacy_unencrypted_file(tmp_path: Path) -> None:
    legacy = tmp_path / "node.key"
    key = SigningKey.generate()
    KeyFile(legacy).write(key)
    assert stat.S_IMODE(legacy.stat().st_mode) == 0o600
    assert KeyFile(legacy).read() == key
    with pytest.raises(UnprotectedKeyFile):
        KeyFileSigner.open(legacy, PASS)
    protected = protect_legacy(legacy, tmp_path / "node.key.new", PASS, limits=KDF_MIN)
    assert protected.public_key() == bytes(key.verify_key)
    reopened = KeyFileSigner.open(tmp_path / "node.key.new", PASS)
    assert reopened.public_key() == bytes(key.verify_key)
    with pytest.raises(FileExistsError):
        KeyFile(legacy).write(key)


_SAMPLE_KEY = SigningKey(bytes(range(32)))


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("sample") / "node.key"
    KeyFileSigner.create(path, PASS, limits=KDF_MIN, seed=bytes(_SAMPLE_KEY))
    return path.read_bytes()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.integers(min_value=0), value=st.integers(0, 255))
def test_any_single_byte_change_is_a_typed_error_or_harmless(
    sample_file: bytes, tmp_path: Path, position: int, value: int
) -> None:
    position %= len(sample_file)
    mutated = sample_file[:position] + bytes([value]) + sample_file[position + 1 :]
    path = tmp_path / f"m{position}-{value}.key"
    path.write_bytes(mutated)
    outcome = _open_or_error(path)
    path.unlink()
    if isinstance(outcome, KeyFileError):
        assert outcome.message("zh")
        assert outcome.message("en")
    else:
        # Only layout (whitespace) can change without harm: the key is still the same.
        assert outcome.public_key() == bytes(_SAMPLE_KEY.verify_key)


def _open_or_error(path: Path) -> KeyFileSigner | KeyFileError:
    try:
        return KeyFileSigner.open(path, PASS)
    except KeyFileError as exc:
        return exc
