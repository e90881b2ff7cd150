#!/usr/bin/env bash
# $survival end to end over HTTP (BENCHMARKS.md "$survival over HTTP"): for each cohort size, fills a fresh
# embedded H2 database's analysis records with demo patients (derived by the server's own code from
# generated FHIR bundles; the FHIR resources themselves are not stored, see SyntheticRecordLoader), starts
# the server on it, and times KM + log-rank + Cox with 3 terms: one cold call, then 20 warm calls.
#
#   bench/survival-http/run.sh              # 10000 and 100000 patients
#   SIZES="10000" bench/survival-http/run.sh
#
# Needs: ./mvnw -B -DskipTests package first (server jar and test classes).
set -euo pipefail
cd "$(dirname "$0")/../.."
port="${PORT:-18081}"
query='$survival?stratify=treatment&covariate=age&covariate=sex&covariate=ecog'
jcp=$(bench/test-classpath.sh)
for n in ${SIZES:-10000 100000}; do
  work="$(mktemp -d)"
  java -cp "$jcp" org.mesofhir.cohort.SyntheticRecordLoader "jdbc:h2:file:$work/data/mesofhir" "$n" | tail -1
  java ${SERVER_JAVA_OPTS:-} -jar server/target/mesofhir-server.jar --server.port="$port" --mesofhir.data-dir="$work/data" \
      --mesofhir.demo.enabled=false > "$work/server.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 1 900); do grep -q "MesoFHIR ready" "$work/server.log" && break; sleep 1; done
  grep -q "MesoFHIR ready" "$work/server.log" || { echo "server did not start"; tail -20 "$work/server.log"; exit 1; }
  java -cp "$jcp" org.mesofhir.bench.SurvivalHttpBenchmark "http://127.0.0.1:$port/fhir/$query" 20
  echo "server RSS: $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' /proc/$server/status)"
  kill $server; wait $server 2>/dev/null || true
  rm -rf "$work"
done
