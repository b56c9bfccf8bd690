#!/usr/bin/env bash
# Start pcscd (the PC/SC daemon) for the identity-lock tests unless it already runs.
# Idempotent. The vpcd driver of Debian's vsmartcard-vpcd is loaded by pcscd from
# /etc/reader.conf.d/vpcd and waits for a virtual card on 127.0.0.1:35963
# (`regsync lock emulate`); the tests start and stop that card themselves.
set -euo pipefail
if ! command -v pcscd >/dev/null 2>&1; then
  echo "pcscd is not installed: apt-get install pcscd vsmartcard-vpcd" >&2
  exit 1
fi
if [ ! -e /etc/reader.conf.d/vpcd ]; then
  echo "the vpcd driver is not installed: apt-get install vsmartcard-vpcd" >&2
  exit 1
fi
vpcd_listening() {
  # The vpcd driver listens on 35963 once pcscd has loaded it.  Only look at the
  # listening sockets: connecting would count as inserting a card.
  command -v ss >/dev/null 2>&1 || return 0
  ss -ltn 2>/dev/null | grep -q ':35963 '
}
if pgrep -x pcscd >/dev/null 2>&1 && [ -S /run/pcscd/pcscd.comm ]; then
  if ! vpcd_listening; then
    echo "pcscd runs without the vpcd driver (started before vsmartcard-vpcd was" \
      "installed?): restart pcscd" >&2
    exit 1
  fi
  exit 0
fi
# No systemd here (containers, CI): run the daemon directly; it forks into the background.
pcscd
for _ in $(seq 1 50); do
  [ -S /run/pcscd/pcscd.comm ] && vpcd_listening && exit 0
  sleep 0.1
done
echo "pcscd did not start with the vpcd driver (/run/pcscd/pcscd.comm, port 35963)" >&2
exit 1
