#!/usr/bin/env bash
# Prints the server's test classpath (server/target/test-classes, classes and every dependency), which the
# benchmark clients run on. Resolved once by Maven into server/target/bench-classpath.txt; errors are shown.
set -euo pipefail
cd "$(dirname "$0")/.."
file=server/target/bench-classpath.txt
if [ ! -s "$file" ] || [ server/pom.xml -nt "$file" ]; then
  ./mvnw -B -q -pl server dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$file" >&2
fi
echo "server/target/test-classes:server/target/classes:$(cat "$file")"
