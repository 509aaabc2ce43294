#!/usr/bin/env bash
# Runs a command with PostgreSQL and/or Elasticsearch: the given DATABASE_URL /
# ELASTICSEARCH_URL if set, otherwise started by scripts/services.sh (and left running).
#   scripts/with-services.sh pg|es|all -- <command...>
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"; shift
[ "${1:-}" = "--" ] && shift
need=()
case "$which" in
  pg) [ -z "${DATABASE_URL:-}" ] && need+=(pg) ;;
  es) [ -z "${ELASTICSEARCH_URL:-}" ] && need+=(es) ;;
  all) [ -z "${DATABASE_URL:-}" ] && need+=(pg); [ -z "${ELASTICSEARCH_URL:-}" ] && need+=(es) ;;
  *) echo "usage: scripts/with-services.sh pg|es|all -- command" >&2; exit 2 ;;
esac
for svc in "${need[@]}"; do
  eval "$(bash scripts/services.sh start "$svc" | grep -E '^(DATABASE_URL|ELASTICSEARCH_URL)=' | sed 's/^/export /')"
done
exec npx "$@"
