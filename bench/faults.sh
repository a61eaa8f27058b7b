#!/usr/bin/env bash
# The fault tests of docs/reliability.md, repeated RUNS times, with the recovery numbers each run prints
# collected into one table: the spread the single CI run does not show. Every process is started (and
# stopped) by the tests themselves, on 127.0.0.1.
# Knobs: RUNS=5 TESTS="RedisOutageIT SentinelFailoverIT ReplicaKillIT GracefulShutdownIT SlowClientsIT RedisDurabilityIT"
# Example: RUNS=10 TESTS=SentinelFailoverIT bench/faults.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-5}
TESTS=${TESTS:-RedisOutageIT SentinelFailoverIT ReplicaKillIT GracefulShutdownIT SlowClientsIT RedisDurabilityIT}
OUT=$(mktemp /tmp/wharf-faults.XXXXXX)
trap 'rm -f "$OUT"' EXIT

cd "$ROOT"
./mvnw -B -q -pl packager -am -DskipTests test-compile >/dev/null
for run in $(seq 1 "$RUNS"); do
    for t in $TESTS; do
        if ./mvnw -B -q -o -pl packager -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest="$t" verify >/dev/null 2>&1; then
            result=pass
        else
            result=FAIL
        fi
        line=$(grep -h "^\[$t\]" "packager/target/surefire-reports/"*"$t-output.txt" 2>/dev/null | tail -1 || true)
        printf '%s\t%s\t%s\t%s\n' "$run" "$t" "$result" "${line#\[$t\] }" | tee -a "$OUT"
    done
done
echo
echo "runs: $RUNS; failures: $(grep -c $'\tFAIL\t' "$OUT" || true)"
