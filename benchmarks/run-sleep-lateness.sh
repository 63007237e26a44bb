#!/usr/bin/env bash
# run-sleep-lateness.sh: how late a 1 ms sleep wakes up. Runs
# io.goroutines.benchmarks.time.SleepLateness: one task sleeps 1 ms again and again for
# SECONDS (default 3) per case, idle and while LOAD (default 10,000) other tasks are
# runnable (each looping a few tens of ns of arithmetic and a yield), for
# Thread.sleep in a JDK virtual thread (load: Thread.yield) and for our Time.sleep in
# a goroutine (load: GoRuntime.gosched), and prints the median, p90, p99 and max
# lateness in µs per case. When a Go toolchain is on PATH (and TIME_GO is not 0) it
# also runs benchmarks/src/main/go/sleep_lateness.go, the same for Go's time.Sleep and
# runtime.Gosched. About SECONDS + 1 s per case, SECONDS + 3 s for a starved one.
#
# Usage: benchmarks/run-sleep-lateness.sh [SECONDS [LOAD]]
#
# Environment:
#   JAVA_HOME     used when it is a JDK 21+; else the newest 21+ under /usr/lib/jvm
#   TIME_GO       0: do not run the Go side even when go is installed
#
# Until io.goroutines.time is implemented, the goroutines cases fail with "not yet
# implemented"; the JDK ones are printed.
#
# Builds benchmarks/target/benchmarks.jar first when it is missing.
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$bench_dir")"

# shellcheck source=lib.sh
source "$bench_dir/lib.sh"   # JAVA, jar, ensure_jar, go_std_bench, ...

ensure_jar run-sleep-lateness.sh

echo "run-sleep-lateness.sh: $("$JAVA" -version 2>&1 | head -n 1)" >&2
"$JAVA" --add-opens java.base/java.lang=ALL-UNNAMED \
    -cp "$jar" io.goroutines.benchmarks.time.SleepLateness "$@"

if [[ "${TIME_GO:-1}" != 0 ]] && command -v go >/dev/null; then
    echo
    echo "Go, for reference:"
    go_run_program sleep_lateness.go "$@"
fi
