"""The regsync domain core: records, rules, computer checks, state, use cases, ports.

Imports only the standard library and itself; clocks, ids and randomness are injected.
"""
