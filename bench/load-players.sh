#!/usr/bin/env bash
# How many live HLS players one packager (or two replicas behind nginx) serves with 0 errors and p99 < 1 s.
#
# What it does (all on 127.0.0.1, every process started here is stopped by the trap):
#   1. encodes a 20 s 3-rendition source once (960x540 2 Mbit/s, 640x360 1 Mbit/s, 416x234 400 kbit/s,
#      H.264 + AAC, a keyframe every 2 s; cached in $CACHE), so no encoder competes for the CPU;
#   2. starts the packager (MODE=single: one, on the in-memory store or Redis: STORE=memory|redis;
#      MODE=replicas: two on one redis-server, behind nginx round robin for both ingest and playback);
#   3. ffmpeg replays the source forever in real time (-re -stream_loop -1 -c copy) into the ingest
#      endpoint with its HLS muxer (2 s segments, PUT, Digest), like a live encoder;
#   4. for each N in STEPS: bench/src/main/java/dev/wharf/bench/LoadPlayers.java runs N players for
#      STEP_SECONDS (master once, one variant (player i takes variant i mod 3), live edge, playlist
#      reload every target duration, every new segment fetched); the step passes with 0 errors and
#      playlist and segment p99 < 1 s; the steps stop at the first that fails;
#   5. HOLD_SECONDS > 0: holds the largest N that passed (or HOLD_PLAYERS) for that long.
#   Per step: packager CPU (% of one core, from /proc/PID/stat over the step), max RSS (VmRSS sampled
#   every second), JVM heap used at the end (jcmd GC.heap_info), the generator's CPU, and the load
#   average before and after (the machine may be shared: read the numbers with it).
#
# Usage: bench/load-players.sh                 (build first: ./mvnw -B -q -pl packager -am package -DskipTests)
# Knobs (environment): STEPS="100 250 500 1000 2000" STEP_SECONDS=60 HOLD_SECONDS=0 HOLD_PLAYERS=
#   MODE=single|replicas STORE=memory|redis ENDPOINT=hls|cmaf VARIANT=spread|top|lowest RAMP=10
#   LOG=off|on (packager access log; off = bench/logging-noaccess.properties, on = the packager's default)
#   HEAP= (packager -Xmx, default: the JVM's) JAVA=... JAVA_OPTS="..." (packager JVM flags) RESULTS=file (TSV)
#   LB_BUFFERING=off|on (MODE=replicas: nginx proxy_buffering for playback; off is ingress-nginx's default;
#   on = 32 x 64k buffers per response in memory, no temp files)
#   CACHE=/tmp/wharf-load-cache (the encoded source)  KEEP_LOGS=dir (copy packager, ffmpeg, generator logs there at the end)
# The 10-minute hold, one line:
#   STEPS="250 500 1000 2000 3000 4000 5000" STEP_SECONDS=60 HOLD_SECONDS=600 bench/load-players.sh
#   MODE=replicas LB_BUFFERING=on STEPS="250 500 1000 1500 2000 3000" STEP_SECONDS=60 HOLD_SECONDS=600 bench/load-players.sh
set -euo pipefail
{ # the whole script is read before it runs: editing this file during a run cannot derail it

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/packager/target/wharf-packager.jar"
JDK=/usr/lib/jvm/temurin-25-jdk-amd64/bin
JAVA=${JAVA:-$( [ -x $JDK/java ] && echo $JDK/java || echo java)}
JBIN=$(dirname "$(readlink -f "$JAVA")")
STEPS=${STEPS:-100 250 500 1000 2000}
STEP_SECONDS=${STEP_SECONDS:-60}
HOLD_SECONDS=${HOLD_SECONDS:-0}
HOLD_PLAYERS=${HOLD_PLAYERS:-}
MODE=${MODE:-single}
STORE=${STORE:-memory}
ENDPOINT=${ENDPOINT:-hls}
VARIANT=${VARIANT:-spread}
RAMP=${RAMP:-10}
HEAP=${HEAP:-}
JAVA_OPTS=${JAVA_OPTS:-}
LOG=${LOG:-off}
RESULTS=${RESULTS:-}
CACHE=${CACHE:-/tmp/wharf-load-cache}
KEEP_LOGS=${KEEP_LOGS:-}
LB_BUFFERING=${LB_BUFFERING:-off}
NS=bench CH=live USER=bench-encoder PASS=bench-password-1
[ "$MODE" = replicas ] && STORE=redis

for tool in ffmpeg curl; do command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 2; }; done
[ "$STORE" = redis ] && { command -v redis-server >/dev/null || { echo "missing tool: redis-server" >&2; exit 2; }; }
[ "$MODE" = replicas ] && { command -v nginx >/dev/null || { echo "missing tool: nginx" >&2; exit 2; }; }
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -q -pl packager -am package -DskipTests" >&2; exit 2; }

