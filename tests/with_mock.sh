#!/usr/bin/env bash
# Run a command with the mock provider up: exports LITER_LLM_MOCK_URL, stops the mock after.
#   tests/with_mock.sh PYTHON CMD [ARGS...]
set -euo pipefail
py=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
"$py" "$here/mock_provider.py" --port-file "$tmp/url" >/dev/null &
pid=$!
cleanup() { rc=$?; kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"; exit "$rc"; }
trap cleanup EXIT
for _ in $(seq 1 200); do [ -s "$tmp/url" ] && break; sleep 0.05; done
[ -s "$tmp/url" ] || { echo "mock provider did not start" >&2; exit 1; }
export LITER_LLM_MOCK_URL=$(cat "$tmp/url")
"$@"
