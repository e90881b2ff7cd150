#!/usr/bin/env bash
# Crash safety on PostgreSQL (BENCHMARKS.md "Reliability"): a fresh database, the server jar, 4 clients
# posting tagged patient-journey transactions, SIGKILL of the server mid-way, a restart, and a check that
# every acknowledged bundle is fully present, none partially present, and the kept analysis records equal
# a full rebuild ($rebuild-analysis-records answers how many differed). Bounded: fails past LIMIT seconds.
#
#   bench/crash/run.sh                      # KILL_AFTER=20 seconds of ingestion before the SIGKILL
#   MAVEN_ARGS=-o bench/crash/run.sh        # offline
#
# Needs: ./mvnw -B -DskipTests package (server jar and test classes) run first; PostgreSQL on 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/../.."
limit="${LIMIT:-240}"
kill_after="${KILL_AFTER:-20}"
started=$(date +%s)
port="${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
work="$(mktemp -d)"
pgdb="mesofhir_crash_$(date +%s)_$$"
psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE $pgdb"
server=""
cleanup() {
  [ -n "$server" ] && kill -9 "$server" 2>/dev/null || true
  mkdir -p server/target/reliability && cp "$work"/server-*.log server/target/reliability/ 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
remaining() { echo $(( limit - ($(date +%s) - started) )); }

start_server() {
  java ${SERVER_JAVA_OPTS:--XX:TieredStopAtLevel=1} -jar server/target/mesofhir-server.jar --server.port="$port" \
    --spring.profiles.active=postgres --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$pgdb" \
    --mesofhir.demo.enabled=false --mesofhir.data-dir="$work/data" --logging.level.root=WARN --logging.level.org.mesofhir=INFO \
    >> "$work/server-$1.log" 2>&1 &
  server=$!
  while ! grep -q "MesoFHIR ready" "$work/server-$1.log"; do
    if [ "$(remaining)" -le 0 ] || ! kill -0 "$server" 2>/dev/null; then
      tail -40 "$work/server-$1.log"; echo "CRASH TEST FAILED: server ($1) not ready within the time limit"; exit 1
    fi
    sleep 1
  done
  echo "server up ($1) after $(( $(date +%s) - started )) s"
}

cp=$(bench/test-classpath.sh)
harness() { java -cp "$cp" org.mesofhir.bench.CrashSafetyHarness "$@"; }
base="http://127.0.0.1:$port/fhir"

start_server first
harness ingest "$base" "$work/ledger.txt" $(( kill_after + 60 )) &
clients=$!
sleep "$kill_after"
echo "SIGKILL to the server (pid $server) after ${kill_after} s of ingestion: $(grep -c '^acked' "$work/ledger.txt") bundles acknowledged so far"
kill -9 "$server"
wait "$server" 2>/dev/null || true
wait "$clients"
start_server restarted
mkdir -p server/target/reliability
status=0
harness verify "$base" "$work/ledger.txt" server/target/reliability/crash.md || status=$?
echo "crash test finished in $(( $(date +%s) - started )) s (limit ${limit} s)"
[ "$(remaining)" -ge 0 ] || { echo "CRASH TEST FAILED: over the time limit"; exit 1; }
exit $status
