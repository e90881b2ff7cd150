#!/usr/bin/env bash
# Federated $survival against one server holding the union (BENCHMARKS.md "Federated survival"): three site
# servers with SITE_PATIENTS demo patients each (different seeds; analysis records filled directly, see
# SyntheticRecordLoader), site a also the hub, and a fourth server holding all three sets. Times the same
# analysis (KM + log-rank by treatment, Cox on age, sex, ecog) through $federated-survival on the hub and
# $survival on the union server: one cold call, WARMUP untimed calls (default 10: the JIT is still compiling
# the federated path for about that many), then CALLS timed calls each, side by side in one run. The hub's log
# gives rounds, milliseconds and bytes per site per round name ("federated analysis ..." lines).
#
#   bench/federation/run.sh                       # 3 x 10000 patients
#   SITE_PATIENTS=2000 CALLS=5 bench/federation/run.sh
#   JFR=1 bench/federation/run.sh                 # and a flight recording per server: server/target/federation-bench-*.jfr
#
# Needs: ./mvnw -B -DskipTests package first (server jar and test classes). Four JVMs: about 4 GiB of RAM.
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${SITE_PATIENTS:-10000}"
calls="${CALLS:-10}"
warmup="${WARMUP:-10}"
query='stratify=treatment&covariate=age&covariate=sex&covariate=ecog'
jcp=$(bench/test-classpath.sh)
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; cp "$work"/*.log server/target/ 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
declare -A port
for s in a b c union; do port[$s]=$(free_port); done
seed=1
for s in a b c; do
  java -cp "$jcp" org.mesofhir.cohort.SyntheticRecordLoader "jdbc:h2:file:$work/$s/mesofhir" "$n" "$seed" "$s-" | tail -1
  java -cp "$jcp" org.mesofhir.cohort.SyntheticRecordLoader "jdbc:h2:file:$work/union/mesofhir" "$n" "$seed" "$s-" \
    $([ "$s" = a ] && echo "" || echo append) | tail -1
  seed=$((seed + 1))
done
hub_args=()
i=0
for s in a b c; do
  hub_args+=("--mesofhir.federation.sites[$i].name=site-$s" "--mesofhir.federation.sites[$i].base-url=http://127.0.0.1:${port[$s]}/fhir")
  i=$((i + 1))
done
for s in a b c union; do
  extra=()
  [ "$s" = a ] && extra=("${hub_args[@]}")
  jfr=()
  [ -n "${JFR:-}" ] && jfr=("-XX:StartFlightRecording=filename=server/target/federation-bench-$s.jfr,settings=profile,dumponexit=true")
  java ${SERVER_JAVA_OPTS:-} "${jfr[@]}" -jar server/target/mesofhir-server.jar --server.port="${port[$s]}" --mesofhir.data-dir="$work/$s" \
    --mesofhir.demo.enabled=false --mesofhir.federation.max-analyses-per-hub-per-hour=100000 "${extra[@]}" \
    > "$work/federation-bench-$s.log" 2>&1 &
  pids+=($!)
done
for s in a b c union; do
  for _ in $(seq 1 900); do grep -q "MesoFHIR ready" "$work/federation-bench-$s.log" && break; sleep 1; done
  grep -q "MesoFHIR ready" "$work/federation-bench-$s.log" || { echo "server $s did not start"; tail -20 "$work/federation-bench-$s.log"; exit 1; }
done
echo "== single server, $((3 * n)) patients: \$survival"
java -cp "$jcp" org.mesofhir.bench.SurvivalHttpBenchmark "http://127.0.0.1:${port[union]}/fhir/\$survival?$query" "$calls" "$warmup"
echo "== hub over 3 sites x $n patients: \$federated-survival"
java -cp "$jcp" org.mesofhir.bench.SurvivalHttpBenchmark "http://127.0.0.1:${port[a]}/fhir/\$federated-survival?$query" "$calls" "$warmup"
echo "== the hub's record of the last analysis"
grep -i "federated analysis" "$work/federation-bench-a.log" | tail -2 || true
echo "== the Cox model's concordance: one server (exact) and pooled (binned across sites)"
for u in "http://127.0.0.1:${port[union]}/fhir/\$survival?$query" "http://127.0.0.1:${port[a]}/fhir/\$federated-survival?$query"; do
  python3 - "$u" <<'PY'
import json, sys, urllib.request
answer = json.load(urllib.request.urlopen(sys.argv[1], timeout=600))
cox = next(p for p in answer["parameter"] if p["name"] == "cox")
print(sys.argv[1].split("/fhir/")[1].split("?")[0], next(p["valueDecimal"] for p in cox["part"] if p["name"] == "concordance"))
PY
done
