"""Errors of live HTTP sync, with the HTTP status the server answers each with.

    HttpError
    ├── RequestRefused          (server side) a request the server will not serve
    │   ├── BadRequestSignature    401 signature headers missing, malformed or not verifying
    │   ├── StaleRequest           401 timestamp outside the replay window (clock wrong?)
    │   ├── ReplayedRequest        401 this nonce was already used
    │   ├── WrongServer            401 the request was signed for another server node
    │   ├── MalformedRequest       400 the body or a parameter is not what the endpoint takes
    │   ├── RequestTooLarge        413 the body exceeds the server's limit
    │   ├── NoSuchEndpoint         404 no such endpoint (see docs/http-api.md)
    │   ├── EnrolmentPending       404 no certificate for this node yet
    │   ├── TooManyEnrolments      429 the pending enrolment requests are at their cap
    │   ├── ServerBusy             503 the connections are at their cap (Retry-After)
    │   └── InternalServerError    500 an unexpected failure (details in the server log)
    └── ClientError             (client side) a sync that could not complete
        ├── ServerUnreachable      DNS failure, refused or cut connection, timeout
        ├── ServerFailed           the server answered 5xx
        ├── ServerRefused          the server answered 4xx with a typed error
        ├── ServerNotTrusted       the server's node or response signature is not trusted
        ├── BadServerUrl           --server is not an http(s) URL
        └── NoServer               no --server given and none configured

Every refusal the server sends is a JSON document ``{"error": <class name>,
"message": <zh>, "message_en": <en>, "status": <code>}``; nothing is written when a
request is refused.
"""

from __future__ import annotations

from typing import ClassVar

from regsync.core.errors import CoreError


class HttpError(CoreError):
    """Root of the live-HTTP errors."""


class RequestRefused(HttpError):
    """A request the server refuses; ``status`` is the HTTP status it answers with."""

    status: ClassVar[int] = 400


class BadRequestSignature(RequestRefused):
    status = 401
    zh = "请求签名无效（{reason}）；请确认使用的是本节点的密钥，且本节点已在服务器登记"
    en = "the request signature is invalid ({reason}); check that this node's own key signs it and that the node is enrolled with the server"


class StaleRequest(RequestRefused):
    status = 401
    zh = "请求时间 {sent} 与服务器时间 {now} 相差超过 {window} 秒；请校准本机时钟后重试"
    en = "the request time {sent} differs from the server's {now} by more than {window} seconds; set this computer's clock right and try again"


class ReplayedRequest(RequestRefused):
    status = 401
    zh = "该请求（随机数 {nonce}）已被使用过，拒绝重放"
    en = "this request (nonce {nonce}) was already used; a replay is refused"


class WrongServer(RequestRefused):
    status = 401
    zh = "请求是发给节点 {to} 的，但本服务器是 {me}"
    en = "the request was signed for node {to}, but this server is {me}"


class MalformedRequest(RequestRefused):
    status = 400
    zh = "请求内容无效：{detail}"
    en = "the request is malformed: {detail}"


class RequestTooLarge(RequestRefused):
    status = 413
    zh = "请求内容超过服务器上限 {limit} 字节；请分批同步或联系服务器管理员"
    en = "the request body exceeds the server's limit of {limit} bytes; sync in smaller parts or ask the server's administrator"


class NoSuchEndpoint(RequestRefused):
    status = 404
    zh = "没有这个接口：{method} {path}（接口说明见 docs/http-api.md）"
    en = "no such endpoint: {method} {path} (see docs/http-api.md)"


class EnrolmentPending(RequestRefused):
    status = 404
    zh = "节点 {node_id} 尚未获得证书：登记申请已收到，等待管理员签发"
    en = "node {node_id} has no certificate yet: the enrolment request is waiting for an administrator to certify it"


class TooManyEnrolments(RequestRefused):
    status = 429
    zh = "待审核的登记申请已达上限（{scope}最多 {limit} 份）；请等管理员处理已提交的申请后再试，或直接联系主管部门"
    en = "too many enrolment requests are waiting for review ({scope_en} at most {limit}); try again once an administrator has dealt with those already sent, or contact the issuing office"


class ServerBusy(RequestRefused):
    status = 503
    zh = "同步服务器繁忙（{scope}已有 {limit} 个连接）；数据未改动，请 {retry_after} 秒后重试"
    en = "the sync server is busy ({scope_en} already holds {limit} connections); nothing was changed, try again in {retry_after} seconds"


class InternalServerError(RequestRefused):
    status = 500
    zh = "服务器内部错误（{kind}）；数据未改动，请稍后重试，如反复出现请联系服务器管理员"
    en = "internal server error ({kind}); nothing was changed. Try again later and tell the server's administrator if it persists"


class ClientError(HttpError):
    """A sync that could not complete; local data is untouched and the next run continues."""


class ServerUnreachable(ClientError):
    zh = "无法连接同步服务器 {url}：{reason}。本地数据未受影响；请检查网络后重新运行 regsync sync"
    en = "cannot reach the sync server {url}: {reason}. Local data is untouched; check the network and run regsync sync again"


class ServerFailed(ClientError):
    zh = "同步服务器 {url} 出错（HTTP {status}：{detail}）。本地数据未受影响；请稍后重新运行 regsync sync"
    en = "the sync server {url} failed (HTTP {status}: {detail}). Local data is untouched; run regsync sync again later"


class ServerRefused(ClientError):
    zh = "同步服务器拒绝了请求（HTTP {status} {error}）：{detail_zh}"
    en = "the sync server refused the request (HTTP {status} {error}): {detail_en}"


class ServerNotTrusted(ClientError):
    zh = "同步服务器 {url} 不可信：{reason_zh}。未交换任何数据"
    en = "the sync server {url} is not trusted: {reason_en}. Nothing was exchanged"


class BadServerUrl(ClientError):
    zh = "服务器地址 --server “{url}” 无效：应以 http:// 或 https:// 开头，例如 https://sync.example.cn"
    en = "server address --server '{url}' is invalid: it must start with http:// or https://, e.g. https://sync.example.cn"


class NoServer(ClientError):
    zh = "没有同步服务器地址：请用 --server 指定（初始化时用 regsync init --server 可自动记录）"
    en = "no sync server address: pass --server (regsync init --server records one)"
