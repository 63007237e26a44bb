#!/usr/bin/env bash
# run-sync.sh: runs the sync benchmarks for both impls in one JMH run:
#   io.goroutines.benchmarks.sync.SyncBenchmarks: ports of the benchmarks of Go's
#     src/sync/mutex_test.go, rwmutex_test.go, waitgroup_test.go, once_test.go and
#     cond_test.go: MutexUncontended, Mutex, MutexSlack, MutexWork, RWMutexUncontended,
#     RWMutexWrite100, WaitGroupUncontended, WaitGroupAddDone, Once, Cond1 ... Cond32;
#   io.goroutines.benchmarks.sync.SemaphoreBenchmarks: ports of golang.org/x/sync's
#     semaphore/semaphore_bench_test.go (the Weighted rows): NewSeq/Weighted-CAP and
#     AcquireSeq/Weighted-{acquire,tryAcquire}-CAP-SIZE-N.
# goroutines = our io.goroutines.sync types on Go.go goroutines; jdk = ReentrantLock,
# ReentrantReadWriteLock, a Phaser as WaitGroup, a double-checked volatile flag as Once,
# a ReentrantLock's Condition as Cond and java.util.concurrent.Semaphore, on JDK
# virtual threads. Then, if a Go toolchain is installed, runs Go's own benchmarks of
# the same names: src/sync's from its GOROOT, and x/sync's semaphore benchmarks from
# the golang.org/x/sync module (see SYNC_XSYNC_DIR). Prints one table:
#   benchmark | ours | JDK | Go | ours/JDK | ours/Go      (ns/op as Go counts it)
#
# Usage: benchmarks/run-sync.sh [JMH options...]
#   e.g. benchmarks/run-sync.sh                              # the classes' settings
#        benchmarks/run-sync.sh -f 1 -wi 1 -i 1 -w 1 -r 1    # a short smoke run
#        benchmarks/run-sync.sh -p impl=jdk                  # one impl only
#        SYNC_BENCH='mutex' benchmarks/run-sync.sh           # the four Mutex ones only
#        SYNC_BENCH='cond|Seq' benchmarks/run-sync.sh        # Cond and the semaphore ones
# Extra arguments go to JMH as they are (after the benchmark regexp). A regexp among
# them would add to the default one (JMH ORs them): narrow with SYNC_BENCH instead.
#
# Go, src/sync: used only when `go` is on PATH (Debian: apt-get install golang-go), and
# not when SYNC_GO=0. It runs after JMH, never at the same time, as
#   cd "$(go env GOROOT)/src/sync" &&
#   go test -run '^$' -bench '^Benchmark(<the names JMH ran>)$' -benchtime=B -count=C .
# (no build tags needed: the package's tests build as they are, Go 1.19 and later).
# B and C follow JMH's -r (measurement time, default 1s) and -i (measurement
# iterations, default 5) when given, so a smoke run stays short; SYNC_GO_BENCHTIME and
# SYNC_GO_COUNT override them (e.g. SYNC_GO_BENCHTIME=1x). GOMAXPROCS: Go's default
# (the number of CPUs) unless set, which our runtime obeys as well. The first run
# compiles the package's tests (a few seconds); the build cache is `go env GOCACHE`
# when writable, else benchmarks/target/go-cache. The benchmarks have the same names
# and bodies in Go 1.19 and 1.23+; a benchmark missing from a GOROOT just leaves its Go
# cell empty.
#
# Go, x/sync's semaphore: x/sync is not in GOROOT. When JMH ran a SemaphoreBenchmarks
# method, `go test golang.org/x/sync/semaphore -bench '^Benchmark(NewSeq|AcquireSeq)$/^Weighted-'`
# runs in a scratch module (benchmarks/target/xsync-bench) that requires
# golang.org/x/sync $xsync_version (the last release whose go.mod asks for Go 1.18, so
# Go 1.19 builds it; its semaphore is the same as today's). The module comes from
# SYNC_XSYNC_DIR when set (a checkout or unpacked copy of golang.org/x/sync, used through
# a replace directive: no network), else from the module cache or GOPROXY. Offline and
# without SYNC_XSYNC_DIR those rows just have no Go cell.
#
# Environment:
#   JAVA_HOME          used when it is a JDK 21+; else the newest 21+ under /usr/lib/jvm
#   SYNC_BENCH         a regexp narrowing the benchmarks within the package (JMH's
#                      regexp becomes 'io\.goroutines\.benchmarks\.sync\..*(?:RE)');
#                      e.g. 'mutexSlack', 'Uncontended$', 'waitGroup|once', 'cond', 'Seq'
#   SYNC_RESULTS       where JMH writes its JSON (default target/jmh-sync-<time>.json);
#                      Go's output goes beside it, as <same name>-go.txt
#   SYNC_GO            0: do not run Go's benchmarks even when go is installed
#   SYNC_GO_BENCHTIME  go test -benchtime (default: JMH's -r, else 1s)
#   SYNC_GO_COUNT      go test -count (default: JMH's -i, else 5)
#   SYNC_XSYNC_DIR     a directory holding golang.org/x/sync's source (its go.mod at the
#                      top), for the semaphore rows without network
#
# Builds benchmarks/target/benchmarks.jar first when it is missing (delete the jar,
# or run mvn yourself, to pick up source changes).
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$bench_dir")"

