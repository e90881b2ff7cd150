#!/usr/bin/env bash
# Bulk-import benchmark (BENCHMARKS.md "Ingestion"): starts the server jar on the chosen database, writes a
# demo cohort as NDJSON (one transaction Bundle per patient) into the server's import folder, runs
# $import on it asynchronously, polls the status URL until the job ends and prints resources/second.
#
#   bench/ingest/bulk.sh h2file                  # embedded H2 file, validation on, 2000 patients
#   PATIENTS=10000 bench/ingest/bulk.sh postgres  # local PostgreSQL on 127.0.0.1:5432 (a throw-away database)
#   IMPORT_THREADS=4 SERVER_ARGS=--mesofhir.validation.enabled=false bench/ingest/bulk.sh h2mem
#   SERVER_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/import.jfr bench/ingest/bulk.sh h2file   # profile
#
# Needs: ./mvnw -B -DskipTests package (the server jar) run first, curl and python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
db="${1:-h2file}"
patients="${PATIENTS:-2000}"
threads="${IMPORT_THREADS:-2}"
port="${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"  # a free port: others may be benchmarking too
work="$(mktemp -d)"
jar="${JAR:-server/target/mesofhir-server.jar}"  # JAR=... measures another build side by side
args=(--server.port="$port" --mesofhir.demo.enabled=false --mesofhir.data-dir="$work/data" --logging.level.root=WARN
      --logging.level.org.mesofhir=INFO --mesofhir.ingest.import-threads="$threads" ${SERVER_ARGS:-})
case "$db" in
  h2file) ;;
  h2mem) args+=(--spring.datasource.url="jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1") ;;
  postgres)
    pgdb="mesofhir_bulk_$$"
    psql -h 127.0.0.1 -U postgres -q -c "CREATE DATABASE $pgdb"
    args+=(--spring.profiles.active=postgres --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$pgdb") ;;
  *) echo "unknown database '$db' (h2file, h2mem, postgres)"; exit 2 ;;
esac
cleanup() {
  kill "${server:-}" 2>/dev/null || true; wait "${server:-}" 2>/dev/null || true
  [ -n "${pgdb:-}" ] && psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/data/import"
java -cp "$jar" -Dloader.main=org.mesofhir.demo.DemoCohortNdjsonWriter org.springframework.boot.loader.launch.PropertiesLauncher \
  "$work/data/import/cohort.ndjson" "$patients" 2>&1 | tail -1

java ${SERVER_JAVA_OPTS:-} -jar "$jar" "${args[@]}" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 900); do grep -q "MesoFHIR ready" "$work/server.log" && break; sleep 1; done
grep -q "MesoFHIR ready" "$work/server.log" || { tail -50 "$work/server.log"; exit 1; }
echo "server up ($db, import-threads=$threads ${SERVER_ARGS:-}), load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"

base="http://127.0.0.1:$port/fhir"
body="{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"input\",\"part\":[{\"name\":\"url\",\"valueUri\":\"file://$work/data/import/cohort.ndjson\"}]}]}"
status_url=$(curl -s -D - -o /dev/null -X POST -H 'Content-Type: application/fhir+json' -H 'Prefer: respond-async' \
  --data "$body" "$base/\$import" | awk -F': ' 'tolower($1)=="content-location" {print $2}' | tr -d '\r')
[ -n "$status_url" ] || { echo "no status URL"; tail -30 "$work/server.log"; exit 1; }
started=$(date +%s.%N)
while true; do
  code=$(curl -s -o "$work/status.json" -D "$work/status.headers" -w '%{http_code}' "$status_url")
  [ "$code" = 200 ] && break
  [ "$code" = 202 ] || { echo "status answered $code"; cat "$work/status.json"; exit 1; }
  grep -i '^x-progress:' "$work/status.headers" | cut -d' ' -f2- | tr -d '\r' | sed 's/^/  /'
  sleep "${POLL_SECONDS:-10}"
done
wall=$(python3 -c "import time; print(f'{time.time() - $started:.1f}')")
python3 - "$work/status.json" "$db" "$threads" "$patients" "$wall" <<'PY'
import json, sys
report = {p["name"]: next((v for k, v in p.items() if k.startswith("value")), None)
          for p in json.load(open(sys.argv[1]))["parameter"] if "part" not in p}
seconds = float(report["elapsedSeconds"])
print(f"RESULT bulk db={sys.argv[2]} import_threads={sys.argv[3]} patients={sys.argv[4]} lines_stored={report['linesStored']} "
      f"resources={report['resourcesStored']} errors={report['errorCount']} seconds={seconds:.1f} "
      f"resources_per_second={int(report['resourcesStored']) / seconds:.1f} wall_seconds_from_client={sys.argv[5]}")
PY
grep -E "Import job .* (started|finished)" "$work/server.log" | sed 's/^/  log: /' || true
echo "server RSS: $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' "/proc/$server/status"), load: $(cut -d' ' -f1-3 /proc/loadavg)"
