"""Where ``regsync serve`` finds the key's secret, and how the workers get it
(:mod:`regsync.app.serve_secret`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regsync.app.errors import PassphraseRequired, SecretFileUnsafe
from regsync.app.serve_secret import handover, scrub_environment, server_secret
from regsync.app.signers import KEYFILE, SMARTCARD


def _secret_file(folder: Path, name: str, text: str, mode: int = 0o600) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_sources_in_order(tmp_path: Path) -> None:
    creds = tmp_path / "creds"
    _secret_file(creds, "regsync-passphrase", "口令 from systemd\n")
    _secret_file(creds, "regsync-pin", "123456\n")
    option = _secret_file(tmp_path, "given", "from the option\r\n")
    env = {"CREDENTIALS_DIRECTORY": str(creds), "REGSYNC_PASSPHRASE": "from env"}
    picked = server_secret(KEYFILE, env, passphrase_file=str(option), passphrase_env=None,
                           pin_env=None)  # fmt: skip
    assert picked == ("from the option", option)
    picked = server_secret(KEYFILE, env, passphrase_file=None, passphrase_env=None, pin_env=None)
    assert picked == ("口令 from systemd", creds / "regsync-passphrase")
    picked = server_secret(SMARTCARD, env, passphrase_file=None, passphrase_env=None,
                           pin_env=None)  # fmt: skip
    assert picked == ("123456", creds / "regsync-pin")
    env.pop("CREDENTIALS_DIRECTORY")
    picked = server_secret(KEYFILE, env, passphrase_file=None, passphrase_env=None, pin_env=None)
    assert picked == ("from env", None)
    with pytest.raises(PassphraseRequired):
        server_secret(KEYFILE, {}, passphrase_file=None, passphrase_env="NOPE", pin_env=None)


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o666])
def test_a_file_others_may_read_is_refused(tmp_path: Path, mode: int) -> None:
    loose = _secret_file(tmp_path, "p", "secret", mode)
    with pytest.raises(SecretFileUnsafe) as refused:
        server_secret(KEYFILE, {}, passphrase_file=str(loose), passphrase_env=None, pin_env=None)
    assert f"chmod 600 {loose}" in refused.value.message("en")
    assert f"{mode:04o}" in refused.value.message("zh")


def test_scrubbing_removes_every_variable_that_may_hold_it() -> None:
    env = {"REGSYNC_PASSPHRASE": "a", "REGSYNC_LOCK_PIN": "b", "MINE": "c", "PIN": "d",
           "PATH": "/bin"}  # fmt: skip
    scrub_environment(env, "MINE", "PIN")
    assert env == {"PATH": "/bin"}


def test_a_typed_secret_is_handed_over_in_a_private_file_removed_after(tmp_path: Path) -> None:
    with handover("typed 口令", None) as path:
        assert path.read_text(encoding="utf-8") == "typed 口令"
        assert path.stat().st_mode & 0o777 == 0o600
        assert path.parent.stat().st_mode & 0o777 == 0o700
    assert not path.exists()
    assert not path.parent.exists()
    given = _secret_file(tmp_path, "given", "x")
    with handover("x", given) as path:
        assert path == given.resolve()  # a credentials file is read where it is
    assert given.exists()  # and is not the server's to remove
