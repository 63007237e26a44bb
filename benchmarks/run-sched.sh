#!/usr/bin/env bash
# run-sched.sh: runs the scheduler benchmarks (package io.goroutines.benchmarks.sched:
# CreateGoroutines, PingPong) for both schedulers, gmp (Go.go on our G/M/P
# scheduler) and jdk (Thread.ofVirtual() on the JDK's default one), in one JMH run,
# then prints one table: benchmark | gmp ns/op | jdk ns/op | gmp/jdk.
#
# Usage: benchmarks/run-sched.sh [JMH options...]
#   e.g. benchmarks/run-sched.sh                              # the classes' settings
#        benchmarks/run-sched.sh -f 1 -wi 1 -i 1 -w 1 -r 1    # a short smoke run
#        benchmarks/run-sched.sh -p scheduler=gmp             # one side only
# Extra arguments go to JMH as they are (after the benchmark regexp).
#
# Environment:
#   JAVA_HOME     used when it is a JDK 21+; else the newest 21+ under /usr/lib/jvm
#   SCHED_RESULTS where JMH writes its JSON (default target/jmh-sched-<time>.json)
#
# Builds benchmarks/target/benchmarks.jar first when it is missing (delete the jar,
# or run mvn yourself, to pick up source changes).
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$bench_dir")"

# shellcheck source=lib.sh
source "$bench_dir/lib.sh"   # JAVA, jar, ensure_jar, go_std_bench, ...
java="$JAVA"
java_home="$(dirname "$(dirname "$java")")"

command -v python3 >/dev/null || { echo "run-sched.sh: python3 is needed to print the table" >&2; exit 1; }

ensure_jar run-sched.sh

results="${SCHED_RESULTS:-$bench_dir/target/jmh-sched-$(date +%Y%m%d-%H%M%S).json}"
mkdir -p "$(dirname "$results")"

echo "run-sched.sh: $("$java" -version 2>&1 | head -n 1) ($java_home)" >&2
"$java" -jar "$jar" 'io\.goroutines\.benchmarks\.sched\.' -rf json -rff "$results" "$@"

if [[ ! -s "$results" ]]; then
    exit 0    # nothing was run (-l, -h, -lp ...): no table to print
fi
echo
echo "JMH results: $results"
echo
python3 - "$results" <<'PY'
import json, math, sys

def num(x):
    try:
        v = float(x)          # JMH writes "NaN" (a string) for an undefined error
    except (TypeError, ValueError):
        return math.nan
    return v

with open(sys.argv[1]) as f:
    runs = json.load(f)

rows = {}    # (benchmark, other params) -> {scheduler: (score, error, unit)}
order = []
for r in runs:
    params = dict(r.get("params") or {})
    sched = params.pop("scheduler", "?")
    name = ".".join(r["benchmark"].split(".")[-2:])      # Class.method
    if params:
        name += " (" + ", ".join(f"{k}={v}" for k, v in sorted(params.items())) + ")"
    pm = r["primaryMetric"]
    if name not in rows:
        rows[name] = {}
        order.append(name)
    rows[name][sched] = (num(pm["score"]), num(pm.get("scoreError")), pm.get("scoreUnit", ""))

def cell(v):
    if v is None:
        return "-"
    score, err, unit = v
    s = f"{score:,.1f}"
    s += " ± " + (f"{err:,.1f}" if not math.isnan(err) else "n/a")
    return s + " " + unit

table = [("benchmark", "gmp", "jdk", "gmp/jdk")]
for name in order:
    g, j = rows[name].get("gmp"), rows[name].get("jdk")
    ratio = f"{g[0] / j[0]:.2f}" if g and j and j[0] else "-"
    table.append((name, cell(g), cell(j), ratio))

widths = [max(len(row[i]) for row in table) for i in range(4)]
for k, row in enumerate(table):
    print("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row)))
    if k == 0:
        print("  ".join("-" * w for w in widths))
print()
print("Lower is better; gmp/jdk < 1 means our scheduler is faster. "
      "'n/a' error: too few iterations for a confidence interval.")
PY
