"""Live HTTP sync (DESIGN §6): the Starlette server, the httpx client and request signing.

The wire payload is the ``.bpz`` bundle itself; the conversation is the sans-I/O
session of :mod:`regsync.sync.session`.  This package knows no database: the server
gets a :class:`~regsync.adapters.http.ports.SyncBackend` and the client a
:class:`~regsync.sync.session.Link`, both wired by ``regsync.app``.
"""
