# Sourced by mvnw and examples/demo.sh: sets JAVA_HOME to a JDK 21 or newer, or stops with a
# message saying what to install. $JAVA_HOME wins when new enough; else the newest JDK found.
java_major() { # prints the feature version of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "$JAVA_HOME"; return; fi
  fi
  best=""; bestv=0
  for d in /usr/lib/jvm/* /usr/java/* "$HOME"/.sdkman/candidates/java/* /opt/java/*; do
    [ -d "$d" ] || continue
    v=$(java_major "$d")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$bestv" ]; then best=$d; bestv=$v; fi
  done
  echo "$best"
}

jdk=$(pick_jdk)
if [ -z "$jdk" ]; then
  echo "mvnw: Wharf needs a JDK 21 or newer (Helidon 4). None found in JAVA_HOME or /usr/lib/jvm." >&2
  echo "mvnw: install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 21/25) or set JAVA_HOME." >&2
  exit 1
fi
JAVA_HOME=$jdk; export JAVA_HOME
