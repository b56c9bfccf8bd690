#!/usr/bin/env bash
# The demo on the embedded SQLite default: an enterprise enters persons and
# applications, runs the computer check, and shows its change log.
set -euo pipefail
cd "$(dirname "$0")/.."
export REGSYNC_HOME="$PWD/demo-home"
# The node key is protected by a passphrase; a real office types it at the prompt.
export REGSYNC_PASSPHRASE="${REGSYNC_PASSPHRASE:-演示口令 demo passphrase}"
rs() { echo "\$ regsync $*" >&2; .venv/bin/regsync "$@"; }
rm -rf "$REGSYNC_HOME"

echo "== 企业版: 初始化 (enterprise node, SQLite in $REGSYNC_HOME) =="
rs init --role enterprise --name 太原市建筑设计研究院 --uscc 91140100MA0GRP138M \
  --city 140100 --enterprise-number 0001
rs node show

echo; echo "== 企业人员信息: 新增 =="
rs person add --id-number 14010019800101001X --name 李四 --phone 13800000001 \
  --qualification-cert JZ2025-0001 --qualification-date 2025-06-30
rs person add --id-number 11010519491231002X --name 张三 --phone 13800000002
rs person list

echo; echo "== 注册申报管理: 初始注册申请 + 工作业绩 =="
initial=$(rs apply new --kind initial --specialty architect --person 14010019800101001X)
echo "申请编号 $initial"
rs check "$initial" || echo "(计算机核查未通过: 缺少工作业绩)"
rs perf add "$initial" --project 太原市某住宅小区 --role 专业负责人 --start 2023-03-01 --end 2024-06-30
rs check "$initial"

echo; echo "== 延续注册申请: 核查发现问题 (有效期 20 天后届满, 学时不足) =="
expiry=$(date -d '+20 days' +%F)
renewal=$(rs apply new --kind renewal --specialty structural --person 11010519491231002X \
  --set registration_cert_no=JG2023-0042 --set "valid_until=$expiry" \
  --set ce_compulsory_hours=30 --set ce_elective_hours=60)
rs check "$renewal" || echo "(计算机核查未通过，见上)"

echo; echo "== 申报列表与变更日志 =="
rs apply list
rs log
