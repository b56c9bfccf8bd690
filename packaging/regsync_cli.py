"""The desktop build's console program, regsync(.exe): the ``regsync`` command."""

from regsync.app.cli.main import run

run()
