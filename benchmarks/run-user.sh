#!/usr/bin/env bash
# run-user.sh: the channel program shaped like a user program (a main goroutine, one
# worker, one unbuffered channel, N elements timed in main; UserShaped.java and its Go
# twin src/main/go/user_shaped.go), for goroutines, Jox and the JDK's SynchronousQueue,
# then Go, each in its own process, one after the other. Prints every line, then a table
# of medians (ns per element) with the ratios ours/Jox, ours/JDK and ours/Go.
#
# Usage: benchmarks/run-user.sh [N] [RUNS]     (default 1000000 elements, 5 runs)
#
# Environment: JAVA_HOME (a JDK 21+, else the newest under /usr/lib/jvm); USER_IMPLS
# (default "goroutines jox jdk"); USER_GO=0 skips Go. GOMAXPROCS, when set, applies to
# our runtime and to Go; the JDK's scheduler takes the number of CPUs.
# Builds benchmarks/target/benchmarks.jar first when it is missing.
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$bench_dir")"

# shellcheck source=lib.sh
source "$bench_dir/lib.sh"   # JAVA, jar, ensure_jar, go_run_program, ...

ensure_jar run-user.sh

n="${1:-1000000}"
runs="${2:-5}"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

for impl in ${USER_IMPLS:-goroutines jox jdk}; do
    "$JAVA" --add-opens java.base/java.lang=ALL-UNNAMED -cp "$jar" \
        io.goroutines.benchmarks.chan.UserShaped "$impl" "$n" "$runs" | tee -a "$out"
done
if [[ "${USER_GO:-1}" != 0 ]] && command -v go >/dev/null; then
    go_run_program user_shaped.go -n "$n" -runs "$runs" | tee -a "$out"
else
    echo "run-user.sh: no Go run (go not on PATH, or USER_GO=0)" >&2
fi

awk '
    { split($4, m, "="); v[$2 " " $3] = m[2]; shapes[$3] = 1 }
    function cell(x) { return x == "" ? "-" : x }
    function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "-" : sprintf("%.2f", a / b) }
    END {
        printf "\n%-9s %8s %8s %8s %8s %9s %9s %9s\n", "shape", "ours", "Jox", "JDK", "Go", "ours/Jox", "ours/JDK", "ours/Go"
        n = split("pingpong prodcons select", order, " ")
        for (i = 1; i <= n; i++) {
            s = order[i]
            if (!(s in shapes)) continue
            o = v["goroutines " s]; j = v["jox " s]; k = v["jdk " s]; g = v["go " s]
            printf "%-9s %8s %8s %8s %8s %9s %9s %9s\n", s, cell(o), cell(j), cell(k), cell(g), ratio(o, j), ratio(o, k), ratio(o, g)
        }
        print "(ns per element, medians of the runs; one process per implementation)"
    }' "$out"
