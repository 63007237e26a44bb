#!/usr/bin/env bash
# Sourced by the project's scripts: sets JAVA to a java binary of a JDK 21 or newer.
# Looks at $JAVA_HOME first, then the JDKs under /usr/lib/jvm, ~/.sdkman and ~/.jdks
# (newest first). The machine's default java may be older (17 here): it is not used
# unless it is new enough.

java_major() { # prints the feature version of the java binary $1, or 0
  "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}' || echo 0
}

find_jdk() {
  local candidates=() c
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  for c in $(ls -d /usr/lib/jvm/*/ "$HOME"/.sdkman/candidates/java/*/ "$HOME"/.jdks/*/ 2>/dev/null | sort -rV); do
    candidates+=("${c%/}/bin/java")
  done
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for c in "${candidates[@]}"; do
    if [ -x "$c" ] && [ "$(java_major "$c")" -ge 21 ] 2>/dev/null; then
      JAVA="$c"
      return 0
    fi
  done
  echo "error: no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm, ~/.sdkman, ~/.jdks and PATH)." >&2
  echo "       Install one (e.g. Temurin 21 or 25) or set JAVA_HOME to it." >&2
  return 1
}

find_jdk
