#!/usr/bin/env bash
# run-chan.sh: runs the channel benchmarks (package io.goroutines.benchmarks.chan:
# ChanBenchmarks and SelectBenchmarks, ports of the benchmarks of Go's
# src/runtime/chan_test.go) for every impl in one JMH run: goroutines (our Chan and
# Go.select on Go.go goroutines), jox (Jox channels on JDK virtual threads) and jdk
# (SynchronousQueue / ArrayBlockingQueue on virtual threads; no select benchmarks).
# Then, if a Go toolchain is installed, runs Go's own benchmarks of the same names
# from its GOROOT. Prints one table:
#   benchmark | ours | Jox | JDK | Go | ours/Jox | ours/JDK | ours/Go   (Go's ns/op)
#
# Usage: benchmarks/run-chan.sh [JMH options...]
#   e.g. benchmarks/run-chan.sh                              # the classes' settings
#        benchmarks/run-chan.sh -f 1 -wi 1 -i 1 -w 1 -r 1    # a short smoke run
#        benchmarks/run-chan.sh -p impl=jox,jdk              # some impls only
#        CHAN_BENCH='ProdCons' benchmarks/run-chan.sh          # some benchmarks only
# Extra arguments go to JMH as they are (after the benchmark regexp). A regexp among
# them would add to the default one (JMH ORs them): narrow with CHAN_BENCH instead.
#
# Go: used only when `go` is on PATH (Debian: apt-get install golang-go), and not
# when CHAN_GO=0. It runs after JMH, never at the same time, as
#   cd "$(go env GOROOT)/src/runtime" &&
#   go test -run '^$' -bench '^Benchmark(<the names JMH ran>)$' -benchtime=B -count=C .
# where B and C follow JMH's -r (measurement time, default 1s) and -i (measurement
# iterations, default 5) when given, so a smoke run stays short; CHAN_GO_BENCHTIME and
# CHAN_GO_COUNT override them. Go's benchmarks run with Go's default GOMAXPROCS (the
# number of CPUs) unless GOMAXPROCS is set, which our runtime obeys as well. The first
# run compiles the runtime's tests (about 30 s); the build cache is `go env GOCACHE`
# when writable, else benchmarks/target/go-cache. A benchmark missing from an older
# GOROOT just leaves its Go cell empty.
#
# Environment:
#   JAVA_HOME          used when it is a JDK 21+; else the newest 21+ under /usr/lib/jvm
#   CHAN_BENCH         a regexp narrowing the benchmarks within the package (JMH's
#                      regexp becomes 'io\.goroutines\.benchmarks\.chan\..*(?:RE)');
#                      e.g. 'ChanProdCons', 'chanSync$', 'SelectBenchmarks'
#   CHAN_RESULTS       where JMH writes its JSON (default target/jmh-chan-<time>.json);
#                      Go's output goes beside it, as <same name>-go.txt
#   CHAN_GO            0: do not run Go's benchmarks even when go is installed
#   CHAN_GO_BENCHTIME  go test -benchtime (default: JMH's -r, else 1s)
#   CHAN_GO_COUNT      go test -count (default: JMH's -i, else 5)
#
# Builds benchmarks/target/benchmarks.jar first when it is missing (delete the jar,
# or run mvn yourself, to pick up source changes).
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$bench_dir")"

# Go's names of the ported benchmarks, in chan_test.go's order: the table's order,
# and the only names passed to `go test -bench`.
go_names=(ChanNonblocking SelectUncontended SelectSyncContended SelectAsyncContended
          SelectNonblock ChanUncontended ChanContended ChanSync
          ChanProdCons0 ChanProdCons10 ChanProdCons100
          ChanProdConsWork0 ChanProdConsWork10 ChanProdConsWork100 SelectProdCons
          ChanCreation ChanSem ChanPopular ChanClosed)

# shellcheck source=lib.sh
source "$bench_dir/lib.sh"   # JAVA, jar, ensure_jar, go_std_bench, ...
java="$JAVA"
java_home="$(dirname "$(dirname "$java")")"

command -v python3 >/dev/null || { echo "run-chan.sh: python3 is needed to print the table" >&2; exit 1; }

ensure_jar run-chan.sh

results="${CHAN_RESULTS:-$bench_dir/target/jmh-chan-$(date +%Y%m%d-%H%M%S).json}"
mkdir -p "$(dirname "$results")"
results="$(cd "$(dirname "$results")" && pwd)/$(basename "$results")"
go_results="${results%.json}-go.txt"
rm -f "$go_results"

echo "run-chan.sh: $("$java" -version 2>&1 | head -n 1) ($java_home)" >&2
bench='io\.goroutines\.benchmarks\.chan\.'
[[ -n "${CHAN_BENCH:-}" ]] && bench="$bench.*(?:$CHAN_BENCH)"
"$java" -jar "$jar" "$bench" -rf json -rff "$results" "$@"

