# Sourced by ./snn4j, ./run-tests and .ci/run: points JAVA_HOME at a JDK 25 or newer.
# Order: $JAVA_HOME if it is 25+, then /usr/lib/jvm/temurin-25-jdk-amd64, then any /usr/lib/jvm/*25*.
snn4j_java_version() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}'; }
snn4j_find_java() {
  local c v
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*-25* /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
    v=$(snn4j_java_version "$c")
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then echo "$c"; return 0; fi
  done
  return 1
}
if ! JAVA_HOME=$(snn4j_find_java); then
  echo "snn4j needs Java 25 or newer and found none (looked at \$JAVA_HOME and /usr/lib/jvm)." >&2
  echo "Install one, e.g. Temurin 25 from https://adoptium.net, or 'apt-get install temurin-25-jdk'" >&2
  echo "after adding the Adoptium apt repository, then set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME
