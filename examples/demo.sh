#!/bin/sh
# Runs the Wharf packager standalone on its embedded store with the demo channel (examples/demo.yaml);
# with ffmpeg installed it also starts a test-pattern encoder pushing to the first ingest URL.
# Builds the packager first when needed. Ctrl-C stops everything.
set -eu
top=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$top"
jar=packager/target/wharf-packager.jar
if [ ! -f "$jar" ] || [ -n "$(find packager/src pom.xml packager/pom.xml -newer "$jar" -type f 2>/dev/null | head -n 1)" ]; then
  echo "Building the packager (first run downloads dependencies)..." >&2
  ./mvnw -B -q -pl packager -am package -DskipTests
fi
. "$top/.mvn/find-jdk.sh"
exec "$JAVA_HOME/bin/java" -jar "$jar" --config "${WHARF_CONFIG:-examples/demo.yaml}" --demo-encoder "$@"
