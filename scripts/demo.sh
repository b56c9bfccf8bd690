#!/usr/bin/env bash
# `make demo`: the whole system in one command on the embedded SQLite default.
# `regsync demo` builds a province, its 11 cities and 20 enterprises in demo-home/
# and runs applications from entry to issued certificate (see README, `regsync demo`).
set -euo pipefail
cd "$(dirname "$0")/.."
# The node keys are protected by a passphrase; a real office types it at the prompt.
export REGSYNC_PASSPHRASE="${REGSYNC_PASSPHRASE:-演示口令 demo passphrase}"
# 32 key files are made: the interactive KDF cost keeps the demo quick.
export REGSYNC_KDF="${REGSYNC_KDF:-interactive}"
exec .venv/bin/regsync demo --dir "$PWD/demo-home" --enterprises "${DEMO_ENTERPRISES:-20}" "$@"
