"""Errors of node identity and trust (cards, certificates, revocations).

Every message names what is wrong and what to do, in Chinese and English.

    SyncError
    └── TrustError                  root of the trust errors
        ├── TrustFileError          not a card/certificate/revocation file, damaged or edited
        │   └── UnsupportedTrustFileVersion
        ├── InvalidCard             a card's fields disagree (role, scope, city, USCC, key)
        ├── BadEnterpriseNumber     the enterprise number is missing, malformed or misplaced
        ├── SignerMismatch          the signer does not hold the issuer's key
        ├── NotAllowedToCertify     the issuer's role may not certify (or revoke) this subject
        ├── BadCertificate          a certificate's signature does not verify, or it contradicts its issuer
        ├── BadRevocation           a revocation's signature does not verify
        ├── CardNotTrustable        only a personal node's card can be trusted directly
        ├── UntrustedKey            no certificate leads from this key to the province root
        ├── RevokedKey              a certificate on the key's chain has been revoked
        │   └── RevokedPastCutoff   a revoked key's change past its revocation's cut-off
        ├── BadHandover             a key handover's signature does not verify, or it contradicts another
        └── SupersededKey           a key handed over to a new one signed something new
"""

from __future__ import annotations

from regsync.sync.errors import SyncError


class TrustError(SyncError):
    """Root of the identity and trust errors."""


class TrustFileError(TrustError):
    zh = "文件不是有效的 regsync {what}：{reason}。请向对方索取原始文件重新导入（该类文件不可手工编辑）"
    en = "the file is not a valid regsync {what_en}: {reason}. Ask the sender for the original file and import it again (these files must not be edited by hand)"


class UnsupportedTrustFileVersion(TrustFileError):
    zh = "{what}文件版本 {version} 不受支持（本程序支持版本 {supported}）；请升级 regsync，或请对方用相同版本重新导出"
    en = "{what_en} file version {version} is not supported (this program reads version {supported}); upgrade regsync or ask the sender to export it with the same version"


class InvalidCard(TrustError):
    zh = "节点名片的 {field} 无效：{reason}。请在该节点上重新运行 regsync node card 生成名片"
    en = "the node card's {field} is invalid: {reason}. Run `regsync node card` on that node again to make a new card"


class BadEnterpriseNumber(TrustError):
    zh = "企业编号 “{value}” 无效：{reason_zh}"
    en = "enterprise number '{value}' is invalid: {reason_en}"


class SignerMismatch(TrustError):
    zh = "签名密钥 {signer_key} 与本节点 {node_id} 登记的公钥 {node_key} 不一致；请使用本节点自己的密钥文件或身份识别锁"
    en = "the signing key {signer_key} is not node {node_id}'s registered key {node_key}; use this node's own key file or identity lock"


class NotAllowedToCertify(TrustError):
    zh = "{issuer_role_zh}节点 {issuer} 不能为{subject_role_zh}节点 {subject} 签发或吊销证书：{reason_zh}"
    en = "the {issuer_role} node {issuer} may not certify (or revoke) the {subject_role} node {subject}: {reason_en}"


class BadCertificate(TrustError):
    zh = "节点 {subject} 的证书 {serial} 无效：{reason_zh}。证书可能被篡改或损坏，请向签发机构重新索取并用 regsync node trust 导入"
    en = "certificate {serial} of node {subject} is invalid: {reason_en}. It may have been altered or damaged; ask the issuer for a fresh copy and install it with `regsync node trust`"


class BadRevocation(TrustError):
    zh = "证书 {serial} 的吊销记录无效：{reason_zh}。请向签发机构重新索取吊销文件"
    en = "the revocation of certificate {serial} is invalid: {reason_en}. Ask the issuer for a fresh revocation file"


class CardNotTrustable(TrustError):
    zh = "{role_zh}节点 {node} 的名片不能直接信任：只有个人版的名片可以直接导入。请让该节点由所在地市或省级签发证书，再用 regsync node trust 导入证书"
    en = "the card of {role} node {node} cannot be trusted directly: only personal cards can. Have the node certified by its city or the province and install the certificate with `regsync node trust`"


class UntrustedKey(TrustError):
    zh = "公钥 {key} 不可信：{reason_zh}。请让该节点所在地市（地市请找省级）用 regsync node certify 签发证书，再用 regsync node trust 导入"
    en = "public key {key} is not trusted: {reason_en}. Ask the node's city (a city asks the province) to certify it with `regsync node certify`, then install the certificate with `regsync node trust`"


class RevokedKey(TrustError):
    zh = "公钥 {key} 不可信：节点 {subject} 的证书 {serial} 已于 {revoked} 被吊销，原因：{reason}。该密钥签名的数据包和证书一律拒收（吊销前已被接收的变更除外）；如需恢复，请该节点生成新密钥并重新申请证书"
    en = "public key {key} is not trusted: certificate {serial} of node {subject} was revoked on {revoked}, reason: {reason}. Bundles and certificates signed with that key are refused (changes accepted before the revocation excepted); to recover, the node makes a new key and is certified again"


class RevokedPastCutoff(RevokedKey):
    zh = "节点 {subject} 的变更（数据流 {stream} 第 {seq} 号）被拒收：其证书 {serial} 已由 {revoker} 于 {revoked} 吊销（原因：{reason}），吊销时只接收到第 {cutoff} 号，此后该密钥签名的变更一律无效。如这些变更是在吊销前由其他机关接收的，请导入该机关的吊销文件（regsync node trust）；否则请该节点生成新密钥、重新申请证书后重新录入"
    en = "the changes of node {subject} (stream {stream} at {seq}) are refused: its certificate {serial} was revoked by {revoker} on {revoked} (reason: {reason}) with a cut-off at {cutoff}, and nothing the key signed after it is valid. If another office accepted these changes before revoking, install that office's revocation file (regsync node trust); otherwise the node makes a new key, is certified again and enters them again"


class BadHandover(TrustError):
    zh = "节点 {node} 的密钥交接文件无效：{reason_zh}"
    en = "the key handover of node {node} is not valid: {reason_en}"


class SupersededKey(TrustError):
    zh = "公钥 {key} 已被节点 {node} 更换为新密钥（交接于 {created}），它只对此前的数据有效：{reason_zh}。请该节点用新密钥重新导出"
    en = "public key {key} was replaced by node {node} with a new key (handover of {created}) and vouches only for earlier data: {reason_en}. Ask the node to export again with its new key"
