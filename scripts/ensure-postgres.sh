#!/usr/bin/env bash
# Make sure a PostgreSQL server answers at 127.0.0.1:5432 for the tests.
set -euo pipefail
ready() { pg_isready -q -h 127.0.0.1 -p 5432; }
ready && exit 0
version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
if [ -z "$version" ]; then
  echo "PostgreSQL is not installed: run 'make system-deps' as root" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "PostgreSQL is down; start it with: sudo pg_ctlcluster $version main start" >&2
  exit 1
fi
conf=/etc/postgresql/$version/main
# A fresh Debian cluster listens on localhost with peer/scram auth; the tests connect
# as postgres over TCP without a password, as the CI machines are set up.
if ! grep -q "^host all all 127.0.0.1/32 trust" "$conf/pg_hba.conf"; then
  sed -i '1i host all all 127.0.0.1/32 trust' "$conf/pg_hba.conf"
fi
pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main start
for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
echo "PostgreSQL did not come up at 127.0.0.1:5432" >&2
exit 1
