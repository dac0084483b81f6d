#!/usr/bin/env bash
# Runs the conformance tests (the official amazon-cognito-identity-js client against authledger) on the PACKAGED
# service: starts the Spring Boot jar on 127.0.0.1 with a free port and a fresh data directory (embedded H2, SMS and
# email to the development outbox), waits for /actuator/health, runs `npm ci` and `node --test` here, and always
# stops the service. Maven runs it in the integration-test phase (skip with -Dconformance.skip=true); alone:
#
#   ./mvnw -o package -DskipTests && conformance/run.sh            # or: conformance/run.sh path/to/authledger.jar
#
# Needs Java 17+, Node 20+ and npm (the npm registry, for `npm ci`). Everything it writes stays in the repository:
# the service's data under target/conformance-run.*, removed afterwards unless the tests fail (kept for the log).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
startup_timeout="${CONFORMANCE_STARTUP_TIMEOUT:-180}"   # seconds until the service must be healthy
npm_timeout="${CONFORMANCE_NPM_TIMEOUT:-600}"           # seconds for npm ci
test_timeout="${CONFORMANCE_TEST_TIMEOUT:-900}"         # seconds for the whole node --test run
# CONFORMANCE_NODE_OPTIONS: NODE_OPTIONS for the tests only (e.g. --import a module that logs the client's requests)

jar="${1:-}"
if [[ -z "$jar" ]]; then
  jar="$(ls "$repo"/target/authledger-*.jar 2>/dev/null | grep -v '\.original$' | head -n 1 || true)"
fi
if [[ -z "$jar" || ! -f "$jar" ]]; then
  echo "conformance: no packaged service; run ./mvnw package first (or pass the jar)" >&2
  exit 2
fi
for tool in java node npm; do
  command -v "$tool" >/dev/null || { echo "conformance: $tool is not on the PATH" >&2; exit 2; }
done
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if (( node_major < 20 )); then
  echo "conformance: Node 20 or later is needed (found $(node --version))" >&2
  exit 2
fi

mkdir -p "$repo/target"
work="$(mktemp -d "$repo/target/conformance-run.XXXXXX")"
data="$work/data"          # the master key ring lands beside it, in $work/authledger-keys
log="$work/service.log"
service_pid=""
status=1

stop_service() {
  if [[ -n "$service_pid" ]] && kill -0 "$service_pid" 2>/dev/null; then
    kill "$service_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do
      kill -0 "$service_pid" 2>/dev/null || break
      sleep 1
    done
    if kill -0 "$service_pid" 2>/dev/null; then
      echo "conformance: the service did not stop within 30 s; killing it" >&2
      kill -9 "$service_pid" 2>/dev/null || true
    fi
    wait "$service_pid" 2>/dev/null || true
  fi
  service_pid=""
}

finish() {
  stop_service
  if [[ "$status" -eq 0 ]]; then
    rm -rf "$work"
  else
    echo "conformance: FAILED; the service's log is $log; its last lines:" >&2
    tail -n 60 "$log" >&2 2>/dev/null || true
  fi
}
trap finish EXIT
trap 'exit 130' INT TERM

port="$(node -e '
  const server = require("net").createServer();
  server.listen(0, "127.0.0.1", () => { console.log(server.address().port); server.close(); });')"
url="http://127.0.0.1:$port/"

echo "conformance: starting $(basename "$jar") on $url"
java -Daxoniq.update-checker.disabled=true -XX:+UseParallelGC -Xmx512m \
  -jar "$jar" \
  --server.address=127.0.0.1 \
  --server.port="$port" \
  --authledger.data-dir="$data" \
  --authledger.issuer-base-url="http://127.0.0.1:$port" \
  --authledger.security.generate-admin-key=true \
  --authledger.sms.transport=outbox \
  --authledger.email.transport=outbox \
  --authledger.sms-budget.per-ip=1000 \
  >"$log" 2>&1 &
service_pid=$!

deadline=$(( SECONDS + startup_timeout ))
until node -e '
  fetch(process.argv[1], { signal: AbortSignal.timeout(2000) })
    .then((r) => r.json()).then((h) => process.exit(h.status === "UP" ? 0 : 1), () => process.exit(1));' \
    "${url}actuator/health" 2>/dev/null; do
  if ! kill -0 "$service_pid" 2>/dev/null; then
    echo "conformance: the service exited before it was healthy" >&2
    exit 1
  fi
  if (( SECONDS > deadline )); then
    echo "conformance: the service was not healthy within ${startup_timeout} s" >&2
    exit 1
  fi
  sleep 1
done
if [[ ! -s "$data/admin-api-key" ]]; then
  echo "conformance: no generated admin key at $data/admin-api-key" >&2
  exit 1
fi
echo "conformance: the service is up (pid $service_pid)"

cd "$here"
if [[ -n "${CONFORMANCE_NODE_OPTIONS:-}" ]]; then
  export NODE_OPTIONS="$CONFORMANCE_NODE_OPTIONS"
fi
timeout "$npm_timeout" npm ci --no-audit --no-fund --loglevel=error
AUTHLEDGER_URL="$url" AUTHLEDGER_ADMIN_KEY_FILE="$data/admin-api-key" \
  timeout --kill-after=10 "$test_timeout" node --test --test-concurrency=1 --test-timeout=120000 test/
status=0
