#!/usr/bin/env bash
# npm test: type-check, format check, lint, generated resolver types up to date, then every test against real PostgreSQL and Elasticsearch.
# With DATABASE_URL and ELASTICSEARCH_URL set, uses those and starts nothing; otherwise
# starts both with scripts/services.sh and stops what it started when done.
set -euo pipefail
cd "$(dirname "$0")/.."

started=""
if [ -z "${DATABASE_URL:-}" ] || [ -z "${ELASTICSEARCH_URL:-}" ]; then
  want=()
  [ -z "${DATABASE_URL:-}" ] && want+=(pg)
  [ -z "${ELASTICSEARCH_URL:-}" ] && want+=(es)
  for svc in "${want[@]}"; do
    if ! bash scripts/services.sh status "$svc" >/dev/null 2>&1; then started="$started $svc"; fi
    out=$(bash scripts/services.sh start "$svc")
    echo "$out"
    eval "$(echo "$out" | grep -E '^(DATABASE_URL|ELASTICSEARCH_URL)=' | sed 's/^/export /')"
  done
fi
stop_started() {
  for svc in $started; do bash scripts/services.sh stop "$svc" || true; done
}
# Every temporary file of the run (the tests' mkdtemp folders, the tools they call) goes under one
# folder, removed when the run ends: a test that forgets its own leaves nothing behind.
run_tmp=$(mktemp -d "${TMPDIR:-/tmp}/helsespor-test-XXXXXX")
on_exit() {
  rm -rf "$run_tmp"
  if [ "${HELSESPOR_KEEP_SERVICES:-}" != "1" ]; then stop_started; fi
}
trap on_exit EXIT

bash scripts/services.sh tools

echo "Type-checking (tsc --noEmit)"
npx tsc --noEmit
echo "Checking format (prettier --check)"
npx prettier --check . >/dev/null || { npx prettier --list-different .; echo "Unformatted files: run npm run format"; exit 1; }
echo "Linting (eslint)"
npx eslint . || { echo "Lint errors: fix them (npm run lint)"; exit 1; }
echo "Checking generated resolver types (npm run codegen:check)"
npx tsx scripts/codegen.ts --check || exit 1

mkdir -p .cache
TMPDIR="$run_tmp" LOG_LEVEL="${LOG_LEVEL:-warn}" NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}" npx jest --json --outputFile=.cache/jest-results.json "$@"
