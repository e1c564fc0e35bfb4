#!/bin/sh
# `sh scripts/ensure-pnpm.sh`: makes `pnpm` the version package.json's `packageManager` names, and
# does nothing when it already is (the README's two commands start with it). Safe to run twice in a
# row and side by side: the global install runs only when `pnpm --version` differs, under a lock
# directory, and the version is checked again once the lock is held (the other run may have
# installed it meanwhile). Needs only node and npm (a fresh machine with Node 20.19+); corepack is
# not used (it cannot verify the registry's signatures on every machine).
set -eu
cd "$(dirname "$0")/.."

want=$(node -p "require('./package.json').packageManager.split('@')[1]")
have() { [ "$(pnpm --version 2>/dev/null || true)" = "$want" ]; }

if have; then exit 0; fi

lock="${TMPDIR:-/tmp}/feedsync-pnpm-$want.lock"
waited=0
until mkdir "$lock" 2>/dev/null; do
  # A lock older than 5 minutes is left by an install that was killed: take it over.
  if [ -n "$(find "$lock" -maxdepth 0 -mmin +5 2>/dev/null)" ]; then
    rmdir "$lock" 2>/dev/null || true
    continue
  fi
  if [ "$waited" -eq 0 ]; then echo "ensure-pnpm: another install of pnpm@$want is running; waiting for it"; fi
  waited=$((waited + 1))
  if [ "$waited" -gt 300 ]; then
    echo "ensure-pnpm: still locked after 5 minutes ($lock); remove it if no install is running" >&2
    exit 1
  fi
  sleep 1
done
trap 'rmdir "$lock" 2>/dev/null || true' EXIT INT TERM

if have; then exit 0; fi
echo "ensure-pnpm: installing pnpm@$want (npm i -g; found: $(pnpm --version 2>/dev/null || echo none))"
npm i -g "pnpm@$want" --no-fund --no-audit --loglevel=error
if ! have; then
  echo "ensure-pnpm: pnpm@$want was installed but \`pnpm --version\` says \"$(pnpm --version 2>/dev/null || echo not found)\";" \
    "put npm's global bin folder ($(npm prefix -g)/bin) first on PATH" >&2
  exit 1
fi