WORK=$(mktemp -d /tmp/wharf-load.XXXXXX)
chmod 755 "$WORK"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
load() { cut -d' ' -f1 /proc/loadavg; }

echo "# machine: $(nproc) cores, $(uname -sr), $("$JAVA" -version 2>&1 | head -1), $(ffmpeg -version | head -1 | cut -d' ' -f1-3)"
echo "# commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'); MODE=$MODE LB_BUFFERING=$LB_BUFFERING STORE=$STORE ENDPOINT=$ENDPOINT LOG=$LOG VARIANT=$VARIANT STEPS=\"$STEPS\" STEP_SECONDS=$STEP_SECONDS HOLD_SECONDS=$HOLD_SECONDS"

# 1. the source, encoded once
SOURCE=$CACHE/source-3r-20s.ts
if [ ! -s "$SOURCE" ]; then
    mkdir -p "$CACHE"
    echo "# encoding the source once: $SOURCE"
    ffmpeg -hide_banner -loglevel error -nostdin -f lavfi -i testsrc2=size=960x540:rate=25 \
        -f lavfi -i sine=frequency=440:sample_rate=48000 -t 20 \
        -filter_complex "[0:v]split=3[a][b][c];[b]scale=640:360[b2];[c]scale=416:234[c2]" \
        -map "[a]" -map "[b2]" -map "[c2]" -map 1:a \
        -c:v libx264 -preset veryfast -profile:v main -pix_fmt yuv420p -g 50 -keyint_min 50 -sc_threshold 0 \
        -b:v:0 2000k -maxrate:v:0 2000k -bufsize:v:0 4000k -b:v:1 1000k -maxrate:v:1 1000k -bufsize:v:1 2000k \
        -b:v:2 400k -maxrate:v:2 400k -bufsize:v:2 800k -c:a aac -b:a 96k -ac 2 \
        -f mpegts -y "$SOURCE.tmp" && mv "$SOURCE.tmp" "$SOURCE"
fi

# the load generator, compiled once
"$JBIN/javac" -d "$WORK/gen" "$ROOT/bench/src/main/java/dev/wharf/bench/LoadPlayers.java"

# 2. Redis, packager(s), nginx
REDIS_URL="" REDIS_PID="" NGINX_PID=""
if [ "$STORE" = redis ]; then
    start_redis
    REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
fi

PACKAGER_PIDS=() PLAY_PORTS=() INGEST_PORTS=()
start_packager() { # index
    local flags=()
    [ -n "$HEAP" ] && flags=("-Xmx$HEAP")
    start_packager_process "$1" "${REDIS_URL:-}" "$LOG" "" "" "${flags[@]}"
    PACKAGER_PIDS+=("$PACKAGER_PID"); PLAY_PORTS+=("$PLAY_PORT"); INGEST_PORTS+=("$INGEST_PORT")
}

start_packager 0
PLAY=${PLAY_PORTS[0]} INGEST=${INGEST_PORTS[0]}
if [ "$MODE" = replicas ]; then
    start_packager 1
    PLAY=$(free_port); INGEST=$(free_port)
    mkdir -p "$WORK/nginx"
    if [ "$LB_BUFFERING" = on ]; then
        PLAYBACK_BUFFERING="proxy_buffering on; proxy_buffers 32 64k; proxy_busy_buffers_size 256k; proxy_max_temp_file_size 0;"
    else
        PLAYBACK_BUFFERING="proxy_buffering off;"
    fi
    cat > "$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
