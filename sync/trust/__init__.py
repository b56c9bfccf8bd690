"""Node identity and trust: cards, certificates, revocations, handovers, the trust store.

One concept a module: :mod:`.cards`, :mod:`.certificates` (certificates and
revocations), :mod:`.handover` (key rotation), :mod:`.rules` (who may certify whom),
:mod:`.store` (the trust store), :mod:`.files` (file formats and key text) and
:mod:`.errors`.  Nothing is re-exported here.
"""
