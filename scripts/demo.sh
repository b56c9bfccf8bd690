#!/usr/bin/env bash
# The demo on the embedded SQLite default: an enterprise enters persons and
# applications, runs the computer check, and shows its change log.
set -euo pipefail
cd "$(dirname "$0")/.."
export REGSYNC_HOME="$PWD/demo-home"
# The node key is protected by a passphrase; a real office types it at the prompt.
export REGSYNC_PASSPHRASE="${REGSYNC_PASSPHRASE:-演示口令 demo passphrase}"
# Four key files are made below; the interactive cost keeps the demo quick.
export REGSYNC_KDF="${REGSYNC_KDF:-interactive}"
USB="$PWD/demo-home/usb"
rs() { echo "\$ regsync $*" >&2; .venv/bin/regsync "$@"; }
rm -rf "$REGSYNC_HOME" "$PWD/demo-city" "$PWD/demo-province"

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

echo; echo "== 离线上报: 省级根证书, 地市证书, 企业证书, 然后用 U 盘数据包经地市报到省级 =="
mkdir -p "$USB"
city=(--home "$PWD/demo-city"); province=(--home "$PWD/demo-province")
rs init "${province[@]}" --role province --name 山西省住房和城乡建设厅 >/dev/null
rs init "${city[@]}" --role city --name 太原市住房和城乡建设局 --city 140100 >/dev/null
rs node card "${province[@]}" -o "$USB/province.card"
rs node certify "${province[@]}" "$USB/province.card" -o "$USB/root.cert"
rs node card "${city[@]}" -o "$USB/city.card"
rs node certify "${province[@]}" "$USB/city.card" -o "$USB/city.cert"
rs node trust "${city[@]}" "$USB/root.cert"
rs node trust "${city[@]}" "$USB/city.cert"
rs node card -o "$USB/firm.card"
rs node certify "${city[@]}" "$USB/firm.card" -o "$USB/firm.cert" --enterprise-number 0001
rs node trust "$USB/root.cert"
rs node trust "$USB/city.cert"
rs node trust "$USB/firm.cert"
city_id=$(.venv/bin/regsync --json node show "${city[@]}" | .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["node_id"])')
province_id=$(.venv/bin/regsync --json node show "${province[@]}" | .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["node_id"])')
rs bundle export --to "$city_id" -o "$USB/firm-to-city.bpz"
rs bundle inspect "$USB/firm-to-city.bpz"
rs bundle verify "${city[@]}" "$USB/firm-to-city.bpz"
rs bundle import "${city[@]}" "$USB/firm-to-city.bpz"
rs bundle import "${city[@]}" "$USB/firm-to-city.bpz"   # again: nothing new
rs bundle export "${city[@]}" --to "$province_id" -o "$USB/city-to-province.bpz"
rs bundle import "${province[@]}" "$USB/city-to-province.bpz"
echo "省级收到的申请 (企业签名经地市转交后在省级验证):"
rs apply list "${province[@]}"

echo; echo "== 身份识别锁: 企业把密钥换到 (虚拟) 锁上, 之后只有插锁并输入 PIN 才能上报 =="
if ! pgrep -x pcscd >/dev/null 2>&1 || [ ! -e /etc/reader.conf.d/vpcd ]; then
  echo "(跳过: 需要 pcscd 和 vsmartcard-vpcd; 以 root 运行 make pcscd 后重试 / skipped: no pcscd)"
  exit 0
fi
export REGSYNC_LOCK_PIN="${REGSYNC_LOCK_PIN:-246810}"
rs lock init --state "$REGSYNC_HOME/firm.lock" --unit 太原市建筑设计研究院
.venv/bin/regsync lock emulate --state "$REGSYNC_HOME/firm.lock" 2>/dev/null &
lock_pid=$!
trap 'kill "$lock_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do .venv/bin/regsync lock show >/dev/null 2>&1 && break; sleep 0.1; done
rs lock show
rs node rotate-key --signer smartcard -o "$USB/firm.handover"
rs node card -o "$USB/firm-lock.card"
rs node certify "${city[@]}" "$USB/firm-lock.card" -o "$USB/firm-lock.cert" --enterprise-number 0001
rs node trust "$USB/firm-lock.cert"
rs node trust "${city[@]}" "$USB/firm.handover"
rs node trust "${province[@]}" "$USB/firm.handover"
rs apply edit "$renewal" --set ce_compulsory_hours=60
rs bundle export --to "$city_id" -o "$USB/firm-to-city-2.bpz"   # signed by the lock
rs bundle import "${city[@]}" "$USB/firm-to-city-2.bpz"
kill "$lock_pid"; wait "$lock_pid" 2>/dev/null || true
echo "拔出锁后再上报 (without the lock):"
rs bundle export --to "$city_id" -o "$USB/no-lock.bpz" || echo "(没有锁, 不能签名; 未写出文件)"
