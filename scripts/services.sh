#!/usr/bin/env bash
# Local PostgreSQL + Elasticsearch for Helsespor development, tests and CI.
#
# Usage: scripts/services.sh <start|wait|stop|status> [pg|es|all]    (default: all)
#
#   start   start what is not running (idempotent), wait until healthy, then print
#           DATABASE_URL=... / ELASTICSEARCH_URL=... on stdout and versions on stderr
#   wait    wait until healthy (HELSESPOR_WAIT_TIMEOUT, default 180 s); on timeout
#           print the tail of the service log and exit non-zero
#   stop    stop (idempotent)
#   status  one line per service; exit non-zero if any requested service is down
#   tools   install the command-line tools the project runs (pdftotext, pdftoppm, tesseract
#           with its Norwegian model, fasttext) when missing; npm test runs it first
#
# stdout carries only KEY=VALUE lines, so `eval "$(scripts/services.sh start)"` works;
# all progress, versions and errors go to stderr.
#
# PostgreSQL has two logins: DATABASE_URL is `helsespor`, a superuser (tests create their
# databases with it; it applies the access-log migrations as DATABASE_ADMIN_URL), and
# DATABASE_APP_URL is `helsespor_app`, the application's login: no superuser, no CREATEDB,
# no CREATEROLE (README.md "Access log").
#
# Environment:
#   HELSESPOR_SERVICES_DIR  state (data, logs, pid files)  default <repo>/.services
#   HELSESPOR_CACHE_DIR     download cache                  default <repo>/.cache
#   HELSESPOR_PG_PORT       PostgreSQL port on 127.0.0.1    default 54329
#   HELSESPOR_ES_PORT       Elasticsearch HTTP port         default 59200
#   HELSESPOR_ES_TRANSPORT_PORT  ES transport port(s)       default 59300-59399
#   HELSESPOR_ES_HEAP       ES heap (-Xms/-Xmx)             default 512m
#   HELSESPOR_ES_VERSION    ES version (Maven Central integ-test-zip)  default 9.3.2
#   HELSESPOR_ES_JAVA_HOME  JDK (>= 21) for ES              default /usr/lib/jvm/temurin-25-jdk-amd64
#   HELSESPOR_PG_BINDIR     PostgreSQL bin dir              default newest /usr/lib/postgresql/*/bin
#   HELSESPOR_WAIT_TIMEOUT  seconds                         default 180
#   HELSESPOR_PG_DURABLE    1: durable PostgreSQL (fsync, synchronous_commit and
#                           full_page_writes on, as in production)  default 1
#                           0: faster, NOT crash-safe; only for benchmarks that ask for
#                           it explicitly, never for tests (a crash loses committed rows)
#
# Both servers refuse to run as root: when run as root the script creates a system
# user `helsespor` and runs them through `runuser -u helsespor --`.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="$(realpath -m "${HELSESPOR_SERVICES_DIR:-$REPO_ROOT/.services}")"
CACHE_DIR="$(realpath -m "${HELSESPOR_CACHE_DIR:-$REPO_ROOT/.cache}")"
PG_PORT="${HELSESPOR_PG_PORT:-54329}"
ES_PORT="${HELSESPOR_ES_PORT:-59200}"
ES_TRANSPORT_PORT="${HELSESPOR_ES_TRANSPORT_PORT:-59300-59399}"
ES_HEAP="${HELSESPOR_ES_HEAP:-512m}"
ES_VERSION="${HELSESPOR_ES_VERSION:-9.3.2}"
ES_JAVA_HOME_DEFAULT="/usr/lib/jvm/temurin-25-jdk-amd64"
WAIT_TIMEOUT="${HELSESPOR_WAIT_TIMEOUT:-180}"
PG_DURABLE="${HELSESPOR_PG_DURABLE:-1}"
SVC_USER="helsespor"
DB_NAME="helsespor"
DB_USER="helsespor"
DB_PASSWORD="helsespor"
APP_USER="helsespor_app"
APP_PASSWORD="helsespor_app"

PG_DIR="$STATE_DIR/pg"
PG_DATA="$PG_DIR/data"
PG_LOG="$PG_DIR/postgres.log"
ES_DIR="$STATE_DIR/es"
ES_HOME="$ES_DIR/elasticsearch-$ES_VERSION"
ES_PIDFILE="$ES_DIR/elasticsearch.pid"
ES_LOGS="$ES_DIR/logs"
ES_LAUNCH_LOG="$ES_DIR/launch.log"
ES_ZIP_DIR="$CACHE_DIR/elasticsearch"
ES_ZIP="$ES_ZIP_DIR/elasticsearch-$ES_VERSION.zip"
ES_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"
ES_URL="https://repo.maven.apache.org/maven2/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip"
HUNSPELL_SRC="/usr/share/hunspell"

