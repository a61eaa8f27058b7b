# Shared by the bench scripts (sourced, not run): stopping what a script started, free loopback ports, readiness
# waits, redis-server and the packager on loopback.
#
# Before sourcing, set: WORK (a temporary directory, removed at exit), ROOT (the work tree), JAR (the packager's jar),
# JAVA, and optionally JAVA_OPTS and KEEP_LOGS (a directory that receives $WORK/*.log and *.yaml at exit).

PIDS=()

# Stops every process in PIDS, newest first (an encoder stops before the packager it pushes to), then waits for them.
bench_cleanup() {
    local i p idx=("${!PIDS[@]}")
    for ((i = ${#idx[@]} - 1; i >= 0; i--)); do p=${PIDS[${idx[$i]}]}; [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
    if [ -n "${KEEP_LOGS:-}" ]; then
        mkdir -p "$KEEP_LOGS" && cp "$WORK"/*.log "$WORK"/*.yaml "$KEEP_LOGS"/ 2>/dev/null || true
        echo "# logs kept in $KEEP_LOGS"
    fi
    rm -rf "$WORK"
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

# Stops one process now and forgets it.
stop_pid() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
    local i
    for i in "${!PIDS[@]}"; do [ "${PIDS[$i]}" = "$1" ] && unset 'PIDS[i]'; done
    return 0
}

# A free loopback port: nothing answers on it and it is not one handed out already.
USED_PORTS=" "
free_port() {
    local p
    while :; do
        p=$(( 20000 + RANDOM % 20000 ))
        [[ "$USED_PORTS" == *" $p "* ]] && continue
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then USED_PORTS+="$p "; echo "$p"; return; fi
    done
}

# Waits until a URL answers 2xx (not just any status: a 503 readiness is not ready).
wait_http() { # url seconds
    local i
    for ((i = 0; i < $2 * 10; i++)); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done
    echo "not answering: $1" >&2; return 1
}

# Starts a throwaway redis-server (no persistence); sets REDIS_PORT and REDIS_PID.
start_redis() {
    REDIS_PORT=$(free_port)
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" \
        > "$WORK/redis-$REDIS_PORT.log" 2>&1 &
    REDIS_PID=$!
    PIDS+=("$REDIS_PID")
    local i
    for ((i = 0; i < 50; i++)); do (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null && return 0; sleep 0.1; done
    echo "redis-server did not start" >&2; return 1
}

# Starts a packager with one channel (bench/live, ingest endpoint in1 with bench-encoder / bench-password-1) and
# two endpoints: hls (2 s segments) and cmaf (manifest "main/index"); waits until it is ready.
# Sets PACKAGER_PID, PLAY_PORT, INGEST_PORT, ADMIN_PORT.
#   name:    names the config and log files ($WORK/packager-NAME.yaml/.log)
#   redis:   a redis:// URL, or empty for the in-memory store
#   access:  on|off (off: bench/logging-noaccess.properties, no access log)
#   extra:   more top-level YAML (e.g. "cache: {segmentBytes: 1024}"), may be empty
#   retention: the channel's retentionSeconds, or empty for the default (4 playlist windows: 240 s here)
#   flags:   the rest: JVM flags before -jar (e.g. -Xmx512m)
start_packager_process() { # name redis access extra retention [flags...]
    local name=$1 redis=$2 access=$3 extra=$4 retention=$5 storage jul=()
    shift 5
    PLAY_PORT=$(free_port); INGEST_PORT=$(free_port); ADMIN_PORT=$(free_port)
    if [ -n "$redis" ]; then storage="storage: {type: redis, redis: {url: \"$redis\"}}"
    else storage="storage: {type: memory}"; fi
    cat > "$WORK/packager-$name.yaml" <<EOF
server: {host: 127.0.0.1, playbackPort: $PLAY_PORT, ingestPort: $INGEST_PORT, adminPort: $ADMIN_PORT, nonceSecret: bench-nonce-secret-0123456789}
$storage
$extra
channels:
  - metadata: {namespace: bench, name: live}
    spec:
      ${retention:+retentionSeconds: $retention}
      ingestEndpoints:
        - {id: in1, username: bench-encoder, password: bench-password-1}
originEndpoints:
  - metadata: {namespace: bench, name: hls}
    spec:
      channelName: live
      hlsPackage: {segmentDurationSeconds: 2, playlistWindowSeconds: 60, programDateTimeIntervalSeconds: 2}
  - metadata: {namespace: bench, name: cmaf}
    spec:
      channelName: live
      cmafPackage:
        segmentDurationSeconds: 2
        segmentPrefix: live
        hlsManifests:
          - {id: main, manifestName: index, playlistWindowSeconds: 60, programDateTimeIntervalSeconds: 2}
EOF
    [ "$access" = off ] && jul=("-Djava.util.logging.config.file=$ROOT/bench/logging-noaccess.properties")
    # shellcheck disable=SC2086
    "$JAVA" "$@" ${JAVA_OPTS:-} "${jul[@]}" -jar "$JAR" --config "$WORK/packager-$name.yaml" > "$WORK/packager-$name.log" 2>&1 &
    PACKAGER_PID=$!
    PIDS+=("$PACKAGER_PID")
    wait_http "http://127.0.0.1:$ADMIN_PORT/health/ready" 30
}
