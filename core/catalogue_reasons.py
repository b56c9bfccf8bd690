"""The reasons and details an error shows inside its message, in each language.

Same form as :data:`regsync.core.catalogue.TEXTS` (key -> (zh, en)), merged into it at
the end of that module.  An error whose template shows ``{reason}`` or ``{detail}``
gets ``reason_zh``/``reason_en`` (:func:`regsync.core.errors.per_language`), built from
one of these keys with :func:`regsync.core.catalogue_sync.label`, so a Chinese reader
never reads an English reason.  :func:`with_cause` adds a library's own English words
(an exception's text) to the English reason only: they are a technician's clue, not a
sentence for the office.
"""

from __future__ import annotations

from regsync.core.catalogue_sync import Label


def with_cause(reason: Label, cause: object) -> Label:
    """``reason`` with a library's own (English) text added to the English side only."""
    text = str(cause).strip()
    return Label(reason.zh, f"{reason.en} ({text})") if text else reason


def reason_params(reason: Label, name: str = "reason") -> dict[str, str]:
    """``{name}_zh`` and ``{name}_en`` for an error's parameters."""
    return {f"{name}_zh": reason.zh, f"{name}_en": reason.en}


TEXTS: dict[str, tuple[str, str]] = {
    # packages_bpz: a header or payload that does not parse (MalformedHeader/Payload).
    "reason.bpz.payload_length": (
        "包头记录的内容长度与文件开头记录的不一致",
        "payload_length differs from the prelude",
    ),
    "reason.bpz.reserved": (
        "文件开头的保留字段为 {value}，应为 0",
        "reserved prelude field is {value}, not 0",
    ),
    "reason.bpz.header_form": (
        "包头不是规定的格式",
        "the header is not in the required form",
    ),
    "reason.bpz.zstd_trailing": (
        "压缩数据结束后还有多余的数据",
        "data follows the end of the zstd frame",
    ),
    "reason.bpz.zstd_bad": ("压缩数据无法解压", "the zstd data does not decode"),
    "reason.bpz.zstd_short": (
        "压缩数据提前结束：只有 {total} 字节，应为 {limit} 字节",
        "the zstd frame ends early: {total} of {limit} bytes",
    ),
    "reason.bpz.too_many_items": (
        "数据项多于包头声明的 {count} 项",
        "more items than the {count} the header declares",
    ),
    "reason.bpz.item_cut": ("最后一个数据项不完整", "the item stream ends inside an item"),
    "reason.bpz.counts": (
        "包内有 {items} 个数据项、{changes} 处修改，与包头声明的 {declared_items} 个、"
        "{declared_changes} 处不一致",
        "it holds {items} items and {changes} changes, not the {declared_items} and "
        "{declared_changes} the header declares",
    ),
    "reason.bpz.item_decode": ("有一个数据项无法解码", "an item does not decode"),
    "reason.bpz.item_form": (
        "有一个数据项不是“类别、内容”一对",
        "an item is not a [kind, map] pair",
    ),
    "reason.bpz.changeset_form": (
        "有一个修改集数据项缺少修改清单",
        "a changeset item has no body.changes list",
    ),
    "reason.bpz.seal_final": (
        "加密内容的结束标记不在内容末尾",
        "the sealed payload's final message is not where the payload ends",
    ),
    "reason.bpz.seal_decrypt": ("加密内容无法解密", "the sealed payload does not decrypt"),
    # packages_bpz: an item the writer cannot encode (UnencodableItem).
    "reason.bpz.unencodable": ("其中有无法写入的值", "a value in it cannot be encoded"),
    "reason.bpz.item_pair": (
        "数据项应为“类别、内容”一对",
        "an item must be a (kind, map) pair",
    ),
    "reason.bpz.item_pair_types": (
        "数据项的类别应为非空文本，内容应为字典",
        "an item must be a (non-empty str, dict) pair",
    ),
    "reason.bpz.changeset_needs": (
        "修改集数据项需要修改清单",
        "a changeset item needs a body.changes list",
    ),
    # adapters/keyfile: a key file that is not one (CorruptKeyFile).
    "reason.keyfile.seed_length": ("密钥长度不对", "the key has the wrong length"),
    "reason.keyfile.public_mismatch": (
        "文件中的公钥与密钥不符",
        "the public key does not match the key",
    ),
    "reason.keyfile.not_hex": ("不是十六进制的密钥种子", "not a hex seed"),
    "reason.keyfile.not_32": ("密钥种子不是 32 字节", "not a 32-byte seed"),
    "reason.keyfile.hex_field": (
        "{field}不是 {size} 字节的十六进制数",
        "{field} is not {size} bytes of lowercase hex",
    ),
    "reason.keyfile.field.public_key": ("公钥", "public_key"),
    "reason.keyfile.field.ciphertext": ("密文", "ciphertext"),
    "reason.keyfile.field.other": ("字段 {name}", "{name}"),
    "reason.keyfile.too_large": ("文件过大", "the file is far too large"),
    "reason.keyfile.legacy": ("旧式未加密的密钥种子", "old unencrypted seed"),
    "reason.keyfile.not_text": ("内容不是密钥文件的文本格式", "not UTF-8 JSON"),
    "reason.keyfile.not_type": ("文件的类型标记不对", "not a regsync key document"),
    "reason.keyfile.no_version": ("缺少版本号", "the version is missing"),
    "reason.keyfile.unsupported_version": ("版本不受支持", "unsupported version"),
    "reason.keyfile.algorithms": (
        "密钥派生或加密的算法不对",
        "the key-derivation or cipher algorithm is not the expected one",
    ),
    "reason.keyfile.kdf_limits": (
        "密钥派生参数缺失或超出范围",
        "the key-derivation limits are missing or out of range",
    ),
    # adapters/http: a request the server refuses (BadRequestSignature, MalformedRequest).
    "reason.http.header_missing": (
        "缺少签名请求头，或其格式不对",
        "missing or malformed header",
    ),
    "reason.http.nonce_digest": (
        "随机数或摘要的格式不对",
        "malformed nonce or digest",
    ),
    "reason.http.no_verify": ("签名验证不通过", "the signature does not verify"),
    "reason.http.other_node": (
        "该密钥是为节点 {sender} 签发的，不是 {node}",
        "the key is certified for node {sender}, not {node}",
    ),
    "reason.http.body_digest": (
        "请求内容与其签名的摘要不符",
        "the body differs from its signed digest",
    ),
    "reason.http.card_not_self_signed": (
        "节点卡不是由其自身的密钥签名",
        "the card is not signed for by its own key",
    ),
    "reason.http.heads_no_body": (
        "查询同步进度的请求不应带内容",
        "POST /v1/heads takes no body",
    ),
    "reason.http.hung_up": (
        "上传过程中客户端断开了连接",
        "the client hung up during the upload",
    ),
    "reason.http.bad_request": (
        "请求 {method} {path} 无法处理",
        "{method} {path} cannot be handled",
    ),
    # adapters/http: the client's view of a server (ServerFailed, ServerUnreachable).
    "reason.http.answer_too_large": ("服务器的应答过大", "answer too large"),
    "reason.http.not_json": ("服务器的应答格式不对", "not JSON"),
    "reason.http.timed_out": ("连接超时", "timed out"),
    "reason.http.connect_failed": ("无法连接", "the connection failed"),
    # app/bootstrap: a --db URL (InvalidDatabaseUrl).
    "reason.db_url.sqlite_path": (
        "SQLite 数据库地址需要写明文件路径",
        "a SQLite URL needs a file path",
    ),
    "reason.db_url.unsupported": (
        "不支持的数据库类型“{backend}”",
        "unsupported database '{backend}'",
    ),
    "reason.db_url.not_url": ("不是数据库地址", "not a database URL"),
    "reason.db_url.unusable": ("无法按此地址打开数据库", "the URL cannot be used"),
    # adapters/smartcard: the card-reader service (PcscUnavailable).
    "reason.pcsc.no_pyscard": (
        "未安装读卡器支持组件",
        "pyscard is not installed (pip install 'regsync[smartcard]')",
    ),
    "reason.pcsc.service": ("读卡器服务没有响应", "the PC/SC service does not answer"),
}
