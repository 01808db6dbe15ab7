#!/usr/bin/env bash
# Local infrastructure for salescast without Docker:
#   - Apache Kafka (KRaft, one node acting as broker and controller) run from Maven Central jars;
#   - a throwaway PostgreSQL 15 cluster (initdb + pg_ctl).
# Both listen on 127.0.0.1 on free ports picked at start; state, data and logs live in .infra/.
#
# Usage: tools/infra/infra.sh up|down|env|status|jars|restart-kafka|restart-postgres
#   up      start both (idempotent: a running pair is reused; stale state is cleaned first)
#   down    stop what `up` started, by the PIDs it recorded, and delete the throwaway data
#   env     print KAFKA_BROKERS=... and DATABASE_URL=... (shell-sourceable); exit 1 if not running
#   status  say what runs; exit 0 when both run, 3 when not
#   jars    fetch the Kafka jars into the cache (skipped when already there)
#   restart-kafka     stop the running broker (SIGTERM, as an orchestrator would) and start it again on
#                     the same port with the same data: a broker restart, for fault tests
#   restart-postgres  restart PostgreSQL on the same port with the same data (fast shutdown: every
#                     connection is cut), for fault tests
# Linux only (ps, flock, setsid, runuser). Documented in docs/infrastructure.md.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
INFRA_DIR="${SALESCAST_INFRA_DIR:-$REPO_ROOT/.infra}"
LOG_DIR="$INFRA_DIR/logs"
STATE_FILE="$INFRA_DIR/state.env"
KAFKA_DIR="$INFRA_DIR/kafka"
PG_DIR="$INFRA_DIR/postgres"
PG_DATA="$PG_DIR/data"
PG_LOG="$LOG_DIR/postgres.log"

POM="$SCRIPT_DIR/kafka/pom.xml"
KAFKA_LOG4J="$SCRIPT_DIR/kafka/log4j2.properties"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM")"
CACHE_ROOT="${SALESCAST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/salescast}"
KAFKA_HOME="$CACHE_ROOT/kafka-$KAFKA_VERSION"
KAFKA_LIBS="$KAFKA_HOME/libs"
PG_BIN="${SALESCAST_PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_DATABASE=salescast
PG_SUPERUSER=postgres
KAFKA_HEAP_OPTS="${SALESCAST_KAFKA_HEAP:--Xms256m -Xmx512m}"
READY_TIMEOUT="${SALESCAST_INFRA_TIMEOUT:-90}"

log() { printf '[infra] %s\n' "$*" >&2; }