# Go's names of the ported src/sync benchmarks, in the order of mutex_test.go,
# rwmutex_test.go, waitgroup_test.go, once_test.go, cond_test.go: the table's order, and
# the only names passed to `go test -bench` in GOROOT. A JMH method of SyncBenchmarks is
# its Go name in lowerCamelCase (rwMutexWrite100): names are matched without regard to
# case. SemaphoreBenchmarks' rows are named from their parameters (see that class) and
# follow these in the table.
go_names=(MutexUncontended Mutex MutexSlack MutexWork
          RWMutexUncontended RWMutexWrite100
          WaitGroupUncontended WaitGroupAddDone
          Once
          Cond1 Cond2 Cond4 Cond8 Cond16 Cond32)

# The golang.org/x/sync release whose semaphore benchmarks Go runs (see above).
xsync_version=v0.11.0

# shellcheck source=lib.sh
source "$bench_dir/lib.sh"   # JAVA, jar, ensure_jar, go_std_bench, ...
java="$JAVA"
java_home="$(dirname "$(dirname "$java")")"

command -v python3 >/dev/null || { echo "run-sync.sh: python3 is needed to print the table" >&2; exit 1; }

ensure_jar run-sync.sh

results="${SYNC_RESULTS:-$bench_dir/target/jmh-sync-$(date +%Y%m%d-%H%M%S).json}"
mkdir -p "$(dirname "$results")"
results="$(cd "$(dirname "$results")" && pwd)/$(basename "$results")"
go_results="${results%.json}-go.txt"
rm -f "$results" "$go_results"

echo "run-sync.sh: $("$java" -version 2>&1 | head -n 1) ($java_home)" >&2
bench='io\.goroutines\.benchmarks\.sync\.'
[[ -n "${SYNC_BENCH:-}" ]] && bench="$bench.*(?:$SYNC_BENCH)"
# JMH exits non-zero when a benchmark failed (impl=goroutines before the sync package
# lands): the others' results are still in the JSON, so go on to Go and the table.
jmh_status=0
"$java" -jar "$jar" "$bench" -rf json -rff "$results" "$@" || jmh_status=$?

if [[ ! -s "$results" ]]; then
    exit "$jmh_status"    # nothing was run (-l, -h, -lp ..., or JMH failed): no table to print
fi

# ---- Go's own benchmarks, when a toolchain is there ------------------------------
run_go() {
    go_bench_settings SYNC "$@"   # go_count, go_benchtime

    # Only the benchmarks JMH ran (a -p or SYNC_BENCH may have narrowed them), whether
    # or not they succeeded: JMH's JSON lists only those that produced a score, so a
    # benchmark that failed for every impl is left out of Go's run too.
    local ran semaphore
    ran="$(python3 - "$results" "${go_names[@]}" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))
known = sys.argv[2:]
ran = {r["benchmark"].rsplit(".", 1)[1].lower() for r in runs if ".SyncBenchmarks." in r["benchmark"]}
print("|".join(n for n in known if n.lower() in ran))
PY
)"
    semaphore="$(python3 - "$results" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))
print("yes" if any(".SemaphoreBenchmarks." in r["benchmark"] for r in runs) else "")
PY
)"
    : > "$go_results"
    if [[ -n "$ran" ]]; then
        go_std_bench run-sync.sh sync "$ran" "$go_results.std"
        [[ -s "$go_results.std" ]] && cat "$go_results.std" >> "$go_results"
        rm -f "$go_results.std"
    fi
    if [[ -n "$semaphore" ]]; then
        run_go_xsync >> "$go_results" || true
    fi
    [[ -s "$go_results" ]] || rm -f "$go_results"
}

# x/sync's semaphore benchmarks (the Weighted rows) in a scratch module; output to
# stdout (and the terminal). Says why and returns 1 when the module is not available.
run_go_xsync() {
    local mod="$bench_dir/target/xsync-bench" gocache flags=()
    gocache="$(go_cache)"
    mkdir -p "$mod"
    {
        echo "module xsyncbench"
        echo
        echo "go 1.19"
        echo
        echo "require golang.org/x/sync $xsync_version"
        if [[ -n "${SYNC_XSYNC_DIR:-}" ]]; then
            echo
            echo "replace golang.org/x/sync => $(cd "$SYNC_XSYNC_DIR" && pwd)"
        fi
    } > "$mod/go.mod"
    rm -f "$mod/go.sum"
    # -mod=mod lets go record the module's checksum in go.sum when it downloads it.
    [[ -n "${SYNC_XSYNC_DIR:-}" ]] || flags=(-mod=mod)
    echo >&2
    echo "run-sync.sh: $(go version), golang.org/x/sync $xsync_version${SYNC_XSYNC_DIR:+ from $SYNC_XSYNC_DIR}:" \
        "-bench '^Benchmark(NewSeq|AcquireSeq)\$/^Weighted-' -benchtime=$go_benchtime -count=$go_count" >&2
    if ! (cd "$mod" && GOCACHE="$gocache" GOFLAGS= GO111MODULE=on go test "${flags[@]}" \
              -run '^$' -bench '^Benchmark(NewSeq|AcquireSeq)$/^Weighted-' \
              -benchtime="$go_benchtime" -count="$go_count" golang.org/x/sync/semaphore 2>&1) | tee /dev/stderr; then
        echo "run-sync.sh: go test of golang.org/x/sync/semaphore failed (offline? set SYNC_XSYNC_DIR to a copy" \
            "of golang.org/x/sync); the semaphore rows have no Go column" >&2
        return 1
    fi
}

