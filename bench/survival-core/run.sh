#!/usr/bin/env bash
# Benchmarks the Java statistics core (server/.../survival/stats) against R's survival package on the
# same synthetic data, checks that the numbers agree, and prints a side-by-side table.
#
#   bench/survival-core/run.sh [N ...]        default sizes: 10000 100000 1000000
#
# Needs: JDK 17, Maven (only to fetch commons-math3 into ~/.m2 if missing), R with 'survival'.
# Scratch files (data, compiled classes, results) go to $BENCH_DIR (default /tmp/survival-core-bench).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="${BENCH_DIR:-/tmp/survival-core-bench}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
r_repeats() { if [ "$1" -ge 1000000 ]; then echo 3; else echo 11; fi; }

mkdir -p "$work/classes"

math_jar="$HOME/.m2/repository/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar"
if [ ! -f "$math_jar" ]; then
  mvn -B -q dependency:get -Dartifact=org.apache.commons:commons-math3:3.6.1
fi

echo "== compiling the statistics core and the benchmark"
javac -d "$work/classes" -cp "$math_jar" \
  "$repo"/server/src/main/java/org/mesofhir/survival/stats/*.java \
  "$repo"/server/src/test/java/org/mesofhir/survival/stats/SurvivalCoreBenchmark.java

if [ ! -f "$work/data-1000000.csv" ]; then
  echo "== generating data (fixed seed) in $work"
  Rscript "$here/bench.R" generate "$work"
fi

for n in "${sizes[@]}"; do
  echo "== n = $n: Java"
  java -Xmx4g -cp "$work/classes:$math_jar" org.mesofhir.survival.stats.SurvivalCoreBenchmark "$work" "$n"
  echo "== n = $n: R ($(r_repeats "$n") runs each)"
  Rscript "$here/bench.R" run "$work" "$n" "$(r_repeats "$n")"
done

echo "== results (seconds: median of runs; Java after JIT warm-up)"
Rscript "$here/bench.R" compare "$work" "${sizes[@]}"
