#!/usr/bin/env bash
# Ingestion benchmark (BENCHMARKS.md "Ingestion"): starts the server jar on the chosen database, posts
# ten-entry patient-journey transactions with 1 and then 4 client threads (a cold round first, then
# measured rounds), and prints resources/second and the server's resident memory.
#
#   bench/ingest/run.sh h2file          # embedded H2 file (the default configuration), validation on
#   bench/ingest/run.sh h2mem           # H2 in memory
#   bench/ingest/run.sh postgres        # local PostgreSQL on 127.0.0.1:5432 (a throw-away database)
#   BUNDLES=250 bench/ingest/run.sh h2file
#   SERVER_ARGS=--mesofhir.validation.enabled=false bench/ingest/run.sh h2file   # validation off, for comparison
#
# Needs: ./mvnw -B -DskipTests package (server jar and test classes) run first.
set -euo pipefail
cd "$(dirname "$0")/../.."
db="${1:-h2file}"
bundles="${BUNDLES:-250}"
port="${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"  # a free port: others may be benchmarking too
work="$(mktemp -d)"
args=(--server.port="$port" --mesofhir.demo.enabled=false --mesofhir.data-dir="$work/data" --logging.level.root=WARN
      --logging.level.org.mesofhir=INFO ${SERVER_ARGS:-})
case "$db" in
  h2file) ;;
  h2mem) args+=(--spring.datasource.url="jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1") ;;
  postgres)
    pgdb="mesofhir_bench_$$"
    psql -h 127.0.0.1 -U postgres -q -c "CREATE DATABASE $pgdb"
    args+=(--spring.profiles.active=postgres --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$pgdb") ;;
  *) echo "unknown database '$db' (h2file, h2mem, postgres)"; exit 2 ;;
esac
java ${SERVER_JAVA_OPTS:-} -jar "${JAR:-server/target/mesofhir-server.jar}" "${args[@]}" > "$work/server.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
  [ -n "${pgdb:-}" ] && psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 900); do grep -q "MesoFHIR ready" "$work/server.log" && break; sleep 1; done
grep -q "MesoFHIR ready" "$work/server.log" || { tail -50 "$work/server.log"; exit 1; }
rss() { awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' "/proc/$server/status"; }
echo "server up ($db ${SERVER_ARGS:-}), RSS $(rss), load: $(cut -d" " -f1-3 /proc/loadavg), $(nproc) cores"
cp=$(bench/test-classpath.sh)
client() { java -cp "$cp" org.mesofhir.bench.IngestBenchmark \
  "http://127.0.0.1:$port/fhir" "$@"; }
client "$bundles" 1 "cold-1-client"
client "$bundles" 1 "warm-1-client"
client "$bundles" 4 "warm-4-clients"
echo "server RSS after $((bundles * 3)) patients: $(rss)"