if [[ ! -s "$results" ]]; then
    exit 0    # nothing was run (-l, -h, -lp ...): no table to print
fi

# ---- Go's own benchmarks, when a toolchain is there ------------------------------
run_go() {
    go_bench_settings CHAN "$@"   # go_count, go_benchtime

    # Only the benchmarks JMH ran (a -p or an extra regexp may have narrowed them).
    local ran
    ran="$(python3 - "$results" "${go_names[@]}" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))
known = sys.argv[2:]
ran = {r["benchmark"].rsplit(".", 1)[1] for r in runs}
print("|".join(n for n in known if n[0].lower() + n[1:] in ran))
PY
)"
    [[ -n "$ran" ]] || return 0

    go_std_bench run-chan.sh runtime "$ran" "$go_results"
}

if [[ "${CHAN_GO:-1}" != 0 ]] && command -v go >/dev/null; then
    run_go "$@"
elif [[ "${CHAN_GO:-1}" != 0 ]]; then
    echo "run-chan.sh: no Go toolchain on PATH: the table has no Go column" >&2
fi

echo
echo "JMH results: $results"
[[ -s "$go_results" ]] && echo "Go results:  $go_results"
echo
python3 - "$results" "$go_results" "${go_names[@]}" <<'PY'
import json, math, os, re, statistics, sys

def num(x):
    try:
        return float(x)       # JMH writes "NaN" (a string) for an undefined error
    except (TypeError, ValueError):
        return math.nan

results, go_results, known = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(results) as f:
    runs = json.load(f)

rows = {}    # Go name (+ other params) -> {impl: (score, error)}
for r in runs:
    params = dict(r.get("params") or {})
    impl = params.pop("impl", "?")
    method = r["benchmark"].rsplit(".", 1)[1]
    name = method[0].upper() + method[1:]                # chanSync -> ChanSync, Go's name
    if params:
        name += " (" + ", ".join(f"{k}={v}" for k, v in sorted(params.items())) + ")"
    pm = r["primaryMetric"]
    if pm.get("scoreUnit") != "ns/op":
        name += f" [{pm.get('scoreUnit')}]"
    rows.setdefault(name, {})[impl] = (num(pm["score"]), num(pm.get("scoreError")))

go = {}      # Go name -> [ns/op of each -count run]
if go_results and os.path.exists(go_results):
    line = re.compile(r"^Benchmark(\w+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op")
    with open(go_results) as f:
        for l in f:
            m = line.match(l)
            if m:
                go.setdefault(m.group(1), []).append(float(m.group(2)))
have_go = bool(go)

def cell(v):
    if v is None:
        return "-"
    score, err = v
    return f"{score:,.1f} ± " + (f"{err:,.1f}" if not math.isnan(err) else "n/a")

def go_cell(xs):
    if not xs:
        return "-", None
    mean = statistics.fmean(xs)
    sd = statistics.stdev(xs) if len(xs) > 1 else math.nan
    return f"{mean:,.1f} ± " + (f"{sd:,.1f}" if not math.isnan(sd) else "n/a"), mean

def ratio(a, b):
    return f"{a / b:.2f}" if a is not None and b else "-"

order = [n for n in known if n in rows] + sorted(n for n in rows if n not in known)
head = ["benchmark", "ours", "Jox", "JDK"] + (["Go"] if have_go else []) \
     + ["ours/Jox", "ours/JDK"] + (["ours/Go"] if have_go else [])
table = [head]
for name in order:
    o, x, j = (rows[name].get(k) for k in ("goroutines", "jox", "jdk"))
    ours = o[0] if o else None
    row = [name, cell(o), cell(x), cell(j)]
    gs, gmean = go_cell(go.get(name))
    if have_go:
        row.append(gs)
    row += [ratio(ours, x and x[0]), ratio(ours, j and j[0])]
    if have_go:
        row.append(ratio(ours, gmean))
    table.append(row)

widths = [max(len(row[i]) for row in table) for i in range(len(head))]
for k, row in enumerate(table):
    print("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row)))
    if k == 0:
        print("  ".join("-" * w for w in widths))
print()
print("ns/op as Go counts it (per b.N iteration; see each benchmark's comment for what an op is). "
      "Lower is better; a ratio < 1 means ours is faster.")
print("ours/Jox/JDK: JMH score ± 99.9% confidence half-interval ('n/a': too few iterations). "
      + ("Go: mean ± standard deviation of the -count runs. " if have_go else "")
      + "'-': not run (JDK has no select) or failed (see the JMH log above).")
PY
