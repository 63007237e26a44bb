#!/usr/bin/env bash
# run-http.sh: one embedded Jetty 12 server, three ways to run its requests, under the
# same wrk load. The server is the jetty sample (samples/.../Jetty.java, built into
# samples/target/goroutines-samples.jar; Jetty stays a dependency of the samples only):
#
#   goroutines  Jetty's QueuedThreadPool with its virtual-threads executor set to
#               Executors.newThreadPerTaskExecutor(GoRuntime.threadFactory()): every
#               request is a goroutine on our scheduler
#   vthreads    the same hook with Executors.newVirtualThreadPerTaskExecutor(): JDK
#               virtual threads on the JDK's scheduler (Jetty's usual virtual-thread set-up)
#   platform    no virtual-threads executor: Jetty's default pool of platform threads
#
# and, for the netpoll issue's httpd target, two minimal HTTP/1.1 hello-world servers
# without a framework (not in the default set; name them in -servers):
#
#   httpd       the httpd sample (samples/.../Httpd.java): io.goroutines.net, a
#               goroutine per connection, parked on the runtime's network poller
#   go-nethttp  Go's net/http (benchmarks/src/main/go/http_hello.go), the reference
#               for httpd
#
# For each server and each connection count it starts the server on 127.0.0.1, waits
# (bounded) until its port accepts, loads it with wrk (-t THREADS -c CONNS) for WARMUP
# seconds (not measured), then for DURATION seconds with --latency, stops the server,
# and at the end prints a table: requests per second, latency p50, p90 and p99 (wrk's
# own percentiles), errors (socket errors and non-2xx answers).
#
# Pinned runs (the default) put the server on CPU HTTP_SERVER_CPU (0) and wrk on CPU
# HTTP_CLIENT_CPU (1) with taskset -c, so each sees one processor: the JVM then picks
# the Serial GC, GOMAXPROCS is 1, and the JDK's virtual-thread scheduler has one
# carrier. -unpinned adds the same runs without taskset. On a machine shared with other
# work the numbers are indicative only.
#
# Usage: benchmarks/run-http.sh [-c "100 1000"] [-duration 5] [-warmup 2] [-threads 1]
#                               [-servers "goroutines vthreads platform"] [-path /]
#                               [-unpinned] [-unpinned-only]
#   -c          connection counts (space- or comma-separated); default 100
#   -duration   seconds measured per run; -warmup: seconds of load before it
#   -threads    wrk's threads (-t); at most the smallest connection count
#   -servers    which servers, in this order (goroutines vthreads platform httpd go-nethttp)
#   -path       the request: / (Hello, World!, the default), or e.g.
#               '/search?q=golang&latency=1ms&timeout=1s' for the handler that fans out
#               to two goroutines under a Context deadline
#   -unpinned   runs every case pinned, then unpinned; -unpinned-only: unpinned only
#
# Example: benchmarks/run-http.sh -c 100 -duration 5 -warmup 2
#
# Environment:
#   JAVA_HOME          used when it is a JDK 21+; else the newest 21+ under /usr/lib/jvm
#   HTTP_SERVER_CPU    CPU of the server when pinned (0); HTTP_CLIENT_CPU: wrk's (1)
#   HTTP_PORT          first port to try (default: random in 20000-29999); each run takes
#                      a port that nothing listens on
#   HTTP_START_TIMEOUT seconds the server may take to accept (30)
#
# Without wrk nothing runs: the script says so and exits 0. Builds the samples jar when
# it is missing or has no jetty sample. Every wait is bounded, and an EXIT trap kills
# the server and wrk it started. Linux only (taskset, /dev/tcp probes).
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$bench_dir")"

# shellcheck source=lib.sh
source "$bench_dir/lib.sh"   # JAVA, java_major, start_work, await_server, ...

me=run-http.sh
counts="100"
duration=5
warmup=2
threads=1
servers="goroutines vthreads platform"
path="/"
pin_modes="yes"
while (($#)); do
    flag="${1#-}"
    flag="${flag#-}"
    case "$flag" in
        c) counts="${2:?-c needs a value}"; shift ;;
        duration) duration="${2:?-duration needs a value}"; shift ;;
        warmup) warmup="${2:?-warmup needs a value}"; shift ;;
        threads) threads="${2:?-threads needs a value}"; shift ;;
        servers) servers="${2:?-servers needs a value}"; shift ;;
        path) path="${2:?-path needs a value}"; shift ;;
        unpinned) pin_modes="yes no" ;;
        unpinned-only) pin_modes="no" ;;
        h | help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "$me: unknown flag $1 (see -help)" >&2; exit 2 ;;
    esac
    shift
