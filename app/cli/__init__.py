"""The ``regsync`` command line: one module per command group, the parser built once
(:mod:`.main`); each command renders the typed results of the services as text or JSON."""
