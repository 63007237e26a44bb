#!/usr/bin/env bash
# Runs the jcstress tests of stress-tests (Go memory-model rules and runtime races).
#
#   stress-tests/run.sh                 # sanity mode: every test, a smoke run (CI)
#   stress-tests/run.sh -m quick        # more samples per test (minutes)
#   stress-tests/run.sh -m default -t 'Chan.*'   # any jcstress option is passed on
#
# Finds a JDK 21+ (bin/find-jdk.sh), builds stress-tests/target/jcstress.jar if it is
# missing, passes the --add-opens the G/M/P scheduler needs to the forked test VMs
# (every test also fails with an error if GoRuntime.scheduler() is not "gmp"), writes
# the report to stress-tests/target/jcstress-results/ and exits non-zero if a test
# failed (a FORBIDDEN outcome was observed) or had an error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
source "$root/bin/find-jdk.sh"

jar="$here/target/jcstress.jar"
if [ ! -f "$jar" ]; then
  echo "run.sh: building $jar" >&2
  (cd "$root" && mvn -B -ntp -q -pl stress-tests -am package -DskipTests)
fi

args=("$@")
has_mode=0
for a in "${args[@]+"${args[@]}"}"; do [ "$a" = "-m" ] && has_mode=1; done
[ "$has_mode" = 1 ] || args=(-m sanity "${args[@]+"${args[@]}"}")

results="$here/target/jcstress-results"
out="$here/target/jcstress-output.txt"
mkdir -p "$results"
start=$(date +%s)
set +e
# The report and the result blob go to target/, not to the current directory.
(cd "$here/target" && "$JAVA" --add-opens=java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED -jar "$jar" \
    -jvmArgsPrepend "--add-opens=java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED" \
    -r "$results" "${args[@]}") 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}
set -e
echo "run.sh: jcstress exited with $rc after $(( $(date +%s) - start )) s; report: $results/index.html" >&2

# jcstress exits non-zero on failed or errored tests; also check its summary, so a
# change in its exit code convention cannot hide a FORBIDDEN outcome.
if [ "$rc" -ne 0 ] \
   || ! grep -q "Failed tests: No matches" "$out" \
   || ! grep -q "Error tests: No matches" "$out"; then
  echo "run.sh: FAILED (a FORBIDDEN outcome was observed or a test had an error; see above)" >&2
  exit 1
fi
if ! grep -q "All remaining tests\|Interesting tests" "$out"; then
  echo "run.sh: FAILED (no jcstress summary in the output)" >&2
  exit 1
fi
echo "run.sh: OK" >&2