# A KRaft cluster id: 16 random bytes in URL-safe base64 without padding. One in 64 would start with '-',
# which the storage tool's argument parser reads as an option ("--cluster-id: expected one argument"):
# Kafka's own Uuid.randomUuid() draws again in that case, and so does this.
new_cluster_id() {
  local id=-
  while [[ $id == -* ]]; do id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"; done
  printf '%s\n' "$id"
}
die() { printf '[infra] error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Kafka jars

# A fingerprint of the pom: a cache filled from another pom (other version, other jars) is refetched.
pom_fingerprint() { sha256sum "$POM" | cut -d' ' -f1; }

jars_cached() { [[ -f "$KAFKA_LIBS/.complete" && "$(cat "$KAFKA_LIBS/.complete")" == "$(pom_fingerprint)" ]]; }

fetch_jars() {
  if jars_cached; then
    log "Kafka $KAFKA_VERSION jars cached in $KAFKA_LIBS"
    return
  fi
  command -v mvn >/dev/null || die "mvn not found: install Maven (apt-get install maven) to fetch the Kafka jars"
  mkdir -p "$KAFKA_HOME"
  # One download at a time per cache, even when several `up`s race.
  exec 8>"$KAFKA_HOME/.fetch.lock"
  flock -w 600 8 || die "another process holds $KAFKA_HOME/.fetch.lock for over 10 minutes"
  if jars_cached; then exec 8>&-; return; fi
  local partial="$KAFKA_HOME/libs.partial.$$"
  rm -rf "$partial"
  log "fetching Kafka $KAFKA_VERSION jars from Maven Central into $KAFKA_LIBS"
  local started=$SECONDS
  if ! mvn -B -q -f "$POM" dependency:copy-dependencies -Dkafka.libs.dir="$partial" >"$KAFKA_HOME/mvn.log" 2>&1; then
    tail -n 30 "$KAFKA_HOME/mvn.log" >&2
    rm -rf "$partial"
    die "mvn could not fetch the Kafka jars (full output: $KAFKA_HOME/mvn.log)"
  fi
  pom_fingerprint >"$partial/.complete"
  rm -rf "$KAFKA_LIBS"
  mv "$partial" "$KAFKA_LIBS"
  exec 8>&-
  log "fetched $(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars in $((SECONDS - started))s"
}

# ---------------------------------------------------------------------------------------------
# Processes and state

# True when PID runs and its command line contains MARKER, so a PID reused by another process
# after a reboot or crash is never mistaken for ours.
pid_is() {
  local pid="$1" marker="$2"
  [[ -n "$pid" ]] && ps -p "$pid" -o args= 2>/dev/null | grep -qF -- "$marker"
}

kafka_marker() { printf '%s' "$KAFKA_DIR/server.properties"; }
pg_marker() { printf '%s' "$PG_DATA"; }

load_state() {
  KAFKA_PID='' PG_PID='' KAFKA_BROKERS='' DATABASE_URL=''
  # shellcheck disable=SC1090
  [[ -f "$STATE_FILE" ]] && source "$STATE_FILE"
  return 0
}

kafka_running() { pid_is "${KAFKA_PID:-}" "$(kafka_marker)"; }
pg_running() { pid_is "${PG_PID:-}" "$(pg_marker)"; }

write_state() {
  local tmp="$STATE_FILE.tmp"
  cat >"$tmp" <<EOF
# Written by tools/infra/infra.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ); read by infra.sh and @salescast/infra.
KAFKA_VERSION=$KAFKA_VERSION
KAFKA_PID=$KAFKA_PID
KAFKA_PORT=$KAFKA_PORT
KAFKA_CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT
KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT
KAFKA_LIBS=$KAFKA_LIBS
PG_VERSION=$PG_VERSION
PG_PID=$PG_PID
PG_PORT=$PG_PORT
PG_DIR=$PG_DIR
PG_DATA=$PG_DATA
PG_LOG=$PG_LOG
DATABASE_URL=postgres://$PG_SUPERUSER@127.0.0.1:$PG_PORT/$PG_DATABASE
EOF
  mv "$tmp" "$STATE_FILE"
}

# Serialises up/down so that two callers (two jest runs, a developer and a test) never race.
take_lock() {
  mkdir -p "$INFRA_DIR"
  exec 9>"$INFRA_DIR/.lock"
  flock -w 300 9 || die "another infra.sh holds $INFRA_DIR/.lock for over 5 minutes"
}

# Sends SIGTERM, waits up to TIMEOUT seconds, then SIGKILL.
terminate() {
  local pid="$1" name="$2" timeout="$3" waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= timeout * 10)); then
      log "$name (pid $pid) still running after ${timeout}s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

# Runs a PostgreSQL server binary: as the postgres user when we are root (PostgreSQL refuses root).
as_pg_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    # from /: the caller's folder may be one the server's user cannot enter
    (cd / && runuser -u "$PG_OS_USER" -- "$@")
  else
    "$@"
  fi
}

pick_pg_os_user() {
  PG_OS_USER="$(id -un)"
  [[ "$(id -u)" == 0 ]] || return 0
  PG_OS_USER="${SALESCAST_PG_OS_USER:-postgres}"
  if ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
    log "creating system user $PG_OS_USER to own the throwaway PostgreSQL cluster"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_OS_USER"
  fi
}

