#!/usr/bin/env bash
# A local Keycloak for development and for the Keycloak integration tests, without Docker:
# Keycloak's distribution is fetched through Maven (profile "keycloak" of server/pom.xml), the realm
# docker/keycloak/realm.json is imported, and Keycloak listens on 127.0.0.1 only (dev mode, H2 inside).
#
#   docker/keycloak/local-keycloak.sh start   # unpack if needed, start, wait until the realm answers
#   docker/keycloak/local-keycloak.sh stop    # stop the Keycloak that start launched
#
# KEYCLOAK_PORT (default 18080). Keycloak 26 needs Java 21 or newer: KEYCLOAK_JAVA_HOME, else
# /usr/lib/jvm/temurin-25-jdk-amd64 when present, else JAVA_HOME. The bootstrap admin (master realm) is
# admin/admin: this Keycloak is for development on 127.0.0.1, never for production.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
port="${KEYCLOAK_PORT:-18080}"
version="26.5.6"
home="$root/server/target/keycloak/keycloak-$version"
pidfile="$root/server/target/keycloak/keycloak.pid"
log="$root/server/target/keycloak/keycloak.log"
realm_url="http://127.0.0.1:$port/realms/mesofhir/.well-known/openid-configuration"

java_home() {
  if [ -n "${KEYCLOAK_JAVA_HOME:-}" ]; then echo "$KEYCLOAK_JAVA_HOME"
  elif [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then echo /usr/lib/jvm/temurin-25-jdk-amd64
  else echo "${JAVA_HOME:-}"; fi
}

start() {
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "Keycloak already running (pid $(cat "$pidfile"))"; return 0
  fi
  if [ ! -x "$home/bin/kc.sh" ]; then
    echo "Unpacking Keycloak $version (Maven: org.keycloak:keycloak-quarkus-dist:$version:zip)"
    (cd "$root" && ./mvnw -B -q -pl server -Pkeycloak dependency:unpack@unpack-keycloak)
  fi
  local jh; jh="$(java_home)"
  local major; major="$("$jh/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')"
  if [ -z "$major" ] || [ "$major" -lt 21 ]; then
    echo "Keycloak $version needs Java 21 or newer; set KEYCLOAK_JAVA_HOME (found: ${jh:-none}, version ${major:-?})" >&2
    exit 1
  fi
  # a fresh Keycloak database on every start, so the realm is always docker/keycloak/realm.json as it is now
  # (an import never overwrites a realm that exists)
  rm -rf "$home/data/h2"
  mkdir -p "$home/data/import"
  cp "$root/docker/keycloak/realm.json" "$home/data/import/mesofhir-realm.json"
  echo "Starting Keycloak $version on 127.0.0.1:$port (log: $log)"
  JAVA_HOME="$jh" KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    nohup "$home/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$port" --import-realm \
    > "$log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  local started; started=$(date +%s)
  until curl -fsS -o /dev/null "$realm_url" 2>/dev/null; do
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "Keycloak exited during start-up; last lines of $log:" >&2; tail -n 40 "$log" >&2; exit 1
    fi
    if [ $(( $(date +%s) - started )) -gt "${KEYCLOAK_START_TIMEOUT:-600}" ]; then
      echo "Keycloak did not answer $realm_url in time; last lines of $log:" >&2; tail -n 40 "$log" >&2; stop; exit 1
    fi
    sleep 2
  done
  echo "Keycloak ready in $(( $(date +%s) - started )) s: issuer http://127.0.0.1:$port/realms/mesofhir"
}

stop() {
  if [ -f "$pidfile" ]; then
    local pid; pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" || true
    fi
    rm -f "$pidfile"
    echo "Keycloak stopped"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
