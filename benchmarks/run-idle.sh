#!/usr/bin/env bash
# run-idle.sh: CPU used by an idle goroutines runtime (io.goroutines.benchmarks.sched.IdleCpu):
# the process's CPU time over SECONDS (default 10) before the runtime starts and after
# it has run and gone idle, as a percentage of one core, plus the share of the runtime's
# own threads. Target: under 1% of one core.
#
# Usage: benchmarks/run-idle.sh [SECONDS]
#
# Builds benchmarks/target/benchmarks.jar first when it is missing.
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$bench_dir")"

# shellcheck source=lib.sh
source "$bench_dir/lib.sh"   # JAVA, jar, ensure_jar, go_std_bench, ...

ensure_jar run-idle.sh

"$JAVA" --add-opens java.base/java.lang=ALL-UNNAMED -cp "$jar" io.goroutines.benchmarks.sched.IdleCpu "$@"