stop_all() {
  load_state
  if kafka_running; then
    log "stopping Kafka (pid $KAFKA_PID)"
    terminate "$KAFKA_PID" Kafka 60
  fi
  # postmaster.pid also covers a server whose start timed out before its PID was recorded.
  if pg_running || [[ -f "$PG_DATA/postmaster.pid" ]]; then
    log "stopping PostgreSQL${PG_PID:+ (pid $PG_PID)}"
    pick_pg_os_user
    as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      { pg_running && terminate "$PG_PID" PostgreSQL 30; } || true
  fi
  rm -f "$STATE_FILE"
  rm -rf "$KAFKA_DIR" "$PG_DIR"
}

# ---------------------------------------------------------------------------------------------
# Start

start_kafka() {
  rm -rf "$KAFKA_DIR"
  mkdir -p "$KAFKA_DIR/data"
  cat >"$KAFKA_DIR/server.properties" <<EOF
# Generated by tools/infra/infra.sh: a single node that is both KRaft controller and broker.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DIR/data

# One node: every internal topic has one replica.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
default.replication.factor=1
min.insync.replicas=1

# Convenient for tests and the demo: topics appear on first use, keyed topics spread over 3 partitions.
auto.create.topics.enable=true
num.partitions=3
delete.topic.enable=true
# Consumers join at once instead of waiting 3 s for more members.
group.initial.rebalance.delay.ms=0

# Small machine: few threads, short retention.
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.retention.hours=24
log.segment.bytes=134217728
EOF
  local java_opts=(
    $KAFKA_HEAP_OPTS
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
    -Djava.awt.headless=true
    -Dlog4j2.configurationFile="$KAFKA_LOG4J"
  )
  local cluster_id
  cluster_id="$(new_cluster_id)"
  # Format the storage, then exec the broker in the same process, in the background so that
  # PostgreSQL starts meanwhile; the PID stays the broker's (exec) and its command line names
  # server.properties throughout, so pid_is recognises it in both phases.
  # setsid: its own session, so the broker outlives the shell (or jest) that started it.
  # 9>&-: the broker must not inherit (and so hold) the lock on $INFRA_DIR/.lock.
  setsid bash -c '
    java -Xmx256m -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$1" -cp "$2/*" kafka.tools.StorageTool \
      format --cluster-id "$3" --config "$4" || { echo "kafka storage format failed" >&2; exit 1; }
    shift 4
    exec java "$@"' format-then-start "$KAFKA_LOG4J" "$KAFKA_LIBS" "$cluster_id" "$KAFKA_DIR/server.properties" \
    "${java_opts[@]}" -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_DIR/server.properties" \
    >>"$LOG_DIR/kafka.log" 2>&1 </dev/null 9>&- &
  KAFKA_PID=$!
  log "Kafka $KAFKA_VERSION formatting storage and starting (pid $KAFKA_PID, cluster $cluster_id, broker 127.0.0.1:$KAFKA_PORT, controller 127.0.0.1:$KAFKA_CONTROLLER_PORT)"
}

# As root the server runs as $PG_OS_USER, who must be able to reach its data folder. A clone in a
# private folder (root's home is mode 700, and so is a `mktemp -d` folder) is out of its reach: the
# cluster then lives in a folder of its own under /tmp, keyed by this clone, and its log is linked
# back into $LOG_DIR so that everything else finds it where it always is.
place_postgres() {
  PG_DIR="$INFRA_DIR/postgres"
  PG_LOG="$LOG_DIR/postgres.log"
  [[ "$(id -u)" == 0 ]] || return 0
  if (cd / && runuser -u "$PG_OS_USER" -- test -x "$INFRA_DIR") 2>/dev/null; then return 0; fi
  local key
  key="$(printf '%s' "$INFRA_DIR" | sha256sum | cut -c1-12)"
  PG_DIR="${SALESCAST_PG_DIR:-/tmp/salescast-pg-$key}"
  PG_LOG="$PG_DIR/postgres.log"
  log "$PG_OS_USER cannot reach $INFRA_DIR (a private folder): the PostgreSQL cluster lives in $PG_DIR"
}

start_postgres() {
  [[ -x "$PG_BIN/initdb" ]] || die "PostgreSQL 15 not found in $PG_BIN: apt-get install postgresql-15 (or set SALESCAST_PG_BIN)"
  pick_pg_os_user
  place_postgres
  PG_DATA="$PG_DIR/data"
  rm -rf "$PG_DIR"
  mkdir -p "$PG_DIR"
  rm -f "$LOG_DIR/postgres.log"
  : >"$PG_LOG"
  [[ "$PG_LOG" == "$LOG_DIR/postgres.log" ]] || ln -s "$PG_LOG" "$LOG_DIR/postgres.log"
  if [[ "$(id -u)" == 0 ]]; then chown "$PG_OS_USER" "$PG_DIR" "$PG_LOG"; fi
  PG_VERSION="$("$PG_BIN/postgres" --version | sed -n 's/.*(PostgreSQL) \([0-9.]*\).*/\1/p')"
  as_pg_owner "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_SUPERUSER" --auth=trust --encoding=UTF8 --no-locale --no-sync \
    >>"$PG_LOG" 2>&1 || { tail -n 20 "$PG_LOG" >&2; die "initdb failed (log: $PG_LOG)"; }
  # A throwaway cluster for tests and the demo: durability is traded for speed (fsync and
  # synchronous_commit off, no full-page writes). Never point anything that matters at it.
  cat >>"$PG_DATA/postgresql.conf" <<EOF

# --- salescast local test cluster (tools/infra/infra.sh) ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
max_connections = 200
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
log_line_prefix = '%m [%p] %d '
EOF
  log "PostgreSQL $PG_VERSION starting (127.0.0.1:$PG_PORT)"
  as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$READY_TIMEOUT" start >/dev/null 9>&- ||
    { tail -n 20 "$PG_LOG" >&2; die "PostgreSQL did not start (log: $PG_LOG)"; }
  PG_PID="$(head -n 1 "$PG_DATA/postmaster.pid")"
}

