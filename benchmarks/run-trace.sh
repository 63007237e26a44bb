#!/usr/bin/env bash
# run-trace.sh: what observability costs. Runs io.goroutines.benchmarks.trace.TraceOverhead
# (a goroutine ping-pong over two unbuffered channels) with nothing recorded, with
# the execution tracer on (GoRuntime.startTrace), and with a JFR recording of the
# runtime's events (META-INF/goroutines.jfc), in one JMH run, then prints one table:
# benchmark | off | trace | jfr | trace/off | jfr/off (ns per round trip, median of
# the iterations).
#
# Usage: benchmarks/run-trace.sh [JMH options...]
#   e.g. benchmarks/run-trace.sh -f 2        # two forks per recording mode
#
# Environment:
#   JAVA_HOME     used when it is a JDK 21+; else the newest 21+ under /usr/lib/jvm
#   TRACE_RESULTS where JMH writes its JSON (default target/jmh-trace-<time>.json)
#
# Builds benchmarks/target/benchmarks.jar first when it is missing. A traced
# iteration writes (and deletes) a JSON trace of about 250 MB in the temp directory.
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$bench_dir")"

# shellcheck source=lib.sh
source "$bench_dir/lib.sh"   # JAVA, jar, ensure_jar, go_std_bench, ...

command -v python3 >/dev/null || { echo "run-trace.sh: python3 is needed to print the table" >&2; exit 1; }

ensure_jar run-trace.sh

results="${TRACE_RESULTS:-$bench_dir/target/jmh-trace-$(date +%Y%m%d-%H%M%S).json}"
mkdir -p "$(dirname "$results")"

echo "run-trace.sh: $("$JAVA" -version 2>&1 | head -n 1)" >&2
"$JAVA" -jar "$jar" 'io\.goroutines\.benchmarks\.trace\.' -rf json -rff "$results" "$@"

if [[ ! -s "$results" ]]; then
    exit 0
fi
echo
echo "JMH results: $results"
echo
python3 - "$results" <<'PY'
import json, statistics, sys

with open(sys.argv[1]) as f:
    runs = json.load(f)

rows, order = {}, []
for r in runs:
    params = dict(r.get("params") or {})
    mode = params.pop("recording", "?")
    name = r["benchmark"].split(".")[-1]
    raw = [x for fork in r["primaryMetric"].get("rawData", []) for x in fork]
    med = statistics.median(raw) if raw else float(r["primaryMetric"]["score"])
    if name not in rows:
        rows[name] = {}
        order.append(name)
    rows[name][mode] = med

table = [("benchmark (ns/round trip, median)", "off", "trace", "jfr", "trace/off", "jfr/off")]
for name in order:
    m = rows[name]
    off = m.get("off")
    def c(k):
        return f"{m[k]:,.0f}" if k in m else "-"
    def ratio(k):
        return f"{m[k] / off:.2f}" if k in m and off else "-"
    table.append((name, c("off"), c("trace"), c("jfr"), ratio("trace"), ratio("jfr")))
widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
for k, row in enumerate(table):
    print("  ".join(x.ljust(widths[i]) if i == 0 else x.rjust(widths[i]) for i, x in enumerate(row)))
    if k == 0:
        print("  ".join("-" * w for w in widths))
PY
