"""``python -m regsync``: the same as the ``regsync`` command."""

from regsync.app.cli.main import run

run()
