#!/usr/bin/env bash
# Longer coverage-guided fuzzing campaigns with Jazzer's standalone driver (docs/security.md).
# CI runs each target for 10 s through JUnit (@FuzzTest); this runs each for DURATION seconds,
# one after the other, starting from the committed seeds plus the corpus of earlier runs, and
# writes:
#   $OUT/corpus/<target>/     the corpus libFuzzer grew (kept between runs: the next run resumes it)
#   $OUT/findings/<target>/   crash-*, timeout-*, oom-* inputs; empty when nothing was found
#   $OUT/logs/<target>.log    libFuzzer's output (exec/s, cov, ft, corp lines)
#   $OUT/summary.tsv          target, runs, exec/s, cov, ft, corpus, findings of this run
# A finding: copy the input into the target's seed directory
# (packager/src/test/resources/dev/wharf/packager/.../<Class>Inputs/<method>/), so `./mvnw verify`
# replays it as a regression test, and fix the code.
# Knobs: DURATION=600 (seconds per target) TARGETS="playlist ts digest path" OUT=bench/out/fuzz
#        TIMEOUT=5 (seconds per input: a slower input is a hang finding) RSS_MB=2048 JAVA=...
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-600}
TARGETS=${TARGETS:-playlist ts digest path}
OUT=${OUT:-$ROOT/bench/out/fuzz}
TIMEOUT=${TIMEOUT:-5}
RSS_MB=${RSS_MB:-2048}
. "$ROOT/.mvn/find-jdk.sh"
JAVA=${JAVA:-$JAVA_HOME/bin/java}
RES="$ROOT/packager/src/test/resources/dev/wharf/packager"

declare -A CLASS=(
  [playlist]=dev.wharf.packager.hls.PlaylistParserFuzzTest
  [ts]=dev.wharf.packager.demux.ts.TsDemuxerFuzzTest
  [digest]=dev.wharf.packager.ingest.DigestAuthorizationFuzzTest
  [path]=dev.wharf.packager.ingest.IngestPathFuzzTest
)
declare -A SEEDS=(
  [playlist]=$RES/hls/PlaylistParserFuzzTestInputs/parse
  [ts]=$RES/demux/ts/TsDemuxerFuzzTestInputs/demux
  [digest]=$RES/ingest/DigestAuthorizationFuzzTestInputs/authorization
  [path]=$RES/ingest/IngestPathFuzzTestInputs/parse
)

mkdir -p "$OUT/logs"
CP_FILE="$OUT/classpath.txt"
( cd "$ROOT" && ./mvnw -B -q -pl packager -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" )
CP="$ROOT/packager/target/test-classes:$ROOT/packager/target/classes:$(cat "$CP_FILE")"

printf 'target\truns\texec_per_s\tcov\tft\tcorpus\tfindings\n' > "$OUT/summary.tsv"
for t in $TARGETS; do
  [ -n "${CLASS[$t]:-}" ] || { echo "unknown target $t (known: ${!CLASS[*]})" >&2; exit 2; }
  mkdir -p "$OUT/corpus/$t" "$OUT/findings/$t"
  echo "== $t (${CLASS[$t]}) for ${DURATION}s" >&2
  marker="$OUT/findings/$t/.started"
  touch "$marker"
  set +e
  # --keep_going: record every distinct finding instead of stopping at the first.
  "$JAVA" -Xmx1g -cp "$CP" com.code_intelligence.jazzer.Jazzer \
      --target_class="${CLASS[$t]}" --instrumentation_includes='dev.wharf.**' --keep_going=100 \
      -max_total_time="$DURATION" -timeout="$TIMEOUT" -rss_limit_mb="$RSS_MB" -print_final_stats=1 \
      -artifact_prefix="$OUT/findings/$t/" "$OUT/corpus/$t" "${SEEDS[$t]}" > "$OUT/logs/$t.log" 2>&1
  rc=$?
  set -e
  last=$(grep -aE '^#[0-9]+' "$OUT/logs/$t.log" | tail -n 1)
  runs=$(sed -n 's/^#\([0-9]*\).*/\1/p' <<<"$last")
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9A-Za-z]*\).*/\1/p' <<<"$last")
  eps=$(sed -n 's/^stat::average_exec_per_sec: *\([0-9]*\).*/\1/p' "$OUT/logs/$t.log" | tail -n 1)
  found=$(find "$OUT/findings/$t" -type f ! -name .started -newer "$marker" | wc -l) # this run's only
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "${runs:-?}" "${eps:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$found" \
      >> "$OUT/summary.tsv"
  echo "   exit $rc, $found finding(s); log: $OUT/logs/$t.log" >&2
done
column -t "$OUT/summary.tsv"
