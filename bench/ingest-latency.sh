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
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

echo "# machine: $(nproc) cores, $("$JAVA" -version 2>&1 | head -1); $COUNT segments after $WARMUP_SEGMENTS warm-up, ${GAP_MS} ms apart, access log $LOG"
# a real small segment: 2 s, 320x180 H.264 + AAC
ffmpeg -hide_banner -loglevel error -nostdin -f lavfi -i testsrc2=size=320x180:rate=25 \
    -f lavfi -i sine=frequency=440:sample_rate=48000 -t 2 -c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 50 \
    -b:v 300k -c:a aac -b:a 64k -f mpegts -y "$WORK/segment.ts"

for store in $CASES; do
    redis=""
    if [ "$store" = redis ]; then
        start_redis
        redis="redis://127.0.0.1:$REDIS_PORT"
    fi
    start_packager_process "$store" "$redis" "$LOG" "" ""
    PPORT=$PLAY_PORT IPORT=$INGEST_PORT
    echo "## store: $store"
    "$JAVA" "$ROOT/bench/src/main/java/dev/wharf/bench/IngestLatency.java" \
        "http://127.0.0.1:$IPORT/in/v2/bench/live/in1/" "http://127.0.0.1:$PPORT/out/v1/bench/live/hls/" \
        bench-encoder bench-password-1 "$WORK/segment.ts" "$COUNT" "$WARMUP_SEGMENTS" "$GAP_MS"
    stop_pid "$PACKAGER_PID"
done
