"""Node keys in a file in the node's home (Ed25519, PyNaCl).

:class:`KeyFileSigner` is the ``Signer`` port over a passphrase-protected key file
(argon2id + SecretBox, see :mod:`regsync.adapters.keyfile.format`).  :class:`KeyFile`
is the old unencrypted hex-seed file, kept until ``app/bootstrap.py`` moves to the
signer; :func:`protect_legacy` converts one.
"""

from regsync.adapters.keyfile.format import KDF_INTERACTIVE, KDF_MIN, KDF_MODERATE, KdfLimits
from regsync.adapters.keyfile.keys import KeyFile
from regsync.adapters.keyfile.signer import KeyFileSigner, protect_legacy, read_public_key

__all__ = [
    "KDF_INTERACTIVE",
    "KDF_MIN",
    "KDF_MODERATE",
    "KdfLimits",
    "KeyFile",
    "KeyFileSigner",
    "protect_legacy",
    "read_public_key",
]