DATABASE_URL="postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PORT/$DB_NAME"
DATABASE_APP_URL="postgres://$APP_USER:$APP_PASSWORD@127.0.0.1:$PG_PORT/$DB_NAME"
ELASTICSEARCH_URL="http://127.0.0.1:$ES_PORT"

log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

is_root() { [[ $EUID -eq 0 ]]; }

# Run a command as the unprivileged service user (or as ourselves when not root).
# fd 9 (our lock) is closed so that daemons do not keep holding the lock.
as_svc() {
  if is_root; then
    (cd "$STATE_DIR" && runuser -u "$SVC_USER" -- env HOME="$STATE_DIR" "$@") 9>&-
  else
    (cd "$STATE_DIR" && "$@") 9>&-
  fi
}

curl_local() { curl --noproxy '*' -sS --max-time 10 "$@"; }

# ---------------------------------------------------------------- helpers: processes

pid_alive() { [[ "${1:-}" =~ ^[0-9]+$ ]] && (($1 > 1)) && kill -0 "$1" 2>/dev/null; }

# True if the process was started from this state dir (command line or cwd inside it;
# also true when the state dir was deleted under a running server).
pid_ours() {
  local pid="$1" cmd cwd
  pid_alive "$pid" || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  cwd="$(readlink "/proc/$pid/cwd" 2>/dev/null || true)"
  [[ "$cmd" == *"$STATE_DIR/"* || "$cwd" == "$STATE_DIR/"* ]]
}

# PID listening on 127.0.0.1/any:<port>, empty if none or unknown.
port_pid() {
  local port="$1"
  command -v ss >/dev/null 2>&1 || return 0
  ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2 || true
}