wait_postgres_ready() {
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t "$READY_TIMEOUT" ||
    die "PostgreSQL on 127.0.0.1:$PG_PORT not ready after ${READY_TIMEOUT}s (log: $LOG_DIR/postgres.log)"
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_SUPERUSER" "$PG_DATABASE"
  log "PostgreSQL ready: database $PG_DATABASE"
}

wait_kafka_ready() {
  node "$SCRIPT_DIR/bin/kafka-ready.js" "127.0.0.1:$KAFKA_PORT" "$READY_TIMEOUT" "$KAFKA_PID" >&2 ||
    { tail -n 30 "$LOG_DIR/kafka.log" >&2; die "Kafka did not become ready (log: $LOG_DIR/kafka.log)"; }
}

on_failed_up() {
  local status="$1"
  [[ "$status" == 0 ]] && return 0
  log "start failed: stopping what was started (logs kept in $LOG_DIR)"
  write_state
  stop_all
  exit "$status"
}

cmd_up() {
  take_lock
  load_state
  if kafka_running && pg_running; then
    log "already running (Kafka pid $KAFKA_PID, PostgreSQL pid $PG_PID)"
    return 0
  fi
  if [[ -f "$STATE_FILE" ]]; then
    log "stale state in $STATE_FILE (a process is gone): cleaning up before a fresh start"
  fi
  stop_all
  command -v java >/dev/null || die "java not found: install a Java 17+ runtime (apt-get install openjdk-17-jre-headless)"
  command -v node >/dev/null || die "node not found"
  fetch_jars
  mkdir -p "$LOG_DIR"
  : >"$LOG_DIR/kafka.log"
  local started=$SECONDS ports
  ports="$(node "$SCRIPT_DIR/bin/free-ports.js" 3)"
  read -r KAFKA_PORT KAFKA_CONTROLLER_PORT PG_PORT <<<"$ports"
  PG_PID='' PG_VERSION=''
  # If anything below fails (die exits), stop what was already started so no orphan is left behind.
  trap 'on_failed_up $?' EXIT
  start_kafka
  write_state
  start_postgres
  write_state
  wait_postgres_ready
  wait_kafka_ready
  trap - EXIT
  log "up in $((SECONDS - started))s: KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT DATABASE_URL=postgres://$PG_SUPERUSER@127.0.0.1:$PG_PORT/$PG_DATABASE"
  log "logs: $LOG_DIR/kafka.log, $LOG_DIR/postgres.log; stop with: npm run infra:down"
}

