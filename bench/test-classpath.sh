#!/usr/bin/env bash
# Prints the server's test classpath (server/target/test-classes, classes and every dependency), which the
# benchmark clients run on. Resolved once by Maven into server/target/bench-classpath.txt; errors are shown.
# -am compile: the sibling modules (terminology, profiles) come from this checkout's reactor, so nothing needs to
# be installed in ~/.m2 first (a fresh machine has none of them there). MAVEN_ARGS=-o works offline.
set -euo pipefail
cd "$(dirname "$0")/.."
file=server/target/bench-classpath.txt
if [ ! -s "$file" ] || [ server/pom.xml -nt "$file" ]; then
  # each module of the reactor writes its own target/bench-classpath.txt (relative to its own folder)
  ./mvnw -B -q ${MAVEN_ARGS:-} -pl server -am compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt >&2
fi
echo "server/target/test-classes:server/target/classes:$(cat "$file")"
