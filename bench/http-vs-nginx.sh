#!/usr/bin/env bash
# Playback throughput of the packager against nginx serving the same bytes.
#
# What it does (all on 127.0.0.1, every process started here is stopped by the trap):
#   1. encodes a 720p 5 Mbit/s test stream once (ffmpeg, ~1.3 MB per 2 s segment);
#   2. for each packager setup, starts the packager, pushes the stream into it with ffmpeg's HLS
#      muxer (-method PUT -http_persistent 1, Digest user:pass in the URL, -re: real time), waits
#      for the end (ENDLIST: the playlist becomes VOD, which is fine for throughput), then runs wrk
#      against (a) a segment, (c) the child playlist, and (d) a CMAF fragment of a CMAF endpoint
#      (cmafPackage; the first GET packages the TS segment, the measured GETs hit the packaged-output
#      cache: "cached CMAF segment");
#      setups: memory store, Redis store (hot cache), Redis store with cache.segmentBytes=1024
#      (every segment GET reads Redis: case (b)); each with the access log on (the default,
#      java.util.logging console handler, redirected to a file here) and off
#      (-Djava.util.logging.config.file=bench/logging-noaccess.properties);
#   3. writes the *same bytes* (fetched from the packager) into an nginx docroot and runs the same
#      wrk against nginx (worker_processes 1, sendfile on, tcp_nodelay on, access_log off);
#   4. prints req/s, MB/s, latency p50/p99 per case and the ratio packager/nginx; nginx is measured
#      right after each packager case (the machine may carry other load: the load average is printed).
#
# Usage: bench/http-vs-nginx.sh            (build first: ./mvnw -B -q -pl packager -am package -DskipTests)
# Knobs (environment): DURATION=10s CONNS=16 THREADS=1 WARMUP=5s PUSH_SECONDS=12 NGINX_WORKERS=1
#   JAVA=/path/to/java  CASES="memory redis"  LOGS="on off"  JAVA_OPTS="..." (extra packager JVM flags)
#   RESULTS=file (appends one TSV line per measurement)  CMAF=on|off (case (d), default on)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/packager/target/wharf-packager.jar"
JAVA=${JAVA:-$( [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && echo /usr/lib/jvm/temurin-25-jdk-amd64/bin/java || echo java)}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-16}
THREADS=${THREADS:-1}
WARMUP=${WARMUP:-5s}
PUSH_SECONDS=${PUSH_SECONDS:-12}
NGINX_WORKERS=${NGINX_WORKERS:-1}
CASES=${CASES:-memory redis}
LOGS=${LOGS:-on off}
JAVA_OPTS=${JAVA_OPTS:-}
RESULTS=${RESULTS:-}
CMAF=${CMAF:-on}
NS=bench CH=live USER=bench-encoder PASS=bench-password-1

for tool in ffmpeg wrk nginx redis-server redis-cli curl; do
    command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 2; }
done
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -q -pl packager -am package -DskipTests" >&2; exit 2; }

WORK=$(mktemp -d /tmp/wharf-bench.XXXXXX)
chmod 755 "$WORK" # nginx workers run as another user
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

cat > "$WORK/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  local errs = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %.1f %.2f %.3f %.3f %d %d\n", summary.requests / secs, summary.bytes / secs / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests, errs))
end
EOF

# measure NAME URL -> prints a line, stores "rps MBps p50 p99" in LAST
declare -A R
measure() {
    local name=$1 url=$2 out
    wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "$url" >/dev/null
    out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" -s "$WORK/report.lua" "$url" | grep '^RESULT')
    read -r _ rps mbps p50 p99 n errs <<<"$out"
    R[$name]="$rps $mbps $p50 $p99"
    printf '%-34s %10s req/s %9s MB/s  p50 %8s ms  p99 %8s ms  (%s requests, %s errors, load %s)\n' \
        "$name" "$rps" "$mbps" "$p50" "$p99" "$n" "$errs" "$(cut -d' ' -f1 /proc/loadavg)"
    [ -n "$RESULTS" ] && printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$rps" "$mbps" "$p50" "$p99" "$errs" >> "$RESULTS"
    return 0
}