cmd_down() {
  take_lock
  load_state
  if [[ ! -f "$STATE_FILE" ]]; then
    log "nothing to stop (no $STATE_FILE)"
    return 0
  fi
  stop_all
  log "stopped"
}

cmd_env() {
  load_state
  kafka_running && pg_running || die "local infrastructure is not running: npm run infra:up"
  printf 'KAFKA_BROKERS=%s\nDATABASE_URL=%s\n' "$KAFKA_BROKERS" "$DATABASE_URL"
}

cmd_status() {
  load_state
  local kafka=stopped pg=stopped
  kafka_running && kafka="running (pid $KAFKA_PID, $KAFKA_BROKERS)"
  pg_running && pg="running (pid $PG_PID, $DATABASE_URL)"
  printf 'Kafka %s: %s\nPostgreSQL %s: %s\n' "$KAFKA_VERSION" "$kafka" "${PG_VERSION:-15}" "$pg"
  kafka_running && pg_running || exit 3
}

# ---------------------------------------------------------------------------------------------
# Restarts (fault tests: tools/infra/src/faults.ts, e2e/faults.e2e-spec.ts, npm run bench:faults)

# Starts the broker again from the server.properties and data that `up` wrote (no format: same cluster).
relaunch_kafka() {
  local java_opts=(
    $KAFKA_HEAP_OPTS
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
    -Djava.awt.headless=true
    -Dlog4j2.configurationFile="$KAFKA_LOG4J"
  )
  setsid java "${java_opts[@]}" -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_DIR/server.properties" \
    >>"$LOG_DIR/kafka.log" 2>&1 </dev/null 9>&- &
  KAFKA_PID=$!
}

cmd_restart_kafka() {
  take_lock
  load_state
  kafka_running || die "Kafka is not running: npm run infra:up"
  local started=$SECONDS
  log "restarting Kafka (pid $KAFKA_PID)"
  terminate "$KAFKA_PID" Kafka 60
  relaunch_kafka
  write_state
  wait_kafka_ready
  log "Kafka back (pid $KAFKA_PID) in $((SECONDS - started))s"
}

cmd_restart_postgres() {
  take_lock
  load_state
  pg_running || die "PostgreSQL is not running: npm run infra:up"
  pick_pg_os_user
  local started=$SECONDS
  log "restarting PostgreSQL (pid $PG_PID)"
  # $PG_LOG (from the state): for a clone in a private folder the server's log lives beside its data
  as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -m fast -w -t "$READY_TIMEOUT" restart >/dev/null 9>&- ||
    { tail -n 20 "$PG_LOG" >&2; die "PostgreSQL did not restart (log: $PG_LOG)"; }
  PG_PID="$(head -n 1 "$PG_DATA/postmaster.pid")"
  write_state
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t "$READY_TIMEOUT" || die "PostgreSQL not ready after restart"
  log "PostgreSQL back (pid $PG_PID) in $((SECONDS - started))s"
}

case "${1:-}" in
  up) cmd_up ;;
  restart-kafka) cmd_restart_kafka ;;
  restart-postgres) cmd_restart_postgres ;;
  down) cmd_down ;;
  env) cmd_env ;;
  status) cmd_status ;;
  jars) fetch_jars ;;
  cluster-id) new_cluster_id ;;
  *)
    echo "usage: $0 up|down|env|status|jars|restart-kafka|restart-postgres|cluster-id" >&2
    exit 2
    ;;
esac
