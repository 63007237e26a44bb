#!/usr/bin/env bash
# run-time.sh: runs the time benchmarks (io.goroutines.benchmarks.time.TimeBenchmarks,
# ports of the benchmarks of Go's src/time/sleep_test.go and tick_test.go: AfterFunc,
# After, Stop, SimultaneousAfterFunc, StartStop, Reset, Sleep, Ticker) for every impl
# in one JMH run: goroutines (our io.goroutines.time.Time on Go.go goroutines) and jdk
# (a ScheduledThreadPoolExecutor and JDK virtual threads). Then, if a Go toolchain is
# installed, runs Go's own benchmarks of the same names from its GOROOT. Prints one
# table:
#   benchmark | ours | JDK | Go | ours/JDK | ours/Go      (ns/op as Go 1.19 counts it)
# With --all it then runs run-million-timers.sh and run-sleep-lateness.sh too (with
# their defaults; run those scripts yourself to pass them arguments).
#
# Usage: benchmarks/run-time.sh [--all] [JMH options...]
#   e.g. benchmarks/run-time.sh                              # the class's settings
#        benchmarks/run-time.sh -f 1 -wi 1 -i 1 -w 1 -r 1    # a short smoke run
#        benchmarks/run-time.sh -p impl=jdk                  # one impl only
#        TIME_BENCH='after$|sleep' benchmarks/run-time.sh    # some benchmarks only
#        benchmarks/run-time.sh --all                        # + MillionTimers, SleepLateness
# Extra arguments go to JMH as they are (after the benchmark regexp). A regexp among
# them would add to the default one (JMH ORs them): narrow with TIME_BENCH instead.
#
# Go: used only when `go` is on PATH (Debian: apt-get install golang-go), and not
# when TIME_GO=0. It runs after JMH, never at the same time, as
#   cd "$(go env GOROOT)/src/time" &&
#   go test -tags=timetzdata -run '^$' -bench '^Benchmark(<names>)$' -benchtime=B -count=C .
# (-tags=timetzdata: the time package's tests need the embedded zone database where
# the system has none, as on Debian.) B and C follow JMH's -r (measurement time,
# default 1s) and -i (measurement iterations, default 5) when given; TIME_GO_BENCHTIME
# and TIME_GO_COUNT override them. GOMAXPROCS: Go's default (the number of CPUs)
# unless set, which our runtime obeys as well. The first run compiles the package's
# tests (a few seconds); the build cache is `go env GOCACHE` when writable, else
# benchmarks/target/go-cache.
#
# Go versions. The ports have the shape of Go 1.19's benchmarks (Debian bookworm's
# golang-1.19): one op is one bench(1000) call, i.e. 1000 timer operations. Go 1.23
# reshaped them: AfterFunc, SimultaneousAfterFunc, StartStop and Sleep became
# AfterFunc1000 etc. with the same op, while After, Stop, Reset and Ticker now do one
# timer operation per op (Stop and Reset as sub-benchmarks impl=chan and impl=func).
# The table reads the GOROOT's test sources to tell: a ...1000 name counts as its
# 1.19 name, only the impl=chan sub-benchmarks are used (NewTimer, as ours), and a
# benchmark whose op is one timer operation has its ns/op multiplied by 1000, marked
# with * in the table (for Reset that leaves out the NewTimer and Stop of 1.19's op).
#
# Environment:
#   JAVA_HOME          used when it is a JDK 21+; else the newest 21+ under /usr/lib/jvm
#   TIME_BENCH         a regexp narrowing the benchmarks within the package (JMH's
#                      regexp becomes 'io\.goroutines\.benchmarks\.time\..*(?:RE)');
#                      e.g. 'afterFunc', 'stop$', 'sleep|ticker'
#   TIME_RESULTS       where JMH writes its JSON (default target/jmh-time-<time>.json);
#                      Go's output goes beside it, as <same name>-go.txt
#   TIME_GO            0: do not run Go (here, and in --all's scripts) even when installed
#   TIME_GO_BENCHTIME  go test -benchtime (default: JMH's -r, else 1s)
#   TIME_GO_COUNT      go test -count (default: JMH's -i, else 5)
#
#
# Builds benchmarks/target/benchmarks.jar first when it is missing (delete the jar,
# or run mvn yourself, to pick up source changes).
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$bench_dir")"