echo "# machine: $(nproc) cores, $(uname -sr), $("$JAVA" -version 2>&1 | head -1)"
echo "# $(nginx -v 2>&1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), redis $(redis-server --version | cut -d' ' -f3), $(ffmpeg -version | head -1 | cut -d' ' -f1-3)"
echo "# wrk -t$THREADS -c$CONNS -d$DURATION (after a $WARMUP warm-up run), nginx worker_processes $NGINX_WORKERS"

# 1. the source stream, encoded once (CBR: the segment sizes are the bit rate's)
ffmpeg -hide_banner -loglevel error -nostdin -f lavfi -i testsrc2=size=1280x720:rate=25 \
    -f lavfi -i sine=frequency=440:sample_rate=48000 -t "$PUSH_SECONDS" \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 50 -keyint_min 50 -sc_threshold 0 \
    -b:v 5M -minrate 5M -maxrate 5M -bufsize 2M -x264-params nal-hrd=cbr \
    -c:a aac -b:a 128k -f mpegts -y "$WORK/source.ts"

# 3. nginx on the same bytes, started once the first packager served them
NPORT=""
start_nginx() {
[ -n "$NPORT" ] && return 0
NPORT=$(free_port)
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx/nginx.conf" <<EOF
worker_processes $NGINX_WORKERS;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
    types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; video/mp4 mp4; }
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 1000000;
    client_body_temp_path $WORK/nginx/tmp; proxy_temp_path $WORK/nginx/tmp; fastcgi_temp_path $WORK/nginx/tmp;
    uwsgi_temp_path $WORK/nginx/tmp; scgi_temp_path $WORK/nginx/tmp;
    server {
        listen 127.0.0.1:$NPORT;
        root $DOCROOT;
        location / { add_header Access-Control-Allow-Origin *; }
    }
}
EOF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" &
PIDS+=("$!")
wait_http "http://127.0.0.1:$NPORT$OUT_PATH/index_1.m3u8" 10
}

# Each packager measurement is followed by the same measurement on nginx: other load on the
# machine changes over minutes, the ratio compares runs made back to back.
pair() { # name kind(segment|playlist) packagerUrl
    measure "$1" "$3"
    local target=$OUT_PATH/index_1.m3u8
    [ "$2" = segment ] && target=$OUT_PATH/$NGINX_SEGMENT
    [ "$2" = cmaf ] && target=$CMAF_PATH
    measure "nginx/$2 (after $1)" "http://127.0.0.1:$NPORT$target"
    ratio "$1" "nginx/$2 (after $1)"
}

ratio() { # name base
    read -r a _ <<<"${R[$1]}"; read -r b _ <<<"${R[$2]}"
    printf '%-34s %.2fx nginx\n' "ratio $1" "$(echo "$a / $b" | bc -l)"
    [ -n "$RESULTS" ] && printf 'ratio\t%s\t%.3f\n' "$1" "$(echo "$a / $b" | bc -l)" >> "$RESULTS"
    return 0
}

# 2. packager setups
PPORT="" IPORT="" APORT="" PACKAGER_PID=""
start_packager() { # store(memory|redis) cacheBytes log(on|off) [redisPort]
    local redis=""
    [ "$1" = redis ] && redis="redis://127.0.0.1:$4"
    start_packager_process "$1-$3" "$redis" "$3" "cache: {segmentBytes: $2}" 3600
    PPORT=$PLAY_PORT IPORT=$INGEST_PORT APORT=$ADMIN_PORT
}

push() {
    ffmpeg -hide_banner -loglevel error -nostdin -re -i "$WORK/source.ts" -map 0:v -map 0:a -c copy \
        -f hls -hls_time 2 -hls_list_size 5 -hls_flags program_date_time+independent_segments \
        -method PUT -http_persistent 1 -master_pl_name channel.m3u8 -var_stream_map "v:0,a:0" \
        -hls_segment_filename "http://$USER:$PASS@127.0.0.1:$IPORT/in/v2/$NS/$CH/in1/channel_%v_%05d.ts" \
        "http://$USER:$PASS@127.0.0.1:$IPORT/in/v2/$NS/$CH/in1/channel_%v.m3u8"
}

