#!/usr/bin/env bash
# Installs gatecheck into two fresh temporary projects, from git and from a packed
# tarball, and runs each one's `gatecheck` binary against its own simulator:
# what a user of another project does. Uses the registry (or the npm cache, with
# --offline). Usage: scripts/try-install.sh [--offline]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
flags=(--no-audit --no-fund "$@")
trap 'kill "${sim:-0}" 2>/dev/null || true' EXIT

check() { # $1: project directory
  local dir="$1" out url
  out="$dir/serve.out"
  (cd "$dir" && exec ./node_modules/.bin/gatecheck serve --port 0 >"$out" 2>/dev/null) &
  sim=$!
  for _ in $(seq 50); do grep -q '^http' "$out" 2>/dev/null && break; sleep 0.2; done
  url="$(grep -m1 '^http' "$out")"
  (cd "$dir" && ./node_modules/.bin/gatecheck run node_modules/gatecheck/collections/ords-security.yaml \
    -e node_modules/gatecheck/environments/local.yaml --var "baseUrl=$url" --quiet)
  kill "$sim"
  wait "$sim" 2>/dev/null || true
}

echo "== from a tarball (npm pack)"
(cd "$repo" && npm pack --silent --pack-destination "$work" >/dev/null)
mkdir "$work/from-tarball" && cd "$work/from-tarball" && npm init -y >/dev/null
time npm install "${flags[@]}" "$work"/gatecheck-*.tgz >/dev/null
check "$work/from-tarball"

echo "== from git ($(git -C "$repo" rev-parse --short HEAD))"
mkdir "$work/from-git" && cd "$work/from-git" && npm init -y >/dev/null
time npm install "${flags[@]}" "git+file://$repo#$(git -C "$repo" rev-parse HEAD)" >/dev/null
check "$work/from-git"
echo "== both installs run gatecheck ($work)"
