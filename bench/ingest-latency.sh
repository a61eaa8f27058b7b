#!/usr/bin/env bash
# Ingest-to-playable latency (bench/src/main/java/dev/wharf/bench/IngestLatency.java, JDK only) against
# the packager on the in-memory store and on a redis-server started here. All on 127.0.0.1; every
# process started here is stopped by the trap.
# Knobs: COUNT=300 WARMUP_SEGMENTS=30 GAP_MS=20 CASES="memory redis" LOG=off|on JAVA=... JAVA_OPTS=...
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/packager/target/wharf-packager.jar"
JAVA=${JAVA:-$( [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && echo /usr/lib/jvm/temurin-25-jdk-amd64/bin/java || echo java)}
COUNT=${COUNT:-300}
WARMUP_SEGMENTS=${WARMUP_SEGMENTS:-30}
GAP_MS=${GAP_MS:-20}
CASES=${CASES:-memory redis}
LOG=${LOG:-on}
JAVA_OPTS=${JAVA_OPTS:-}
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -q -pl packager -am package -DskipTests" >&2; exit 2; }

WORK=$(mktemp -d /tmp/wharf-latency.XXXXXX)
PIDS=()
cleanup() {
    local p
    for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

USED_PORTS=" "
free_port() {
    local p
    while :; do
        p=$(( 20000 + RANDOM % 20000 ))
        [[ "$USED_PORTS" == *" $p "* ]] && continue
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then USED_PORTS+="$p "; echo "$p"; return; fi
    done
}
wait_http() {
    local i
    for ((i = 0; i < $2 * 10; i++)); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done
    echo "not answering: $1" >&2; return 1
}

echo "# machine: $(nproc) cores, $("$JAVA" -version 2>&1 | head -1); $COUNT segments after $WARMUP_SEGMENTS warm-up, ${GAP_MS} ms apart, access log $LOG"
# a real small segment: 2 s, 320x180 H.264 + AAC
ffmpeg -hide_banner -loglevel error -nostdin -f lavfi -i testsrc2=size=320x180:rate=25 \
    -f lavfi -i sine=frequency=440:sample_rate=48000 -t 2 -c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 50 \
    -b:v 300k -c:a aac -b:a 64k -f mpegts -y "$WORK/segment.ts"

for store in $CASES; do
    storage="storage: {type: memory}"
    if [ "$store" = redis ]; then
        RPORT=$(free_port)
        redis-server --port "$RPORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" > "$WORK/redis.log" 2>&1 &
        PIDS+=("$!")
        for _ in $(seq 50); do redis-cli -p "$RPORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
        storage="storage: {type: redis, redis: {url: \"redis://127.0.0.1:$RPORT\"}}"
    fi
    PPORT=$(free_port); IPORT=$(free_port); APORT=$(free_port)
    cat > "$WORK/packager.yaml" <<YAML
server: {host: 127.0.0.1, playbackPort: $PPORT, ingestPort: $IPORT, adminPort: $APORT, nonceSecret: bench-nonce-secret-0123456789}
$storage
channels:
  - metadata: {namespace: bench, name: live}
    spec:
      ingestEndpoints:
        - {id: in1, username: bench-encoder, password: bench-password-1}
originEndpoints:
  - metadata: {namespace: bench, name: hls}
    spec:
      channelName: live
      hlsPackage: {segmentDurationSeconds: 2, playlistWindowSeconds: 60, programDateTimeIntervalSeconds: 2}
YAML
    jul=()
    [ "$LOG" = off ] && jul=("-Djava.util.logging.config.file=$ROOT/bench/logging-noaccess.properties")
    # shellcheck disable=SC2086
    "$JAVA" $JAVA_OPTS "${jul[@]}" -jar "$JAR" --config "$WORK/packager.yaml" > "$WORK/packager-$store.log" 2>&1 &
    PPID_=$!
    PIDS+=("$PPID_")
    wait_http "http://127.0.0.1:$APORT/health/ready" 30
    echo "## store: $store"
    "$JAVA" "$ROOT/bench/src/main/java/dev/wharf/bench/IngestLatency.java" \
        "http://127.0.0.1:$IPORT/in/v2/bench/live/in1/" "http://127.0.0.1:$PPORT/out/v1/bench/live/hls/" \
        bench-encoder bench-password-1 "$WORK/segment.ts" "$COUNT" "$WARMUP_SEGMENTS" "$GAP_MS"
    kill "$PPID_"; wait "$PPID_" 2>/dev/null || true
done
