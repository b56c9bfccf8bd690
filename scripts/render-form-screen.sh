#!/bin/sh
# Render docs/screens/application-form-photo.png: a reported 更改、补办 申请表 with the
# person's photo, the 更改、补办事项 and the 申报材料清单, first page at 80 dpi.
# Needs the venv (make install) and poppler-utils (pdftoppm).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export REGSYNC_HOME="$work/home"
export REGSYNC_NOW=2026-11-27T10:00:00
export REGSYNC_PASSPHRASE="${REGSYNC_PASSPHRASE:-render the form screen}"
rs="$here/.venv/bin/regsync"
"$here/.venv/bin/python" - "$work/photo.png" <<'PY'
import sys
from PIL import Image, ImageDraw
# A stand-in ID photo: a head and shoulders on the blue ID-photo background.
img = Image.new("RGB", (260, 360), (67, 142, 219))
d = ImageDraw.Draw(img)
d.ellipse((80, 60, 180, 180), fill=(236, 200, 170))
d.rectangle((95, 40, 165, 90), fill=(30, 30, 30))
d.ellipse((30, 200, 230, 420), fill=(40, 40, 60))
img.save(sys.argv[1], "PNG")
PY
"$rs" init --role enterprise --name 太原市建筑设计研究院 --uscc 91140100MA0GRP138M \
  --city 140100 --enterprise-number 0001 >/dev/null
"$rs" enterprise update --qualification-category industry --qualification-grade 甲级 \
  --address 太原市迎泽大街1号 --contact 张三 --phone 0351-1234567 >/dev/null
"$rs" person add --id-number 14010019800101001X --name 李四 --education 本科 \
  --school 太原理工大学 --major 建筑学 --title 高级工程师 --phone 13800000001 \
  --ethnicity 汉 --qualification-route 考试 --contract-start 2024-01-01 \
  --contract-end 2027-12-31 --previous-seal-no 晋2J-2020017 \
  --qualification-cert JZ2018-0815 --qualification-date 2018-06-30 \
  --photo "$work/photo.png" >/dev/null
number=$("$rs" apply new --kind amend_reissue --specialty architect \
  --person 14010019800101001X --set registration_cert_no=晋2J2024140100001 \
  --set valid_until=2028-03-31 --reissue both --loss-newspaper 山西日报 \
  --loss-date 2026-11-02 --set reason=证书和印章遗失)
"$here/.venv/bin/python" - "$number" <<'PY'
import sys
from pathlib import Path
import os
from regsync.app.bootstrap import open_node
from regsync.core.usecases.reporting import mark_reported
with open_node(Path(os.environ["REGSYNC_HOME"]), os.environ) as s, s.unit_of_work() as uow:
    mark_reported(uow, sys.argv[1], today=s.today(), rules=s.rules)
    uow.commit()
PY
"$rs" print form "$number" -o "$work/form.pdf" >/dev/null
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/form.pdf" "$here/docs/screens/application-form-photo"
echo "docs/screens/application-form-photo.png"
