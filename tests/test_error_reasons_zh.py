"""No English reason inside a Chinese error (and no Chinese inside an English one).

Errors that show a ``{reason}``/``{detail}`` get it in each language
(``reason_zh``/``reason_en``, core.errors.per_language): a damaged bundle header, a
damaged key file, a bad ``--db`` URL, a server answering something other than JSON,
a request without its signature headers, a passphrase not given, an edition's refusal.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import httpx
import pytest

from regsync.adapters.http.client import SyncClient
from regsync.adapters.http.errors import BadRequestSignature, ServerFailed
from regsync.adapters.http.signing import verify_request
from regsync.adapters.keyfile import KeyFileSigner
from regsync.adapters.keyfile.errors import CorruptKeyFile
from regsync.adapters.sql.errors import InvalidDatabaseUrl
from regsync.app.bootstrap import open_database
from regsync.app.errors import PassphraseRequired
from regsync.app.secrets import passphrase
from regsync.core import i18n
from regsync.core.errors import CoreError, NotAllowed
from regsync.core.testing import FixedClock
from regsync.packages_bpz import MalformedHeader, read_header
from regsync.packages_bpz.layout import FORMAT_VERSION, MAGIC, PRELUDE
from regsync.packages_bpz.testing import KeySigner

# Names a Chinese template itself writes in Latin letters: the program, commands,
# the database systems of an address's example, the card-reader service.
NAMES = {
    "regsync", "sync", "HTTP", "SQLite", "sqlite", "postgresql", "psycopg", "db",
    "PC", "SC", "pcscd", "apt", "get", "install", "smartcard", "passphrase", "env",
    "PIN",
    "mysql",  # the database type the user typed (data)
}  # fmt: skip
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
TRANSLATED = ("reason", "detail")


def _data(exc: CoreError) -> list[str]:
    """The parameters that are data (a path, a URL, a variable's name), longest first."""
    shown = [
        str(v)
        for k, v in exc.params.items()
        if k not in TRANSLATED and not k.endswith(("_zh", "_en"))
    ]
    return sorted(shown, key=len, reverse=True)


def assert_each_language(exc: CoreError) -> tuple[str, str]:
    zh, en = exc.message("zh"), exc.message("en")
    zh_words, en_text = zh, en
    for value in _data(exc):
        zh_words, en_text = zh_words.replace(value, " "), en_text.replace(value, " ")
    latin = [w for w in LATIN_WORD.findall(zh_words) if w not in NAMES]
    assert not latin, f"English in the Chinese message {zh!r}: {latin}"
    assert not CJK.search(en_text), f"Chinese in the English message {en!r}"
    return zh, en


def _bundle(path: Path, *, reserved: int = 0, header: bytes = b"\x93garbage") -> Path:
    prelude = PRELUDE.pack(MAGIC, FORMAT_VERSION, reserved, len(header), 0)
    path.write_bytes(prelude + header + bytes(64))
    return path


def test_a_bundle_with_a_garbage_header(tmp_path: Path) -> None:
    with pytest.raises(MalformedHeader) as caught:
        read_header(_bundle(tmp_path / "a.bpz"))
    zh, en = assert_each_language(caught.value)
    assert "包头不是规定的格式" in zh
    assert "the header is not in the required form" in en


def test_a_bundle_whose_reserved_field_is_set(tmp_path: Path) -> None:
    with pytest.raises(MalformedHeader) as caught:
        read_header(_bundle(tmp_path / "b.bpz", reserved=7))
    zh, en = assert_each_language(caught.value)
    assert "保留字段为 7" in zh
    assert "reserved prelude field is 7, not 0" in en


@pytest.mark.parametrize(
    ("content", "zh_reason"),
    [
        (b"\xff\xfe not text", "内容不是密钥文件的文本格式"),
        (json.dumps({"type": "something else"}).encode(), "文件的类型标记不对"),
        (b"x" * 100_000, "文件过大"),
    ],
)
def test_a_corrupt_key_file(tmp_path: Path, content: bytes, zh_reason: str) -> None:
    path = tmp_path / "node.key"
    path.write_bytes(content)
    with pytest.raises(CorruptKeyFile) as caught:
        KeyFileSigner.open(path, "a long enough passphrase")
    zh, _ = assert_each_language(caught.value)
    assert zh_reason in zh


def test_a_key_file_whose_public_key_field_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "node.key"
    KeyFileSigner.create(path, "a long enough passphrase", seed=bytes(32))
    doc = json.loads(path.read_text())
    path.write_text(json.dumps({**doc, "public_key": "zz"}))
    with pytest.raises(CorruptKeyFile) as caught:
        KeyFileSigner.open(path, "a long enough passphrase")
    zh, en = assert_each_language(caught.value)
    assert "公钥不是 32 字节" in zh
    assert "public_key is not 32 bytes" in en


@pytest.mark.parametrize(
    ("url", "zh_reason"),
    [
        ("nonsense", "不是数据库地址"),
        ("mysql://user@host/db", "不支持的数据库类型"),
        ("sqlite://", "需要写明文件路径"),
    ],
)
def test_a_bad_database_url(url: str, zh_reason: str) -> None:
    clock = FixedClock(dt.datetime(2024, 5, 1, tzinfo=dt.UTC))
    with pytest.raises(InvalidDatabaseUrl) as caught:
        open_database(url, clock)
    zh, _ = assert_each_language(caught.value)
    assert zh_reason in zh


def _client(answer: httpx.Response) -> SyncClient:
    return SyncClient(
        "http://sync.test",
        node_id="N1",
        signer=KeySigner,
        now=lambda: 1000,
        transport=httpx.MockTransport(lambda _request: answer),
    )


def test_a_server_answering_other_than_json() -> None:
    with (
        _client(httpx.Response(200, text="<html>welcome</html>")) as client,
        pytest.raises(ServerFailed) as caught,
    ):
        client.info()
    zh, en = assert_each_language(caught.value)
    assert "服务器的应答格式不对" in zh
    assert "not JSON" in en


def test_a_failing_server_is_quoted_in_each_language() -> None:
    document = {"error": "InternalServerError", "message": "服务器内部错误", "message_en": "boom"}
    with (
        _client(httpx.Response(500, json=document)) as client,
        pytest.raises(ServerFailed) as caught,
    ):
        client.info()
    zh, en = assert_each_language(caught.value)
    assert "服务器内部错误" in zh
    assert "boom" in en


def test_a_request_without_its_signature_headers() -> None:
    with pytest.raises(BadRequestSignature) as caught:
        verify_request({}, method="POST", target="/v1/heads", me="S", now=1000)
    zh, _ = assert_each_language(caught.value)
    assert "缺少签名请求头" in zh


def test_a_passphrase_not_given() -> None:
    with pytest.raises(PassphraseRequired) as caught:
        passphrase({}, "MY_PASSPHRASE")
    zh, en = assert_each_language(caught.value)
    assert "（未设置）" in zh
    assert "MY_PASSPHRASE" in en


@pytest.mark.skipif(
    "{edition}" not in (i18n.lookup("error.NotAllowed", "zh") or ""),
    reason="the .po template of error.NotAllowed changed; the lead recompiles the .mo",
)
def test_an_edition_refusal_names_the_edition() -> None:
    exc = NotAllowed(role="enterprise", action_zh="审查申请", action_en="review applications")
    zh, en = assert_each_language(exc)
    assert zh == "企业版不能审查申请"
    assert en == "the enterprise edition cannot review applications"