worker_rlimit_nofile 20000;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 16000; }
http {
    access_log off;
    client_max_body_size 0;
    client_body_temp_path $WORK/nginx/body; proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/tmp; uwsgi_temp_path $WORK/nginx/tmp; scgi_temp_path $WORK/nginx/tmp;
    upstream ingest { server 127.0.0.1:${INGEST_PORTS[0]} max_fails=0; server 127.0.0.1:${INGEST_PORTS[1]} max_fails=0; keepalive 16; }
    upstream playback { server 127.0.0.1:${PLAY_PORTS[0]} max_fails=0; server 127.0.0.1:${PLAY_PORTS[1]} max_fails=0; keepalive 256; }
    server {
        listen 127.0.0.1:$INGEST;
        location / { proxy_pass http://ingest; proxy_http_version 1.1; proxy_set_header Connection "";
                     proxy_request_buffering off; proxy_buffering off;
                     proxy_next_upstream error timeout http_502 http_503 non_idempotent; }
    }
    server {
        listen 127.0.0.1:$PLAY;
        keepalive_requests 1000000;
        location / { proxy_pass http://playback; proxy_http_version 1.1; proxy_set_header Connection "";
                     $PLAYBACK_BUFFERING proxy_next_upstream error timeout http_502 http_503; }
    }
}
EOF
    nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" > "$WORK/nginx/stdout.log" 2>&1 &
    PIDS+=("$!")
    sleep 0.5
    NGINX_PID=$(pgrep -P "$!" | head -1 || true) # the worker (the master only forks)
    for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PLAY") 2>/dev/null && break; sleep 0.1; done
fi

# 3. the live push: the source replayed forever, stream copy, real time
BASE="http://$USER:$PASS@127.0.0.1:$INGEST/in/v2/$NS/$CH/in1"
ffmpeg -hide_banner -loglevel warning -nostdin -re -stream_loop -1 -i "$SOURCE" \
    -map 0:v:0 -map 0:v:1 -map 0:v:2 -map 0:a:0 -map 0:a:0 -map 0:a:0 -c copy \
    -f hls -hls_time 2 -hls_list_size 5 -hls_flags delete_segments+program_date_time+independent_segments \
    -method PUT -http_persistent 1 -master_pl_name channel.m3u8 -var_stream_map "v:0,a:0 v:1,a:1 v:2,a:2" \
    -hls_segment_filename "$BASE/channel_%v_%05d.ts" "$BASE/channel_%v.m3u8" > "$WORK/ffmpeg.log" 2>&1 &
PIDS+=("$!")

if [ "$ENDPOINT" = cmaf ]; then
    MASTER=/out/v1/$NS/$CH/cmaf/main/index.m3u8 MEDIA=/out/v1/$NS/$CH/cmaf/main/index_1_v.m3u8
else
    MASTER=/out/v1/$NS/$CH/hls/index.m3u8 MEDIA=/out/v1/$NS/$CH/hls/index_1.m3u8
fi
echo "# waiting for the live stream: http://127.0.0.1:$PLAY$MEDIA"
for _ in $(seq 60); do
    n=$(curl -sf "http://127.0.0.1:$PLAY$MEDIA" 2>/dev/null | grep -c '^#EXTINF' || true)
    [ "${n:-0}" -ge 4 ] && break
    sleep 1
done
[ "${n:-0}" -ge 4 ] || { echo "the stream did not start" >&2; tail -20 "$WORK/ffmpeg.log" "$WORK"/packager-*.log >&2; exit 1; }

cpu_ticks() { # pid -> utime+stime in clock ticks
    awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0
}
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
heap_mb() { # used heap in MB from jcmd
    "$JBIN/jcmd" "$1" GC.heap_info 2>/dev/null | awk '/used/ {for (i = 1; i < NF; i++) if ($i == "used") {v = $(i+1); sub(/K,?$/, "", v); print int(v / 1024); exit}}'
}
TICK=$(getconf CLK_TCK)

printf '%-6s %-5s %6s %22s %22s %8s %14s %14s %10s %8s %s %s\n' players pass errors "playlist p50/p99/max" \
    "segment p50/p99/max ms" "MB/s" "packager CPU%" "RSS/heap MB" "gen CPU%" "secs" "load before/after" "redis,nginx CPU%"