done
counts="${counts//,/ }"
for n in $counts; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "$me: -c takes positive integers, not '$n'" >&2; exit 2; }
    ((n >= threads)) || { echo "$me: wrk needs at least as many connections as threads (-threads $threads)" >&2; exit 2; }
done
[[ "$duration" =~ ^[1-9][0-9]*$ && "$warmup" =~ ^[0-9]+$ && "$threads" =~ ^[1-9][0-9]*$ ]] ||
    { echo "$me: -duration (>= 1), -warmup and -threads take whole numbers (wrk's unit is the second)" >&2; exit 2; }
for s in $servers; do
    case "$s" in
        goroutines | vthreads | platform | httpd | go-nethttp) ;;
        *) echo "$me: unknown server $s (goroutines, vthreads, platform, httpd, go-nethttp)" >&2; exit 2 ;;
    esac
done
[[ "$path" == /* ]] || { echo "$me: -path must start with /" >&2; exit 2; }

if ! command -v wrk >/dev/null; then
    echo "$me: wrk not found on PATH (apt-get install wrk): nothing to load the servers with; skipping" >&2
    exit 0
fi

start_work   # work, server_pid, client_pid, and the EXIT trap that stops them

# The server: the samples jar, rebuilt when it predates the jetty sample.
samples_jar="$repo_dir/samples/target/goroutines-samples.jar"
if [[ ! -f "$samples_jar" ]] || ! grep -aq 'io/goroutines/samples/Jetty.class' "$samples_jar"; then
    echo "$me: building $samples_jar (missing, or without the jetty sample)" >&2
    (cd "$repo_dir" && mvn -B -q -ntp -pl samples -am package -DskipTests)
fi
if [[ " $servers " == *" go-nethttp "* ]]; then
    if command -v go >/dev/null; then
        go_build_program http_hello.go "$bench_dir/target/go-bin/http_hello"
    else
        echo "$me: go not found on PATH: go-nethttp skipped" >&2
        servers="${servers//go-nethttp/}"
    fi
fi
echo "$me: $("$JAVA" -version 2>&1 | head -n 1); $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)" >&2

max_conns=0
for n in $counts; do ((n > max_conns)) && max_conns=$n; done
raise_fds "$max_conns"

server_cpu="${HTTP_SERVER_CPU:-0}"
client_cpu="${HTTP_CLIENT_CPU:-1}"
check_pinning "$server_cpu" "$client_cpu"
[[ -n "${pin_modes// /}" ]] || { echo "$me: nothing to run" >&2; exit 1; }

next_port=${HTTP_PORT:-$((20000 + RANDOM % 10000))}   # pick_port's first try
start_timeout="${HTTP_START_TIMEOUT:-30}"
results="$work/results"
: >"$results"

# wrk_bounded OUT ARGS...: wrk in the background (so that the EXIT trap can stop it),
# bounded by its duration plus a minute, output to OUT; returns wrk's status.
wrk_bounded() {
    local out="$1" secs="$2" status=0
    shift 2
    timeout -k 5 $((secs + 60)) "${cli_prefix[@]}" wrk "$@" >"$out" 2>&1 &
    client_pid=$!
    wait "$client_pid" || status=$?
    client_pid=""
    return "$status"
}

# run_case SERVER CONNS PINNED: one line in $results, "SERVER CONNS PINNED STATUS [k=v ...]".
run_case() {
    local server="$1" conns="$2" pinned="$3"
    local log="$work/$server-$conns-$pinned.log" srv_prefix=() status
    cli_prefix=()
    if [[ "$pinned" == yes ]]; then
        srv_prefix=(taskset -c "$server_cpu")
        cli_prefix=(taskset -c "$client_cpu")
    fi
    pick_port
    local url="http://127.0.0.1:$port$path"
    echo
    echo "== $server, $conns connections, pinned: $pinned, $url"
    case "$server" in
        httpd) "${srv_prefix[@]}" "$JAVA" -jar "$samples_jar" httpd -addr "127.0.0.1:$port" >"$log" 2>&1 & ;;
        go-nethttp) "${srv_prefix[@]}" "$bench_dir/target/go-bin/http_hello" -addr "127.0.0.1:$port" >"$log" 2>&1 & ;;
        *) "${srv_prefix[@]}" "$JAVA" -jar "$samples_jar" jetty -addr "127.0.0.1:$port" \
               -executor "$server" >"$log" 2>&1 & ;;
    esac
    server_pid=$!

    local not_up=0   # 1: the server exited, 2: it did not accept in time
    await_server "$server_pid" "$log" "$port" "$start_timeout" || not_up=$?
    if ((not_up == 1)); then
        server_pid=""
        echo "$me: $server exited with status $server_status before accepting:" >&2
        tail -n 20 "$log" >&2
        echo "$server $conns $pinned failed server exited ($server_status) before accepting" >>"$results"
        return 0
    elif ((not_up == 2)); then
        echo "$me: $server did not accept on port $port within ${start_timeout}s" >&2
        stop_pid "$server_pid"
        server_pid=""
        echo "$server $conns $pinned failed no accept within ${start_timeout}s" >>"$results"
        return 0
    fi
    head -n 1 "$log"

    local out="$work/wrk.out"
    if ((warmup > 0)); then
        wrk_bounded "$out" "$warmup" -t"$threads" -c"$conns" -d"${warmup}s" "$url" || true
    fi
    status=0
    wrk_bounded "$out" "$duration" -t"$threads" -c"$conns" -d"${duration}s" --latency "$url" || status=$?
    cat "$out"
    stop_pid "$server_pid"   # SIGTERM: the server stops Jetty and prints its summary
    server_pid=""
    tail -n 1 "$log"
    if ((status != 0)) || ! grep -q '^Requests/sec:' "$out"; then
        echo "$me: wrk failed (status $status)" >&2
        echo "$server $conns $pinned failed wrk status $status" >>"$results"
        return 0
    fi
    # wrk's report: "Requests/sec: N", the "Latency Distribution" lines "50% 1.10ms",
    # "Socket errors: connect A, read B, write C, timeout D", "Non-2xx or 3xx responses: N".
    awk -v s="$server" -v c="$conns" -v p="$pinned" '
        /^Requests\/sec:/ { rps = $2 }
        $1 == "50%" { p50 = $2 } $1 == "90%" { p90 = $2 } $1 == "99%" { p99 = $2 }
        /Socket errors:/ { gsub(",", ""); errs += $4 + $6 + $8 + $10 }
        /Non-2xx or 3xx responses:/ { errs += $NF }
        END { printf "%s %s %s ok rps=%s p50=%s p90=%s p99=%s errors=%d\n", s, c, p, rps, p50, p90, p99, errs }
    ' "$out" >>"$results"
}

for pinned in $pin_modes; do
    for server in $servers; do
        for conns in $counts; do
            run_case "$server" "$conns" "$pinned"
        done
    done
done

echo
echo "$me: GET $path, wrk -t$threads, ${duration}s measured after ${warmup}s of warm-up;" \
    "pinned: server on CPU $server_cpu, wrk on CPU $client_cpu"
awk '
    BEGIN { printf "%-11s %6s %6s %11s %9s %9s %9s %7s\n", "server", "conns", "pinned", "req/s", "p50", "p90", "p99", "errors" }
    {
        if ($4 != "ok") {
            reason = ""
            for (i = 5; i <= NF; i++) reason = reason (i > 5 ? " " : "") $i
            printf "%-11s %6s %6s %s: %s\n", $1, $2, $3, $4, reason
            next
        }
        delete f
        for (i = 5; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
        printf "%-11s %6s %6s %11s %9s %9s %9s %7s\n", $1, $2, $3, f["rps"], f["p50"], f["p90"], f["p99"], f["errors"]
    }
' "$results"
echo "(indicative only: one run each, on a machine shared with other work; latency percentiles are wrk's)"
if grep -q ' failed ' "$results"; then
    exit 1
fi