all=0
if [[ "${1:-}" == --all ]]; then
    all=1
    shift
fi

# Go's names of the ported benchmarks (Go 1.19), in the source's order: the table's
# order, and the names passed to `go test -bench` (with Go 1.23's ...1000 aliases).
go_names=(AfterFunc After Stop SimultaneousAfterFunc StartStop Reset Sleep Ticker)

# shellcheck source=lib.sh
source "$bench_dir/lib.sh"   # JAVA, jar, ensure_jar, go_std_bench, ...
java="$JAVA"
java_home="$(dirname "$(dirname "$java")")"

command -v python3 >/dev/null || { echo "run-time.sh: python3 is needed to print the table" >&2; exit 1; }

ensure_jar run-time.sh

results="${TIME_RESULTS:-$bench_dir/target/jmh-time-$(date +%Y%m%d-%H%M%S).json}"
mkdir -p "$(dirname "$results")"
results="$(cd "$(dirname "$results")" && pwd)/$(basename "$results")"
go_results="${results%.json}-go.txt"
rm -f "$go_results"

echo "run-time.sh: $("$java" -version 2>&1 | head -n 1) ($java_home)" >&2
bench='io\.goroutines\.benchmarks\.time\.'
[[ -n "${TIME_BENCH:-}" ]] && bench="$bench.*(?:$TIME_BENCH)"
"$java" -jar "$jar" "$bench" -rf json -rff "$results" "$@"

if [[ ! -s "$results" ]]; then
    exit 0    # nothing was run (-l, -h, -lp ...): no table to print
fi

# ---- Go's own benchmarks, when a toolchain is there ------------------------------
goroot=""
run_go() {
    go_bench_settings TIME "$@"   # go_count, go_benchtime

    # Only the benchmarks JMH ran (a -p or TIME_BENCH may have narrowed them), each
    # with its Go 1.23 name too.
    local ran
    ran="$(python3 - "$results" "${go_names[@]}" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))
known = sys.argv[2:]
ran = {r["benchmark"].rsplit(".", 1)[1] for r in runs}
names = [n for n in known if n[0].lower() + n[1:] in ran]
renamed = {"AfterFunc", "SimultaneousAfterFunc", "StartStop", "Sleep"}   # Go 1.23: ...1000
print("|".join(names + [n + "1000" for n in names if n in renamed]))
PY
)"
    [[ -n "$ran" ]] || return 0

    goroot="$(go env GOROOT)"   # the table reads the Go 1.23 aliases from it
    go_std_bench run-time.sh time "$ran" "$go_results" -tags=timetzdata
}

if [[ "${TIME_GO:-1}" != 0 ]] && command -v go >/dev/null; then
    run_go "$@"
elif [[ "${TIME_GO:-1}" != 0 ]]; then
    echo "run-time.sh: no Go toolchain on PATH: the table has no Go column" >&2
fi

echo
echo "JMH results: $results"
[[ -s "$go_results" ]] && echo "Go results:  $go_results"
echo
python3 - "$results" "$go_results" "$goroot" "${go_names[@]}" <<'PY'
import json, math, os, re, statistics, sys

def num(x):
    try:
        return float(x)       # JMH writes "NaN" (a string) for an undefined error
    except (TypeError, ValueError):
        return math.nan

results, go_results, goroot, known = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
with open(results) as f:
    runs = json.load(f)

rows = {}    # Go name (+ other params) -> {impl: (score, error)}
for r in runs:
    params = dict(r.get("params") or {})
    impl = params.pop("impl", "?")
    method = r["benchmark"].rsplit(".", 1)[1]
    name = method[0].upper() + method[1:]                # afterFunc -> AfterFunc, Go's name
    if params:
        name += " (" + ", ".join(f"{k}={v}" for k, v in sorted(params.items())) + ")"
    pm = r["primaryMetric"]
    if pm.get("scoreUnit") != "ns/op":
        name += f" [{pm.get('scoreUnit')}]"
    rows.setdefault(name, {})[impl] = (num(pm["score"]), num(pm.get("scoreError")))

