#!/usr/bin/env bash
# run-memory.sh: heap bytes per parked goroutine. Runs
# io.goroutines.benchmarks.chan.ParkedGoroutineMemory, which parks N goroutines
# (default 1,000,000), each in a receive on its own unbuffered channel, and N JDK
# virtual threads in LockSupport.park as the baseline, and prints bytes per parked
# task for both (plus the channels alone). It runs twice, in two JVMs: once with one
# task shape per kind (the JIT inlines each whole task: the best case), once with
# --mixed (other task shapes ran first, as in a real program, and frames are compiled
# apart). Each run ends with a census of both kinds (--census): what the parked tasks
# keep alive class by class, and the size of their frozen stacks. When a Go toolchain
# is on PATH (and CHAN_GO is not 0) it also runs benchmarks/src/main/go/parked_goroutine_memory.go,
# the same measurement for Go's own goroutines.
#
# Usage: benchmarks/run-memory.sh [N]
#
# Environment:
#   JAVA_HOME     used when it is a JDK 21+; else the newest 21+ under /usr/lib/jvm
#   MEMORY_XMX    the JVM's -Xmx (default 8g: 1,000,000 parked virtual threads need
#                 about 1 GiB, and the GCs need room)
#   CHAN_GO       0: do not run the Go side even when go is installed
#
# Builds benchmarks/target/benchmarks.jar first when it is missing.
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$bench_dir")"

# shellcheck source=lib.sh
source "$bench_dir/lib.sh"   # JAVA, jar, ensure_jar, go_std_bench, ...

ensure_jar run-memory.sh

echo "run-memory.sh: $("$JAVA" -version 2>&1 | head -n 1)" >&2
for mode in best mixed; do
    mode_args=()
    if [[ $mode == mixed ]]; then
        mode_args=(--mixed)
    fi
    "$JAVA" --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/jdk.internal.vm=ALL-UNNAMED \
        -Xmx"${MEMORY_XMX:-8g}" \
        -cp "$jar" io.goroutines.benchmarks.chan.ParkedGoroutineMemory "${mode_args[@]}" --census "$@"
    echo
done

if [[ "${CHAN_GO:-1}" != 0 ]] && command -v go >/dev/null; then
    echo
    echo "Go, for reference:"
    go_run_program parked_goroutine_memory.go "$@"
fi
