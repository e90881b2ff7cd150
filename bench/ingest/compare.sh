#!/usr/bin/env bash
# Bulk import against transactions, side by side in one run (BENCHMARKS.md "Ingestion", issue #5's goal: bulk at
# least 3x the transaction rate): runs the transaction benchmark (1 and 4 clients) and then the bulk import on the
# same database kind, with the same jar, and prints the ratios. Alternate ROUNDS to see the machine's noise.
#
#   bench/ingest/compare.sh h2file                        # 250 transactions per round, 2000 patients in bulk
#   ROUNDS=2 BUNDLES=500 PATIENTS=10000 bench/ingest/compare.sh postgres
#
# Needs what run.sh and bulk.sh need (./mvnw -B -DskipTests package first).
set -euo pipefail
cd "$(dirname "$0")/../.."
db="${1:-h2file}"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
for round in $(seq 1 "${ROUNDS:-1}"); do
  echo "== round $round: transactions"
  bench/ingest/run.sh "$db" | tee -a "$out" | grep -E "RESULT|RSS"
  echo "== round $round: bulk import"
  POLL_SECONDS="${POLL_SECONDS:-30}" bench/ingest/bulk.sh "$db" | tee -a "$out" | grep -E "RESULT|RSS"
done
python3 - "$out" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rate = lambda label: [float(m) for m in re.findall(r"RESULT " + label + r" .*?resources_per_second=([\d.]+)", text)]
one, four, bulk = rate("warm-1-client"), rate("warm-4-clients"), rate("bulk")
mean = lambda xs: sum(xs) / len(xs)
print(f"SUMMARY transactions 1 client {mean(one):.0f}/s, 4 clients {mean(four):.0f}/s; bulk {mean(bulk):.0f}/s; "
      f"bulk / 1 client = {mean(bulk) / mean(one):.2f}x, bulk / 4 clients = {mean(bulk) / mean(four):.2f}x")
PY
