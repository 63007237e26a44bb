#!/usr/bin/env bash
# run-million-timers.sh: a million timers at once. Runs
# io.goroutines.benchmarks.time.MillionTimers, which arms N timers (default 1,000,000)
# with delays uniform in [0, MAX_DELAY_MS] (default 100 ms) and waits for all of them
# to fire, for a ScheduledThreadPoolExecutor (the task counts down; then the task
# starts a virtual thread that counts down) and for our Time.afterFunc (f in its own
# goroutine), and prints for each the arming time, the wall time from the first arm to
# the last fire, the peak heap, the peak RSS and the GCs, then the heap bytes per
# pending timer. When a Go toolchain is on PATH (and TIME_GO is not 0) it also runs
# benchmarks/src/main/go/million_timers.go, the same for Go's time.AfterFunc.
#
# Usage: benchmarks/run-million-timers.sh [N [MAX_DELAY_MS]]
#
# Environment:
#   JAVA_HOME     used when it is a JDK 21+; else the newest 21+ under /usr/lib/jvm
#   MILLION_XMX   the JVM's -Xmx (default 4g). The peak heap counts garbage not yet
#                 collected, so it depends on -Xmx (G1 sizes its young generation
#                 from it): compare runs with the same value.
#   TIME_GO       0: do not run the Go side even when go is installed
#
# Until io.goroutines.time is implemented, the goroutines lines fail with "not yet
# implemented"; the others are printed.
#
# Builds benchmarks/target/benchmarks.jar first when it is missing.
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$bench_dir")"

# shellcheck source=lib.sh
source "$bench_dir/lib.sh"   # JAVA, jar, ensure_jar, go_std_bench, ...

ensure_jar run-million-timers.sh

echo "run-million-timers.sh: $("$JAVA" -version 2>&1 | head -n 1)" >&2
"$JAVA" --add-opens java.base/java.lang=ALL-UNNAMED -Xmx"${MILLION_XMX:-4g}" \
    -cp "$jar" io.goroutines.benchmarks.time.MillionTimers "$@"

if [[ "${TIME_GO:-1}" != 0 ]] && command -v go >/dev/null; then
    echo
    echo "Go, for reference:"
    go_run_program million_timers.go "$@"
fi
