"""The optional parts: a command that needs a missing extra says which one to install.

The extras are really installed here (make install), so their absence is simulated by
:func:`regsync.app.extras.missing_module`; tests/test_install.py checks the same on a
real user install without them.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from regsync.app import extras
from regsync.app.bootstrap import dialect_for
from regsync.app.errors import MissingExtra
from tests.conftest import Cli


def _without(monkeypatch: pytest.MonkeyPatch, extra: str) -> None:
    real = extras.missing_module
    monkeypatch.setattr(
        extras, "missing_module", lambda name: EXTRAS_MODULE[name] if name == extra else real(name)
    )


EXTRAS_MODULE = {name: modules[0] for name, modules in extras.EXTRAS.items()}


def test_the_extras_are_installed_for_developers() -> None:
    for extra in extras.EXTRAS:
        if extra != "smartcard":  # pyscard needs swig: make install adds it, CI may not
            assert extras.missing_module(extra) is None, extra
            extras.require(extra, "test")


def test_a_missing_module_is_named() -> None:
    saved = dict(extras.EXTRAS)
    extras.EXTRAS["nothing"] = ("regsync_no_such_module",)
    try:
        assert extras.missing_module("nothing") == "regsync_no_such_module"
        with pytest.raises(MissingExtra) as caught:
            extras.require("nothing", "regsync test")
    finally:
        extras.EXTRAS.clear()
        extras.EXTRAS.update(saved)
    assert "pip install 'regsync[nothing]'" in caught.value.message("zh")
    assert "pip install 'regsync[nothing]'" in caught.value.message("en")
    assert "regsync_no_such_module" in caught.value.message("en")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_serve_without_the_server_extra_says_what_to_install(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    _without(monkeypatch, "server")
    result = cli("--lang", lang, "serve")
    assert result.code == 1
    assert "pip install 'regsync[server]'" in result.err
    assert ("需要可选组件" if lang == "zh" else "needs the optional part") in result.err
    assert "Traceback" not in result.err


def test_a_postgresql_address_without_the_driver_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _without(monkeypatch, "postgres")
    with pytest.raises(MissingExtra) as caught:
        dialect_for(sa.make_url("postgresql://127.0.0.1/regsync"))
    assert "pip install 'regsync[postgres]'" in caught.value.message("zh")
    # SQLite needs no extra
    url, _ = dialect_for(sa.make_url("sqlite:////tmp/x.db"))
    assert url.get_backend_name() == "sqlite"


def test_init_on_postgresql_without_the_driver(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    _without(monkeypatch, "postgres")
    result = cli("--lang", "en", "init", "--role", "province", "--name", "山西省住房和城乡建设厅",
                 "--db", "postgresql://127.0.0.1/regsync_no_such_db")  # fmt: skip
    assert result.code == 1
    assert "pip install 'regsync[postgres]'" in result.err
    assert "Traceback" not in result.err