if [[ "${SYNC_GO:-1}" != 0 ]] && command -v go >/dev/null; then
    run_go "$@"
elif [[ "${SYNC_GO:-1}" != 0 ]]; then
    echo "run-sync.sh: no Go toolchain on PATH: the table has no Go column" >&2
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
go_name_of = {n.lower(): n for n in known}     # rwmutexwrite100 -> RWMutexWrite100
with open(results) as f:
    runs = json.load(f)

def semaphore_name(method, params):
    """Go's sub-benchmark name of a SemaphoreBenchmarks row (see that class), or None."""
    if method == "newSeq" and "cap" in params:
        return "NewSeq/Weighted-" + params.pop("cap")
    if method in ("acquireSeq", "tryAcquireSeq") and "shape" in params:
        op = "acquire" if method == "acquireSeq" else "tryAcquire"
        return "AcquireSeq/Weighted-" + op + "-" + params.pop("shape")
    return None

rows = {}    # Go name (+ other params) -> {impl: (score, error)}
semaphore_order = []
for r in runs:
    params = dict(r.get("params") or {})
    impl = params.pop("impl", "?")
    method = r["benchmark"].rsplit(".", 1)[1]
    name = None
    if ".SemaphoreBenchmarks." in r["benchmark"]:
        name = semaphore_name(method, params)
        if name is not None and name not in semaphore_order:
            semaphore_order.append(name)
    if name is None:
        name = go_name_of.get(method.lower(), method[0].upper() + method[1:])
    if params:
        name += " (" + ", ".join(f"{k}={v}" for k, v in sorted(params.items())) + ")"
    pm = r["primaryMetric"]
    if pm.get("scoreUnit") != "ns/op":
        name += f" [{pm.get('scoreUnit')}]"
    rows.setdefault(name, {})[impl] = (num(pm["score"]), num(pm.get("scoreError")))

go = {}      # Go name -> [ns/op of each -count run]
if go_results and os.path.exists(go_results):
    # "BenchmarkName-P  N  X ns/op": Go appends -GOMAXPROCS to the name unless it is 1,
    # and sub-benchmark names end in numbers of their own (Weighted-acquire-1-1-1), so
    # the suffix is told apart by the names the table expects.
    line = re.compile(r"^Benchmark(\S+)\s+\d+\s+([\d.]+) ns/op")
    expected = set(rows)
    with open(go_results) as f:
        for l in f:
            m = line.match(l)
            if not m:
                continue
            name = m.group(1)
            if name not in expected:
                name = re.sub(r"-\d+$", "", name)
            go.setdefault(name, []).append(float(m.group(2)))
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

if not rows:
    print("No benchmark produced a score (see the JMH log above; until io.goroutines.sync "
          "is implemented, every impl=goroutines trial fails in its set-up).")
    sys.exit(0)

order = [n for n in known if n in rows] + [n for n in semaphore_order if n in rows] \
      + sorted(n for n in rows if n not in known and n not in semaphore_order)
head = ["benchmark", "ours", "JDK"] + (["Go"] if have_go else []) \
     + ["ours/JDK"] + (["ours/Go"] if have_go else [])
table = [head]
for name in order:
    o, j = (rows[name].get(k) for k in ("goroutines", "jdk"))
    ours = o[0] if o else None
    row = [name, cell(o), cell(j)]
    gs, gmean = go_cell(go.get(name))
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
print("ns/op as Go counts it: wall time per pb.Next() iteration of b.RunParallel, all "
      "goroutines together; for Cond*, per round of all its goroutines; for the semaphore "
      "rows (sequential, one goroutine), per iteration of Go's loop (see each method's "
      "comment in SyncBenchmarks and SemaphoreBenchmarks). Lower is better; a ratio < 1 "
      "means ours is faster.")
print("ours/JDK: JMH score ± 99.9% confidence half-interval ('n/a': too few iterations). "
      + ("Go: mean ± standard deviation of the -count runs. " if have_go else "")
      + "'-': not run or failed (see the JMH log above).")
if "MutexWork" in rows and have_go:
    print("MutexWork: Go's compiler drops the benchmark's dead local work (an empty "
          "100-step loop remains); the port keeps it (see SyncBenchmarks).")
PY
exit "$jmh_status"