run_step() { # players seconds -> sets STEP_PASS
    local n=$1 secs=$2 ramp=$RAMP before after t0 t1 gen result line i
    [ "$ramp" -gt $((secs / 2)) ] && ramp=$((secs / 2))
    before=$(load)
    local -a c0=() ; for p in "${PACKAGER_PIDS[@]}"; do c0+=("$(cpu_ticks "$p")"); done
    local r0=0 n0=0
    [ -n "$REDIS_PID" ] && r0=$(cpu_ticks "$REDIS_PID")
    [ -n "$NGINX_PID" ] && n0=$(cpu_ticks "$NGINX_PID")
    : > "$WORK/rss"
    ( while :; do s=0; for p in "${PACKAGER_PIDS[@]}"; do s=$((s + $(rss_kb "$p"))); done; echo "$s" >> "$WORK/rss"; sleep 1; done ) &
    local sampler=$!
    t0=$(date +%s.%N)
    "$JAVA" -Xss256k -XX:+UseParallelGC -cp "$WORK/gen" dev.wharf.bench.LoadPlayers --url "http://127.0.0.1:$PLAY$MASTER" \
        --players "$n" --duration "$secs" --ramp "$ramp" --variant "$VARIANT" > "$WORK/gen-$n.log" 2>&1 &
    gen=$!
    wait "$gen" || true
    t1=$(date +%s.%N)
    kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
    after=$(load)
    local cpu=0 heap="" i=0
    for p in "${PACKAGER_PIDS[@]}"; do
        cpu=$(echo "$cpu + ($(cpu_ticks "$p") - ${c0[$i]}) / $TICK" | bc -l)
        heap+="${heap:+,}$(heap_mb "$p")"
        i=$((i + 1))
    done
    local wall; wall=$(echo "$t1 - $t0" | bc -l)
    local aux="-,-"
    if [ -n "$REDIS_PID" ]; then aux=$(printf '%.0f' "$(echo "100 * ($(cpu_ticks "$REDIS_PID") - $r0) / $TICK / $wall" | bc -l)"); else aux=-; fi
    if [ -n "$NGINX_PID" ]; then aux+=,$(printf '%.0f' "$(echo "100 * ($(cpu_ticks "$NGINX_PID") - $n0) / $TICK / $wall" | bc -l)"); else aux+=,-; fi
    local cpupct; cpupct=$(printf '%.0f' "$(echo "100 * $cpu / $wall" | bc -l)")
    local rss; rss=$(( $(sort -n "$WORK/rss" | tail -1) / 1024 ))
    result=$(grep '^RESULT' "$WORK/gen-$n.log" || true)
    if [ -z "$result" ]; then
        echo "generator failed:" >&2; cat "$WORK/gen-$n.log" >&2; STEP_PASS=0; return
    fi
    local -A r=()
    for kv in ${result#RESULT }; do r[${kv%%=*}]=${kv#*=}; done
    local pass=1
    [ "${r[errors]}" = 0 ] || pass=0
    (( $(echo "${r[playlist_p99_ms]} < 1000 && ${r[segment_p99_ms]} < 1000" | bc -l) )) || pass=0
    printf '%-6s %-5s %6s %22s %22s %8.1f %14s %14s %10s %8.0f %s %s\n' "$n" "$([ $pass = 1 ] && echo yes || echo NO)" \
        "${r[errors]}" "${r[playlist_p50_ms]}/${r[playlist_p99_ms]}/${r[playlist_max_ms]}" \
        "${r[segment_p50_ms]}/${r[segment_p99_ms]}/${r[segment_max_ms]}" "$(echo "${r[bytes_per_s]} / 1000000" | bc -l)" \
        "$cpupct" "$rss/$heap" "${r[cpu_percent]}" "$wall" "$before/$after" "$aux"
    grep -v '^RESULT' "$WORK/gen-$n.log" | sed 's/^/#   /'
    [ -n "$RESULTS" ] && printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$MODE/$STORE/$ENDPOINT" "$n" "$pass" \
        "${r[errors]}" "${r[playlist_p99_ms]}" "${r[segment_p99_ms]}" "${r[bytes_per_s]}" "$cpupct" "$rss" "$heap" \
        "$before/$after" >> "$RESULTS"
    STEP_PASS=$pass
}

BEST=""
for n in $STEPS; do
    run_step "$n" "$STEP_SECONDS"
    if [ "$STEP_PASS" = 1 ]; then BEST=$n; else break; fi
done
echo "# largest N with 0 errors and p99 < 1 s over ${STEP_SECONDS} s: ${BEST:-none}"

if [ "$HOLD_SECONDS" -gt 0 ]; then
    n=${HOLD_PLAYERS:-$BEST}
    if [ -n "$n" ]; then
        echo "# hold: $n players for $HOLD_SECONDS s"
        run_step "$n" "$HOLD_SECONDS"
        echo "# hold at $n players for $HOLD_SECONDS s: $([ "$STEP_PASS" = 1 ] && echo passed || echo FAILED)"
    fi
fi
tail -5 "$WORK/ffmpeg.log" | sed 's/^/# ffmpeg: /'
exit 0
}
