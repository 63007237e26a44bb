#!/usr/bin/env bash
# run-blocking.sh: do goroutines blocked in the kernel stall the others? Runs
# io.goroutines.benchmarks.sched.BlockingStall: N goroutines (default 1,000) block
# opening FIFOs for WINDOW (default 2 s) while a probe goroutine ticks every 1 ms and a
# ping-pong pair counts round trips; then a platform thread writes every FIFO and the
# readers return. When a Go toolchain is on PATH (and BLOCKING_GO is not 0) it also runs
# benchmarks/src/main/go/blocking_stall.go, the same program in Go. Prints each
# program's output, then a table: the probe's longest and p99 gap during the blocked
# window (a gap is 1 ms of sleep plus the stall), ping-pong round trips per second
# before and during the window, OS threads at the peak, the time until every reader was
# blocked in the kernel, and the readers that returned. About 5 s per program.
#
# A window of 2 s may end before a scheduler that hands off a pinned P slowly reaches
# its cap on threads (the goroutines runtime of this commit: one handoff about every
# 11 to 22 ms, at most 256 extra Ms, so about 3 s): -window 5 shows what happens past it.
#
# Usage: benchmarks/run-blocking.sh [-n N] [-window SECONDS] [-baseline SECONDS]
#                                   [-procs GOMAXPROCS] [-timeout SECONDS]
# (the flags go to both programs unchanged)
#
# Environment:
#   JAVA_HOME     used when it is a JDK 21+; else the newest 21+ under /usr/lib/jvm
#   BLOCKING_GO   0: do not run the Go side even when go is installed
#
# Builds benchmarks/target/benchmarks.jar first when it is missing (delete it, or run
# mvn, to pick up source changes). Linux only: the threads are counted in /proc.
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$bench_dir")"

# shellcheck source=lib.sh
source "$bench_dir/lib.sh"   # JAVA, jar, ensure_jar, go_run_program, ...

command -v mkfifo >/dev/null || { echo "run-blocking.sh: mkfifo(1) not found" >&2; exit 1; }
ensure_jar run-blocking.sh

results="$(mktemp)"
trap 'rm -f "$results"' EXIT

status=0
echo "run-blocking.sh: $("$JAVA" -version 2>&1 | head -n 1)" >&2
"$JAVA" --add-opens java.base/java.lang=ALL-UNNAMED \
    -cp "$jar" io.goroutines.benchmarks.sched.BlockingStall "$@" | tee -a "$results" || status=$?

if [[ "${BLOCKING_GO:-1}" != 0 ]] && command -v go >/dev/null; then
    echo
    echo "Go, for reference:"
    go_run_program blocking_stall.go "$@" | tee -a "$results" || status=$?
fi

# The table, from the RESULT lines (key=value pairs).
echo
awk '
    BEGIN {
        printf "%-11s %12s %12s %16s %16s %13s %15s %10s\n", "runtime", "max stall", "p99 stall",
            "ping-pong before", "ping-pong during", "threads peak", "all blocked at", "returned"
    }
    $1 == "RESULT" {
        delete f
        for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
        parked = f["all_parked_ms"] ~ /^[0-9.]+$/ ? f["all_parked_ms"] " ms" : f["all_parked_ms"]
        printf "%-11s %9s ms %9s ms %14s/s %14s/s %13s %15s %10s\n", f["impl"], f["max_stall_ms"],
            f["p99_stall_ms"], f["pingpong_base_per_s"], f["pingpong_window_per_s"], f["threads_peak"],
            parked, f["returned"]
    }
' "$results"
echo "(stall: gap between two ticks of a 1 ms sleep loop during the blocked window; threads: /proc/self/task)"
exit "$status"