port_busy() {
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

# Fail if <port> is held by a process that does not belong to this state dir;
# kill it if it does (leftover of a previous run whose pid file was lost).
claim_port() {
  local name="$1" port="$2" pid
  port_busy "$port" || return 0
  pid="$(port_pid "$port")"
  if [[ -n "$pid" ]] && pid_ours "$pid"; then
    log "$name: port $port held by leftover pid $pid from this state dir; stopping it"
    # SIGINT is PostgreSQL's fast shutdown (SIGTERM would wait for clients).
    if [[ "$name" == pg ]]; then kill_pid "$pid" "$name" INT; else kill_pid "$pid" "$name"; fi
    return 0
  fi
  local what="unknown process"
  [[ -n "$pid" ]] && what="pid $pid ($(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-160))"
  die "$name: port $port on 127.0.0.1 is already in use by $what, which is not from $STATE_DIR. Stop it or choose another port (HELSESPOR_${name^^}_PORT)."
}

# kill_pid <pid> <name> [signal]: signal (default TERM), wait up to 60 s, then SIGKILL.
kill_pid() {
  local pid="$1" name="$2" sig="${3:-TERM}" i
  pid_alive "$pid" || return 0
  kill "-$sig" "$pid" 2>/dev/null || true
  for ((i = 0; i < 600; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  log "$name: pid $pid did not exit after 60 s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
}

show_log_tail() {
  local f
  for f in "$@"; do
    [[ -s "$f" ]] || continue
    printf '[services] ---- last 40 lines of %s ----\n' "$f" >&2
    tail -n 40 "$f" >&2 || true
  done
}

# ---------------------------------------------------------------- helpers: setup

APT_UPDATED=""
apt_install() {
  is_root || die "need packages [$*] but not root; install them with: sudo apt-get install -y $*"
  if [[ -z "$APT_UPDATED" ]]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 9>&-
    APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  local out
  out="$(mktemp)"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >"$out" 2>&1 9>&-; then
    tail -n 20 "$out" >&2
    rm -f "$out"
    return 1
  fi
  rm -f "$out"
}

ensure_user() {
  is_root || return 0
  id -u "$SVC_USER" >/dev/null 2>&1 && return 0
  log "creating system user $SVC_USER"
  useradd --system --user-group --home-dir /nonexistent --no-create-home \
    --shell /usr/sbin/nologin "$SVC_USER"
}

ensure_state_dir() {
  mkdir -p "$STATE_DIR"
  is_root || return 0
  # Own everything in the state dir (cheap when already right).
  if [[ -n "$(find "$STATE_DIR" ! -user "$SVC_USER" ! -name .lock -print -quit 2>/dev/null)" ]]; then
    chown -R "$SVC_USER:$SVC_USER" "$STATE_DIR"
  fi
  # The service user must be able to traverse every parent directory.
  if ! runuser -u "$SVC_USER" -- test -x "$STATE_DIR"; then
    local d="$STATE_DIR"
    while [[ "$d" != "/" ]]; do
      d="$(dirname "$d")"
      if ! runuser -u "$SVC_USER" -- test -x "$d"; then
        log "granting o+x on $d so $SVC_USER can reach $STATE_DIR"
        chmod o+x "$d"
      fi
    done
  fi
}

take_lock() {
  [[ -d "$STATE_DIR" ]] || return 0
  exec 9>"$STATE_DIR/.lock"
  if ! flock -n 9; then
    log "another services.sh is running on $STATE_DIR; waiting for it"
    flock -w 900 9 || die "could not lock $STATE_DIR/.lock"
  fi
}

lock_busy() {
  [[ -f "$STATE_DIR/.lock" ]] || return 1
  ! flock -n "$STATE_DIR/.lock" true
}

# ---------------------------------------------------------------- PostgreSQL

PG_BIN=""
find_pg_bin() {
  local want="" d
  [[ -f "$PG_DATA/PG_VERSION" ]] && want="$(cat "$PG_DATA/PG_VERSION")"
  if [[ -n "${HELSESPOR_PG_BINDIR:-}" ]]; then
    PG_BIN="$HELSESPOR_PG_BINDIR"
  elif [[ -n "$want" && -x "/usr/lib/postgresql/$want/bin/initdb" ]]; then
    PG_BIN="/usr/lib/postgresql/$want/bin"
  else
    PG_BIN=""
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
      [[ -x "$d/initdb" ]] && PG_BIN="$d"
    done
  fi
  [[ -n "$PG_BIN" && -x "$PG_BIN/initdb" ]]
}

pg_setup_bin() {
  if ! find_pg_bin; then
    apt_install postgresql
    find_pg_bin || die "initdb not found after installing postgresql"
  fi
  if [[ -f "$PG_DATA/PG_VERSION" ]]; then
    local have
    have="$("$PG_BIN/postgres" --version | grep -oE '[0-9]+' | head -n1)"
    [[ "$have" == "$(cat "$PG_DATA/PG_VERSION")" ]] ||
      die "PostgreSQL data in $PG_DATA is version $(cat "$PG_DATA/PG_VERSION") but $PG_BIN is $have; remove $PG_DIR to re-create it"
  fi
}

# Unix socket dir: inside the state dir unless the path would be too long for a socket.
pg_socket_dir() {
  local d="$PG_DIR/run"
  if ((${#d} > 90)); then
    d="/tmp/helsespor-pg-$(printf '%s' "$STATE_DIR" | sha1sum | cut -c1-12)"
  fi
  printf '%s' "$d"
}

pg_postmaster_pid() {
  [[ -f "$PG_DATA/postmaster.pid" ]] || return 0
  head -n1 "$PG_DATA/postmaster.pid" 2>/dev/null | tr -dc '0-9' || true
}

pg_running() {
  local pid
  pid="$(pg_postmaster_pid)"
  [[ -n "$pid" ]] && pid_ours "$pid"
}

pg_psql_app() {
  PGPASSWORD="$DB_PASSWORD" PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d "$DB_NAME" "$@"
}

pg_healthy() {
  [[ -n "$PG_BIN" ]] || find_pg_bin || return 1
  pg_psql_app -tAc 'SELECT 1' >/dev/null 2>&1
}

pg_init() {
  [[ -f "$PG_DATA/PG_VERSION" ]] && return 0
  log "pg: initdb $PG_DATA"
  rm -rf "$PG_DATA.tmp"
  mkdir -p "$PG_DIR"
  is_root && chown "$SVC_USER:$SVC_USER" "$PG_DIR"
  as_svc "$PG_BIN/initdb" -D "$PG_DATA.tmp" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync >"$PG_DIR/initdb.log" 2>&1 ||
    { show_log_tail "$PG_DIR/initdb.log"; die "pg: initdb failed"; }
  printf "\ninclude_if_exists = 'helsespor.conf'\n" >>"$PG_DATA.tmp/postgresql.conf"
  mv "$PG_DATA.tmp" "$PG_DATA"
}

pg_write_conf() {
  local sock
  sock="$(pg_socket_dir)"
  mkdir -p "$sock"
  is_root && chown "$SVC_USER:$SVC_USER" "$sock"
  chmod 700 "$sock"
  local durability
  case "$PG_DURABLE" in
    1)
      # What a production server runs with: a committed row survives a crash.
      durability=$'fsync = on\nsynchronous_commit = on\nfull_page_writes = on'
      ;;
    0)
      log "pg: HELSESPOR_PG_DURABLE=0: fsync, synchronous_commit and full_page_writes OFF (benchmarks only; a crash loses committed rows)"
      durability=$'fsync = off\nsynchronous_commit = off\nfull_page_writes = off'
      ;;
    *) die "HELSESPOR_PG_DURABLE must be 1 (durable, default) or 0 (non-durable, benchmarks only), not '$PG_DURABLE'" ;;
  esac
  cat >"$PG_DATA/helsespor.conf" <<EOF
# Written by scripts/services.sh on every start; edits are overwritten.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$sock'
$durability
shared_buffers = 128MB
max_connections = 100
logging_collector = off
EOF
  is_root && chown "$SVC_USER:$SVC_USER" "$PG_DATA/helsespor.conf"
  return 0
}

pg_clear_stale() {
  local pid
  pid="$(pg_postmaster_pid)"
  [[ -f "$PG_DATA/postmaster.pid" ]] || return 0
  if [[ -n "$pid" ]] && pid_ours "$pid"; then return 0; fi
  log "pg: removing stale postmaster.pid (pid ${pid:-?} is not a server of this state dir)"
  rm -f "$PG_DATA/postmaster.pid" "$(pg_socket_dir)"/.s.PGSQL.*
}

pg_bootstrap_db() {
  local sock
  sock="$(pg_socket_dir)"
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$sock" -p "$PG_PORT" -U postgres -d postgres >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER LOGIN SUPERUSER PASSWORD '$DB_PASSWORD';
  ELSE
    ALTER ROLE $DB_USER LOGIN SUPERUSER PASSWORD '$DB_PASSWORD';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$APP_USER') THEN
    CREATE ROLE $APP_USER LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$APP_PASSWORD';
  ELSE
    ALTER ROLE $APP_USER LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$APP_PASSWORD';
  END IF;
END \$\$;
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_USER'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME') \gexec
SQL
}

pg_start() {
  hunspell_dictionary
  pg_setup_bin
  if pg_healthy && pg_running; then
    log "pg: already running and healthy (pid $(pg_postmaster_pid))"
    return 0
  fi
  if ! pg_running; then
    # Leftover server of this state dir (e.g. the dir was deleted under it) must be
    # gone before initdb: it would otherwise write into the new data dir on shutdown.
    claim_port pg "$PG_PORT"
    pg_init
    pg_clear_stale
    pg_write_conf
    log "pg: starting PostgreSQL on 127.0.0.1:$PG_PORT ($PG_BIN)"
    as_svc "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$WAIT_TIMEOUT" start >/dev/null 2>&1 ||
      { show_log_tail "$PG_LOG"; die "pg: pg_ctl start failed (if $PG_DATA is broken, remove $PG_DIR: it only holds test data)"; }
  fi
  local i sock
  sock="$(pg_socket_dir)"
  for ((i = 0; i < WAIT_TIMEOUT * 5; i++)); do
    "$PG_BIN/pg_isready" -q -h "$sock" -p "$PG_PORT" && break
    pg_running || { show_log_tail "$PG_LOG"; die "pg: postmaster exited during startup"; }
    sleep 0.2
  done
  pg_bootstrap_db || { show_log_tail "$PG_LOG"; die "pg: could not create role/database $DB_NAME"; }
  pg_wait
}

pg_wait() {
  local deadline=$((SECONDS + WAIT_TIMEOUT)) grace=$((SECONDS + 15))
  until pg_healthy; do
    if ((SECONDS >= deadline)); then
      show_log_tail "$PG_LOG"
      die "pg: not healthy after ${WAIT_TIMEOUT}s ($DATABASE_URL)"
    fi
    if ((SECONDS >= grace)) && ! pg_running && ! lock_busy; then
      show_log_tail "$PG_LOG"
      die "pg: PostgreSQL is not running (state dir $STATE_DIR); run: scripts/services.sh start pg"
    fi
    sleep 0.5
  done
}

pg_stop() {
  local pid
  pid="$(pg_postmaster_pid)"
  if [[ -n "$pid" ]] && pid_ours "$pid" && find_pg_bin; then
    log "pg: stopping (pid $pid)"
    as_svc "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null 2>&1 || kill_pid "$pid" pg INT
  fi
  pid="$(port_pid "$PG_PORT")"
  if [[ -n "$pid" ]] && pid_ours "$pid"; then
    log "pg: stopping leftover pid $pid on port $PG_PORT"
    kill_pid "$pid" pg INT
  fi
  return 0
}

pg_status() {
  if pg_healthy; then
    local pid
    pid="$(port_pid "$PG_PORT")" # who answers; falls back to the pid file without ss
    [[ -n "$pid" ]] || pid="$(pg_postmaster_pid)"
    if [[ -n "$pid" ]] && pid_ours "$pid"; then
      echo "pg: up (pid $pid) $DATABASE_URL"
    else
      echo "pg: up (port $PG_PORT answers, but not from $STATE_DIR) $DATABASE_URL"
    fi
    return 0
  fi
  if pg_running; then
    echo "pg: starting/unhealthy (pid $(pg_postmaster_pid)) $DATABASE_URL"
  else
    echo "pg: down"
  fi
  return 1
}

pg_report() {
  echo "DATABASE_URL=$DATABASE_URL"
  echo "DATABASE_APP_URL=$DATABASE_APP_URL"
  log "PostgreSQL: $(pg_psql_app -tAc 'SELECT version()' 2>/dev/null || echo '?')"
  local settings
  settings="$(pg_psql_app -tAc "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')" 2>/dev/null || echo '?')"
  log "PostgreSQL durability: $settings"
  if [[ "$PG_DURABLE" == 1 && "$settings" == *=off* ]]; then
    log "pg: WARNING: this server runs non-durable settings (started before they changed, or with HELSESPOR_PG_DURABLE=0); restart it to apply durable settings"
  fi
}

# ---------------------------------------------------------------- Elasticsearch

ES_JAVA=""
find_es_java() {
  local cand j v best="" bestv=0
  if [[ -n "${HELSESPOR_ES_JAVA_HOME:-}" ]]; then
    ES_JAVA="$HELSESPOR_ES_JAVA_HOME"
    [[ -x "$ES_JAVA/bin/java" ]] || die "es: HELSESPOR_ES_JAVA_HOME=$ES_JAVA has no bin/java"
    return 0
  fi
  if [[ -x "$ES_JAVA_HOME_DEFAULT/bin/java" ]]; then
    ES_JAVA="$ES_JAVA_HOME_DEFAULT"
    return 0
  fi
  for cand in /usr/lib/jvm/*/ ${JAVA_HOME:+"$JAVA_HOME/"}; do
    j="${cand%/}"
    [[ -x "$j/bin/java" ]] || continue
    v="$("$j/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)"
    [[ "$v" =~ ^[0-9]+$ ]] || continue
    if ((v >= 21 && v > bestv)); then best="$j" bestv="$v"; fi
  done
  [[ -n "$best" ]] || die "es: Elasticsearch $ES_VERSION needs a JDK >= 21; none found (set HELSESPOR_ES_JAVA_HOME)"
  ES_JAVA="$best"
}

# Central publishes no checksum files (.sha1/.md5/.asc) and no .pom for this artifact,
# so the default version's SHA-256 is pinned here (override with HELSESPOR_ES_SHA256).
es_expected_sha256() {
  if [[ -n "${HELSESPOR_ES_SHA256:-}" ]]; then
    printf '%s' "$HELSESPOR_ES_SHA256"
  elif [[ "$ES_VERSION" == 9.3.2 ]]; then
    printf '%s' 99b5b540c8d3a5c53cbe1e4f35c46acefff59131760ddc330a7616cd319086f1
  fi
}

es_download() {
  [[ -s "$ES_ZIP" ]] && return 0
  mkdir -p "$ES_ZIP_DIR"
  local tmp f t0=$SECONDS
  tmp="$(mktemp -d "$ES_ZIP_DIR/.dl.XXXXXX")"
  f="$tmp/elasticsearch-$ES_VERSION.zip"
  log "es: fetching $ES_ARTIFACT from Maven Central"
  if command -v mvn >/dev/null 2>&1 &&
    (cd "$tmp" && mvn -q -B -Dstyle.color=never \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="$ES_ARTIFACT" -DoutputDirectory="$tmp" >"$tmp/mvn.log" 2>&1 9>&-) &&
    [[ -s "$f" ]]; then
    :
  else
    if [[ -f "$tmp/mvn.log" ]]; then
      log "es: mvn failed, falling back to curl $ES_URL"
      grep -m3 ERROR "$tmp/mvn.log" >&2 || true
    fi
    command -v curl >/dev/null 2>&1 || apt_install curl ca-certificates
    rm -f "$f"
    curl -fsSL --retry 3 -o "$f" "$ES_URL" || { rm -rf "$tmp"; die "es: download failed: $ES_URL"; }
  fi
  local want got
  want="$(es_expected_sha256)"
  if [[ -n "$want" ]]; then
    got="$(sha256sum "$f" | cut -c1-64)"
    [[ "$got" == "$want" ]] || { rm -rf "$tmp"; die "es: SHA-256 mismatch for $ES_ARTIFACT (want $want, got $got)"; }
  fi
  mv "$f" "$ES_ZIP"
  rm -rf "$tmp"
  log "es: downloaded $(du -h "$ES_ZIP" | cut -f1) in $((SECONDS - t0))s -> $ES_ZIP${want:+ (sha256 ok)}"
}

es_install() {
  [[ -f "$ES_HOME/.helsespor-installed" ]] && return 0
  es_download
  command -v unzip >/dev/null 2>&1 || apt_install unzip
  log "es: unpacking into $ES_HOME"
  mkdir -p "$ES_DIR"
  rm -rf "$ES_DIR/.unpack" "$ES_HOME"
  unzip -q "$ES_ZIP" -d "$ES_DIR/.unpack" ||
    { rm -rf "$ES_DIR/.unpack"; rm -f "$ES_ZIP"; die "es: $ES_ZIP is corrupt (removed); run again to re-download"; }
  mv "$ES_DIR/.unpack/elasticsearch-$ES_VERSION" "$ES_HOME"
  rm -rf "$ES_DIR/.unpack"
  chmod +x "$ES_HOME"/bin/* 2>/dev/null || true
  mkdir -p "$ES_HOME/plugins"
  touch "$ES_HOME/.helsespor-installed"
  is_root && chown -R "$SVC_USER:$SVC_USER" "$ES_DIR"
  return 0
}

# The Norwegian bokmål Hunspell dictionary: Elasticsearch's hunspell filter reads it, and the
# indexer splits compounds with it on both backends (search-index/decompound.ts).
hunspell_dictionary() {
  if [[ ! -f "$HUNSPELL_SRC/nb_NO.dic" || ! -f "$HUNSPELL_SRC/nb_NO.aff" ]]; then
    # Debian 12 ships nb_NO/nn_NO in `hunspell-no`; some releases/derivatives call it hunspell-nb.
    apt_install hunspell-no || apt_install hunspell-nb
  fi
  [[ -f "$HUNSPELL_SRC/nb_NO.dic" && -f "$HUNSPELL_SRC/nb_NO.aff" ]] ||
    die "$HUNSPELL_SRC/nb_NO.{aff,dic} missing after installing hunspell-no"
}

es_hunspell() {
  hunspell_dictionary
  local dst="$ES_HOME/config/hunspell/nb_NO" f
  mkdir -p "$dst"
  for f in nb_NO.aff nb_NO.dic; do
    cmp -s "$HUNSPELL_SRC/$f" "$dst/$f" || cp -L "$HUNSPELL_SRC/$f" "$dst/$f"
  done
  is_root && chown -R "$SVC_USER:$SVC_USER" "$ES_HOME/config/hunspell"
  return 0
}

es_write_conf() {
  mkdir -p "$ES_DIR/data" "$ES_LOGS" "$ES_DIR/tmp"
  cat >"$ES_HOME/config/elasticsearch.yml" <<EOF
# Written by scripts/services.sh on every start; edits are overwritten.
cluster.name: helsespor
node.name: helsespor-es
path.data: $ES_DIR/data
path.logs: $ES_LOGS
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $ES_TRANSPORT_PORT
discovery.type: single-node
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
EOF
  is_root && chown -R "$SVC_USER:$SVC_USER" "$ES_HOME/config" "$ES_DIR/data" "$ES_LOGS" "$ES_DIR/tmp"
  return 0
}

es_pid() {
  [[ -f "$ES_PIDFILE" ]] || return 0
  tr -dc '0-9' <"$ES_PIDFILE" 2>/dev/null || true
}

es_running() {
  local pid
  pid="$(es_pid)"
  [[ -n "$pid" ]] && pid_ours "$pid"
}

es_healthy() {
  curl_local -f -o /dev/null "$ELASTICSEARCH_URL/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null
}

es_server_log() { printf '%s' "$ES_LOGS/helsespor.log"; }

# Server log if it exists (the launch log repeats it), else the launcher's output.
es_show_log() {
  if [[ -s "$(es_server_log)" ]]; then show_log_tail "$(es_server_log)"; else show_log_tail "$ES_LAUNCH_LOG"; fi
}

es_start() {
  if es_running && es_healthy; then
    log "es: already running and healthy (pid $(es_pid))"
    return 0
  fi
  if ! es_running; then
    # Adopt a healthy leftover from this state dir whose pid file was lost? Simpler and
    # safer: stop it and start clean.
    if [[ -f "$ES_PIDFILE" ]]; then
      log "es: removing stale pid file (pid $(es_pid) is not a server of this state dir)"
      rm -f "$ES_PIDFILE"
    fi
    claim_port es "$ES_PORT"
    find_es_java
    es_install
    es_hunspell
    es_write_conf
    log "es: starting Elasticsearch $ES_VERSION on $ELASTICSEARCH_URL (heap $ES_HEAP, java $ES_JAVA)"
    local rc=0
    as_svc env ES_JAVA_HOME="$ES_JAVA" ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" \
      ES_TMPDIR="$ES_DIR/tmp" ES_PATH_CONF="$ES_HOME/config" \
      timeout "$WAIT_TIMEOUT" "$ES_HOME/bin/elasticsearch" -d -p "$ES_PIDFILE" \
      >"$ES_LAUNCH_LOG" 2>&1 || rc=$?
    if ((rc != 0)); then
      show_log_tail "$ES_LAUNCH_LOG"
      es_running && kill_pid "$(es_pid)" es
      ((rc == 124)) && die "es: Elasticsearch did not come up within ${WAIT_TIMEOUT}s"
      die "es: bin/elasticsearch -d exited with status $rc"
    fi
  fi
  es_wait
  es_check_hunspell
}

es_wait() {
  local deadline=$((SECONDS + WAIT_TIMEOUT)) grace=$((SECONDS + 15))
  until es_healthy; do
    if ((SECONDS >= deadline)); then
      es_show_log
      die "es: not healthy after ${WAIT_TIMEOUT}s ($ELASTICSEARCH_URL)"
    fi
    if ((SECONDS >= grace)) && ! es_running && ! lock_busy; then
      es_show_log
      die "es: Elasticsearch is not running (state dir $STATE_DIR); run: scripts/services.sh start es"
    fi
    sleep 1
  done
}

es_check_hunspell() {
  local out tokens
  out="$(curl_local -X POST -H 'Content-Type: application/json' "$ELASTICSEARCH_URL/_analyze" \
    -d '{"tokenizer":"standard","filter":["lowercase",{"type":"hunspell","locale":"nb_NO"}],"text":"mobbet skolen"}' 2>&1)" || true
  tokens="$(printf '%s' "$out" | grep -o '"token":"[^"]*"' | cut -d'"' -f4 | paste -sd, - || true)"
  if [[ -z "$tokens" ]]; then
    es_show_log
    die "es: hunspell nb_NO analysis failed: $out"
  fi
  log "Elasticsearch hunspell nb_NO: 'mobbet skolen' -> $tokens"
}

es_stop() {
  local pid
  pid="$(es_pid)"
  if [[ -n "$pid" ]] && pid_ours "$pid"; then
    log "es: stopping (pid $pid)"
    kill_pid "$pid" es
  fi
  pid="$(port_pid "$ES_PORT")"
  if [[ -n "$pid" ]] && pid_ours "$pid"; then
    log "es: stopping leftover pid $pid on port $ES_PORT"
    kill_pid "$pid" es
  fi
  rm -f "$ES_PIDFILE"
}

es_status() {
  if es_healthy; then
    local pid
    pid="$(port_pid "$ES_PORT")" # who answers; falls back to the pid file without ss
    [[ -n "$pid" ]] || pid="$(es_pid)"
    if [[ -n "$pid" ]] && pid_ours "$pid"; then
      echo "es: up (pid $pid) $ELASTICSEARCH_URL"
    else
      echo "es: up (port $ES_PORT answers, but not from $STATE_DIR) $ELASTICSEARCH_URL"
    fi
    return 0
  fi
  if es_running; then
    echo "es: starting/unhealthy (pid $(es_pid)) $ELASTICSEARCH_URL"
  else
    echo "es: down"
  fi
  return 1
}

es_report() {
  echo "ELASTICSEARCH_URL=$ELASTICSEARCH_URL"
  local j ver flavor btype jvm
  j="$(curl_local "$ELASTICSEARCH_URL/_nodes/_local/jvm?filter_path=nodes.*.version,nodes.*.build_flavor,nodes.*.build_type,nodes.*.build_hash,nodes.*.jvm.version,nodes.*.jvm.vm_vendor" 2>/dev/null || true)"
  ver="$(printf '%s' "$j" | grep -o '"version":"[^"]*"' | head -n1 | cut -d'"' -f4)"
  flavor="$(printf '%s' "$j" | grep -o '"build_flavor":"[^"]*"' | head -n1 | cut -d'"' -f4)"
  btype="$(printf '%s' "$j" | grep -o '"build_type":"[^"]*"' | head -n1 | cut -d'"' -f4)"
  jvm="$(printf '%s' "$j" | grep -o '"jvm":{[^}]*}' | grep -o '"version":"[^"]*"' | head -n1 | cut -d'"' -f4)"
  log "Elasticsearch: ${ver:-?} (distribution integ-test-zip $ES_VERSION from Maven Central, build_type ${btype:-?}, flavor ${flavor:-?}, JVM ${jvm:-?})"
}

# ---------------------------------------------------------------- tools
# Command-line tools the project runs (not services): `services.sh tools` installs the missing
# ones with apt (as root; otherwise it prints the apt-get line). npm test runs it first.
#   pdftotext/pdftoppm/pdfinfo (poppler-utils): PDF text layers, rendering evidence bundles in
#   tests, page sizes and counts before a redacted copy renders a PDF (lib/bundle/redact-file.ts)
#   tesseract + Norwegian model (tesseract-ocr-nor): OCR of scanned archive pages
#   fasttext: subword embeddings trained on the indexed notes (search expansion)
#   fonts-dejavu-core (a file, not a command): the evidence bundle PDF's font
TOOLS=(
  "pdftotext:poppler-utils"
  "pdftoppm:poppler-utils"
  "pdfinfo:poppler-utils"
  "tesseract:tesseract-ocr"
  "fasttext:fasttext"
)
tools_install() {
  local need=() t cmd pkg
  for t in "${TOOLS[@]}"; do
    cmd="${t%%:*}"
    pkg="${t#*:}"
    command -v "$cmd" >/dev/null 2>&1 || need+=("$pkg")
  done
  # The Norwegian model for Tesseract is its own package.
  if ! ls /usr/share/tesseract-ocr/*/tessdata/nor.traineddata >/dev/null 2>&1; then need+=(tesseract-ocr-nor); fi
  # The evidence bundle's PDF font (lib/bundle/pdf.ts): DejaVu prints every Norwegian letter and §.
  if [[ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]]; then need+=(fonts-dejavu-core); fi
  [[ ${#need[@]} -eq 0 ]] && return 0
  mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
  apt_install "${need[@]}"
}

# ---------------------------------------------------------------- main

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

cmd="${1:-}"
target="${2:-all}"
if [[ "$cmd" == "tools" ]]; then
  tools_install
  exit 0
fi
case "$target" in
  pg) services=(pg) ;;
  es) services=(es) ;;
  all) services=(pg es) ;;
  *) usage ;;
esac

case "$cmd" in
  start)
    ensure_user
    ensure_state_dir
    take_lock
    for s in "${services[@]}"; do "${s}_start"; done
    for s in "${services[@]}"; do "${s}_report"; done
    ;;
  wait)
    for s in "${services[@]}"; do "${s}_wait"; done
    for s in "${services[@]}"; do "${s}_report"; done
    ;;
  stop)
    take_lock
    for s in "${services[@]}"; do "${s}_stop"; done
    ;;
  status)
    rc=0
    for s in "${services[@]}"; do "${s}_status" || rc=1; done
    exit "$rc"
    ;;
  -h | --help | help) usage ;;
  *) usage ;;
esac
