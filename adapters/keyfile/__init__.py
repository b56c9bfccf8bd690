"""Node keys in a file in the node's home (Ed25519, PyNaCl)."""

from regsync.adapters.keyfile.keys import KeyFile

__all__ = ["KeyFile"]
