"""``regsync demo`` itself, with few enterprises (``make demo`` runs it with 20)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from regsync.adapters.sql.operators import SqlOperatorAccounts
from regsync.app.bootstrap import open_node
from regsync.core.operators import ThrottlePolicy
from regsync.core.passwords import MIN
from regsync.core.usecases.operators import authenticate
from tests.conftest import Cli


@pytest.mark.slow
def test_demo_runs_the_whole_story(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    result = cli("--json", "demo", "--dir", str(folder), "--enterprises", "3")
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert summary["offices"] == {"province": 1, "cities": 11, "enterprises": 3}
    # 太原's two firms report and hear back over HTTP, the third firm by bundle
    assert (summary["transport"]["http"], summary["transport"]["bundle"]) == (2, 1)
    assert summary["city"]["forwarded_http"] == 2  # 太原 forwards its two passed online
    # 3 firms: 2 + 1 + 2 applications; the renamed firm's one fails at its city
    assert summary["stages_at_province"] == {"已发证": 4, "市级审核不通过": 1}
    assert summary["stages_at_enterprises"] == {"issued": 4, "city_failed": 1}
    assert summary["city"]["errors_on_receipt"] == 1
    assert summary["personal_packages"] == 1  # the first firm's architect: 个人版 → 企业版
    assert summary["conflicts"] == {
        "total": 1,
        "resolved": 1,
        "resolution": summary["conflicts"]["resolution"],
    }
    assert summary["refused_and_resubmitted"]
    # the register: a second 初始注册 of a certified person refused; a filed pre-go-live
    # registration that ended a year ago shows 停止注册 on the day of the query
    assert summary["register"]["duplicate_refused"]
    assert summary["register"]["lapsed_status"] == "停止注册"
    assert "重复注册" in result.err
    for name in summary["files"]:
        assert Path(name).is_file(), name
    book = openpyxl.load_workbook(folder / "documents" / "140100-certificates.xlsx")
    assert book.worksheets[0].max_row >= 2  # header and at least one certificate
    assert "[" in result.err  # progress on the terminal (stderr)
    # every office has the administrator whose password the demo prints (the window's login)
    login = summary["login"]
    assert login["password"] in login["line"]
    assert f"窗口登录：用户名 {login['username']}" in result.err
    for office in ("province", "city-140100", "firm-01"):
        listed = json.loads(cli.ok("--json", "user", "list", "--home", str(folder / office)))
        assert [(u["username"], u["role"]) for u in listed] == [("admin", "administrator")]
    with open_node(folder / "city-140100", cli.env) as s:
        accounts = SqlOperatorAccounts(s.db)
        admin = authenticate(
            accounts, login["username"], login["password"], now=s.clock.now(),
            policy=ThrottlePolicy(), cost=MIN,
        )  # fmt: skip
    assert admin.role.value == "administrator"

    # the refused application came back in round 2 and was issued; the firm sees it
    refused = summary["refused_and_resubmitted"]
    shown = json.loads(
        cli.ok("--json", "apply", "show", refused, "--home", str(folder / "firm-03"))
    )
    assert (shown["application"]["round"], shown["application"]["stage"]) == (2, "issued")

    # running again replaces the demo folder; a foreign folder is refused
    again = cli("demo", "--dir", str(folder), "--enterprises", "2", "--bundles-only")
    assert again.code == 0, again.err
    assert "演示完成" in again.out
    assert "经 HTTP 0 家" in again.out
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("x")
    refused = cli("demo", "--dir", str(foreign))
    assert refused.code == 1
    assert (foreign / "keep.txt").exists()
    assert cli("demo", "--dir", str(tmp_path / "n"), "--enterprises", "1").code == 1