OUT_PATH=/out/v1/$NS/$CH/hls
SEGMENT=""
pick_segment() { # the second segment of the child playlist (a full 2 s one)
    curl -sf "http://127.0.0.1:$PPORT$OUT_PATH/index_1.m3u8" -o "$WORK/index_1.m3u8"
    SEGMENT=$(grep -v '^#' "$WORK/index_1.m3u8" | sed -n 2p)
    [ -n "$SEGMENT" ] || { echo "no segment in the output playlist" >&2; cat "$WORK/index_1.m3u8" >&2; exit 1; }
}

# (d) the second video fragment of the CMAF endpoint: main/index_1_v.m3u8 lists ../seg/<prefix>_1_v_<n>.mp4
CMAF_BASE=/out/v1/$NS/$CH/cmaf
CMAF_PATH=""
cmaf_segment() {
    local uri
    uri=$(curl -sf "http://127.0.0.1:$PPORT$CMAF_BASE/main/index_1_v.m3u8" | grep -v '^#' | sed -n 2p)
    [ -n "$uri" ] || { echo "no segment in the CMAF playlist" >&2; exit 1; }
    CMAF_PATH=$CMAF_BASE/${uri#../}
    if [ ! -f "$DOCROOT$CMAF_PATH" ]; then
        mkdir -p "$(dirname "$DOCROOT$CMAF_PATH")"
        curl -sf "http://127.0.0.1:$PPORT$CMAF_PATH" -o "$DOCROOT$CMAF_PATH"
        echo "# CMAF fragment $CMAF_PATH: $(stat -c %s "$DOCROOT$CMAF_PATH") bytes"
    fi
    return 0
}
cmaf_pair() { # name
    [ "$CMAF" = on ] || return 0
    cmaf_segment
    pair "$1" cmaf "http://127.0.0.1:$PPORT$CMAF_PATH"
}

DOCROOT="$WORK/www"
save_for_nginx() {
    [ -f "$DOCROOT$OUT_PATH/index_1.m3u8" ] && return 0
    mkdir -p "$DOCROOT$OUT_PATH"
    cp "$WORK/index_1.m3u8" "$DOCROOT$OUT_PATH/index_1.m3u8"
    curl -sf "http://127.0.0.1:$PPORT$OUT_PATH/$SEGMENT" -o "$DOCROOT$OUT_PATH/$SEGMENT"
    NGINX_SEGMENT=$SEGMENT
    start_nginx
    echo "# segment $SEGMENT: $(stat -c %s "$DOCROOT$OUT_PATH/$SEGMENT") bytes; playlist: $(stat -c %s "$DOCROOT$OUT_PATH/index_1.m3u8") bytes"
}

REDIS_PORT="" REDIS_PID=""
for store in $CASES; do
    if [ "$store" = redis ]; then
        start_redis
        pushed=0
        for log in $LOGS; do
            start_packager redis $((256 * 1024 * 1024)) "$log" "$REDIS_PORT"
            if [ $pushed = 0 ]; then push; pushed=1; fi
            pick_segment; save_for_nginx
            pair "redis-hot/segment/log-$log" segment "http://127.0.0.1:$PPORT$OUT_PATH/$SEGMENT"
            pair "redis/playlist/log-$log" playlist "http://127.0.0.1:$PPORT$OUT_PATH/index_1.m3u8"
            cmaf_pair "redis/cmaf-segment/log-$log"
            stop_pid "$PACKAGER_PID"
            start_packager redis 1024 "$log" "$REDIS_PORT"
            pick_segment
            pair "redis-cold/segment/log-$log" segment "http://127.0.0.1:$PPORT$OUT_PATH/$SEGMENT"
            stop_pid "$PACKAGER_PID"
        done
        stop_pid "$REDIS_PID"
    else
        for log in $LOGS; do
            start_packager memory $((256 * 1024 * 1024)) "$log"
            push
            pick_segment; save_for_nginx
            pair "memory/segment/log-$log" segment "http://127.0.0.1:$PPORT$OUT_PATH/$SEGMENT"
            pair "memory/playlist/log-$log" playlist "http://127.0.0.1:$PPORT$OUT_PATH/index_1.m3u8"
            cmaf_pair "memory/cmaf-segment/log-$log"
            stop_pid "$PACKAGER_PID"
        done
    fi
done