# What one op of each Go benchmark is in this GOROOT: Go 1.19's benchmark(b, func(n
# int)) runs bench(1000) per op, as the ports do; Go 1.23's pb.Next() loops run one
# timer operation per op unless the body counts to 1000 itself (the ...1000 ones).
src = ""
for f in ("sleep_test.go", "tick_test.go"):
    p = os.path.join(goroot, "src", "time", f) if goroot else ""
    if p and os.path.exists(p):
        with open(p) as fh:
            src += fh.read()

def scale(go_name):
    m = re.search(r"^func Benchmark" + re.escape(go_name) + r"\(b \*testing\.B\) \{\n(.*?)^\}", src, re.M | re.S)
    if not m:
        return 1
    body = m.group(1)
    return 1000 if "pb.Next()" in body and "1000" not in body else 1

go = {}      # our name -> [ns per bench(1000) of each -count run]
scaled = set()
if go_results and os.path.exists(go_results):
    line = re.compile(r"^Benchmark(\w+?)(/[\w=]+)?(?:-\d+)?\s+\d+\s+([\d.]+) ns/op")
    with open(go_results) as f:
        for l in f:
            m = line.match(l)
            if not m:
                continue
            go_name, sub, ns = m.group(1), m.group(2), float(m.group(3))
            if sub and sub != "/impl=chan":
                continue                                  # Go 1.23's impl=func: not ours
            name = go_name[:-4] if go_name.endswith("1000") and go_name[:-4] in known else go_name
            k = scale(go_name)
            if k != 1:
                scaled.add(name)
            go.setdefault(name, []).append(ns * k)
have_go = bool(go)

def cell(v):
    if v is None:
        return "-"
    score, err = v
    return f"{score:,.1f} ± " + (f"{err:,.1f}" if not math.isnan(err) else "n/a")

def go_cell(name, xs):
    if not xs:
        return "-", None
    mean = statistics.fmean(xs)
    sd = statistics.stdev(xs) if len(xs) > 1 else math.nan
    mark = " *" if name in scaled else ""
    return f"{mean:,.1f} ± " + (f"{sd:,.1f}" if not math.isnan(sd) else "n/a") + mark, mean

def ratio(a, b):
    return f"{a / b:.2f}" if a is not None and b else "-"

order = [n for n in known if n in rows] + sorted(n for n in rows if n not in known)
head = ["benchmark", "ours", "JDK"] + (["Go"] if have_go else []) \
     + ["ours/JDK"] + (["ours/Go"] if have_go else [])
table = [head]
for name in order:
    o, j = (rows[name].get(k) for k in ("goroutines", "jdk"))
    ours = o[0] if o else None
    row = [name, cell(o), cell(j)]
    gs, gmean = go_cell(name, go.get(name))
    if have_go:
        row.append(gs)
    row.append(ratio(ours, j and j[0]))
    if have_go:
        row.append(ratio(ours, gmean))
    table.append(row)

widths = [max(len(row[i]) for row in table) for i in range(len(head))]
for k, row in enumerate(table):
    print("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row)))
    if k == 0:
        print("  ".join("-" * w for w in widths))
print()
print("ns/op as Go 1.19 counts it: one op is one bench(1000) call, 1000 timer operations "
      "(see each method's comment in TimeBenchmarks). Lower is better; a ratio < 1 means ours is faster.")
print("ours/JDK: JMH score ± 99.9% confidence half-interval ('n/a': too few iterations). "
      + ("Go: mean ± standard deviation of the -count runs. " if have_go else "")
      + "'-': not run or failed (see the JMH log above).")
if scaled:
    print("*: this GOROOT's benchmark does one timer operation per op (Go 1.23+); "
          "its ns/op is multiplied by 1000 to match.")
PY

if [[ "$all" == 1 ]]; then
    echo
    "$bench_dir/run-million-timers.sh"
    echo
    "$bench_dir/run-sleep-lateness.sh"
fi
